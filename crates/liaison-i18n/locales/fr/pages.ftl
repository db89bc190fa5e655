# Liaison — texte des pages web (français).
# Chaque dossier de langue contient les mêmes identifiants ; un test échoue si l'un manque ou n'est pas utilisé.

## Toutes les pages

site-name = Répertoire mondial et intergouvernemental de points de contact
nav-skip-to-content = Aller au contenu
nav-main = Navigation principale
nav-directory = Répertoire
nav-my-state = Mon État
nav-admin = Gestion du répertoire
nav-account = Mon compte
nav-sign-out = Se déconnecter
nav-sign-in = Se connecter
nav-languages = Langue
footer-source = Établi en application de l'annexe A du deuxième rapport d'activité annuel du Groupe de travail à composition non limitée sur la sécurité du numérique et de son utilisation (A/78/265).
footer-software = Liaison, logiciel libre du répertoire.

## Chaque langue est désignée dans sa propre langue, dans tous les fichiers.

language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## La page publique sur le mandat du répertoire (annexe A, par. 1 à 7).

mandate-title = Le répertoire mondial et intergouvernemental de points de contact pour la sécurité du numérique
mandate-intro = Les États Membres de l'Organisation des Nations Unies sont convenus, au sein du Groupe de travail à composition non limitée, de créer un répertoire mondial et intergouvernemental permettant aux États de joindre les points de contact les uns des autres pour les questions relatives à l'utilisation des technologies de l'information et des communications (TIC) dans le contexte de la paix et de la sécurité internationales.
mandate-purpose-heading = Objet
mandate-purpose-intro = Le répertoire constitue en soi une mesure de confiance et sert de fondement à d'autres mesures de cette nature qui contribuent à un environnement numérique ouvert, sûr, stable, accessible et pacifique. Il a pour objet :
mandate-purpose-cooperation = De renforcer l'interaction et la coopération entre les États et, ce faisant, de promouvoir la paix et la sécurité internationales et d'accroître la transparence et la prévisibilité ;
mandate-purpose-coordination = De faciliter la coordination et la communication entre les États, y compris en cas d'incident informatique urgent ou grave, afin d'instaurer la confiance, d'apaiser les tensions et de prévenir les malentendus et les perceptions erronées ;
mandate-purpose-exchange = D'intensifier l'échange d'informations afin que les États, notamment grâce au renforcement des capacités, soient mieux à même de prévenir et de détecter les incidents informatiques, d'y faire face et de s'en relever ;
mandate-purpose-channel = D'offrir aux États un moyen de communication sûr et direct qui aide à prévenir et à traiter les incidents informatiques graves, y compris ceux qui touchent des infrastructures critiques, et à désamorcer les tensions en situation de crise.
mandate-principles-heading = Principes
mandate-principle-voluntary-term = Participation volontaire
mandate-principle-voluntary = Chaque État décide s'il participe au répertoire et quelles informations il fournit.
mandate-principle-neutral-term = Caractère pratique et neutre
mandate-principle-neutral = Le répertoire est au service de tous les États participants sur un pied d'égalité. Le gestionnaire du répertoire exploite la plateforme et ne modifie pas les informations fournies par les États.
mandate-principle-sovereignty-term = Souveraineté
mandate-principle-sovereignty = Le répertoire est élaboré et utilisé conformément aux principes de souveraineté, d'égalité souveraine, de règlement des différends par des moyens pacifiques et de non-intervention dans les affaires intérieures des autres États.
mandate-principle-complementary-term = Complémentarité
mandate-principle-complementary = Le répertoire tient compte des travaux des réseaux d'équipes d'intervention en cas d'urgence informatique (CERT) et d'équipes d'intervention en cas d'incident de sécurité informatique (CSIRT), ainsi que des répertoires régionaux existants, et les complète.
mandate-contents-heading = Contenu du répertoire
mandate-contents-nomination = Chaque État participant peut désigner des points de contact diplomatiques et techniques. Un point de contact est soit une entité ou une institution nationale habilitée, soit un représentant désigné d'une telle entité ou institution.
mandate-contents-details = Chaque inscription indique le nom de l'entité, ses numéros de téléphone et adresses électroniques, le cas échéant le nom et le titre de la personne concernée, ainsi que les langues de travail du point de contact.
mandate-contents-languages = Les inscriptions peuvent être présentées dans l'une quelconque des six langues officielles de l'Organisation des Nations Unies ; les États sont encouragés à y joindre une traduction non officielle en anglais.
mandate-contents-roles = Les points de contact diplomatiques communiquent avec les points de contact diplomatiques, et les points de contact techniques avec les points de contact techniques.
mandate-protection-heading = Protection des informations
mandate-protection = Le répertoire est hébergé sur un site Web sécurisé et ne contient que des coordonnées. Il n'héberge aucune information confidentielle envoyée ou échangée par les points de contact : ces communications passent par des canaux convenus d'un commun accord, y compris, s'il y a lieu, des canaux sécurisés.
mandate-joining-heading = Modalités de participation
mandate-joining-request = Un État qui souhaite participer demande l'accès au gestionnaire du répertoire, le Bureau des affaires de désarmement de l'Organisation des Nations Unies, par l'intermédiaire de sa mission permanente auprès de l'Organisation des Nations Unies à New York.
mandate-joining-admission = Le gestionnaire du répertoire admet l'État comme participant au répertoire.
mandate-joining-enrolment = Le gestionnaire du répertoire adresse à l'administrateur désigné par l'État un lien d'inscription à usage unique et de durée limitée ; cet administrateur désigne ensuite les points de contact de l'État et donne accès aux personnes qui agissent en leur nom.
mandate-joining-updates = L'État tient ses informations à jour au fur et à mesure, chaque fois qu'elles changent.
mandate-access-note = La présente page décrit le répertoire. Les inscriptions elles-mêmes ne sont accessibles qu'aux utilisateurs connectés des États participants.

## Error pages.

error-back-home = Aller à la page d’accueil
error-sign-in-title = Veuillez vous connecter
error-sign-in-body = Cette page est réservée aux utilisateurs connectés des États participants.
error-forbidden-title = Action non autorisée
error-forbidden-body = Votre compte ne permet pas cette action. Si vous pensez qu’il le devrait, contactez l’administrateur de votre État.
error-not-found-title = Page introuvable
error-not-found-body = Il n’y a rien à cette adresse. Vérifiez le lien ou utilisez la navigation ci-dessus.
error-csrf-title = Le formulaire a expiré
error-csrf-body = Pour votre sécurité, le formulaire n’a pas pu être accepté. Revenez en arrière, rechargez la page et envoyez-le à nouveau.
error-conflict-title = Cette action n’a pas pu être effectuée
error-conflict-body = Les informations ont changé entre-temps, ou l’action ne s’applique plus. Rechargez la page pour voir la situation actuelle.
error-bad-request-title = La demande n’a pas pu être comprise
error-bad-request-body = Certaines des informations envoyées ne sont pas valides. Revenez en arrière et vérifiez le formulaire.
error-too-many-title = Trop de tentatives
error-too-many-body = Veuillez patienter un peu avant de réessayer.
error-internal-title = Une erreur s’est produite
error-internal-body = Le serveur n’a pas pu traiter la demande. Rien n’a été modifié. Veuillez réessayer plus tard.

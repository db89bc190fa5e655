## admin.ftl — pages d'administration : participation des États, personnes et liens
## d'inscription, signalements sur les entrées, journal d'audit (français).

admin-title = Administration du répertoire
admin-audit-link = Consulter le journal d'audit
admin-filter-status = Statut de participation
admin-filter-any-status = Tout statut de participation
admin-filter-group = Groupe régional
admin-filter-any-group = Tout groupe régional
admin-filter-apply = Afficher
admin-states-shown = { $shown } États affichés sur { $total }.
admin-states-caption = Les États et leur participation au répertoire
admin-col-state = État
admin-col-group = Groupe régional
admin-col-status = Statut
admin-col-since = Depuis le
admin-col-pocs = Points de contact actifs
admin-col-users = Utilisateurs
admin-col-actions = Actions possibles
admin-col-name = Nom
admin-col-login = Identifiant
admin-col-role = Rôle
admin-col-entry = Point de contact
admin-col-enrolled = Inscrit le
admin-col-issued = Délivré le
admin-col-expires = Expire le
admin-action-admit = Admettre
admin-action-resume = Rétablir
admin-action-suspend = Suspendre
admin-action-people = Personnes
admin-action-revoke = Révoquer le lien
admin-cancel = Annuler

admin-status-not-participating = Ne participe pas
admin-status-participating = Participe
admin-status-suspended = Suspendu
admin-group-african = Groupe des États d'Afrique
admin-group-asia-pacific = Groupe des États d'Asie et du Pacifique
admin-group-eastern-european = Groupe des États d'Europe orientale
admin-group-latin-american-caribbean = Groupe des États d'Amérique latine et des Caraïbes
admin-group-western-european-others = Groupe des États d'Europe occidentale et autres États
admin-group-none = Aucun groupe régional
admin-role-state-admin = Administrateur de l'État
admin-role-poc = Utilisateur d'un point de contact
admin-role-admin = Administrateur du répertoire
admin-role-operator = Opérateur du serveur
admin-flag-unreachable = Injoignable
admin-flag-unverified = Non vérifié

## Admission, suspension et rétablissement d'un État.

admin-admit-heading = Admettre { $state } au répertoire
admin-admit-explanation = { $state } participera au répertoire : ses administrateurs pourront être inscrits, et ses points de contact désignés et consultés.
admin-resume-heading = Rétablir la participation de { $state }
admin-resume-explanation = { $state } participera de nouveau : ses utilisateurs retrouvent l'accès, et ses entrées, conservées pendant la suspension, redeviennent visibles.
admin-suspend-heading = Suspendre la participation de { $state }
admin-suspend-explanation = Les utilisateurs de { $state } perdront l'accès au répertoire jusqu'au rétablissement de sa participation. Ses entrées sont conservées mais ne sont plus affichées.
admin-reason-label = Motif
admin-reason-hint = Facultatif. Conservé dans le journal d'audit, par exemple la note verbale reçue de la Mission permanente.
admin-notice-admitted = { $state } a été admis au répertoire.
admin-notice-suspended = La participation de { $state } a été suspendue.
admin-notice-resumed = La participation de { $state } a été rétablie.

## Personnes d'un État et liens d'inscription.

admin-people-heading = Personnes — { $state }
admin-people-state-page = Page de l'État
admin-people-audit = Journal d'audit de l'État
admin-users-heading = Utilisateurs
admin-users-none = Aucun utilisateur ne s'est encore inscrit.
admin-user-active = Actif
admin-user-disabled = Désactivé
admin-links-heading = Liens d'inscription
admin-links-none = Aucun lien d'inscription n'a été délivré.
admin-link-pending = En attente
admin-link-used = Utilisé
admin-link-expired = Expiré
admin-link-revoked = Révoqué
admin-issue-heading = Délivrer un lien d'inscription
admin-issue-intro = Le lien permet à une personne nommément désignée de créer un compte avec le rôle choisi ici. Il ne peut servir qu'une fois et expire après la durée indiquée.
admin-issue-not-participating = Cet État ne participe pas actuellement au répertoire : aucun lien ne peut être délivré pour lui.
admin-field-role = Rôle
admin-field-display-name = Nom de la personne
admin-field-display-name-hint = Tel que les autres utilisateurs doivent le voir, par exemple avec son titre.
admin-field-poc = Point de contact pour lequel l'utilisateur agit
admin-field-poc-hint = Uniquement pour un utilisateur de point de contact : l'une des entrées en vigueur de l'État.
admin-field-poc-none = Aucun (administrateur de l'État)
admin-field-valid-days = Validité (en jours)
admin-days-hint = De 1 à { $max } jours ; { $default } si le champ est laissé vide.
admin-issue-button = Délivrer le lien
admin-issued-title = Lien d'inscription délivré
admin-issued-for = Pour { $name }, { $role } — { $state }.
admin-issued-once = Ce lien n'est affiché qu'une seule fois : copiez-le maintenant. Il expire le { $expires }.
admin-issued-deliver = Transmettez-le à la personne par un canal de confiance, par exemple la Mission permanente. Toute personne en possession du lien peut l'utiliser pour s'inscrire.
admin-issued-back = Retour aux personnes de l'État
admin-revoke-heading = Révoquer le lien d'inscription de { $name } ({ $role }) ?
admin-revoke-explanation = Le lien cessera immédiatement de fonctionner. Vous pouvez en délivrer un nouveau à tout moment.
admin-notice-revoked = Le lien d'inscription a été révoqué.

## Signalements sur une entrée.

admin-flags-heading = Signalements sur « { $entry } » ({ $state })
admin-flags-entry-link = Aller à l'entrée
admin-flags-retired = Cette entrée a été retirée : aucun nouveau signalement ne peut être posé.
admin-flags-current = Signalements en place
admin-flags-none = Cette entrée ne fait l'objet d'aucun signalement.
admin-flag-set-by = posé le { $when } par { $actor }
admin-flags-reason = Motif :
admin-flags-remove = Lever le signalement
admin-flags-set-heading = Poser un signalement
admin-field-flag = Signalement
admin-flags-reason-hint = Facultatif. Visible dans l'historique de l'entrée et le journal d'audit.
admin-flags-set-button = Poser le signalement
admin-notice-flag-set = Le signalement a été posé.
admin-notice-flag-removed = Le signalement a été levé.

## Journal d'audit.

admin-audit-title = Journal d'audit
admin-audit-own-state = Enregistrements concernant votre État :
admin-audit-filter-state = État
admin-audit-any-state = Tous les États
admin-audit-filter-action = Opération (code, par exemple state.admitted)
admin-audit-filter-subject = Objet (identifiant d'entrée, de lien ou de jeton)
admin-audit-filter-actor = Auteur (par exemple user:identifiant)
admin-audit-none = Aucun enregistrement ne correspond à ces filtres.
admin-audit-caption = Enregistrements d'audit, du plus récent au plus ancien
admin-audit-col-seq = No
admin-audit-col-time = Date et heure
admin-audit-col-actor = Auteur
admin-audit-col-action = Opération
admin-audit-col-subject = Objet
admin-audit-col-detail = Détails
admin-audit-paging = Pages du journal d'audit
admin-audit-newest = Enregistrements les plus récents
admin-audit-older = Enregistrements plus anciens
admin-audit-action-state-admitted = État admis
admin-audit-action-state-suspended = État suspendu
admin-audit-action-state-resumed = Participation rétablie
admin-audit-action-poc-create = Point de contact désigné
admin-audit-action-poc-update = Point de contact mis à jour
admin-audit-action-poc-retire = Point de contact retiré
admin-audit-action-poc-flag = Signalement posé
admin-audit-action-poc-unflag = Signalement levé
admin-audit-action-token-issue = Jeton d'API délivré
admin-audit-action-token-revoke = Jeton d'API révoqué
admin-audit-action-enrolment-issue = Lien d'inscription délivré
admin-audit-action-enrolment-revoke = Lien d'inscription révoqué
admin-audit-key-reason = Motif
admin-audit-key-role = Rôle
admin-audit-key-revision = Version
admin-audit-key-flags = Signalements
admin-audit-key-display-name = Nom
admin-audit-key-expires = Expiration
admin-audit-key-entry = Point de contact

## Erreurs dans les formulaires.

admin-error-required = Veuillez remplir ce champ.
admin-error-too-long = Texte trop long : { $max } caractères au maximum.
admin-error-forbidden-character = Ce texte contient un caractère non autorisé (caractère de contrôle ou de sens d'écriture).
admin-error-invalid = Cette valeur n'est pas valide.
admin-error-role = Choisissez l'un des rôles proposés.
admin-error-days = Indiquez un nombre entier de jours, de 1 à { $max }.
admin-error-poc-required = Un utilisateur de point de contact doit être rattaché à l'une des entrées de l'État : choisissez-en une.
admin-error-poc-other-state = Cette entrée appartient à un autre État.
admin-error-poc-unknown = Cette entrée n'existe pas.
admin-error-poc-retired = Cette entrée a été retirée : choisissez une entrée en vigueur.
admin-error-not-participating = Cet État ne participe pas actuellement au répertoire : aucun lien ne peut être délivré pour lui.
admin-error-flag = Choisissez l'un des signalements proposés.
admin-error-flag-already-set = Ce signalement est déjà posé sur l'entrée.
admin-error-flag-not-set = Ce signalement n'est pas (ou plus) posé sur l'entrée.
admin-error-state = Choisissez l'un des États proposés.
admin-field-email = Adresse électronique (facultatif)
admin-field-email-hint = Si vous la connaissez : elle sera préremplie dans son formulaire d’inscription, où la personne la confirme ou la corrige.

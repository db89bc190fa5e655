# Liaison — échanges entre points de contact (issue 5) : la mention de l’annexe A, § 10, les
# libellés et listes de choix des modèles, et les notifications dans l’application (français).

## Annexe A, § 10 (COM-07, IR-13) : affichée avec chaque demande, réponse et accusé de réception.

thread-notice-acknowledgement = L’accusé de réception initial d’une communication ne vaut pas acceptation des informations qu’elle contient, ne préjuge pas de la position de l’État qui y répond et ne préjuge d’aucune communication ultérieure.
thread-notice-territory = Le fait de notifier à un État que son territoire est utilisé pour commettre un fait illicite n’implique pas, en soi, que cet État est responsable de ce fait.
thread-exercise-label = EXERCICE

## Les modèles (appendice de l’annexe A).

template-inquiry-title = Demande concernant un incident de sécurité informatique
template-response-title = Réponse à une demande
template-field-language = Langue du texte
template-field-sender = Expéditeur
template-field-sender-name = Nom
template-field-sender-affiliation = Entité
template-field-incident = Nature de l’incident
template-field-incident-category = Catégorie
template-field-incident-sector = Secteur touché
template-field-incident-observed-at = Observé le
template-field-incident-description = Description
template-field-request = Demande
template-field-request-type = Type de demande
template-field-request-details = Informations ou assistance demandées
template-field-contact = Coordonnées
template-field-contact-email = Courriel
template-field-contact-phone = Téléphone
template-field-contact-other = Autres moyens de contact
template-field-time-sensitivity = Degré d’urgence
template-field-urgency = Urgence
template-field-respond-by = Réponse attendue avant le
template-field-follow-up = Suite à donner
template-field-proposed-channel = Canal proposé pour la suite des échanges
template-field-primary-agency = Organisme principal pour cet incident
template-field-tlp = Marquage TLP
template-field-stix = Données techniques (STIX 2.1)
template-field-translation = Traduction fournie par l’auteur
template-field-in-reply-to = En réponse à
template-field-response = Réponse
template-field-response-type = Type de réponse
template-field-response-text = Texte
template-field-estimated-time-frame = Délai estimé
template-field-expected-by = Attendue avant le
template-field-channel-agreed = Canal accepté
template-field-channel = Canal

inquiry-category-critical-infrastructure = Atteinte à une infrastructure critique
inquiry-category-malware = Logiciel malveillant
inquiry-category-intrusion = Intrusion
inquiry-category-denial-of-service = Déni de service
inquiry-category-information-operations = Opérations d’information
inquiry-category-vulnerability = Vulnérabilité
inquiry-category-spam-abuse = Pourriel ou abus
inquiry-category-other = Autre

inquiry-sector-energy = Énergie
inquiry-sector-transport = Transports
inquiry-sector-banking-finance = Banque et finance
inquiry-sector-health = Santé
inquiry-sector-water = Eau
inquiry-sector-digital-infrastructure = Infrastructures numériques
inquiry-sector-telecommunications = Télécommunications
inquiry-sector-government = Administration publique
inquiry-sector-defence = Défense
inquiry-sector-emergency-services = Services d’urgence
inquiry-sector-food-agriculture = Alimentation et agriculture
inquiry-sector-manufacturing = Industrie manufacturière
inquiry-sector-chemicals = Chimie
inquiry-sector-space = Espace
inquiry-sector-education-research = Enseignement et recherche
inquiry-sector-media = Médias
inquiry-sector-other = Autre secteur

inquiry-request-information = Demande d’informations
inquiry-request-action = Demande d’intervention
inquiry-request-specific-assistance = Demande d’assistance particulière

response-type-substantive = Réponse immédiate
response-type-will-consider = La demande sera examinée, une suite sera donnée

urgency-low = Faible
urgency-normal = Normale
urgency-high = Élevée
urgency-critical = Critique

tlp-clear = TLP:CLEAR — diffusion non restreinte
tlp-green = TLP:GREEN — diffusion limitée à la communauté
tlp-amber = TLP:AMBER — diffusion limitée aux organisations des destinataires, selon le besoin d’en connaître
tlp-amber-strict = TLP:AMBER+STRICT — diffusion limitée à l’organisation des destinataires
tlp-red = TLP:RED — réservé aux seuls destinataires nommés

## Notifications dans l’application.

notification-new-inquiry = Une nouvelle demande vous est parvenue.
notification-new-response = Une nouvelle réponse a été apportée dans un échange.
notification-new-acknowledgement = La réception d’une demande a été confirmée.
notification-new-note = Une note de coordination a été laissée aux points de contact de votre État.
notification-consent-requested = Un participant vous demande votre consentement pour communiquer un échange à un tiers.
notification-consent-decided = Un participant a répondu à votre demande de consentement.
notification-thread-closed = Un échange a été clos.
notification-key-needed = Une demande vous attend. Connectez-vous et publiez une clé OpenPGP pour la recevoir.
notification-recipient-key-available = Un destinataire qui n’avait pas de clé en a publié une : chiffrez de nouveau votre message pour lui.
notification-content-reencrypted = Un message qui attendait votre clé peut maintenant être lu.
notification-state-thread-opened = Votre État participe à un nouvel échange.

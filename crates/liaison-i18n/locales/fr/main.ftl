# Liaison — messages de l’API JSON et de la ligne de commande (français).
# Chaque dossier de langue contient les mêmes identifiants de message ; un test échoue si l’un d’eux manque ou n’est pas utilisé.

## Champs refusés (liaison_core::ErrorCode). { $field } est le chemin JSON du champ,
## { $detail } un bref argument technique (une limite, un code de caractère) ou une valeur vide.

error-invalid-json = Le texte n’est pas un document JSON valide ({ $detail }).
error-invalid-utf8 = Le texte n’est pas encodé en UTF-8 valide ({ $detail }).
error-not-an-object = Un objet JSON était attendu.
error-unknown-field = Le champ « { $field } » ne fait pas partie d’une entrée de point de contact.
error-required = Le champ « { $field } » est obligatoire.
error-wrong-type = Le champ « { $field } » n’est pas du type attendu.
error-too-long = Le champ « { $field } » est trop long ({ $detail } caractères au maximum).
error-too-many = Le champ « { $field } » contient trop d’éléments ({ $detail } au maximum).
error-forbidden-character = Le champ « { $field } » contient un caractère non autorisé ({ $detail }) : les caractères de commande et les caractères de forçage de direction sont refusés.
error-invalid-uuid = L’identifiant n’est pas un UUID valide.
error-unknown-state = « { $detail } » n’est pas le code à deux lettres d’un État Membre ou d’un État observateur de l’ONU.
error-not-a-un-state = « { $detail } » n’est pas un État Membre ou un État observateur de l’ONU.
error-invalid-role = Le rôle doit être « diplomatic » ou « technical ».
error-invalid-kind = La catégorie doit être « entity » ou « person ».
error-invalid-phone = Le numéro de téléphone figurant dans « { $field } » n’est pas au format international E.164 (par exemple +41227917000).
error-invalid-phone-type = Le type de téléphone doit être voice, mobile, emergency ou fax.
error-invalid-email = L’adresse électronique figurant dans « { $field } » n’est pas valide.
error-invalid-language = La langue de travail indiquée dans « { $field } » n’est pas un code de langue ISO 639-1 valide.
error-invalid-entry-language = La langue de l’entrée doit être l’une des six langues officielles de l’ONU : ar, zh, en, fr, ru, es.
error-no-contact = Indiquez au moins un numéro de téléphone ou une adresse électronique.
error-not-allowed-for-entity = Le champ « { $field } » s’applique uniquement à une personne, et non à une entité.
error-invalid-time-zone = Le fuseau horaire doit être un nom de fuseau horaire IANA, tel que Europe/Geneva.
error-invalid-availability = La disponibilité doit être « business_hours » ou « 24/7 ».
error-invalid-openpgp-key = La clé publique OpenPGP a été refusée ({ $detail }).
error-duplicate-id = Une entrée portant l’identifiant { $detail } existe déjà.
error-line-too-long = L’entrée est trop volumineuse ({ $detail } octets au maximum).
error-state-mismatch = Une entrée ne peut pas être transférée à un autre État.
error-id-mismatch = L’identifiant figurant dans le corps de la requête ne correspond pas à l’adresse.
error-invalid-flag = L’indicateur doit être « unreachable » ou « unverified ».

## Erreurs de l’API relatives à la requête.

api-unauthenticated = Connexion requise : veuillez fournir un jeton d’accès valide.
api-forbidden = Cette opération ne vous est pas permise.
api-not-participating = Votre État ne participe pas actuellement au répertoire.
api-other-state = Cette opération concerne un autre État : seuls les administrateurs de cet État peuvent l’effectuer.
api-neutrality = L’administrateur du répertoire ne modifie pas les entrées propres à un État.
api-not-found = Aucun élément n’a été trouvé à cette adresse.
api-invalid-input = La requête contient des valeurs non valides.
api-stale-revision = L’entrée a été modifiée depuis que vous l’avez consultée ; veuillez la consulter de nouveau et renouveler votre modification.
api-already-exists = Une entrée portant cet identifiant existe déjà.
api-retired = Cette entrée a été retirée et ne peut plus être modifiée.
api-invalid-transition = Ce changement de participation n’est pas possible compte tenu du statut actuel de l’État.
api-state-not-participating = L’État ne participe pas au répertoire ; il doit d’abord y être admis.
api-flag-already-set = Cet indicateur est déjà appliqué à l’entrée.
api-flag-not-set = Cet indicateur n’est pas appliqué à l’entrée.
api-conflict = La modification est en conflit avec une autre modification ; veuillez réessayer.
api-internal = Une erreur s’est produite sur le serveur. Le problème a été consigné.
api-body-too-large = La requête est trop volumineuse.
api-bad-parameter = La valeur du paramètre « { $field } » n’est pas valide.
api-method-not-allowed = Cette méthode n’est pas autorisée à cette adresse.
api-bad-request = La requête n’a pas pu être interprétée.
api-ping-not-valid = Ce lien de test « ping » n’est pas valable.
api-already-acknowledged = La réception de ce test « ping » a déjà été confirmée.
api-ping-not-issued = Ce test « ping » n’a pas encore été envoyé.
api-nothing-to-ping = Aucune entrée active ne correspond à la cible de la campagne.

## Échanges entre points de contact (issue 5) : champs refusés.

error-unknown-recipient = « { $field } » n’est pas une entrée de l’annuaire.
error-recipient-unavailable = L’entrée « { $field } » ne peut pas recevoir de messages : elle a été retirée, ou son État ne participe pas à l’annuaire.
error-duplicate-recipient = L’entrée « { $field } » est indiquée deux fois.
error-invalid-ciphertext = Le message n’est pas un message chiffré OpenPGP que l’annuaire peut accepter ({ $detail }). Chiffrez-le sur votre appareil pour les clés des participants : l’annuaire ne conserve jamais de contenu lisible.
error-not-encrypted-to-recipient = Le message n’est pas chiffré pour la clé actuelle de l’entrée { $detail }. Récupérez de nouveau les clés des participants et chiffrez pour chacune d’elles.
error-not-encrypted-to-sender = Le message doit aussi être chiffré pour votre propre clé publiée, afin que vous en gardiez une trace lisible.
error-encrypted-to-outsider = Le message est aussi chiffré pour la clé { $detail }, qui n’appartient à aucun participant. Les informations échangées ne sont pas communiquées à des tiers sans consentement.
error-sender-has-no-key = Votre entrée n’a pas de clé OpenPGP utilisable : publiez-en une avant d’écrire.
error-invalid-choice = La valeur de « { $field } » ne fait pas partie des choix proposés ({ $detail }).
error-invalid-timestamp = « { $field } » doit être une date et une heure au format RFC 3339, par exemple 2025-06-01T08:30:00Z.
error-invalid-respond-by = L’échéance de réponse doit se situer dans le futur, au plus tard dans un an.
error-invalid-stix = « { $field } » n’est pas conforme à STIX 2.1 : { $detail }.
error-invalid-template = Le document n’indique pas le modèle qu’il suit (« template » et « version »), ou en nomme un que cette version de Liaison ne connaît pas.
error-invalid-key-blob = La clé privée a été refusée ({ $detail }) : envoyez une clé privée OpenPGP en armure ASCII dont chaque clé secrète est protégée par une phrase secrète.
error-key-cannot-encrypt = Cette clé OpenPGP ne comporte aucune clé utilisable pour le chiffrement : personne ne pourrait vous écrire avec elle.
error-key-expired = Cette clé OpenPGP a expiré.
error-invalid-device = Le nom de l’appareil doit compter de 1 à 64 lettres, chiffres, points, traits d’union ou tirets bas.
error-target-is-participant = L’entrée « { $field } » participe déjà à l’échange.

## Échanges entre points de contact : erreurs de requête.

api-cross-role = Le destinataire « { $field } » a l’autre rôle : les points de contact diplomatiques ne s’adressent qu’aux points de contact diplomatiques d’autres États, et les points de contact techniques qu’aux points de contact techniques (annexe A, § 9).
api-own-state-recipient = L’entrée « { $field } » relève de votre propre État : les demandes s’adressent à d’autres États ; pour joindre les points de contact de votre État, laissez une note de coordination.
api-not-participant = Seuls les points de contact qui participent à cet échange peuvent effectuer cette opération.
api-confidential = L’administrateur de l’annuaire ne voit jamais ce que les points de contact échangent ; seuls des décomptes et des délais sont disponibles.
api-thread-closed = Cet échange est clos : plus rien ne peut y être ajouté.
api-not-a-recipient = Seul un destinataire de la demande peut effectuer cette opération.
api-not-delivered = La demande ne vous a pas encore été remise : ouvrez d’abord l’échange.
api-receipt-already-acknowledged = Vous avez déjà accusé réception.
api-awaiting-key = Votre entrée n’avait pas de clé utilisable lors de l’envoi : publiez une clé et demandez à l’expéditeur de chiffrer de nouveau.
api-consent-required = Le transfert exige le consentement enregistré de chacun des autres participants, pour ces destinataires (annexe A, § 11).
api-consent-not-pending = Cette demande de consentement a déjà été refusée ou utilisée.
api-already-decided = Votre entrée a déjà répondu à cette demande.
api-own-request = Vous ne pouvez pas répondre à votre propre demande de consentement.
api-nothing-to-reencrypt = Aucune des entrées en attente de ce message ne peut lire la nouvelle copie : chiffrez-la pour la clé qu’elles ont maintenant publiée.

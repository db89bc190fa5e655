## auth.ftl — inscription, connexion, seconds facteurs et page du compte.

auth-role-admin = administrateur du répertoire
auth-role-state-admin = administrateur de l’État
auth-role-poc = utilisateur point de contact
auth-role-operator = opérateur

auth-link-ask-admin = Si vous avez encore besoin d’un compte, demandez un nouveau lien à la personne qui vous a envoyé celui-ci.
auth-link-used-title = Ce lien d’inscription a déjà été utilisé
auth-link-used-body = Chaque lien d’inscription ne crée qu’un seul compte. Si vous avez créé votre compte avec ce lien, connectez-vous.
auth-link-expired-title = Ce lien d’inscription a expiré
auth-link-expired-body = Les liens d’inscription ne sont valables que pour une durée limitée ; celui-ci ne peut plus être utilisé.
auth-link-revoked-title = Ce lien d’inscription a été retiré
auth-link-revoked-body = La personne qui a émis ce lien l’a retiré ; il ne peut plus être utilisé.
auth-link-unknown-title = Ce lien d’inscription n’est pas valable
auth-link-unknown-body = Vérifiez que l’adresse a été copiée en entier. Un lien incomplet ou mal saisi ne fonctionne pas.

auth-enrol-title = Créer votre compte
auth-enrol-intro = Ce lien est destiné à { $name }, en tant que { $role } pour { $state }.
auth-enrol-intro-admin = Ce lien est destiné à { $name }, en tant que { $role }.
auth-enrol-account = Identifiants de connexion
auth-enrol-second-factor = Application d’authentification
auth-enrol-second-factor-intro = La connexion demande aussi un code fourni par une application d’authentification sur votre téléphone ou votre ordinateur.
auth-enrol-submit = Créer le compte
auth-errors-below = Certaines informations doivent être corrigées. Voir les messages ci-dessous.

auth-field-login = Identifiant
auth-hint-login = Choisissez le nom que vous saisirez pour vous connecter, par exemple votre adresse électronique. Sans espaces.
auth-field-password = Mot de passe
auth-hint-password = Au moins { $min } caractères, dans n’importe quelle langue. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.
auth-field-password-confirm = Confirmer le mot de passe
auth-field-totp-code = Code de l’application
auth-hint-totp-code = Le code à 6 chiffres affiché en ce moment par l’application.
auth-field-code = Code de vérification
auth-hint-code = Le code à 6 chiffres de votre application d’authentification, ou l’un de vos codes de secours.

auth-totp-step-app = Ouvrez votre application d’authentification et ajoutez un nouveau compte.
auth-totp-step-key = Saisissez cette clé dans l’application, ou ouvrez l’adresse ci-dessous sur l’appareil où elle est installée.
auth-totp-secret-label = Clé
auth-totp-uri-label = Adresse pour les applications d’authentification
auth-totp-step-code = Saisissez le code que l’application affiche maintenant.

auth-error-login-invalid = Saisissez un identifiant sans espaces, de 254 caractères au plus.
auth-error-login-taken = Cet identifiant est déjà utilisé. Choisissez-en un autre.
auth-error-password-short = Le mot de passe doit comporter au moins { $min } caractères.
auth-error-password-long = Le mot de passe est trop long : 256 caractères au plus.
auth-error-password-control = Le mot de passe contient des caractères impossibles à saisir. Utilisez des lettres, des chiffres, des espaces et de la ponctuation.
auth-error-password-mismatch = Les deux mots de passe ne sont pas identiques.
auth-error-code-wrong = Ce code n’est pas correct. Vérifiez que la clé a été saisie correctement et tapez le code affiché maintenant par l’application.
auth-error-name-invalid = Saisissez un nom de 100 caractères au plus.
auth-error-last-factor = Impossible de le supprimer : votre compte n’aurait plus de second facteur.

auth-enrolled-title = Votre compte est prêt
auth-recovery-intro = Conservez ces codes de secours en lieu sûr, loin de votre téléphone. Si vous perdez votre application d’authentification, chaque code permet de vous connecter une fois à la place d’un code de l’application.
auth-recovery-new-title = Vos nouveaux codes de secours
auth-recovery-once = Ils ne sont affichés qu’une seule fois. Les codes de secours précédents ne fonctionnent plus.
auth-continue = Continuer

auth-sign-in-title = Connexion
auth-sign-in-submit = Continuer
auth-sign-in-help = Les comptes sont attribués aux personnes désignées par les États participants. Si vous ne parvenez pas à vous connecter, contactez l’administrateur de votre État.
auth-error-sign-in-failed = L’identifiant ou le mot de passe est incorrect, ou le compte ne peut pas être utilisé.
auth-error-too-many = Trop de tentatives infructueuses. Veuillez réessayer plus tard.
auth-error-start-again = La connexion a pris trop de temps ou a connu trop de tentatives. Veuillez recommencer.
auth-code-title = Saisissez votre code
auth-code-submit = Se connecter
auth-code-start-again = Recommencer
auth-error-code-failed = Le code est incorrect, ou il a déjà été utilisé.

auth-account-title = Mon compte
auth-account-name = Nom
auth-account-role = Rôle
auth-account-totp-heading = Application d’authentification
auth-account-totp-on = La connexion demande un code de votre application d’authentification.
auth-account-totp-off = Aucune application d’authentification n’est configurée.
auth-account-totp-intro = Pour passer à un nouveau téléphone ou à une nouvelle application, configurez-la avec cette nouvelle clé. L’ancienne application cesse de fonctionner dès que le nouveau code est accepté.
auth-account-totp-submit = Utiliser cette application
auth-account-totp-changed = Votre application d’authentification a été changée.
auth-account-recovery-heading = Codes de secours
auth-account-recovery-left = Codes de secours restants : { $count }
auth-account-recovery-intro = Les nouveaux codes remplacent tous les précédents.
auth-account-recovery-submit = Créer de nouveaux codes de secours
auth-account-sessions-heading = Sessions ouvertes
auth-account-sessions-intro = Si vous vous êtes connecté sur un ordinateur que vous n’utilisez plus, ou si vous pensez que quelqu’un d’autre l’a fait, déconnectez-vous partout. Vous devrez aussi vous reconnecter ici.
auth-account-sign-out-everywhere = Se déconnecter partout

## Clés d’accès.

auth-passkeys-heading = Clés d’accès
auth-passkeys-intro = Une clé d’accès vous permet de vous connecter avec le verrouillage d’écran de votre appareil ou une clé de sécurité, sans mot de passe ni code.
auth-passkeys-none = Vous n’avez aucune clé d’accès.
auth-passkey-col-name = Nom de la clé
auth-passkey-col-added = Ajoutée le
auth-passkey-col-used = Dernière utilisation
auth-passkey-col-actions = Opérations
auth-passkey-remove = Supprimer
auth-passkey-remove-named = Supprimer la clé d’accès { $name }
auth-passkey-never = Jamais
auth-passkey-name = Nom de la nouvelle clé d’accès
auth-passkey-name-hint = Par exemple l’appareil qui la porte, pour distinguer vos clés d’accès.
auth-passkey-register = Ajouter une clé d’accès
auth-passkey-failed = La clé d’accès n’a pas pu être utilisée. Veuillez réessayer.
auth-passkey-unsupported = Ce navigateur ne prend pas en charge les clés d’accès.
auth-passkey-sign-in = Se connecter avec une clé d’accès
auth-account-passkey-added = La clé d’accès a été ajoutée.
auth-account-passkey-removed = La clé d’accès a été supprimée.
auth-field-email = Adresse électronique
auth-hint-email = L’adresse à laquelle le répertoire vous écrit, par exemple lorsque des points de contact de votre État ne répondent pas à un test « ping ».
auth-field-language = Langue des messages
auth-error-email-invalid = Saisissez une adresse électronique valable.
auth-account-contact-heading = Messages du répertoire
auth-account-contact-submit = Enregistrer
auth-account-contact-saved = Votre adresse et votre langue ont été enregistrées.

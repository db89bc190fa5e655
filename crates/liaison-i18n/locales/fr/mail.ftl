# Courriels envoyés par Liaison (ticket 4) : le test « ping » d'un point de contact, rédigé dans
# la langue de la fiche avec le texte anglais à la suite, et le signalement aux administrateurs
# d'un État, dans la langue de chacun.

mail-directory = le répertoire mondial et intergouvernemental de points de contact pour la sécurité du numérique
mail-ping-subject = Test « ping » du répertoire des points de contact : merci d'accuser réception avant le { $deadline }
mail-ping-greeting = Madame, Monsieur,
mail-ping-intro = Tous les six mois, { $directory } vérifie que ses informations sont à jour (annexe A, paragraphe 8). Voici le test « ping » de la campagne lancée le { $started }, pour la fiche suivante :
mail-ping-entry = { $entry } ({ $state }, point de contact { $role })
mail-ping-deadline = Merci d'accuser réception au plus tard le { $deadline }.
mail-ping-deadline-local = Dans votre fuseau horaire ({ $zone }), cela correspond au { $deadline }.
mail-ping-how = Vous pouvez accuser réception de l'une des façons suivantes :
mail-ping-how-link = ouvrez ce lien et appuyez sur le bouton de la page qui s'affiche :
mail-ping-how-reply = répondez à ce message (son contenu importe peu) ;
mail-ping-how-app = connectez-vous au répertoire, où le test figure dans vos demandes en attente.
mail-ping-key-expired = La clé OpenPGP publiée pour cette fiche a expiré le { $date }. Merci d'en publier une nouvelle.
mail-ping-key-expiring = La clé OpenPGP publiée pour cette fiche expire le { $date }, avant le prochain test « ping ». Merci d'en publier une nouvelle à temps.
mail-ping-outdated = Si cette fiche n'est plus exacte, demandez à l'administrateur du répertoire pour votre État de la mettre à jour.
mail-ping-footer = Ce message a été envoyé automatiquement. Merci de ne pas le transférer : le lien est propre à cette fiche et ne sert qu'une fois.
mail-english-follows = Le même message en anglais suit.
mail-role-diplomatic = diplomatique
mail-role-technical = technique
mail-escalation-subject = Test « ping » : des points de contact de l'État { $state } n'ont pas répondu ({ $count })
mail-escalation-greeting = Madame, Monsieur,
mail-escalation-intro = Lors du test « ping » du répertoire lancé le { $started }, les points de contact suivants de l'État { $state } n'ont pas accusé réception dans le délai imparti :
mail-escalation-no-response = pas de réponse
mail-escalation-bounced = le message n'a pas pu être remis
mail-escalation-ask = Merci de vérifier que ces fiches sont toujours exactes et de les mettre à jour dans le répertoire, ou de demander aux points de contact d'accuser réception du test.
mail-escalation-link = Le répertoire :
mail-escalation-footer = Ce message a été envoyé automatiquement par le répertoire, car vous administrez les fiches de l'État { $state }.
mail-notification-subject = Répertoire des points de contact : un fil requiert votre attention (urgence : { $urgency })
mail-notification-urgency = Urgence du fil : { $urgency }
mail-notification-sign-in = Connectez-vous au répertoire pour le lire. Ce qu’échangent les points de contact est chiffré de bout en bout et n’est jamais envoyé par courriel :
mail-notification-footer = Ce message a été envoyé automatiquement. Il indique seulement qu’un événement a eu lieu dans un fil ; il ne contient rien de l’échange.
mail-bridge-subject = Répertoire des points de contact : un message chiffré dans l’un de vos fils

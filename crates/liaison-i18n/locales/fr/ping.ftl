# La page qu'ouvre le lien d'un test « ping » (ticket 4) : elle montre la fiche et le délai, et
# seul son bouton vaut accusé de réception.

ping-title = Test « ping »
ping-confirm-heading = Accuser réception du test « ping »
ping-confirm-intro = Tous les six mois, le répertoire demande à chaque point de contact de confirmer qu'il reçoit ses messages. Appuyez sur le bouton pour accuser réception.
ping-entry = Fiche
ping-state = État
ping-role = Rôle
ping-campaign = Test lancé le
ping-due = Accusé de réception attendu avant le
ping-button = J'accuse réception
ping-late-note = Le délai est dépassé. Votre accusé de réception sera tout de même enregistré, avec la mention « en retard ».
ping-update-hint = Si cette fiche n'est plus exacte, demandez à l'administrateur du répertoire pour votre État de la mettre à jour.
ping-done-heading = Merci
ping-done-on-time = Votre accusé de réception a été enregistré le { $at }.
ping-done-late = Votre accusé de réception a été enregistré le { $at }, après le délai : il est conservé avec la mention « en retard ».
ping-used-heading = Réception déjà confirmée
ping-used-body = La réception de ce test a été confirmée le { $at }. Aucune autre action n'est nécessaire.
ping-invalid-heading = Ce lien n'est pas valable
ping-invalid-body = Le lien est peut-être incomplet ou modifié. Copiez le lien entier depuis le message, ou connectez-vous au répertoire pour accuser réception du test.

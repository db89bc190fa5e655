# E-mails Liaison writes (issue 4): the ping of a point of contact, written in the entry's
# language with the English text below, and the escalation to a state's administrators, in
# each administrator's language. Plain text; arguments are filled in by the mail adapter. A link
# goes on a line of its own after the message that introduces it, outside any argument (Fluent's
# bidi isolation marks around it would keep mail clients from seeing a link).

mail-directory = the global intergovernmental directory of points of contact for ICT security
mail-ping-subject = Ping test of the points of contact directory: please acknowledge by { $deadline }
mail-ping-greeting = Dear point of contact,
mail-ping-intro = Every six months { $directory } checks that its information is current (Annex A, paragraph 8). This is the ping test of the campaign started on { $started }, for this entry:
mail-ping-entry = { $entry } ({ $state }, { $role } point of contact)
mail-ping-deadline = Please acknowledge receipt by { $deadline }.
mail-ping-deadline-local = In your time zone ({ $zone }) that is { $deadline }.
mail-ping-how = You can acknowledge in any of these ways:
mail-ping-how-link = open this link and press the button on the page that opens:
mail-ping-how-reply = reply to this message (what you write does not matter);
mail-ping-how-app = sign in to the directory, where the ping is listed.
mail-ping-key-expired = The OpenPGP key published for this entry expired on { $date }. Please publish a new key.
mail-ping-key-expiring = The OpenPGP key published for this entry expires on { $date }, before the next ping test. Please publish a new key in time.
mail-ping-outdated = If this entry is no longer correct, please ask your state's administrator of the directory to update it.
mail-ping-footer = This message was sent automatically. Please do not forward it: the link belongs to this entry and works once.
mail-english-follows = The same message in English follows.
mail-role-diplomatic = diplomatic
mail-role-technical = technical
mail-escalation-subject = Ping test: points of contact of { $state } did not answer ({ $count })
mail-escalation-greeting = Dear administrator,
mail-escalation-intro = In the ping test of the directory started on { $started }, these points of contact of { $state } did not acknowledge receipt by their deadline:
mail-escalation-no-response = no answer
mail-escalation-bounced = the message could not be delivered
mail-escalation-ask = Please check that these entries are still correct and update them in the directory, or ask the points of contact to acknowledge the ping.
mail-escalation-link = The directory:
mail-escalation-footer = This message was sent automatically by the directory because you administer the entries of { $state }.
mail-notification-subject = Directory of points of contact: a thread needs your attention (urgency: { $urgency })
mail-notification-urgency = Urgency of the thread: { $urgency }
mail-notification-sign-in = Sign in to the directory to read it. What points of contact exchange is encrypted end to end and is never sent by e-mail:
mail-notification-footer = This message was sent automatically. It only says that something happened in a thread; it contains nothing of the exchange.
mail-bridge-subject = Directory of points of contact: an encrypted message in one of your threads

# Liaison — text of the web pages (English).
# Each language folder holds the same message ids; a test fails when one is missing or unused.

## Every page

site-name = Global Intergovernmental Points of Contact Directory
nav-skip-to-content = Skip to content
nav-main = Main
nav-directory = Directory
nav-my-state = My State
nav-admin = Administration
nav-account = My account
nav-sign-out = Sign out
nav-sign-in = Sign in
nav-languages = Language
footer-source = Established under Annex A of the second annual progress report of the Open-ended Working Group on security of and in the use of information and communications technologies (A/78/265).
footer-software = Liaison, open-source software for the directory.

## Each language is named in itself, in every language file.

language-ar = العربية
language-zh = 中文
language-en = English
language-fr = Français
language-ru = Русский
language-es = Español

## The public page on the directory's mandate (Annex A §1–7).

mandate-title = The global, intergovernmental directory of points of contact for ICT security
mandate-intro = States Members of the United Nations agreed, in the Open-ended Working Group, to establish a global, intergovernmental directory through which States can reach one another's points of contact on the use of information and communications technologies (ICTs) in the context of international peace and security.
mandate-purpose-heading = Purpose
mandate-purpose-intro = The directory is a confidence-building measure in its own right and a basis for other such measures that help to foster an open, secure, stable, accessible and peaceful ICT environment. It is intended:
mandate-purpose-cooperation = To enhance interaction and cooperation between States, thereby promoting international peace and security and increasing transparency and predictability;
mandate-purpose-coordination = To facilitate coordination and communication between States, including in the event of an urgent or significant ICT incident, in order to build trust, reduce tensions and prevent misunderstanding and misperception;
mandate-purpose-exchange = To increase the exchange of information, so that States, including through capacity-building, are better able to prevent, detect, respond to and recover from ICT incidents;
mandate-purpose-channel = To provide for secure and direct communication between States that helps to prevent and address serious ICT incidents, including those affecting critical infrastructure, and to de-escalate tensions in crisis situations.
mandate-principles-heading = Principles
mandate-principle-voluntary-term = Voluntary
mandate-principle-voluntary = Each State decides whether to participate and what information to provide.
mandate-principle-neutral-term = Practical and neutral
mandate-principle-neutral = The directory serves all participating States equally. The directory manager operates the platform and does not alter the information that States provide.
mandate-principle-sovereignty-term = Sovereignty
mandate-principle-sovereignty = The directory is developed and used in accordance with the principles of sovereignty, sovereign equality, the settlement of disputes by peaceful means and non-intervention in the internal affairs of other States.
mandate-principle-complementary-term = Complementarity
mandate-principle-complementary = The directory takes into account and complements the work of the networks of computer emergency response teams (CERTs) and computer security incident response teams (CSIRTs), as well as existing regional directories.
mandate-contents-heading = What the directory contains
mandate-contents-nomination = Each participating State may nominate diplomatic and technical points of contact. A point of contact is either an authorized national entity or institution, or a designated representative of such an entity or institution.
mandate-contents-details = An entry gives the name of the entity, its telephone numbers and e-mail addresses, the name and title of the person concerned where applicable, and the working languages of the point of contact.
mandate-contents-languages = Entries may be submitted in any of the six official languages of the United Nations; States are encouraged to add an unofficial translation into English.
mandate-contents-roles = Diplomatic points of contact communicate with diplomatic points of contact, and technical points of contact with technical points of contact.
mandate-protection-heading = Protection of information
mandate-protection = The directory is hosted on a securely protected website and holds contact details only. It does not host confidential information sent by or exchanged between points of contact: such communication takes place through mutually agreed channels, including secure channels where appropriate.
mandate-joining-heading = How a State participates
mandate-joining-request = A State that wishes to participate requests access from the directory manager, the United Nations Office for Disarmament Affairs (UNODA), through its Permanent Mission to the United Nations in New York.
mandate-joining-admission = The directory manager admits the State as a participant in the directory.
mandate-joining-enrolment = The directory manager issues a single-use enrolment link, valid for a limited time, to the administrator designated by the State, who then nominates the State's points of contact and gives access to the persons who act for them.
mandate-joining-updates = The State keeps its information up to date on a rolling basis, whenever it changes.
mandate-access-note = This page describes the directory. The entries themselves are available only to signed-in users from participating States.

## Error pages.

error-back-home = Go to the home page
error-sign-in-title = Please sign in
error-sign-in-body = This page is available only to signed-in users from participating States.
error-forbidden-title = Not permitted
error-forbidden-body = Your account does not allow this action. If you think it should, contact your State's administrator.
error-not-found-title = Page not found
error-not-found-body = There is nothing at this address. Check the link, or use the navigation above.
error-csrf-title = The form has expired
error-csrf-body = For your security, the form could not be accepted. Go back, reload the page and submit it again.
error-conflict-title = This could not be done
error-conflict-body = The information changed in the meantime, or the action no longer applies. Reload the page to see the current state.
error-bad-request-title = The request could not be understood
error-bad-request-body = Some of the information sent is not valid. Go back and check the form.
error-too-many-title = Too many attempts
error-too-many-body = Please wait a little before trying again.
error-internal-title = Something went wrong
error-internal-body = The server could not complete the request. Nothing was changed. Please try again later.

# Liaison — threads between POCs (issue 5): the Annex A §10 notice, template labels and choice
# lists, and in-app notifications (English).

## Annex A §10 (COM-07, IR-13): shown with every inquiry, response and acknowledgement.

thread-notice-acknowledgement = The initial acknowledgement of receipt of a communication does not imply agreement with the information it contains, does not prejudice the position of the State that responds, and does not prejudge any communication that may follow.
thread-notice-territory = Notifying a State that its territory is being used to commit a wrongful act does not, in itself, imply that the State is responsible for that act.
thread-exercise-label = EXERCISE

## The templates (appendix to Annex A).

template-inquiry-title = Inquiry about an ICT security incident
template-response-title = Response to an inquiry
template-field-language = Language of the text
template-field-sender = Sender
template-field-sender-name = Name
template-field-sender-affiliation = Entity
template-field-incident = Nature of the incident
template-field-incident-category = Category
template-field-incident-sector = Sector affected
template-field-incident-observed-at = Observed at
template-field-incident-description = Description
template-field-request = Request
template-field-request-type = Type of request
template-field-request-details = Information or assistance requested
template-field-contact = Contact details
template-field-contact-email = E-mail
template-field-contact-phone = Telephone
template-field-contact-other = Other means of contact
template-field-time-sensitivity = Time sensitivity
template-field-urgency = Urgency
template-field-respond-by = Respond by
template-field-follow-up = Follow-up
template-field-proposed-channel = Proposed channel for follow-up
template-field-primary-agency = Primary agency for this incident
template-field-tlp = TLP marking
template-field-stix = Technical data (STIX 2.1)
template-field-translation = Translation by the writer
template-field-in-reply-to = In reply to
template-field-response = Response
template-field-response-type = Type of response
template-field-response-text = Text
template-field-estimated-time-frame = Estimated time frame
template-field-expected-by = Expected by
template-field-channel-agreed = Channel agreed
template-field-channel = Channel

inquiry-category-critical-infrastructure = Impact on critical infrastructure
inquiry-category-malware = Malware
inquiry-category-intrusion = Intrusion
inquiry-category-denial-of-service = Denial of service
inquiry-category-information-operations = Information operations
inquiry-category-vulnerability = Vulnerability
inquiry-category-spam-abuse = Spam or abuse
inquiry-category-other = Other

inquiry-sector-energy = Energy
inquiry-sector-transport = Transport
inquiry-sector-banking-finance = Banking and finance
inquiry-sector-health = Health
inquiry-sector-water = Water
inquiry-sector-digital-infrastructure = Digital infrastructure
inquiry-sector-telecommunications = Telecommunications
inquiry-sector-government = Government
inquiry-sector-defence = Defence
inquiry-sector-emergency-services = Emergency services
inquiry-sector-food-agriculture = Food and agriculture
inquiry-sector-manufacturing = Manufacturing
inquiry-sector-chemicals = Chemicals
inquiry-sector-space = Space
inquiry-sector-education-research = Education and research
inquiry-sector-media = Media
inquiry-sector-other = Other sector

inquiry-request-information = Request for information
inquiry-request-action = Request for action
inquiry-request-specific-assistance = Request for specific assistance

response-type-substantive = Immediate response
response-type-will-consider = The inquiry will be looked into, with follow-up to come

urgency-low = Low
urgency-normal = Normal
urgency-high = High
urgency-critical = Critical

tlp-clear = TLP:CLEAR — disclosure is not limited
tlp-green = TLP:GREEN — limited to the community
tlp-amber = TLP:AMBER — limited to the recipients' organisations, on a need-to-know basis
tlp-amber-strict = TLP:AMBER+STRICT — limited to the recipients' organisations only
tlp-red = TLP:RED — for the named recipients only

## In-app notifications.

notification-new-inquiry = A new inquiry has arrived.
notification-new-response = A new response has arrived in a thread.
notification-new-acknowledgement = Receipt of an inquiry has been acknowledged.
notification-new-note = A coordination note has been left for your state's POCs.
notification-consent-requested = A participant asks for your consent to share a thread with a third party.
notification-consent-decided = A participant has answered your request for consent.
notification-thread-closed = A thread has been closed.
notification-key-needed = An inquiry is waiting for you. Sign in and publish an OpenPGP key to receive it.
notification-recipient-key-available = A recipient who had no key has published one: re-encrypt your message for them.
notification-content-reencrypted = A message that was waiting for your key can now be read.
notification-state-thread-opened = Your state takes part in a new thread.

# Liaison — messages of the JSON API and command line (English).
# Each language folder holds the same message ids; a test fails when one is missing or unused.

## Refused fields (liaison_core::ErrorCode). { $field } is the JSON path of the field,
## { $detail } a short technical argument (a limit, a character code) or empty.

error-invalid-json = The text is not valid JSON ({ $detail }).
error-invalid-utf8 = The text is not valid UTF-8 ({ $detail }).
error-not-an-object = A JSON object was expected.
error-unknown-field = The field “{ $field }” is not part of a point-of-contact entry.
error-required = The field “{ $field }” is required.
error-wrong-type = The field “{ $field }” has the wrong type.
error-too-long = The field “{ $field }” is too long (at most { $detail } characters).
error-too-many = The field “{ $field }” has too many items (at most { $detail }).
error-forbidden-character = The field “{ $field }” contains a character that is not allowed ({ $detail }): control characters and bidirectional override characters are refused.
error-invalid-uuid = The identifier is not a valid UUID.
error-unknown-state = “{ $detail }” is not a two-letter code of a UN member or observer state.
error-not-a-un-state = “{ $detail }” is not a UN member or observer state.
error-invalid-role = The role must be “diplomatic” or “technical”.
error-invalid-kind = The kind must be “entity” or “person”.
error-invalid-phone = The telephone number in “{ $field }” is not in international E.164 form (for example +41227917000).
error-invalid-phone-type = The telephone type must be voice, mobile, emergency or fax.
error-invalid-email = The e-mail address in “{ $field }” is not valid.
error-invalid-language = The working language in “{ $field }” is not a valid ISO 639-1 language code.
error-invalid-entry-language = The entry language must be one of the six UN languages: ar, zh, en, fr, ru, es.
error-no-contact = Give at least one telephone number or e-mail address.
error-not-allowed-for-entity = The field “{ $field }” applies only to a person, not to an entity.
error-invalid-time-zone = The time zone must be an IANA time zone name such as Europe/Geneva.
error-invalid-availability = Availability must be “business_hours” or “24/7”.
error-invalid-openpgp-key = The OpenPGP public key was refused ({ $detail }).
error-duplicate-id = An entry with the identifier { $detail } already exists.
error-line-too-long = The entry is too large (at most { $detail } bytes).
error-state-mismatch = An entry cannot be moved to another state.
error-id-mismatch = The identifier in the body does not match the address.
error-invalid-flag = The flag must be “unreachable” or “unverified”.

## Request-level errors of the API.

api-unauthenticated = Sign-in required: send a valid access token.
api-forbidden = You are not allowed to do this.
api-not-participating = Your state does not currently participate in the directory.
api-other-state = This concerns another state: only its own administrators can do it.
api-neutrality = The directory administrator does not change a state's own entries.
api-not-found = Nothing was found at this address.
api-invalid-input = The request contains invalid values.
api-stale-revision = The entry has changed since you read it; read it again and repeat your change.
api-already-exists = An entry with this identifier already exists.
api-retired = This entry has been retired and can no longer be changed.
api-invalid-transition = This change of participation is not possible from the state's current status.
api-state-not-participating = The state does not participate in the directory; it must be admitted first.
api-flag-already-set = This flag is already set on the entry.
api-flag-not-set = This flag is not set on the entry.
api-conflict = The change conflicts with another change; try again.
api-internal = Something went wrong on the server. The problem has been logged.
api-body-too-large = The request is too large.
api-bad-parameter = The parameter “{ $field }” has an invalid value.
api-method-not-allowed = This method is not allowed at this address.
api-bad-request = The request could not be understood.
api-ping-not-valid = This ping link is not valid.
api-already-acknowledged = This ping was acknowledged already.
api-ping-not-issued = This ping has not been sent yet.
api-nothing-to-ping = No active entry matches the campaign's target.

## Threads between POCs (issue 5): refused fields.

error-unknown-recipient = “{ $field }” is not an entry of the directory.
error-recipient-unavailable = The entry in “{ $field }” cannot receive messages: it is retired, or its state does not participate in the directory.
error-duplicate-recipient = The entry in “{ $field }” is named twice.
error-invalid-ciphertext = The message is not an OpenPGP-encrypted message the directory can accept ({ $detail }). Encrypt it on your device to the participants' keys; the directory never holds readable content.
error-not-encrypted-to-recipient = The message is not encrypted to the current key of the entry { $detail }. Fetch the participants' keys again and encrypt to each of them.
error-not-encrypted-to-sender = The message must also be encrypted to your own published key, so that you keep a readable record of it.
error-encrypted-to-outsider = The message is also encrypted to the key { $detail }, which belongs to no participant. Information exchanged is not shared with third parties without consent.
error-sender-has-no-key = Your entry has no usable OpenPGP key: publish one before you write.
error-invalid-choice = The value of “{ $field }” is not one of the choices offered ({ $detail }).
error-invalid-timestamp = “{ $field }” must be a date and time in RFC 3339 form, for example 2025-06-01T08:30:00Z.
error-invalid-respond-by = The respond-by time must lie in the future, and at most a year ahead.
error-invalid-stix = “{ $field }” does not follow STIX 2.1: { $detail }.
error-invalid-template = The document does not say which template it follows (“template” and “version”), or names one this version of Liaison does not know.
error-invalid-key-blob = The private key was refused ({ $detail }): send an ASCII-armored OpenPGP private key whose every secret key is protected by a passphrase.
error-key-cannot-encrypt = This OpenPGP key has no key usable for encryption, so nobody could write to you with it.
error-key-expired = This OpenPGP key has expired.
error-invalid-device = The device label must be 1 to 64 letters, digits, dots, hyphens or underscores.
error-target-is-participant = The entry in “{ $field }” already takes part in the thread.

## Threads between POCs: request-level errors.

api-cross-role = The recipient in “{ $field }” has the other role: diplomatic POCs address diplomatic POCs of other states only, and technical POCs technical POCs only (Annex A §9).
api-own-state-recipient = The entry in “{ $field }” belongs to your own state: inquiries go to other states; use a coordination note to reach your own state's POCs.
api-not-participant = Only the POCs taking part in this thread can do this.
api-confidential = The directory administrator never sees what POCs exchange; only counts and timings are available.
api-thread-closed = This thread is closed: nothing can be added to it.
api-not-a-recipient = Only a recipient of the inquiry can do this.
api-not-delivered = The inquiry has not been delivered to you yet: open the thread first.
api-receipt-already-acknowledged = You have already acknowledged receipt.
api-awaiting-key = Your entry had no usable key when this was sent: publish a key and ask the sender to re-encrypt.
api-consent-required = Forwarding needs the recorded consent of every other participant, for these recipients (Annex A §11).
api-consent-not-pending = This request for consent has already been refused or used.
api-already-decided = Your entry has already answered this request.
api-own-request = You cannot answer your own request for consent.
api-nothing-to-reencrypt = No one this message was waiting for can read the new copy: encrypt it to the key they have now published.

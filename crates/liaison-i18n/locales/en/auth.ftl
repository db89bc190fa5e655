## auth.ftl — enrolment, signing in, second factors and the account page.

auth-role-admin = directory administrator
auth-role-state-admin = State administrator
auth-role-poc = point of contact user
auth-role-operator = operator

auth-link-ask-admin = If you still need an account, ask the person who sent you the link for a new one.
auth-link-used-title = This enrolment link has already been used
auth-link-used-body = Each enrolment link creates one account only. If you created your account with it, sign in instead.
auth-link-expired-title = This enrolment link has expired
auth-link-expired-body = Enrolment links are valid for a limited time only, and this one can no longer be used.
auth-link-revoked-title = This enrolment link has been withdrawn
auth-link-revoked-body = The person who issued this link withdrew it, so it can no longer be used.
auth-link-unknown-title = This enrolment link is not valid
auth-link-unknown-body = Check that the whole address was copied. Links that are incomplete or mistyped do not work.

auth-enrol-title = Create your account
auth-enrol-intro = This link is for { $name }, as { $role } for { $state }.
auth-enrol-intro-admin = This link is for { $name }, as { $role }.
auth-enrol-account = Sign-in details
auth-enrol-second-factor = Authenticator app
auth-enrol-second-factor-intro = Signing in also needs a code from an authenticator app on your phone or computer.
auth-enrol-submit = Create account
auth-errors-below = Some information needs correcting. See the messages below.

auth-field-login = Login
auth-hint-login = Choose the name you will type to sign in, for example your e-mail address. No spaces.
auth-field-password = Password
auth-hint-password = At least { $min } characters, in any language. A phrase of several words is easy to remember and hard to guess.
auth-field-password-confirm = Password again
auth-field-totp-code = Code from the app
auth-hint-totp-code = The 6-digit code the app shows now.
auth-field-code = Code
auth-hint-code = The 6-digit code from your authenticator app, or one of your recovery codes.

auth-totp-step-app = Open your authenticator app and add a new account.
auth-totp-step-key = Enter this key in the app, or open the address below on the device that has the app.
auth-totp-secret-label = Key
auth-totp-uri-label = Address for authenticator apps
auth-totp-step-code = Type the code the app now shows.

auth-error-login-invalid = Enter a login without spaces, of at most 254 characters.
auth-error-login-taken = This login is already in use. Choose another one.
auth-error-password-short = The password must have at least { $min } characters.
auth-error-password-long = The password is too long: use at most 256 characters.
auth-error-password-control = The password contains characters that cannot be typed. Use letters, digits, spaces and punctuation.
auth-error-password-mismatch = The two passwords are not the same.
auth-error-code-wrong = This code is not right. Check that the key was entered correctly and type the code the app shows now.
auth-error-name-invalid = Enter a name of at most 100 characters.
auth-error-last-factor = This cannot be removed: your account would have no second factor left.

auth-enrolled-title = Your account is ready
auth-recovery-intro = Keep these recovery codes somewhere safe, away from your phone. If you lose your authenticator app, each code lets you sign in once instead of a code from the app.
auth-recovery-new-title = Your new recovery codes
auth-recovery-once = They are shown only this once. Any earlier recovery codes no longer work.
auth-continue = Continue

auth-sign-in-title = Sign in
auth-sign-in-submit = Continue
auth-sign-in-help = Accounts are given to people designated by participating States. If you cannot sign in, contact your State's administrator.
auth-error-sign-in-failed = The login or password is not right, or the account cannot be used.
auth-error-too-many = Too many failed attempts. Please try again later.
auth-error-start-again = The sign-in took too long or had too many attempts. Please start again.
auth-code-title = Enter your code
auth-code-submit = Sign in
auth-code-start-again = Start again
auth-error-code-failed = The code is not right, or it has already been used.

auth-account-title = My account
auth-account-name = Name
auth-account-role = Role
auth-account-totp-heading = Authenticator app
auth-account-totp-on = Signing in asks for a code from your authenticator app.
auth-account-totp-off = No authenticator app is set up.
auth-account-totp-intro = To move to a new phone or app, set it up with this new key. The old app stops working once the new code is accepted.
auth-account-totp-submit = Use this app
auth-account-totp-changed = Your authenticator app has been changed.
auth-account-recovery-heading = Recovery codes
auth-account-recovery-left = Recovery codes left: { $count }
auth-account-recovery-intro = New codes replace all the earlier ones.
auth-account-recovery-submit = Make new recovery codes
auth-account-sessions-heading = Sessions
auth-account-sessions-intro = If you signed in on a computer you no longer use, or think someone else has, sign out everywhere. You will need to sign in again here too.
auth-account-sign-out-everywhere = Sign out everywhere

## Passkeys.

auth-passkeys-heading = Passkeys
auth-passkeys-intro = A passkey lets you sign in with your device's screen lock or a security key, without a password or code.
auth-passkeys-none = You have no passkeys.
auth-passkey-col-name = Name
auth-passkey-col-added = Added
auth-passkey-col-used = Last used
auth-passkey-col-actions = Actions
auth-passkey-remove = Remove
auth-passkey-remove-named = Remove the passkey { $name }
auth-passkey-never = Never
auth-passkey-name = Name of the new passkey
auth-passkey-name-hint = For example the device it is on, so you can tell your passkeys apart.
auth-passkey-register = Add a passkey
auth-passkey-failed = The passkey could not be used. Please try again.
auth-passkey-unsupported = This browser cannot use passkeys.
auth-passkey-sign-in = Sign in with a passkey
auth-account-passkey-added = The passkey has been added.
auth-account-passkey-removed = The passkey has been removed.
auth-field-email = E-mail address
auth-hint-email = Where the directory writes to you, for example when points of contact of your state do not answer a ping test.
auth-field-language = Language of messages
auth-error-email-invalid = Enter a valid e-mail address.
auth-account-contact-heading = Messages from the directory
auth-account-contact-submit = Save
auth-account-contact-saved = Your address and language have been saved.

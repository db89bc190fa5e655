## admin.ftl — the administration pages: participation of States, people and enrolment
## links, flags on entries, the audit log (English).

admin-title = Administration of the directory
admin-audit-link = Read the audit log
admin-filter-status = Participation
admin-filter-any-status = Any participation status
admin-filter-group = Regional group
admin-filter-any-group = Any regional group
admin-filter-apply = Show
admin-states-shown = { $shown } of { $total } States shown.
admin-states-caption = States and their participation in the directory
admin-col-state = State
admin-col-group = Regional group
admin-col-status = Status
admin-col-since = Since
admin-col-pocs = Active points of contact
admin-col-users = Users
admin-col-actions = Actions
admin-col-name = Name
admin-col-login = Login
admin-col-role = Role
admin-col-entry = Point of contact
admin-col-enrolled = Enrolled on
admin-col-issued = Issued on
admin-col-expires = Expires
admin-action-admit = Admit
admin-action-resume = Resume
admin-action-suspend = Suspend
admin-action-people = People
admin-action-revoke = Revoke the link
admin-cancel = Cancel

admin-status-not-participating = Not participating
admin-status-participating = Participating
admin-status-suspended = Suspended
admin-group-african = African States
admin-group-asia-pacific = Asia-Pacific States
admin-group-eastern-european = Eastern European States
admin-group-latin-american-caribbean = Latin American and Caribbean States
admin-group-western-european-others = Western European and other States
admin-group-none = No regional group
admin-role-state-admin = State administrator
admin-role-poc = Point-of-contact user
admin-role-admin = Directory administrator
admin-role-operator = Server operator
admin-flag-unreachable = Unreachable
admin-flag-unverified = Unverified

## Admitting, suspending and resuming a State.

admin-admit-heading = Admit { $state } to the directory
admin-admit-explanation = { $state } will participate in the directory: its administrators can be enrolled, and its points of contact can be nominated and read.
admin-resume-heading = Resume the participation of { $state }
admin-resume-explanation = { $state } will participate again: its users regain access, and its entries, kept during the suspension, become visible again.
admin-suspend-heading = Suspend the participation of { $state }
admin-suspend-explanation = Users of { $state } will lose access to the directory until its participation is resumed. Its entries are kept but no longer shown.
admin-reason-label = Reason
admin-reason-hint = Optional. Kept in the audit log, e.g. the note verbale received from the Permanent Mission.
admin-notice-admitted = { $state } has been admitted to the directory.
admin-notice-suspended = The participation of { $state } has been suspended.
admin-notice-resumed = The participation of { $state } has been resumed.

## People of a State and enrolment links.

admin-people-heading = People of { $state }
admin-people-state-page = Page of the State
admin-people-audit = Audit log of the State
admin-users-heading = Users
admin-users-none = No user has enrolled yet.
admin-user-active = Active
admin-user-disabled = Disabled
admin-links-heading = Enrolment links
admin-links-none = No enrolment link has been issued.
admin-link-pending = Pending
admin-link-used = Used
admin-link-expired = Expired
admin-link-revoked = Revoked
admin-issue-heading = Issue an enrolment link
admin-issue-intro = The link lets one named person create an account with the role chosen here. It can be used once and expires after the period given.
admin-issue-not-participating = This State does not participate in the directory at present: no link can be issued for it.
admin-field-role = Role
admin-field-display-name = Name of the person
admin-field-display-name-hint = As the person should appear to other users, e.g. with their title.
admin-field-poc = Point of contact the user acts for
admin-field-poc-hint = Only for a point-of-contact user: one of the State's current entries.
admin-field-poc-none = None (State administrator)
admin-field-valid-days = Valid for (days)
admin-days-hint = From 1 to { $max } days; { $default } if left empty.
admin-issue-button = Issue the link
admin-issued-title = Enrolment link issued
admin-issued-for = For { $name }, { $role } of { $state }.
admin-issued-once = This link is shown only once: copy it now. It expires on { $expires }.
admin-issued-deliver = Send it to the person through a channel you trust, such as the Permanent Mission. Anyone who has the link can use it to enrol.
admin-issued-back = Back to the people of the State
admin-revoke-heading = Revoke the enrolment link of { $name } ({ $role })?
admin-revoke-explanation = The link will stop working at once. You can issue a new one at any time.
admin-notice-revoked = The enrolment link has been revoked.

## Flags on an entry.

admin-flags-heading = Flags on “{ $entry }” ({ $state })
admin-flags-entry-link = Go to the entry
admin-flags-retired = This entry has been retired: no new flag can be set.
admin-flags-current = Flags set
admin-flags-none = This entry has no flag.
admin-flag-set-by = set { $when } by { $actor }
admin-flags-reason = Reason:
admin-flags-remove = Remove the flag
admin-flags-set-heading = Set a flag
admin-field-flag = Flag
admin-flags-reason-hint = Optional. Visible in the entry's history and the audit log.
admin-flags-set-button = Set the flag
admin-notice-flag-set = The flag has been set.
admin-notice-flag-removed = The flag has been removed.

## The audit log.

admin-audit-title = Audit log
admin-audit-own-state = Records about your State:
admin-audit-filter-state = State
admin-audit-any-state = All States
admin-audit-filter-action = Action (code, e.g. state.admitted)
admin-audit-filter-subject = Subject (entry, link or token identifier)
admin-audit-filter-actor = Actor (e.g. user:login)
admin-audit-none = No record matches these filters.
admin-audit-caption = Audit records, newest first
admin-audit-col-seq = No.
admin-audit-col-time = Time
admin-audit-col-actor = Actor
admin-audit-col-action = Action
admin-audit-col-subject = Subject
admin-audit-col-detail = Details
admin-audit-paging = Pages of the audit log
admin-audit-newest = Newest records
admin-audit-older = Older records
admin-audit-action-state-admitted = State admitted
admin-audit-action-state-suspended = State suspended
admin-audit-action-state-resumed = Participation resumed
admin-audit-action-poc-create = Point of contact nominated
admin-audit-action-poc-update = Point of contact updated
admin-audit-action-poc-retire = Point of contact retired
admin-audit-action-poc-flag = Flag set
admin-audit-action-poc-unflag = Flag removed
admin-audit-action-token-issue = API token issued
admin-audit-action-token-revoke = API token revoked
admin-audit-action-enrolment-issue = Enrolment link issued
admin-audit-action-enrolment-revoke = Enrolment link revoked
admin-audit-key-reason = Reason
admin-audit-key-role = Role
admin-audit-key-revision = Revision
admin-audit-key-flags = Flags
admin-audit-key-display-name = Name
admin-audit-key-expires = Expires
admin-audit-key-entry = Point of contact

## Errors in the forms.

admin-error-required = Please fill in this field.
admin-error-too-long = This is too long: at most { $max } characters.
admin-error-forbidden-character = This contains a character that is not allowed (a control or text-direction character).
admin-error-invalid = This value is not valid.
admin-error-role = Choose one of the roles offered.
admin-error-days = Enter a whole number of days from 1 to { $max }.
admin-error-poc-required = A point-of-contact user must be bound to one of the State's entries: choose one.
admin-error-poc-other-state = This entry belongs to another State.
admin-error-poc-unknown = This entry does not exist.
admin-error-poc-retired = This entry has been retired: choose a current one.
admin-error-not-participating = This State does not participate in the directory at present: no link can be issued for it.
admin-error-flag = Choose one of the flags offered.
admin-error-flag-already-set = This flag is already set on the entry.
admin-error-flag-not-set = This flag is not set on the entry (any more).
admin-error-state = Choose one of the States offered.
admin-field-email = E-mail address (optional)
admin-field-email-hint = If you know it: it is filled in on their enrolment form, where they confirm or correct it.

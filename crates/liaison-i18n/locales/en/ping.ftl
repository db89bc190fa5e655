# The page a ping's link opens (issue 4): it shows the entry and the deadline, and only its
# button acknowledges (a link fetched by a mail security gateway changes nothing).

ping-title = Ping test
ping-confirm-heading = Acknowledge the ping test
ping-confirm-intro = Every six months the directory asks each point of contact to confirm that it receives the directory's messages. Press the button to acknowledge receipt.
ping-entry = Entry
ping-state = State
ping-role = Role
ping-campaign = Ping test started
ping-due = Please acknowledge by
ping-button = I acknowledge receipt
ping-late-note = The deadline has passed. Your acknowledgement is still recorded, and marked late.
ping-update-hint = If this entry is no longer correct, please ask your state's administrator of the directory to update it.
ping-done-heading = Thank you
ping-done-on-time = Your acknowledgement was recorded on { $at }.
ping-done-late = Your acknowledgement was recorded on { $at }, after the deadline: it is kept and marked late.
ping-used-heading = Already acknowledged
ping-used-body = This ping was acknowledged on { $at }. Nothing more is needed.
ping-invalid-heading = This link is not valid
ping-invalid-body = The link may be incomplete or altered. Copy the whole link from the message, or sign in to the directory to acknowledge the ping there.

//! The SMTP session state machine of the listener (skeleton).

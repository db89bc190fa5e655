//! One SMTP client connection (skeleton).

//! `liaison-mail`: SMTP and MIME for Liaison, knowing nothing of the domain.
//!
//! - [`relay`]: outbound mail through a relay, with the handover hook that lets the caller
//!   commit "handed over" just before the final dot (issue 4: no ping sent twice or skipped).
//! - [`message`]: RFC 5322 messages (plain text, text + HTML, PGP/MIME encrypted per RFC 3156)
//!   and a parser for received ones that recognises delivery status notifications and
//!   auto-replies.
//! - [`inbound`]: a small, hardened SMTP listener for replies and bounces.
//!
//! Sending one ping, committing "handed over" just before the relay takes it:
//!
//! ```no_run
//! use liaison_mail::{Address, Envelope, HandoverError, Mailbox, MessageBuilder, Relay,
//!                    RelayConfig, RelayOptions, SendError};
//!
//! # async fn example(now: jiff::Timestamp) -> Result<(), Box<dyn std::error::Error>> {
//! let relay = Relay::new(RelayConfig::parse(&RelayOptions {
//!     url: "smtp://relay.example:587".into(),
//!     mail_from: "directory@un.example".into(),
//!     ..RelayOptions::default()
//! })?)?;
//! let to = Address::parse("cert@eg.example")?;
//! let message = MessageBuilder::new(
//!     Mailbox::new(Some("Directory".into()), relay.default_sender().clone()),
//!     now,
//! )
//! .to(to.clone().into())
//! .reply_to(Address::parse("ping-T0k3n@reply.un.example")?.into())
//! .subject("Ping test — please acknowledge")
//! .text("…")
//! .build()?;
//! let envelope = Envelope::new(Address::parse("bounce-T0k3n@reply.un.example")?, vec![to])?;
//! match relay
//!     .send(&envelope, &message.bytes, || async {
//!         // UPDATE ping_challenges SET state = 'sent' … ; COMMIT — or return Err to abort.
//!         Ok::<(), HandoverError>(())
//!     })
//!     .await
//! {
//!     Ok(_accepted) => {}                                  // delivered to the relay
//!     Err(e) if e.was_handed_over() => { /* recorded as sent: never resend blindly */ }
//!     Err(e) if e.is_temporary() => { /* retry later with backoff */ }
//!     Err(SendError::RecipientsRefused { .. }) | Err(_) => { /* bounced */ }
//! }
//! # Ok(()) }
//! ```

pub mod address;
pub mod inbound;
pub mod message;
pub mod relay;

#[cfg(test)]
mod test_sink;

/// Entry points for the cargo-fuzz targets in `fuzz/`; not part of the API.
#[doc(hidden)]
pub mod fuzzing {
    /// One inbound SMTP session over `input`; returns the server's replies.
    pub fn inbound_session(input: &[u8]) -> Vec<u8> {
        crate::inbound::scripted::run_session(input)
    }

    /// The received-message parser.
    pub fn parse_message(input: &[u8]) {
        let _ = crate::message::parse(input);
    }
}

pub use address::{Address, AddressError};
pub use inbound::{
    DeliverVerdict, InboundEnvelope, InboundHandler, InboundLimits, InboundServer, RecipientVerdict,
};
pub use message::{
    AutoReplyReason, BuiltMessage, DeliveryReport, DsnAction, Mailbox, MessageBuilder,
    MessageError, MessageId, MessageKind, ReceivedMessage, RecipientStatus, parse,
};
pub use relay::{
    Accepted, Envelope, EnvelopeError, HandoverError, MessageRejected, RefusedRecipient, Relay,
    RelayConfig, RelayConfigError, RelayOptions, Reply, SendError, TlsMode,
};

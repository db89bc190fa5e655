//! `liaison-mail`: SMTP and MIME for Liaison, knowing nothing of the domain.
//!
//! - [`relay`]: outbound mail through a relay, with the handover hook that lets the caller
//!   commit "handed over" just before the final dot (issue 4: no ping sent twice or skipped).
//! - [`message`]: RFC 5322 messages (plain text, text + HTML, PGP/MIME encrypted per RFC 3156)
//!   and a parser for received ones that recognises delivery status notifications and
//!   auto-replies.
//! - [`inbound`]: a small, hardened SMTP listener for replies and bounces.

pub mod address;
pub mod inbound;
pub mod message;
pub mod relay;

#[cfg(test)]
mod test_sink;

pub use address::{Address, AddressError};
pub use inbound::{
    DeliverVerdict, InboundEnvelope, InboundHandler, InboundLimits, InboundServer, RecipientVerdict,
};
pub use message::{
    BuiltMessage, Mailbox, MessageBuilder, MessageError, MessageId, ReceivedMessage,
};
pub use relay::{
    Accepted, Envelope, EnvelopeError, HandoverError, Relay, RelayConfig, RelayConfigError,
    RelayOptions, Reply, SendError, TlsMode,
};

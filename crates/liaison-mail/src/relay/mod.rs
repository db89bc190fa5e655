//! Outbound mail through one configured relay (smarthost).
//!
//! The one thing this module exists for is [`Relay::send`]'s handover hook: issue 4 asks that a
//! crash neither sends a ping twice nor skips one. `send` transmits the whole message and, just
//! before the final `CRLF.CRLF` that makes the relay take responsibility for it, awaits the
//! caller's `handover()` — where the caller commits "handed over" to its database. If that commit
//! fails, the connection is dropped without the dot and the relay delivers nothing; if it
//! succeeds, the dot follows at once. A crash between the commit and the dot loses one message
//! that the database says was handed over (the caller sees it as sent and never sends it twice);
//! the reverse — delivered but not recorded — cannot happen.

mod client;
mod config;
mod pool;
pub(crate) mod tls;

#[cfg(test)]
mod sink_tests;

use std::fmt;
use std::future::Future;
use std::sync::Arc;

pub use config::{Credentials, RelayConfig, RelayConfigError, RelayOptions, Secret, TlsMode};

use crate::address::Address;

/// The SMTP envelope of one message: reverse path and recipients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    mail_from: Option<Address>,
    recipients: Vec<Address>,
}

/// Why an [`Envelope`] was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    #[error("an envelope needs at least one recipient")]
    NoRecipient,
    #[error("an envelope has at most {max} recipients")]
    TooManyRecipients { max: usize },
    #[error("a recipient appears twice in the envelope")]
    DuplicateRecipient,
}

impl Envelope {
    /// Most recipients of one envelope; RFC 5321 §4.5.3.1.8 obliges relays to take 100.
    pub const MAX_RECIPIENTS: usize = 100;

    /// An envelope with a return path (where bounces go: `--mail-from` or a VERP address).
    pub fn new(mail_from: Address, recipients: Vec<Address>) -> Result<Envelope, EnvelopeError> {
        Envelope::build(Some(mail_from), recipients)
    }

    /// An envelope with the null return path `<>`, for messages that must never cause a bounce
    /// (RFC 5321 §4.5.5: notifications about other messages).
    pub fn null_sender(recipients: Vec<Address>) -> Result<Envelope, EnvelopeError> {
        Envelope::build(None, recipients)
    }

    fn build(
        mail_from: Option<Address>,
        recipients: Vec<Address>,
    ) -> Result<Envelope, EnvelopeError> {
        if recipients.is_empty() {
            return Err(EnvelopeError::NoRecipient);
        }
        if recipients.len() > Self::MAX_RECIPIENTS {
            return Err(EnvelopeError::TooManyRecipients {
                max: Self::MAX_RECIPIENTS,
            });
        }
        let mut seen = std::collections::HashSet::new();
        if !recipients.iter().all(|r| seen.insert(r.as_str())) {
            return Err(EnvelopeError::DuplicateRecipient);
        }
        Ok(Envelope {
            mail_from,
            recipients,
        })
    }

    /// `None` is the null return path `<>`.
    pub fn mail_from(&self) -> Option<&Address> {
        self.mail_from.as_ref()
    }

    pub fn recipients(&self) -> &[Address] {
        &self.recipients
    }
}

/// One SMTP reply as the relay sent it: the code, the enhanced status code when given (RFC
/// 3463, e.g. `5.1.1`), and the text lines joined by `\n`, with control characters removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub code: u16,
    pub enhanced: Option<String>,
    pub text: String,
}

impl Reply {
    pub fn is_positive(&self) -> bool {
        (200..400).contains(&self.code)
    }

    pub fn is_temporary(&self) -> bool {
        (400..500).contains(&self.code)
    }

    pub fn is_permanent(&self) -> bool {
        self.code >= 500
    }
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.enhanced {
            Some(e) => write!(f, "{} {} {}", self.code, e, self.text),
            None => write!(f, "{} {}", self.code, self.text),
        }
    }
}

/// A recipient the relay refused at `RCPT TO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefusedRecipient {
    pub address: Address,
    pub reply: Reply,
}

impl RefusedRecipient {
    /// 5xx: the relay will never take this recipient (mark bounced); 4xx: try again later.
    pub fn is_permanent(&self) -> bool {
        self.reply.is_permanent()
    }
}

/// The relay took the message (2xx after the final dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    pub reply: Reply,
    /// Recipients refused at `RCPT TO` while others were accepted; the message went to the
    /// others only.
    pub refused: Vec<RefusedRecipient>,
}

/// Why the caller's handover failed; `send` then aborts the transaction without the final dot.
#[derive(Debug)]
pub struct HandoverError(pub Box<dyn std::error::Error + Send + Sync>);

impl HandoverError {
    pub fn new(error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> HandoverError {
        HandoverError(error.into())
    }
}

impl fmt::Display for HandoverError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "handover failed: {}", self.0)
    }
}

impl std::error::Error for HandoverError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.0)
    }
}

/// Why a message was not sent (or, for [`SendError::Unconfirmed`], may have been).
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    /// Nothing was delivered and trying again later may work: a 4xx reply (before or after the
    /// dot), a connection, TLS or timeout failure before the dot, a relay that closed on us.
    /// `reply` is the relay's answer when there was one.
    /// `handed_over` is true when the refusal came after the final dot, i.e. after the caller's
    /// handover committed: the caller then has to move its record back (retry later).
    #[error("temporary failure: {reason}")]
    Temporary {
        reason: String,
        reply: Option<Reply>,
        handed_over: bool,
    },
    /// The relay refused the message for good (5xx to MAIL FROM, DATA or the final dot).
    /// `handed_over` as for `Temporary`: true when the 5xx answered the final dot.
    #[error("permanent failure: {reply}")]
    Permanent { reply: Reply, handed_over: bool },
    /// Every recipient was refused at `RCPT TO`; nothing was sent and `handover` was not called.
    /// Each refusal says whether it is permanent.
    #[error("all recipients refused")]
    RecipientsRefused { refused: Vec<RefusedRecipient> },
    /// The caller's handover failed; the transaction was aborted without the final dot, so the
    /// relay delivers nothing.
    #[error(transparent)]
    Handover(HandoverError),
    /// The final dot was written after a successful handover but no reply was read (connection
    /// lost or timed out). The relay may well have accepted the message: the caller has recorded
    /// it as handed over and must not send it again blindly.
    #[error("no reply after the end of data: {reason}")]
    Unconfirmed { reason: String },
    /// The message cannot be sent as given (bare CR or LF, a line over 998 bytes, 8-bit content
    /// to a relay without 8BITMIME, larger than the relay's SIZE); retrying will not help.
    #[error("message refused before sending: {0}")]
    Message(#[from] MessageRejected),
}

impl SendError {
    /// Whether trying the same message again later may succeed.
    pub fn is_temporary(&self) -> bool {
        match self {
            SendError::Temporary { .. } => true,
            SendError::RecipientsRefused { refused } => refused.iter().any(|r| !r.is_permanent()),
            SendError::Handover(_) => true,
            SendError::Permanent { .. } | SendError::Unconfirmed { .. } | SendError::Message(_) => {
                false
            }
        }
    }

    /// Whether the caller's handover ran and succeeded (so the database says "handed over").
    pub fn was_handed_over(&self) -> bool {
        match self {
            SendError::Unconfirmed { .. } => true,
            SendError::Temporary { handed_over, .. } | SendError::Permanent { handed_over, .. } => {
                *handed_over
            }
            SendError::RecipientsRefused { .. }
            | SendError::Handover(_)
            | SendError::Message(_) => false,
        }
    }
}

/// Why a message was refused before anything was sent.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageRejected {
    #[error("the message contains a bare CR or LF (lines must end in CRLF)")]
    BareNewline,
    #[error("line {line} is longer than 998 bytes")]
    LineTooLong { line: usize },
    #[error("the message has 8-bit content and the relay does not offer 8BITMIME")]
    EightBitUnsupported,
    #[error("the message has {size} bytes, more than the relay's limit of {limit}")]
    TooLarge { size: usize, limit: usize },
    #[error("the message is empty")]
    Empty,
}

/// A relay client: cheap to clone, shareable across tasks; each concurrent `send` uses its own
/// pooled connection (at most `max_connections`; the others wait for one).
#[derive(Clone)]
pub struct Relay {
    inner: Arc<pool::Pool>,
}

impl fmt::Debug for Relay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Relay")
            .field("host", &self.inner.config().host())
            .field("port", &self.inner.config().port())
            .field("tls", &self.inner.config().tls())
            .finish()
    }
}

impl Relay {
    /// Builds the client (TLS trust roots included); connects lazily, on the first send.
    pub fn new(config: RelayConfig) -> Result<Relay, RelayConfigError> {
        Ok(Relay {
            inner: Arc::new(pool::Pool::new(config)?),
        })
    }

    pub fn config(&self) -> &RelayConfig {
        self.inner.config()
    }

    /// The envelope sender from `--mail-from`.
    pub fn default_sender(&self) -> &Address {
        self.inner.config().mail_from()
    }

    /// Connects, says EHLO (and STARTTLS, AUTH as configured) and QUITs: a start-up check that
    /// the relay is reachable and the credentials work.
    pub async fn check(&self) -> Result<(), SendError> {
        self.inner.check().await
    }

    /// Sends `message` (CRLF line endings, as [`crate::message::MessageBuilder`] writes them;
    /// dot-stuffing is done here) to the envelope's recipients.
    ///
    /// Order: `MAIL FROM`, every `RCPT TO` (refused recipients are collected; if all are refused,
    /// nothing more happens and `handover` is not called), `DATA`, the whole message — then
    /// `handover().await`, then the final `.` and its reply. See the module documentation for
    /// why, and [`SendError`] for what each failure means.
    pub async fn send<H, F>(
        &self,
        envelope: &Envelope,
        message: &[u8],
        handover: H,
    ) -> Result<Accepted, SendError>
    where
        H: FnOnce() -> F + Send,
        F: Future<Output = Result<(), HandoverError>> + Send,
    {
        self.inner.send(envelope, message, handover).await
    }
}

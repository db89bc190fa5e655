//! RFC 5322 messages: a builder for what Liaison sends and a parser for what it receives.

mod build;
mod encode;
mod parse;

use std::fmt;

pub use build::{BuiltMessage, MessageBuilder, MessageError};
pub use parse::{
    AutoReplyReason, DeliveryReport, DsnAction, MessageKind, ParseError, ReceivedMessage,
    RecipientStatus, parse,
};

use crate::address::Address;

/// An address with an optional display name (`"Name" <local@domain>`). The name may be any
/// Unicode text without control characters; it is RFC 2047-encoded when not plain ASCII.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mailbox {
    pub name: Option<String>,
    pub address: Address,
}

impl Mailbox {
    pub fn new(name: Option<String>, address: Address) -> Mailbox {
        Mailbox { name, address }
    }

    pub fn address(address: Address) -> Mailbox {
        Mailbox {
            name: None,
            address,
        }
    }
}

impl From<Address> for Mailbox {
    fn from(address: Address) -> Mailbox {
        Mailbox::address(address)
    }
}

/// A Message-ID without its angle brackets: `left@right`, printable ASCII, no spaces, `<`, `>`
/// or `@` outside the one separator, at most 250 bytes.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct MessageId(String);

/// Why a text is not a [`MessageId`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a valid Message-ID (left@right, printable ASCII, at most 250 bytes)")]
pub struct MessageIdError;

impl MessageId {
    pub const MAX_LEN: usize = 250;

    /// `<uuid@domain>`: unique without coordination between replicas.
    pub fn generate(domain: &str) -> Result<MessageId, MessageIdError> {
        MessageId::parse(&format!("{}@{domain}", uuid::Uuid::new_v4().simple()))
    }

    /// Accepts `left@right` with or without the angle brackets.
    pub fn parse(raw: &str) -> Result<MessageId, MessageIdError> {
        let inner = raw
            .strip_prefix('<')
            .and_then(|r| r.strip_suffix('>'))
            .unwrap_or(raw);
        let ok_char = |b: u8| b.is_ascii_graphic() && !b"<>\"\\()[],;:".contains(&b);
        let (left, right) = inner.split_once('@').ok_or(MessageIdError)?;
        let valid = inner.len() <= Self::MAX_LEN
            && !left.is_empty()
            && !right.is_empty()
            && !right.contains('@')
            && left.bytes().all(ok_char)
            && right.bytes().all(ok_char);
        if valid {
            Ok(MessageId(inner.to_owned()))
        } else {
            Err(MessageIdError)
        }
    }

    /// Without angle brackets.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for MessageId {
    /// With angle brackets, as headers carry it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{}>", self.0)
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageId(<{}>)", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_parse_with_or_without_brackets() {
        let id = MessageId::parse("<abc.1@un.example>").unwrap();
        assert_eq!(id.as_str(), "abc.1@un.example");
        assert_eq!(id.to_string(), "<abc.1@un.example>");
        assert_eq!(MessageId::parse("abc.1@un.example").unwrap(), id);
        for bad in [
            "",
            "abc",
            "<a b@c>",
            "a@b@c",
            "a@b>\r\nBcc: x",
            "<@b>",
            "<a@>",
        ] {
            assert!(MessageId::parse(bad).is_err(), "{bad:?}");
        }
        let g = MessageId::generate("directory.un.example").unwrap();
        assert!(g.as_str().ends_with("@directory.un.example"));
        assert_ne!(g, MessageId::generate("directory.un.example").unwrap());
    }
}

//! Mailbox addresses as SMTP carries them in `MAIL FROM` / `RCPT TO` and as headers name them.

use std::fmt;

/// Why a text is not an [`Address`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AddressError {
    #[error("address is empty")]
    Empty,
    #[error("address is longer than {max} bytes")]
    TooLong { max: usize },
    #[error("address contains non-ASCII characters (SMTPUTF8 is not supported)")]
    NonAscii,
    #[error("address has no single '@'")]
    NoAt,
    #[error("local part is empty, longer than 64 bytes or not a dot-atom")]
    LocalPart,
    #[error("domain is not a host name of at least two LDH labels")]
    Domain,
}

/// An ASCII `local@domain` address: a dot-atom local part (≤ 64 bytes) and a host name of at
/// least two LDH labels, at most 254 bytes in all — the same rule as the directory's `Email`, so
/// every POC address converts. Quoted local parts, address literals and internationalised
/// addresses (SMTPUTF8) are refused: nothing Liaison sends or expects needs them, and they are
/// where header-injection and look-alike tricks live.
///
/// The domain is folded to lower case (host names are case-insensitive); the local part keeps its
/// case (RFC 5321 §2.4), which matters for per-challenge reply tokens.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Address {
    text: String,
    at: usize,
}

impl Address {
    pub const MAX_LEN: usize = 254;
    pub const MAX_LOCAL_LEN: usize = 64;

    pub fn parse(raw: &str) -> Result<Address, AddressError> {
        if raw.is_empty() {
            return Err(AddressError::Empty);
        }
        if raw.len() > Self::MAX_LEN {
            return Err(AddressError::TooLong { max: Self::MAX_LEN });
        }
        if !raw.is_ascii() {
            return Err(AddressError::NonAscii);
        }
        let (local, domain) = raw.split_once('@').ok_or(AddressError::NoAt)?;
        if domain.contains('@') {
            return Err(AddressError::NoAt);
        }
        if !is_dot_atom(local) || local.len() > Self::MAX_LOCAL_LEN {
            return Err(AddressError::LocalPart);
        }
        if !is_host_name(domain) {
            return Err(AddressError::Domain);
        }
        Ok(Address {
            text: format!("{local}@{}", domain.to_ascii_lowercase()),
            at: local.len(),
        })
    }

    /// Builds `local@domain` from parts, e.g. a per-challenge reply address.
    pub fn from_parts(local: &str, domain: &str) -> Result<Address, AddressError> {
        Address::parse(&format!("{local}@{domain}"))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn local_part(&self) -> &str {
        &self.text[..self.at]
    }

    /// The domain, lower case.
    pub fn domain(&self) -> &str {
        &self.text[self.at + 1..]
    }
}

impl fmt::Display for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for Address {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Address({})", self.text)
    }
}

impl std::str::FromStr for Address {
    type Err = AddressError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Address::parse(s)
    }
}

fn is_atext(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b)
}

fn is_dot_atom(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|part| !part.is_empty() && part.bytes().all(is_atext))
}

/// A host name of at least two LDH labels (RFC 1123), each 1–63 bytes, at most 253 in all.
pub(crate) fn is_host_name(s: &str) -> bool {
    if s.is_empty() || s.len() > 253 {
        return false;
    }
    let mut labels = 0;
    for label in s.split('.') {
        labels += 1;
        let b = label.as_bytes();
        let ok = !b.is_empty()
            && b.len() <= 63
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
            && b.first() != Some(&b'-')
            && b.last() != Some(&b'-');
        if !ok {
            return false;
        }
    }
    labels >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn accepts_dot_atoms_and_folds_the_domain_only() {
        let a = Address::parse("Ping-AbC.x+y@Reply.Directory.EXAMPLE").unwrap();
        assert_eq!(a.as_str(), "Ping-AbC.x+y@reply.directory.example");
        assert_eq!(a.local_part(), "Ping-AbC.x+y");
        assert_eq!(a.domain(), "reply.directory.example");
    }

    #[test]
    fn refuses_what_smtp_commands_could_be_smuggled_in() {
        for bad in [
            "",
            "a",
            "a@b",
            "a@@b.example",
            "a b@c.example",
            "a@b.example>",
            "<a@b.example>",
            "a@b.example\r\nRCPT TO:<c@d.example>",
            "\"q\"@b.example",
            "a..b@c.example",
            ".a@c.example",
            "a@-b.example",
            "a@b_.example",
            "a@[127.0.0.1]",
            "ü@b.example",
            "a@bü.example",
        ] {
            assert!(Address::parse(bad).is_err(), "{bad:?} accepted");
        }
        let long_local = format!("{}@b.example", "a".repeat(65));
        assert_eq!(Address::parse(&long_local), Err(AddressError::LocalPart));
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_round_trips(s in "\\PC{0,80}") {
            if let Ok(a) = Address::parse(&s) {
                prop_assert_eq!(Address::parse(a.as_str()), Ok(a.clone()));
                prop_assert!(a.as_str().bytes().all(|b| b.is_ascii_graphic()));
            }
        }
    }
}

//! Contact channels of Annex A §7(a)(iii): telephone numbers (E.164, typed) and e-mail addresses.

use crate::codes::PhoneType;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A telephone number in strict E.164 form: "+", a country code not starting with 0, 7 to 15
/// digits in all.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct E164(String);

/// How a number was accepted: as given, or after removing separators (reported to the caller so
/// an import can say what it changed).
#[derive(Debug, PartialEq, Eq)]
pub enum PhoneParse {
    Exact(E164),
    Normalised(E164),
}

impl E164 {
    pub fn parse(raw: &str) -> Option<PhoneParse> {
        if is_strict(raw) {
            return Some(PhoneParse::Exact(E164(raw.to_owned())));
        }
        // Separators people type ("+33 1 23 45 67 89", "+1 (268) 460-2833") are removed, but
        // only when the number is international: "01 23 45 67 89" has a trunk prefix and no
        // country code, and guessing the country is not ours to do.
        if raw.len() <= 40 && raw.starts_with('+') {
            let compact: String = raw
                .chars()
                .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')' | '\u{a0}'))
                .collect();
            if is_strict(&compact) {
                return Some(PhoneParse::Normalised(E164(compact)));
            }
        }
        None
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_strict(s: &str) -> bool {
    let Some(digits) = s.strip_prefix('+') else {
        return false;
    };
    (7..=15).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

impl fmt::Debug for E164 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A typed phone number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Phone {
    pub number: E164,
    #[serde(rename = "type")]
    pub kind: PhoneType,
}

/// An e-mail address: ASCII addr-spec with a dot-atom local part and a host name of LDH labels.
/// Internationalised addresses are refused on purpose: they are where look-alike characters,
/// zero-width and bidi characters hide.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub const MAX_LEN: usize = 254;

    pub fn parse(raw: &str) -> Option<Self> {
        if raw.is_empty() || raw.len() > Self::MAX_LEN || !raw.is_ascii() {
            return None;
        }
        let (local, domain) = raw.split_once('@')?;
        if domain.contains('@') || local.is_empty() || local.len() > 64 {
            return None;
        }
        let atext = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+/=?^_`{|}~-".contains(&b);
        if local
            .split('.')
            .any(|part| part.is_empty() || !part.bytes().all(atext))
        {
            return None;
        }
        let labels: Vec<&str> = domain.split('.').collect();
        if labels.len() < 2 {
            return None;
        }
        for l in &labels {
            let b = l.as_bytes();
            if b.is_empty()
                || b.len() > 63
                || !b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
                || b[0] == b'-'
                || b[b.len() - 1] == b'-'
            {
                return None;
            }
        }
        // Host names are case-insensitive; local parts are not (RFC 5321), so only the domain
        // is folded.
        Some(Email(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn e164() {
        assert!(matches!(
            E164::parse("+33123456789"),
            Some(PhoneParse::Exact(_))
        ));
        assert_eq!(
            E164::parse("+33 1 23 45 67 89"),
            Some(PhoneParse::Normalised(E164("+33123456789".into())))
        );
        for bad in [
            "33123456789",
            "01 23 45 67 89",
            "+1234567890123456",
            "+33123",
            "+3312345ABCD",
            "+0123456789",
            "",
            "+",
            "+33 1 23 45 67 89 ext 2",
        ] {
            assert!(E164::parse(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn email() {
        assert_eq!(
            Email::parse("poc.ict@MFA.fr.example").unwrap().as_str(),
            "poc.ict@mfa.fr.example"
        );
        for bad in [
            "poc.ict.mfa.fr.example",
            "poc@ict@mfa.fr.example",
            "po\u{202E}c@mfa.fr.example",
            "p\u{200B}oc@mfa.fr.example",
            "a..b@x.example",
            "a@localhost",
            "a@-x.example",
            "@x.example",
            "a@x..example",
        ] {
            assert!(Email::parse(bad).is_none(), "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parsers_never_panic(s in ".{0,80}") {
            let _ = E164::parse(&s);
            let _ = Email::parse(&s);
        }
    }
}

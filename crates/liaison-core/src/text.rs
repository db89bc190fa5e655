//! Free text from outside (names, titles, reasons): NFC-normalised, trimmed, bounded, and free of
//! characters that can hide or reorder what a reader sees (LIMITS, issue 2 §11).

use crate::error::{ErrorCode, FieldError};
use serde::{Deserialize, Serialize};
use std::fmt;
use unicode_normalization::UnicodeNormalization;

/// Longest name, title or entity name accepted, in characters (Unicode scalar values).
pub const MAX_NAME_CHARS: usize = 1000;
/// Longest reason for a change.
pub const MAX_REASON_CHARS: usize = 2000;

/// A character that must never be stored in a name: C0/C1 controls and DEL, bidirectional
/// embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), zero-width space,
/// byte-order mark, and noncharacters. ZWNJ/ZWJ and LRM/RLM/ALM stay allowed: Arabic, Persian
/// and Indic scripts need them for correct shaping.
pub fn is_forbidden_char(c: char) -> bool {
    let o = c as u32;
    o < 0x20
        || (0x7F..=0x9F).contains(&o)
        || (0x202A..=0x202E).contains(&o)
        || (0x2066..=0x2069).contains(&o)
        || o == 0x200B
        || o == 0xFEFF
        || (0xFDD0..=0xFDEF).contains(&o)
        || (o & 0xFFFE) == 0xFFFE
}

/// Non-empty, NFC, trimmed text without forbidden characters, at most `max` characters.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CleanText(String);

/// What `CleanText::parse` found: either a value, or nothing (blank input — the caller decides
/// whether absence is allowed).
pub enum Cleaned {
    Value(CleanText),
    Blank,
}

impl CleanText {
    /// Validate `raw` for the field `field`. Whitespace-only input is `Blank`, never a value.
    pub fn parse(field: &str, raw: &str, max: usize) -> Result<Cleaned, FieldError> {
        if let Some(c) = raw.chars().find(|&c| is_forbidden_char(c)) {
            return Err(FieldError::new(field, ErrorCode::ForbiddenCharacter)
                .with_detail(format!("U+{:04X}", c as u32)));
        }
        // Count before normalising too, so a huge input is refused without normalising it.
        if raw.len() > max.saturating_mul(4) {
            return Err(FieldError::new(field, ErrorCode::TooLong).with_detail(max.to_string()));
        }
        let nfc: String = raw.nfc().collect();
        let trimmed = nfc.trim();
        if trimmed.is_empty() {
            return Ok(Cleaned::Blank);
        }
        if trimmed.chars().count() > max {
            return Err(FieldError::new(field, ErrorCode::TooLong).with_detail(max.to_string()));
        }
        Ok(Cleaned::Value(CleanText(trimmed.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// For values that are known to be clean already (built-in data, tests).
    pub fn from_trusted(s: &str) -> Option<Self> {
        match Self::parse("", s, MAX_REASON_CHARS) {
            Ok(Cleaned::Value(v)) => Some(v),
            _ => None,
        }
    }
}

impl fmt::Debug for CleanText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for CleanText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn value(s: &str) -> Option<String> {
        match CleanText::parse("f", s, 20).unwrap() {
            Cleaned::Value(v) => Some(v.as_str().to_owned()),
            Cleaned::Blank => None,
        }
    }

    #[test]
    fn trims_and_normalises_to_nfc() {
        assert_eq!(value("  Ministe\u{300}re  ").unwrap(), "Ministère");
        assert_eq!(value("   "), None);
        assert_eq!(value(""), None);
    }

    #[test]
    fn refuses_controls_and_bidi_overrides() {
        for bad in [
            "a\u{0}b",
            "a\u{7}b",
            "a\nb",
            "a\u{85}b",
            "a\u{202E}b",
            "a\u{2067}b",
            "a\u{200B}b",
            "a\u{FFFF}b",
        ] {
            let e = CleanText::parse("f", bad, 20).err().unwrap();
            assert_eq!(e.code, ErrorCode::ForbiddenCharacter, "{bad:?}");
        }
        // Joiners and directional marks are needed by real scripts.
        assert!(value("می\u{200C}خواهم").is_some());
        assert!(value("abc\u{200F}").is_some());
    }

    #[test]
    fn bounds_length_in_characters() {
        assert!(value(&"ب".repeat(20)).is_some());
        let e = CleanText::parse("f", &"ب".repeat(21), 20).err().unwrap();
        assert_eq!(e.code, ErrorCode::TooLong);
        let e = CleanText::parse("f", &"x".repeat(1 << 20), 20)
            .err()
            .unwrap();
        assert_eq!(e.code, ErrorCode::TooLong);
    }

    proptest::proptest! {
        #[test]
        fn never_panics_and_values_are_clean(s in ".*") {
            if let Ok(Cleaned::Value(v)) = CleanText::parse("f", &s, 50) {
                proptest::prop_assert!(!v.as_str().chars().any(is_forbidden_char));
                proptest::prop_assert_eq!(v.as_str().trim(), v.as_str());
            }
        }
    }
}

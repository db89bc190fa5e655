//! Closed vocabularies of Annex A §7(a): roles, kinds, languages, availability, phone types.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $text)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Exact match on the canonical spelling.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}
// The thread and template vocabularies (thread.rs, inquiry.rs) are declared the same way.
pub(crate) use vocabulary;

vocabulary! {
    /// Annex A §7(a)(i), §9: diplomatic POCs talk to diplomatic POCs, technical to technical.
    PocRole { Diplomatic = "diplomatic", Technical = "technical" }
}
vocabulary! {
    /// Annex A §7(a)(ii): an authorised entity/institution, or a designated representative of one.
    PocKind { Entity = "entity", Person = "person" }
}
vocabulary! {
    /// Annex A §7(a)(iv): an entry is written in one of the six official UN languages.
    EntryLanguage { Ar = "ar", Zh = "zh", En = "en", Fr = "fr", Ru = "ru", Es = "es" }
}
vocabulary! {
    /// When the POC can be reached.
    Availability { BusinessHours = "business_hours", AlwaysOn = "24/7" }
}
vocabulary! {
    /// Phone number types, as CSIRT directories (FIRST, TF-CSIRT) distinguish them.
    PhoneType { Voice = "voice", Mobile = "mobile", Emergency = "emergency", Fax = "fax" }
}
vocabulary! {
    /// Flags the administrator (or the ping process) lays over an active entry.
    Flag { Unreachable = "unreachable", Unverified = "unverified" }
}

impl EntryLanguage {
    /// Arabic is written right to left.
    pub fn is_rtl(self) -> bool {
        matches!(self, EntryLanguage::Ar)
    }
}

/// ISO 639-1 two-letter language codes (the working languages of a POC may be any language).
const ISO_639_1: &[&str] = &[
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// A working language: an ISO 639-1 code, optionally with a script (`zh-Hant`) or region
/// (`pt-BR`) subtag, in canonical BCP 47 case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct LanguageTag(String);

impl LanguageTag {
    pub fn parse(raw: &str) -> Option<Self> {
        let mut parts = raw.split('-');
        let primary = parts.next()?.to_ascii_lowercase();
        if !ISO_639_1.contains(&primary.as_str()) {
            return None;
        }
        let mut out = primary;
        let mut seen_region = false;
        let mut seen_script = false;
        for p in parts {
            let ok_ascii = p.bytes().all(|b| b.is_ascii_alphanumeric());
            if !ok_ascii {
                return None;
            }
            if p.len() == 4
                && !seen_script
                && !seen_region
                && p.bytes().all(|b| b.is_ascii_alphabetic())
            {
                seen_script = true;
                let mut s = p.to_ascii_lowercase();
                s[..1].make_ascii_uppercase();
                out.push('-');
                out.push_str(&s);
            } else if (p.len() == 2 && p.bytes().all(|b| b.is_ascii_alphabetic()))
                || (p.len() == 3 && p.bytes().all(|b| b.is_ascii_digit()))
            {
                if seen_region {
                    return None;
                }
                seen_region = true;
                out.push('-');
                out.push_str(&p.to_ascii_uppercase());
            } else {
                return None;
            }
        }
        Some(Self(out))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The language without script or region, for filtering ("zh-Hant" → "zh").
    pub fn primary(&self) -> &str {
        self.0.split('-').next().unwrap_or(&self.0)
    }
}

impl From<EntryLanguage> for LanguageTag {
    fn from(l: EntryLanguage) -> Self {
        LanguageTag(l.as_str().to_owned())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn vocabularies_round_trip() {
        for r in PocRole::ALL {
            assert_eq!(PocRole::parse(r.as_str()), Some(*r));
        }
        assert_eq!(PocRole::parse("Technical"), None);
        assert_eq!(Availability::parse("24/7"), Some(Availability::AlwaysOn));
        assert_eq!(EntryLanguage::ALL.len(), 6);
    }

    #[test]
    fn language_tags() {
        assert_eq!(LanguageTag::parse("en").unwrap().as_str(), "en");
        assert_eq!(LanguageTag::parse("ZH-hant").unwrap().as_str(), "zh-Hant");
        assert_eq!(LanguageTag::parse("pt-br").unwrap().as_str(), "pt-BR");
        assert_eq!(LanguageTag::parse("es-419").unwrap().as_str(), "es-419");
        assert_eq!(LanguageTag::parse("zh-Hant").unwrap().primary(), "zh");
        for bad in [
            "eng",
            "xx",
            "",
            "e",
            "en-",
            "en-GB-US",
            "en_GB",
            "en-ĞB",
            "fr-123456",
        ] {
            assert!(LanguageTag::parse(bad).is_none(), "{bad}");
        }
    }
}

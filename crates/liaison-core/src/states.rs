//! The 195 states that may participate (193 UN members and 2 observers), with their official UN
//! short names in the six languages and their UN regional group, built into the binary from
//! `data/un-member-states.json` (shared/data; see its NAMES.md for sources).

use crate::codes::EntryLanguage;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

/// UN regional groups. Observer states (Holy See, State of Palestine) belong to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum RegionalGroup {
    #[serde(rename = "African")]
    African,
    #[serde(rename = "Asia-Pacific")]
    AsiaPacific,
    #[serde(rename = "Eastern European")]
    EasternEuropean,
    #[serde(rename = "Latin American and Caribbean")]
    LatinAmericanCaribbean,
    #[serde(rename = "Western European and Others")]
    WesternEuropeanOthers,
}

impl RegionalGroup {
    pub const ALL: &'static [RegionalGroup] = &[
        Self::African,
        Self::AsiaPacific,
        Self::EasternEuropean,
        Self::LatinAmericanCaribbean,
        Self::WesternEuropeanOthers,
    ];

    /// Stable identifier used in URLs and filters.
    pub fn slug(self) -> &'static str {
        match self {
            Self::African => "african",
            Self::AsiaPacific => "asia-pacific",
            Self::EasternEuropean => "eastern-european",
            Self::LatinAmericanCaribbean => "latin-american-caribbean",
            Self::WesternEuropeanOthers => "western-european-others",
        }
    }

    /// Accepts the slug or the official English name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL
            .iter()
            .copied()
            .find(|g| g.slug() == s || g.english_name() == s)
    }

    pub fn english_name(self) -> &'static str {
        match self {
            Self::African => "African",
            Self::AsiaPacific => "Asia-Pacific",
            Self::EasternEuropean => "Eastern European",
            Self::LatinAmericanCaribbean => "Latin American and Caribbean",
            Self::WesternEuropeanOthers => "Western European and Others",
        }
    }
}

/// ISO 3166-1 alpha-2 code of one of the 195 states. Cannot hold any other code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct StateCode([u8; 2]);

impl StateCode {
    /// Exact, upper-case code of a known state.
    pub fn parse(s: &str) -> Option<Self> {
        let b = s.as_bytes();
        if b.len() != 2 || !b.iter().all(u8::is_ascii_uppercase) {
            return None;
        }
        let code = StateCode([b[0], b[1]]);
        STATES.by_code.contains_key(&code).then_some(code)
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII upper-case letters are ever stored.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }

    pub fn state(&self) -> &'static State {
        // Every StateCode was checked against the table when built.
        &STATES.list[STATES.by_code.get(self).copied().unwrap_or(0)]
    }
}

impl From<StateCode> for String {
    fn from(c: StateCode) -> String {
        c.as_str().to_owned()
    }
}

impl<'de> Deserialize<'de> for StateCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        StateCode::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown state {s:?}")))
    }
}

impl fmt::Debug for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
impl fmt::Display for StateCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum UnStatus {
    Member,
    Observer,
}

/// One state as built into the binary.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct State {
    pub iso2: String,
    pub iso3: String,
    pub m49: String,
    pub names: StateNames,
    pub un_regional_group: Option<RegionalGroup>,
    pub calling_code: String,
    pub un_status: UnStatus,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StateNames {
    pub ar: String,
    pub zh: String,
    pub en: String,
    pub fr: String,
    pub ru: String,
    pub es: String,
}

impl State {
    pub fn code(&self) -> StateCode {
        let b = self.iso2.as_bytes();
        StateCode([b[0], b[1]])
    }
    /// The official UN short name in one of the six languages.
    pub fn name(&self, lang: EntryLanguage) -> &str {
        match lang {
            EntryLanguage::Ar => &self.names.ar,
            EntryLanguage::Zh => &self.names.zh,
            EntryLanguage::En => &self.names.en,
            EntryLanguage::Fr => &self.names.fr,
            EntryLanguage::Ru => &self.names.ru,
            EntryLanguage::Es => &self.names.es,
        }
    }
}

struct Table {
    list: Vec<State>,
    by_code: BTreeMap<StateCode, usize>,
}

static STATES: LazyLock<Table> = LazyLock::new(|| {
    // The file is part of the source tree; `all_states_load` fails the build's tests if it
    // ever stops parsing, so an empty table here can only be a packaging mistake.
    let list: Vec<State> =
        serde_json::from_str(include_str!("../data/un-member-states.json")).unwrap_or_default();
    let list: Vec<State> = list
        .into_iter()
        .filter(|s| s.iso2.len() == 2 && s.iso2.bytes().all(|b| b.is_ascii_uppercase()))
        .collect();
    let by_code = list
        .iter()
        .enumerate()
        .map(|(i, s)| (s.code(), i))
        .collect();
    Table { list, by_code }
});

/// All 195 states, sorted by ISO code.
pub fn all() -> &'static [State] {
    &STATES.list
}

/// Why a raw state code was refused, for precise messages.
pub enum StateCodeProblem {
    /// A territory or entity with a code that is not a UN member or observer ("TW", "XK").
    NotAUnState,
    /// Not the code of any state ("ZZ", "FRA", "", "250").
    Malformed,
}

/// Territories and entities with ISO codes that are not UN members or observers; naming them
/// lets the error say "not a UN member or observer" instead of "unknown".
const KNOWN_NON_UN: &[&str] = &[
    "TW", "XK", "EH", "HK", "MO", "PR", "GL", "FO", "GU", "AS", "VI", "BM", "KY", "GI", "NC", "PF",
    "RE", "GP", "MQ", "YT", "AW", "CW", "SX", "AI", "MS", "TC", "VG", "FK", "SH", "PN", "CK", "NU",
    "TK", "WF", "PM", "BL", "MF", "JE", "GG", "IM", "AX", "SJ", "BV", "HM", "UM", "AQ", "TF", "IO",
    "CX", "CC", "NF", "GS", "MP",
];

pub fn classify_bad_code(s: &str) -> StateCodeProblem {
    if KNOWN_NON_UN.contains(&s) {
        StateCodeProblem::NotAUnState
    } else {
        StateCodeProblem::Malformed
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn all_states_load() {
        assert_eq!(all().len(), 195);
        let observers = all()
            .iter()
            .filter(|s| s.un_status == UnStatus::Observer)
            .count();
        assert_eq!(observers, 2);
        for g in RegionalGroup::ALL {
            assert!(all().iter().any(|s| s.un_regional_group == Some(*g)));
        }
        let african = all()
            .iter()
            .filter(|s| s.un_regional_group == Some(RegionalGroup::African))
            .count();
        assert_eq!(african, 54);
    }

    #[test]
    fn codes() {
        let fr = StateCode::parse("FR").unwrap();
        assert_eq!(fr.state().names.fr, "France");
        assert_eq!(
            StateCode::parse("PS").unwrap().state().un_regional_group,
            None
        );
        for bad in ["fr", "FRA", "TW", "ZZ", "", "F", "É1"] {
            assert!(StateCode::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(
            RegionalGroup::parse("asia-pacific"),
            Some(RegionalGroup::AsiaPacific)
        );
        assert_eq!(
            RegionalGroup::parse("African"),
            Some(RegionalGroup::African)
        );
    }
}

//! Points of contact (Annex A §7(a)): the validated content a state provides, the stored entry
//! with its lifecycle, and the parser that turns untrusted JSON into them.
//!
//! The parser accepts exactly the JSON Lines format of `shared/tools/gen_pocs.py`, plus the
//! fields Liaison adds (typed phones, time zone, availability, OpenPGP key, external reference).
//! Every problem is reported with its field; every normalisation it makes is reported too, so an
//! import can say what it changed (nothing is stored silently altered).

use crate::codes::{Availability, EntryLanguage, Flag, LanguageTag, PhoneType, PocKind, PocRole};
use crate::contact::{E164, Email, Phone, PhoneParse};
use crate::error::{ErrorCode, FieldError, ValidationErrors};
use crate::openpgp::OpenPgpKey;
use crate::states::{self, StateCode, StateCodeProblem};
use crate::text::{CleanText, Cleaned, MAX_NAME_CHARS, MAX_REASON_CHARS};
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use uuid::Uuid;

pub const MAX_PHONES: usize = 10;
pub const MAX_EMAILS: usize = 10;
pub const MAX_WORKING_LANGUAGES: usize = 20;
pub const MAX_REF_CHARS: usize = 200;
/// Longest accepted JSON text for one entry (API body or import line), in bytes.
pub const MAX_ENTRY_BYTES: usize = 128 * 1024;

/// An IANA time zone name known to the built-in time zone database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TimeZoneName(String);

impl TimeZoneName {
    pub fn parse(s: &str) -> Option<Self> {
        if s.is_empty() || s.len() > 64 || !s.is_ascii() {
            return None;
        }
        jiff::tz::TimeZone::get(s)
            .ok()
            .map(|_| TimeZoneName(s.to_owned()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The informal English translation of an entry's text fields (Annex A §7(a)(iv)).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TranslationEn {
    pub entity_name: Option<CleanText>,
    pub person_name: Option<CleanText>,
    pub title: Option<CleanText>,
}

/// The same POC in another directory (regional directory, CSIRT directory; Annex A §12).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalRef {
    pub directory: CleanText,
    pub id: CleanText,
}

/// What a state says about one of its POCs. Every value is already valid.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PocContent {
    pub state: StateCode,
    pub role: PocRole,
    pub kind: PocKind,
    pub entity_name: Option<CleanText>,
    pub person_name: Option<CleanText>,
    pub title: Option<CleanText>,
    pub phones: Vec<Phone>,
    pub emails: Vec<Email>,
    pub working_languages: Vec<LanguageTag>,
    pub entry_language: EntryLanguage,
    pub translation_en: Option<TranslationEn>,
    pub time_zone: Option<TimeZoneName>,
    pub availability: Option<Availability>,
    pub openpgp_key: Option<OpenPgpKey>,
    pub external_ref: Option<ExternalRef>,
}

impl PocContent {
    /// A ping goes by e-mail; an entry without an address cannot be pinged (issue 2 §3).
    pub fn pingable(&self) -> bool {
        !self.emails.is_empty()
    }

    /// The name a reader sees first: the person for a representative, else the entity.
    pub fn display_name(&self) -> &str {
        self.person_name
            .as_ref()
            .or(self.entity_name.as_ref())
            .map(CleanText::as_str)
            .unwrap_or("")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PocStatus {
    Active,
    Retired,
}

impl PocStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            PocStatus::Active => "active",
            PocStatus::Retired => "retired",
        }
    }
}

/// A flag on an entry, with who set it and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagMark {
    pub flag: Flag,
    pub reason: Option<CleanText>,
    pub set_at: Timestamp,
    pub set_by: String,
}

/// A stored entry: content plus lifecycle. Entries are never deleted (A§7(d), invariant 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointOfContact {
    pub id: Uuid,
    #[serde(flatten)]
    pub content: PocContent,
    pub status: PocStatus,
    pub flags: Vec<FlagMark>,
    /// 1 for a new entry, +1 on every change; used for optimistic concurrency (If-Match).
    pub revision: u32,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub retired_at: Option<Timestamp>,
    /// Last time the entry was confirmed current: its state's last update, or (later) an
    /// acknowledged ping.
    pub last_verified_at: Option<Timestamp>,
}

impl PointOfContact {
    pub fn is_active(&self) -> bool {
        self.status == PocStatus::Active
    }
    pub fn has_flag(&self, f: Flag) -> bool {
        self.flags.iter().any(|m| m.flag == f)
    }
}

/// A change the parser made to accept an input, reported back to the sender.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Normalisation {
    pub field: String,
    pub note: NormalisationNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NormalisationNote {
    SeparatorsRemoved,
    UpperCased,
    LowerCased,
    BlankTreatedAsAbsent,
    EmptyListTreatedAsAbsent,
    DefaultedToEntryLanguage,
    DuplicateRemoved,
    NotPingable,
}

/// A parsed request to create or replace an entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PocSubmission {
    /// The id the sender chose (import keeps ids so a round trip is lossless).
    pub id: Option<Uuid>,
    pub content: PocContent,
    /// Why the change is made; kept in the revision.
    pub reason: Option<CleanText>,
    pub normalisations: Vec<Normalisation>,
}

const KNOWN_KEYS: &[&str] = &[
    "id",
    "state",
    "role",
    "kind",
    "entity_name",
    "person_name",
    "title",
    "phones",
    "emails",
    "working_languages",
    "entry_language",
    "translation_en",
    "time_zone",
    "availability",
    "openpgp_key",
    "external_ref",
    "reason",
];

/// Fields the server computes and returns with an entry. They are ignored when sent back, so a
/// client can read an entry, change a field and send the whole object again.
pub const READ_ONLY_KEYS: &[&str] = &[
    "status",
    "flags",
    "revision",
    "created_at",
    "updated_at",
    "retired_at",
    "last_verified_at",
    "pingable",
    "openpgp",
];

/// Parse one JSON text (an API body or an import line) given as raw bytes.
pub fn parse_submission_bytes(bytes: &[u8]) -> Result<PocSubmission, ValidationErrors> {
    if bytes.len() > MAX_ENTRY_BYTES {
        return Err(ValidationErrors::single(
            FieldError::new("", ErrorCode::LineTooLong).with_detail(MAX_ENTRY_BYTES.to_string()),
        ));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        ValidationErrors::single(
            FieldError::new("", ErrorCode::InvalidUtf8)
                .with_detail(format!("byte {}", e.valid_up_to())),
        )
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        ValidationErrors::single(
            FieldError::new("", ErrorCode::InvalidJson)
                .with_detail(format!("column {}", e.column())),
        )
    })?;
    parse_submission(&value)
}

/// Parse an already-decoded JSON value.
pub fn parse_submission(value: &Value) -> Result<PocSubmission, ValidationErrors> {
    let Some(obj) = value.as_object() else {
        return Err(ValidationErrors::single(FieldError::new(
            "",
            ErrorCode::NotAnObject,
        )));
    };
    let mut p = Parser {
        errors: ValidationErrors::default(),
        notes: Vec::new(),
    };
    for key in obj.keys() {
        if !KNOWN_KEYS.contains(&key.as_str()) && !READ_ONLY_KEYS.contains(&key.as_str()) {
            // Unknown keys are refused, not ignored: "is_admin": true must not look accepted.
            let shown: String = key.chars().take(40).collect();
            p.err(FieldError::new(shown, ErrorCode::UnknownField));
        }
    }
    let id = p.id(obj);
    let state = p.state(obj);
    let role = p.role(obj);
    let kind = p.vocab(obj, "kind", PocKind::parse, ErrorCode::InvalidKind);
    let entity_name = p.text(obj, "entity_name", MAX_NAME_CHARS);
    let person_name = p.text(obj, "person_name", MAX_NAME_CHARS);
    let title = p.text(obj, "title", MAX_NAME_CHARS);
    let phones = p.phones(obj);
    let emails = p.emails(obj);
    let entry_language = p.vocab(
        obj,
        "entry_language",
        EntryLanguage::parse,
        ErrorCode::InvalidEntryLanguage,
    );
    let working_languages = p.working_languages(obj, entry_language);
    let translation_en = p.translation(obj);
    let time_zone = p.time_zone(obj);
    let availability = p.optional_vocab(
        obj,
        "availability",
        Availability::parse,
        ErrorCode::InvalidAvailability,
    );
    let openpgp_key = p.openpgp(obj);
    let external_ref = p.external_ref(obj);
    let reason = p.text(obj, "reason", MAX_REASON_CHARS);

    // Every entry names its entity or institution: an authorised entity, or the entity a
    // designated representative acts for (A§7(a)(ii)). Without it an entry identifies nobody.
    if entity_name.is_none() && !p.has_error_for("entity_name") {
        p.err(FieldError::new("entity_name", ErrorCode::Required));
    }
    match kind {
        Some(PocKind::Entity) => {
            if person_name.is_some() {
                p.err(FieldError::new(
                    "person_name",
                    ErrorCode::NotAllowedForEntity,
                ));
            }
            if title.is_some() {
                p.err(FieldError::new("title", ErrorCode::NotAllowedForEntity));
            }
        }
        Some(PocKind::Person) if person_name.is_none() && !p.has_error_for("person_name") => {
            p.err(FieldError::new("person_name", ErrorCode::Required));
        }
        Some(PocKind::Person) => {}
        None => {}
    }
    let phones_ok = !p.has_error_for("phones");
    let emails_ok = !p.has_error_for("emails");
    if phones_ok && emails_ok && phones.is_empty() && emails.is_empty() {
        p.err(FieldError::new("emails", ErrorCode::NoContact));
    } else if emails_ok && emails.is_empty() && !phones.is_empty() {
        p.note("emails", NormalisationNote::NotPingable);
    }

    if !p.errors.is_empty() {
        return Err(p.errors);
    }
    match (state, role, kind, entry_language) {
        (Some(state), Some(role), Some(kind), Some(entry_language)) => Ok(PocSubmission {
            id,
            content: PocContent {
                state,
                role,
                kind,
                entity_name,
                person_name,
                title,
                phones,
                emails,
                working_languages,
                entry_language,
                translation_en,
                time_zone,
                availability,
                openpgp_key,
                external_ref,
            },
            reason,
            normalisations: p.notes,
        }),
        // Each missing one has produced an error above.
        _ => Err(ValidationErrors::single(FieldError::new(
            "",
            ErrorCode::Required,
        ))),
    }
}

struct Parser {
    errors: ValidationErrors,
    notes: Vec<Normalisation>,
}

impl Parser {
    fn err(&mut self, e: FieldError) {
        self.errors.push(e);
    }
    fn note(&mut self, field: &str, note: NormalisationNote) {
        self.notes.push(Normalisation {
            field: field.to_owned(),
            note,
        });
    }
    fn has_error_for(&self, field: &str) -> bool {
        self.errors
            .0
            .iter()
            .any(|e| e.field == field || e.field.starts_with(&format!("{field}[")))
    }

    /// A string field that may be absent or null.
    fn opt_str<'a>(&mut self, obj: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
        match obj.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => {
                self.err(FieldError::new(field, ErrorCode::WrongType).with_detail("string"));
                None
            }
        }
    }

    fn required_str<'a>(&mut self, obj: &'a Map<String, Value>, field: &str) -> Option<&'a str> {
        if !matches!(obj.get(field), None | Some(Value::Null)) {
            return self.opt_str(obj, field);
        }
        self.err(FieldError::new(field, ErrorCode::Required));
        None
    }

    fn id(&mut self, obj: &Map<String, Value>) -> Option<Uuid> {
        let s = self.opt_str(obj, "id")?;
        match Uuid::try_parse(s) {
            Ok(u) if s.len() == 36 => Some(u),
            _ => {
                self.err(FieldError::new("id", ErrorCode::InvalidUuid));
                None
            }
        }
    }

    fn state(&mut self, obj: &Map<String, Value>) -> Option<StateCode> {
        let s = self.required_str(obj, "state")?;
        if let Some(c) = StateCode::parse(s) {
            return Some(c);
        }
        // "fr" is a state code in the wrong case: accept it, and say so.
        if let Some(c) = StateCode::parse(&s.to_ascii_uppercase()).filter(|_| s.len() == 2) {
            self.note("state", NormalisationNote::UpperCased);
            return Some(c);
        }
        let shown: String = s.chars().take(8).collect();
        let code = match states::classify_bad_code(s) {
            StateCodeProblem::NotAUnState => ErrorCode::NotAUnState,
            StateCodeProblem::Malformed => ErrorCode::UnknownState,
        };
        self.err(FieldError::new("state", code).with_detail(shown));
        None
    }

    fn role(&mut self, obj: &Map<String, Value>) -> Option<PocRole> {
        let s = self.required_str(obj, "role")?;
        if let Some(r) = PocRole::parse(s) {
            return Some(r);
        }
        if let Some(r) = PocRole::parse(&s.to_ascii_lowercase()) {
            self.note("role", NormalisationNote::LowerCased);
            return Some(r);
        }
        self.err(FieldError::new("role", ErrorCode::InvalidRole));
        None
    }

    fn vocab<T>(
        &mut self,
        obj: &Map<String, Value>,
        field: &str,
        parse: fn(&str) -> Option<T>,
        code: ErrorCode,
    ) -> Option<T> {
        let s = self.required_str(obj, field)?;
        let v = parse(s);
        if v.is_none() {
            self.err(FieldError::new(field, code));
        }
        v
    }

    fn optional_vocab<T>(
        &mut self,
        obj: &Map<String, Value>,
        field: &str,
        parse: fn(&str) -> Option<T>,
        code: ErrorCode,
    ) -> Option<T> {
        let s = self.opt_str(obj, field)?;
        let v = parse(s);
        if v.is_none() {
            self.err(FieldError::new(field, code));
        }
        v
    }

    fn clean(&mut self, field: &str, raw: &str, max: usize) -> Option<CleanText> {
        match CleanText::parse(field, raw, max) {
            Ok(Cleaned::Value(v)) => Some(v),
            Ok(Cleaned::Blank) => {
                self.note(field, NormalisationNote::BlankTreatedAsAbsent);
                None
            }
            Err(e) => {
                self.err(e);
                None
            }
        }
    }

    fn text(&mut self, obj: &Map<String, Value>, field: &str, max: usize) -> Option<CleanText> {
        let s = self.opt_str(obj, field)?;
        self.clean(field, s, max)
    }

    fn list<'a>(
        &mut self,
        obj: &'a Map<String, Value>,
        field: &str,
        max: usize,
    ) -> Option<&'a Vec<Value>> {
        match obj.get(field) {
            None | Some(Value::Null) => None,
            Some(Value::Array(items)) if items.len() <= max => {
                if items.is_empty() {
                    self.note(field, NormalisationNote::EmptyListTreatedAsAbsent);
                }
                Some(items)
            }
            Some(Value::Array(_)) => {
                self.err(FieldError::new(field, ErrorCode::TooMany).with_detail(max.to_string()));
                None
            }
            Some(_) => {
                self.err(FieldError::new(field, ErrorCode::WrongType).with_detail("array"));
                None
            }
        }
    }

    fn phones(&mut self, obj: &Map<String, Value>) -> Vec<Phone> {
        let Some(items) = self.list(obj, "phones", MAX_PHONES) else {
            return Vec::new();
        };
        let mut out: Vec<Phone> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = format!("phones[{i}]");
            let (raw, kind) = match item {
                Value::String(s) => (s.as_str(), PhoneType::Voice),
                Value::Object(o) => {
                    if let Some(k) = o.keys().find(|k| *k != "number" && *k != "type") {
                        let shown: String = k.chars().take(40).collect();
                        self.err(FieldError::new(
                            format!("{field}.{shown}"),
                            ErrorCode::UnknownField,
                        ));
                        continue;
                    }
                    let kind = match o.get("type") {
                        None | Some(Value::Null) => PhoneType::Voice,
                        Some(Value::String(t)) => match PhoneType::parse(t) {
                            Some(k) => k,
                            None => {
                                self.err(FieldError::new(
                                    format!("{field}.type"),
                                    ErrorCode::InvalidPhoneType,
                                ));
                                continue;
                            }
                        },
                        Some(_) => {
                            self.err(FieldError::new(
                                format!("{field}.type"),
                                ErrorCode::WrongType,
                            ));
                            continue;
                        }
                    };
                    match o.get("number") {
                        Some(Value::String(n)) => (n.as_str(), kind),
                        None | Some(Value::Null) => {
                            self.err(FieldError::new(
                                format!("{field}.number"),
                                ErrorCode::Required,
                            ));
                            continue;
                        }
                        Some(_) => {
                            self.err(FieldError::new(
                                format!("{field}.number"),
                                ErrorCode::WrongType,
                            ));
                            continue;
                        }
                    }
                }
                _ => {
                    self.err(FieldError::new(field, ErrorCode::WrongType));
                    continue;
                }
            };
            match E164::parse(raw) {
                Some(PhoneParse::Exact(n)) => out.push(Phone { number: n, kind }),
                Some(PhoneParse::Normalised(n)) => {
                    self.note(&field, NormalisationNote::SeparatorsRemoved);
                    out.push(Phone { number: n, kind });
                }
                None => self.err(FieldError::new(field, ErrorCode::InvalidPhone)),
            }
        }
        let before = out.len();
        let mut seen = Vec::new();
        out.retain(|p| {
            let key = (p.number.clone(), p.kind);
            if seen.contains(&key) {
                false
            } else {
                seen.push(key);
                true
            }
        });
        if out.len() != before {
            self.note("phones", NormalisationNote::DuplicateRemoved);
        }
        out
    }

    fn emails(&mut self, obj: &Map<String, Value>) -> Vec<Email> {
        let Some(items) = self.list(obj, "emails", MAX_EMAILS) else {
            return Vec::new();
        };
        let mut out: Vec<Email> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let field = format!("emails[{i}]");
            match item {
                Value::String(s) => match Email::parse(s) {
                    Some(e) if out.contains(&e) => {
                        self.note("emails", NormalisationNote::DuplicateRemoved)
                    }
                    Some(e) => out.push(e),
                    None => {
                        if let Some(c) = s.chars().find(|c| crate::text::is_forbidden_char(*c)) {
                            self.err(
                                FieldError::new(field, ErrorCode::ForbiddenCharacter)
                                    .with_detail(format!("U+{:04X}", c as u32)),
                            );
                        } else {
                            self.err(FieldError::new(field, ErrorCode::InvalidEmail));
                        }
                    }
                },
                _ => self.err(FieldError::new(field, ErrorCode::WrongType)),
            }
        }
        out
    }

    fn working_languages(
        &mut self,
        obj: &Map<String, Value>,
        entry: Option<EntryLanguage>,
    ) -> Vec<LanguageTag> {
        let mut out: Vec<LanguageTag> = Vec::new();
        if let Some(items) = self.list(obj, "working_languages", MAX_WORKING_LANGUAGES) {
            for (i, item) in items.iter().enumerate() {
                let field = format!("working_languages[{i}]");
                match item {
                    Value::String(s) => match LanguageTag::parse(s) {
                        Some(t) if out.contains(&t) => {
                            self.note("working_languages", NormalisationNote::DuplicateRemoved)
                        }
                        Some(t) => out.push(t),
                        None => self.err(FieldError::new(field, ErrorCode::InvalidLanguage)),
                    },
                    _ => self.err(FieldError::new(field, ErrorCode::WrongType)),
                }
            }
        }
        // A POC works at least in the language its entry is written in.
        if let Some(l) =
            entry.filter(|_| out.is_empty() && !self.has_error_for("working_languages"))
        {
            self.note(
                "working_languages",
                NormalisationNote::DefaultedToEntryLanguage,
            );
            out.push(l.into());
        }
        out
    }

    fn translation(&mut self, obj: &Map<String, Value>) -> Option<TranslationEn> {
        let o = match obj.get("translation_en") {
            None | Some(Value::Null) => return None,
            Some(Value::Object(o)) => o,
            Some(_) => {
                self.err(
                    FieldError::new("translation_en", ErrorCode::WrongType).with_detail("object"),
                );
                return None;
            }
        };
        for k in o.keys() {
            if !["entity_name", "person_name", "title"].contains(&k.as_str()) {
                let shown: String = k.chars().take(40).collect();
                self.err(FieldError::new(
                    format!("translation_en.{shown}"),
                    ErrorCode::UnknownField,
                ));
            }
        }
        let mut t = TranslationEn::default();
        for (name, slot) in [
            ("entity_name", &mut t.entity_name),
            ("person_name", &mut t.person_name),
            ("title", &mut t.title),
        ] {
            let field = format!("translation_en.{name}");
            match o.get(name) {
                None | Some(Value::Null) => {}
                Some(Value::String(s)) => *slot = self.clean(&field, s, MAX_NAME_CHARS),
                Some(_) => self.err(FieldError::new(field, ErrorCode::WrongType)),
            }
        }
        if t == TranslationEn::default() {
            return None;
        }
        Some(t)
    }

    fn time_zone(&mut self, obj: &Map<String, Value>) -> Option<TimeZoneName> {
        let s = self.opt_str(obj, "time_zone")?;
        let tz = TimeZoneName::parse(s);
        if tz.is_none() {
            self.err(FieldError::new("time_zone", ErrorCode::InvalidTimeZone));
        }
        tz
    }

    fn openpgp(&mut self, obj: &Map<String, Value>) -> Option<OpenPgpKey> {
        let s = self.opt_str(obj, "openpgp_key")?;
        if s.trim().is_empty() {
            self.note("openpgp_key", NormalisationNote::BlankTreatedAsAbsent);
            return None;
        }
        match OpenPgpKey::parse(s) {
            Ok(k) => Some(k),
            Err(e) => {
                self.err(
                    FieldError::new("openpgp_key", ErrorCode::InvalidOpenpgpKey)
                        .with_detail(openpgp_detail(&e)),
                );
                None
            }
        }
    }

    fn external_ref(&mut self, obj: &Map<String, Value>) -> Option<ExternalRef> {
        let o = match obj.get("external_ref") {
            None | Some(Value::Null) => return None,
            Some(Value::Object(o)) => o,
            Some(_) => {
                self.err(
                    FieldError::new("external_ref", ErrorCode::WrongType).with_detail("object"),
                );
                return None;
            }
        };
        for k in o.keys() {
            if k != "directory" && k != "id" {
                let shown: String = k.chars().take(40).collect();
                self.err(FieldError::new(
                    format!("external_ref.{shown}"),
                    ErrorCode::UnknownField,
                ));
            }
        }
        let directory = self.text(o, "directory", MAX_REF_CHARS);
        let id = self.text(o, "id", MAX_REF_CHARS);
        match (directory, id) {
            (Some(directory), Some(id)) => Some(ExternalRef { directory, id }),
            (None, None) => None,
            (None, Some(_)) => {
                self.err(FieldError::new(
                    "external_ref.directory",
                    ErrorCode::Required,
                ));
                None
            }
            (Some(_), None) => {
                self.err(FieldError::new("external_ref.id", ErrorCode::Required));
                None
            }
        }
    }
}

fn openpgp_detail(e: &crate::openpgp::OpenPgpKeyError) -> String {
    // The Debug name of the variant is stable and short ("SecretKey", "Malformed"...).
    let s = format!("{e:?}");
    s.split(['(', ' ', '{']).next().unwrap_or("").to_owned()
}

/// One line of the JSON Lines interchange format, in the key order gen_pocs.py writes, so an
/// import followed by an export gives the same bytes back. Fields Liaison adds are written only
/// when present.
#[derive(Serialize)]
pub struct JsonlLine<'a> {
    pub id: Uuid,
    pub state: StateCode,
    pub role: PocRole,
    pub kind: PocKind,
    pub entity_name: Option<&'a CleanText>,
    pub person_name: Option<&'a CleanText>,
    pub title: Option<&'a CleanText>,
    pub phones: Vec<JsonlPhone<'a>>,
    pub emails: &'a [Email],
    pub working_languages: &'a [LanguageTag],
    pub entry_language: EntryLanguage,
    pub translation_en: Option<&'a TranslationEn>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<&'a TimeZoneName>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability: Option<Availability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub openpgp_key: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_ref: Option<&'a ExternalRef>,
}

/// A voice number is written as a plain string (the generator's form); other types as objects.
#[derive(Serialize)]
#[serde(untagged)]
pub enum JsonlPhone<'a> {
    Plain(&'a E164),
    Typed {
        number: &'a E164,
        #[serde(rename = "type")]
        kind: PhoneType,
    },
}

impl<'a> JsonlLine<'a> {
    pub fn new(id: Uuid, c: &'a PocContent) -> Self {
        JsonlLine {
            id,
            state: c.state,
            role: c.role,
            kind: c.kind,
            entity_name: c.entity_name.as_ref(),
            person_name: c.person_name.as_ref(),
            title: c.title.as_ref(),
            phones: c
                .phones
                .iter()
                .map(|p| match p.kind {
                    PhoneType::Voice => JsonlPhone::Plain(&p.number),
                    kind => JsonlPhone::Typed {
                        number: &p.number,
                        kind,
                    },
                })
                .collect(),
            emails: &c.emails,
            working_languages: &c.working_languages,
            entry_language: c.entry_language,
            translation_en: c.translation_en.as_ref(),
            time_zone: c.time_zone.as_ref(),
            availability: c.availability,
            openpgp_key: c.openpgp_key.as_ref().map(|k| k.armored.as_str()),
            external_ref: c.external_ref.as_ref(),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn base() -> Value {
        json!({"id":"a73874d6-f0d0-46be-ac36-0753e1dca00e","state":"AD","role":"diplomatic","kind":"entity",
               "entity_name":"Ministry of Foreign Affairs","person_name":null,"title":null,
               "phones":["+376712807"],"emails":["multilateral@mfa.ad.example"],
               "working_languages":["en"],"entry_language":"en","translation_en":null})
    }

    fn codes(v: Value) -> Vec<(String, ErrorCode)> {
        parse_submission(&v)
            .err()
            .unwrap()
            .0
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect()
    }

    #[test]
    fn accepts_generator_line_and_round_trips() {
        let line = r#"{"id":"20993e49-f5fd-425e-8339-8a45fa967fa1","state":"AE","role":"diplomatic","kind":"entity","entity_name":"الأمانة العامة لمجلس الأمن الوطني، إدارة الشؤون المتعددة الأطراف","person_name":null,"title":null,"phones":["+97122346995"],"emails":["cyber-diplomacy@nsc.ae.example"],"working_languages":["ar"],"entry_language":"ar","translation_en":{"entity_name":"National Security Council Secretariat, Directorate of Multilateral Affairs","person_name":null,"title":null}}"#;
        let s = parse_submission_bytes(line.as_bytes()).unwrap();
        assert!(s.normalisations.is_empty());
        let out = serde_json::to_string(&JsonlLine::new(s.id.unwrap(), &s.content)).unwrap();
        assert_eq!(out, line);
    }

    #[test]
    fn typed_phones_and_extra_fields_round_trip() {
        let mut v = base();
        v["phones"] = json!(["+376712807", {"number":"+376718189","type":"emergency"}]);
        v["time_zone"] = json!("Europe/Andorra");
        v["availability"] = json!("24/7");
        v["external_ref"] = json!({"directory":"FIRST","id":"ad-cert"});
        let s = parse_submission(&v).unwrap();
        assert_eq!(s.content.phones[1].kind, PhoneType::Emergency);
        let back: Value = serde_json::to_value(JsonlLine::new(s.id.unwrap(), &s.content)).unwrap();
        assert_eq!(back, v);
    }

    #[test]
    fn policy_normalisations_are_reported() {
        let mut v = base();
        v["state"] = json!("ad");
        v["role"] = json!("Diplomatic");
        v["phones"] = json!(["+376 71 28 07"]);
        v["working_languages"] = json!([]);
        let s = parse_submission(&v).unwrap();
        let notes: Vec<_> = s.normalisations.iter().map(|n| n.note).collect();
        assert!(notes.contains(&NormalisationNote::UpperCased));
        assert!(notes.contains(&NormalisationNote::LowerCased));
        assert!(notes.contains(&NormalisationNote::SeparatorsRemoved));
        assert!(notes.contains(&NormalisationNote::DefaultedToEntryLanguage));
        assert_eq!(s.content.working_languages[0].as_str(), "en");
        assert_eq!(s.content.phones[0].number.as_str(), "+376712807");
    }

    #[test]
    fn no_email_is_accepted_but_not_pingable() {
        let mut v = base();
        v["emails"] = json!([]);
        let s = parse_submission(&v).unwrap();
        assert!(!s.content.pingable());
        assert!(
            s.normalisations
                .iter()
                .any(|n| n.note == NormalisationNote::NotPingable)
        );
        v["phones"] = json!([]);
        assert_eq!(codes(v), vec![("emails".into(), ErrorCode::NoContact)]);
    }

    #[test]
    fn refusals_name_the_field() {
        let cases: Vec<(Value, &str, ErrorCode)> = vec![
            (json!({"state": 250}), "state", ErrorCode::WrongType),
            (json!({"state": "FRA"}), "state", ErrorCode::UnknownState),
            (json!({"state": "TW"}), "state", ErrorCode::NotAUnState),
            (json!({"role": "legal"}), "role", ErrorCode::InvalidRole),
            (json!({"kind": "team"}), "kind", ErrorCode::InvalidKind),
            (
                json!({"entry_language": "en-GB"}),
                "entry_language",
                ErrorCode::InvalidEntryLanguage,
            ),
            (
                json!({"working_languages": ["eng"]}),
                "working_languages[0]",
                ErrorCode::InvalidLanguage,
            ),
            (
                json!({"phones": "+33123456789"}),
                "phones",
                ErrorCode::WrongType,
            ),
            (
                json!({"phones": ["+0123456789"]}),
                "phones[0]",
                ErrorCode::InvalidPhone,
            ),
            (
                json!({"emails": ["a@b@c.example"]}),
                "emails[0]",
                ErrorCode::InvalidEmail,
            ),
            (
                json!({"emails": ["a\u{202E}b@c.example"]}),
                "emails[0]",
                ErrorCode::ForbiddenCharacter,
            ),
            (
                json!({"entity_name": "Min\u{0}istry"}),
                "entity_name",
                ErrorCode::ForbiddenCharacter,
            ),
            (
                json!({"entity_name": "x".repeat(1001)}),
                "entity_name",
                ErrorCode::TooLong,
            ),
            (
                json!({"is_admin": true}),
                "is_admin",
                ErrorCode::UnknownField,
            ),
            (json!({"id": "not-a-uuid"}), "id", ErrorCode::InvalidUuid),
            (
                json!({"time_zone": "Mars/Olympus"}),
                "time_zone",
                ErrorCode::InvalidTimeZone,
            ),
            (
                json!({"availability": "sometimes"}),
                "availability",
                ErrorCode::InvalidAvailability,
            ),
            (
                json!({"openpgp_key": "hello"}),
                "openpgp_key",
                ErrorCode::InvalidOpenpgpKey,
            ),
            (
                json!({"person_name": "Jean Dupont"}),
                "person_name",
                ErrorCode::NotAllowedForEntity,
            ),
            (
                json!({"entity_name": "   "}),
                "entity_name",
                ErrorCode::Required,
            ),
        ];
        for (patch, field, code) in cases {
            let mut v = base();
            for (k, val) in patch.as_object().unwrap() {
                v[k] = val.clone();
            }
            let got = codes(v);
            assert!(
                got.contains(&(field.to_owned(), code)),
                "{field} {code:?}: {got:?}"
            );
        }
    }

    #[test]
    fn bytes_level_refusals() {
        assert_eq!(
            parse_submission_bytes(b"{\"state\": \"FR\"")
                .err()
                .unwrap()
                .0[0]
                .code,
            ErrorCode::InvalidJson
        );
        assert_eq!(
            parse_submission_bytes(b"{\"a\":\"\xff\"}").err().unwrap().0[0].code,
            ErrorCode::InvalidUtf8
        );
        assert_eq!(
            parse_submission_bytes(br#"{"person_name":"\ud800"}"#)
                .err()
                .unwrap()
                .0[0]
                .code,
            ErrorCode::InvalidJson
        );
        assert_eq!(
            parse_submission_bytes(b"[1]").err().unwrap().0[0].code,
            ErrorCode::NotAnObject
        );
    }

    proptest::proptest! {
        #[test]
        fn parser_never_panics(s in ".{0,300}") {
            let _ = parse_submission_bytes(s.as_bytes());
        }
    }
}

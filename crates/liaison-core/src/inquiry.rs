//! The inquiry and response templates of Annex A's appendix ("inquiry procedure", "response to
//! an inquiry procedure"; A§10(a)–(b), COM-04, COM-06, COM-08, COM-09) as typed, versioned JSON
//! documents.
//!
//! These documents are what POCs write to each other. They never reach the server in readable
//! form: the browser or the command line validates a document here (or with the JSON Schema
//! exported from the same description, `docs/schemas/*-v1.json`), then encrypts it
//! (`sealed.rs`). **Every field is optional** (COM-09: templates must let a POC write even when
//! some information is not available); only `template` and `version` say what the document is.
//!
//! One description (the `Field` tables below) drives both the validator ([`validate`]) and the JSON Schema
//! ([`json_schema`]), so they cannot drift apart; a test checks both against the same
//! fixtures. The validator checks a little more than a JSON Schema can say, and says so:
//! language codes must be ISO 639-1 codes, timestamps real dates, a STIX object's id must
//! start with its own type, and a STIX bundle at most [`MAX_STIX_BYTES`] long.

use crate::codes::{LanguageTag, vocabulary};
use crate::error::{ErrorCode, FieldError, ValidationErrors};
use crate::thread::Urgency;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::fmt;

/// Longest free-text description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Longest other free text (details, contact notes), in characters.
pub const MAX_DETAILS_CHARS: usize = 10_000;
/// Longest name, affiliation, channel or agency, in characters.
pub const MAX_NAME_CHARS: usize = 1_000;
/// Largest STIX bundle, as compact JSON, in bytes.
pub const MAX_STIX_BYTES: usize = 512 * 1024;
/// Most objects in a STIX bundle.
pub const MAX_STIX_OBJECTS: usize = 1_000;

vocabulary! {
    /// The nature of the incident (inquiry step 2): a short closed list.
    IncidentCategory {
        CriticalInfrastructureImpact = "critical_infrastructure_impact",
        Malware = "malware",
        Intrusion = "intrusion",
        DenialOfService = "denial_of_service",
        InformationOperations = "information_operations",
        Vulnerability = "vulnerability",
        SpamAbuse = "spam_abuse",
        Other = "other",
    }
}

vocabulary! {
    /// The sector affected, after the usual critical-infrastructure sectors.
    Sector {
        Energy = "energy",
        Transport = "transport",
        Banking = "banking_finance",
        Health = "health",
        Water = "water",
        DigitalInfrastructure = "digital_infrastructure",
        Telecommunications = "telecommunications",
        Government = "government",
        Defence = "defence",
        EmergencyServices = "emergency_services",
        Food = "food_agriculture",
        Manufacturing = "manufacturing",
        Chemicals = "chemicals",
        Space = "space",
        Research = "education_research",
        Media = "media",
        Other = "other",
    }
}

vocabulary! {
    /// What a technical POC asks for (A§9(b), COM-04).
    RequestType {
        Information = "information",
        Action = "action",
        SpecificAssistance = "specific_assistance",
    }
}

vocabulary! {
    /// Traffic Light Protocol 2.0 markings.
    Tlp { Clear = "CLEAR", Green = "GREEN", Amber = "AMBER", AmberStrict = "AMBER+STRICT", Red = "RED" }
}

vocabulary! {
    /// Response step 1 or 2: an immediate response, or word that the inquiry will be looked
    /// into, with an estimated time frame.
    ResponseType { Substantive = "substantive", WillConsider = "will_consider" }
}

impl IncidentCategory {
    pub fn label_id(self) -> &'static str {
        match self {
            Self::CriticalInfrastructureImpact => "inquiry-category-critical-infrastructure",
            Self::Malware => "inquiry-category-malware",
            Self::Intrusion => "inquiry-category-intrusion",
            Self::DenialOfService => "inquiry-category-denial-of-service",
            Self::InformationOperations => "inquiry-category-information-operations",
            Self::Vulnerability => "inquiry-category-vulnerability",
            Self::SpamAbuse => "inquiry-category-spam-abuse",
            Self::Other => "inquiry-category-other",
        }
    }
}

impl Sector {
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Energy => "inquiry-sector-energy",
            Self::Transport => "inquiry-sector-transport",
            Self::Banking => "inquiry-sector-banking-finance",
            Self::Health => "inquiry-sector-health",
            Self::Water => "inquiry-sector-water",
            Self::DigitalInfrastructure => "inquiry-sector-digital-infrastructure",
            Self::Telecommunications => "inquiry-sector-telecommunications",
            Self::Government => "inquiry-sector-government",
            Self::Defence => "inquiry-sector-defence",
            Self::EmergencyServices => "inquiry-sector-emergency-services",
            Self::Food => "inquiry-sector-food-agriculture",
            Self::Manufacturing => "inquiry-sector-manufacturing",
            Self::Chemicals => "inquiry-sector-chemicals",
            Self::Space => "inquiry-sector-space",
            Self::Research => "inquiry-sector-education-research",
            Self::Media => "inquiry-sector-media",
            Self::Other => "inquiry-sector-other",
        }
    }
}

impl RequestType {
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Information => "inquiry-request-information",
            Self::Action => "inquiry-request-action",
            Self::SpecificAssistance => "inquiry-request-specific-assistance",
        }
    }
}

impl ResponseType {
    pub fn label_id(self) -> &'static str {
        match self {
            Self::Substantive => "response-type-substantive",
            Self::WillConsider => "response-type-will-consider",
        }
    }
}

impl Tlp {
    pub fn label_id(self) -> &'static str {
        match self {
            Tlp::Clear => "tlp-clear",
            Tlp::Green => "tlp-green",
            Tlp::Amber => "tlp-amber",
            Tlp::AmberStrict => "tlp-amber-strict",
            Tlp::Red => "tlp-red",
        }
    }
}

/// The label of every field of both templates, by JSON path, as Fluent message ids: a form
/// shows them in the reader's language while the free text stays in the writer's (issue 5
/// item 2).
pub const FIELD_LABELS: &[(&str, &str)] = &[
    ("language", "template-field-language"),
    ("sender", "template-field-sender"),
    ("sender.name", "template-field-sender-name"),
    ("sender.affiliation", "template-field-sender-affiliation"),
    ("incident", "template-field-incident"),
    ("incident.category", "template-field-incident-category"),
    ("incident.sector", "template-field-incident-sector"),
    (
        "incident.observed_at",
        "template-field-incident-observed-at",
    ),
    (
        "incident.description",
        "template-field-incident-description",
    ),
    ("request", "template-field-request"),
    ("request.type", "template-field-request-type"),
    ("request.details", "template-field-request-details"),
    ("contact", "template-field-contact"),
    ("contact.email", "template-field-contact-email"),
    ("contact.phone", "template-field-contact-phone"),
    ("contact.other", "template-field-contact-other"),
    ("time_sensitivity", "template-field-time-sensitivity"),
    ("time_sensitivity.urgency", "template-field-urgency"),
    ("time_sensitivity.respond_by", "template-field-respond-by"),
    ("follow_up", "template-field-follow-up"),
    (
        "follow_up.proposed_channel",
        "template-field-proposed-channel",
    ),
    ("follow_up.primary_agency", "template-field-primary-agency"),
    ("follow_up.channel_agreed", "template-field-channel-agreed"),
    ("follow_up.channel", "template-field-channel"),
    ("tlp", "template-field-tlp"),
    ("stix", "template-field-stix"),
    ("translation", "template-field-translation"),
    ("in_reply_to", "template-field-in-reply-to"),
    ("response", "template-field-response"),
    ("response.type", "template-field-response-type"),
    ("response.text", "template-field-response-text"),
    (
        "response.estimated_time_frame",
        "template-field-estimated-time-frame",
    ),
    ("response.expected_by", "template-field-expected-by"),
];

impl Urgency {
    pub fn label_id(self) -> &'static str {
        match self {
            Urgency::Low => "urgency-low",
            Urgency::Normal => "urgency-normal",
            Urgency::High => "urgency-high",
            Urgency::Critical => "urgency-critical",
        }
    }
}

// ----- the typed documents ------------------------------------------------------------------

/// Who writes (inquiry step 1; prefilled from the sender's entry).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Writer {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affiliation: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<IncidentCategory>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sector: Option<Sector>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub observed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Request {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<RequestType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// E.164.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimeSensitivity {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urgency: Option<Urgency>,
    /// RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub respond_by: Option<String>,
}

/// Inquiry step 4.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpProposal {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proposed_channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_agency: Option<String>,
}

/// The writer's own translation of the free text, into one other language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<Map<String, Value>>,
}

/// An inquiry (appendix, "inquiry procedure").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inquiry {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Writer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub incident: Option<Incident>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request: Option<Request>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_sensitivity: Option<TimeSensitivity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpProposal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
    /// A STIX 2.1 bundle, validated structurally.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stix: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<Translation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResponseBody {
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<ResponseType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// For `will_consider`: in words ("within two working days").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub estimated_time_frame: Option<String>,
    /// For `will_consider`: RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_by: Option<String>,
}

/// Response step 3: agreement on the channel (COM-06) and the primary agency.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpAgreement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel_agreed: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub primary_agency: Option<String>,
}

/// A response (appendix, "response to an inquiry procedure").
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Response {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Writer>,
    /// The message id of the inquiry answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ResponseBody>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<FollowUpAgreement>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tlp: Option<Tlp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stix: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<Translation>,
}

/// Which template a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    InquiryV1,
    ResponseV1,
}

impl Template {
    pub const ALL: [Template; 2] = [Template::InquiryV1, Template::ResponseV1];

    pub fn name(self) -> &'static str {
        match self {
            Template::InquiryV1 => "inquiry",
            Template::ResponseV1 => "response",
        }
    }

    pub fn version(self) -> u64 {
        1
    }

    pub fn title_id(self) -> &'static str {
        match self {
            Template::InquiryV1 => "template-inquiry-title",
            Template::ResponseV1 => "template-response-title",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Template::ALL
            .into_iter()
            .find(|t| format!("{}-v{}", t.name(), t.version()) == name)
    }

    /// The JSON paths of this template's fields, objects included, in document order.
    pub fn field_paths(self) -> Vec<String> {
        fn walk(fields: &[Field], prefix: &str, out: &mut Vec<String>) {
            for f in fields {
                let path = join(prefix, f.name);
                out.push(path.clone());
                if let Kind::Object(inner) = f.kind {
                    walk(inner, &path, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(self.spec(), "", &mut out);
        out
    }

    /// The closed choices of this template's fields: (JSON path, values with their label ids).
    pub fn choices(self) -> Vec<(String, Vec<(&'static str, &'static str)>)> {
        let mut out = Vec::new();
        for path in self.field_paths() {
            let values: Vec<(&'static str, &'static str)> = match path.as_str() {
                "incident.category" => IncidentCategory::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label_id()))
                    .collect(),
                "incident.sector" => Sector::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label_id()))
                    .collect(),
                "request.type" => RequestType::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label_id()))
                    .collect(),
                "response.type" => ResponseType::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label_id()))
                    .collect(),
                "time_sensitivity.urgency" => Urgency::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label_id()))
                    .collect(),
                "tlp" => Tlp::ALL
                    .iter()
                    .map(|c| (c.as_str(), c.label_id()))
                    .collect(),
                _ => continue,
            };
            out.push((path, values));
        }
        out
    }

    /// The file name of its JSON Schema under `docs/schemas/`.
    pub fn schema_file(self) -> &'static str {
        match self {
            Template::InquiryV1 => "inquiry-v1.json",
            Template::ResponseV1 => "response-v1.json",
        }
    }

    fn spec(self) -> &'static [Field] {
        match self {
            Template::InquiryV1 => INQUIRY,
            Template::ResponseV1 => RESPONSE,
        }
    }
}

/// A document that passed [`validate`].
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Inquiry(Box<Inquiry>),
    Response(Box<Response>),
}

// ----- the description both the validator and the schema are made from -----------------------

#[derive(Clone, Copy)]
enum Kind {
    /// Free text of at most this many characters; may span lines.
    Text(usize),
    Choice(fn() -> Vec<&'static str>),
    Timestamp,
    Language,
    Email,
    Phone,
    Bool,
    Uuid,
    Object(&'static [Field]),
    /// The writer's translation: its `text` holds the same free-text fields as the document,
    /// by name.
    Translation(&'static [&'static str]),
    Stix,
}

#[derive(Clone, Copy)]
struct Field {
    name: &'static str,
    kind: Kind,
    description: &'static str,
}

const fn f(name: &'static str, kind: Kind, description: &'static str) -> Field {
    Field {
        name,
        kind,
        description,
    }
}

fn categories() -> Vec<&'static str> {
    IncidentCategory::ALL.iter().map(|c| c.as_str()).collect()
}
fn sectors() -> Vec<&'static str> {
    Sector::ALL.iter().map(|c| c.as_str()).collect()
}
fn request_types() -> Vec<&'static str> {
    RequestType::ALL.iter().map(|c| c.as_str()).collect()
}
fn urgencies() -> Vec<&'static str> {
    Urgency::ALL.iter().map(|c| c.as_str()).collect()
}
fn tlps() -> Vec<&'static str> {
    Tlp::ALL.iter().map(|c| c.as_str()).collect()
}
fn response_types() -> Vec<&'static str> {
    ResponseType::ALL.iter().map(|c| c.as_str()).collect()
}

const WRITER: &[Field] = &[
    f("name", Kind::Text(MAX_NAME_CHARS), "The writer's name."),
    f(
        "affiliation",
        Kind::Text(MAX_NAME_CHARS),
        "The entity the writer is affiliated with.",
    ),
];

const INCIDENT: &[Field] = &[
    f(
        "category",
        Kind::Choice(categories),
        "Nature of the incident.",
    ),
    f("sector", Kind::Choice(sectors), "The sector affected."),
    f(
        "observed_at",
        Kind::Timestamp,
        "When it was observed (RFC 3339).",
    ),
    f(
        "description",
        Kind::Text(MAX_DESCRIPTION_CHARS),
        "As much information as possible about the incident.",
    ),
];

const REQUEST: &[Field] = &[
    f(
        "type",
        Kind::Choice(request_types),
        "A request for information, for action or for specific assistance (A§9(b)).",
    ),
    f(
        "details",
        Kind::Text(MAX_DETAILS_CHARS),
        "The information or assistance requested.",
    ),
];

const CONTACT: &[Field] = &[
    f("email", Kind::Email, "An e-mail address."),
    f("phone", Kind::Phone, "A telephone number in E.164 form."),
    f(
        "other",
        Kind::Text(MAX_DETAILS_CHARS),
        "Other ways to reach the writer.",
    ),
];

const TIME_SENSITIVITY: &[Field] = &[
    f(
        "urgency",
        Kind::Choice(urgencies),
        "How urgent the inquiry is.",
    ),
    f(
        "respond_by",
        Kind::Timestamp,
        "When an answer is needed (RFC 3339).",
    ),
];

const FOLLOW_UP_PROPOSAL: &[Field] = &[
    f(
        "proposed_channel",
        Kind::Text(MAX_NAME_CHARS),
        "The preferred channel for follow-up (A§10: agreed by both sides).",
    ),
    f(
        "primary_agency",
        Kind::Text(MAX_NAME_CHARS),
        "The agency that will be the primary contact for this incident.",
    ),
];

const INQUIRY_TEXT: &[&str] = &[
    "sender.affiliation",
    "incident.description",
    "request.details",
    "contact.other",
    "follow_up.proposed_channel",
    "follow_up.primary_agency",
];

const INQUIRY: &[Field] = &[
    f(
        "language",
        Kind::Language,
        "The language the free text is written in (ISO 639-1, optionally with script or region).",
    ),
    f("sender", Kind::Object(WRITER), "Inquiry step 1."),
    f("incident", Kind::Object(INCIDENT), "Inquiry step 2."),
    f("request", Kind::Object(REQUEST), "Inquiry step 3."),
    f("contact", Kind::Object(CONTACT), "Inquiry step 3."),
    f(
        "time_sensitivity",
        Kind::Object(TIME_SENSITIVITY),
        "Inquiry step 3.",
    ),
    f(
        "follow_up",
        Kind::Object(FOLLOW_UP_PROPOSAL),
        "Inquiry step 4.",
    ),
    f(
        "tlp",
        Kind::Choice(tlps),
        "Traffic Light Protocol 2.0 marking.",
    ),
    f("stix", Kind::Stix, "Technical data as a STIX 2.1 bundle."),
    f(
        "translation",
        Kind::Translation(INQUIRY_TEXT),
        "The writer's own translation of the free text.",
    ),
];

const RESPONSE_BODY: &[Field] = &[
    f(
        "type",
        Kind::Choice(response_types),
        "An immediate response, or word that the inquiry will be considered.",
    ),
    f(
        "text",
        Kind::Text(MAX_DESCRIPTION_CHARS),
        "The response, or what will be looked into.",
    ),
    f(
        "estimated_time_frame",
        Kind::Text(MAX_NAME_CHARS),
        "When a fuller answer can be expected, in words.",
    ),
    f(
        "expected_by",
        Kind::Timestamp,
        "When a fuller answer can be expected (RFC 3339).",
    ),
];

const FOLLOW_UP_AGREEMENT: &[Field] = &[
    f(
        "channel_agreed",
        Kind::Bool,
        "Whether the proposed channel is agreed.",
    ),
    f(
        "channel",
        Kind::Text(MAX_NAME_CHARS),
        "The channel agreed, or proposed instead.",
    ),
    f(
        "primary_agency",
        Kind::Text(MAX_NAME_CHARS),
        "The agency that will be the primary contact for this incident.",
    ),
];

const RESPONSE_TEXT: &[&str] = &[
    "sender.affiliation",
    "response.text",
    "response.estimated_time_frame",
    "follow_up.channel",
    "follow_up.primary_agency",
];

const RESPONSE: &[Field] = &[
    f(
        "language",
        Kind::Language,
        "The language the free text is written in.",
    ),
    f("sender", Kind::Object(WRITER), "Who responds."),
    f(
        "in_reply_to",
        Kind::Uuid,
        "The id of the message this answers.",
    ),
    f(
        "response",
        Kind::Object(RESPONSE_BODY),
        "Response steps 1–2.",
    ),
    f(
        "follow_up",
        Kind::Object(FOLLOW_UP_AGREEMENT),
        "Response step 3.",
    ),
    f(
        "tlp",
        Kind::Choice(tlps),
        "Traffic Light Protocol 2.0 marking.",
    ),
    f("stix", Kind::Stix, "Technical data as a STIX 2.1 bundle."),
    f(
        "translation",
        Kind::Translation(RESPONSE_TEXT),
        "The writer's own translation of the free text.",
    ),
];

// ----- validation ---------------------------------------------------------------------------

/// Characters refused in free text: controls other than tab and line feed, and the
/// bidirectional embeddings, overrides and isolates, zero-width space and byte-order mark that
/// can hide or reorder what a reader sees. The JSON Schema says the same with [`TEXT_PATTERN`].
pub fn is_refused_in_text(c: char) -> bool {
    let o = c as u32;
    (o < 0x20 && c != '\t' && c != '\n')
        || (0x7F..=0x9F).contains(&o)
        || (0x202A..=0x202E).contains(&o)
        || (0x2066..=0x2069).contains(&o)
        || o == 0x200B
        || o == 0xFEFF
}

/// The same rule as [`is_refused_in_text`], as a regular expression every JSON Schema
/// validator understands (ECMA 262, Rust `regex`, Python `re`).
pub const TEXT_PATTERN: &str = "^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069\\u200B\\uFEFF]*$";
const TIMESTAMP_PATTERN: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$";
const STIX_TIMESTAMP_PATTERN: &str =
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z$";
const LANGUAGE_PATTERN: &str = "^[a-z]{2}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$";
const PHONE_PATTERN: &str = "^\\+[1-9][0-9]{6,14}$";
const EMAIL_PATTERN: &str = "^[^@\\s]+@[^@\\s]+$";
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const BUNDLE_ID_PATTERN: &str =
    "^bundle--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const STIX_TYPE_PATTERN: &str = "^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$";
const STIX_ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// The STIX 2.1 domain and relationship objects: they must carry `spec_version`, `created`
/// and `modified`.
pub const STIX_SDO_SRO_TYPES: &[&str] = &[
    "attack-pattern",
    "campaign",
    "course-of-action",
    "grouping",
    "identity",
    "incident",
    "indicator",
    "infrastructure",
    "intrusion-set",
    "location",
    "malware",
    "malware-analysis",
    "note",
    "observed-data",
    "opinion",
    "report",
    "threat-actor",
    "tool",
    "vulnerability",
    "relationship",
    "sighting",
];

fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_hexdigit(),
        })
}

fn is_rfc3339(s: &str, utc_only: bool) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|x| x.iter().all(u8::is_ascii_digit));
    let shape = b.len() >= 20
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && b[10] == b'T'
        && digits(11..13)
        && b[13] == b':'
        && digits(14..16)
        && b[16] == b':'
        && digits(17..19);
    if !shape {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if !(1..=9).contains(&n) {
            return false;
        }
        rest = &frac[n..];
    }
    let zone_ok = rest == "Z"
        || (!utc_only
            && rest.len() == 6
            && matches!(rest.as_bytes()[0], b'+' | b'-')
            && rest.as_bytes()[3] == b':'
            && rest
                .bytes()
                .enumerate()
                .all(|(i, c)| matches!(i, 0 | 3) || c.is_ascii_digit()));
    // The shape is right; the date must also exist (no 30 February, no hour 25).
    zone_ok && s.parse::<jiff::Timestamp>().is_ok()
}

fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

struct Check {
    errors: ValidationErrors,
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

impl Check {
    fn err(&mut self, path: &str, code: ErrorCode, detail: Option<String>) {
        let mut e = FieldError::new(path, code);
        if let Some(d) = detail {
            e = e.with_detail(d);
        }
        self.errors.push(e);
    }

    fn object<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.err(path, ErrorCode::WrongType, Some(type_name(other).into()));
                None
            }
        }
    }

    fn fields(&mut self, m: &Map<String, Value>, fields: &[Field], path: &str) {
        for key in m.keys() {
            if !fields.iter().any(|f| f.name == key) {
                self.err(&join(path, key), ErrorCode::UnknownField, None);
            }
        }
        for field in fields {
            if let Some(v) = m.get(field.name) {
                self.value(v, field.kind, &join(path, field.name));
            }
        }
    }

    fn string<'a>(&mut self, v: &'a Value, path: &str) -> Option<&'a str> {
        match v {
            Value::String(s) => Some(s),
            other => {
                self.err(path, ErrorCode::WrongType, Some(type_name(other).into()));
                None
            }
        }
    }

    fn value(&mut self, v: &Value, kind: Kind, path: &str) {
        match kind {
            Kind::Text(max) => {
                if let Some(s) = self.string(v, path) {
                    self.text(s, max, path);
                }
            }
            Kind::Choice(values) => {
                if let Some(s) = self.string(v, path)
                    && !values().contains(&s)
                {
                    self.err(path, ErrorCode::InvalidChoice, Some(values().join(", ")));
                }
            }
            Kind::Timestamp => {
                if let Some(s) = self.string(v, path)
                    && !is_rfc3339(s, false)
                {
                    self.err(path, ErrorCode::InvalidTimestamp, None);
                }
            }
            Kind::Language => {
                if let Some(s) = self.string(v, path)
                    && LanguageTag::parse(s).is_none_or(|t| t.as_str() != s)
                {
                    self.err(path, ErrorCode::InvalidLanguage, None);
                }
            }
            Kind::Email => {
                if let Some(s) = self.string(v, path)
                    && crate::contact::Email::parse(s).is_none_or(|e| e.as_str() != s)
                {
                    self.err(path, ErrorCode::InvalidEmail, None);
                }
            }
            Kind::Phone => {
                if let Some(s) = self.string(v, path)
                    && !matches!(
                        crate::contact::E164::parse(s),
                        Some(crate::contact::PhoneParse::Exact(_))
                    )
                {
                    self.err(path, ErrorCode::InvalidPhone, None);
                }
            }
            Kind::Bool => {
                if !v.is_boolean() {
                    self.err(path, ErrorCode::WrongType, Some(type_name(v).into()));
                }
            }
            Kind::Uuid => {
                if let Some(s) = self.string(v, path)
                    && !is_uuid(s)
                {
                    self.err(path, ErrorCode::InvalidUuid, None);
                }
            }
            Kind::Object(fields) => {
                if let Some(m) = self.object(v, path) {
                    self.fields(m, fields, path);
                }
            }
            Kind::Translation(names) => {
                let Some(m) = self.object(v, path) else {
                    return;
                };
                for key in m.keys() {
                    if key != "language" && key != "text" {
                        self.err(&join(path, key), ErrorCode::UnknownField, None);
                    }
                }
                if let Some(l) = m.get("language") {
                    self.value(l, Kind::Language, &join(path, "language"));
                }
                if let Some(t) = m.get("text") {
                    let tpath = join(path, "text");
                    if let Some(t) = self.object(t, &tpath) {
                        for (key, value) in t {
                            let p = format!("{tpath}[{key}]");
                            if !names.contains(&key.as_str()) {
                                self.err(&p, ErrorCode::UnknownField, None);
                            } else {
                                self.value(value, Kind::Text(MAX_DESCRIPTION_CHARS), &p);
                            }
                        }
                    }
                }
            }
            Kind::Stix => self.stix(v, path),
        }
    }

    fn text(&mut self, s: &str, max: usize, path: &str) {
        if let Some(c) = s.chars().find(|c| is_refused_in_text(*c)) {
            self.err(
                path,
                ErrorCode::ForbiddenCharacter,
                Some(format!("U+{:04X}", c as u32)),
            );
        } else if s.chars().count() > max {
            self.err(path, ErrorCode::TooLong, Some(max.to_string()));
        }
    }

    fn stix(&mut self, v: &Value, path: &str) {
        let Some(bundle) = self.object(v, path) else {
            return;
        };
        let bad = |this: &mut Self, p: &str, why: &str| {
            this.err(p, ErrorCode::InvalidStix, Some(why.to_owned()));
        };
        if bundle.get("type").and_then(Value::as_str) != Some("bundle") {
            bad(self, &join(path, "type"), "type must be \"bundle\"");
        }
        match bundle.get("id").and_then(Value::as_str) {
            Some(id) if id.strip_prefix("bundle--").is_some_and(is_uuid) => {}
            _ => bad(self, &join(path, "id"), "id must be bundle--<uuid>"),
        }
        let size = serde_json::to_vec(v).map(|b| b.len()).unwrap_or(usize::MAX);
        if size > MAX_STIX_BYTES {
            self.err(path, ErrorCode::TooLong, Some(MAX_STIX_BYTES.to_string()));
            return;
        }
        let Some(objects) = bundle.get("objects") else {
            return;
        };
        let opath = join(path, "objects");
        let Some(objects) = objects.as_array() else {
            bad(self, &opath, "objects must be an array");
            return;
        };
        if objects.len() > MAX_STIX_OBJECTS {
            self.err(
                &opath,
                ErrorCode::TooMany,
                Some(MAX_STIX_OBJECTS.to_string()),
            );
            return;
        }
        for (i, o) in objects.iter().enumerate() {
            let p = format!("{opath}[{i}]");
            let Some(o) = o.as_object() else {
                bad(self, &p, "an object must be a JSON object");
                continue;
            };
            let ty = o.get("type").and_then(Value::as_str).unwrap_or("");
            let type_ok = ty.len() >= 3
                && ty.len() <= 250
                && ty
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                && !ty.starts_with('-')
                && !ty.ends_with('-');
            if !type_ok {
                bad(self, &join(&p, "type"), "type must be 3-250 of a-z, 0-9, -");
            }
            match o
                .get("id")
                .and_then(Value::as_str)
                .and_then(|id| id.split_once("--"))
            {
                Some((prefix, uuid)) if prefix == ty && is_uuid(uuid) => {}
                _ => bad(self, &join(&p, "id"), "id must be <type>--<uuid>"),
            }
            if let Some(sv) = o.get("spec_version")
                && sv.as_str() != Some("2.1")
            {
                bad(
                    self,
                    &join(&p, "spec_version"),
                    "spec_version must be \"2.1\"",
                );
            }
            let sdo = STIX_SDO_SRO_TYPES.contains(&ty);
            if sdo && o.get("spec_version").is_none() {
                bad(self, &join(&p, "spec_version"), "spec_version is required");
            }
            for stamp in ["created", "modified"] {
                match o.get(stamp) {
                    Some(Value::String(s)) if is_rfc3339(s, true) => {}
                    Some(_) => bad(self, &join(&p, stamp), "an RFC 3339 UTC timestamp"),
                    None if sdo => bad(self, &join(&p, stamp), "required"),
                    None => {}
                }
            }
        }
    }
}

/// Validate a document of any template: `template` and `version` say which. Every problem is
/// reported with its JSON path; nothing is changed.
pub fn validate(v: &Value) -> Result<Document, ValidationErrors> {
    let mut c = Check {
        errors: ValidationErrors::default(),
    };
    let Some(m) = c.object(v, "") else {
        return Err(c.errors);
    };
    let name = m.get("template").and_then(Value::as_str);
    let version = m.get("version").and_then(Value::as_u64);
    let Some(template) = Template::ALL
        .into_iter()
        .find(|t| Some(t.name()) == name && Some(t.version()) == version)
    else {
        c.err("template", ErrorCode::InvalidTemplate, None);
        return Err(c.errors);
    };
    let mut rest = m.clone();
    rest.remove("template");
    rest.remove("version");
    c.fields(&rest, template.spec(), "");
    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    let typed = Value::Object(rest);
    let bad_shape = |_| ValidationErrors::single(FieldError::new("", ErrorCode::WrongType));
    Ok(match template {
        Template::InquiryV1 => {
            Document::Inquiry(Box::new(serde_json::from_value(typed).map_err(bad_shape)?))
        }
        Template::ResponseV1 => {
            Document::Response(Box::new(serde_json::from_value(typed).map_err(bad_shape)?))
        }
    })
}

impl Document {
    /// Back to the JSON the writer encrypts, with `template` and `version`.
    pub fn to_json(&self) -> Value {
        let (template, body) = match self {
            Document::Inquiry(i) => (Template::InquiryV1, serde_json::to_value(i)),
            Document::Response(r) => (Template::ResponseV1, serde_json::to_value(r)),
        };
        let mut m = match body {
            Ok(Value::Object(m)) => m,
            _ => Map::new(),
        };
        m.insert("template".into(), json!(template.name()));
        m.insert("version".into(), json!(template.version()));
        Value::Object(m)
    }
}

// ----- the JSON Schema ----------------------------------------------------------------------

fn schema_of(kind: Kind, description: &str) -> Value {
    let mut s = match kind {
        Kind::Text(max) => json!({"type": "string", "maxLength": max, "pattern": TEXT_PATTERN}),
        Kind::Choice(values) => json!({"type": "string", "enum": values()}),
        Kind::Timestamp => json!({"type": "string", "pattern": TIMESTAMP_PATTERN}),
        Kind::Language => json!({"type": "string", "pattern": LANGUAGE_PATTERN}),
        Kind::Email => {
            json!({"type": "string", "maxLength": crate::contact::Email::MAX_LEN, "pattern": EMAIL_PATTERN})
        }
        Kind::Phone => json!({"type": "string", "pattern": PHONE_PATTERN}),
        Kind::Bool => json!({"type": "boolean"}),
        Kind::Uuid => json!({"type": "string", "pattern": UUID_PATTERN}),
        Kind::Object(fields) => object_schema(fields, &[]),
        Kind::Translation(names) => {
            let text: Map<String, Value> = names
                .iter()
                .map(|n| {
                    (
                        n.to_string(),
                        schema_of(Kind::Text(MAX_DESCRIPTION_CHARS), ""),
                    )
                })
                .collect();
            json!({
                "type": "object",
                "additionalProperties": false,
                "properties": {
                    "language": schema_of(Kind::Language, "The language of the translation."),
                    "text": {
                        "type": "object",
                        "additionalProperties": false,
                        "description": "Translated free text, by the JSON path of the original field.",
                        "properties": text,
                    },
                },
            })
        }
        Kind::Stix => json!({"$ref": "#/$defs/stix_bundle"}),
    };
    if !description.is_empty()
        && let Value::Object(m) = &mut s
    {
        m.insert("description".into(), json!(description));
    }
    s
}

fn object_schema(fields: &[Field], extra: &[(&str, Value)]) -> Value {
    let mut props: Map<String, Value> = extra
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    for field in fields {
        props.insert(
            field.name.to_owned(),
            schema_of(field.kind, field.description),
        );
    }
    json!({"type": "object", "additionalProperties": false, "properties": props})
}

fn stix_schema() -> Value {
    let stamp = json!({"type": "string", "pattern": STIX_TIMESTAMP_PATTERN});
    json!({
        "type": "object",
        "description": "A STIX 2.1 bundle (checked for structure, not for meaning).",
        "required": ["type", "id"],
        "properties": {
            "type": {"const": "bundle"},
            "id": {"type": "string", "pattern": BUNDLE_ID_PATTERN},
            "objects": {
                "type": "array",
                "maxItems": MAX_STIX_OBJECTS,
                "items": {
                    "type": "object",
                    "required": ["type", "id"],
                    "properties": {
                        "type": {"type": "string", "pattern": STIX_TYPE_PATTERN},
                        "id": {"type": "string", "pattern": STIX_ID_PATTERN},
                        "spec_version": {"const": "2.1"},
                        "created": stamp,
                        "modified": stamp,
                    },
                    "if": {"properties": {"type": {"enum": STIX_SDO_SRO_TYPES}}},
                    "then": {"required": ["spec_version", "created", "modified"]},
                },
            },
        },
    })
}

/// The JSON Schema (2020-12) of a template, as published in `docs/schemas/`.
pub fn json_schema(template: Template) -> Value {
    let (title, description) = match template {
        Template::InquiryV1 => (
            "Liaison inquiry, version 1",
            "The inquiry procedure of the appendix to Annex A (A/78/265): every field is optional (A§10(b)). Encrypted by the writer before it reaches the directory.",
        ),
        Template::ResponseV1 => (
            "Liaison response to an inquiry, version 1",
            "The response-to-an-inquiry procedure of the appendix to Annex A (A/78/265): every field is optional (A§10(b)). Encrypted by the writer before it reaches the directory.",
        ),
    };
    let mut s = object_schema(
        template.spec(),
        &[
            ("template", json!({"const": template.name()})),
            ("version", json!({"const": template.version()})),
        ],
    );
    if let Value::Object(m) = &mut s {
        m.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        m.insert(
            "$id".into(),
            json!(format!("urn:liaison:schema:{}", template.schema_file())),
        );
        m.insert("title".into(), json!(title));
        m.insert("description".into(), json!(description));
        m.insert("required".into(), json!(["template", "version"]));
        m.insert("$defs".into(), json!({"stix_bundle": stix_schema()}));
    }
    s
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn codes(v: Value) -> Vec<(String, &'static str)> {
        match validate(&v) {
            Ok(_) => vec![],
            Err(e) => {
                e.0.iter()
                    .map(|f| (f.field.clone(), f.code.as_str()))
                    .collect()
            }
        }
    }

    #[test]
    fn an_empty_inquiry_is_valid() {
        // COM-09: communication must be possible when some information is not available.
        let d = validate(&json!({"template": "inquiry", "version": 1})).unwrap();
        assert_eq!(d, Document::Inquiry(Box::default()));
        assert_eq!(d.to_json(), json!({"template": "inquiry", "version": 1}));
    }

    #[test]
    fn a_full_inquiry_round_trips() {
        let v: Value = serde_json::from_str(include_str!(
            "../../../docs/schemas/fixtures/valid/inquiry-full.json"
        ))
        .unwrap();
        let d = validate(&v).unwrap();
        assert_eq!(d.to_json(), v);
        let Document::Inquiry(i) = d else { panic!() };
        assert_eq!(
            i.incident.unwrap().category,
            Some(IncidentCategory::CriticalInfrastructureImpact)
        );
        assert_eq!(i.tlp, Some(Tlp::AmberStrict));
    }

    #[test]
    fn errors_name_their_field() {
        let got = codes(json!({
            "template": "inquiry", "version": 1,
            "incident": {"category": "weather", "observed_at": "yesterday", "colour": 1},
            "contact": {"phone": "0123", "email": "nobody"},
            "sender": {"name": "a\u{202E}b"},
            "language": "xx",
        }));
        let want = [
            ("incident.colour", "unknown_field"),
            ("incident.category", "invalid_choice"),
            ("incident.observed_at", "invalid_timestamp"),
            ("contact.email", "invalid_email"),
            ("contact.phone", "invalid_phone"),
            ("sender.name", "forbidden_character"),
            ("language", "invalid_language"),
        ];
        for w in want {
            assert!(
                got.iter().any(|(f, c)| f == w.0 && *c == w.1),
                "{w:?} not in {got:?}"
            );
        }
        assert_eq!(
            codes(json!({"template": "inquiry", "version": 2})),
            vec![("template".to_owned(), "invalid_template")]
        );
        // Line breaks are fine in free text.
        assert!(
            codes(json!({"template": "response", "version": 1,
            "response": {"type": "will_consider", "text": "Line one\nLine two\tend"}}))
            .is_empty()
        );
    }

    #[test]
    fn stix_rules_beyond_the_schema() {
        let bundle = |objects: Value| {
            json!({"template": "inquiry", "version": 1, "stix": {
                "type": "bundle", "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "objects": objects}})
        };
        // The id's prefix must be the object's own type.
        let got = codes(bundle(
            json!([{"type": "indicator", "id": "malware--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
            "spec_version": "2.1", "created": "2025-01-01T00:00:00Z", "modified": "2025-01-01T00:00:00Z"}]),
        ));
        assert_eq!(got, vec![("stix.objects[0].id".to_owned(), "invalid_stix")]);
        // A date that does not exist.
        let got = codes(bundle(
            json!([{"type": "indicator", "id": "indicator--31b940d4-6f7f-459a-80ea-9c1f17b58abc",
            "spec_version": "2.1", "created": "2025-02-30T00:00:00Z", "modified": "2025-01-01T00:00:00Z"}]),
        ));
        assert_eq!(
            got,
            vec![("stix.objects[0].created".to_owned(), "invalid_stix")]
        );
        // Too large as a whole.
        let big: Vec<Value> = (0..MAX_STIX_OBJECTS + 1)
            .map(|_| json!({"type": "ipv4-addr", "id": "ipv4-addr--31b940d4-6f7f-459a-80ea-9c1f17b58abc", "value": "192.0.2.1"}))
            .collect();
        assert_eq!(
            codes(bundle(json!(big))),
            vec![("stix.objects".to_owned(), "too_many")]
        );
    }

    #[test]
    fn label_ids_are_distinct() {
        let mut ids: Vec<&str> = IncidentCategory::ALL.iter().map(|c| c.label_id()).collect();
        ids.extend(Sector::ALL.iter().map(|c| c.label_id()));
        ids.extend(RequestType::ALL.iter().map(|c| c.label_id()));
        ids.extend(ResponseType::ALL.iter().map(|c| c.label_id()));
        ids.extend(Urgency::ALL.iter().map(|c| c.label_id()));
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n);
    }

    proptest::proptest! {
        /// Whatever JSON arrives, the validator answers without panicking.
        #[test]
        fn never_panics(s in ".{0,300}") {
            if let Ok(v) = serde_json::from_str::<Value>(&s) {
                let _ = validate(&v);
            }
            let _ = validate(&json!({"template": "inquiry", "version": 1, "incident": {"description": s}}));
        }
    }

    #[test]
    fn every_field_has_a_label_and_every_choice_list_is_known() {
        for t in Template::ALL {
            for path in t.field_paths() {
                assert!(
                    FIELD_LABELS.iter().any(|(p, _)| *p == path),
                    "{path} of {} has no label",
                    t.name()
                );
            }
            let choices = t.choices();
            fn count(fields: &[Field]) -> usize {
                fields
                    .iter()
                    .map(|f| match f.kind {
                        Kind::Choice(_) => 1,
                        Kind::Object(inner) => count(inner),
                        _ => 0,
                    })
                    .sum()
            }
            assert_eq!(choices.len(), count(t.spec()), "{}", t.name());
        }
        assert_eq!(Template::parse("inquiry-v1"), Some(Template::InquiryV1));
        assert_eq!(Template::parse("response-v1"), Some(Template::ResponseV1));
        assert_eq!(Template::parse("inquiry-v2"), None);
    }
}

//! Nominating (`/directory/new`), editing (`/directory/{id}/edit`) and retiring
//! (`/directory/{id}/retire`) a state's points of contact. The form's fields become the same
//! JSON object the API takes and go through the same parser (`parse_submission`), so a form
//! and an API client are refused for the same reasons with the same messages; each refusal is
//! shown next to its field and in a summary at the top, with what was typed kept. Who may act
//! for which state is decided by the use cases.

use super::{
    Choice, Text, availability_name, entry_language_name, kind_name, may_manage, phone_type_name,
    role_name, uuid_in_path,
};
use crate::AppState;
use crate::i18n::{self, UiLanguage};
use crate::pages::{Layout, PageError, PageFailure, Tr, Viewer, see_other};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use liaison_app::AppError;
use liaison_core::codes::{Availability, EntryLanguage, PhoneType, PocKind, PocRole};
use liaison_core::poc::{MAX_EMAILS, MAX_PHONES, PointOfContact, parse_submission};
use liaison_core::states::StateCode;
use liaison_core::text::{CleanText, Cleaned, MAX_REASON_CHARS};
use liaison_core::{FieldError, ValidationErrors};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::sync::Arc;
use uuid::Uuid;

/// The IANA zone names offered as suggestions ("Africa/Cairo"), without the legacy aliases
/// ("US/Eastern", "Etc/GMT+3"); any name the database knows is still accepted.
static TIME_ZONES: std::sync::LazyLock<Vec<String>> = std::sync::LazyLock::new(|| {
    let mut zones: Vec<String> = jiff::tz::db()
        .available()
        .map(|z| z.as_str().to_owned())
        .filter(|z| {
            const AREAS: &[&str] = &[
                "Africa/",
                "America/",
                "Antarctica/",
                "Asia/",
                "Atlantic/",
                "Australia/",
                "Europe/",
                "Indian/",
                "Pacific/",
            ];
            AREAS.iter().any(|a| z.starts_with(a))
        })
        .collect();
    zones.sort();
    zones
});

/// Empty rows offered after the filled ones (no script adds rows).
const SPARE_ROWS: usize = 3;

/// What the entry form holds: the raw text of every control, kept as typed.
#[derive(Default, Clone)]
struct EntryForm {
    csrf: String,
    state: String,
    revision: String,
    role: String,
    kind: String,
    entity_name: String,
    person_name: String,
    person_title: String,
    /// Filled rows only, in order: (number, type).
    phones: Vec<(String, String)>,
    emails: Vec<String>,
    working_languages: Vec<String>,
    working_languages_other: String,
    entry_language: String,
    time_zone: String,
    availability: String,
    openpgp_key: String,
    en_entity_name: String,
    en_person_name: String,
    en_title: String,
    external_directory: String,
    external_id: String,
    reason: String,
}

/// `phone_number_3` → ("phone_number", 3).
fn indexed(key: &str, prefix: &str) -> Option<usize> {
    key.strip_prefix(prefix)?.parse().ok()
}

impl EntryForm {
    fn from_pairs(pairs: Vec<(String, String)>) -> EntryForm {
        let mut f = EntryForm::default();
        let mut phone_numbers: Vec<(usize, String)> = Vec::new();
        let mut phone_types: Vec<(usize, String)> = Vec::new();
        let mut emails: Vec<(usize, String)> = Vec::new();
        for (k, v) in pairs {
            match k.as_str() {
                "csrf" => f.csrf = v,
                "state" => f.state = v,
                "revision" => f.revision = v,
                "role" => f.role = v,
                "kind" => f.kind = v,
                "entity_name" => f.entity_name = v,
                "person_name" => f.person_name = v,
                "person_title" => f.person_title = v,
                "working_languages" => {
                    if f.working_languages.len() < EntryLanguage::ALL.len() {
                        f.working_languages.push(v);
                    }
                }
                "working_languages_other" => f.working_languages_other = v,
                "entry_language" => f.entry_language = v,
                "time_zone" => f.time_zone = v,
                "availability" => f.availability = v,
                "openpgp_key" => f.openpgp_key = v,
                "en_entity_name" => f.en_entity_name = v,
                "en_person_name" => f.en_person_name = v,
                "en_title" => f.en_title = v,
                "external_directory" => f.external_directory = v,
                "external_id" => f.external_id = v,
                "reason" => f.reason = v,
                other => {
                    // Rows beyond the limits are not offered by the form; a longer list is
                    // refused by the parser (too many), so they are kept.
                    if let Some(i) = indexed(other, "phone_number_").filter(|i| *i < 100) {
                        phone_numbers.push((i, v));
                    } else if let Some(i) = indexed(other, "phone_type_").filter(|i| *i < 100) {
                        phone_types.push((i, v));
                    } else if let Some(i) = indexed(other, "email_").filter(|i| *i < 100) {
                        emails.push((i, v));
                    }
                }
            }
        }
        phone_numbers.sort_by_key(|(i, _)| *i);
        emails.sort_by_key(|(i, _)| *i);
        f.phones = phone_numbers
            .into_iter()
            .filter(|(_, n)| !n.trim().is_empty())
            .map(|(i, n)| {
                let t = phone_types
                    .iter()
                    .find(|(j, _)| *j == i)
                    .map(|(_, t)| t.clone())
                    .unwrap_or_default();
                (n, t)
            })
            .collect();
        f.emails = emails
            .into_iter()
            .map(|(_, e)| e)
            .filter(|e| !e.trim().is_empty())
            .collect();
        f
    }

    fn from_entry(e: &PointOfContact) -> EntryForm {
        let c = &e.content;
        let text = |t: Option<&CleanText>| t.map(|v| v.as_str().to_owned()).unwrap_or_default();
        let tr = c.translation_en.as_ref();
        let un: Vec<String> = c
            .working_languages
            .iter()
            .filter(|w| EntryLanguage::parse(w.as_str()).is_some())
            .map(|w| w.as_str().to_owned())
            .collect();
        let other: Vec<&str> = c
            .working_languages
            .iter()
            .filter(|w| EntryLanguage::parse(w.as_str()).is_none())
            .map(|w| w.as_str())
            .collect();
        EntryForm {
            csrf: String::new(),
            state: c.state.as_str().to_owned(),
            revision: e.revision.to_string(),
            role: c.role.as_str().to_owned(),
            kind: c.kind.as_str().to_owned(),
            entity_name: text(c.entity_name.as_ref()),
            person_name: text(c.person_name.as_ref()),
            person_title: text(c.title.as_ref()),
            phones: c
                .phones
                .iter()
                .map(|p| (p.number.as_str().to_owned(), p.kind.as_str().to_owned()))
                .collect(),
            emails: c.emails.iter().map(|m| m.as_str().to_owned()).collect(),
            working_languages: un,
            working_languages_other: other.join(", "),
            entry_language: c.entry_language.as_str().to_owned(),
            time_zone: c
                .time_zone
                .as_ref()
                .map(|z| z.as_str().to_owned())
                .unwrap_or_default(),
            availability: c
                .availability
                .map(|a| a.as_str().to_owned())
                .unwrap_or_default(),
            openpgp_key: c
                .openpgp_key
                .as_ref()
                .map(|k| k.armored.clone())
                .unwrap_or_default(),
            en_entity_name: text(tr.and_then(|t| t.entity_name.as_ref())),
            en_person_name: text(tr.and_then(|t| t.person_name.as_ref())),
            en_title: text(tr.and_then(|t| t.title.as_ref())),
            external_directory: c
                .external_ref
                .as_ref()
                .map(|r| r.directory.as_str().to_owned())
                .unwrap_or_default(),
            external_id: c
                .external_ref
                .as_ref()
                .map(|r| r.id.as_str().to_owned())
                .unwrap_or_default(),
            reason: String::new(),
        }
    }

    /// The JSON object the API would receive for this form. Blank controls are left out, so
    /// the parser reports a missing required field as missing; everything typed is passed as
    /// typed, so the parser's checks (length, characters, formats) all apply.
    fn to_json(&self, state: &str) -> Value {
        let mut o = Map::new();
        let mut put = |k: &str, v: &str| {
            if !v.trim().is_empty() {
                o.insert(k.to_owned(), Value::String(v.to_owned()));
            }
        };
        put("state", state);
        put("role", &self.role);
        put("kind", &self.kind);
        put("entity_name", &self.entity_name);
        put("person_name", &self.person_name);
        put("title", &self.person_title);
        put("entry_language", &self.entry_language);
        put("time_zone", self.time_zone.trim());
        put("availability", &self.availability);
        put("openpgp_key", &self.openpgp_key);
        put("reason", &self.reason);
        if !self.phones.is_empty() {
            let phones = self
                .phones
                .iter()
                .map(|(n, t)| {
                    let mut p = Map::new();
                    p.insert("number".into(), Value::String(n.trim().to_owned()));
                    if !t.is_empty() {
                        p.insert("type".into(), Value::String(t.clone()));
                    }
                    Value::Object(p)
                })
                .collect();
            o.insert("phones".into(), Value::Array(phones));
        }
        if !self.emails.is_empty() {
            let emails = self
                .emails
                .iter()
                .map(|e| Value::String(e.trim().to_owned()))
                .collect();
            o.insert("emails".into(), Value::Array(emails));
        }
        let languages: Vec<Value> = self
            .working_languages
            .iter()
            .map(String::as_str)
            .chain(
                self.working_languages_other
                    .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
                    .filter(|s| !s.is_empty()),
            )
            .map(|s| Value::String(s.to_owned()))
            .collect();
        if !languages.is_empty() {
            o.insert("working_languages".into(), Value::Array(languages));
        }
        let mut tr = Map::new();
        for (k, v) in [
            ("entity_name", &self.en_entity_name),
            ("person_name", &self.en_person_name),
            ("title", &self.en_title),
        ] {
            if !v.trim().is_empty() {
                tr.insert(k.into(), Value::String(v.clone()));
            }
        }
        if !tr.is_empty() {
            o.insert("translation_en".into(), Value::Object(tr));
        }
        if !self.external_directory.trim().is_empty() || !self.external_id.trim().is_empty() {
            let mut r = Map::new();
            r.insert(
                "directory".into(),
                Value::String(self.external_directory.clone()),
            );
            r.insert("id".into(), Value::String(self.external_id.clone()));
            o.insert("external_ref".into(), Value::Object(r));
        }
        Value::Object(o)
    }
}

/// The control a refused JSON field belongs to, the message id of its label, and its row
/// (phones and e-mails).
fn control_of(field: &str) -> (String, &'static str, Option<usize>) {
    let row = |prefix: &str| -> Option<usize> {
        let rest = field.strip_prefix(prefix)?.strip_prefix('[')?;
        rest.split(']').next()?.parse().ok()
    };
    if let Some(i) = row("phones") {
        return (
            format!("phone_number_{i}"),
            "dir-field-phone-number",
            Some(i),
        );
    }
    if let Some(i) = row("emails") {
        return (format!("email_{i}"), "dir-field-email", Some(i));
    }
    let (id, label) = match field {
        "role" => ("role", "dir-field-role"),
        "kind" => ("kind", "dir-field-kind"),
        "entity_name" => ("entity_name", "dir-field-entity-name"),
        "person_name" => ("person_name", "dir-field-person-name"),
        "title" => ("person_title", "dir-field-person-title"),
        "phones" => ("phone_number_0", "dir-field-phones"),
        "emails" => ("email_0", "dir-field-emails"),
        "entry_language" => ("entry_language", "dir-field-entry-language"),
        "time_zone" => ("time_zone", "dir-field-time-zone"),
        "availability" => ("availability", "dir-field-availability"),
        "openpgp_key" => ("openpgp_key", "dir-field-openpgp-key"),
        "translation_en.entity_name" => ("en_entity_name", "dir-field-en-entity-name"),
        "translation_en.person_name" => ("en_person_name", "dir-field-en-person-name"),
        "translation_en.title" => ("en_title", "dir-field-en-title"),
        "external_ref.directory" | "external_ref" => {
            ("external_directory", "dir-field-external-directory")
        }
        "external_ref.id" => ("external_id", "dir-field-external-id"),
        "reason" => ("reason", "dir-field-reason"),
        f if f.starts_with("working_languages") => {
            ("working_languages_other", "dir-field-working-languages")
        }
        // The state (it comes from the account, not from a control) and whole-form problems.
        _ => ("", "dir-field-entry"),
    };
    (id.to_owned(), label, None)
}

/// Problems found in a form: per control (id → message), and for the whole form.
#[derive(Default)]
struct Problems {
    fields: Vec<(String, String, String)>,
    general: Vec<String>,
}

impl Problems {
    fn from_validation(lang: UiLanguage, v: &ValidationErrors) -> Problems {
        let mut p = Problems::default();
        for e in &v.0 {
            let (id, label_id, row) = control_of(&e.field);
            let label = row_label(lang, label_id, row);
            let msg = field_message(lang, e, &label);
            if id.is_empty() {
                p.general.push(msg);
            } else if !p.fields.iter().any(|(i, _, _)| *i == id) {
                p.fields.push((id, label, msg));
            }
        }
        p
    }

    fn error_for(&self, id: &str) -> Option<String> {
        self.fields
            .iter()
            .find(|(i, _, _)| i == id)
            .map(|(_, _, m)| m.clone())
    }
}

/// A label, numbered for a row of phones or e-mails ("Telephone number 2").
fn row_label(lang: UiLanguage, label_id: &str, row: Option<usize>) -> String {
    let label = i18n::tr(lang, label_id, &[]);
    match row {
        Some(i) => format!("{label} {}", crate::format::number(lang, (i + 1) as u64)),
        None => label,
    }
}

/// The API's translated message for a refused field, naming the form's label.
fn field_message(lang: UiLanguage, e: &FieldError, label: &str) -> String {
    let detail = e.detail.clone().unwrap_or_default();
    i18n::tr(
        lang,
        &e.code.message_id(),
        &[("field", label), ("detail", &detail)],
    )
}

pub struct TextField {
    pub id: String,
    pub name: String,
    pub label: String,
    pub value: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub required: bool,
    pub required_mark: String,
    pub long: bool,
    pub rows: u8,
    pub kind: &'static str,
    pub dir: &'static str,
    pub autocomplete: &'static str,
    /// The id of a `<datalist>` of suggestions, or empty.
    pub list: &'static str,
    /// The ids of the hint and error, for `aria-describedby`.
    pub describedby: String,
}

pub struct SelectField {
    pub id: String,
    pub name: String,
    pub label: String,
    pub options: Vec<Choice>,
    pub error: Option<String>,
    pub required: bool,
    pub required_mark: String,
}

pub struct PhoneRow {
    pub number: TextField,
    pub type_id: String,
    pub type_label: String,
    pub types: Vec<Choice>,
}

pub struct Summary {
    pub href: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "dir_form.html")]
struct FormPage {
    t: Tr,
    page: Layout,
    heading: String,
    action: String,
    cancel: String,
    state: String,
    revision: String,
    /// "This entry changed since…" (a stale edit), with a link to the current version.
    stale: Option<String>,
    summary: Vec<Summary>,
    general: Vec<String>,
    role: SelectField,
    kind: SelectField,
    entry_language: SelectField,
    entity_name: TextField,
    person_name: TextField,
    person_title: TextField,
    phones: Vec<PhoneRow>,
    emails: Vec<TextField>,
    working_languages: Vec<Choice>,
    working_languages_other: TextField,
    time_zone: TextField,
    availability: SelectField,
    openpgp_key: TextField,
    en_entity_name: TextField,
    en_person_name: TextField,
    en_title: TextField,
    external_directory: TextField,
    external_id: TextField,
    reason: TextField,
    submit: String,
    zones: &'static [String],
}

struct Builder<'a> {
    lang: UiLanguage,
    problems: &'a Problems,
}

impl Builder<'_> {
    fn text(&self, id: &str, label_id: &str, value: &str) -> TextField {
        self.row_text(id, label_id, None, value)
    }

    fn row_text(&self, id: &str, label_id: &str, row: Option<usize>, value: &str) -> TextField {
        let error = self.problems.error_for(id);
        TextField {
            id: id.to_owned(),
            name: id.to_owned(),
            label: row_label(self.lang, label_id, row),
            value: value.to_owned(),
            hint: None,
            describedby: if error.is_some() {
                format!("{id}-error")
            } else {
                String::new()
            },
            error,
            required: false,
            required_mark: i18n::tr(self.lang, "dir-required", &[]),
            long: false,
            rows: 3,
            kind: "text",
            dir: "auto",
            autocomplete: "off",
            list: "",
        }
    }

    fn hinted(&self, mut f: TextField, hint_id: &str) -> TextField {
        f.hint = Some(i18n::tr(self.lang, hint_id, &[]));
        f.describedby = if f.error.is_some() {
            format!("{0}-hint {0}-error", f.id)
        } else {
            format!("{}-hint", f.id)
        };
        f
    }

    fn select(
        &self,
        id: &str,
        label_id: &str,
        options: Vec<Choice>,
        required: bool,
    ) -> SelectField {
        SelectField {
            id: id.to_owned(),
            name: id.to_owned(),
            label: i18n::tr(self.lang, label_id, &[]),
            options,
            error: self.problems.error_for(id),
            required,
            required_mark: i18n::tr(self.lang, "dir-required", &[]),
        }
    }
}

/// Options with a first empty one ("choose…") when nothing is chosen yet.
fn options<T: Copy>(
    lang: UiLanguage,
    all: &[T],
    value: fn(T) -> &'static str,
    label: fn(UiLanguage, T) -> String,
    current: &str,
    blank_id: Option<&str>,
) -> Vec<Choice> {
    let mut out = Vec::new();
    if let Some(id) = blank_id {
        out.push(Choice {
            value: String::new(),
            label: i18n::tr(lang, id, &[]),
            selected: current.is_empty(),
        });
    }
    out.extend(all.iter().map(|v| Choice {
        value: value(*v).to_owned(),
        label: label(lang, *v),
        selected: value(*v) == current,
    }));
    out
}

enum Mode<'a> {
    New,
    Edit(&'a PointOfContact),
}

fn render_form(
    viewer: &Viewer,
    mode: Mode<'_>,
    f: &EntryForm,
    problems: &Problems,
    stale: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = viewer.lang();
    let b = Builder { lang, problems };
    let (heading, action, cancel, submit) = match mode {
        Mode::New => (
            i18n::tr(
                lang,
                "dir-new-heading",
                &[(
                    "state",
                    StateCode::parse(&f.state)
                        .map(|c| c.state().name(lang))
                        .unwrap_or_default(),
                )],
            ),
            "/directory/new".to_owned(),
            "/directory".to_owned(),
            i18n::tr(lang, "dir-new-submit", &[]),
        ),
        Mode::Edit(e) => (
            i18n::tr(
                lang,
                "dir-edit-heading",
                &[("entry", e.content.display_name())],
            ),
            format!("/directory/{}/edit", e.id),
            format!("/directory/{}", e.id),
            i18n::tr(lang, "dir-edit-submit", &[]),
        ),
    };
    let mut summary: Vec<Summary> = problems
        .fields
        .iter()
        .map(|(id, _, message)| Summary {
            href: format!("#{id}"),
            message: message.clone(),
        })
        .collect();
    summary.sort_by_key(|s| FIELD_ORDER.iter().position(|o| s.href[1..].starts_with(o)));
    let phone_types = |current: &str| {
        options(
            lang,
            PhoneType::ALL,
            PhoneType::as_str,
            phone_type_name,
            current,
            None,
        )
    };
    let rows = (f.phones.len() + SPARE_ROWS).clamp(SPARE_ROWS, MAX_PHONES.max(f.phones.len()));
    let phones = (0..rows)
        .map(|i| {
            let (n, t) = f.phones.get(i).cloned().unwrap_or_default();
            let mut number = b.row_text(
                &format!("phone_number_{i}"),
                "dir-field-phone-number",
                Some(i),
                &n,
            );
            number.kind = "tel";
            number.dir = "ltr";
            PhoneRow {
                number,
                type_id: format!("phone_type_{i}"),
                type_label: row_label(lang, "dir-field-phone-type", Some(i)),
                types: phone_types(&t),
            }
        })
        .collect();
    let email_rows =
        (f.emails.len() + SPARE_ROWS).clamp(SPARE_ROWS, MAX_EMAILS.max(f.emails.len()));
    let emails = (0..email_rows)
        .map(|i| {
            let v = f.emails.get(i).cloned().unwrap_or_default();
            let mut e = b.row_text(&format!("email_{i}"), "dir-field-email", Some(i), &v);
            e.kind = "email";
            e.dir = "ltr";
            e
        })
        .collect();
    let mut entity_name = b.text("entity_name", "dir-field-entity-name", &f.entity_name);
    entity_name.required = true;
    let person_name = b.hinted(
        b.text("person_name", "dir-field-person-name", &f.person_name),
        "dir-hint-person",
    );
    let person_title = b.text("person_title", "dir-field-person-title", &f.person_title);
    let mut time_zone = b.hinted(
        b.text("time_zone", "dir-field-time-zone", &f.time_zone),
        "dir-hint-time-zone",
    );
    time_zone.dir = "ltr";
    time_zone.list = "time-zones";
    let mut openpgp_key = b.hinted(
        b.text("openpgp_key", "dir-field-openpgp-key", &f.openpgp_key),
        "dir-hint-openpgp-key",
    );
    openpgp_key.long = true;
    openpgp_key.rows = 8;
    openpgp_key.dir = "ltr";
    let mut working_languages_other = b.hinted(
        b.text(
            "working_languages_other",
            "dir-field-working-languages-other",
            &f.working_languages_other,
        ),
        "dir-hint-working-languages-other",
    );
    working_languages_other.dir = "ltr";
    let mut reason = b.hinted(
        b.text("reason", "dir-field-reason", &f.reason),
        "dir-hint-reason",
    );
    reason.long = true;
    let page = FormPage {
        t: viewer.t(),
        page: viewer.layout(),
        heading,
        action,
        cancel,
        state: f.state.clone(),
        revision: f.revision.clone(),
        stale,
        summary,
        general: problems.general.clone(),
        role: b.select(
            "role",
            "dir-field-role",
            options(
                lang,
                PocRole::ALL,
                PocRole::as_str,
                role_name,
                &f.role,
                Some("dir-choose"),
            ),
            true,
        ),
        kind: b.select(
            "kind",
            "dir-field-kind",
            options(
                lang,
                PocKind::ALL,
                PocKind::as_str,
                kind_name,
                &f.kind,
                Some("dir-choose"),
            ),
            true,
        ),
        entry_language: b.select(
            "entry_language",
            "dir-field-entry-language",
            options(
                lang,
                EntryLanguage::ALL,
                EntryLanguage::as_str,
                entry_language_name,
                &f.entry_language,
                Some("dir-choose"),
            ),
            true,
        ),
        entity_name,
        person_name,
        person_title,
        phones,
        emails,
        working_languages: EntryLanguage::ALL
            .iter()
            .map(|l| Choice {
                value: l.as_str().to_owned(),
                label: entry_language_name(lang, *l),
                selected: f.working_languages.iter().any(|w| w == l.as_str()),
            })
            .collect(),
        working_languages_other,
        time_zone,
        availability: b.select(
            "availability",
            "dir-field-availability",
            options(
                lang,
                Availability::ALL,
                Availability::as_str,
                availability_name,
                &f.availability,
                Some("dir-not-given"),
            ),
            false,
        ),
        openpgp_key,
        en_entity_name: b.text(
            "en_entity_name",
            "dir-field-en-entity-name",
            &f.en_entity_name,
        ),
        en_person_name: b.text(
            "en_person_name",
            "dir-field-en-person-name",
            &f.en_person_name,
        ),
        en_title: b.text("en_title", "dir-field-en-title", &f.en_title),
        external_directory: b.text(
            "external_directory",
            "dir-field-external-directory",
            &f.external_directory,
        ),
        external_id: b.text("external_id", "dir-field-external-id", &f.external_id),
        reason,
        submit,
        zones: &TIME_ZONES,
    };
    viewer.render_status(status, &page)
}

/// The order of the controls on the form, for the error summary.
const FIELD_ORDER: &[&str] = &[
    "role",
    "kind",
    "entry_language",
    "entity_name",
    "person_name",
    "person_title",
    "phone_number_",
    "email_",
    "working_languages_other",
    "time_zone",
    "availability",
    "openpgp_key",
    "en_",
    "external_",
    "reason",
];

/// The state a state administrator nominates for: their own (the use case checks again).
fn own_state(viewer: &Viewer) -> Result<StateCode, PageFailure> {
    let p = viewer.principal()?;
    p.state
        .filter(|c| may_manage(p, *c))
        .ok_or_else(|| viewer.fail(PageError::Forbidden))
}

pub async fn new_page(viewer: Viewer) -> Result<Response, PageFailure> {
    let state = own_state(&viewer)?;
    let f = EntryForm {
        state: state.as_str().to_owned(),
        entry_language: viewer.lang().as_str().to_owned(),
        ..EntryForm::default()
    };
    Ok(render_form(
        &viewer,
        Mode::New,
        &f,
        &Problems::default(),
        None,
        StatusCode::OK,
    ))
}

pub async fn nominate(
    viewer: Viewer,
    State(s): State<AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageFailure> {
    let f = EntryForm::from_pairs(pairs);
    viewer.check_csrf(&f.csrf)?;
    let p = viewer.principal()?;
    let lang = viewer.lang();
    // The state travels with the form (hidden); nominating for another state is refused by
    // the use case, whatever the form says.
    let state = if f.state.trim().is_empty() {
        p.state.map(|c| c.as_str().to_owned()).unwrap_or_default()
    } else {
        f.state.clone()
    };
    let refused = |problems: Problems| {
        render_form(
            &viewer,
            Mode::New,
            &f,
            &problems,
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    };
    let sub = match parse_submission(&f.to_json(&state)) {
        Ok(sub) => sub,
        Err(v) => return Ok(refused(Problems::from_validation(lang, &v))),
    };
    match s.app.nominate_poc(p, sub).await {
        Ok(e) => Ok(see_other(&format!("/directory/{}?done=created", e.id))),
        Err(AppError::Invalid(v)) => Ok(refused(Problems::from_validation(lang, &v))),
        Err(e) => Err(viewer.fail(e)),
    }
}

/// The entry to edit or retire, if the viewer may manage it and it is still active.
fn manageable(viewer: &Viewer, s: &AppState, id: &str) -> Result<Arc<PointOfContact>, PageFailure> {
    let p = viewer.principal()?;
    let id = uuid_in_path(viewer, id)?;
    let e = s.app.get_poc(p, id).map_err(|e| viewer.fail(e))?;
    if !may_manage(p, e.content.state) {
        return Err(viewer.fail(PageError::Forbidden));
    }
    if !e.is_active() {
        return Err(viewer.fail(AppError::Retired));
    }
    Ok(e)
}

pub async fn edit_page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageFailure> {
    let e = manageable(&viewer, &s, &id)?;
    let f = EntryForm::from_entry(&e);
    Ok(render_form(
        &viewer,
        Mode::Edit(&e),
        &f,
        &Problems::default(),
        None,
        StatusCode::OK,
    ))
}

/// The revision a form was opened at (hidden field): required, a stale form is refused.
fn expected_revision(viewer: &Viewer, raw: &str) -> Result<u32, PageFailure> {
    raw.trim()
        .parse::<u32>()
        .map_err(|_| viewer.fail(PageError::BadRequest))
}

fn stale_message(lang: UiLanguage, current: &PointOfContact) -> String {
    i18n::tr(
        lang,
        "dir-stale",
        &[("revision", &current.revision.to_string())],
    )
}

pub async fn update(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageFailure> {
    let f = EntryForm::from_pairs(pairs);
    viewer.check_csrf(&f.csrf)?;
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let uuid = uuid_in_path(&viewer, &id)?;
    let current = s.app.get_poc(p, uuid).map_err(|e| viewer.fail(e))?;
    let expected = expected_revision(&viewer, &f.revision)?;
    // An entry never changes state: the state is the entry's, not the form's.
    let state = current.content.state.as_str().to_owned();
    let refused = |problems: Problems, stale: Option<String>, status: StatusCode| {
        render_form(&viewer, Mode::Edit(&current), &f, &problems, stale, status)
    };
    let sub = match parse_submission(&f.to_json(&state)) {
        Ok(sub) => sub,
        Err(v) => {
            return Ok(refused(
                Problems::from_validation(lang, &v),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    match s.app.update_poc(p, uuid, sub, Some(expected)).await {
        Ok(e) => Ok(see_other(&format!("/directory/{}?done=updated", e.id))),
        Err(AppError::Invalid(v)) => Ok(refused(
            Problems::from_validation(lang, &v),
            None,
            StatusCode::UNPROCESSABLE_ENTITY,
        )),
        Err(AppError::StaleRevision) => {
            let now = s.app.get_poc(p, uuid).map_err(|e| viewer.fail(e))?;
            Ok(refused(
                Problems::default(),
                Some(stale_message(lang, &now)),
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(viewer.fail(e)),
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RetireForm {
    csrf: String,
    revision: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "dir_retire.html")]
struct RetirePage {
    t: Tr,
    page: Layout,
    id: String,
    name: Text,
    state_name: String,
    revision: String,
    reason: String,
    reason_error: Option<String>,
    stale: Option<String>,
}

fn render_retire(
    viewer: &Viewer,
    e: &PointOfContact,
    form: &RetireForm,
    reason_error: Option<String>,
    stale: Option<String>,
    status: StatusCode,
) -> Response {
    let lang = viewer.lang();
    let page = RetirePage {
        t: viewer.t(),
        page: viewer.layout(),
        id: e.id.to_string(),
        name: Text::new(e.content.display_name(), e.content.entry_language),
        state_name: e.content.state.state().name(lang).to_owned(),
        revision: if form.revision.is_empty() {
            e.revision.to_string()
        } else {
            form.revision.clone()
        },
        reason: form.reason.clone(),
        reason_error,
        stale,
    };
    viewer.render_status(status, &page)
}

pub async fn retire_page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, PageFailure> {
    let e = manageable(&viewer, &s, &id)?;
    Ok(render_retire(
        &viewer,
        &e,
        &RetireForm::default(),
        None,
        None,
        StatusCode::OK,
    ))
}

pub async fn retire(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<RetireForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let uuid: Uuid = uuid_in_path(&viewer, &id)?;
    let current = s.app.get_poc(p, uuid).map_err(|e| viewer.fail(e))?;
    let expected = expected_revision(&viewer, &form.revision)?;
    let reason = match CleanText::parse("reason", &form.reason, MAX_REASON_CHARS) {
        Ok(Cleaned::Value(v)) => Some(v),
        Ok(Cleaned::Blank) => None,
        Err(e) => {
            let label = i18n::tr(lang, "dir-field-reason", &[]);
            let msg = field_message(lang, &e, &label);
            return Ok(render_retire(
                &viewer,
                &current,
                &form,
                Some(msg),
                None,
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
    };
    match s.app.retire_poc(p, uuid, reason, Some(expected)).await {
        Ok(e) => Ok(see_other(&format!("/directory/{}?done=retired", e.id))),
        Err(AppError::StaleRevision) => {
            let now = s.app.get_poc(p, uuid).map_err(|e| viewer.fail(e))?;
            let form = RetireForm {
                revision: now.revision.to_string(),
                ..form
            };
            Ok(render_retire(
                &viewer,
                &now,
                &form,
                None,
                Some(stale_message(lang, &now)),
                StatusCode::CONFLICT,
            ))
        }
        Err(e) => Err(viewer.fail(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn rows_are_compacted_and_typed() {
        let f = EntryForm::from_pairs(pairs(&[
            ("phone_number_0", ""),
            ("phone_type_0", "voice"),
            ("phone_number_1", "+41227917000"),
            ("phone_type_1", "fax"),
            ("email_2", "a@example.org"),
            ("working_languages", "ar"),
            ("working_languages", "en"),
            ("working_languages_other", "de, pt"),
        ]));
        assert_eq!(f.phones, vec![("+41227917000".into(), "fax".into())]);
        assert_eq!(f.emails, vec!["a@example.org".to_owned()]);
        let json = f.to_json("EG");
        assert_eq!(json["phones"][0]["type"], "fax");
        assert_eq!(
            json["working_languages"],
            serde_json::json!(["ar", "en", "de", "pt"])
        );
        assert!(json.get("entity_name").is_none());
    }

    #[test]
    fn refused_fields_point_at_their_controls() {
        assert_eq!(control_of("phones[2].number").0, "phone_number_2");
        assert_eq!(control_of("emails[1]").0, "email_1");
        assert_eq!(control_of("title").0, "person_title");
        assert_eq!(control_of("translation_en.title").0, "en_title");
        assert_eq!(
            control_of("working_languages[3]").0,
            "working_languages_other"
        );
        assert_eq!(control_of("state").0, "");
    }
}

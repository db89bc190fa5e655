//! Directory pages (issue 3, items 4 and 5): browsing and searching the directory
//! (`/directory`), an entry with its revisions (`/directory/{id}`), the participating states
//! (`/states`) and one state's page (`/states/{code}`), and the forms that nominate
//! (`/directory/new`), edit (`/directory/{id}/edit`) and retire (`/directory/{id}/retire`) a
//! state's points of contact. Every page needs a session; every POST checks the CSRF token
//! first; what may be done is decided by the use cases (`liaison_app::usecases`), and the form
//! is validated by the same parser as the JSON API (`liaison_core::poc::parse_submission`), so
//! its messages are the API's.
//!
//! Field names (browser tests rely on them):
//!
//! * search form (GET `/directory`): `q`, `state` (ISO code), `role` (`diplomatic`,
//!   `technical`), `language` (ISO 639-1), `group` (regional group slug), `retired` (`1`),
//!   `page`.
//! * entry form (POST `/directory/new`, `/directory/{id}/edit`): `csrf`; `state` (hidden, new
//!   only); `revision` (hidden, edit only); `role`, `kind` (`entity`, `person`),
//!   `entity_name`, `person_name`, `person_title` (the API's `title`), `entry_language`;
//!   phone rows `phone_number_0`, `phone_type_0`, `phone_number_1`…; e-mail rows `email_0`,
//!   `email_1`…; `working_languages` (checkboxes, repeated, one per UN language) and
//!   `working_languages_other` (other ISO 639-1 codes separated by commas or spaces);
//!   `time_zone` (IANA name), `availability` (`business_hours`, `24/7`), `openpgp_key`
//!   (ASCII-armoured); the informal English translation `en_entity_name`, `en_person_name`,
//!   `en_title`; `external_directory`, `external_id`; `reason`.
//! * retire form (POST `/directory/{id}/retire`): `csrf`, `revision`, `reason`.
//!
//! Every control has a visible `<label>`; submit buttons are `<button type="submit">`.

mod entry;
mod form;
mod list;
mod states;

use super::{PageError, PageFailure, Viewer};
use crate::AppState;
use crate::i18n::{self, UiLanguage};
use axum::Router;
use axum::routing::get;
use liaison_core::codes::{Availability, EntryLanguage, Flag, PhoneType, PocKind, PocRole};
use liaison_core::permission::{Action, Principal, authorize};
use liaison_core::poc::PointOfContact;
use liaison_core::revision::RevisionChange;
use liaison_core::states::{RegionalGroup, StateCode};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/directory", get(list::page))
        .route("/directory/new", get(form::new_page).post(form::nominate))
        .route("/directory/{id}", get(entry::page))
        .route(
            "/directory/{id}/edit",
            get(form::edit_page).post(form::update),
        )
        .route(
            "/directory/{id}/retire",
            get(form::retire_page).post(form::retire),
        )
        .route("/states", get(states::list))
        .route("/states/{code}", get(states::page))
}

/// Entries per page of the directory listing.
pub const PER_PAGE: usize = 50;

/// A state code from a path: one of the 195, else the page does not exist.
fn state_code(viewer: &Viewer, raw: &str) -> Result<StateCode, PageFailure> {
    StateCode::parse(&raw.to_ascii_uppercase()).ok_or_else(|| viewer.fail(PageError::NotFound))
}

fn uuid_in_path(viewer: &Viewer, raw: &str) -> Result<uuid::Uuid, PageFailure> {
    uuid::Uuid::parse_str(raw).map_err(|_| viewer.fail(PageError::NotFound))
}

/// Whether the policy lets `p` manage `state`'s entries (to show or hide links; the use case
/// decides again when the action is taken).
fn may_manage(p: &Principal, state: StateCode) -> bool {
    authorize(p, Action::ManageEntries { state }).is_ok()
}

fn may_flag(p: &Principal) -> bool {
    authorize(p, Action::FlagEntry).is_ok()
}

/// An option of a `<select>` or a checkbox.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

fn role_name(lang: UiLanguage, r: PocRole) -> String {
    let id = match r {
        PocRole::Diplomatic => "dir-role-diplomatic",
        PocRole::Technical => "dir-role-technical",
    };
    i18n::tr(lang, id, &[])
}

fn kind_name(lang: UiLanguage, k: PocKind) -> String {
    let id = match k {
        PocKind::Entity => "dir-kind-entity",
        PocKind::Person => "dir-kind-person",
    };
    i18n::tr(lang, id, &[])
}

fn availability_name(lang: UiLanguage, a: Availability) -> String {
    let id = match a {
        Availability::BusinessHours => "dir-availability-business-hours",
        Availability::AlwaysOn => "dir-availability-always",
    };
    i18n::tr(lang, id, &[])
}

fn phone_type_name(lang: UiLanguage, t: PhoneType) -> String {
    let id = match t {
        PhoneType::Voice => "dir-phone-voice",
        PhoneType::Mobile => "dir-phone-mobile",
        PhoneType::Emergency => "dir-phone-emergency",
        PhoneType::Fax => "dir-phone-fax",
    };
    i18n::tr(lang, id, &[])
}

fn flag_name(lang: UiLanguage, f: Flag) -> String {
    let id = match f {
        Flag::Unreachable => "dir-flag-unreachable",
        Flag::Unverified => "dir-flag-unverified",
    };
    i18n::tr(lang, id, &[])
}

fn change_name(lang: UiLanguage, c: RevisionChange) -> String {
    let id = match c {
        RevisionChange::Create => "dir-change-create",
        RevisionChange::Update => "dir-change-update",
        RevisionChange::Retire => "dir-change-retire",
        RevisionChange::Flag => "dir-change-flag",
        RevisionChange::Unflag => "dir-change-unflag",
        RevisionChange::PublishKey => "dir-change-publish-key",
    };
    i18n::tr(lang, id, &[])
}

fn group_name(lang: UiLanguage, g: Option<RegionalGroup>) -> String {
    let id = match g {
        Some(RegionalGroup::African) => "dir-group-african",
        Some(RegionalGroup::AsiaPacific) => "dir-group-asia-pacific",
        Some(RegionalGroup::EasternEuropean) => "dir-group-eastern-european",
        Some(RegionalGroup::LatinAmericanCaribbean) => "dir-group-latin-american-caribbean",
        Some(RegionalGroup::WesternEuropeanOthers) => "dir-group-western-european-others",
        None => "dir-group-none",
    };
    i18n::tr(lang, id, &[])
}

/// Languages named in the reader's language: the six UN languages and others often given as
/// working languages. Any other ISO 639-1 code is shown as the code.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("ar", "dir-lang-ar"),
    ("zh", "dir-lang-zh"),
    ("en", "dir-lang-en"),
    ("fr", "dir-lang-fr"),
    ("ru", "dir-lang-ru"),
    ("es", "dir-lang-es"),
    ("de", "dir-lang-de"),
    ("pt", "dir-lang-pt"),
    ("it", "dir-lang-it"),
    ("ja", "dir-lang-ja"),
    ("ko", "dir-lang-ko"),
    ("hi", "dir-lang-hi"),
    ("fa", "dir-lang-fa"),
    ("tr", "dir-lang-tr"),
    ("sw", "dir-lang-sw"),
    ("nl", "dir-lang-nl"),
    ("uk", "dir-lang-uk"),
    ("id", "dir-lang-id"),
];

/// A language tag named in the reader's language ("zh-Hant" → "Chinese (zh-Hant)").
fn language_name(lang: UiLanguage, tag: &str) -> String {
    let primary = tag.split('-').next().unwrap_or(tag);
    match LANGUAGE_NAMES.iter().find(|(code, _)| *code == primary) {
        Some((_, id)) if primary == tag => i18n::tr(lang, id, &[]),
        Some((_, id)) => format!("{} ({tag})", i18n::tr(lang, id, &[])),
        None => tag.to_owned(),
    }
}

fn entry_language_name(lang: UiLanguage, l: EntryLanguage) -> String {
    language_name(lang, l.as_str())
}

/// A key that sorts names as a reader expects: case and the accents of Latin letters ignored
/// ("Égypte" with the E's, not after "Zimbabwe"). Other scripts sort by code point, which
/// follows their alphabets closely enough for a list of states.
fn sort_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'ç' => 'c',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ñ' => 'n',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ё' => 'е',
            c => c,
        })
        .collect()
}

/// Where each state's name falls in `lang`'s reading order (by `sort_key`): computed once per
/// language, since every directory page lists the states.
fn name_order(lang: UiLanguage, state: StateCode) -> u16 {
    type Ranks = Vec<(UiLanguage, std::collections::HashMap<StateCode, u16>)>;
    static RANKS: std::sync::LazyLock<Ranks> = std::sync::LazyLock::new(|| {
        EntryLanguage::ALL
            .iter()
            .map(|lang| {
                let mut all: Vec<&liaison_core::states::State> =
                    liaison_core::states::all().iter().collect();
                all.sort_by_cached_key(|s| sort_key(s.name(*lang)));
                let ranks = all
                    .iter()
                    .enumerate()
                    .map(|(r, s)| (s.code(), u16::try_from(r).unwrap_or(u16::MAX)))
                    .collect();
                (*lang, ranks)
            })
            .collect()
    });
    RANKS
        .iter()
        .find(|(l, _)| *l == lang)
        .and_then(|(_, r)| r.get(&state).copied())
        .unwrap_or(u16::MAX)
}

/// Items of a short list joined as the language writes them ("a, b" · "أ، ب" · "甲、乙").
fn join_list(lang: UiLanguage, items: impl Iterator<Item = String>) -> String {
    items.collect::<Vec<_>>().join(list_separator(lang))
}

pub(crate) fn list_separator(lang: UiLanguage) -> &'static str {
    match lang {
        EntryLanguage::Ar => "، ",
        EntryLanguage::Zh => "、",
        _ => ", ",
    }
}

/// The writing direction of text in a language.
fn text_dir(l: EntryLanguage) -> &'static str {
    if l.is_rtl() { "rtl" } else { "ltr" }
}

/// A piece of an entry's text with the language it is written in (for `lang`/`dir`).
pub struct Text {
    pub value: String,
    pub lang: &'static str,
    pub dir: &'static str,
}

impl Text {
    fn new(value: &str, l: EntryLanguage) -> Text {
        Text {
            value: value.to_owned(),
            lang: l.as_str(),
            dir: text_dir(l),
        }
    }
}

/// One row of an entry listing (the directory, a state's page).
pub struct EntryRow {
    pub id: String,
    pub entity: Text,
    pub person: Option<Text>,
    /// The English translation of the entity's name, when there is one and the entry is
    /// written in another language.
    pub entity_en: Option<String>,
    pub state_code: String,
    pub state_name: String,
    pub role: String,
    pub languages: String,
    pub updated: String,
    /// When the entry was last confirmed: its last acknowledged ping or its state's last
    /// update (issue 4 item 5).
    pub verified: String,
    /// Two ping tests in a row went unanswered (the `unverified` flag).
    pub unverified: bool,
}

fn entry_row(lang: UiLanguage, e: &PointOfContact) -> EntryRow {
    let c = &e.content;
    let l = c.entry_language;
    EntryRow {
        id: e.id.to_string(),
        entity: Text::new(
            c.entity_name
                .as_ref()
                .map(|n| n.as_str())
                .unwrap_or_default(),
            l,
        ),
        person: c.person_name.as_ref().map(|n| Text::new(n.as_str(), l)),
        entity_en: c
            .translation_en
            .as_ref()
            .and_then(|t| t.entity_name.as_ref())
            .filter(|_| l != EntryLanguage::En)
            .map(|n| n.as_str().to_owned()),
        state_code: c.state.as_str().to_owned(),
        state_name: c.state.state().name(lang).to_owned(),
        role: role_name(lang, c.role),
        languages: join_list(
            lang,
            c.working_languages
                .iter()
                .map(|w| language_name(lang, w.as_str())),
        ),
        updated: crate::format::date(lang, e.updated_at),
        verified: e
            .last_verified_at
            .map(|t| crate::format::date(lang, t))
            .unwrap_or_default(),
        unverified: e.has_flag(Flag::Unverified),
    }
}

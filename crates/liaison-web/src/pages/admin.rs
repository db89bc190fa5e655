//! Administration pages (issue 3, item 6; the people and enrolment-link pages of item 2):
//! the participation dashboard (`/admin`), admitting and suspending states, the people of a
//! state and their enrolment links (`/states/{code}/people`), flags on an entry
//! (`/directory/{id}/flag`) and the audit log (`/admin/audit`). Every page needs a session;
//! every POST checks the CSRF token first; who may do what is decided by the use cases
//! (`liaison_app::people`, `usecases`, `accounts`), a refusal becomes the translated 403 page.

mod audit;
mod flags;
mod people;
mod states;

use super::{PageError, PageFailure, Viewer};
use crate::AppState;
use crate::i18n::{self, UiLanguage};
use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use liaison_core::codes::Flag;
use liaison_core::participation::Participation;
use liaison_core::permission::Role;
use liaison_core::states::{RegionalGroup, StateCode};
use liaison_core::{ErrorCode, FieldError};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin", get(states::dashboard))
        .route(
            "/admin/states/{code}/{change}",
            get(states::confirm).post(states::change),
        )
        .route("/states/{code}/people", get(people::page))
        .route(
            "/states/{code}/people/links",
            axum::routing::post(people::issue),
        )
        .route(
            "/states/{code}/people/links/{id}/revoke",
            get(people::confirm_revoke).post(people::revoke),
        )
        .route("/directory/{id}/flag", get(flags::page).post(flags::set))
        .route(
            "/directory/{id}/flag/remove",
            axum::routing::post(flags::remove),
        )
        .route("/admin/audit", get(audit::page))
}

/// A state code from a path: upper-case, one of the 195, else the page does not exist.
fn state_code(viewer: &Viewer, raw: &str) -> Result<StateCode, PageFailure> {
    StateCode::parse(raw).ok_or_else(|| viewer.fail(PageError::NotFound))
}

fn uuid_in_path(viewer: &Viewer, raw: &str) -> Result<uuid::Uuid, PageFailure> {
    uuid::Uuid::parse_str(raw).map_err(|_| viewer.fail(PageError::NotFound))
}

fn role_id(role: Role) -> &'static str {
    match role {
        Role::StateAdmin => "admin-role-state-admin",
        Role::Poc => "admin-role-poc",
        Role::Admin => "admin-role-admin",
        Role::Operator => "admin-role-operator",
    }
}

fn role_name(lang: UiLanguage, role: Role) -> String {
    i18n::tr(lang, role_id(role), &[])
}

fn flag_name(lang: UiLanguage, flag: Flag) -> String {
    let id = match flag {
        Flag::Unreachable => "admin-flag-unreachable",
        Flag::Unverified => "admin-flag-unverified",
    };
    i18n::tr(lang, id, &[])
}

fn status_name(lang: UiLanguage, status: Participation) -> String {
    let id = match status {
        Participation::NotParticipating => "admin-status-not-participating",
        Participation::Participating => "admin-status-participating",
        Participation::Suspended => "admin-status-suspended",
    };
    i18n::tr(lang, id, &[])
}

pub(crate) fn group_name(lang: UiLanguage, group: Option<RegionalGroup>) -> String {
    let id = match group {
        Some(RegionalGroup::African) => "admin-group-african",
        Some(RegionalGroup::AsiaPacific) => "admin-group-asia-pacific",
        Some(RegionalGroup::EasternEuropean) => "admin-group-eastern-european",
        Some(RegionalGroup::LatinAmericanCaribbean) => "admin-group-latin-american-caribbean",
        Some(RegionalGroup::WesternEuropeanOthers) => "admin-group-western-european-others",
        None => "admin-group-none",
    };
    i18n::tr(lang, id, &[])
}

/// An option of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// The translated message for a field the use case or the form refused.
fn field_message(lang: UiLanguage, e: &FieldError) -> String {
    match e.code {
        ErrorCode::Required => i18n::tr(lang, "admin-error-required", &[]),
        ErrorCode::TooLong => {
            let max = e.detail.clone().unwrap_or_default();
            i18n::tr(lang, "admin-error-too-long", &[("max", &max)])
        }
        ErrorCode::ForbiddenCharacter => i18n::tr(lang, "admin-error-forbidden-character", &[]),
        _ => i18n::tr(lang, "admin-error-invalid", &[]),
    }
}

/// Free text of a form (a reason): `None` when blank, the translated error when refused.
fn optional_text(
    lang: UiLanguage,
    field: &str,
    raw: &str,
    max: usize,
) -> Result<Option<liaison_core::text::CleanText>, String> {
    use liaison_core::text::{CleanText, Cleaned};
    match CleanText::parse(field, raw, max) {
        Ok(Cleaned::Value(v)) => Ok(Some(v)),
        Ok(Cleaned::Blank) => Ok(None),
        Err(e) => Err(field_message(lang, &e)),
    }
}

/// A page that holds a secret shown once: no cache may keep it, not even the browser's.
fn no_store(mut resp: Response) -> Response {
    resp.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    resp
}

/// A query parameter value for a link this page builds.
fn query_value(v: &str) -> String {
    super::session::form_urlencoded_component(v)
}

//! The people of a state: its users, its enrolment links (pending, used, expired, revoked), a
//! form to issue a link (state administrator, or POC user bound to one of the state's active
//! entries) and revoking a pending link. For the directory administrator and the state's own
//! administrators; `people` and `accounts` in liaison-app decide.
//!
//! The issued link is shown once, in the answer to the POST (never in a URL, `no-store`), as
//! an absolute address built from the request's `Host` (`https://<host>/enrol/<secret>`;
//! `http` on a development server without secure cookies). A server behind a proxy that
//! rewrites `Host` should get a public-URL option; until then the address is the one the
//! issuer used to reach this page.

use super::{Choice, field_message, no_store, role_name, state_code, uuid_in_path};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use crate::pages::{Layout, PageError, PageFailure, Tr, Viewer, see_other};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use jiff::SignedDuration;
use liaison_app::AppError;
use liaison_core::ErrorCode;
use liaison_core::account::{
    ENROLMENT_DEFAULT_VALIDITY, ENROLMENT_MAX_VALIDITY, EnrolmentLink, EnrolmentStatus,
};
use liaison_core::participation::Participation;
use liaison_core::permission::Role;
use liaison_core::poc::PointOfContact;
use liaison_core::states::StateCode;
use serde::Deserialize;
use uuid::Uuid;

/// An entry named on the page, linking to its page in the directory.
pub struct EntryRef {
    pub id: String,
    pub label: String,
}

pub struct UserRow {
    pub name: String,
    pub login: String,
    pub role: String,
    pub entry: Option<EntryRef>,
    pub enrolled: String,
    pub status: String,
}

pub struct LinkRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub entry: Option<EntryRef>,
    pub issued: String,
    pub expires: String,
    pub status: String,
    pub revocable: bool,
}

/// What the issuer typed, kept when the form is shown again.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct IssueForm {
    csrf: String,
    pub role: String,
    pub display_name: String,
    /// The person's address, optional: it prefills their enrolment form.
    pub email: String,
    pub poc: String,
    pub valid_days: String,
}

/// The translated problems of the issue form, by field.
#[derive(Default)]
pub struct IssueErrors {
    pub role: Option<String>,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub poc: Option<String>,
    pub valid_days: Option<String>,
    /// A problem of the whole request (the state does not participate).
    pub form: Option<String>,
}

impl IssueErrors {
    fn any(&self) -> bool {
        self.role.is_some()
            || self.display_name.is_some()
            || self.email.is_some()
            || self.poc.is_some()
            || self.valid_days.is_some()
            || self.form.is_some()
    }
}

#[derive(Template)]
#[template(path = "admin_people.html")]
struct PeoplePage {
    t: Tr,
    page: Layout,
    code: String,
    heading: String,
    notice: Option<String>,
    not_participating: bool,
    users: Vec<UserRow>,
    links: Vec<LinkRow>,
    roles: Vec<Choice>,
    /// Entries a POC user can be bound to; `None` when this issuer cannot enrol POC users.
    entries: Option<Vec<Choice>>,
    values: IssueForm,
    errors: IssueErrors,
    days_hint: String,
    max_days: i64,
}

#[derive(Template)]
#[template(path = "admin_enrolment_issued.html")]
struct IssuedPage {
    t: Tr,
    page: Layout,
    code: String,
    for_whom: String,
    url: String,
    once: String,
}

#[derive(Template)]
#[template(path = "admin_revoke_link.html")]
struct RevokePage {
    t: Tr,
    page: Layout,
    code: String,
    heading: String,
    action: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PeopleQuery {
    done: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CsrfForm {
    csrf: String,
}

fn max_days() -> i64 {
    ENROLMENT_MAX_VALIDITY.as_hours() / 24
}

fn default_days() -> i64 {
    ENROLMENT_DEFAULT_VALIDITY.as_hours() / 24
}

fn entry_label(e: &PointOfContact) -> String {
    let c = &e.content;
    let parts: Vec<&str> = [c.entity_name.as_ref(), c.person_name.as_ref()]
        .into_iter()
        .flatten()
        .map(|t| t.as_str())
        .collect();
    if parts.is_empty() {
        e.id.to_string()
    } else {
        parts.join(" — ")
    }
}

fn link_status(lang: UiLanguage, s: EnrolmentStatus) -> String {
    let id = match s {
        EnrolmentStatus::Usable => "admin-link-pending",
        EnrolmentStatus::Used => "admin-link-used",
        EnrolmentStatus::Expired => "admin-link-expired",
        EnrolmentStatus::Revoked => "admin-link-revoked",
    };
    i18n::tr(lang, id, &[])
}

/// The people page, with the issue form holding `values` and `errors`.
async fn render_people(
    viewer: &Viewer,
    s: &AppState,
    code: StateCode,
    values: IssueForm,
    errors: IssueErrors,
    notice: Option<String>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let people = s
        .app
        .state_people(p, code)
        .await
        .map_err(|e| viewer.fail(e))?;
    let overview = s.app.state(p, code).map_err(|e| viewer.fail(e))?;
    let entry_ref = |id: Option<Uuid>| -> Option<EntryRef> {
        let id = id?;
        let label = match s.app.entry_for_people(p, id) {
            Ok(Some(e)) => entry_label(&e),
            _ => id.to_string(),
        };
        Some(EntryRef {
            id: id.to_string(),
            label,
        })
    };
    let users = people
        .users
        .iter()
        .map(|u| UserRow {
            name: u.display_name.clone(),
            login: u.login.clone(),
            role: role_name(lang, u.role),
            entry: entry_ref(u.poc),
            enrolled: format::date(lang, u.created_at),
            status: i18n::tr(
                lang,
                if u.disabled_at.is_some() {
                    "admin-user-disabled"
                } else {
                    "admin-user-active"
                },
                &[],
            ),
        })
        .collect();
    let now = s.app.now();
    let links = people
        .links
        .iter()
        .map(|l| {
            let status = l.status_at(now);
            LinkRow {
                id: l.id.to_string(),
                name: l.display_name.clone(),
                role: role_name(lang, l.role),
                entry: entry_ref(l.poc),
                issued: format::date(lang, l.created_at),
                expires: format::date_time(lang, l.expires_at),
                status: link_status(lang, status),
                revocable: status == EnrolmentStatus::Usable,
            }
        })
        .collect();
    let enrollable = s.app.enrollable_roles(p, code);
    let roles = enrollable
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: role_name(lang, *r),
            selected: values.role == r.as_str(),
        })
        .collect();
    let entries = if enrollable.contains(&Role::Poc) {
        let list = s
            .app
            .bindable_entries(p, code)
            .map_err(|e| viewer.fail(e))?;
        Some(
            list.iter()
                .map(|e| Choice {
                    value: e.id.to_string(),
                    label: entry_label(e),
                    selected: values.poc == e.id.to_string(),
                })
                .collect(),
        )
    } else {
        None
    };
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let name = code.state().name(lang).to_owned();
    let page = PeoplePage {
        t: viewer.t(),
        page: viewer.layout(),
        code: code.as_str().to_owned(),
        heading: i18n::tr(lang, "admin-people-heading", &[("state", &name)]),
        notice,
        not_participating: overview.participation != Participation::Participating,
        users,
        links,
        roles,
        entries,
        values: IssueForm {
            valid_days: if values.valid_days.is_empty() {
                default_days().to_string()
            } else {
                values.valid_days
            },
            ..values
        },
        errors,
        days_hint: i18n::tr(
            lang,
            "admin-days-hint",
            &[
                ("max", &format::number(lang, max_days() as u64)),
                ("default", &format::number(lang, default_days() as u64)),
            ],
        ),
        max_days: max_days(),
    };
    Ok(viewer.render_status(status, &page))
}

pub async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<PeopleQuery>,
) -> Result<Response, PageFailure> {
    viewer.principal()?;
    let code = state_code(&viewer, &code)?;
    let notice = (q.done.as_deref() == Some("revoked"))
        .then(|| i18n::tr(viewer.lang(), "admin-notice-revoked", &[]));
    render_people(
        &viewer,
        &s,
        code,
        IssueForm::default(),
        IssueErrors::default(),
        notice,
    )
    .await
}

/// The address the person opens to enrol, on the host the issuer reached this page on.
fn enrolment_url(viewer: &Viewer, headers: &HeaderMap, secret: &str) -> String {
    let path = format!("/enrol/{secret}");
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 255
                && h.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b))
        });
    match host {
        Some(h) => {
            let scheme = if viewer.options.secure_cookies {
                "https"
            } else {
                "http"
            };
            format!("{scheme}://{h}{path}")
        }
        None => path,
    }
}

pub async fn issue(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
    Form(form): Form<IssueForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?;
    let code = state_code(&viewer, &code)?;
    let lang = viewer.lang();
    let mut errors = IssueErrors::default();
    let days_error = || {
        i18n::tr(
            lang,
            "admin-error-days",
            &[("max", &max_days().to_string())],
        )
    };
    let role = match Role::parse(form.role.trim()) {
        Some(r @ (Role::StateAdmin | Role::Poc)) => Some(r),
        _ => {
            errors.role = Some(i18n::tr(lang, "admin-error-role", &[]));
            None
        }
    };
    // The entry matters for a POC user only; the select may still hold a choice made before
    // the role was changed.
    let poc = match (role, form.poc.trim()) {
        (Some(Role::Poc), raw) if !raw.is_empty() => match Uuid::parse_str(raw) {
            Ok(id) => Some(id),
            Err(_) => {
                errors.poc = Some(i18n::tr(lang, "admin-error-poc-unknown", &[]));
                None
            }
        },
        _ => None,
    };
    let valid_for = match form.valid_days.trim() {
        "" => None,
        raw => match raw.parse::<u16>() {
            Ok(d) => Some(SignedDuration::from_hours(i64::from(d) * 24)),
            Err(_) => {
                errors.valid_days = Some(days_error());
                None
            }
        },
    };
    let email = match form.email.trim() {
        "" => None,
        raw => match liaison_core::contact::Email::parse(raw) {
            Some(e) => Some(e),
            None => {
                errors.email = Some(i18n::tr(lang, "auth-error-email-invalid", &[]));
                None
            }
        },
    };
    let Some(role) = role.filter(|_| !errors.any()) else {
        return render_people(&viewer, &s, code, form, errors, None).await;
    };
    match s
        .app
        .issue_enrolment_with_email(p, role, code, poc, &form.display_name, email, valid_for)
        .await
    {
        Ok(issued) => {
            let url = enrolment_url(&viewer, &headers, &issued.secret);
            let link = &issued.link;
            let page = IssuedPage {
                t: viewer.t(),
                page: viewer.layout(),
                code: code.as_str().to_owned(),
                for_whom: i18n::tr(
                    lang,
                    "admin-issued-for",
                    &[
                        ("name", &link.display_name),
                        ("role", &role_name(lang, link.role)),
                        ("state", code.state().name(lang)),
                    ],
                ),
                url,
                once: i18n::tr(
                    lang,
                    "admin-issued-once",
                    &[("expires", &format::date_time(lang, link.expires_at))],
                ),
            };
            Ok(no_store(viewer.render(&page)))
        }
        Err(AppError::Invalid(v)) => {
            for e in &v.0 {
                let message = match (e.field.as_str(), e.code) {
                    ("poc", ErrorCode::Required) => i18n::tr(lang, "admin-error-poc-required", &[]),
                    ("poc", ErrorCode::StateMismatch) => {
                        i18n::tr(lang, "admin-error-poc-other-state", &[])
                    }
                    ("poc", _) => i18n::tr(lang, "admin-error-poc-unknown", &[]),
                    ("valid_for", _) => days_error(),
                    ("role", _) => i18n::tr(lang, "admin-error-role", &[]),
                    _ => field_message(lang, e),
                };
                let slot = match e.field.as_str() {
                    "poc" => &mut errors.poc,
                    "valid_for" => &mut errors.valid_days,
                    "role" => &mut errors.role,
                    "display_name" => &mut errors.display_name,
                    _ => &mut errors.form,
                };
                slot.get_or_insert(message);
            }
            render_people(&viewer, &s, code, form, errors, None).await
        }
        Err(AppError::StateNotParticipating) => {
            errors.form = Some(i18n::tr(lang, "admin-error-not-participating", &[]));
            render_people(&viewer, &s, code, form, errors, None).await
        }
        Err(AppError::NotFound) => {
            errors.poc = Some(i18n::tr(lang, "admin-error-poc-unknown", &[]));
            render_people(&viewer, &s, code, form, errors, None).await
        }
        Err(AppError::Retired) => {
            errors.poc = Some(i18n::tr(lang, "admin-error-poc-retired", &[]));
            render_people(&viewer, &s, code, form, errors, None).await
        }
        Err(e) => Err(viewer.fail(e)),
    }
}

fn revoke_page(viewer: &Viewer, code: StateCode, link: &EnrolmentLink) -> RevokePage {
    let lang = viewer.lang();
    RevokePage {
        t: viewer.t(),
        page: viewer.layout(),
        code: code.as_str().to_owned(),
        heading: i18n::tr(
            lang,
            "admin-revoke-heading",
            &[
                ("name", &link.display_name),
                ("role", &role_name(lang, link.role)),
            ],
        ),
        action: format!("/states/{}/people/links/{}/revoke", code.as_str(), link.id),
    }
}

pub async fn confirm_revoke(
    viewer: Viewer,
    State(s): State<AppState>,
    Path((code, id)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let code = state_code(&viewer, &code)?;
    let id = uuid_in_path(&viewer, &id)?;
    let link = s
        .app
        .enrolment_of_state(p, code, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    if link.status_at(s.app.now()) != EnrolmentStatus::Usable {
        return Err(viewer.fail(PageError::Conflict));
    }
    Ok(viewer.render(&revoke_page(&viewer, code, &link)))
}

pub async fn revoke(
    viewer: Viewer,
    State(s): State<AppState>,
    Path((code, id)): Path<(String, String)>,
    Form(form): Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?;
    let code = state_code(&viewer, &code)?;
    let id = uuid_in_path(&viewer, &id)?;
    s.app
        .revoke_enrolment_of_state(p, code, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    Ok(see_other(&format!(
        "/states/{}/people?done=revoked",
        code.as_str()
    )))
}

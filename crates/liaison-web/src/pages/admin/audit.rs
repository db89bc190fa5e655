//! The audit log (`/admin/audit`), newest first, filtered by state, action, subject and actor,
//! paged backwards with `before`. The administrator reads all of it; a state administrator
//! its own state's records (`audit_log`'s rule, applied by `people::audit_page`).

use super::{Choice, query_value};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use crate::pages::{Layout, PageFailure, Tr, Viewer};
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use liaison_app::people::AuditFilter;
use liaison_core::audit::AuditRecord;
use liaison_core::permission::Role;
use liaison_core::states::{self, StateCode};
use liaison_core::text::{CleanText, Cleaned};
use serde::Deserialize;

const PAGE_SIZE: i64 = 50;
const MAX_FILTER_CHARS: usize = 200;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AuditQueryForm {
    state: String,
    action: String,
    subject: String,
    actor: String,
    before: String,
}

pub struct Subject {
    pub text: String,
    pub href: Option<String>,
}

pub struct DetailItem {
    pub key: String,
    pub value: String,
}

pub struct AuditRow {
    pub seq: String,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub action_label: Option<String>,
    pub state: String,
    pub subject: Option<Subject>,
    pub detail: Vec<DetailItem>,
}

#[derive(Default)]
pub struct FilterErrors {
    pub state: Option<String>,
    pub action: Option<String>,
    pub subject: Option<String>,
    pub actor: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_audit.html")]
struct AuditPage {
    t: Tr,
    page: Layout,
    /// The state select, for readers of the whole log; `None` for a state's administrator,
    /// who reads its own state's records only.
    states: Option<Vec<Choice>>,
    own_state: Option<String>,
    values: AuditQueryForm,
    errors: FilterErrors,
    rows: Vec<AuditRow>,
    older: Option<String>,
    newest: Option<String>,
}

/// Known actions, named in the reader's language (others are shown by their code only).
fn action_label(lang: UiLanguage, action: &str) -> Option<String> {
    let id = match action {
        "state.admitted" => "admin-audit-action-state-admitted",
        "state.suspended" => "admin-audit-action-state-suspended",
        "state.resumed" => "admin-audit-action-state-resumed",
        "poc.create" => "admin-audit-action-poc-create",
        "poc.update" => "admin-audit-action-poc-update",
        "poc.retire" => "admin-audit-action-poc-retire",
        "poc.flag" => "admin-audit-action-poc-flag",
        "poc.unflag" => "admin-audit-action-poc-unflag",
        "token.issue" => "admin-audit-action-token-issue",
        "token.revoke" => "admin-audit-action-token-revoke",
        "enrolment.issue" => "admin-audit-action-enrolment-issue",
        "enrolment.revoke" => "admin-audit-action-enrolment-revoke",
        _ => return None,
    };
    Some(i18n::tr(lang, id, &[]))
}

/// Known detail keys, named in the reader's language (others keep their key).
fn detail_key(lang: UiLanguage, key: &str) -> String {
    let id = match key {
        "reason" => "admin-audit-key-reason",
        "role" => "admin-audit-key-role",
        "revision" => "admin-audit-key-revision",
        "flags" => "admin-audit-key-flags",
        "display_name" => "admin-audit-key-display-name",
        "expires_at" => "admin-audit-key-expires",
        "poc" => "admin-audit-key-entry",
        _ => return key.to_owned(),
    };
    i18n::tr(lang, id, &[])
}

/// A detail value as text: moments in the reader's language, account roles by their name,
/// lists joined, anything else as written.
fn detail_value(lang: UiLanguage, key: &str, v: &serde_json::Value) -> Option<String> {
    use serde_json::Value;
    match v {
        Value::Null => None,
        Value::String(s) if s.is_empty() => None,
        Value::String(s) => {
            if let Ok(t) = s.parse::<jiff::Timestamp>() {
                Some(format::date_time(lang, t))
            } else if let Some(r) = (key == "role").then(|| Role::parse(s)).flatten() {
                Some(super::role_name(lang, r))
            } else {
                Some(s.clone())
            }
        }
        Value::Array(a) if a.is_empty() => None,
        Value::Array(a) => Some(
            a.iter()
                .map(|x| detail_value(lang, key, x).unwrap_or_default())
                .collect::<Vec<_>>()
                .join(", "),
        ),
        other => Some(other.to_string()),
    }
}

/// The record's detail as readable pairs; text that is not a JSON object stays as it is.
fn detail(lang: UiLanguage, raw: &str) -> Vec<DetailItem> {
    match serde_json::from_str::<serde_json::Value>(raw) {
        Ok(serde_json::Value::Object(map)) => map
            .iter()
            .filter_map(|(k, v)| {
                detail_value(lang, k, v).map(|value| DetailItem {
                    key: detail_key(lang, k),
                    value,
                })
            })
            .collect(),
        _ if raw.is_empty() => Vec::new(),
        _ => vec![DetailItem {
            key: String::new(),
            value: raw.to_owned(),
        }],
    }
}

fn subject(r: &AuditRecord) -> Option<Subject> {
    let text = r.subject.clone()?;
    let href = if r.action.starts_with("poc.") && uuid::Uuid::parse_str(&text).is_ok() {
        Some(format!("/directory/{text}"))
    } else if r.action.starts_with("state.") && StateCode::parse(&text).is_some() {
        Some(format!("/states/{text}"))
    } else {
        None
    };
    Some(Subject { text, href })
}

fn row(lang: UiLanguage, r: &AuditRecord) -> AuditRow {
    let state = match r.state.as_deref() {
        Some(code) => match StateCode::parse(code) {
            Some(c) => format!("{} ({code})", c.state().name(lang)),
            None => code.to_owned(),
        },
        None => String::new(),
    };
    AuditRow {
        seq: r.seq.to_string(),
        at: format::date_time(lang, r.at),
        actor: r.actor.clone(),
        action: r.action.clone(),
        action_label: action_label(lang, &r.action),
        state,
        subject: subject(r),
        detail: detail(lang, &r.detail),
    }
}

/// One text filter: blank is no filter; refused characters or length give the message.
fn text_filter(lang: UiLanguage, raw: &str) -> Result<Option<String>, String> {
    match CleanText::parse("filter", raw, MAX_FILTER_CHARS) {
        Ok(Cleaned::Value(v)) => Ok(Some(v.as_str().to_owned())),
        Ok(Cleaned::Blank) => Ok(None),
        Err(e) => Err(super::field_message(lang, &e)),
    }
}

fn link(v: &AuditQueryForm, before: Option<i64>) -> String {
    let mut parts = Vec::new();
    for (k, val) in [
        ("state", &v.state),
        ("action", &v.action),
        ("subject", &v.subject),
        ("actor", &v.actor),
    ] {
        let val = val.trim();
        if !val.is_empty() {
            parts.push(format!("{k}={}", query_value(val)));
        }
    }
    if let Some(b) = before {
        parts.push(format!("before={b}"));
    }
    if parts.is_empty() {
        "/admin/audit".to_owned()
    } else {
        format!("/admin/audit?{}", parts.join("&"))
    }
}

pub async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(q): Query<AuditQueryForm>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let mut errors = FilterErrors::default();
    let state = match q.state.trim() {
        "" => None,
        raw => match StateCode::parse(&raw.to_ascii_uppercase()) {
            Some(c) => Some(c.as_str().to_owned()),
            None => {
                errors.state = Some(i18n::tr(lang, "admin-error-state", &[]));
                None
            }
        },
    };
    let take = |raw: &str, slot: &mut Option<String>| match text_filter(lang, raw) {
        Ok(v) => v,
        Err(m) => {
            *slot = Some(m);
            None
        }
    };
    let action = take(&q.action, &mut errors.action);
    let subject = take(&q.subject, &mut errors.subject);
    let actor = take(&q.actor, &mut errors.actor);
    let before = q.before.trim().parse::<i64>().ok().filter(|b| *b >= 1);
    let invalid = errors.state.is_some()
        || errors.action.is_some()
        || errors.subject.is_some()
        || errors.actor.is_some();
    let (rows, older) = if invalid {
        (Vec::new(), None)
    } else {
        let result = s
            .app
            .audit_page(
                p,
                AuditFilter {
                    state,
                    subject,
                    action,
                    actor,
                    before,
                    limit: PAGE_SIZE,
                },
            )
            .await
            .map_err(|e| viewer.fail(e))?;
        (
            result.records.iter().map(|r| row(lang, r)).collect(),
            result.older_before.map(|b| link(&q, Some(b))),
        )
    };
    let own_state = p.state.map(|c| c.state().name(lang).to_owned());
    let states = own_state.is_none().then(|| {
        let mut list: Vec<Choice> = states::all()
            .iter()
            .map(|st| Choice {
                value: st.code().as_str().to_owned(),
                label: st.name(lang).to_owned(),
                selected: q.state.trim().eq_ignore_ascii_case(st.code().as_str()),
            })
            .collect();
        list.sort_by_cached_key(|c| c.label.to_lowercase());
        list
    });
    let newest = before.map(|_| link(&q, None));
    let page = AuditPage {
        t: viewer.t(),
        page: viewer.layout(),
        states,
        own_state,
        values: q,
        errors,
        rows,
        older,
        newest,
    };
    let status = if invalid {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok(viewer.render_status(status, &page))
}

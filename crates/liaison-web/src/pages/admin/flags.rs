//! Flags on an entry (`/directory/{id}/flag`): the directory administrator marks an entry
//! unreachable or unverified with a reason, or removes a flag. The entry's own content is
//! never touched here (neutrality, A§3); `flag_poc`/`unflag_poc` decide who may.

use super::{Choice, field_message, flag_name, optional_text, uuid_in_path};
use crate::AppState;
use crate::format;
use crate::i18n;
use crate::pages::{Layout, PageFailure, Tr, Viewer, see_other};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use liaison_app::AppError;
use liaison_core::codes::Flag;
use liaison_core::text::MAX_REASON_CHARS;
use serde::Deserialize;
use uuid::Uuid;

pub struct FlagRow {
    pub value: String,
    pub name: String,
    pub set: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "admin_flags.html")]
struct FlagsPage {
    t: Tr,
    page: Layout,
    id: String,
    heading: String,
    retired: bool,
    notice: Option<String>,
    current: Vec<FlagRow>,
    choices: Vec<Choice>,
    reason: String,
    flag_error: Option<String>,
    reason_error: Option<String>,
    /// A problem with removing a flag.
    error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FlagsQuery {
    done: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct FlagForm {
    csrf: String,
    flag: String,
    reason: String,
}

#[derive(Default)]
struct Problems {
    flag: Option<String>,
    reason: Option<String>,
    general: Option<String>,
}

async fn render(
    viewer: &Viewer,
    s: &AppState,
    id: Uuid,
    form: &FlagForm,
    problems: Problems,
    notice: Option<String>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let entry = s.app.entry_to_flag(p, id).map_err(|e| viewer.fail(e))?;
    let c = &entry.content;
    let name = c
        .entity_name
        .as_ref()
        .map(|n| n.as_str().to_owned())
        .unwrap_or_else(|| entry.id.to_string());
    let current = entry
        .flags
        .iter()
        .map(|m| FlagRow {
            value: m.flag.as_str().to_owned(),
            name: flag_name(lang, m.flag),
            set: i18n::tr(
                lang,
                "admin-flag-set-by",
                &[
                    ("when", &format::date_time(lang, m.set_at)),
                    ("actor", &m.set_by),
                ],
            ),
            reason: m
                .reason
                .as_ref()
                .map(|r| r.as_str().to_owned())
                .unwrap_or_default(),
        })
        .collect();
    let choices = Flag::ALL
        .iter()
        .filter(|f| !entry.has_flag(**f))
        .map(|f| Choice {
            value: f.as_str().to_owned(),
            label: flag_name(lang, *f),
            selected: form.flag == f.as_str(),
        })
        .collect();
    let status =
        if problems.flag.is_some() || problems.reason.is_some() || problems.general.is_some() {
            StatusCode::UNPROCESSABLE_ENTITY
        } else {
            StatusCode::OK
        };
    let page = FlagsPage {
        t: viewer.t(),
        page: viewer.layout(),
        id: entry.id.to_string(),
        heading: i18n::tr(
            lang,
            "admin-flags-heading",
            &[("entry", &name), ("state", c.state.state().name(lang))],
        ),
        retired: !entry.is_active(),
        notice,
        current,
        choices,
        reason: form.reason.clone(),
        flag_error: problems.flag,
        reason_error: problems.reason,
        error: problems.general,
    };
    Ok(viewer.render_status(status, &page))
}

pub async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<FlagsQuery>,
) -> Result<Response, PageFailure> {
    viewer.principal()?;
    let id = uuid_in_path(&viewer, &id)?;
    let notice = match q.done.as_deref() {
        Some("set") => Some(i18n::tr(viewer.lang(), "admin-notice-flag-set", &[])),
        Some("removed") => Some(i18n::tr(viewer.lang(), "admin-notice-flag-removed", &[])),
        _ => None,
    };
    render(
        &viewer,
        &s,
        id,
        &FlagForm::default(),
        Problems::default(),
        notice,
    )
    .await
}

/// Set (`remove == false`) or remove a flag.
async fn change(
    viewer: Viewer,
    s: AppState,
    id: String,
    form: FlagForm,
    remove: bool,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?;
    let id = uuid_in_path(&viewer, &id)?;
    let lang = viewer.lang();
    let flag = Flag::parse(form.flag.trim());
    let reason = optional_text(lang, "reason", &form.reason, MAX_REASON_CHARS);
    let (flag, reason) = match (flag, reason) {
        (Some(f), Ok(r)) => (f, r),
        (f, r) => {
            let problems = Problems {
                flag: f.is_none().then(|| i18n::tr(lang, "admin-error-flag", &[])),
                reason: r.err(),
                general: None,
            };
            return render(&viewer, &s, id, &form, problems, None).await;
        }
    };
    let result = if remove {
        s.app.unflag_poc(p, id, flag, reason).await
    } else {
        s.app.flag_poc(p, id, flag, reason).await
    };
    match result {
        Ok(_) => Ok(see_other(&format!(
            "/directory/{id}/flag?done={}",
            if remove { "removed" } else { "set" }
        ))),
        Err(AppError::Invalid(v)) => {
            let reason = v.first().map(|e| field_message(lang, e));
            let problems = Problems {
                reason,
                ..Problems::default()
            };
            render(&viewer, &s, id, &form, problems, None).await
        }
        Err(AppError::FlagAlreadySet) => {
            let problems = Problems {
                flag: Some(i18n::tr(lang, "admin-error-flag-already-set", &[])),
                ..Problems::default()
            };
            render(&viewer, &s, id, &form, problems, None).await
        }
        Err(AppError::FlagNotSet) => {
            let problems = Problems {
                general: Some(i18n::tr(lang, "admin-error-flag-not-set", &[])),
                ..Problems::default()
            };
            render(&viewer, &s, id, &FlagForm::default(), problems, None).await
        }
        Err(e) => Err(viewer.fail(e)),
    }
}

pub async fn set(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<FlagForm>,
) -> Result<Response, PageFailure> {
    change(viewer, s, id, form, false).await
}

pub async fn remove(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Form(form): Form<FlagForm>,
) -> Result<Response, PageFailure> {
    change(viewer, s, id, form, true).await
}

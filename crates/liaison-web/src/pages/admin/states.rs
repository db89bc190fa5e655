//! The directory administrator's dashboard of the 195 states, and admitting, suspending and
//! resuming a state (a confirmation form with a reason, then back to the dashboard with the
//! outcome).

use super::{Choice, group_name, optional_text, state_code, status_name};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use crate::pages::{Layout, PageError, PageFailure, Tr, Viewer, see_other};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use liaison_core::participation::{self, Participation, ParticipationChange};
use liaison_core::states::{RegionalGroup, StateCode};
use liaison_core::text::MAX_REASON_CHARS;
use serde::Deserialize;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DashboardQuery {
    status: Option<String>,
    group: Option<String>,
    /// The outcome of the change just made (post-redirect-get): `admitted`, `suspended`…
    done: Option<String>,
    state: Option<String>,
}

pub struct StateRow {
    pub code: String,
    pub name: String,
    pub group: String,
    pub status: String,
    pub since: String,
    pub pocs: String,
    pub users: String,
    /// "Admit" or "Resume" when the state can be admitted now.
    pub admit: Option<String>,
    pub can_suspend: bool,
}

#[derive(Template)]
#[template(path = "admin_dashboard.html")]
struct DashboardPage {
    t: Tr,
    page: Layout,
    notice: Option<String>,
    statuses: Vec<Choice>,
    groups: Vec<Choice>,
    shown: String,
    rows: Vec<StateRow>,
}

const STATUSES: [Participation; 3] = [
    Participation::Participating,
    Participation::Suspended,
    Participation::NotParticipating,
];

fn group_slug(g: Option<RegionalGroup>) -> &'static str {
    g.map_or("none", RegionalGroup::slug)
}

fn notice(lang: UiLanguage, q: &DashboardQuery) -> Option<String> {
    let change = ParticipationChange::parse(q.done.as_deref()?)?;
    let code = StateCode::parse(q.state.as_deref()?)?;
    let name = code.state().name(lang).to_owned();
    let id = match change {
        ParticipationChange::Admitted => "admin-notice-admitted",
        ParticipationChange::Suspended => "admin-notice-suspended",
        ParticipationChange::Resumed => "admin-notice-resumed",
    };
    Some(i18n::tr(lang, id, &[("state", &name)]))
}

pub async fn dashboard(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let all = s
        .app
        .participation_dashboard(p)
        .await
        .map_err(|e| viewer.fail(e))?;
    let status = q.status.as_deref().and_then(Participation::parse);
    let group = q.group.as_deref().filter(|g| !g.is_empty());
    let total = all.len();
    let mut rows: Vec<StateRow> = all
        .into_iter()
        .filter(|r| status.is_none_or(|st| r.overview.participation == st))
        .filter(|r| group.is_none_or(|g| group_slug(r.overview.state.un_regional_group) == g))
        .map(|r| {
            let o = &r.overview;
            let from = o.participation;
            StateRow {
                code: o.state.code().as_str().to_owned(),
                name: o.state.name(lang).to_owned(),
                group: group_name(lang, o.state.un_regional_group),
                status: status_name(lang, from),
                since: o.since.map(|t| format::date(lang, t)).unwrap_or_default(),
                pocs: format::number(lang, (o.diplomatic_pocs + o.technical_pocs) as u64),
                users: format::number(lang, r.users),
                admit: participation::admit(from).ok().map(|c| {
                    let id = if c == ParticipationChange::Resumed {
                        "admin-action-resume"
                    } else {
                        "admin-action-admit"
                    };
                    i18n::tr(lang, id, &[])
                }),
                can_suspend: participation::suspend(from).is_ok(),
            }
        })
        .collect();
    rows.sort_by_cached_key(|r| r.name.to_lowercase());
    let statuses = STATUSES
        .iter()
        .map(|st| Choice {
            value: st.as_str().to_owned(),
            label: status_name(lang, *st),
            selected: status == Some(*st),
        })
        .collect();
    let groups = RegionalGroup::ALL
        .iter()
        .map(|g| Some(*g))
        .chain([None])
        .map(|g| Choice {
            value: group_slug(g).to_owned(),
            label: group_name(lang, g),
            selected: group == Some(group_slug(g)),
        })
        .collect();
    let shown = i18n::tr(
        lang,
        "admin-states-shown",
        &[
            ("shown", &format::number(lang, rows.len() as u64)),
            ("total", &format::number(lang, total as u64)),
        ],
    );
    Ok(viewer.render(&DashboardPage {
        t: viewer.t(),
        page: viewer.layout(),
        notice: notice(lang, &q),
        statuses,
        groups,
        shown,
        rows,
    }))
}

/// Admitting (or resuming) and suspending share one form.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Admit,
    Suspend,
}

fn kind(viewer: &Viewer, raw: &str) -> Result<Kind, PageFailure> {
    match raw {
        "admit" => Ok(Kind::Admit),
        "suspend" => Ok(Kind::Suspend),
        _ => Err(viewer.fail(PageError::NotFound)),
    }
}

#[derive(Template)]
#[template(path = "admin_state_change.html")]
struct ConfirmPage {
    t: Tr,
    page: Layout,
    heading: String,
    explanation: String,
    action: String,
    button: String,
    reason: String,
    reason_error: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ChangeForm {
    csrf: String,
    reason: String,
}

/// The page's texts for this state and change, or `Conflict` when the change does not apply
/// to the state's participation now (the lifecycle of `core::participation` decides).
fn confirm_page(
    viewer: &Viewer,
    code: StateCode,
    from: Participation,
    k: Kind,
    reason: String,
    reason_error: Option<String>,
) -> Result<ConfirmPage, PageFailure> {
    let lang = viewer.lang();
    let name = code.state().name(lang).to_owned();
    let (heading, explanation, button, kind_path) = match k {
        Kind::Admit => match participation::admit(from) {
            Ok(ParticipationChange::Resumed) => (
                "admin-resume-heading",
                "admin-resume-explanation",
                "admin-action-resume",
                "admit",
            ),
            Ok(_) => (
                "admin-admit-heading",
                "admin-admit-explanation",
                "admin-action-admit",
                "admit",
            ),
            Err(_) => return Err(viewer.fail(PageError::Conflict)),
        },
        Kind::Suspend => match participation::suspend(from) {
            Ok(_) => (
                "admin-suspend-heading",
                "admin-suspend-explanation",
                "admin-action-suspend",
                "suspend",
            ),
            Err(_) => return Err(viewer.fail(PageError::Conflict)),
        },
    };
    Ok(ConfirmPage {
        t: viewer.t(),
        page: viewer.layout(),
        heading: i18n::tr(lang, heading, &[("state", &name)]),
        explanation: i18n::tr(lang, explanation, &[("state", &name)]),
        action: format!("/admin/states/{}/{kind_path}", code.as_str()),
        button: i18n::tr(lang, button, &[]),
        reason,
        reason_error,
    })
}

pub async fn confirm(
    viewer: Viewer,
    State(s): State<AppState>,
    Path((code, change)): Path<(String, String)>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let code = state_code(&viewer, &code)?;
    let k = kind(&viewer, &change)?;
    let overview = s
        .app
        .state_for_participation_change(p, code)
        .map_err(|e| viewer.fail(e))?;
    let page = confirm_page(
        &viewer,
        code,
        overview.participation,
        k,
        String::new(),
        None,
    )?;
    Ok(viewer.render(&page))
}

pub async fn change(
    viewer: Viewer,
    State(s): State<AppState>,
    Path((code, change)): Path<(String, String)>,
    Form(form): Form<ChangeForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?;
    let code = state_code(&viewer, &code)?;
    let k = kind(&viewer, &change)?;
    let reason = match optional_text(viewer.lang(), "reason", &form.reason, MAX_REASON_CHARS) {
        Ok(r) => r,
        Err(message) => {
            let overview = s
                .app
                .state_for_participation_change(p, code)
                .map_err(|e| viewer.fail(e))?;
            let page = confirm_page(
                &viewer,
                code,
                overview.participation,
                k,
                form.reason,
                Some(message),
            )?;
            return Ok(viewer.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let event = match k {
        Kind::Admit => s.app.admit_state(p, code, reason).await,
        Kind::Suspend => s.app.suspend_state(p, code, reason).await,
    }
    .map_err(|e| viewer.fail(e))?;
    Ok(see_other(&format!(
        "/admin?done={}&state={}",
        event.change.as_str(),
        code.as_str()
    )))
}

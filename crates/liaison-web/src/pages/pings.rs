//! The ping test pages (issue 4 items 4–6, Annex A §8, PING-01…06): the administrator's
//! dashboard (`/admin/pings`: start a campaign with a confirmation step, the schedule, the
//! campaigns with their progress, the non-responders of the latest), a campaign's report
//! (`/admin/pings/{id}`: counts overall, by state, by UN regional group and by role, the
//! time-to-acknowledge and trend charts as SVG with their tables, CSV at `/admin/pings/{id}.csv`),
//! the follow-up log of one state (`/admin/pings/{id}/states/{code}`), and a POC user's
//! pending pings (`/pings`, acknowledged with one button: channel `in_app`). A state's
//! administrators read the same pages scoped to their own state. The use cases decide who
//! sees what (`ping_campaigns`, `ping_report`, `non_responders`, `follow_ups`, …); every POST
//! checks its CSRF token first.

mod charts;

use super::admin::{Choice, group_name};
use super::{Layout, PageError, PageFailure, Tr, Viewer, see_other};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use jiff::Timestamp;
use liaison_app::AppError;
use liaison_app::ping::{CampaignReport, NonRespondingState, StatusCounts};
use liaison_core::participation::Participation;
use liaison_core::permission::{Principal, Role};
use liaison_core::ping::{
    AckChannel, CampaignTarget, CampaignTrigger, FollowUpMethod, FollowUpOutcome, PingCampaign,
    PingStatus,
};
use liaison_core::states::StateCode;
use liaison_core::{ErrorCode, FieldError, PocRole};
use serde::Deserialize;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/pings", get(dashboard))
        .route("/admin/pings/start", get(confirm_start).post(start))
        .route("/admin/pings/{id}", get(report))
        .route(
            "/admin/pings/{id}/states/{code}",
            get(follow_up_page).post(add_follow_up),
        )
        .route("/pings", get(mine))
        .route("/pings/{challenge}/acknowledge", post(acknowledge))
}

/// The most states a start form may name (there are 195).
const MAX_TARGET_STATES: usize = 195;

fn status_name(lang: UiLanguage, s: PingStatus) -> String {
    let id = match s {
        PingStatus::Acknowledged => "pings-status-acknowledged",
        PingStatus::Late => "pings-status-late",
        PingStatus::NoResponse => "pings-status-no-response",
        PingStatus::Bounced => "pings-status-bounced",
        PingStatus::Pending => "pings-status-pending",
    };
    i18n::tr(lang, id, &[])
}

fn channel_name(lang: UiLanguage, c: AckChannel) -> String {
    let id = match c {
        AckChannel::Link => "pings-channel-link",
        AckChannel::Reply => "pings-channel-reply",
        AckChannel::InApp => "pings-channel-in-app",
        AckChannel::Api => "pings-channel-api",
    };
    i18n::tr(lang, id, &[])
}

fn role_name(lang: UiLanguage, r: PocRole) -> String {
    let id = match r {
        PocRole::Diplomatic => "dir-role-diplomatic",
        PocRole::Technical => "dir-role-technical",
    };
    i18n::tr(lang, id, &[])
}

fn method_name(lang: UiLanguage, m: FollowUpMethod) -> String {
    let id = match m {
        FollowUpMethod::Email => "pings-method-email",
        FollowUpMethod::Phone => "pings-method-phone",
        FollowUpMethod::NoteVerbale => "pings-method-note-verbale",
        FollowUpMethod::Letter => "pings-method-letter",
        FollowUpMethod::Meeting => "pings-method-meeting",
        FollowUpMethod::Other => "pings-method-other",
    };
    i18n::tr(lang, id, &[])
}

fn outcome_name(lang: UiLanguage, o: FollowUpOutcome) -> String {
    let id = match o {
        FollowUpOutcome::UpdatePromised => "pings-outcome-update-promised",
        FollowUpOutcome::Updated => "pings-outcome-updated",
        FollowUpOutcome::NoAnswer => "pings-outcome-no-answer",
        FollowUpOutcome::Unreachable => "pings-outcome-unreachable",
        FollowUpOutcome::Other => "pings-outcome-other",
    };
    i18n::tr(lang, id, &[])
}

/// A duration as the page prints it: in hours when whole hours, else minutes, else seconds.
fn duration_text(lang: UiLanguage, d: jiff::SignedDuration) -> String {
    let secs = u64::try_from(d.as_secs()).unwrap_or(0);
    // Arguments reach Fluent as text, so its plural selection cannot run: one is a message
    // of its own, every other count takes the general form.
    let (n, one, many) = if secs >= 3600 && secs % 3600 == 0 {
        (secs / 3600, "pings-hour", "pings-hours")
    } else if secs >= 60 && secs % 60 == 0 {
        (secs / 60, "pings-minute", "pings-minutes")
    } else {
        (secs, "pings-second", "pings-seconds")
    };
    if n == 1 {
        i18n::tr(lang, one, &[])
    } else {
        i18n::tr(lang, many, &[("n", &format::number(lang, n))])
    }
}

fn target_text(lang: UiLanguage, t: &CampaignTarget) -> String {
    let states = if t.states.is_empty() {
        i18n::tr(lang, "pings-target-all-states", &[])
    } else {
        t.states
            .iter()
            .map(|s| s.state().name(lang))
            .collect::<Vec<_>>()
            .join(super::directory::list_separator(lang))
    };
    match t.role {
        Some(r) => format!(
            "{states}{}{}",
            super::directory::list_separator(lang),
            role_name(lang, r)
        ),
        None => states,
    }
}

fn uuid_in_path(viewer: &Viewer, raw: &str) -> Result<Uuid, PageFailure> {
    Uuid::parse_str(raw).map_err(|_| viewer.fail(PageError::NotFound))
}

/// The counts of one group as table cells, formatted for the reader.
pub struct CountCells {
    pub label: String,
    pub challenges: String,
    pub queued: String,
    pub sent: String,
    pub delivered: String,
    pub bounced: String,
    pub acknowledged: String,
    pub late: String,
    pub no_response: String,
    pub pending: String,
    pub answered: String,
}

fn cells(lang: UiLanguage, label: String, c: &StatusCounts) -> CountCells {
    let n = |v: u64| format::number(lang, v);
    CountCells {
        label,
        challenges: n(c.challenges),
        queued: n(c.queued),
        sent: n(c.sent),
        delivered: n(c.delivered),
        bounced: n(c.bounced),
        acknowledged: n(c.acknowledged),
        late: n(c.late),
        no_response: n(c.no_response),
        pending: n(c.pending),
        answered: percent(lang, c),
    }
}

/// The answered share, rounded to a whole per cent.
fn percent(lang: UiLanguage, c: &StatusCounts) -> String {
    let p = c.answered_percent().round().clamp(0.0, 100.0) as u64;
    i18n::tr(lang, "pings-percent", &[("n", &format::number(lang, p))])
}

// ----- dashboard ---------------------------------------------------------------------------

pub struct CampaignRow {
    pub id: String,
    pub started: String,
    pub trigger: String,
    pub target: String,
    pub window: String,
    pub open: bool,
    pub counts: CountCells,
}

pub struct UnansweredRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub status: String,
}

pub struct NonResponderRow {
    pub code: String,
    pub name: String,
    /// How many entries did not answer (the state's follow-up page lists them: a campaign
    /// over thousands of entries must not make one page of them all).
    pub unanswered: String,
    pub administrators: String,
    /// No administrator of the state can be written to.
    pub unreachable: bool,
    pub escalated: String,
    pub follow_ups: String,
}

#[derive(Template)]
#[template(path = "pings_dashboard.html")]
struct DashboardPage {
    t: Tr,
    page: Layout,
    is_admin: bool,
    scope: Option<String>,
    schedule: String,
    window: String,
    states: Vec<Choice>,
    roles: Vec<Choice>,
    campaigns: Vec<CampaignRow>,
    latest: Option<String>,
    latest_started: String,
    non_responders: Vec<NonResponderRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DoneQuery {
    done: Option<String>,
}

/// The report's query: the notice after starting, and the page of its entries.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ReportQuery {
    done: Option<String>,
    page: Option<String>,
}

/// Entries per page of a report (a page stays well under the 50 KB budget).
const ROWS_PER_PAGE: usize = 100;

fn campaign_row(lang: UiLanguage, c: &PingCampaign, counts: &StatusCounts) -> CampaignRow {
    CampaignRow {
        id: c.id.to_string(),
        started: format::date_time(lang, c.started_at),
        trigger: i18n::tr(
            lang,
            match c.trigger {
                CampaignTrigger::Manual => "pings-trigger-manual",
                CampaignTrigger::Scheduled => "pings-trigger-scheduled",
            },
            &[],
        ),
        target: target_text(lang, &c.target),
        window: duration_text(lang, c.window),
        open: c.closed_at.is_none(),
        counts: cells(lang, String::new(), counts),
    }
}

fn non_responder_rows(
    lang: UiLanguage,
    campaign: Uuid,
    list: &[NonRespondingState],
) -> Vec<NonResponderRow> {
    list.iter()
        .map(|n| NonResponderRow {
            code: n.state.as_str().to_owned(),
            name: n.state.state().name(lang).to_owned(),
            unanswered: format::number(lang, n.unanswered.len() as u64),
            administrators: format::number(lang, n.reachable_administrators as u64),
            unreachable: n.reachable_administrators == 0,
            escalated: match &n.escalation {
                Some(e) => format::date_time(lang, e.created_at),
                None => i18n::tr(lang, "pings-escalated-not-yet", &[]),
            },
            follow_ups: format::number(
                lang,
                n.follow_ups
                    .iter()
                    .filter(|f| f.campaign.is_none_or(|c| c == campaign))
                    .count() as u64,
            ),
        })
        .collect()
}

fn participating_states(s: &AppState, p: &Principal, lang: UiLanguage) -> Vec<(StateCode, String)> {
    let mut out: Vec<(StateCode, String)> = s
        .app
        .list_states(p)
        .unwrap_or_default()
        .into_iter()
        .filter(|o| o.participation == Participation::Participating)
        .map(|o| (o.state.code(), o.state.name(lang).to_owned()))
        .collect();
    out.sort_by(|a, b| a.1.cmp(&b.1));
    out
}

async fn dashboard(viewer: Viewer, State(s): State<AppState>) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let lang = viewer.lang();
    let summaries = s.app.ping_campaigns(&p).await.map_err(|e| viewer.fail(e))?;
    let is_admin = p.role == Role::Admin;
    let settings = s.app.ping_settings();
    let now = s.app.now();
    let schedule = match settings.schedule {
        Some(sch) => i18n::tr(
            lang,
            "pings-schedule-next",
            &[(
                "when",
                &format::date_time(lang, sch.slot(now).next_starts_at),
            )],
        ),
        None => i18n::tr(lang, "pings-schedule-off", &[]),
    };
    let latest = summaries.last().map(|c| c.campaign.clone());
    let non_responders = match &latest {
        Some(c) => {
            let list = s
                .app
                .non_responders(&p, c.id)
                .await
                .map_err(|e| viewer.fail(e))?;
            non_responder_rows(lang, c.id, &list)
        }
        None => Vec::new(),
    };
    let states = if is_admin {
        participating_states(&s, &p, lang)
            .into_iter()
            .map(|(code, name)| Choice {
                value: code.as_str().to_owned(),
                label: name,
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let page = DashboardPage {
        t: viewer.t(),
        page: viewer.layout(),
        is_admin,
        scope: (!is_admin)
            .then(|| {
                p.state.map(|c| {
                    i18n::tr(
                        lang,
                        "pings-intro-state",
                        &[("state", c.state().name(lang))],
                    )
                })
            })
            .flatten(),
        schedule,
        window: i18n::tr(
            lang,
            "pings-window",
            &[("window", &duration_text(lang, settings.window))],
        ),
        states,
        roles: role_choices(lang, None),
        campaigns: summaries
            .iter()
            .rev()
            .map(|c| campaign_row(lang, &c.campaign, &c.counts))
            .collect(),
        latest_started: latest
            .as_ref()
            .map(|c| format::date_time(lang, c.started_at))
            .unwrap_or_default(),
        latest: latest.map(|c| c.id.to_string()),
        non_responders,
    };
    Ok(viewer.render(&page))
}

fn role_choices(lang: UiLanguage, selected: Option<PocRole>) -> Vec<Choice> {
    PocRole::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: role_name(lang, *r),
            selected: selected == Some(*r),
        })
        .collect()
}

// ----- starting a campaign -----------------------------------------------------------------

#[derive(Template)]
#[template(path = "pings_start.html")]
struct StartPage {
    t: Tr,
    page: Layout,
    states: Vec<Choice>,
    role: String,
    target: String,
    entries: String,
    error: Option<String>,
}

/// The target of a start form: `state` repeated, `role` once. Anything not one of the
/// participating states or the two roles is refused with a translated message.
fn parse_target(lang: UiLanguage, fields: &[(String, String)]) -> Result<CampaignTarget, String> {
    let mut target = CampaignTarget::default();
    for (k, v) in fields {
        match k.as_str() {
            "state" => {
                let code = StateCode::parse(v.trim())
                    .ok_or_else(|| i18n::tr(lang, "pings-error-states", &[]))?;
                if !target.states.contains(&code) {
                    target.states.push(code);
                }
            }
            "role" if !v.trim().is_empty() => {
                target.role = Some(
                    PocRole::parse(v.trim())
                        .ok_or_else(|| i18n::tr(lang, "pings-error-role", &[]))?,
                );
            }
            _ => {}
        }
    }
    if target.states.len() > MAX_TARGET_STATES {
        return Err(i18n::tr(lang, "pings-error-states", &[]));
    }
    Ok(target)
}

fn render_start(
    viewer: &Viewer,
    s: &AppState,
    p: &Principal,
    target: &CampaignTarget,
    error: Option<String>,
) -> Response {
    let lang = viewer.lang();
    let overview = s.app.list_states(p).unwrap_or_default();
    let entries: usize = overview
        .iter()
        .filter(|o| {
            o.participation == Participation::Participating
                && (target.states.is_empty() || target.states.contains(&o.state.code()))
        })
        .map(|o| match target.role {
            Some(PocRole::Diplomatic) => o.diplomatic_pocs,
            Some(PocRole::Technical) => o.technical_pocs,
            None => o.diplomatic_pocs + o.technical_pocs,
        })
        .sum();
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = StartPage {
        t: viewer.t(),
        page: viewer.layout(),
        states: target
            .states
            .iter()
            .map(|c| Choice {
                value: c.as_str().to_owned(),
                label: c.state().name(lang).to_owned(),
                selected: true,
            })
            .collect(),
        role: target
            .role
            .map(|r| r.as_str().to_owned())
            .unwrap_or_default(),
        target: target_text(lang, target),
        entries: format::number(lang, entries as u64),
        error,
    };
    viewer.render_status(status, &page)
}

/// The confirmation step: what would be pinged, and the button that starts it.
async fn confirm_start(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(fields): Query<Vec<(String, String)>>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    // The policy itself decides who sees the confirmation step (the start is decided again by
    // the use case).
    liaison_core::permission::authorize(&p, liaison_core::permission::Action::StartPingCampaign)
        .map_err(|e| viewer.fail(AppError::Forbidden(e)))?;
    let lang = viewer.lang();
    match parse_target(lang, &fields) {
        Ok(target) => Ok(render_start(&viewer, &s, &p, &target, None)),
        Err(e) => Ok(render_start(
            &viewer,
            &s,
            &p,
            &CampaignTarget::default(),
            Some(e),
        )),
    }
}

async fn start(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Form(fields): axum::Form<Vec<(String, String)>>,
) -> Result<Response, PageFailure> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    viewer.check_csrf(csrf)?;
    let p = viewer.principal()?.clone();
    let lang = viewer.lang();
    let target = match parse_target(lang, &fields) {
        Ok(t) => t,
        Err(e) => {
            return Ok(render_start(
                &viewer,
                &s,
                &p,
                &CampaignTarget::default(),
                Some(e),
            ));
        }
    };
    match s.app.start_ping_campaign(&p, target.clone(), None).await {
        Ok(c) => Ok(see_other(&format!("/admin/pings/{}?done=started", c.id))),
        Err(AppError::StateNotParticipating) => {
            let e = i18n::tr(lang, "pings-error-not-participating", &[]);
            Ok(render_start(&viewer, &s, &p, &target, Some(e)))
        }
        Err(AppError::NothingToPing) => {
            let e = i18n::tr(lang, "pings-error-nothing", &[]);
            Ok(render_start(&viewer, &s, &p, &target, Some(e)))
        }
        Err(e) => Err(viewer.fail(e)),
    }
}

// ----- a campaign's report -----------------------------------------------------------------

pub struct ResultRow {
    pub id: String,
    pub name: String,
    pub state: String,
    pub role: String,
    pub status: String,
    pub status_class: &'static str,
    pub channel: String,
    pub acknowledged: String,
}

pub struct HistogramRow {
    pub bucket: String,
    pub count: String,
}

pub struct TrendRow {
    pub id: String,
    pub started: String,
    pub answered: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "pings_report.html")]
struct ReportPage {
    t: Tr,
    page: Layout,
    id: String,
    heading: String,
    notice: Option<String>,
    scope: Option<String>,
    target: String,
    window: String,
    due: String,
    totals: CountCells,
    by_state: Vec<CountCells>,
    by_group: Vec<CountCells>,
    by_role: Vec<CountCells>,
    histogram_svg: String,
    histogram: Vec<HistogramRow>,
    trend_svg: String,
    trend: Vec<TrendRow>,
    rows: Vec<ResultRow>,
    rows_shown: String,
    prev: Option<String>,
    next: Option<String>,
    non_responders: Vec<NonResponderRow>,
}

fn status_class(s: PingStatus) -> &'static str {
    match s {
        PingStatus::Acknowledged => "pings-ok",
        PingStatus::Late => "pings-late",
        PingStatus::NoResponse | PingStatus::Bounced => "pings-bad",
        PingStatus::Pending => "pings-wait",
    }
}

/// The report's path, or the CSV of it when the last segment is `{id}.csv`.
async fn report(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(raw): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let (raw_id, csv) = match raw.strip_suffix(".csv") {
        Some(id) => (id, true),
        None => (raw.as_str(), false),
    };
    let id = uuid_in_path(&viewer, raw_id)?;
    let r = s
        .app
        .ping_report(&p, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    if csv {
        return Ok(csv_response(&r));
    }
    let lang = viewer.lang();
    let trend = s.app.ping_campaigns(&p).await.map_err(|e| viewer.fail(e))?;
    let non_responders = s
        .app
        .non_responders(&p, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    let rtl = lang.is_rtl();
    let histogram: Vec<(String, String, u64, bool)> = r
        .time_to_acknowledge
        .buckets
        .iter()
        .map(|(bound, n)| match bound {
            Some(d) => (
                i18n::tr(
                    lang,
                    "pings-bucket-within",
                    &[("d", &duration_text(lang, *d))],
                ),
                duration_text(lang, *d),
                *n,
                false,
            ),
            None => {
                let late = i18n::tr(lang, "pings-bucket-late", &[]);
                (late.clone(), late, *n, true)
            }
        })
        .collect();
    let histogram_svg = charts::bar_chart(
        &charts::Labels {
            id: "hist",
            title: &i18n::tr(lang, "pings-hist-title", &[]),
            desc: &i18n::tr(lang, "pings-hist-desc", &[]),
            x_axis: &i18n::tr(lang, "pings-hist-x", &[]),
            y_axis: &i18n::tr(lang, "pings-hist-y", &[]),
            rtl,
        },
        // Under a bar only the time (the axis says what it is); the table says it in full.
        &histogram
            .iter()
            .map(|(_, label, n, late)| charts::Bar {
                label: label.clone(),
                value: *n,
                shown: format::number(lang, *n),
                late: *late,
            })
            .collect::<Vec<_>>(),
        None,
    );
    // The last twelve campaigns: enough to see a trend, small enough for a phone.
    let recent: Vec<_> = trend.iter().rev().take(12).rev().collect();
    let trend_svg = charts::bar_chart(
        &charts::Labels {
            id: "trend",
            title: &i18n::tr(lang, "pings-trend-title", &[]),
            desc: &i18n::tr(lang, "pings-trend-desc", &[]),
            x_axis: &i18n::tr(lang, "pings-trend-x", &[]),
            y_axis: &i18n::tr(lang, "pings-trend-y", &[]),
            rtl,
        },
        &recent
            .iter()
            .map(|c| charts::Bar {
                label: format::date(lang, c.campaign.started_at),
                value: c.counts.answered_percent().round().clamp(0.0, 100.0) as u64,
                shown: percent(lang, &c.counts),
                late: false,
            })
            .collect::<Vec<_>>(),
        Some(100),
    );
    let total = r.rows.len();
    let pages = total.div_ceil(ROWS_PER_PAGE).max(1);
    // A page number out of range (or not a number) shows the first page.
    let page_no = q
        .page
        .as_deref()
        .and_then(|p| p.parse::<usize>().ok())
        .filter(|p| (1..=pages).contains(p))
        .unwrap_or(1);
    let from = (page_no - 1) * ROWS_PER_PAGE;
    let shown = &r.rows[from.min(total)..(from + ROWS_PER_PAGE).min(total)];
    let page_link = |n: usize| format!("/admin/pings/{}?page={n}#rows-heading", r.campaign.id);
    let c = &r.campaign;
    let due = c
        .started_at
        .checked_add(c.window)
        .map(|d| format::date_time(lang, d))
        .unwrap_or_default();
    let page = ReportPage {
        t: viewer.t(),
        page: viewer.layout(),
        id: c.id.to_string(),
        heading: i18n::tr(
            lang,
            "pings-report-title",
            &[("date", &format::date_time(lang, c.started_at))],
        ),
        notice: q
            .done
            .as_deref()
            .filter(|d| *d == "started")
            .map(|_| i18n::tr(lang, "pings-notice-started", &[])),
        scope: r.scope.map(|st| {
            i18n::tr(
                lang,
                "pings-scope-state",
                &[("state", st.state().name(lang))],
            )
        }),
        target: target_text(lang, &c.target),
        window: duration_text(lang, c.window),
        due,
        totals: cells(lang, i18n::tr(lang, "pings-total", &[]), &r.totals),
        by_state: r
            .by_state
            .iter()
            .map(|(st, n)| cells(lang, st.state().name(lang).to_owned(), n))
            .collect(),
        by_group: r
            .by_regional_group
            .iter()
            .map(|(g, n)| cells(lang, group_name(lang, *g), n))
            .collect(),
        by_role: r
            .by_role
            .iter()
            .map(|(role, n)| cells(lang, role_name(lang, *role), n))
            .collect(),
        histogram_svg,
        histogram: histogram
            .iter()
            .map(|(b, _, n, _)| HistogramRow {
                bucket: b.clone(),
                count: format::number(lang, *n),
            })
            .collect(),
        trend_svg,
        trend: recent
            .iter()
            .map(|t| TrendRow {
                id: t.campaign.id.to_string(),
                started: format::date(lang, t.campaign.started_at),
                answered: percent(lang, &t.counts),
                current: t.campaign.id == c.id,
            })
            .collect(),
        rows_shown: i18n::tr(
            lang,
            "pings-rows-shown",
            &[
                ("from", &format::number(lang, (from + 1).min(total) as u64)),
                ("to", &format::number(lang, (from + shown.len()) as u64)),
                ("total", &format::number(lang, total as u64)),
            ],
        ),
        prev: (page_no > 1).then(|| page_link(page_no - 1)),
        next: (page_no < pages).then(|| page_link(page_no + 1)),
        rows: shown
            .iter()
            .map(|row| ResultRow {
                id: row.poc.to_string(),
                name: row.name.clone(),
                state: row.state.state().name(lang).to_owned(),
                role: role_name(lang, row.role),
                status: status_name(lang, row.status),
                status_class: status_class(row.status),
                channel: row
                    .channel
                    .map(|ch| channel_name(lang, ch))
                    .unwrap_or_default(),
                acknowledged: row
                    .acknowledged_at
                    .map(|t| format::date_time(lang, t))
                    .unwrap_or_default(),
            })
            .collect(),
        non_responders: non_responder_rows(lang, id, &non_responders),
    };
    Ok(viewer.render(&page))
}

/// UTF-8 with a byte-order mark, so spreadsheet programs read Arabic and Chinese names; cells
/// a spreadsheet would take for a formula are neutralised by `CampaignReport::csv`.
fn csv_response(r: &CampaignReport) -> Response {
    let mut body = String::from("\u{feff}");
    body.push_str(&r.csv());
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"ping-{}.csv\"",
        r.campaign.id
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    resp
}

// ----- the follow-up log of one state ------------------------------------------------------

pub struct FollowUpRow {
    pub contacted: String,
    pub authority: String,
    pub method: String,
    pub outcome: String,
    pub note: String,
    pub recorded: String,
}

#[derive(Template)]
#[template(path = "pings_follow_up.html")]
struct FollowUpPage {
    t: Tr,
    page: Layout,
    notice: Option<String>,
    id: String,
    code: String,
    heading: String,
    campaign: String,
    unanswered: Vec<UnansweredRow>,
    escalation: String,
    unreachable: bool,
    log: Vec<FollowUpRow>,
    can_record: bool,
    form: FollowUpForm,
    methods: Vec<Choice>,
    outcomes: Vec<Choice>,
    pocs: Vec<Choice>,
    problems: Problems,
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct FollowUpForm {
    csrf: String,
    contacted_at: String,
    authority: String,
    method: String,
    outcome: String,
    poc: String,
    note: String,
}

#[derive(Default)]
pub struct Problems {
    pub contacted_at: Option<String>,
    pub authority: Option<String>,
    pub method: Option<String>,
    pub outcome: Option<String>,
    pub poc: Option<String>,
    pub note: Option<String>,
}

impl Problems {
    fn any(&self) -> bool {
        self.contacted_at.is_some()
            || self.authority.is_some()
            || self.method.is_some()
            || self.outcome.is_some()
            || self.poc.is_some()
            || self.note.is_some()
    }
}

fn field_message(lang: UiLanguage, e: &FieldError) -> String {
    match e.code {
        ErrorCode::Required => i18n::tr(lang, "admin-error-required", &[]),
        ErrorCode::TooLong => {
            let max = e.detail.clone().unwrap_or_default();
            i18n::tr(lang, "admin-error-too-long", &[("max", &max)])
        }
        ErrorCode::ForbiddenCharacter => i18n::tr(lang, "admin-error-forbidden-character", &[]),
        ErrorCode::StateMismatch => i18n::tr(lang, "pings-error-poc", &[]),
        _ => i18n::tr(lang, "admin-error-invalid", &[]),
    }
}

async fn render_follow_up(
    viewer: &Viewer,
    s: &AppState,
    id: Uuid,
    code: StateCode,
    form: FollowUpForm,
    problems: Problems,
    done: bool,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let lang = viewer.lang();
    // The log first: a state administrator asking for another state is refused here.
    let log = s
        .app
        .follow_ups(&p, Some(code))
        .await
        .map_err(|e| viewer.fail(e))?;
    let report = s
        .app
        .ping_report(&p, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    let non_responders = s
        .app
        .non_responders(&p, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    let mine = non_responders.iter().find(|n| n.state == code);
    let unanswered: Vec<UnansweredRow> = mine
        .map(|n| {
            n.unanswered
                .iter()
                .map(|r| UnansweredRow {
                    id: r.poc.to_string(),
                    name: r.name.clone(),
                    role: role_name(lang, r.role),
                    status: status_name(lang, r.status),
                })
                .collect()
        })
        .unwrap_or_default();
    let escalation = match mine.and_then(|n| n.escalation.as_ref()) {
        Some(e) => i18n::tr(
            lang,
            "pings-escalation-sent",
            &[
                ("when", &format::date_time(lang, e.created_at)),
                ("n", &format::number(lang, u64::from(e.administrators))),
            ],
        ),
        None => i18n::tr(lang, "pings-escalated-not-yet", &[]),
    };
    let status = if problems.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let choice = |value: &str, label: String, current: &str| Choice {
        value: value.to_owned(),
        label,
        selected: value == current,
    };
    let page = FollowUpPage {
        t: viewer.t(),
        page: viewer.layout(),
        notice: done.then(|| i18n::tr(lang, "pings-notice-follow-up", &[])),
        id: id.to_string(),
        code: code.as_str().to_owned(),
        heading: i18n::tr(
            lang,
            "pings-follow-up-title",
            &[("state", code.state().name(lang))],
        ),
        campaign: format::date_time(lang, report.campaign.started_at),
        unreachable: mine.is_some_and(|n| n.reachable_administrators == 0),
        pocs: mine
            .map(|n| {
                n.unanswered
                    .iter()
                    .map(|r| choice(&r.poc.to_string(), r.name.clone(), &form.poc))
                    .collect()
            })
            .unwrap_or_default(),
        unanswered,
        escalation,
        log: log
            .iter()
            .map(|f| FollowUpRow {
                contacted: format::date(lang, f.contacted_at),
                authority: f.authority.as_str().to_owned(),
                method: method_name(lang, f.method),
                outcome: outcome_name(lang, f.outcome),
                note: f
                    .note
                    .as_ref()
                    .map(|n| n.as_str().to_owned())
                    .unwrap_or_default(),
                recorded: i18n::tr(
                    lang,
                    "pings-recorded-by",
                    &[
                        ("who", &f.recorded_by),
                        ("when", &format::date_time(lang, f.recorded_at)),
                    ],
                ),
            })
            .collect(),
        can_record: p.role == Role::Admin,
        methods: FollowUpMethod::ALL
            .iter()
            .map(|m| choice(m.as_str(), method_name(lang, *m), &form.method))
            .collect(),
        outcomes: FollowUpOutcome::ALL
            .iter()
            .map(|o| choice(o.as_str(), outcome_name(lang, *o), &form.outcome))
            .collect(),
        form,
        problems,
    };
    Ok(viewer.render_status(status, &page))
}

async fn follow_up_page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path((id, code)): Path<(String, String)>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageFailure> {
    viewer.principal()?;
    let id = uuid_in_path(&viewer, &id)?;
    let code = StateCode::parse(&code).ok_or_else(|| viewer.fail(PageError::NotFound))?;
    render_follow_up(
        &viewer,
        &s,
        id,
        code,
        FollowUpForm::default(),
        Problems::default(),
        q.done.is_some(),
    )
    .await
}

/// A calendar date typed as `YYYY-MM-DD`, taken as noon UTC of that day (the contact's hour
/// is not asked; noon keeps the date the same in every time zone a reader may be in, bar the
/// extreme ones).
fn contact_date(raw: &str) -> Option<Timestamp> {
    let raw = raw.trim();
    // Exactly what a date field sends; jiff alone would also take a date with a time.
    let shape = raw.len() == 10
        && raw.bytes().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    if !shape {
        return None;
    }
    let d: jiff::civil::Date = raw.parse().ok()?;
    d.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .ok()
        .map(|z| z.timestamp())
}

async fn add_follow_up(
    viewer: Viewer,
    State(s): State<AppState>,
    Path((id, code)): Path<(String, String)>,
    axum::Form(form): axum::Form<FollowUpForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let lang = viewer.lang();
    let id = uuid_in_path(&viewer, &id)?;
    let code = StateCode::parse(&code).ok_or_else(|| viewer.fail(PageError::NotFound))?;
    let mut problems = Problems::default();
    let now = s.app.now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let contacted_at = contact_date(&form.contacted_at).map(|t| {
        // Today's noon may still be ahead: a contact made today is never "in the future".
        let same_day = t.to_zoned(jiff::tz::TimeZone::UTC).date() == today;
        if same_day && t > now { now } else { t }
    });
    if contacted_at.is_none() {
        problems.contacted_at = Some(i18n::tr(lang, "pings-error-date", &[]));
    }
    let method = FollowUpMethod::parse(form.method.trim());
    if method.is_none() {
        problems.method = Some(i18n::tr(lang, "pings-error-choice", &[]));
    }
    let outcome = FollowUpOutcome::parse(form.outcome.trim());
    if outcome.is_none() {
        problems.outcome = Some(i18n::tr(lang, "pings-error-choice", &[]));
    }
    let poc = match form.poc.trim() {
        "" => None,
        raw => match Uuid::parse_str(raw) {
            Ok(u) => Some(u),
            Err(_) => {
                problems.poc = Some(i18n::tr(lang, "pings-error-poc", &[]));
                None
            }
        },
    };
    let (Some(contacted_at), Some(method), Some(outcome), false) =
        (contacted_at, method, outcome, problems.any())
    else {
        return render_follow_up(&viewer, &s, id, code, form, problems, false).await;
    };
    let input = liaison_app::ping::FollowUpInput {
        state: code,
        campaign: Some(id),
        poc,
        contacted_at,
        authority: &form.authority,
        method,
        outcome,
        note: Some(form.note.as_str()),
    };
    match s.app.record_follow_up(&p, input).await {
        Ok(_) => Ok(see_other(&format!(
            "/admin/pings/{id}/states/{}?done=1",
            code.as_str()
        ))),
        Err(AppError::Invalid(v)) => {
            for e in &v.0 {
                let m = Some(field_message(lang, e));
                match e.field.as_str() {
                    "authority" => problems.authority = m,
                    "note" => problems.note = m,
                    "contacted_at" => {
                        problems.contacted_at = Some(i18n::tr(lang, "pings-error-date", &[]))
                    }
                    "poc" => problems.poc = m,
                    // The campaign is the page's own: a wrong one is a page that does not exist.
                    _ => return Err(viewer.fail(PageError::NotFound)),
                }
            }
            render_follow_up(&viewer, &s, id, code, form, problems, false).await
        }
        Err(e) => Err(viewer.fail(e)),
    }
}

// ----- a POC user's pending pings ----------------------------------------------------------

pub struct PendingRow {
    pub challenge: String,
    pub campaign: String,
    pub due: String,
    pub late: bool,
}

#[derive(Template)]
#[template(path = "pings_mine.html")]
struct MinePage {
    t: Tr,
    page: Layout,
    notice: Option<String>,
    pending: Vec<PendingRow>,
}

async fn mine(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let lang = viewer.lang();
    let pending = s.app.pending_pings(&p).await.map_err(|e| viewer.fail(e))?;
    let page = MinePage {
        t: viewer.t(),
        page: viewer.layout(),
        notice: match q.done.as_deref() {
            Some("on-time") => Some(i18n::tr(lang, "pings-notice-acknowledged", &[])),
            Some("late") => Some(i18n::tr(lang, "pings-notice-acknowledged-late", &[])),
            _ => None,
        },
        pending: pending
            .iter()
            .map(|c| PendingRow {
                challenge: c.challenge.to_string(),
                campaign: i18n::tr(
                    lang,
                    "pings-mine-campaign",
                    &[("date", &format::date(lang, c.campaign_started_at))],
                ),
                due: i18n::tr(
                    lang,
                    "pings-mine-due",
                    &[("when", &format::date_time(lang, c.due_at))],
                ),
                late: c.late,
            })
            .collect(),
    };
    Ok(viewer.render(&page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AckForm {
    csrf: String,
}

async fn acknowledge(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(challenge): Path<String>,
    axum::Form(form): axum::Form<AckForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let challenge = uuid_in_path(&viewer, &challenge)?;
    match s
        .app
        .acknowledge_ping(&p, challenge, AckChannel::InApp)
        .await
    {
        Ok(done) => Ok(see_other(if done.ack.on_time {
            "/pings?done=on-time"
        } else {
            "/pings?done=late"
        })),
        Err(e) => Err(viewer.fail(e)),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn contact_dates_are_calendar_days() {
        assert!(contact_date("2026-03-01").is_some());
        assert!(contact_date(" 2026-03-01 ").is_some());
        for bad in [
            "",
            "2026-13-01",
            "01/03/2026",
            "2026-03-01T10:00",
            "<script>",
        ] {
            assert!(contact_date(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn targets_take_known_states_and_roles_only() {
        let f = |kv: &[(&str, &str)]| {
            kv.iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<Vec<_>>()
        };
        let t = parse_target(
            UiLanguage::En,
            &f(&[("state", "FR"), ("state", "FR"), ("role", "technical")]),
        )
        .unwrap();
        assert_eq!(t.states.len(), 1);
        assert_eq!(t.role, Some(PocRole::Technical));
        assert!(parse_target(UiLanguage::En, &f(&[("state", "XX")])).is_err());
        assert!(parse_target(UiLanguage::En, &f(&[("role", "admin")])).is_err());
        assert!(
            parse_target(UiLanguage::En, &f(&[("role", "")]))
                .unwrap()
                .role
                .is_none()
        );
    }
}

//! The ping routes of the JSON API (issue 4): a POC user's pending pings and acknowledging one
//! (channel `api`), and the campaigns and their reports for the administrator (every state)
//! and a state's administrators (their own state).

use crate::AppState;
use crate::api::{Auth, json_body, parse_id};
use crate::error::{ApiError, ErrorBody};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::ping::{CampaignReport, CampaignSummary, StatusCounts};
use liaison_core::PocRole;
use liaison_core::ping::{AckChannel, CampaignTarget, PingCampaign};
use liaison_core::states::StateCode;
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

fn ts(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Second).unwrap_or(t).to_string()
}

/// A challenge waiting for the caller's answer.
#[derive(Serialize, ToSchema)]
pub struct PendingPingView {
    pub challenge: Uuid,
    pub campaign: Uuid,
    pub campaign_started_at: String,
    pub due_at: String,
    /// Past the due time: an acknowledgement now is kept and marked late.
    pub late: bool,
}

#[derive(Serialize, ToSchema)]
pub struct PendingPingList {
    pub items: Vec<PendingPingView>,
}

/// A recorded acknowledgement.
#[derive(Serialize, ToSchema)]
pub struct AcknowledgementView {
    pub challenge: Uuid,
    pub acknowledged_at: String,
    /// `link`, `reply`, `in_app` or `api`.
    pub channel: String,
    pub on_time: bool,
    /// `acknowledged` or `late`.
    pub status: String,
}

/// Counts of one group of challenges.
#[derive(Serialize, ToSchema)]
pub struct CountsView {
    pub challenges: u64,
    /// Handed to the relay.
    pub sent: u64,
    /// Taken by the relay and not bounced since.
    pub delivered: u64,
    pub bounced: u64,
    /// Entries without an e-mail address, asked in the application.
    pub in_app: u64,
    /// Not sent yet.
    pub queued: u64,
    pub acknowledged: u64,
    pub late: u64,
    pub no_response: u64,
    pub pending: u64,
}

impl From<&StatusCounts> for CountsView {
    fn from(c: &StatusCounts) -> Self {
        CountsView {
            challenges: c.challenges,
            sent: c.sent,
            delivered: c.delivered,
            bounced: c.bounced,
            in_app: c.in_app,
            queued: c.queued,
            acknowledged: c.acknowledged,
            late: c.late,
            no_response: c.no_response,
            pending: c.pending,
        }
    }
}

/// A campaign's target: every participating state, or some, and one role or both.
#[derive(Serialize, ToSchema)]
pub struct TargetView {
    /// Empty: every participating state.
    pub states: Vec<String>,
    pub role: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignView {
    pub id: Uuid,
    pub started_at: String,
    pub started_by: String,
    /// `manual` or `scheduled`.
    pub trigger: String,
    pub target: TargetView,
    pub window_secs: i64,
    pub closed_at: Option<String>,
    /// In the caller's scope (a state administrator: their own state).
    pub counts: CountsView,
}

fn campaign_view(c: &PingCampaign, counts: &StatusCounts) -> CampaignView {
    CampaignView {
        id: c.id,
        started_at: ts(c.started_at),
        started_by: c.started_by.clone(),
        trigger: c.trigger.as_str().to_owned(),
        target: TargetView {
            states: c
                .target
                .states
                .iter()
                .map(|s| s.as_str().to_owned())
                .collect(),
            role: c.target.role.map(|r| r.as_str().to_owned()),
        },
        window_secs: c.window.as_secs(),
        closed_at: c.closed_at.map(ts),
        counts: counts.into(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct CampaignList {
    pub items: Vec<CampaignView>,
}

/// One POC's result in a campaign.
#[derive(Serialize, ToSchema)]
pub struct ReportRowView {
    pub challenge: Uuid,
    pub poc: Uuid,
    pub state: String,
    pub regional_group: Option<String>,
    /// `diplomatic` or `technical`.
    pub role: String,
    pub name: String,
    /// `acknowledged`, `late`, `no_response`, `bounced` or `pending`.
    pub status: String,
    /// How it was acknowledged: `link`, `reply`, `in_app`, `api`.
    pub channel: Option<String>,
    /// `queued`, `claimed`, `handed_over`, `sent`, `bounced` or `in_app`.
    pub delivery: String,
    pub asked_at: Option<String>,
    pub due_at: Option<String>,
    pub acknowledged_at: Option<String>,
    /// The entry has an e-mail address.
    pub pingable: bool,
}

#[derive(Serialize, ToSchema)]
pub struct GroupCountsView {
    /// A state code, a regional group slug (null for observer states) or a role.
    pub key: Option<String>,
    pub counts: CountsView,
}

/// One bucket of the time-to-acknowledge distribution.
#[derive(Serialize, ToSchema)]
pub struct BucketView {
    /// Upper bound in seconds; null for "after the due time".
    pub up_to_secs: Option<i64>,
    pub count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct EscalationView {
    pub state: String,
    pub at: String,
    pub unanswered: Vec<Uuid>,
    /// Administrators e-mailed; 0: the state has no reachable administrator.
    pub administrators: u32,
}

#[derive(Serialize, ToSchema)]
pub struct ReportView {
    pub campaign: CampaignView,
    /// The state the report is limited to (a state administrator's view).
    pub scope: Option<String>,
    pub by_state: Vec<GroupCountsView>,
    pub by_regional_group: Vec<GroupCountsView>,
    pub by_role: Vec<GroupCountsView>,
    pub time_to_acknowledge: Vec<BucketView>,
    pub escalations: Vec<EscalationView>,
    pub pocs: Vec<ReportRowView>,
}

/// The JSON report (also what `liaison ping report --format json` prints).
pub fn report_view(r: &CampaignReport) -> ReportView {
    let groups = |v: Vec<(Option<String>, &StatusCounts)>| {
        v.into_iter()
            .map(|(key, c)| GroupCountsView {
                key,
                counts: c.into(),
            })
            .collect()
    };
    ReportView {
        campaign: campaign_view(&r.campaign, &r.totals),
        scope: r.scope.map(|s| s.as_str().to_owned()),
        by_state: groups(
            r.by_state
                .iter()
                .map(|(s, c)| (Some(s.as_str().to_owned()), c))
                .collect(),
        ),
        by_regional_group: groups(
            r.by_regional_group
                .iter()
                .map(|(g, c)| (g.map(|g| g.slug().to_owned()), c))
                .collect(),
        ),
        by_role: groups(
            r.by_role
                .iter()
                .map(|(role, c)| (Some(role.as_str().to_owned()), c))
                .collect(),
        ),
        time_to_acknowledge: r
            .time_to_acknowledge
            .buckets
            .iter()
            .map(|(up_to, count)| BucketView {
                up_to_secs: up_to.map(|d| d.as_secs()),
                count: *count,
            })
            .collect(),
        escalations: r
            .escalations
            .iter()
            .map(|e| EscalationView {
                state: e.state.as_str().to_owned(),
                at: ts(e.created_at),
                unanswered: e.unanswered.clone(),
                administrators: e.administrators,
            })
            .collect(),
        pocs: r
            .rows
            .iter()
            .map(|row| ReportRowView {
                challenge: row.challenge,
                poc: row.poc,
                state: row.state.as_str().to_owned(),
                regional_group: row.regional_group.map(|g| g.slug().to_owned()),
                role: row.role.as_str().to_owned(),
                name: row.name.clone(),
                status: row.status.as_str().to_owned(),
                channel: row.channel.map(|c| c.as_str().to_owned()),
                delivery: row.delivery.as_str().to_owned(),
                asked_at: row.asked_at.map(ts),
                due_at: row.due_at.map(ts),
                acknowledged_at: row.acknowledged_at.map(ts),
                pingable: row.pingable,
            })
            .collect(),
    }
}

/// Body of `POST /api/v1/ping-campaigns`.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignInput {
    /// ISO 3166-1 alpha-2 codes; absent or empty: every participating state.
    #[schema(max_items = 195)]
    pub states: Option<Vec<String>>,
    /// `diplomatic` or `technical`; absent: both.
    pub role: Option<String>,
    /// The acknowledgement window in seconds (default: the server's `--ping-window`, 48 h).
    #[schema(minimum = 1, maximum = 2592000)]
    pub window_secs: Option<i64>,
}

fn invalid(field: &str, code: ErrorCode) -> ApiError {
    ValidationErrors::single(FieldError::new(field, code)).into()
}

/// The signed-in POC user's pings still waiting for an answer (issue 4 item 3(c)).
#[utoipa::path(get, path = "/api/v1/pings/pending", tag = "pings", security(("bearer" = [])),
    responses((status = 200, body = PendingPingList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn pending(
    State(s): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<PendingPingList>, ApiError> {
    let items = s
        .app
        .pending_pings(&p)
        .await?
        .into_iter()
        .map(|x| PendingPingView {
            challenge: x.challenge,
            campaign: x.campaign,
            campaign_started_at: ts(x.campaign_started_at),
            due_at: ts(x.due_at),
            late: x.late,
        })
        .collect();
    Ok(Json(PendingPingList { items }))
}

/// Acknowledge one of the entry's pings (channel `api`). After the due time it is recorded
/// as late; a second acknowledgement is refused (409 `already_acknowledged`).
#[utoipa::path(post, path = "/api/v1/pings/{challenge}/acknowledge", tag = "pings", security(("bearer" = [])),
    params(("challenge" = Uuid, Path, description = "Challenge id")),
    responses((status = 200, body = AcknowledgementView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn acknowledge(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(challenge): Path<String>,
) -> Result<Json<AcknowledgementView>, ApiError> {
    let id = parse_id(&challenge)?;
    let done = s.app.acknowledge_ping(&p, id, AckChannel::Api).await?;
    Ok(Json(AcknowledgementView {
        challenge: done.challenge.id,
        acknowledged_at: ts(done.ack.at),
        channel: done.ack.channel.as_str().to_owned(),
        on_time: done.ack.on_time,
        status: done.challenge.status().as_str().to_owned(),
    }))
}

/// Every campaign, oldest first, with its counts (a state administrator: their own state's).
#[utoipa::path(get, path = "/api/v1/ping-campaigns", tag = "pings", security(("bearer" = [])),
    responses((status = 200, body = CampaignList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn campaigns(
    State(s): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<CampaignList>, ApiError> {
    let list: Vec<CampaignSummary> = s.app.ping_campaigns(&p).await?;
    Ok(Json(CampaignList {
        items: list
            .iter()
            .map(|c| campaign_view(&c.campaign, &c.counts))
            .collect(),
    }))
}

/// Start a campaign now (administrator only): every active entry of the chosen participating
/// states (all by default) and role gets a challenge.
#[utoipa::path(post, path = "/api/v1/ping-campaigns", tag = "pings", security(("bearer" = [])),
    request_body(content = Option<CampaignInput>, content_type = "application/json"),
    responses((status = 201, body = CampaignView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn start(
    State(s): State<AppState>,
    Auth(p): Auth,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: Option<CampaignInput> = json_body(&body)?;
    let mut target = CampaignTarget::default();
    let mut window = None;
    if let Some(i) = input {
        for code in i.states.unwrap_or_default() {
            let st = StateCode::parse(&code.to_ascii_uppercase())
                .ok_or_else(|| invalid("states", ErrorCode::UnknownState))?;
            if !target.states.contains(&st) {
                target.states.push(st);
            }
        }
        if let Some(r) = i.role {
            target.role =
                Some(PocRole::parse(&r).ok_or_else(|| invalid("role", ErrorCode::InvalidRole))?);
        }
        if let Some(w) = i.window_secs {
            if !(1..=30 * 86_400).contains(&w) {
                return Err(invalid("window_secs", ErrorCode::TooLong));
            }
            window = Some(jiff::SignedDuration::from_secs(w));
        }
    }
    let campaign = s.app.start_ping_campaign(&p, target, window).await?;
    let summary = s
        .app
        .ping_campaigns(&p)
        .await?
        .into_iter()
        .find(|c| c.campaign.id == campaign.id)
        .map(|c| c.counts)
        .unwrap_or_default();
    Ok((
        StatusCode::CREATED,
        Json(campaign_view(&campaign, &summary)),
    )
        .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    /// `json` (default) or `csv`.
    #[param(pattern = "^(json|csv)$")]
    format: Option<String>,
    #[param(ignore)]
    #[allow(dead_code)]
    lang: Option<String>,
}

/// A campaign's report: per POC state, role, status and channel, with the aggregates by
/// state, regional group and role, and the time-to-acknowledge distribution. `?format=csv`
/// gives the rows as CSV. A state administrator sees their own state's part.
#[utoipa::path(get, path = "/api/v1/ping-campaigns/{id}/report", tag = "pings", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Campaign id"), ReportQuery),
    responses((status = 200, description = "The report (JSON by default, CSV with `?format=csv`)",
            content((ReportView = "application/json"), (String = "text/csv"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn report(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let csv = match q.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => return Err(ApiError::BadParameter("format")),
    };
    let report = s.app.ping_report(&p, id).await?;
    if csv {
        let mut resp = report.csv().into_response();
        resp.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/csv; charset=utf-8"),
        );
        return Ok(resp);
    }
    Ok(Json(report_view(&report)).into_response())
}

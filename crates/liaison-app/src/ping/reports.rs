//! What people read about pings (issue 4 items 4 and 6, PING-06): per campaign sent,
//! delivered, bounced, acknowledged on time, late, no response — overall, by state, by UN
//! regional group, by role —, the time-to-acknowledge distribution, the trend across campaigns,
//! the non-responding states with their escalation, the follow-up log, and a POC's pending
//! challenges. A state's administrators see their own state's part; the administrator all.
//! These are the read models the dashboard, the SVG charts and the CSV export are drawn from.

use crate::{AppError, Liaison};
use jiff::{SignedDuration, Timestamp};
use liaison_core::PocRole;
use liaison_core::audit::AuditEvent;
use liaison_core::permission::{Action, Denied, Principal, authorize};
use liaison_core::ping::{
    AckChannel, Delivery, Escalation, FollowUp, FollowUpMethod, FollowUpOutcome,
    MAX_AUTHORITY_CHARS, MAX_NOTE_CHARS, PingCampaign, PingChallenge, PingStatus,
};
use liaison_core::states::{RegionalGroup, StateCode};
use liaison_core::text::{CleanText, Cleaned};
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use liaison_store::Change;
use serde::Serialize;
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

/// Counts of one group of challenges.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct StatusCounts {
    pub challenges: u64,
    /// Handed to the relay (whatever happened after).
    pub sent: u64,
    /// Taken by the relay and not bounced since.
    pub delivered: u64,
    pub bounced: u64,
    /// Entries without an e-mail address, asked in the application.
    pub in_app: u64,
    /// Not sent yet (queued, or being sent).
    pub queued: u64,
    pub acknowledged: u64,
    pub late: u64,
    pub no_response: u64,
    pub pending: u64,
}

impl StatusCounts {
    fn add(&mut self, c: &PingChallenge) {
        self.challenges += 1;
        if c.mail.handed_over_at.is_some() {
            self.sent += 1;
        }
        match c.mail.state {
            Delivery::Sent => self.delivered += 1,
            Delivery::InApp => self.in_app += 1,
            Delivery::Queued | Delivery::Claimed => self.queued += 1,
            Delivery::HandedOver | Delivery::Bounced => {}
        }
        match c.status() {
            PingStatus::Acknowledged => self.acknowledged += 1,
            PingStatus::Late => self.late += 1,
            PingStatus::NoResponse => self.no_response += 1,
            PingStatus::Bounced => self.bounced += 1,
            PingStatus::Pending => self.pending += 1,
        }
        // A bounced message that was answered in the application still bounced.
        if c.mail.state == Delivery::Bounced && c.status() != PingStatus::Bounced {
            self.bounced += 1;
        }
    }

    /// The share answered (on time or late), in per cent of the challenges.
    pub fn answered_percent(&self) -> f64 {
        if self.challenges == 0 {
            0.0
        } else {
            (self.acknowledged + self.late) as f64 * 100.0 / self.challenges as f64
        }
    }
}

/// One challenge as a report row.
#[derive(Debug, Clone, Serialize)]
pub struct ReportRow {
    pub challenge: Uuid,
    pub poc: Uuid,
    pub state: StateCode,
    pub regional_group: Option<RegionalGroup>,
    pub role: PocRole,
    /// The entry's name as its state wrote it (the entity, or the person).
    pub name: String,
    pub status: PingStatus,
    pub channel: Option<AckChannel>,
    pub delivery: Delivery,
    pub asked_at: Option<Timestamp>,
    pub due_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    /// The entry has an e-mail address.
    pub pingable: bool,
    pub bounce_reason: Option<String>,
}

/// The distribution of time to acknowledge, in buckets relative to the window (for a 48-hour
/// window: 1, 6, 12, 24, 48 hours, and later).
#[derive(Debug, Clone, Serialize)]
pub struct Histogram {
    /// Upper bound of each bucket; the last bucket (`None`) is "after the due time".
    pub buckets: Vec<(Option<SignedDuration>, u64)>,
}

impl Histogram {
    fn new(window: SignedDuration, challenges: &[&PingChallenge]) -> Histogram {
        let w = window.as_secs().max(1);
        let bounds: Vec<SignedDuration> = [48, 8, 4, 2, 1]
            .iter()
            .map(|d| SignedDuration::from_secs((w / d).max(1)))
            .collect();
        let mut buckets: Vec<(Option<SignedDuration>, u64)> =
            bounds.iter().map(|b| (Some(*b), 0)).collect();
        buckets.push((None, 0));
        for c in challenges {
            let Some(t) = c.time_to_acknowledge() else {
                continue;
            };
            let late = c.on_time == Some(false);
            let i = if late {
                bounds.len()
            } else {
                bounds.iter().position(|b| t <= *b).unwrap_or(bounds.len())
            };
            if let Some(b) = buckets.get_mut(i) {
                b.1 += 1;
            }
        }
        Histogram { buckets }
    }
}

/// One campaign's results, for the administrator (every state) or one state.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignReport {
    pub campaign: PingCampaign,
    /// `Some(s)`: only state `s`'s challenges (a state administrator's view).
    pub scope: Option<StateCode>,
    pub totals: StatusCounts,
    pub by_state: Vec<(StateCode, StatusCounts)>,
    pub by_regional_group: Vec<(Option<RegionalGroup>, StatusCounts)>,
    pub by_role: Vec<(PocRole, StatusCounts)>,
    pub time_to_acknowledge: Histogram,
    pub rows: Vec<ReportRow>,
    pub escalations: Vec<Escalation>,
}

impl CampaignReport {
    /// The rows as CSV (RFC 4180), with a header. Cells that a spreadsheet would read as a
    /// formula are prefixed with `'` (CSV injection).
    pub fn csv(&self) -> String {
        fn cell(v: &str) -> String {
            let v = if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
                format!("'{v}")
            } else {
                v.to_owned()
            };
            if v.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", v.replace('"', "\"\""))
            } else {
                v
            }
        }
        let t = |v: Option<Timestamp>| v.map(|t| t.to_string()).unwrap_or_default();
        let mut out = String::from(
            "campaign,challenge,poc,state,regional_group,role,name,status,channel,delivery,asked_at,due_at,acknowledged_at,pingable\r\n",
        );
        for r in &self.rows {
            let line = [
                self.campaign.id.to_string(),
                r.challenge.to_string(),
                r.poc.to_string(),
                r.state.as_str().to_owned(),
                r.regional_group
                    .map(|g| g.slug().to_owned())
                    .unwrap_or_default(),
                r.role.as_str().to_owned(),
                r.name.clone(),
                r.status.as_str().to_owned(),
                r.channel.map(|c| c.as_str().to_owned()).unwrap_or_default(),
                r.delivery.as_str().to_owned(),
                t(r.asked_at),
                t(r.due_at),
                t(r.acknowledged_at),
                r.pingable.to_string(),
            ]
            .iter()
            .map(|v| cell(v))
            .collect::<Vec<_>>()
            .join(",");
            out.push_str(&line);
            out.push_str("\r\n");
        }
        out
    }
}

/// A campaign in a list, with its counts (of the reader's scope).
#[derive(Debug, Clone, Serialize)]
pub struct CampaignSummary {
    pub campaign: PingCampaign,
    pub counts: StatusCounts,
}

/// A state whose POCs did not answer a campaign (the dashboard's list, A§8).
#[derive(Debug, Clone, Serialize)]
pub struct NonRespondingState {
    pub state: StateCode,
    pub unanswered: Vec<ReportRow>,
    /// `None` until every challenge of the state is answered or past its due time.
    pub escalation: Option<Escalation>,
    /// Administrators of the state Liaison can write to now.
    pub reachable_administrators: usize,
    pub follow_ups: Vec<FollowUp>,
}

/// A challenge waiting for the signed-in POC user's answer.
#[derive(Debug, Clone, Serialize)]
pub struct PendingPing {
    pub challenge: Uuid,
    pub campaign: Uuid,
    pub campaign_started_at: Timestamp,
    pub due_at: Timestamp,
    /// Past the due time: an answer now is kept, and marked late.
    pub late: bool,
}

/// What the administrator types into the follow-up log.
#[derive(Debug, Clone)]
pub struct FollowUpInput<'a> {
    pub state: StateCode,
    pub campaign: Option<Uuid>,
    pub poc: Option<Uuid>,
    pub contacted_at: Timestamp,
    pub authority: &'a str,
    pub method: FollowUpMethod,
    pub outcome: FollowUpOutcome,
    pub note: Option<&'a str>,
}

fn read_scope(p: &Principal) -> Result<Option<StateCode>, AppError> {
    if authorize(p, Action::ReadPingResults { state: None }).is_ok() {
        return Ok(None);
    }
    let own = p.state.ok_or(AppError::Forbidden(Denied::RoleNotAllowed))?;
    authorize(p, Action::ReadPingResults { state: Some(own) })?;
    Ok(Some(own))
}

fn group<K: Ord + Copy>(
    rows: &[&PingChallenge],
    key: impl Fn(&PingChallenge) -> K,
) -> Vec<(K, StatusCounts)> {
    let mut m: BTreeMap<K, StatusCounts> = BTreeMap::new();
    for c in rows {
        m.entry(key(c)).or_default().add(c);
    }
    m.into_iter().collect()
}

impl Liaison {
    fn report_row(&self, c: &PingChallenge) -> ReportRow {
        let entry = self.read_dir().get(&c.poc);
        ReportRow {
            challenge: c.id,
            poc: c.poc,
            state: c.state,
            regional_group: c.state.state().un_regional_group,
            role: c.role,
            name: entry
                .as_ref()
                .map(|e| e.content.display_name().to_owned())
                .unwrap_or_default(),
            status: c.status(),
            channel: c.ack_channel,
            delivery: c.mail.state,
            asked_at: c.asked_at(),
            due_at: c.due_at(),
            acknowledged_at: c.acknowledged_at,
            pingable: !c.recipients.is_empty(),
            bounce_reason: c.mail.bounce_reason.clone(),
        }
    }

    /// Every campaign, oldest first, with its counts in the reader's scope (the trend across
    /// campaigns).
    pub async fn ping_campaigns(&self, p: &Principal) -> Result<Vec<CampaignSummary>, AppError> {
        let scope = read_scope(p)?;
        let mut out = Vec::new();
        for campaign in self.store.ping_campaigns().await? {
            let challenges = self.store.ping_challenges(campaign.id).await?;
            let mut counts = StatusCounts::default();
            for c in challenges
                .iter()
                .filter(|c| scope.is_none_or(|s| c.state == s))
            {
                counts.add(c);
            }
            out.push(CampaignSummary { campaign, counts });
        }
        Ok(out)
    }

    /// One campaign's report in the reader's scope.
    pub async fn ping_report(
        &self,
        p: &Principal,
        campaign: Uuid,
    ) -> Result<CampaignReport, AppError> {
        let scope = read_scope(p)?;
        let campaign = self
            .store
            .ping_campaign(campaign)
            .await?
            .ok_or(AppError::NotFound)?;
        let all = self.store.ping_challenges(campaign.id).await?;
        let rows: Vec<&PingChallenge> = all
            .iter()
            .filter(|c| scope.is_none_or(|s| c.state == s))
            .collect();
        let mut totals = StatusCounts::default();
        for c in &rows {
            totals.add(c);
        }
        let escalations = self
            .store
            .escalations(campaign.id)
            .await?
            .into_iter()
            .filter(|e| scope.is_none_or(|s| e.state == s))
            .collect();
        Ok(CampaignReport {
            scope,
            totals,
            by_state: group(&rows, |c| c.state),
            by_regional_group: group(&rows, |c| c.state.state().un_regional_group),
            by_role: group(&rows, |c| c.role),
            time_to_acknowledge: Histogram::new(campaign.window, &rows),
            rows: rows.iter().map(|c| self.report_row(c)).collect(),
            escalations,
            campaign,
        })
    }

    /// The states (in the reader's scope) that did not answer a campaign, with their
    /// escalation, how many administrators can be written to, and the follow-ups recorded.
    pub async fn non_responders(
        &self,
        p: &Principal,
        campaign: Uuid,
    ) -> Result<Vec<NonRespondingState>, AppError> {
        let report = self.ping_report(p, campaign).await?;
        let mut by_state: BTreeMap<StateCode, Vec<ReportRow>> = BTreeMap::new();
        for r in report.rows {
            if matches!(r.status, PingStatus::NoResponse | PingStatus::Bounced) {
                by_state.entry(r.state).or_default().push(r);
            }
        }
        let mut out = Vec::new();
        for (state, unanswered) in by_state {
            let users = self.store.users_of_state(state).await?;
            let reachable = users
                .iter()
                .filter(|u| {
                    u.role == liaison_core::permission::Role::StateAdmin
                        && u.disabled_at.is_none()
                        && u.email.is_some()
                })
                .count();
            let follow_ups = self
                .store
                .follow_ups(Some(state))
                .await?
                .into_iter()
                .filter(|f| f.campaign.is_none_or(|c| c == campaign))
                .collect();
            out.push(NonRespondingState {
                state,
                unanswered,
                escalation: report
                    .escalations
                    .iter()
                    .find(|e| e.state == state)
                    .cloned(),
                reachable_administrators: reachable,
                follow_ups,
            });
        }
        Ok(out)
    }

    /// The challenges of the signed-in POC user's entry still waiting for an answer (issued,
    /// not acknowledged), newest first.
    pub async fn pending_pings(&self, p: &Principal) -> Result<Vec<PendingPing>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        let poc = p.poc.ok_or(AppError::Forbidden(Denied::RoleNotAllowed))?;
        authorize(p, Action::AcknowledgePing { poc })?;
        let now = self.now();
        let mut out = Vec::new();
        let challenges = self.store.ping_challenges_of(&[poc]).await?;
        for c in challenges
            .iter()
            .filter(|c| c.acknowledged_at.is_none() && c.issued())
        {
            let (Some(due_at), Some(campaign)) =
                (c.due_at(), self.store.ping_campaign(c.campaign).await?)
            else {
                continue;
            };
            out.push(PendingPing {
                challenge: c.id,
                campaign: c.campaign,
                campaign_started_at: campaign.started_at,
                due_at,
                late: now > due_at,
            });
        }
        out.sort_by_key(|p| std::cmp::Reverse(p.campaign_started_at));
        Ok(out)
    }

    /// Record a follow-up with a state's authorities (A§8: "best efforts to contact the
    /// competent authorities"). Audited.
    pub async fn record_follow_up(
        &self,
        p: &Principal,
        input: FollowUpInput<'_>,
    ) -> Result<FollowUp, AppError> {
        authorize(p, Action::RecordFollowUp)?;
        let mut errors = ValidationErrors::default();
        let authority = match CleanText::parse("authority", input.authority, MAX_AUTHORITY_CHARS) {
            Ok(Cleaned::Value(v)) => Some(v),
            Ok(Cleaned::Blank) => {
                errors.push(FieldError::new("authority", ErrorCode::Required));
                None
            }
            Err(e) => {
                errors.push(e);
                None
            }
        };
        let note = match input
            .note
            .map(|n| CleanText::parse("note", n, MAX_NOTE_CHARS))
        {
            None | Some(Ok(Cleaned::Blank)) => None,
            Some(Ok(Cleaned::Value(v))) => Some(v),
            Some(Err(e)) => {
                errors.push(e);
                None
            }
        };
        let now = self.now();
        if input.contacted_at > now {
            errors
                .push(FieldError::new("contacted_at", ErrorCode::WrongType).with_detail("future"));
        }
        if let Some(c) = input.campaign
            && self.store.ping_campaign(c).await?.is_none()
        {
            errors.push(FieldError::new("campaign", ErrorCode::InvalidUuid));
        }
        if let Some(poc) = input.poc
            && self
                .read_dir()
                .get(&poc)
                .is_none_or(|e| e.content.state != input.state)
        {
            errors.push(FieldError::new("poc", ErrorCode::StateMismatch));
        }
        let Some(authority) = authority.filter(|_| errors.is_empty()) else {
            return Err(errors.into());
        };
        let f = FollowUp {
            id: Uuid::new_v4(),
            state: input.state,
            campaign: input.campaign,
            poc: input.poc,
            recorded_by: p.actor.clone(),
            recorded_at: now,
            contacted_at: input.contacted_at,
            authority,
            method: input.method,
            outcome: input.outcome,
            note,
        };
        let event = AuditEvent {
            actor: p.actor.clone(),
            action: "ping.follow_up".into(),
            state: Some(f.state.as_str().to_owned()),
            subject: Some(f.id.to_string()),
            detail: json!({
                "campaign": f.campaign, "poc": f.poc, "method": f.method.as_str(),
                "outcome": f.outcome.as_str(), "contacted_at": f.contacted_at.to_string(),
            }),
        };
        self.store
            .apply(
                vec![Change::RecordFollowUp(Box::new(f.clone()))],
                vec![event],
                now,
            )
            .await?;
        Ok(f)
    }

    /// The follow-up log in the reader's scope, newest first.
    pub async fn follow_ups(
        &self,
        p: &Principal,
        state: Option<StateCode>,
    ) -> Result<Vec<FollowUp>, AppError> {
        let scope = read_scope(p)?;
        if let (Some(own), Some(asked)) = (scope, state)
            && own != asked
        {
            return Err(AppError::Forbidden(Denied::OtherState));
        }
        Ok(self.store.follow_ups(scope.or(state)).await?)
    }
}

//! The deadline sweep (issue 4 item 4), safe with several replicas: every step is a
//! conditional write inside `apply`, so a replica that loses a race gets a conflict and
//! changes nothing.
//!
//! 1. Pending challenges past their due time become `no_response`, in the same transaction as
//!    the `unverified` flag of every entry whose last two campaigns went unanswered (actor
//!    `system:ping`).
//! 2. A state none of whose challenges in a campaign is still pending, and some of which went
//!    unanswered, is escalated once: one record, and one message to each of its
//!    administrators in their own language listing the entries that did not answer. A state
//!    without a reachable administrator is recorded as such.
//! 3. A campaign with nothing pending and every such state escalated is closed.

use super::SYSTEM_ACTOR;
use crate::usecases::entry_audit_event;
use crate::{AppError, Liaison};
use jiff::Timestamp;
use liaison_core::account::User;
use liaison_core::audit::AuditEvent;
use liaison_core::codes::Flag;
use liaison_core::permission::Role;
use liaison_core::ping::{Escalation, MailDelivery, PingChallenge, should_flag_unverified};
use liaison_core::poc::{FlagMark, PointOfContact};
use liaison_core::revision::{Revision, RevisionChange};
use liaison_core::states::StateCode;
use liaison_store::{Change, OutboxKind, OutboxMail, StoreError};
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;

/// What one sweep did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SweepReport {
    pub no_response: usize,
    pub flagged: usize,
    pub escalated: Vec<StateCode>,
    pub closed: usize,
}

/// Challenges marked per transaction.
const SWEEP_BATCH: u32 = 1000;

/// The administrators of a state Liaison can write to.
fn reachable(users: &[User]) -> Vec<&User> {
    users
        .iter()
        .filter(|u| u.role == Role::StateAdmin && u.disabled_at.is_none() && u.email.is_some())
        .collect()
}

impl Liaison {
    /// One pass of the sweep at the domain clock's now.
    pub async fn sweep_pings(&self) -> Result<SweepReport, AppError> {
        let mut report = SweepReport::default();
        loop {
            match self.mark_past_due(&mut report).await {
                Ok(true) => continue,
                Ok(false) => break,
                // Another replica marked (or someone answered) meanwhile: the next tick
                // sees the rest.
                Err(AppError::Store(StoreError::Conflict(_))) => break,
                Err(e) => return Err(e),
            }
        }
        for campaign in self.store.open_ping_campaigns().await? {
            match self.escalate_campaign(campaign.id, &mut report).await {
                Ok(()) | Err(AppError::Store(StoreError::Conflict(_))) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(report)
    }

    /// Marks one batch; `false` when nothing was due.
    async fn mark_past_due(&self, report: &mut SweepReport) -> Result<bool, AppError> {
        let now = self.now();
        let due = self
            .store
            .ping_challenges_past_due(now, SWEEP_BATCH)
            .await?;
        if due.is_empty() {
            return Ok(false);
        }
        let ids: HashSet<Uuid> = due.iter().map(|c| c.id).collect();
        let mut pocs: Vec<Uuid> = due.iter().map(|c| c.poc).collect();
        pocs.sort_unstable();
        pocs.dedup();
        let history = self.store.ping_challenges_of(&pocs).await?;
        let started: HashMap<Uuid, Timestamp> = self
            .store
            .ping_campaigns()
            .await?
            .into_iter()
            .map(|c| (c.id, c.started_at))
            .collect();
        let mut by_poc: HashMap<Uuid, Vec<(Timestamp, bool)>> = HashMap::new();
        for c in &history {
            let unanswered = c.unanswered() || ids.contains(&c.id);
            if let Some(at) = started.get(&c.campaign) {
                by_poc.entry(c.poc).or_default().push((*at, unanswered));
            }
        }
        let mut changes = vec![Change::MarkNoResponse {
            ids: due.iter().map(|c| c.id).collect(),
            at: now,
        }];
        let mut per_campaign: BTreeMap<Uuid, usize> = BTreeMap::new();
        for c in &due {
            *per_campaign.entry(c.campaign).or_default() += 1;
        }
        let mut events: Vec<AuditEvent> = per_campaign
            .iter()
            .map(|(campaign, n)| AuditEvent {
                actor: SYSTEM_ACTOR.into(),
                action: "ping.no_response".into(),
                state: None,
                subject: Some(campaign.to_string()),
                detail: json!({"challenges": n}),
            })
            .collect();
        let mut flagged = Vec::new();
        {
            let dir = self.read_dir();
            for poc in &pocs {
                let Some(current) = dir.get(poc) else {
                    continue;
                };
                let history = by_poc.get(poc).map(Vec::as_slice).unwrap_or(&[]);
                if !current.is_active()
                    || current.has_flag(Flag::Unverified)
                    || !should_flag_unverified(history, current.last_verified_at)
                {
                    continue;
                }
                let mut next = (*current).clone();
                next.flags.push(FlagMark {
                    flag: Flag::Unverified,
                    reason: None,
                    set_at: now,
                    set_by: SYSTEM_ACTOR.into(),
                });
                next.revision += 1;
                next.updated_at = now;
                let mut event = entry_audit_event(SYSTEM_ACTOR, RevisionChange::Flag, &next, None);
                event.detail["cause"] = json!("two_campaigns_unanswered");
                changes.push(Change::UpdatePoc {
                    poc: Box::new(next.clone()),
                    expected_revision: current.revision,
                    revision: Box::new(Revision {
                        poc_id: next.id,
                        number: next.revision,
                        at: now,
                        actor: SYSTEM_ACTOR.into(),
                        change: RevisionChange::Flag,
                        reason: None,
                        before: Some((*current).clone()),
                        after: next.clone(),
                    }),
                });
                events.push(event);
                flagged.push(next);
            }
        }
        let records = self.store.apply(changes, events, now).await?;
        report.no_response += due.len();
        report.flagged += flagged.len();
        let flagged: Vec<PointOfContact> = flagged;
        self.absorb(flagged)?;
        self.advance_feed(&records);
        Ok(due.len() == SWEEP_BATCH as usize)
    }

    /// Escalates every state of a campaign that is ready, then closes it when all are done.
    async fn escalate_campaign(
        &self,
        campaign: Uuid,
        report: &mut SweepReport,
    ) -> Result<(), AppError> {
        let tallies = self.store.ping_state_tallies(campaign).await?;
        let escalated: HashSet<StateCode> = self
            .store
            .escalations(campaign)
            .await?
            .into_iter()
            .map(|e| e.state)
            .collect();
        let mut open = false;
        let mut ready = Vec::new();
        for (state, pending, unanswered) in tallies {
            if pending > 0 {
                open = true;
            } else if unanswered > 0 && !escalated.contains(&state) {
                ready.push(state);
            }
        }
        if !ready.is_empty() {
            let challenges = self.store.ping_challenges(campaign).await?;
            for state in ready {
                let unanswered: Vec<&PingChallenge> = challenges
                    .iter()
                    .filter(|c| c.state == state && c.unanswered())
                    .collect();
                self.escalate(campaign, state, &unanswered).await?;
                report.escalated.push(state);
            }
        }
        if !open {
            let now = self.now();
            self.store
                .apply(
                    vec![Change::CloseCampaign {
                        id: campaign,
                        at: now,
                    }],
                    vec![AuditEvent {
                        actor: SYSTEM_ACTOR.into(),
                        action: "ping.campaign.close".into(),
                        state: None,
                        subject: Some(campaign.to_string()),
                        detail: json!({}),
                    }],
                    now,
                )
                .await?;
            report.closed += 1;
        }
        Ok(())
    }

    async fn escalate(
        &self,
        campaign: Uuid,
        state: StateCode,
        unanswered: &[&PingChallenge],
    ) -> Result<(), AppError> {
        let now = self.now();
        let users = self.store.users_of_state(state).await?;
        let admins = reachable(&users);
        let escalation = Escalation {
            id: Uuid::new_v4(),
            campaign,
            state,
            created_at: now,
            unanswered: unanswered.iter().map(|c| c.poc).collect(),
            administrators: u32::try_from(admins.len()).unwrap_or(u32::MAX),
        };
        let mails: Vec<OutboxMail> = admins
            .iter()
            .filter_map(|u| {
                Some(OutboxMail {
                    id: Uuid::new_v4(),
                    kind: OutboxKind::Escalation,
                    subject: escalation.id,
                    recipient: u.email.clone()?,
                    language: u.language,
                    created_at: now,
                    mail: MailDelivery::queued(now),
                })
            })
            .collect();
        let event = AuditEvent {
            actor: SYSTEM_ACTOR.into(),
            action: "ping.escalate".into(),
            state: Some(state.as_str().to_owned()),
            subject: Some(campaign.to_string()),
            detail: json!({
                "escalation": escalation.id,
                "unanswered": escalation.unanswered,
                "administrators": escalation.administrators,
            }),
        };
        self.store
            .apply(
                vec![Change::Escalate {
                    escalation: Box::new(escalation),
                    mails,
                }],
                vec![event],
                now,
            )
            .await?;
        Ok(())
    }
}

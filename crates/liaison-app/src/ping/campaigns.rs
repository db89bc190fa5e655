//! Starting campaigns: by the administrator (or the operator on the host), or by the schedule
//! (PING-01: every six months), exactly once per schedule slot even with several replicas.

use super::SYSTEM_ACTOR;
use crate::{AppError, Liaison};
use jiff::SignedDuration;
use liaison_core::audit::AuditEvent;
use liaison_core::participation::Participation;
use liaison_core::permission::{Action, Principal, authorize};
use liaison_core::ping::{
    CampaignTarget, CampaignTrigger, Delivery, PingCampaign, PingChallenge, WindowProblem,
    check_window,
};
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use liaison_store::{Change, StoreError};
use serde_json::json;
use uuid::Uuid;

impl Liaison {
    /// Start a campaign now (A§8). `window` defaults to this server's `--ping-window`. A
    /// target state must participate; the campaign pings the active entries it selects.
    pub async fn start_ping_campaign(
        &self,
        p: &Principal,
        target: CampaignTarget,
        window: Option<SignedDuration>,
    ) -> Result<PingCampaign, AppError> {
        authorize(p, Action::StartPingCampaign)?;
        let window = check_window(window.unwrap_or(self.ping_settings().window)).map_err(|e| {
            AppError::Invalid(ValidationErrors::single(
                FieldError::new("window", ErrorCode::TooLong).with_detail(match e {
                    WindowProblem::NotPositive => "positive",
                    WindowProblem::TooLong => "30d",
                }),
            ))
        })?;
        {
            let dir = self.read_dir();
            if target
                .states
                .iter()
                .any(|s| dir.participation(*s).0 != Participation::Participating)
            {
                return Err(AppError::StateNotParticipating);
            }
        }
        self.create_campaign(&p.actor, CampaignTrigger::Manual, target, window, None)
            .await
    }

    /// Bulk-create the campaign and one challenge per selected entry in one transaction with
    /// one audit record (10 000 entries: a few statements, well under a second).
    async fn create_campaign(
        &self,
        actor: &str,
        trigger: CampaignTrigger,
        target: CampaignTarget,
        window: SignedDuration,
        slot: Option<String>,
    ) -> Result<PingCampaign, AppError> {
        let now = self.now();
        let started = std::time::Instant::now();
        let campaign = PingCampaign {
            id: Uuid::new_v4(),
            started_at: now,
            started_by: actor.to_owned(),
            trigger,
            target,
            window,
            slot: slot.clone(),
            closed_at: None,
        };
        let challenges: Vec<PingChallenge> = {
            let dir = self.read_dir();
            dir.in_creation_order()
                .iter()
                .filter(|e| {
                    campaign.target.includes(e)
                        && dir.participation(e.content.state).0 == Participation::Participating
                })
                .map(|e| PingChallenge::new(Uuid::new_v4(), &campaign, e, now))
                .collect()
        };
        if challenges.is_empty() {
            return Err(AppError::NothingToPing);
        }
        let selected = started.elapsed();
        let in_app = challenges
            .iter()
            .filter(|c| c.mail.state == Delivery::InApp)
            .count();
        let mut states: Vec<&str> = challenges.iter().map(|c| c.state.as_str()).collect();
        states.sort_unstable();
        states.dedup();
        let event = AuditEvent {
            actor: actor.to_owned(),
            action: "ping.campaign.start".into(),
            state: None,
            subject: Some(campaign.id.to_string()),
            detail: json!({
                "trigger": trigger.as_str(),
                "target": campaign.target,
                "window_secs": window.as_secs(),
                "slot": slot,
                "challenges": challenges.len(),
                "by_email": challenges.len() - in_app,
                "in_app": in_app,
                "states": states.len(),
            }),
        };
        self.store
            .apply(
                vec![Change::StartPingCampaign {
                    campaign: Box::new(campaign.clone()),
                    challenges,
                    slot,
                }],
                vec![event],
                now,
            )
            .await?;
        tracing::debug!(
            selected_ms = selected.as_millis(),
            total_ms = started.elapsed().as_millis(),
            "campaign created"
        );
        Ok(campaign)
    }

    /// The scheduler's tick: when the current slot of `--ping-every` has no campaign yet,
    /// start one (or, when someone started one within the slot already, record that it fills
    /// the slot). The slot's unique key decides between replicas: the second one's
    /// transaction finds it filled and does nothing. Returns the campaign started.
    pub async fn ping_schedule_tick(&self) -> Result<Option<PingCampaign>, AppError> {
        let settings = self.ping_settings();
        let Some(schedule) = settings.schedule else {
            return Ok(None);
        };
        let now = self.now();
        let slot = schedule.slot(now);
        if self.store.schedule_slot_filled(&slot.key).await? {
            return Ok(None);
        }
        let within = self
            .store
            .ping_campaigns()
            .await?
            .into_iter()
            .find(|c| c.started_at >= slot.starts_at && c.started_at < slot.next_starts_at);
        let result = match within {
            Some(c) => self
                .store
                .apply(
                    vec![Change::FillScheduleSlot {
                        slot: slot.key.clone(),
                        campaign: Some(c.id),
                        at: now,
                    }],
                    vec![AuditEvent {
                        actor: SYSTEM_ACTOR.into(),
                        action: "ping.schedule.fill".into(),
                        state: None,
                        subject: Some(c.id.to_string()),
                        detail: json!({"slot": slot.key}),
                    }],
                    now,
                )
                .await
                .map(|_| None)
                .map_err(AppError::from),
            None => self
                .create_campaign(
                    SYSTEM_ACTOR,
                    CampaignTrigger::Scheduled,
                    CampaignTarget::default(),
                    settings.window,
                    Some(slot.key.clone()),
                )
                .await
                .map(Some),
        };
        match result {
            // Another replica filled the slot first.
            Err(AppError::Store(StoreError::Conflict(_))) => Ok(None),
            // An empty directory has nothing to ping: try again next tick.
            Err(AppError::NothingToPing) => Ok(None),
            other => other,
        }
    }
}

//! Acknowledgements, three ways (issue 4 item 3): the link's confirmation page (its POST), a
//! reply to the message, and a signed-in POC user (application or API). Each records time,
//! channel and whether it was on time; a late one is kept and marked late. An acknowledgement
//! also confirms the entry: its freshness moves, and an `unverified` flag the ping process set
//! is cleared. Asynchronous bounces arrive here too.

use super::SYSTEM_ACTOR;
use crate::usecases::entry_audit_event;
use crate::{AppError, Liaison};
use jiff::Timestamp;
use liaison_core::audit::AuditEvent;
use liaison_core::codes::Flag;
use liaison_core::permission::{Action, Principal, authorize};
use liaison_core::ping::{
    AckChannel, AckRefused, Acknowledgement, DeliveryEvent, PingCampaign, PingChallenge, PingToken,
    acknowledge, bounce_tag_matches, deliver,
};
use liaison_core::poc::PointOfContact;
use liaison_core::revision::{Revision, RevisionChange};
use liaison_store::{Change, DeliveryAttempt, DeliveryUpdate, MailQueue, StoreError, TokenChange};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

/// What an acknowledgement did.
#[derive(Debug, Clone)]
pub struct AckOutcome {
    pub challenge: PingChallenge,
    pub ack: Acknowledgement,
}

/// What the confirmation page shows for a token (a GET changes nothing).
#[derive(Debug, Clone)]
pub struct PingForToken {
    pub challenge: PingChallenge,
    pub campaign: PingCampaign,
    pub entry: Arc<PointOfContact>,
}

fn refused(e: AckRefused) -> AppError {
    match e {
        AckRefused::AlreadyAcknowledged { at } => AppError::AlreadyAcknowledged(at),
        AckRefused::NotIssued => AppError::PingNotIssued,
    }
}

impl Liaison {
    /// The challenge behind a token, for the confirmation page. Altered, unknown and
    /// malformed tokens get the same answer (`PingNotValid`).
    pub async fn ping_for_token(&self, raw: &str) -> Result<PingForToken, AppError> {
        let token = PingToken::parse(raw).ok_or(AppError::PingNotValid)?;
        // The lookup is by SHA-256 of the token through a unique index: its time says nothing
        // about how close a guess was.
        let challenge = self
            .store
            .ping_challenge_by_token(&token.hash())
            .await?
            .ok_or(AppError::PingNotValid)?;
        let campaign = self
            .store
            .ping_campaign(challenge.campaign)
            .await?
            .ok_or(AppError::PingNotValid)?;
        let entry = self
            .read_dir()
            .get(&challenge.poc)
            .ok_or(AppError::PingNotValid)?;
        Ok(PingForToken {
            challenge,
            campaign,
            entry,
        })
    }

    /// The token holder acknowledges: the confirmation page's POST (`Link`) or a reply to the
    /// message (`Reply`). A used token is refused with the time of the first acknowledgement.
    pub async fn acknowledge_ping_token(
        &self,
        raw: &str,
        channel: AckChannel,
    ) -> Result<AckOutcome, AppError> {
        let token = PingToken::parse(raw).ok_or(AppError::PingNotValid)?;
        let challenge = self
            .store
            .ping_challenge_by_token(&token.hash())
            .await?
            .ok_or(AppError::PingNotValid)?;
        let actor = format!("ping-token:{}", channel.as_str());
        self.record_acknowledgement(challenge, channel, &actor)
            .await
    }

    /// A signed-in user of the entry acknowledges one of its challenges (`InApp` from the
    /// application, `Api` through the JSON API).
    pub async fn acknowledge_ping(
        &self,
        p: &Principal,
        challenge: Uuid,
        channel: AckChannel,
    ) -> Result<AckOutcome, AppError> {
        // Callers outside participation learn nothing, not even whether the id exists.
        authorize(p, Action::ReadDirectory)?;
        let c = self
            .store
            .ping_challenge(challenge)
            .await?
            .ok_or(AppError::NotFound)?;
        authorize(p, Action::AcknowledgePing { poc: c.poc })?;
        self.record_acknowledgement(c, channel, &p.actor).await
    }

    async fn record_acknowledgement(
        &self,
        mut c: PingChallenge,
        channel: AckChannel,
        actor: &str,
    ) -> Result<AckOutcome, AppError> {
        // Twice at most: a deadline marked between reading and writing makes the first try
        // conflict; the second reads it and records a late answer.
        for _ in 0..2 {
            let now = self.now();
            let ack = acknowledge(&c, now, channel).map_err(refused)?;
            let mut changes = vec![Change::AcknowledgePing {
                challenge: c.id,
                poc: c.poc,
                expected: c.outcome,
                ack,
                actor: actor.to_owned(),
            }];
            let mut events = vec![AuditEvent {
                actor: actor.to_owned(),
                action: "ping.acknowledge".into(),
                state: Some(c.state.as_str().to_owned()),
                subject: Some(c.id.to_string()),
                detail: json!({
                    "poc": c.poc,
                    "campaign": c.campaign,
                    "channel": channel.as_str(),
                    "on_time": ack.on_time,
                }),
            }];
            // An acknowledged ping confirms the entry: the ping process's own flag goes.
            let unflagged = self.unverified_cleared(c.poc, now);
            if let Some((_, _, change, event)) = &unflagged {
                changes.push(change.clone());
                events.push(event.clone());
            }
            match self.store.apply(changes, events, now).await {
                Ok(records) => {
                    self.write_dir().set_verified(c.poc, now);
                    if let Some((_, after, _, _)) = unflagged {
                        self.absorb(vec![after])?;
                    }
                    self.advance_feed(&records);
                    return Ok(AckOutcome {
                        challenge: liaison_core::ping::acknowledged(&c, &ack),
                        ack,
                    });
                }
                Err(StoreError::Conflict(_)) => {
                    c = self
                        .store
                        .ping_challenge(c.id)
                        .await?
                        .ok_or(AppError::NotFound)?;
                }
                Err(e) => return Err(e.into()),
            }
        }
        Err(AppError::Store(StoreError::Conflict(
            "the challenge changed while it was acknowledged".into(),
        )))
    }

    /// The change that clears an entry's `unverified` flag after an acknowledgement, when the
    /// entry carries one: (before, after, store change, audit event).
    fn unverified_cleared(
        &self,
        poc: Uuid,
        now: Timestamp,
    ) -> Option<(Arc<PointOfContact>, PointOfContact, Change, AuditEvent)> {
        let current = self.read_dir().get(&poc)?;
        if !current.is_active() || !current.has_flag(Flag::Unverified) {
            return None;
        }
        let mut next = (*current).clone();
        next.flags.retain(|m| m.flag != Flag::Unverified);
        next.revision += 1;
        next.updated_at = now;
        next.last_verified_at = Some(now);
        let revision = Revision {
            poc_id: poc,
            number: next.revision,
            at: now,
            actor: SYSTEM_ACTOR.into(),
            change: RevisionChange::Unflag,
            reason: None,
            before: Some((*current).clone()),
            after: next.clone(),
        };
        let mut event = entry_audit_event(SYSTEM_ACTOR, RevisionChange::Unflag, &next, None);
        event.detail["cause"] = json!("ping_acknowledged");
        let change = Change::UpdatePoc {
            poc: Box::new(next.clone()),
            expected_revision: current.revision,
            revision: Box::new(revision),
        };
        Some((current, next, change, event))
    }

    /// A delivery status notification for a challenge's message arrived at its bounce address
    /// (`bounce-{challenge}-{tag}`). The tag must match the challenge's token; a bounce for
    /// a message that was never handed over, or one acknowledged already, changes nothing.
    /// Returns whether it was recorded.
    pub async fn record_ping_bounce(
        &self,
        challenge: Uuid,
        tag: &str,
        reason: &str,
    ) -> Result<bool, AppError> {
        let Some(hash) = self.store.ping_challenge_token_hash(challenge).await? else {
            return Ok(false);
        };
        if !bounce_tag_matches(&hash, tag) {
            return Ok(false);
        }
        let Some(c) = self.store.ping_challenge(challenge).await? else {
            return Ok(false);
        };
        if c.acknowledged_at.is_some() {
            return Ok(false);
        }
        let now = self.now();
        let Ok(mut next) = deliver(&c.mail, &DeliveryEvent::AsyncBounce { now }) else {
            return Ok(false);
        };
        let reason: String = reason.chars().take(500).collect();
        next.bounce_reason = Some(reason.clone());
        let done = self
            .store
            .update_deliveries(&[DeliveryUpdate {
                queue: MailQueue::Pings,
                id: c.id,
                expected: c.mail.clone(),
                next,
                token: TokenChange::Keep,
                attempt: Some(DeliveryAttempt {
                    at: now,
                    worker: "inbound".into(),
                    result: "bounce".into(),
                    detail: Some(reason),
                }),
            }])
            .await?;
        Ok(done.first().copied().unwrap_or(false))
    }
}

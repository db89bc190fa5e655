//! Ping tests (issue 4, Annex A §8): the use cases and the background work.
//!
//! - `campaigns`: start a campaign (now, or when the schedule's slot begins);
//! - `sending`: the workers that claim challenges and hand their messages to a [`Mailer`]
//!   exactly once, with the escalation outbox;
//! - `answers`: acknowledgements by link, reply, application and API; bounces;
//! - `deadlines`: the sweep (no response, escalation, the `unverified` flag, closing);
//! - `reports`: what the administrator and the states read (reports, trend, non-responders,
//!   follow-up log, a POC's pending pings).
//!
//! Nothing here knows SMTP, MIME or translations: [`Mailer`] is the port an adapter implements
//! (composing the message in the entry's language and handing it to a relay).

mod answers;
mod campaigns;
mod deadlines;
mod reports;
mod sending;

pub use answers::{AckOutcome, PingForToken};
pub use deadlines::SweepReport;
pub use reports::{
    CampaignReport, CampaignSummary, FollowUpInput, Histogram, NonRespondingState, PendingPing,
    ReportRow, StatusCounts,
};
pub use sending::{DeliveryWriter, Pacer, RoundReport, SendOptions};

use jiff::{SignedDuration, Timestamp};
use liaison_core::EntryLanguage;
use liaison_core::contact::Email;
use liaison_core::ping::{KeyStatus, PingCampaign, PingSchedule, PingStatus, PingToken};
use liaison_core::poc::PointOfContact;
use liaison_core::states::StateCode;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use uuid::Uuid;

/// The actor of what the ping process does by itself (flags, deadlines, escalations).
pub const SYSTEM_ACTOR: &str = "system:ping";

/// How this server runs ping campaigns.
#[derive(Debug, Clone)]
pub struct PingSettings {
    /// The acknowledgement window of campaigns this process starts (`--ping-window`).
    pub window: SignedDuration,
    /// When campaigns start on their own (`--ping-every`); `None` = off.
    pub schedule: Option<PingSchedule>,
}

impl Default for PingSettings {
    fn default() -> Self {
        PingSettings {
            window: liaison_core::ping::DEFAULT_WINDOW,
            schedule: Some(PingSchedule::DEFAULT),
        }
    }
}

impl PingSettings {
    /// When the next campaign is expected, for "the key expires before the next campaign".
    /// Without a schedule, six months (Annex A §8's rhythm).
    pub fn next_campaign_after(&self, now: Timestamp) -> Timestamp {
        match self.schedule {
            Some(s) => s.slot(now).next_starts_at,
            None => now
                .checked_add(SignedDuration::from_hours(183 * 24))
                .unwrap_or(Timestamp::MAX),
        }
    }
}

/// A ping message to compose and send. `token` is the challenge's secret: it exists only
/// here and in the message (its hash is committed at the handover).
#[derive(Debug, Clone)]
pub struct PingMail {
    pub challenge: Uuid,
    pub campaign: PingCampaign,
    pub entry: Arc<PointOfContact>,
    pub recipients: Vec<Email>,
    /// The entry's language (the message is written in it, English below).
    pub language: EntryLanguage,
    pub token: PingToken,
    /// The local part of the reply address (`ping-{token}`) and of the envelope sender
    /// (`bounce-{challenge}-{tag}`), both at the reply domain.
    pub reply_local_part: String,
    pub bounce_local_part: String,
    /// The deadline the message states (in UTC and in the entry's time zone).
    pub due_at: Timestamp,
    /// The entry's OpenPGP key: expired, or expiring before the next campaign.
    pub key: KeyStatus,
    pub next_campaign_at: Timestamp,
    /// When the message is written (its Date).
    pub written_at: Timestamp,
}

/// A thread notification sent by e-mail (issue 5): metadata only — that a thread waits for
/// the entry, its urgency, EXERCISE — and a link to sign in; never anything of the content.
#[derive(Debug, Clone)]
pub struct NotificationMail {
    pub outbox: Uuid,
    pub recipient: Email,
    /// The entry's language.
    pub language: EntryLanguage,
    pub thread: Uuid,
    pub kind: liaison_core::thread::NotificationKind,
    pub urgency: liaison_core::thread::Urgency,
    pub exercise: bool,
    pub written_at: Timestamp,
}

/// The PGP/MIME bridge (issue 5): the ciphertext of a thread message as the server holds it,
/// for an entry's own OpenPGP software (RFC 3156).
#[derive(Debug, Clone)]
pub struct BridgeMail {
    pub outbox: Uuid,
    pub recipient: Email,
    pub language: EntryLanguage,
    pub thread: Uuid,
    pub exercise: bool,
    pub armored: String,
    pub written_at: Timestamp,
}

/// An entry that did not answer, as an escalation lists it.
#[derive(Debug, Clone)]
pub struct UnansweredEntry {
    pub entry: Arc<PointOfContact>,
    pub status: PingStatus,
}

/// An escalation message to one of a state's administrators, in their language.
#[derive(Debug, Clone)]
pub struct EscalationMail {
    pub outbox: Uuid,
    pub recipient: Email,
    pub language: EntryLanguage,
    pub state: StateCode,
    pub campaign: PingCampaign,
    pub unanswered: Vec<UnansweredEntry>,
    pub written_at: Timestamp,
}

/// The handover hook: awaited by the relay just before it writes the final dot. It commits
/// "handed over" (and the token's hash) only if this worker still holds the message; an
/// error means someone else has it, and the relay must abandon the transaction.
pub struct Handover(Box<dyn FnOnce() -> HandoverFuture + Send>);

type HandoverFuture = Pin<Box<dyn Future<Output = Result<(), HandoverLost>> + Send>>;

impl Handover {
    pub fn new<F, Fut>(f: F) -> Handover
    where
        F: FnOnce() -> Fut + Send + 'static,
        Fut: Future<Output = Result<(), HandoverLost>> + Send + 'static,
    {
        Handover(Box::new(move || Box::pin(f())))
    }

    pub async fn commit(self) -> Result<(), HandoverLost> {
        (self.0)().await
    }
}

impl std::fmt::Debug for Handover {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Handover")
    }
}

/// The message was not handed over: another worker holds it, or the store failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the message is no longer ours to send")]
pub struct HandoverLost;

/// Why a message did not go out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendFailure {
    /// Try again later (connection, timeout, 4xx).
    #[error("temporary failure: {0}")]
    Temporary(String),
    /// The relay refused it for good (5xx): the message bounced.
    #[error("permanent failure: {0}")]
    Permanent(String),
    /// The handover hook refused: nothing was sent.
    #[error("handover refused")]
    HandoverLost,
    /// The final dot was written but the relay's answer never came (connection lost, time
    /// out): the message may have been taken. After a handover it counts as sent.
    #[error("outcome unknown: {0}")]
    Unknown(String),
}

/// The port to the outside mail system. An adapter composes the message (translations,
/// MIME) and sends it through an SMTP relay, awaiting `handover` right before the final dot.
#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    async fn send_ping(&self, mail: &PingMail, handover: Handover) -> Result<(), SendFailure>;
    async fn send_escalation(
        &self,
        mail: &EscalationMail,
        handover: Handover,
    ) -> Result<(), SendFailure>;
    async fn send_notification(
        &self,
        mail: &NotificationMail,
        handover: Handover,
    ) -> Result<(), SendFailure>;
    async fn send_pgp_mime(&self, mail: &BridgeMail, handover: Handover)
    -> Result<(), SendFailure>;
}

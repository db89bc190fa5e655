//! Ping tests (Annex A §8, PING-01…06): campaigns, the lifecycle of one challenge, its
//! single-use token and the addresses derived from it, the schedule, the follow-up log.
//!
//! A challenge has two halves that move independently:
//!
//! - **delivery**: `queued → claimed (a worker holds a lease) → handed_over → sent`, or
//!   `bounced` on a permanent failure (or when temporary failures run out of attempts). A
//!   temporary failure before the message was handed over puts it back in the queue with a
//!   backoff; a temporary refusal of the finished message does the same (the relay said it
//!   did not take it). An entry without an e-mail address gets an `in_app` challenge instead,
//!   issued at once and acknowledgeable only by its signed-in users.
//! - **outcome**: `pending → acknowledged` before the due time, `pending → no_response` at the
//!   due time, and `no_response → acknowledged` (late: kept, and marked so).
//!
//! The due time is the *issue* time plus the campaign's window (48 hours by default, A§8): the
//! handover for an e-mail (what the message tells the reader), the creation for an in-app
//! challenge, the bounce for a message no relay would take (its users may still answer in the
//! application). Storage enforces the same transitions with conditional updates; the functions
//! here are the rules, and the property test at the end checks them over any sequence of events.

use crate::codes::{EntryLanguage, PocRole};
use crate::contact::Email;
use crate::poc::PointOfContact;
use crate::states::StateCode;
use crate::text::CleanText;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::fmt;
use uuid::Uuid;

/// Annex A §8: "reply within 48 hours".
pub const DEFAULT_WINDOW: SignedDuration = SignedDuration::from_hours(48);
/// Longest window a campaign may have (a drill may be shorter; nothing sensible is longer).
pub const MAX_WINDOW: SignedDuration = SignedDuration::from_hours(30 * 24);
/// Attempts at handing a message to the relay before it counts as bounced.
pub const MAX_ATTEMPTS: u32 = 6;

macro_rules! words {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)+ _ => None }
            }
        }
        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }
    };
}

words! {
    /// Who started a campaign: the administrator (or the operator), or the schedule.
    CampaignTrigger { Manual = "manual", Scheduled = "scheduled" }
}
words! {
    /// Where a challenge's message is.
    Delivery {
        Queued = "queued",
        Claimed = "claimed",
        HandedOver = "handed_over",
        Sent = "sent",
        Bounced = "bounced",
        /// No e-mail address: the challenge waits in the application for the entry's users.
        InApp = "in_app",
    }
}
words! {
    /// Whether the POC answered.
    Outcome { Pending = "pending", NoResponse = "no_response", Acknowledged = "acknowledged" }
}
words! {
    /// How an acknowledgement came in.
    AckChannel { Link = "link", Reply = "reply", InApp = "in_app", Api = "api" }
}
words! {
    /// What a report says about one challenge (issue 4 item 8).
    PingStatus {
        Acknowledged = "acknowledged",
        Late = "late",
        NoResponse = "no_response",
        Bounced = "bounced",
        Pending = "pending",
    }
}
words! {
    /// How the administrator reached a state's authorities (A§8 "best efforts", PING-03).
    FollowUpMethod {
        Email = "email",
        Phone = "phone",
        NoteVerbale = "note_verbale",
        Letter = "letter",
        Meeting = "meeting",
        Other = "other",
    }
}
words! {
    /// What came of a follow-up.
    FollowUpOutcome {
        /// The authority promised to update the entry.
        UpdatePromised = "update_promised",
        /// The entry has been updated (or confirmed).
        Updated = "updated",
        NoAnswer = "no_answer",
        /// The authority could not be reached either.
        Unreachable = "unreachable",
        Other = "other",
    }
}

/// Which entries a campaign pings: all active entries of participating states, or those of
/// some states and/or one role.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignTarget {
    /// Empty: every participating state.
    pub states: Vec<StateCode>,
    pub role: Option<PocRole>,
}

impl CampaignTarget {
    /// Whether `poc` is pinged by this campaign (the caller checks participation).
    pub fn includes(&self, poc: &PointOfContact) -> bool {
        poc.is_active()
            && (self.states.is_empty() || self.states.contains(&poc.content.state))
            && self.role.is_none_or(|r| r == poc.content.role)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WindowProblem {
    NotPositive,
    TooLong,
}

/// The acknowledgement window a campaign may have.
pub fn check_window(window: SignedDuration) -> Result<SignedDuration, WindowProblem> {
    if window <= SignedDuration::ZERO {
        Err(WindowProblem::NotPositive)
    } else if window > MAX_WINDOW {
        Err(WindowProblem::TooLong)
    } else {
        Ok(window)
    }
}

/// One round of pings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingCampaign {
    pub id: Uuid,
    pub started_at: Timestamp,
    pub started_by: String,
    pub trigger: CampaignTrigger,
    pub target: CampaignTarget,
    pub window: SignedDuration,
    /// The schedule slot a scheduled campaign fills (unique: one campaign per slot).
    pub slot: Option<String>,
    /// When every challenge was answered or escalated; the sweep skips closed campaigns.
    pub closed_at: Option<Timestamp>,
}

/// The single-use secret of one challenge: 256 random bits written as 52 lowercase base32
/// letters (RFC 4648 alphabet), so it survives case-folding mail systems and fits a local
/// part (`ping-` + 52 ≤ 64). Only its SHA-256 is stored; the plaintext exists only in the
/// message sent to the POC.
#[derive(Clone, PartialEq, Eq)]
pub struct PingToken(String);

const BASE32: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
pub const TOKEN_CHARS: usize = 52;

impl PingToken {
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        let mut out = String::with_capacity(TOKEN_CHARS);
        let mut acc: u32 = 0;
        let mut bits = 0;
        for b in bytes {
            acc = (acc << 8) | u32::from(*b);
            bits += 8;
            while bits >= 5 {
                bits -= 5;
                out.push(char::from(BASE32[((acc >> bits) & 31) as usize]));
            }
        }
        if bits > 0 {
            out.push(char::from(BASE32[((acc << (5 - bits)) & 31) as usize]));
        }
        PingToken(out)
    }

    /// A token as typed or received: surrounding space ignored, any case. `None` for anything
    /// that is not the shape of a token (one neutral answer for altered and unknown tokens
    /// alike is the caller's business).
    pub fn parse(raw: &str) -> Option<Self> {
        let t = raw.trim();
        if t.len() != TOKEN_CHARS {
            return None;
        }
        let lower = t.to_ascii_lowercase();
        lower
            .bytes()
            .all(|b| BASE32.contains(&b))
            .then_some(PingToken(lower))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What is stored: SHA-256 of the token, hex.
    pub fn hash(&self) -> String {
        hex::encode(Sha256::digest(self.0.as_bytes()))
    }
}

impl fmt::Debug for PingToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A token never reaches a log through `{:?}`.
        f.write_str("PingToken(…)")
    }
}

/// The local part of the reply address of a challenge: `ping-{token}`.
pub fn reply_local_part(token: &PingToken) -> String {
    format!("ping-{}", token.as_str())
}

/// The check value in a bounce address, derived from the stored token hash so that a bounce
/// can be verified without the token, and cannot be forged by someone who only knows the
/// challenge's id.
fn bounce_tag(token_hash: &str) -> String {
    let h = hex::encode(Sha256::digest(
        format!("liaison-bounce\0{token_hash}").as_bytes(),
    ));
    h[..16].to_owned()
}

/// The envelope sender of a challenge (VERP): `bounce-{challenge}-{tag}`, so an asynchronous
/// bounce names the challenge it is about.
pub fn bounce_local_part(challenge: Uuid, token_hash: &str) -> String {
    format!("bounce-{}-{}", challenge.simple(), bounce_tag(token_hash))
}

/// Whether `tag` (from a bounce address) belongs to `token_hash`. Compared in full, without
/// stopping at the first difference.
pub fn bounce_tag_matches(token_hash: &str, tag: &str) -> bool {
    let want = bounce_tag(token_hash);
    want.len() == tag.len()
        && want
            .bytes()
            .zip(tag.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// What an inbound recipient's local part addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InboundAddress {
    /// A reply to a challenge.
    Reply(PingToken),
    /// A bounce of a challenge's message.
    Bounce { challenge: Uuid, tag: String },
}

/// Parse the local part of an address at the reply domain. Local parts are compared without
/// regard to case (mail systems fold them).
pub fn parse_inbound_local_part(local: &str) -> Option<InboundAddress> {
    let lower = local.to_ascii_lowercase();
    if let Some(t) = lower.strip_prefix("ping-") {
        return PingToken::parse(t).map(InboundAddress::Reply);
    }
    let rest = lower.strip_prefix("bounce-")?;
    let (id, tag) = rest.split_once('-')?;
    if id.len() != 32 || tag.len() != 16 || !tag.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let challenge = Uuid::try_parse(id).ok()?;
    Some(InboundAddress::Bounce {
        challenge,
        tag: tag.to_owned(),
    })
}

/// The delivery half of anything Liaison sends by e-mail (a ping's challenge, an escalation):
/// where the message is, who holds it, how often it failed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailDelivery {
    pub state: Delivery,
    /// Attempts at handing the message over that failed.
    pub attempts: u32,
    pub next_attempt_at: Option<Timestamp>,
    pub lease_owner: Option<String>,
    pub lease_until: Option<Timestamp>,
    pub handed_over_at: Option<Timestamp>,
    pub sent_at: Option<Timestamp>,
    pub bounced_at: Option<Timestamp>,
    pub bounce_reason: Option<String>,
    /// For a ping: issue time + window, `None` until the challenge is issued.
    pub due_at: Option<Timestamp>,
}

impl MailDelivery {
    /// A message waiting in the queue from `now`.
    pub fn queued(now: Timestamp) -> MailDelivery {
        MailDelivery {
            state: Delivery::Queued,
            attempts: 0,
            next_attempt_at: Some(now),
            lease_owner: None,
            lease_until: None,
            handed_over_at: None,
            sent_at: None,
            bounced_at: None,
            bounce_reason: None,
            due_at: None,
        }
    }
}

/// One POC's challenge in one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PingChallenge {
    pub id: Uuid,
    pub campaign: Uuid,
    pub poc: Uuid,
    /// Copied from the entry when the campaign started, for reports by state and role.
    pub state: StateCode,
    pub role: PocRole,
    /// The entry's addresses when the campaign started; empty for an in-app challenge.
    pub recipients: Vec<Email>,
    /// The entry's language then: the message is written in it, English below.
    pub language: EntryLanguage,
    pub created_at: Timestamp,
    pub mail: MailDelivery,
    pub outcome: Outcome,
    pub no_response_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub ack_channel: Option<AckChannel>,
    pub on_time: Option<bool>,
}

impl PingChallenge {
    /// A new challenge of a campaign started at `now`: queued when the entry has an address,
    /// else issued in the application at once.
    pub fn new(
        id: Uuid,
        campaign: &PingCampaign,
        poc: &PointOfContact,
        now: Timestamp,
    ) -> PingChallenge {
        let recipients = poc.content.emails.clone();
        let mut mail = MailDelivery::queued(now);
        if recipients.is_empty() {
            mail.state = Delivery::InApp;
            mail.next_attempt_at = None;
            mail.due_at = Some(add(now, campaign.window));
        }
        PingChallenge {
            id,
            campaign: campaign.id,
            poc: poc.id,
            state: poc.content.state,
            role: poc.content.role,
            recipients,
            language: poc.content.entry_language,
            created_at: now,
            mail,
            outcome: Outcome::Pending,
            no_response_at: None,
            acknowledged_at: None,
            ack_channel: None,
            on_time: None,
        }
    }

    pub fn due_at(&self) -> Option<Timestamp> {
        self.mail.due_at
    }

    /// Whether the POC has been asked (its due time runs).
    pub fn issued(&self) -> bool {
        self.mail.due_at.is_some()
    }

    pub fn status(&self) -> PingStatus {
        match (self.outcome, self.on_time, self.mail.state) {
            (Outcome::Acknowledged, Some(false), _) => PingStatus::Late,
            (Outcome::Acknowledged, _, _) => PingStatus::Acknowledged,
            (_, _, Delivery::Bounced) => PingStatus::Bounced,
            (Outcome::NoResponse, _, _) => PingStatus::NoResponse,
            (Outcome::Pending, _, _) => PingStatus::Pending,
        }
    }

    /// Answered neither on time nor late, once its time is up (escalation, unverified flag).
    pub fn unanswered(&self) -> bool {
        self.outcome == Outcome::NoResponse
    }

    /// When the POC was asked: the handover, the creation of an in-app challenge, or the
    /// bounce of a message no relay took.
    pub fn asked_at(&self) -> Option<Timestamp> {
        self.mail.handed_over_at.or(match self.mail.state {
            Delivery::InApp => Some(self.created_at),
            _ => self.mail.bounced_at,
        })
    }

    /// The challenge after a delivery event (see [`deliver`]).
    pub fn deliver(&self, ev: &DeliveryEvent) -> Result<PingChallenge, TransitionRefused> {
        let mut n = self.clone();
        n.mail = deliver(&self.mail, ev)?;
        Ok(n)
    }

    /// How long after being asked the POC answered.
    pub fn time_to_acknowledge(&self) -> Option<SignedDuration> {
        Some(self.acknowledged_at?.duration_since(self.asked_at()?))
    }
}

/// `t + d`, saturating at the end of time (a window is at most 30 days, so this never
/// saturates in practice).
fn add(t: Timestamp, d: SignedDuration) -> Timestamp {
    t.checked_add(d).unwrap_or(Timestamp::MAX)
}

/// Back-off before attempt `attempts + 1` after `attempts` temporary failures: 1, 2, 4, 8,
/// 16 minutes…, at most an hour.
pub fn retry_delay(attempts: u32) -> SignedDuration {
    let minutes = 1_i64 << attempts.saturating_sub(1).min(6);
    SignedDuration::from_mins(minutes.min(60))
}

/// Something that happens to a challenge's delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryEvent {
    /// A worker takes a queued challenge (or one whose lease ran out) until `until`.
    Claim {
        owner: String,
        now: Timestamp,
        until: Timestamp,
    },
    /// The message, token included, is about to be finished: commit before the final dot.
    HandOver {
        owner: String,
        now: Timestamp,
        due_at: Timestamp,
    },
    /// The relay took the finished message.
    Accepted { now: Timestamp },
    /// The relay could not take it now (before or after the handover). `window` is the
    /// campaign's, for when attempts run out and the challenge is issued in the application.
    TemporaryFailure {
        owner: String,
        now: Timestamp,
        window: SignedDuration,
    },
    /// The relay refused it for good (before or after the handover).
    PermanentFailure {
        owner: String,
        now: Timestamp,
        window: SignedDuration,
    },
    /// A delivery status notification arrived for a message the relay had taken.
    AsyncBounce { now: Timestamp },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionRefused {
    #[error("the challenge is not in a state where this can happen")]
    WrongState,
    #[error("another worker holds the challenge")]
    NotTheOwner,
}

/// The delivery rules. `Ok` is the delivery after the event.
pub fn deliver(c: &MailDelivery, ev: &DeliveryEvent) -> Result<MailDelivery, TransitionRefused> {
    let mut n = c.clone();
    let owned =
        |owner: &str| c.state == Delivery::Claimed && c.lease_owner.as_deref() == Some(owner);
    match ev {
        DeliveryEvent::Claim { owner, now, until } => {
            let claimable = match c.state {
                Delivery::Queued => c.next_attempt_at.is_none_or(|t| t <= *now),
                // A worker that died (or stalled past its lease) loses its claim; it never
                // handed the message over, so nothing was sent.
                Delivery::Claimed => c.lease_until.is_some_and(|t| t <= *now),
                _ => false,
            };
            if !claimable {
                return Err(TransitionRefused::WrongState);
            }
            n.state = Delivery::Claimed;
            n.lease_owner = Some(owner.clone());
            n.lease_until = Some(*until);
        }
        DeliveryEvent::HandOver { owner, now, due_at } => {
            if !owned(owner) {
                return Err(if c.state == Delivery::Claimed {
                    TransitionRefused::NotTheOwner
                } else {
                    TransitionRefused::WrongState
                });
            }
            if c.lease_until.is_none_or(|t| t <= *now) {
                return Err(TransitionRefused::NotTheOwner);
            }
            n.state = Delivery::HandedOver;
            n.handed_over_at = Some(*now);
            n.due_at = Some(*due_at);
            n.lease_owner = None;
            n.lease_until = None;
        }
        DeliveryEvent::Accepted { now } => {
            if c.state != Delivery::HandedOver {
                return Err(TransitionRefused::WrongState);
            }
            n.state = Delivery::Sent;
            n.sent_at = Some(*now);
        }
        DeliveryEvent::TemporaryFailure { owner, now, window } => {
            // Before the handover the worker still holds the claim; after it, the relay
            // refused the finished message (it was not taken, so it is sent again).
            let before = owned(owner);
            let after = c.state == Delivery::HandedOver;
            if !(before || after) {
                return Err(TransitionRefused::WrongState);
            }
            n.attempts = c.attempts.saturating_add(1);
            n.lease_owner = None;
            n.lease_until = None;
            if after {
                n.handed_over_at = None;
                n.due_at = None;
            }
            if n.attempts >= MAX_ATTEMPTS {
                n.state = Delivery::Bounced;
                n.bounced_at = Some(*now);
                n.next_attempt_at = None;
                n.due_at = Some(add(*now, *window));
            } else {
                n.state = Delivery::Queued;
                n.next_attempt_at = Some(add(*now, retry_delay(n.attempts)));
            }
        }
        DeliveryEvent::PermanentFailure { owner, now, window } => {
            let before = owned(owner);
            let after = c.state == Delivery::HandedOver;
            if !(before || after) {
                return Err(TransitionRefused::WrongState);
            }
            n.attempts = c.attempts.saturating_add(1);
            n.state = Delivery::Bounced;
            n.bounced_at = Some(*now);
            n.lease_owner = None;
            n.lease_until = None;
            n.next_attempt_at = None;
            // Never handed over: the POC is asked in the application from now on.
            if n.due_at.is_none() {
                n.due_at = Some(add(*now, *window));
            }
        }
        DeliveryEvent::AsyncBounce { now } => {
            if !matches!(c.state, Delivery::HandedOver | Delivery::Sent) {
                return Err(TransitionRefused::WrongState);
            }
            n.state = Delivery::Bounced;
            n.bounced_at = Some(*now);
        }
    }
    Ok(n)
}

/// An acknowledgement as recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Acknowledgement {
    pub at: Timestamp,
    pub channel: AckChannel,
    /// At or before the due time.
    pub on_time: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AckRefused {
    #[error("the challenge was acknowledged already")]
    AlreadyAcknowledged { at: Timestamp },
    /// The POC has not been asked yet (its message is still queued).
    #[error("the challenge has not been sent yet")]
    NotIssued,
}

/// The acknowledgement rule: once, after the challenge was issued; after the due time it is
/// kept and marked late (also when the challenge was marked `no_response` meanwhile).
pub fn acknowledge(
    c: &PingChallenge,
    now: Timestamp,
    channel: AckChannel,
) -> Result<Acknowledgement, AckRefused> {
    if let Some(at) = c.acknowledged_at {
        return Err(AckRefused::AlreadyAcknowledged { at });
    }
    let Some(due) = c.mail.due_at else {
        return Err(AckRefused::NotIssued);
    };
    Ok(Acknowledgement {
        at: now,
        channel,
        on_time: now <= due && c.outcome == Outcome::Pending,
    })
}

/// The challenge after an acknowledgement.
pub fn acknowledged(c: &PingChallenge, ack: &Acknowledgement) -> PingChallenge {
    let mut n = c.clone();
    n.outcome = Outcome::Acknowledged;
    n.acknowledged_at = Some(ack.at);
    n.ack_channel = Some(ack.channel);
    n.on_time = Some(ack.on_time);
    n
}

/// Whether the deadline sweep marks the challenge `no_response` at `now`.
pub fn past_deadline(c: &PingChallenge, now: Timestamp) -> bool {
    c.outcome == Outcome::Pending && c.mail.due_at.is_some_and(|d| d <= now)
}

/// The challenge after its deadline passed unanswered.
pub fn no_response(c: &PingChallenge, now: Timestamp) -> PingChallenge {
    let mut n = c.clone();
    n.outcome = Outcome::NoResponse;
    n.no_response_at = Some(now);
    n
}

/// An entry's last two challenges both went unanswered, both asked after the entry was last
/// confirmed (by its state, or by an acknowledged ping): it gets the `unverified` flag (issue 4
/// item 4). `history` is the entry's challenges, any order.
pub fn should_flag_unverified(
    history: &[(Timestamp, bool)],
    last_verified_at: Option<Timestamp>,
) -> bool {
    let mut recent: Vec<&(Timestamp, bool)> = history.iter().collect();
    recent.sort_by_key(|(started, _)| std::cmp::Reverse(*started));
    recent.len() >= 2
        && recent[..2].iter().all(|(started, unanswered)| {
            *unanswered && last_verified_at.is_none_or(|v| *started > v)
        })
}

/// Whether an entry's OpenPGP key needs attention (issue 4 item 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "status", content = "at")]
pub enum KeyStatus {
    NoKey,
    Valid,
    /// It will have expired by the next campaign.
    ExpiresBeforeNextCampaign(Timestamp),
    Expired(Timestamp),
}

pub fn key_status(poc: &PointOfContact, now: Timestamp, next_campaign: Timestamp) -> KeyStatus {
    let Some(key) = &poc.content.openpgp_key else {
        return KeyStatus::NoKey;
    };
    match key.expires_at {
        Some(at) if key.is_expired(now) => KeyStatus::Expired(at),
        Some(at) if key.expires_before(next_campaign) => KeyStatus::ExpiresBeforeNextCampaign(at),
        _ => KeyStatus::Valid,
    }
}

/// When campaigns start on their own: every N calendar months (slots begin on the first of a
/// month, counted from January, at midnight UTC: "6mo" → 1 January and 1 July), or every fixed
/// duration counted from the Unix epoch (drills and tests: "30s", "1d").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PingSchedule {
    Months(u8),
    Every(SignedDuration),
}

/// One slot of a schedule: the key stored (unique) and when it began.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleSlot {
    pub key: String,
    pub starts_at: Timestamp,
    pub next_starts_at: Timestamp,
}

impl PingSchedule {
    pub const DEFAULT: PingSchedule = PingSchedule::Months(6);

    /// `6mo`, `12mo`, or a duration such as `30s`, `12h`, `7d`; `None` when malformed.
    /// (`off` is the caller's business.)
    pub fn parse(s: &str) -> Option<Self> {
        if let Some(n) = s.strip_suffix("mo") {
            let n: u8 = n.parse().ok()?;
            return (1..=12).contains(&n).then_some(PingSchedule::Months(n));
        }
        let (digits, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
        let n: i64 = digits.parse().ok()?;
        let secs = match unit {
            "s" => n,
            "m" => n.checked_mul(60)?,
            "h" => n.checked_mul(3600)?,
            "d" => n.checked_mul(86_400)?,
            _ => return None,
        };
        (secs > 0).then(|| PingSchedule::Every(SignedDuration::from_secs(secs)))
    }

    pub fn label(&self) -> String {
        match self {
            PingSchedule::Months(n) => format!("{n}mo"),
            PingSchedule::Every(d) => format!("{}s", d.as_secs()),
        }
    }

    /// The slot `now` falls in.
    pub fn slot(&self, now: Timestamp) -> ScheduleSlot {
        match *self {
            PingSchedule::Months(n) => {
                let dt = now.to_zoned(jiff::tz::TimeZone::UTC);
                let n = i32::from(n.max(1));
                let index = (i32::from(dt.year()) * 12 + i32::from(dt.month()) - 1).div_euclid(n);
                let month_start = |i: i32| {
                    let m = i * n;
                    let (y, mo) = (m.div_euclid(12), m.rem_euclid(12) + 1);
                    i16::try_from(y)
                        .ok()
                        .and_then(|y| {
                            jiff::civil::date(y, i8::try_from(mo).ok()?, 1)
                                .to_zoned(jiff::tz::TimeZone::UTC)
                                .ok()
                        })
                        .map_or(Timestamp::MAX, |z| z.timestamp())
                };
                ScheduleSlot {
                    key: format!("{}:{index}", self.label()),
                    starts_at: month_start(index),
                    next_starts_at: month_start(index + 1),
                }
            }
            PingSchedule::Every(d) => {
                let len = d.as_secs().max(1);
                let index = now.as_second().div_euclid(len);
                let at = |i: i64| {
                    i.checked_mul(len)
                        .and_then(|s| Timestamp::from_second(s).ok())
                        .unwrap_or(Timestamp::MAX)
                };
                ScheduleSlot {
                    key: format!("{}:{index}", self.label()),
                    starts_at: at(index),
                    next_starts_at: at(index + 1),
                }
            }
        }
    }
}

/// An entry in the follow-up log (A§8: the administrator makes best efforts to contact the
/// competent authorities of a state whose POCs did not answer).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: Uuid,
    pub state: StateCode,
    /// The campaign that prompted it, if any.
    pub campaign: Option<Uuid>,
    /// The entry it concerns, if one.
    pub poc: Option<Uuid>,
    /// Who recorded it (the audit actor).
    pub recorded_by: String,
    pub recorded_at: Timestamp,
    /// When the contact happened.
    pub contacted_at: Timestamp,
    /// The authority contacted (e.g. the permanent mission, the national CERT).
    pub authority: CleanText,
    pub method: FollowUpMethod,
    pub outcome: FollowUpOutcome,
    pub note: Option<CleanText>,
}

/// The escalation of one state's unanswered challenges in one campaign (A§8: the directory
/// manager contacts the state's competent authorities). One per campaign and state.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    pub id: Uuid,
    pub campaign: Uuid,
    pub state: StateCode,
    pub created_at: Timestamp,
    /// The entries that did not answer.
    pub unanswered: Vec<Uuid>,
    /// How many of the state's administrators were e-mailed; 0 means the state has no
    /// reachable administrator (shown as such to the directory administrator).
    pub administrators: u32,
}

/// Longest authority name and note of a follow-up, in characters.
pub const MAX_AUTHORITY_CHARS: usize = 500;
pub const MAX_NOTE_CHARS: usize = 2000;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::codes::{EntryLanguage, PocKind};
    use crate::poc::{PocContent, PocStatus};
    use proptest::prelude::*;

    fn t(secs: i64) -> Timestamp {
        Timestamp::from_second(1_800_000_000 + secs).unwrap()
    }

    fn entry(emails: &[&str]) -> PointOfContact {
        PointOfContact {
            id: Uuid::from_u128(7),
            content: PocContent {
                state: StateCode::parse("FR").unwrap(),
                role: PocRole::Technical,
                kind: PocKind::Entity,
                entity_name: CleanText::from_trusted("CERT-FR"),
                person_name: None,
                title: None,
                phones: vec![],
                emails: emails.iter().map(|e| Email::parse(e).unwrap()).collect(),
                working_languages: vec![],
                entry_language: EntryLanguage::Fr,
                translation_en: None,
                time_zone: None,
                availability: None,
                openpgp_key: None,
                external_ref: None,
            },
            status: PocStatus::Active,
            flags: vec![],
            revision: 1,
            created_at: t(0),
            updated_at: t(0),
            retired_at: None,
            last_verified_at: Some(t(0)),
        }
    }

    fn campaign() -> PingCampaign {
        PingCampaign {
            id: Uuid::from_u128(1),
            started_at: t(0),
            started_by: "test".into(),
            trigger: CampaignTrigger::Manual,
            target: CampaignTarget::default(),
            window: DEFAULT_WINDOW,
            slot: None,
            closed_at: None,
        }
    }

    fn queued() -> PingChallenge {
        PingChallenge::new(
            Uuid::from_u128(2),
            &campaign(),
            &entry(&["cert@ssi.fr.example"]),
            t(0),
        )
    }

    #[test]
    fn tokens_round_trip_and_fold_case() {
        let token = PingToken::from_bytes(&[0xA5; 32]);
        assert_eq!(token.as_str().len(), TOKEN_CHARS);
        assert!(
            token
                .as_str()
                .bytes()
                .all(|b| b.is_ascii_lowercase() || (b'2'..=b'7').contains(&b))
        );
        let upper = token.as_str().to_ascii_uppercase();
        assert_eq!(PingToken::parse(&upper), Some(token.clone()));
        assert_eq!(
            PingToken::parse(&format!(" {} ", token.as_str())),
            Some(token.clone())
        );
        assert_eq!(PingToken::parse(&token.as_str()[1..]), None);
        assert_eq!(
            PingToken::parse(&format!("{}1", &token.as_str()[1..])),
            None
        );
        assert_eq!(token.hash().len(), 64);
        assert_ne!(PingToken::from_bytes(&[0; 32]).hash(), token.hash());
        assert!(!format!("{token:?}").contains(token.as_str()));
        // Known answer: 32 zero bytes are 52 'a's.
        assert_eq!(PingToken::from_bytes(&[0; 32]).as_str(), "a".repeat(52));
    }

    #[test]
    fn inbound_addresses() {
        let token = PingToken::from_bytes(&[9; 32]);
        let local = reply_local_part(&token);
        assert!(local.len() <= 64);
        assert_eq!(
            parse_inbound_local_part(&local.to_ascii_uppercase()),
            Some(InboundAddress::Reply(token.clone()))
        );
        let id = Uuid::from_u128(0xdead_beef);
        let bounce = bounce_local_part(id, &token.hash());
        assert!(bounce.len() <= 64);
        let Some(InboundAddress::Bounce { challenge, tag }) = parse_inbound_local_part(&bounce)
        else {
            panic!("{bounce}")
        };
        assert_eq!(challenge, id);
        assert!(bounce_tag_matches(&token.hash(), &tag));
        assert!(!bounce_tag_matches(
            &PingToken::from_bytes(&[8; 32]).hash(),
            &tag
        ));
        for bad in [
            "postmaster",
            "ping-",
            "ping-xyz",
            "bounce-1-2",
            "bounce-",
            "",
        ] {
            assert_eq!(parse_inbound_local_part(bad), None, "{bad}");
        }
    }

    #[test]
    fn an_entry_without_email_is_asked_in_the_application() {
        let c = PingChallenge::new(Uuid::from_u128(3), &campaign(), &entry(&[]), t(0));
        assert_eq!(c.mail.state, Delivery::InApp);
        assert_eq!(c.mail.due_at, Some(t(48 * 3600)));
        assert!(c.issued());
        let ack = acknowledge(&c, t(60), AckChannel::InApp).unwrap();
        assert!(ack.on_time);
    }

    #[test]
    fn a_message_goes_out_once_and_is_due_from_its_handover() {
        let c = queued();
        assert_eq!(
            acknowledge(&c, t(1), AckChannel::Link),
            Err(AckRefused::NotIssued)
        );
        let claim = DeliveryEvent::Claim {
            owner: "w1".into(),
            now: t(1),
            until: t(31),
        };
        let c = c.deliver(&claim).unwrap();
        // Another worker cannot take it while the lease runs, nor hand it over.
        let other = DeliveryEvent::Claim {
            owner: "w2".into(),
            now: t(2),
            until: t(32),
        };
        assert_eq!(c.deliver(&other), Err(TransitionRefused::WrongState));
        let steal = DeliveryEvent::HandOver {
            owner: "w2".into(),
            now: t(3),
            due_at: t(3 + 48 * 3600),
        };
        assert_eq!(c.deliver(&steal), Err(TransitionRefused::NotTheOwner));
        let hand = DeliveryEvent::HandOver {
            owner: "w1".into(),
            now: t(3),
            due_at: t(3 + 48 * 3600),
        };
        let c = c.deliver(&hand).unwrap();
        assert_eq!(c.mail.state, Delivery::HandedOver);
        assert_eq!(c.deliver(&hand), Err(TransitionRefused::WrongState));
        let c = c.deliver(&DeliveryEvent::Accepted { now: t(4) }).unwrap();
        assert_eq!(c.mail.state, Delivery::Sent);
        // On time up to the due time, then late; once only.
        let ack = acknowledge(&c, t(3 + 48 * 3600), AckChannel::Link).unwrap();
        assert!(ack.on_time);
        let done = acknowledged(&c, &ack);
        assert_eq!(done.status(), PingStatus::Acknowledged);
        assert_eq!(
            acknowledge(&done, t(5 + 48 * 3600), AckChannel::Reply),
            Err(AckRefused::AlreadyAcknowledged {
                at: t(3 + 48 * 3600)
            })
        );
        let late = acknowledge(&c, t(4 + 48 * 3600), AckChannel::Link).unwrap();
        assert!(!late.on_time);
        assert_eq!(acknowledged(&c, &late).status(), PingStatus::Late);
    }

    #[test]
    fn an_expired_lease_frees_the_challenge_and_the_late_worker_sends_nothing() {
        let c = queued();
        let c = c
            .deliver(&DeliveryEvent::Claim {
                owner: "dead".into(),
                now: t(1),
                until: t(31),
            })
            .unwrap();
        let late_handover = DeliveryEvent::HandOver {
            owner: "dead".into(),
            now: t(40),
            due_at: t(40),
        };
        assert!(c.deliver(&late_handover).is_err());
        let c = c
            .deliver(&DeliveryEvent::Claim {
                owner: "alive".into(),
                now: t(40),
                until: t(70),
            })
            .unwrap();
        assert_eq!(c.mail.lease_owner.as_deref(), Some("alive"));
    }

    #[test]
    fn temporary_failures_back_off_then_bounce() {
        let mut c = queued();
        for attempt in 1..=MAX_ATTEMPTS {
            let now = c.mail.next_attempt_at.unwrap();
            c = c
                .deliver(&DeliveryEvent::Claim {
                    owner: "w".into(),
                    now,
                    until: add(now, SignedDuration::from_secs(30)),
                })
                .unwrap();
            c = c
                .deliver(&DeliveryEvent::TemporaryFailure {
                    owner: "w".into(),
                    now,
                    window: DEFAULT_WINDOW,
                })
                .unwrap();
            assert_eq!(c.mail.attempts, attempt);
            if attempt < MAX_ATTEMPTS {
                assert_eq!(c.mail.state, Delivery::Queued);
                assert_eq!(
                    c.mail.next_attempt_at.unwrap().duration_since(now),
                    retry_delay(attempt)
                );
            }
        }
        assert_eq!(c.mail.state, Delivery::Bounced);
        assert_eq!(c.status(), PingStatus::Bounced);
        // Its users may still answer in the application.
        assert!(c.issued());
        assert_eq!(retry_delay(1), SignedDuration::from_mins(1));
        assert_eq!(retry_delay(2), SignedDuration::from_mins(2));
        assert_eq!(retry_delay(30), SignedDuration::from_mins(60));
    }

    #[test]
    fn deadline_then_late_acknowledgement() {
        let c = queued();
        let c = c
            .deliver(&DeliveryEvent::Claim {
                owner: "w".into(),
                now: t(0),
                until: t(30),
            })
            .unwrap();
        let c = c
            .deliver(&DeliveryEvent::HandOver {
                owner: "w".into(),
                now: t(1),
                due_at: t(100),
            })
            .unwrap();
        assert!(!past_deadline(&c, t(99)));
        assert!(past_deadline(&c, t(100)));
        let c = no_response(&c, t(100));
        assert_eq!(c.status(), PingStatus::NoResponse);
        assert!(c.unanswered());
        assert!(!past_deadline(&c, t(200)));
        let ack = acknowledge(&c, t(150), AckChannel::Reply).unwrap();
        assert!(!ack.on_time);
        let c = acknowledged(&c, &ack);
        assert_eq!(c.status(), PingStatus::Late);
        assert_eq!(
            c.time_to_acknowledge(),
            Some(SignedDuration::from_secs(149))
        );
    }

    #[test]
    fn unverified_after_two_unanswered_campaigns_since_the_last_confirmation() {
        assert!(!should_flag_unverified(&[(t(10), true)], None));
        assert!(should_flag_unverified(
            &[(t(10), true), (t(20), true)],
            None
        ));
        assert!(!should_flag_unverified(
            &[(t(10), false), (t(20), true)],
            None
        ));
        // The newest two count, in any order given.
        assert!(should_flag_unverified(
            &[(t(30), true), (t(10), false), (t(20), true)],
            None
        ));
        // The state confirmed the entry between the two campaigns.
        assert!(!should_flag_unverified(
            &[(t(10), true), (t(20), true)],
            Some(t(15))
        ));
        assert!(should_flag_unverified(
            &[(t(10), true), (t(20), true)],
            Some(t(5))
        ));
    }

    #[test]
    fn schedules() {
        assert_eq!(PingSchedule::parse("6mo"), Some(PingSchedule::Months(6)));
        assert_eq!(
            PingSchedule::parse("30s"),
            Some(PingSchedule::Every(SignedDuration::from_secs(30)))
        );
        for bad in ["", "0s", "13mo", "0mo", "6", "mo", "5x", "-3s"] {
            assert_eq!(PingSchedule::parse(bad), None, "{bad}");
        }
        let s = PingSchedule::Months(6);
        let a = s.slot("2026-03-15T10:00:00Z".parse().unwrap());
        assert_eq!(a.starts_at, "2026-01-01T00:00:00Z".parse().unwrap());
        assert_eq!(a.next_starts_at, "2026-07-01T00:00:00Z".parse().unwrap());
        let b = s.slot("2026-06-30T23:59:59Z".parse().unwrap());
        assert_eq!(a.key, b.key);
        let c = s.slot("2026-07-01T00:00:00Z".parse().unwrap());
        assert_ne!(a.key, c.key);
        assert_eq!(c.next_starts_at, "2027-01-01T00:00:00Z".parse().unwrap());
        let e = PingSchedule::Every(SignedDuration::from_secs(30));
        let x = e.slot(Timestamp::from_second(61).unwrap());
        assert_eq!(x.starts_at, Timestamp::from_second(60).unwrap());
        assert_eq!(x.next_starts_at, Timestamp::from_second(90).unwrap());
    }

    #[test]
    fn windows() {
        assert_eq!(check_window(DEFAULT_WINDOW), Ok(DEFAULT_WINDOW));
        assert_eq!(
            check_window(SignedDuration::ZERO),
            Err(WindowProblem::NotPositive)
        );
        assert_eq!(
            check_window(MAX_WINDOW + SignedDuration::from_secs(1)),
            Err(WindowProblem::TooLong)
        );
    }

    #[derive(Debug, Clone)]
    enum Step {
        Claim(u8),
        HandOver(u8),
        Accepted,
        Temporary(u8),
        Permanent(u8),
        Bounce,
        Ack,
        Deadline,
        Wait(u16),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (0u8..3).prop_map(Step::Claim),
            (0u8..3).prop_map(Step::HandOver),
            Just(Step::Accepted),
            (0u8..3).prop_map(Step::Temporary),
            (0u8..3).prop_map(Step::Permanent),
            Just(Step::Bounce),
            Just(Step::Ack),
            Just(Step::Deadline),
            (1u16..2000).prop_map(Step::Wait),
        ]
    }

    proptest! {
        /// Over any sequence of events: a message is never handed over twice unless the relay
        /// explicitly refused the first one; nothing is acknowledged before it was issued; an
        /// acknowledgement happens once and is never undone; an on-time acknowledgement is at
        /// or before the due time.
        #[test]
        fn the_lifecycle_holds_its_invariants(steps in proptest::collection::vec(step(), 0..60)) {
            let mut c = queued();
            let mut now = t(0);
            let mut live_handovers = 0u32;
            let mut acks = 0u32;
            for s in steps {
                let owner = |w: u8| format!("w{w}");
                match s {
                    Step::Wait(secs) => now = add(now, SignedDuration::from_secs(i64::from(secs) * 60)),
                    Step::Claim(w) => {
                        if let Ok(n) = c.deliver(&DeliveryEvent::Claim { owner: owner(w), now, until: add(now, SignedDuration::from_secs(300)) }) {
                            prop_assert!(n.mail.handed_over_at.is_none() || c.mail.handed_over_at.is_none());
                            c = n;
                        }
                    }
                    Step::HandOver(w) => {
                        if let Ok(n) = c.deliver(&DeliveryEvent::HandOver { owner: owner(w), now, due_at: add(now, DEFAULT_WINDOW) }) {
                            live_handovers += 1;
                            prop_assert!(live_handovers <= 1, "a second live handover");
                            c = n;
                        }
                    }
                    Step::Accepted => {
                        if let Ok(n) = c.deliver(&DeliveryEvent::Accepted { now }) { c = n; }
                    }
                    Step::Temporary(w) => {
                        let was_handed_over = c.mail.state == Delivery::HandedOver;
                        if let Ok(n) = c.deliver(&DeliveryEvent::TemporaryFailure { owner: owner(w), now, window: DEFAULT_WINDOW }) {
                            if was_handed_over {
                                // The relay refused it: nothing was delivered.
                                live_handovers -= 1;
                            }
                            c = n;
                        }
                    }
                    Step::Permanent(w) => {
                        if let Ok(n) = c.deliver(&DeliveryEvent::PermanentFailure { owner: owner(w), now, window: DEFAULT_WINDOW }) { c = n; }
                    }
                    Step::Bounce => {
                        if let Ok(n) = c.deliver(&DeliveryEvent::AsyncBounce { now }) { c = n; }
                    }
                    Step::Ack => {
                        match acknowledge(&c, now, AckChannel::Link) {
                            Ok(a) => {
                                prop_assert!(c.issued(), "acknowledged before it was issued");
                                prop_assert!(!a.on_time || c.mail.due_at.is_some_and(|d| now <= d));
                                acks += 1;
                                c = acknowledged(&c, &a);
                            }
                            Err(AckRefused::NotIssued) => prop_assert!(!c.issued()),
                            Err(AckRefused::AlreadyAcknowledged { .. }) => prop_assert!(acks == 1),
                        }
                    }
                    Step::Deadline => {
                        if past_deadline(&c, now) { c = no_response(&c, now); }
                    }
                }
                prop_assert!(acks <= 1);
                if acks == 1 {
                    prop_assert_eq!(c.outcome, Outcome::Acknowledged);
                }
                // A message that is out (or refused for good) is never claimed again.
                if matches!(c.mail.state, Delivery::HandedOver | Delivery::Sent | Delivery::Bounced) {
                    prop_assert!(c.mail.lease_owner.is_none());
                }
                prop_assert!(c.mail.attempts <= MAX_ATTEMPTS);
            }
        }
    }
}

//! Inquiry threads between POCs (Annex A §9–11, issue 5, COM-01…COM-13): what the server knows
//! about an exchange it cannot read.
//!
//! A thread starts with an inquiry from one POC entry (the sender) to one or more POC entries
//! of the same role in other states (COM-01, invariant 4). Every message is end-to-end
//! encrypted (`sealed.rs`); the server keeps only the metadata below: who wrote to whom, when,
//! urgency and respond-by, the exercise flag, the kind of each message, the per-recipient
//! progress and the thread's closure.
//!
//! Progress of each recipient is a state machine with timestamps,
//! `sent → delivered → acknowledged → responded`, and the thread as a whole can be `closed`:
//!
//! - `delivered`: a device of the recipient fetched the thread while a copy of the inquiry was
//!   encrypted to the recipient's key (a recipient whose entry has no usable key is "awaiting
//!   key" and stays `sent`: it cannot receive content until it has one);
//! - `acknowledged`: the recipient acknowledged receipt. **An acknowledgement never implies
//!   agreement** with the content, nor prejudices the recipient state's position (Annex A §10,
//!   COM-07): it is a receipt, modelled apart from any response, and every adapter shows the
//!   statements of [`ANNEX_A_10_NOTICE`] with it;
//! - `responded`: the recipient sent a response (a substantive one, or word that the inquiry
//!   will be considered);
//! - closing the thread ends it for everyone; nothing can be added after.
//!
//! Stages only move forward, each is reached once, and a later stage never fills in an earlier
//! one's time (a response without an acknowledgement stays without one).

use crate::PocRole;
use crate::codes::vocabulary;
use crate::permission::{Principal, Role};
use crate::states::StateCode;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

/// The statements of Annex A §10 (COM-07, IR-13) that every adapter shows with every inquiry,
/// response and acknowledgement, as Fluent message ids: in one place so that no adapter forgets
/// one.
pub const ANNEX_A_10_NOTICE: [&str; 2] =
    ["thread-notice-acknowledgement", "thread-notice-territory"];

/// The label every screen, e-mail and export puts on an exercise thread (issue 5 item 10).
pub const EXERCISE_LABEL: &str = "thread-exercise-label";

/// Most recipients of one inquiry.
pub const MAX_RECIPIENTS: usize = 50;
/// Farthest a respond-by time may lie ahead.
pub const MAX_RESPOND_BY: SignedDuration = SignedDuration::from_hours(366 * 24);

vocabulary! {
    /// How time-sensitive an inquiry is (appendix, inquiry step 3). Drives notifications.
    Urgency { Low = "low", Normal = "normal", High = "high", Critical = "critical" }
}

vocabulary! {
    /// The kind of a message in a thread. The kind is metadata; everything a message says is
    /// inside its ciphertext.
    MessageKind {
        Inquiry = "inquiry",
        Response = "response",
        Acknowledgement = "acknowledgement",
        CoordinationNote = "coordination_note",
        ConsentRequest = "consent_request",
        ConsentDecision = "consent_decision",
        Forwarded = "forwarded",
    }
}

vocabulary! {
    /// How far one recipient has come. The order of the variants is the order of the stages.
    Stage {
        Sent = "sent",
        Delivered = "delivered",
        Acknowledged = "acknowledged",
        Responded = "responded",
    }
}

vocabulary! {
    /// The state of a thread as a whole: closed, or the furthest stage any recipient reached.
    ThreadState {
        Sent = "sent",
        Delivered = "delivered",
        Acknowledged = "acknowledged",
        Responded = "responded",
        Closed = "closed",
    }
}

vocabulary! {
    /// A participant's answer to a request for consent to forward (A§11).
    ConsentAnswer { Granted = "granted", Refused = "refused" }
}

vocabulary! {
    /// Where a request for consent stands.
    ConsentStatus { Pending = "pending", Granted = "granted", Refused = "refused", Used = "used" }
}

vocabulary! {
    /// What an in-app notification tells a POC.
    NotificationKind {
        NewInquiry = "new_inquiry",
        NewResponse = "new_response",
        NewAcknowledgement = "new_acknowledgement",
        NewNote = "new_note",
        ConsentRequested = "consent_requested",
        ConsentDecided = "consent_decided",
        ThreadClosed = "thread_closed",
        KeyNeeded = "key_needed",
        RecipientKeyAvailable = "recipient_key_available",
        ContentReencrypted = "content_reencrypted",
        StateThreadOpened = "state_thread_opened",
    }
}

vocabulary! {
    /// Whether a notification should also go out by e-mail. The mail worker moves `pending`
    /// ones once, to `queued` (in the mail outbox, one message per address of the entry) or
    /// `no_address`; the in-app notification stands on its own.
    EmailStatus {
        NotRequested = "not_requested",
        Pending = "pending",
        Queued = "queued",
        NoAddress = "no_address",
    }
}

impl Urgency {
    /// Urgent inquiries also reach the POC by e-mail, not only when they next sign in.
    pub fn emails(self) -> bool {
        matches!(self, Urgency::High | Urgency::Critical)
    }
}

impl NotificationKind {
    /// Whether this notification, for a thread of `urgency`, should also be e-mailed. A POC
    /// without a key cannot read anything in the application until it publishes one, so it
    /// is always told by e-mail as well.
    pub fn email(self, urgency: Urgency) -> EmailStatus {
        let mail = match self {
            NotificationKind::KeyNeeded => true,
            NotificationKind::NewInquiry
            | NotificationKind::NewResponse
            | NotificationKind::ConsentRequested
            | NotificationKind::RecipientKeyAvailable => urgency.emails(),
            _ => false,
        };
        if mail {
            EmailStatus::Pending
        } else {
            EmailStatus::NotRequested
        }
    }

    /// The Fluent message id that says this to a person.
    pub fn message_id(self) -> &'static str {
        match self {
            NotificationKind::NewInquiry => "notification-new-inquiry",
            NotificationKind::NewResponse => "notification-new-response",
            NotificationKind::NewAcknowledgement => "notification-new-acknowledgement",
            NotificationKind::NewNote => "notification-new-note",
            NotificationKind::ConsentRequested => "notification-consent-requested",
            NotificationKind::ConsentDecided => "notification-consent-decided",
            NotificationKind::ThreadClosed => "notification-thread-closed",
            NotificationKind::KeyNeeded => "notification-key-needed",
            NotificationKind::RecipientKeyAvailable => "notification-recipient-key-available",
            NotificationKind::ContentReencrypted => "notification-content-reencrypted",
            NotificationKind::StateThreadOpened => "notification-state-thread-opened",
        }
    }
}

/// The progress of one recipient, with the time each stage was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub sent_at: Timestamp,
    pub delivered_at: Option<Timestamp>,
    pub acknowledged_at: Option<Timestamp>,
    pub responded_at: Option<Timestamp>,
}

impl Progress {
    pub fn new(sent_at: Timestamp) -> Self {
        Progress {
            sent_at,
            delivered_at: None,
            acknowledged_at: None,
            responded_at: None,
        }
    }

    /// The furthest stage reached.
    pub fn stage(&self) -> Stage {
        if self.responded_at.is_some() {
            Stage::Responded
        } else if self.acknowledged_at.is_some() {
            Stage::Acknowledged
        } else if self.delivered_at.is_some() {
            Stage::Delivered
        } else {
            Stage::Sent
        }
    }

    pub fn reached(&self, stage: Stage) -> Option<Timestamp> {
        match stage {
            Stage::Sent => Some(self.sent_at),
            Stage::Delivered => self.delivered_at,
            Stage::Acknowledged => self.acknowledged_at,
            Stage::Responded => self.responded_at,
        }
    }

    fn set(&mut self, stage: Stage, at: Timestamp) {
        let slot = match stage {
            Stage::Sent => return,
            Stage::Delivered => &mut self.delivered_at,
            Stage::Acknowledged => &mut self.acknowledged_at,
            Stage::Responded => &mut self.responded_at,
        };
        if slot.is_none() {
            *slot = Some(at);
        }
    }
}

/// One POC entry taking part in a thread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    pub poc: Uuid,
    pub state: StateCode,
    pub role: PocRole,
    pub is_sender: bool,
    /// `None` for the sender; every recipient has one.
    pub progress: Option<Progress>,
    /// Some message of the thread has no copy encrypted to this participant's key: it cannot
    /// read it until it has a key and someone re-encrypts.
    pub awaiting_key: bool,
}

/// Who closed a thread, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub at: Timestamp,
    pub by: Uuid,
    pub actor: String,
}

/// What the server knows about a thread (never its content).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Thread {
    pub id: Uuid,
    /// The role of every participant (COM-01).
    pub role: PocRole,
    pub urgency: Urgency,
    pub respond_by: Option<Timestamp>,
    /// An exercise: labelled everywhere, left out of real statistics.
    pub exercise: bool,
    pub created_at: Timestamp,
    /// The audit label of the person who sent the inquiry.
    pub created_by: String,
    /// The sender's entry.
    pub sender: Uuid,
    /// The sender first, then the recipients in the order they were addressed.
    pub participants: Vec<Participant>,
    pub closed: Option<Closure>,
    /// Set on a thread made by forwarding another thread's content with consent (A§11).
    pub forwarded_from: Option<Uuid>,
    /// Number of messages (coordination notes included) and the time of the newest.
    pub message_count: u32,
    pub last_activity_at: Timestamp,
}

/// How a principal stands towards one thread: the fact the permission policy decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadScope {
    /// The principal acts for one of the thread's POC entries.
    Participant,
    /// The principal is of a state that takes part, but not (for a POC) one of its entries.
    OwnState,
    /// Anyone else, the directory administrator included.
    Unrelated,
}

/// Something a participant does that may move the thread's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadEvent {
    /// A device of the participant fetched the thread (content delivered when a copy is
    /// encrypted to its key).
    Fetched,
    Acknowledged,
    Responded,
    /// Any other message (a follow-up, a consent request, a re-encrypted copy, a note by a
    /// participant): only needs the thread to be open.
    Wrote,
    Closed,
}

/// A change of state, recorded with its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transition {
    Reached { poc: Uuid, stage: Stage },
    Closed { poc: Uuid },
}

/// Why a thread operation is refused. `code()` is the stable API error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ThreadError {
    #[error("the thread is closed")]
    Closed,
    #[error("not a participant of the thread")]
    NotParticipant,
    #[error("only a recipient of the inquiry can do this")]
    NotARecipient,
    #[error("the inquiry has not been delivered to this recipient yet")]
    NotDelivered,
    #[error("receipt has already been acknowledged")]
    AlreadyAcknowledged,
    #[error("this recipient has no usable key yet and cannot receive content")]
    AwaitingKey,
    #[error("forwarding needs the consent of every other participant")]
    ConsentRequired,
    #[error("the request for consent is no longer pending")]
    ConsentNotPending,
    #[error("this participant has already answered the request")]
    AlreadyDecided,
    #[error("the participant who asked for consent does not answer its own request")]
    OwnRequest,
    #[error("nobody in this message is waiting for a key that has since been published")]
    NothingToReencrypt,
}

impl ThreadError {
    pub fn code(self) -> &'static str {
        match self {
            ThreadError::Closed => "thread_closed",
            ThreadError::NotParticipant => "not_participant",
            ThreadError::NotARecipient => "not_a_recipient",
            ThreadError::NotDelivered => "not_delivered",
            ThreadError::AlreadyAcknowledged => "receipt_already_acknowledged",
            ThreadError::AwaitingKey => "awaiting_key",
            ThreadError::ConsentRequired => "consent_required",
            ThreadError::ConsentNotPending => "consent_not_pending",
            ThreadError::AlreadyDecided => "already_decided",
            ThreadError::OwnRequest => "own_request",
            ThreadError::NothingToReencrypt => "nothing_to_reencrypt",
        }
    }
}

impl fmt::Display for ThreadScope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ThreadScope::Participant => "participant",
            ThreadScope::OwnState => "own_state",
            ThreadScope::Unrelated => "unrelated",
        })
    }
}

impl Thread {
    pub fn participant(&self, poc: Uuid) -> Option<&Participant> {
        self.participants.iter().find(|p| p.poc == poc)
    }

    pub fn is_participant(&self, poc: Uuid) -> bool {
        self.participant(poc).is_some()
    }

    pub fn recipients(&self) -> impl Iterator<Item = &Participant> {
        self.participants.iter().filter(|p| !p.is_sender)
    }

    /// The states taking part (sender's first), without repetition.
    pub fn states(&self) -> Vec<StateCode> {
        let mut out: Vec<StateCode> = Vec::new();
        for p in &self.participants {
            if !out.contains(&p.state) {
                out.push(p.state);
            }
        }
        out
    }

    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    /// Closed, or the furthest stage any recipient reached.
    pub fn state(&self) -> ThreadState {
        if self.closed.is_some() {
            return ThreadState::Closed;
        }
        let furthest = self
            .recipients()
            .filter_map(|p| p.progress.as_ref().map(Progress::stage))
            .max()
            .unwrap_or(Stage::Sent);
        match furthest {
            Stage::Sent => ThreadState::Sent,
            Stage::Delivered => ThreadState::Delivered,
            Stage::Acknowledged => ThreadState::Acknowledged,
            Stage::Responded => ThreadState::Responded,
        }
    }

    /// How `p` stands towards this thread.
    pub fn scope_for(&self, p: &Principal) -> ThreadScope {
        match p.role {
            Role::Poc => {
                if p.poc.is_some_and(|id| self.is_participant(id)) {
                    ThreadScope::Participant
                } else if p.state.is_some_and(|s| self.states().contains(&s)) {
                    ThreadScope::OwnState
                } else {
                    ThreadScope::Unrelated
                }
            }
            Role::StateAdmin => {
                if p.state.is_some_and(|s| self.states().contains(&s)) {
                    ThreadScope::OwnState
                } else {
                    ThreadScope::Unrelated
                }
            }
            Role::Admin | Role::Operator => ThreadScope::Unrelated,
        }
    }

    /// What `event` by participant `poc` does: the transition it causes (if any), or why it is
    /// refused. Pure: the caller records the transition, then [`Thread::apply`]s it.
    pub fn step(&self, poc: Uuid, event: ThreadEvent) -> Result<Option<Transition>, ThreadError> {
        let who = self.participant(poc).ok_or(ThreadError::NotParticipant)?;
        if self.closed.is_some() {
            return Err(ThreadError::Closed);
        }
        let recipient = |p: &Participant| -> Result<Progress, ThreadError> {
            p.progress.clone().ok_or(ThreadError::NotARecipient)
        };
        let reach = |stage: Stage| Some(Transition::Reached { poc, stage });
        match event {
            ThreadEvent::Wrote => Ok(None),
            ThreadEvent::Closed => Ok(Some(Transition::Closed { poc })),
            ThreadEvent::Fetched => match &who.progress {
                // The sender reads its own thread: nothing to record.
                None => Ok(None),
                Some(_) if who.awaiting_key => Ok(None),
                Some(progress) if progress.delivered_at.is_none() => Ok(reach(Stage::Delivered)),
                Some(_) => Ok(None),
            },
            ThreadEvent::Acknowledged => {
                let progress = recipient(who)?;
                if who.awaiting_key && progress.delivered_at.is_none() {
                    return Err(ThreadError::AwaitingKey);
                }
                if progress.delivered_at.is_none() {
                    return Err(ThreadError::NotDelivered);
                }
                if progress.acknowledged_at.is_some() {
                    return Err(ThreadError::AlreadyAcknowledged);
                }
                Ok(reach(Stage::Acknowledged))
            }
            ThreadEvent::Responded => match &who.progress {
                // The sender may follow up; that moves no stage.
                None => Ok(None),
                Some(progress) => {
                    if progress.delivered_at.is_none() {
                        return Err(if who.awaiting_key {
                            ThreadError::AwaitingKey
                        } else {
                            ThreadError::NotDelivered
                        });
                    }
                    if progress.responded_at.is_some() {
                        Ok(None)
                    } else {
                        Ok(reach(Stage::Responded))
                    }
                }
            },
        }
    }

    /// Record a transition at `at` (after it was stored). Reaching a stage twice keeps the
    /// first time.
    pub fn apply(&mut self, t: Transition, at: Timestamp, actor: &str) {
        match t {
            Transition::Reached { poc, stage } => {
                if let Some(p) = self.participants.iter_mut().find(|p| p.poc == poc)
                    && let Some(progress) = p.progress.as_mut()
                {
                    progress.set(stage, at);
                }
            }
            Transition::Closed { poc } => {
                if self.closed.is_none() {
                    self.closed = Some(Closure {
                        at,
                        by: poc,
                        actor: actor.to_owned(),
                    });
                }
            }
        }
        if at > self.last_activity_at {
            self.last_activity_at = at;
        }
    }
}

// ----- consent to forward (A§11, COM-11) ------------------------------------------------------

/// One participant's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentDecisionRecord {
    pub poc: Uuid,
    pub answer: ConsentAnswer,
    pub at: Timestamp,
    pub actor: String,
    /// The encrypted comment that came with the answer, if any.
    pub message: Option<Uuid>,
}

/// A participant's request to forward the thread's content to POC entries outside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsentRequest {
    pub id: Uuid,
    pub thread: Uuid,
    pub requested_by: Uuid,
    pub actor: String,
    pub at: Timestamp,
    /// The entries the content would go to.
    pub targets: Vec<Uuid>,
    /// The encrypted explanation that came with the request, if any.
    pub message: Option<Uuid>,
    pub decisions: Vec<ConsentDecisionRecord>,
    /// The thread the content was forwarded in, once it was.
    pub used_by: Option<Uuid>,
}

impl ConsentRequest {
    /// Whose consent is needed: every participant but the one who asks.
    pub fn required_from(&self, thread: &Thread) -> Vec<Uuid> {
        thread
            .participants
            .iter()
            .map(|p| p.poc)
            .filter(|poc| *poc != self.requested_by)
            .collect()
    }

    pub fn status(&self, thread: &Thread) -> ConsentStatus {
        if self.used_by.is_some() {
            return ConsentStatus::Used;
        }
        if self
            .decisions
            .iter()
            .any(|d| d.answer == ConsentAnswer::Refused)
        {
            return ConsentStatus::Refused;
        }
        let all = self.required_from(thread).iter().all(|poc| {
            self.decisions
                .iter()
                .any(|d| d.poc == *poc && d.answer == ConsentAnswer::Granted)
        });
        if all {
            ConsentStatus::Granted
        } else {
            ConsentStatus::Pending
        }
    }

    /// May participant `poc` answer now?
    pub fn can_decide(&self, thread: &Thread, poc: Uuid) -> Result<(), ThreadError> {
        if !thread.is_participant(poc) {
            return Err(ThreadError::NotParticipant);
        }
        if poc == self.requested_by {
            return Err(ThreadError::OwnRequest);
        }
        if self.decisions.iter().any(|d| d.poc == poc) {
            return Err(ThreadError::AlreadyDecided);
        }
        if self.status(thread) != ConsentStatus::Pending {
            return Err(ThreadError::ConsentNotPending);
        }
        Ok(())
    }

    /// Forwarding by `poc` to `targets` is allowed only with every other participant's consent,
    /// by the one who asked, to entries it asked for, once.
    pub fn permits_forward(
        &self,
        thread: &Thread,
        poc: Uuid,
        targets: &[Uuid],
    ) -> Result<(), ThreadError> {
        if poc != self.requested_by || self.status(thread) != ConsentStatus::Granted {
            return Err(ThreadError::ConsentRequired);
        }
        if targets.is_empty() || !targets.iter().all(|t| self.targets.contains(t)) {
            return Err(ThreadError::ConsentRequired);
        }
        Ok(())
    }
}

// ----- notifications ------------------------------------------------------------------------

/// Something new for a POC entry, shown in the application (and e-mailed when `email` is
/// pending and the mail outbox runs).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: Uuid,
    pub poc: Uuid,
    pub thread: Uuid,
    pub kind: NotificationKind,
    pub urgency: Urgency,
    pub exercise: bool,
    pub at: Timestamp,
    pub read_at: Option<Timestamp>,
    pub email: EmailStatus,
}

impl Notification {
    pub fn new(poc: Uuid, thread: &Thread, kind: NotificationKind, at: Timestamp) -> Self {
        Notification {
            id: Uuid::new_v4(),
            poc,
            thread: thread.id,
            kind,
            urgency: thread.urgency,
            exercise: thread.exercise,
            at,
            read_at: None,
            email: kind.email(thread.urgency),
        }
    }
}

// ----- statistics for the administrator: counts and timings only ------------------------------

/// Counts and durations (seconds) of one kind of wait, e.g. from sending to acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Timing {
    /// How many recipients reached the stage.
    pub count: u64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

impl Timing {
    fn of(mut seconds: Vec<i64>) -> Self {
        seconds.sort_unstable();
        let at = |q: usize| -> Option<i64> {
            if seconds.is_empty() {
                return None;
            }
            // Nearest rank.
            let rank = (q * seconds.len()).div_ceil(100).max(1);
            seconds.get(rank - 1).copied()
        };
        Timing {
            count: seconds.len() as u64,
            median_seconds: at(50),
            p90_seconds: at(90),
        }
    }
}

/// Aggregates for one role (never per thread, per state or per pair of states).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleStatistics {
    pub role: PocRole,
    pub threads: u64,
    pub open: u64,
    pub closed: u64,
    pub recipients: u64,
    pub time_to_deliver: Timing,
    pub time_to_acknowledge: Timing,
    pub time_to_respond: Timing,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ThreadStatistics {
    pub by_role: Vec<RoleStatistics>,
    /// Exercise threads are counted here only, never in the figures above (item 10).
    pub exercise_threads_excluded: u64,
}

/// The administrator's view of how the directory's exchanges perform (A§16), from the
/// threads' metadata, exercises left out.
pub fn statistics(threads: &[Thread]) -> ThreadStatistics {
    let mut by_role = Vec::new();
    for role in PocRole::ALL {
        let real: Vec<&Thread> = threads
            .iter()
            .filter(|t| !t.exercise && t.role == *role)
            .collect();
        let mut deliver = Vec::new();
        let mut acknowledge = Vec::new();
        let mut respond = Vec::new();
        let mut recipients = 0u64;
        for t in &real {
            for p in t.recipients() {
                let Some(progress) = &p.progress else {
                    continue;
                };
                recipients += 1;
                let since = |at: Option<Timestamp>| {
                    at.map(|at| at.duration_since(progress.sent_at).as_secs())
                };
                deliver.extend(since(progress.delivered_at));
                acknowledge.extend(since(progress.acknowledged_at));
                respond.extend(since(progress.responded_at));
            }
        }
        let closed = real.iter().filter(|t| t.closed.is_some()).count() as u64;
        by_role.push(RoleStatistics {
            role: *role,
            threads: real.len() as u64,
            open: real.len() as u64 - closed,
            closed,
            recipients,
            time_to_deliver: Timing::of(deliver),
            time_to_acknowledge: Timing::of(acknowledge),
            time_to_respond: Timing::of(respond),
        });
    }
    ThreadStatistics {
        by_role,
        exercise_threads_excluded: threads.iter().filter(|t| t.exercise).count() as u64,
    }
}

/// What the POCs and administrators of one state see of their state's threads (A§9, COM-02):
/// how many are open, by role and urgency. Content is never part of it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct StateThreadCounts {
    pub open: u64,
    pub closed: u64,
    pub open_diplomatic: u64,
    pub open_technical: u64,
    /// Open threads per urgency, in the order of `Urgency::ALL`.
    pub open_by_urgency: Vec<(Urgency, u64)>,
    /// Open threads where some recipient of this state has not yet acknowledged.
    pub awaiting_acknowledgement: u64,
}

pub fn state_counts(state: StateCode, threads: &[Thread]) -> StateThreadCounts {
    let mine: Vec<&Thread> = threads
        .iter()
        .filter(|t| t.states().contains(&state))
        .collect();
    let open: Vec<&&Thread> = mine.iter().filter(|t| t.is_open()).collect();
    StateThreadCounts {
        open: open.len() as u64,
        closed: (mine.len() - open.len()) as u64,
        open_diplomatic: open
            .iter()
            .filter(|t| t.role == PocRole::Diplomatic)
            .count() as u64,
        open_technical: open.iter().filter(|t| t.role == PocRole::Technical).count() as u64,
        open_by_urgency: Urgency::ALL
            .iter()
            .map(|u| (*u, open.iter().filter(|t| t.urgency == *u).count() as u64))
            .collect(),
        awaiting_acknowledgement: open
            .iter()
            .filter(|t| {
                t.recipients().any(|p| {
                    p.state == state
                        && p.progress
                            .as_ref()
                            .is_some_and(|g| g.acknowledged_at.is_none())
                })
            })
            .count() as u64,
    }
}

/// A respond-by time must lie ahead, and not absurdly far.
pub fn respond_by_is_valid(respond_by: Timestamp, now: Timestamp) -> bool {
    respond_by > now
        && now
            .checked_add(MAX_RESPOND_BY)
            .is_ok_and(|limit| respond_by <= limit)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::permission::Standing;
    use proptest::prelude::*;

    fn t0() -> Timestamp {
        Timestamp::from_second(1_750_000_000).unwrap()
    }

    fn st(s: &str) -> StateCode {
        StateCode::parse(s).unwrap()
    }

    /// FR's entry 0 writes to entries 1.. of DE, IT, ES…
    fn thread(recipients: usize) -> Thread {
        let others = ["DE", "IT", "ES", "KE", "BR", "JP"];
        let mut participants = vec![Participant {
            poc: Uuid::from_u128(0),
            state: st("FR"),
            role: PocRole::Technical,
            is_sender: true,
            progress: None,
            awaiting_key: false,
        }];
        for i in 0..recipients {
            participants.push(Participant {
                poc: Uuid::from_u128(i as u128 + 1),
                state: st(others[i % others.len()]),
                role: PocRole::Technical,
                is_sender: false,
                progress: Some(Progress::new(t0())),
                awaiting_key: false,
            });
        }
        Thread {
            id: Uuid::from_u128(99),
            role: PocRole::Technical,
            urgency: Urgency::High,
            respond_by: None,
            exercise: false,
            created_at: t0(),
            created_by: "user:fr".into(),
            sender: Uuid::from_u128(0),
            participants,
            closed: None,
            forwarded_from: None,
            message_count: 1,
            last_activity_at: t0(),
        }
    }

    fn at(secs: i64) -> Timestamp {
        t0().checked_add(SignedDuration::from_secs(secs)).unwrap()
    }

    fn run(t: &mut Thread, poc: u128, ev: ThreadEvent, secs: i64) -> Result<(), ThreadError> {
        let poc = Uuid::from_u128(poc);
        if let Some(tr) = t.step(poc, ev)? {
            t.apply(tr, at(secs), "x");
        }
        Ok(())
    }

    #[test]
    fn a_recipient_goes_through_the_stages() {
        let mut t = thread(1);
        assert_eq!(t.state(), ThreadState::Sent);
        // Not delivered yet: neither acknowledgement nor response.
        assert_eq!(
            run(&mut t, 1, ThreadEvent::Acknowledged, 1),
            Err(ThreadError::NotDelivered)
        );
        assert_eq!(
            run(&mut t, 1, ThreadEvent::Responded, 1),
            Err(ThreadError::NotDelivered)
        );
        run(&mut t, 1, ThreadEvent::Fetched, 10).unwrap();
        assert_eq!(t.state(), ThreadState::Delivered);
        run(&mut t, 1, ThreadEvent::Fetched, 20).unwrap();
        let p = t.participant(Uuid::from_u128(1)).unwrap().clone();
        assert_eq!(p.progress.as_ref().unwrap().delivered_at, Some(at(10)));
        run(&mut t, 1, ThreadEvent::Acknowledged, 30).unwrap();
        assert_eq!(t.state(), ThreadState::Acknowledged);
        assert_eq!(
            run(&mut t, 1, ThreadEvent::Acknowledged, 31),
            Err(ThreadError::AlreadyAcknowledged)
        );
        // An acknowledgement is not a response (A§10): the recipient has not responded.
        assert_eq!(
            t.participant(Uuid::from_u128(1))
                .unwrap()
                .progress
                .as_ref()
                .unwrap()
                .responded_at,
            None
        );
        run(&mut t, 1, ThreadEvent::Responded, 40).unwrap();
        run(&mut t, 1, ThreadEvent::Responded, 50).unwrap();
        assert_eq!(t.state(), ThreadState::Responded);
        // The sender cannot acknowledge its own inquiry; it may follow up.
        assert_eq!(
            run(&mut t, 0, ThreadEvent::Acknowledged, 60),
            Err(ThreadError::NotARecipient)
        );
        run(&mut t, 0, ThreadEvent::Responded, 60).unwrap();
        run(&mut t, 0, ThreadEvent::Closed, 70).unwrap();
        assert_eq!(t.state(), ThreadState::Closed);
        assert_eq!(
            run(&mut t, 1, ThreadEvent::Wrote, 80),
            Err(ThreadError::Closed)
        );
        assert_eq!(
            run(&mut t, 7, ThreadEvent::Fetched, 80),
            Err(ThreadError::NotParticipant)
        );
    }

    #[test]
    fn a_recipient_awaiting_a_key_is_not_delivered() {
        let mut t = thread(1);
        t.participants[1].awaiting_key = true;
        run(&mut t, 1, ThreadEvent::Fetched, 10).unwrap();
        assert_eq!(t.state(), ThreadState::Sent);
        assert_eq!(
            run(&mut t, 1, ThreadEvent::Acknowledged, 11),
            Err(ThreadError::AwaitingKey)
        );
    }

    #[test]
    fn scope_of_principals() {
        let t = thread(1);
        let p = |role, state: &str, poc: Option<u128>| Principal {
            actor: "t".into(),
            role,
            state: Some(st(state)),
            poc: poc.map(Uuid::from_u128),
            standing: Standing::Participating,
        };
        assert_eq!(
            t.scope_for(&p(Role::Poc, "FR", Some(0))),
            ThreadScope::Participant
        );
        assert_eq!(
            t.scope_for(&p(Role::Poc, "DE", Some(1))),
            ThreadScope::Participant
        );
        assert_eq!(
            t.scope_for(&p(Role::Poc, "FR", Some(50))),
            ThreadScope::OwnState
        );
        assert_eq!(
            t.scope_for(&p(Role::Poc, "RU", Some(51))),
            ThreadScope::Unrelated
        );
        assert_eq!(
            t.scope_for(&p(Role::StateAdmin, "DE", None)),
            ThreadScope::OwnState
        );
        assert_eq!(
            t.scope_for(&p(Role::StateAdmin, "RU", None)),
            ThreadScope::Unrelated
        );
        let admin = Principal {
            actor: "a".into(),
            role: Role::Admin,
            state: None,
            poc: None,
            standing: Standing::Participating,
        };
        assert_eq!(t.scope_for(&admin), ThreadScope::Unrelated);
    }

    #[test]
    fn consent_needs_every_other_participant() {
        let t = thread(2);
        let mut c = ConsentRequest {
            id: Uuid::from_u128(500),
            thread: t.id,
            requested_by: Uuid::from_u128(1),
            actor: "x".into(),
            at: t0(),
            targets: vec![Uuid::from_u128(300)],
            message: None,
            decisions: vec![],
            used_by: None,
        };
        assert_eq!(c.required_from(&t).len(), 2);
        assert_eq!(c.status(&t), ConsentStatus::Pending);
        let target = [Uuid::from_u128(300)];
        assert_eq!(
            c.permits_forward(&t, Uuid::from_u128(1), &target),
            Err(ThreadError::ConsentRequired)
        );
        assert_eq!(
            c.can_decide(&t, Uuid::from_u128(1)),
            Err(ThreadError::OwnRequest)
        );
        let grant = |poc: u128| ConsentDecisionRecord {
            poc: Uuid::from_u128(poc),
            answer: ConsentAnswer::Granted,
            at: t0(),
            actor: "y".into(),
            message: None,
        };
        c.decisions.push(grant(0));
        assert_eq!(
            c.can_decide(&t, Uuid::from_u128(0)),
            Err(ThreadError::AlreadyDecided)
        );
        assert_eq!(c.status(&t), ConsentStatus::Pending);
        c.decisions.push(grant(2));
        assert_eq!(c.status(&t), ConsentStatus::Granted);
        c.permits_forward(&t, Uuid::from_u128(1), &target).unwrap();
        // Only the one who asked, only to the entries it asked for.
        assert_eq!(
            c.permits_forward(&t, Uuid::from_u128(0), &target),
            Err(ThreadError::ConsentRequired)
        );
        assert_eq!(
            c.permits_forward(&t, Uuid::from_u128(1), &[Uuid::from_u128(301)]),
            Err(ThreadError::ConsentRequired)
        );
        c.used_by = Some(Uuid::from_u128(900));
        assert_eq!(c.status(&t), ConsentStatus::Used);
        assert_eq!(
            c.permits_forward(&t, Uuid::from_u128(1), &target),
            Err(ThreadError::ConsentRequired)
        );
        // One refusal ends the request.
        let mut r = c.clone();
        r.used_by = None;
        r.decisions = vec![ConsentDecisionRecord {
            answer: ConsentAnswer::Refused,
            ..grant(0)
        }];
        assert_eq!(r.status(&t), ConsentStatus::Refused);
        assert_eq!(
            r.can_decide(&t, Uuid::from_u128(2)),
            Err(ThreadError::ConsentNotPending)
        );
    }

    #[test]
    fn statistics_leave_exercises_out() {
        let mut real = thread(2);
        let mut t = real.clone();
        run(&mut t, 1, ThreadEvent::Fetched, 60).unwrap();
        run(&mut t, 1, ThreadEvent::Acknowledged, 120).unwrap();
        run(&mut t, 2, ThreadEvent::Fetched, 600).unwrap();
        real = t;
        let mut exercise = thread(1);
        exercise.exercise = true;
        run(&mut exercise, 1, ThreadEvent::Fetched, 5).unwrap();
        let s = statistics(&[real, exercise]);
        assert_eq!(s.exercise_threads_excluded, 1);
        let tech = s
            .by_role
            .iter()
            .find(|r| r.role == PocRole::Technical)
            .unwrap();
        assert_eq!(tech.threads, 1);
        assert_eq!(tech.recipients, 2);
        assert_eq!(tech.time_to_deliver.count, 2);
        assert_eq!(tech.time_to_deliver.median_seconds, Some(60));
        assert_eq!(tech.time_to_deliver.p90_seconds, Some(600));
        assert_eq!(tech.time_to_acknowledge.median_seconds, Some(120));
        assert_eq!(tech.time_to_respond.count, 0);
        let dip = s
            .by_role
            .iter()
            .find(|r| r.role == PocRole::Diplomatic)
            .unwrap();
        assert_eq!(dip.threads, 0);
    }

    #[test]
    fn urgency_drives_email() {
        assert_eq!(
            NotificationKind::NewInquiry.email(Urgency::Critical),
            EmailStatus::Pending
        );
        assert_eq!(
            NotificationKind::NewInquiry.email(Urgency::Normal),
            EmailStatus::NotRequested
        );
        assert_eq!(
            NotificationKind::KeyNeeded.email(Urgency::Low),
            EmailStatus::Pending
        );
        assert_eq!(
            NotificationKind::NewNote.email(Urgency::Critical),
            EmailStatus::NotRequested
        );
    }

    #[test]
    fn respond_by_window() {
        assert!(!respond_by_is_valid(t0(), t0()));
        assert!(respond_by_is_valid(at(1), t0()));
        assert!(!respond_by_is_valid(at(367 * 86_400), t0()));
    }

    fn event() -> impl Strategy<Value = (u128, ThreadEvent)> {
        (
            0u128..4,
            prop_oneof![
                Just(ThreadEvent::Fetched),
                Just(ThreadEvent::Acknowledged),
                Just(ThreadEvent::Responded),
                Just(ThreadEvent::Wrote),
                Just(ThreadEvent::Closed),
            ],
        )
    }

    proptest! {
        /// Whatever participants do, in whatever order: stages only move forward, each time is
        /// set once and never before the previous stage's, an acknowledgement needs a delivery,
        /// the sender never gets progress, and a closed thread accepts nothing.
        #[test]
        fn the_state_machine_holds(events in proptest::collection::vec(event(), 0..40), waiting in 0u8..8) {
            let mut t = thread(3);
            for (i, p) in t.participants.iter_mut().enumerate().skip(1) {
                p.awaiting_key = waiting & (1 << (i - 1)) != 0;
            }
            let mut previous = t.clone();
            for (i, (poc, ev)) in events.into_iter().enumerate() {
                let was_closed = t.closed.is_some();
                let result = t.step(Uuid::from_u128(poc), ev);
                if was_closed {
                    prop_assert_eq!(result, Err(ThreadError::Closed));
                }
                if let Ok(Some(tr)) = result {
                    t.apply(tr, at(i as i64 * 10 + 10), "x");
                }
                prop_assert!(t.participants[0].progress.is_none());
                for (before, after) in previous.participants.iter().zip(&t.participants) {
                    let (Some(b), Some(a)) = (&before.progress, &after.progress) else { continue };
                    prop_assert!(a.stage() >= b.stage());
                    for stage in Stage::ALL {
                        if let Some(when) = b.reached(*stage) {
                            prop_assert_eq!(a.reached(*stage), Some(when));
                        }
                    }
                    if a.acknowledged_at.is_some() || a.responded_at.is_some() {
                        prop_assert!(a.delivered_at.is_some());
                        prop_assert!(!after.awaiting_key || b.delivered_at.is_some());
                    }
                    let times = [Some(a.sent_at), a.delivered_at, a.acknowledged_at, a.responded_at];
                    let mut last = a.sent_at;
                    for x in times.iter().flatten() {
                        // Stages may be skipped (a response without acknowledgement) but never
                        // come before delivery.
                        if *x != a.sent_at { prop_assert!(*x >= a.delivered_at.unwrap_or(last)); }
                        last = *x;
                    }
                    if after.awaiting_key {
                        prop_assert!(a.delivered_at.is_none());
                    }
                }
                if was_closed {
                    prop_assert_eq!(&t, &previous);
                }
                previous = t.clone();
            }
        }
    }
}

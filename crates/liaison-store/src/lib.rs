//! Storage behind one trait (`Store`). `SqlStore` implements it for SQLite (embedded, the
//! default) and PostgreSQL (for operators who need high availability), sharing one SQL text
//! where the dialects agree; the differences live in the per-backend migrations and in
//! `Backend`. Every write and its audit records commit in one transaction (invariant 2).

mod sql;
pub mod threads;

pub use sql::{Backend, SqlStore};

/// Bulk statements (inserts, `IN` lists) are split into chunks of this many values or rows.
/// Small on purpose: SQLite resolves each `$n` parameter by a scan of the statement's
/// parameters, so binding costs grow with the square of a statement's parameter count (a
/// 400-row insert of 13 columns spent most of a campaign's creation there).
pub const BULK_ROWS: usize = 64;

use async_trait::async_trait;
use jiff::Timestamp;
use liaison_core::account::{
    EnrolmentLink, FailureRecord, PendingSignIn, Session, StoredPasskey, User,
};
use liaison_core::audit::{AuditEvent, AuditRecord};
use liaison_core::codes::EntryLanguage;
use liaison_core::contact::Email;
use liaison_core::participation::{Participation, ParticipationEvent};
use liaison_core::ping::{
    Acknowledgement, Escalation, FollowUp, MailDelivery, Outcome, PingCampaign, PingChallenge,
};
use liaison_core::poc::PointOfContact;
use liaison_core::revision::Revision;
use liaison_core::states::StateCode;
use liaison_core::token::ApiToken;
use uuid::Uuid;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The entry changed since the caller read it (optimistic concurrency), or an id is taken.
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("not found: {0}")]
    NotFound(String),
    /// A stored row could not be decoded: the database was changed outside Liaison.
    #[error("corrupt row: {0}")]
    Corrupt(String),
    #[error("database URL not supported: {0}")]
    UnsupportedUrl(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// One change inside a write batch.
#[derive(Debug, Clone)]
pub enum Change {
    /// A new entry; fails with `Conflict` when the id exists.
    InsertPoc {
        poc: Box<PointOfContact>,
        revision: Box<Revision>,
    },
    /// Replace an entry whose stored revision is `expected_revision`, else `Conflict`.
    UpdatePoc {
        poc: Box<PointOfContact>,
        expected_revision: u32,
        revision: Box<Revision>,
    },
    Participation(ParticipationEvent),
    InsertToken(ApiToken),
    RevokeToken {
        id: Uuid,
        at: Timestamp,
    },
    /// A new one-time enrolment link (its secret's hash only).
    InsertEnrolment(Box<EnrolmentLink>),
    /// Withdraw a link that has not been used; `NotFound` when it is used or revoked already.
    RevokeEnrolment {
        id: Uuid,
        at: Timestamp,
    },
    /// Consume link `link` and create `user` from it, at `user.created_at`. A link that is
    /// used, revoked or expired by then is a `Conflict`: two browsers racing on one link
    /// produce one account.
    Enrol {
        link: Uuid,
        user: Box<User>,
    },
    /// A user created on the server host (the directory administrator); `Conflict` when the
    /// login is taken.
    InsertUser(Box<User>),
    /// Replace a user's recovery codes (SHA-256 of each) with a new set.
    SetRecoveryCodes {
        user: Uuid,
        hashes: Vec<String>,
        at: Timestamp,
    },
    /// Set (or remove) a user's TOTP secret; `last_step` is the step of the code that
    /// confirmed it, so that code cannot be used again.
    SetTotp {
        user: Uuid,
        secret: Option<String>,
        last_step: Option<i64>,
    },
    AddPasskey(Box<StoredPasskey>),
    /// `NotFound` unless the passkey belongs to `user`.
    RemovePasskey {
        user: Uuid,
        id: Uuid,
    },
    /// A person's address and language for what Liaison writes to them.
    SetUserContact {
        user: Uuid,
        email: Option<Email>,
        language: EntryLanguage,
    },
    /// A campaign and all its challenges (bulk insert). With `slot`, the schedule slot it
    /// fills: `Conflict` when the slot is filled already (another replica started it).
    StartPingCampaign {
        campaign: Box<PingCampaign>,
        challenges: Vec<PingChallenge>,
        slot: Option<String>,
    },
    /// Mark a schedule slot as filled by a campaign someone started within it (no new
    /// campaign); `Conflict` when it is filled already.
    FillScheduleSlot {
        slot: String,
        campaign: Option<Uuid>,
        at: Timestamp,
    },
    /// Record an acknowledgement; `Conflict` unless the challenge is issued, unacknowledged
    /// and still has outcome `expected` (so a deadline marked meanwhile is not overwritten
    /// with an on-time answer).
    AcknowledgePing {
        challenge: Uuid,
        poc: Uuid,
        expected: Outcome,
        ack: Acknowledgement,
        actor: String,
    },
    /// Mark challenges `no_response`; `Conflict` unless every one is still pending and due.
    MarkNoResponse {
        ids: Vec<Uuid>,
        at: Timestamp,
    },
    /// One state's escalation with the messages to its administrators; `Conflict` when the
    /// state was escalated for this campaign already.
    Escalate {
        escalation: Box<Escalation>,
        mails: Vec<OutboxMail>,
    },
    RecordFollowUp(Box<FollowUp>),
    /// Every challenge answered or escalated: the sweep stops looking at the campaign.
    CloseCampaign {
        id: Uuid,
        at: Timestamp,
    },
    /// Messages for the outbox, written with the change that caused them (the PGP/MIME
    /// bridge: with the message whose ciphertext they carry).
    QueueMail(Vec<OutboxMail>),
    /// Threads between POCs (issue 5): see `threads::ThreadChange`.
    Thread(Box<threads::ThreadChange>),
}

/// Which queue an outgoing message is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MailQueue {
    /// The challenges of ping campaigns.
    Pings,
    /// Everything else Liaison sends (escalations).
    Outbox,
}

/// What an outbox message is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    /// `subject` is a `ping_escalations` id.
    Escalation,
    /// `subject` is a thread `notifications` id: a metadata-only e-mail (issue 5).
    ThreadNotification,
    /// `subject` is a `message_copies` id: the same ciphertext as RFC 3156 PGP/MIME, for a
    /// POC who reads with its own OpenPGP software (the e-mail bridge, issue 5).
    PgpMime,
}

impl OutboxKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OutboxKind::Escalation => "escalation",
            OutboxKind::ThreadNotification => "thread_notification",
            OutboxKind::PgpMime => "pgp_mime",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "escalation" => Some(OutboxKind::Escalation),
            "thread_notification" => Some(OutboxKind::ThreadNotification),
            "pgp_mime" => Some(OutboxKind::PgpMime),
            _ => None,
        }
    }
}

/// A message Liaison sends besides pings, composed when it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub id: Uuid,
    pub kind: OutboxKind,
    pub subject: Uuid,
    pub recipient: Email,
    pub language: EntryLanguage,
    pub created_at: Timestamp,
    pub mail: MailDelivery,
}

/// What happened to the stored token hash of a challenge in a delivery update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenChange {
    Keep,
    /// The handover: the token just put in the message.
    Set(String),
    /// The relay refused the finished message: that token was never delivered.
    Clear,
}

/// One attempt at handing a message to the relay, as kept (append-only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    pub at: Timestamp,
    pub worker: String,
    /// `sent`, `temporary`, `permanent`, `handover_refused`, `bounce`.
    pub result: String,
    pub detail: Option<String>,
}

/// A compare-and-set of one message's delivery: written only if the stored row still has the
/// state, lease owner and attempt count of `expected` (so a worker whose lease was taken over,
/// or a replica racing on the same row, changes nothing).
#[derive(Debug, Clone)]
pub struct DeliveryUpdate {
    pub queue: MailQueue,
    pub id: Uuid,
    pub expected: MailDelivery,
    pub next: MailDelivery,
    pub token: TokenChange,
    pub attempt: Option<DeliveryAttempt>,
}

/// WebAuthn ceremony state kept between the options sent to the browser and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ceremony {
    pub user: Option<Uuid>,
    pub kind: String,
    pub state: String,
    pub expires_at: Timestamp,
}

/// Filters for reading the audit log, newest first.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub state: Option<String>,
    pub subject: Option<String>,
    pub action: Option<String>,
    /// Only records with a smaller sequence number (paging backwards).
    pub before: Option<i64>,
    pub limit: i64,
}

/// Current participation of one state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParticipationStatus {
    pub state: StateCode,
    pub status: Participation,
    pub since: Timestamp,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    fn backend(&self) -> Backend;

    /// Apply `changes` and append `events` to the audit log, atomically, at time `at`.
    /// Returns the audit records as stored.
    async fn apply(
        &self,
        changes: Vec<Change>,
        events: Vec<AuditEvent>,
        at: Timestamp,
    ) -> Result<Vec<AuditRecord>, StoreError>;

    /// States that have ever been admitted (others are not participating).
    async fn participation(&self) -> Result<Vec<ParticipationStatus>, StoreError>;
    async fn participation_history(
        &self,
        state: StateCode,
    ) -> Result<Vec<ParticipationEvent>, StoreError>;

    /// Every entry, active and retired, in the order they were created.
    async fn all_pocs(&self) -> Result<Vec<PointOfContact>, StoreError>;
    async fn poc(&self, id: Uuid) -> Result<Option<PointOfContact>, StoreError>;
    async fn pocs_by_ids(&self, ids: &[Uuid]) -> Result<Vec<PointOfContact>, StoreError>;
    async fn revisions(&self, id: Uuid) -> Result<Vec<Revision>, StoreError>;

    async fn audit(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError>;
    /// Records with `seq > after`, oldest first, at most `limit` (verification, change feed).
    async fn audit_after(&self, after: i64, limit: i64) -> Result<Vec<AuditRecord>, StoreError>;
    /// The recorded end of the log: (sequence, hash); (0, genesis) when empty.
    async fn audit_head(&self) -> Result<(i64, String), StoreError>;

    async fn token_by_hash(&self, secret_hash: &str) -> Result<Option<ApiToken>, StoreError>;
    async fn tokens(&self) -> Result<Vec<ApiToken>, StoreError>;

    // Web accounts. Enrolment and user creation go through `apply` (audited). Sessions and
    // failure counters change on every sign-in and many requests: they are written on their
    // own, outside the audit chain and its lock; sign-ins are audited by the use case.

    async fn user(&self, id: Uuid) -> Result<Option<User>, StoreError>;
    /// By the normalised login (`account::normalise_login`).
    async fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError>;
    async fn users_of_state(&self, state: StateCode) -> Result<Vec<User>, StoreError>;
    /// How many enabled users each state has (states without users are left out).
    async fn user_counts(&self) -> Result<Vec<(StateCode, u64)>, StoreError>;
    async fn enrolment_by_hash(
        &self,
        secret_hash: &str,
    ) -> Result<Option<EnrolmentLink>, StoreError>;
    async fn enrolment(&self, id: Uuid) -> Result<Option<EnrolmentLink>, StoreError>;
    /// Every link issued for `state` (any status), newest first.
    async fn enrolments_of_state(&self, state: StateCode)
    -> Result<Vec<EnrolmentLink>, StoreError>;

    /// `Conflict` when the id hash exists (a collision of 256-bit secrets means a bug).
    async fn insert_session(&self, session: &Session) -> Result<(), StoreError>;
    async fn session(&self, id_hash: &str) -> Result<Option<Session>, StoreError>;
    /// Record activity; only ever moves `last_seen_at` forward, and not on a revoked session.
    async fn touch_session(&self, id_hash: &str, at: Timestamp) -> Result<(), StoreError>;
    async fn revoke_session(&self, id_hash: &str, at: Timestamp) -> Result<(), StoreError>;
    /// Sign out everywhere; returns how many sessions were still open.
    async fn revoke_sessions_of(&self, user: Uuid, at: Timestamp) -> Result<u64, StoreError>;

    async fn sign_in_failures(&self, key: &str) -> Result<Option<FailureRecord>, StoreError>;
    /// Count one more failure for `key` atomically (replicas share the counter) and return it.
    async fn record_sign_in_failure(
        &self,
        key: &str,
        at: Timestamp,
    ) -> Result<FailureRecord, StoreError>;
    async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError>;

    // Second factors (issue 3). Using a TOTP step or a recovery code is one conditional
    // UPDATE, so two requests racing with the same code cannot both succeed.

    /// Record that a TOTP code of `step` was used; `false` when a code of this step or a later
    /// one was used already (a replay).
    async fn use_totp_step(&self, user: Uuid, step: i64) -> Result<bool, StoreError>;
    async fn totp_last_step(&self, user: Uuid) -> Result<Option<i64>, StoreError>;
    /// Spend one recovery code; `false` when it is unknown or spent.
    async fn use_recovery_code(
        &self,
        user: Uuid,
        code_hash: &str,
        at: Timestamp,
    ) -> Result<bool, StoreError>;
    async fn recovery_codes_left(&self, user: Uuid) -> Result<u64, StoreError>;

    async fn passkeys_of(&self, user: Uuid) -> Result<Vec<StoredPasskey>, StoreError>;
    async fn passkey_by_credential(
        &self,
        credential: &str,
    ) -> Result<Option<StoredPasskey>, StoreError>;
    /// After a successful assertion: the updated counter and the time of use.
    async fn passkey_used(&self, id: Uuid, data: &str, at: Timestamp) -> Result<(), StoreError>;

    async fn put_ceremony(&self, id_hash: &str, ceremony: &Ceremony) -> Result<(), StoreError>;
    /// Read and delete (a ceremony is answered once).
    async fn take_ceremony(&self, id_hash: &str) -> Result<Option<Ceremony>, StoreError>;

    async fn insert_pending_sign_in(
        &self,
        id_hash: &str,
        pending: &PendingSignIn,
    ) -> Result<(), StoreError>;
    async fn pending_sign_in(&self, id_hash: &str) -> Result<Option<PendingSignIn>, StoreError>;
    async fn count_pending_attempt(&self, id_hash: &str) -> Result<(), StoreError>;
    async fn delete_pending_sign_in(&self, id_hash: &str) -> Result<(), StoreError>;

    // Ping tests (issue 4). Campaigns, acknowledgements, deadlines, escalations and
    // follow-ups go through `apply` (audited). Claims and delivery updates are written on
    // their own: they happen for every message, from several workers at once, and must not
    // take the audit lock (see ARCHITECTURE.md, "Sending exactly once").

    /// Claim up to `limit` messages of the queue that are due (queued and due at `now`, or
    /// claimed under a lease that ran out), for `owner` until `until`. PostgreSQL skips rows
    /// another transaction is claiming (`FOR UPDATE SKIP LOCKED`); SQLite has one writer.
    async fn claim_pings(
        &self,
        owner: &str,
        now: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<PingChallenge>, StoreError>;
    async fn claim_outbox(
        &self,
        owner: &str,
        now: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError>;
    /// Apply delivery updates in one transaction (one commit for many concurrent sends);
    /// returns, for each, whether it was written.
    async fn update_deliveries(&self, updates: &[DeliveryUpdate]) -> Result<Vec<bool>, StoreError>;

    async fn ping_campaigns(&self) -> Result<Vec<PingCampaign>, StoreError>;
    async fn ping_campaign(&self, id: Uuid) -> Result<Option<PingCampaign>, StoreError>;
    async fn open_ping_campaigns(&self) -> Result<Vec<PingCampaign>, StoreError>;
    async fn ping_challenges(&self, campaign: Uuid) -> Result<Vec<PingChallenge>, StoreError>;
    async fn ping_challenge(&self, id: Uuid) -> Result<Option<PingChallenge>, StoreError>;
    /// The challenge and the stored hash of its token (to check a bounce address).
    async fn ping_challenge_token_hash(&self, id: Uuid) -> Result<Option<String>, StoreError>;
    async fn ping_challenge_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<PingChallenge>, StoreError>;
    /// Every challenge of these entries, any campaign.
    async fn ping_challenges_of(&self, pocs: &[Uuid]) -> Result<Vec<PingChallenge>, StoreError>;
    /// Pending challenges whose due time is at or before `now`, at most `limit`.
    async fn ping_challenges_past_due(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<PingChallenge>, StoreError>;
    /// The last acknowledgement of every entry that has one (freshness in the read model).
    async fn last_acknowledgements(&self) -> Result<Vec<(Uuid, Timestamp)>, StoreError>;
    async fn delivery_attempts(
        &self,
        queue: MailQueue,
        id: Uuid,
    ) -> Result<Vec<DeliveryAttempt>, StoreError>;
    async fn escalations(&self, campaign: Uuid) -> Result<Vec<Escalation>, StoreError>;
    async fn escalation(&self, id: Uuid) -> Result<Option<Escalation>, StoreError>;
    async fn outbox_of(&self, subject: Uuid) -> Result<Vec<OutboxMail>, StoreError>;
    /// The follow-up log, newest first; of one state, or all.
    async fn follow_ups(&self, state: Option<StateCode>) -> Result<Vec<FollowUp>, StoreError>;
    async fn schedule_slot_filled(&self, slot: &str) -> Result<bool, StoreError>;
    /// Per state of a campaign: challenges still pending, and challenges unanswered.
    async fn ping_state_tallies(
        &self,
        campaign: Uuid,
    ) -> Result<Vec<(StateCode, u64, u64)>, StoreError>;
    // ----- threads between POCs (issue 5): sql/threads.rs ----------------------------------
    // Written through `apply` (`Change::Thread`), each with its audit record. Ciphertext is
    // stored as given and never read by the server.

    async fn thread(&self, id: Uuid) -> Result<Option<liaison_core::thread::Thread>, StoreError>;
    /// Threads `poc` takes part in, newest activity first.
    async fn threads_of_poc(
        &self,
        poc: Uuid,
    ) -> Result<Vec<liaison_core::thread::Thread>, StoreError>;
    /// Threads any entry of `state` takes part in, newest activity first.
    async fn threads_of_state(
        &self,
        state: StateCode,
    ) -> Result<Vec<liaison_core::thread::Thread>, StoreError>;
    /// Every thread's metadata (for aggregate statistics).
    async fn all_threads(&self) -> Result<Vec<liaison_core::thread::Thread>, StoreError>;
    async fn thread_messages(
        &self,
        thread: Uuid,
    ) -> Result<Vec<threads::StoredMessage>, StoreError>;
    async fn thread_consents(
        &self,
        thread: Uuid,
    ) -> Result<Vec<liaison_core::thread::ConsentRequest>, StoreError>;
    async fn consent(
        &self,
        id: Uuid,
    ) -> Result<Option<liaison_core::thread::ConsentRequest>, StoreError>;
    /// Per thread of `poc` (of `state`), how many messages it can see came after its last fetch.
    async fn unread_counts(
        &self,
        poc: Uuid,
        state: StateCode,
    ) -> Result<Vec<(Uuid, u32)>, StoreError>;
    /// Whether device `device` of `poc` has fetched `thread` up to message `seq`.
    async fn fetched(
        &self,
        thread: Uuid,
        poc: Uuid,
        device: &str,
        seq: u32,
    ) -> Result<bool, StoreError>;
    /// Newest first, at most `limit`.
    async fn notifications(
        &self,
        poc: Uuid,
        unread_only: bool,
        limit: i64,
    ) -> Result<Vec<liaison_core::thread::Notification>, StoreError>;
    async fn key_blob(&self, owner: &str) -> Result<Option<threads::KeyBlob>, StoreError>;
    /// Notifications whose e-mail is still `pending`, oldest first, at most `limit`.
    async fn pending_notification_emails(
        &self,
        limit: i64,
    ) -> Result<Vec<liaison_core::thread::Notification>, StoreError>;
    async fn notification(
        &self,
        id: Uuid,
    ) -> Result<Option<liaison_core::thread::Notification>, StoreError>;
    /// A message copy for the PGP/MIME bridge: (thread, exercise, armored ciphertext).
    async fn bridge_copy(&self, copy: Uuid) -> Result<Option<(Uuid, bool, String)>, StoreError>;
    /// Each notification from `pending` to `queued` with its outbox rows (`no_address` when
    /// none), compare-and-set, in one transaction (delivery bookkeeping: not audited, as the
    /// ping queues). Returns how many this call moved.
    async fn queue_notification_emails(
        &self,
        batch: &[(Uuid, Vec<OutboxMail>)],
    ) -> Result<u64, StoreError>;
    /// Threads in which a message still waits for a key of `poc`.
    async fn threads_awaiting_key(&self, poc: Uuid) -> Result<Vec<Uuid>, StoreError>;
}

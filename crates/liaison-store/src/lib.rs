//! Storage behind one trait (`Store`). `SqlStore` implements it for SQLite (embedded, the
//! default) and PostgreSQL (for operators who need high availability), sharing one SQL text
//! where the dialects agree; the differences live in the per-backend migrations and in
//! `Backend`. Every write and its audit records commit in one transaction (invariant 2).

mod sql;

pub use sql::{Backend, SqlStore};

use async_trait::async_trait;
use jiff::Timestamp;
use liaison_core::audit::{AuditEvent, AuditRecord};
use liaison_core::participation::{Participation, ParticipationEvent};
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
}

use liaison_core::ValidationErrors;
use liaison_core::participation::InvalidTransition;
use liaison_core::permission::Denied;
use liaison_search::SearchError;
use liaison_store::StoreError;

/// What a use case can answer instead of doing the thing. Adapters map each variant once to a
/// status, a stable code and a translated message.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("authentication required")]
    Unauthenticated,
    #[error("forbidden: {0}")]
    Forbidden(#[from] Denied),
    #[error("not found")]
    NotFound,
    #[error("invalid input: {0}")]
    Invalid(#[from] ValidationErrors),
    /// The entry changed since it was read (If-Match / expected revision).
    #[error("the entry has changed since it was read")]
    StaleRevision,
    #[error("an entry with this id already exists")]
    AlreadyExists,
    #[error("a retired entry cannot be changed")]
    Retired,
    #[error("{0}")]
    InvalidTransition(#[from] InvalidTransition),
    #[error("the state does not participate in the directory")]
    StateNotParticipating,
    #[error("the flag is already set")]
    FlagAlreadySet,
    #[error("the flag is not set")]
    FlagNotSet,
    /// A ping token that is malformed, altered or unknown: one neutral answer for all.
    #[error("the ping link is not valid")]
    PingNotValid,
    /// The ping was acknowledged already, at this time.
    #[error("the ping was acknowledged already")]
    AlreadyAcknowledged(jiff::Timestamp),
    /// The challenge's message has not been sent yet.
    #[error("the ping has not been sent yet")]
    PingNotIssued,
    /// A campaign would ping no entry.
    #[error("no active entry to ping")]
    NothingToPing,
    #[error("storage: {0}")]
    Store(#[from] StoreError),
    #[error("search: {0}")]
    Search(#[from] SearchError),
    /// A recipient (or forward target) the sender may not address (COM-01): `field` names it.
    #[error("{field}: {denied}")]
    RecipientRefused { field: String, denied: Denied },
    /// A thread operation its state does not allow.
    #[error("{0}")]
    Thread(liaison_core::thread::ThreadError),
}

impl AppError {
    /// Stable machine-readable code (part of the API).
    pub fn code(&self) -> &'static str {
        match self {
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden(d) => d.code(),
            AppError::NotFound => "not_found",
            AppError::Invalid(_) => "invalid_input",
            AppError::StaleRevision => "stale_revision",
            AppError::AlreadyExists => "already_exists",
            AppError::Retired => "retired",
            AppError::InvalidTransition(_) => "invalid_transition",
            AppError::StateNotParticipating => "state_not_participating",
            AppError::FlagAlreadySet => "flag_already_set",
            AppError::FlagNotSet => "flag_not_set",
            AppError::PingNotValid => "ping_not_valid",
            AppError::AlreadyAcknowledged(_) => "already_acknowledged",
            AppError::PingNotIssued => "ping_not_issued",
            AppError::NothingToPing => "nothing_to_ping",
            AppError::Store(StoreError::Conflict(_)) => "conflict",
            AppError::Store(_) | AppError::Search(_) => "internal",
            AppError::RecipientRefused { denied, .. } => denied.code(),
            AppError::Thread(e) => e.code(),
        }
    }
}

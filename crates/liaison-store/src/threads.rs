//! What the store keeps of threads between POCs (issue 5): the write batch items and the rows
//! read back. Ciphertext is stored as given; the store never looks inside it.

use jiff::Timestamp;
use liaison_core::states::StateCode;
use liaison_core::thread::{
    ConsentDecisionRecord, ConsentRequest, MessageKind, Notification, Stage, Thread,
};
use uuid::Uuid;

/// One ciphertext of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCopy {
    pub id: Uuid,
    pub armored: String,
    /// Key IDs / fingerprints named by its PKESK packets (upper-case hex).
    pub recipients: Vec<String>,
}

/// Whom a message is for: an entry, and the fingerprint of the key its copy is encrypted to
/// (`None` when the entry has no usable key: it waits for one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Coverage {
    pub poc: Uuid,
    pub fingerprint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub id: Uuid,
    pub thread: Uuid,
    pub kind: MessageKind,
    pub author: Uuid,
    pub actor: String,
    pub at: Timestamp,
    /// For a coordination note: the state whose POCs may read it.
    pub note_state: Option<StateCode>,
    /// A bare acknowledgement of receipt carries no ciphertext.
    pub copy: Option<NewCopy>,
    pub audience: Vec<Coverage>,
}

/// A stage reached by one recipient, or the thread closed (by `poc`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TransitionKind {
    Reached(Stage),
    Closed,
}

impl TransitionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TransitionKind::Reached(s) => s.as_str(),
            TransitionKind::Closed => "closed",
        }
    }
}

/// A user's passphrase-protected secret key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBlob {
    /// The principal's audit label.
    pub owner: String,
    pub poc: Uuid,
    pub fingerprint: String,
    pub armored: String,
    pub updated_at: Timestamp,
}

/// The thread items of a write batch (`Change::Thread`). Each fails with `Conflict` when the
/// thread changed in a way that makes it wrong (closed meanwhile, a stage already reached, a
/// consent already used), so two racing requests cannot both succeed.
#[derive(Debug, Clone)]
pub enum ThreadChange {
    /// A new thread with its participants (the `sent` transition of each recipient) and its
    /// first message; `consent` is the consent a forwarded thread uses up.
    Create {
        thread: Box<Thread>,
        first: NewMessage,
        consent: Option<Uuid>,
    },
    /// A message in an open thread.
    AddMessage(NewMessage),
    /// A re-encrypted copy of `message` for entries that were waiting for a key.
    AddCopy {
        message: Uuid,
        author: Uuid,
        actor: String,
        at: Timestamp,
        copy: NewCopy,
        covers: Vec<Coverage>,
    },
    Transition {
        thread: Uuid,
        poc: Uuid,
        kind: TransitionKind,
        at: Timestamp,
        actor: String,
    },
    /// A device fetched the thread up to message `up_to_seq`.
    Fetch {
        thread: Uuid,
        poc: Uuid,
        actor: String,
        device: String,
        at: Timestamp,
        up_to_seq: u32,
    },
    RequestConsent(Box<ConsentRequest>),
    DecideConsent {
        consent: Uuid,
        decision: ConsentDecisionRecord,
    },
    Notify(Vec<Notification>),
    /// Mark notifications of `poc` read (those already read are left as they are).
    MarkRead {
        poc: Uuid,
        ids: Vec<Uuid>,
        at: Timestamp,
    },
    /// Replace the owner's key blob.
    PutKeyBlob(Box<KeyBlob>),
}

/// A ciphertext as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCopy {
    pub id: Uuid,
    pub at: Timestamp,
    pub actor: String,
    pub author: Uuid,
    pub recipients: Vec<String>,
    pub armored: String,
}

/// A message as stored, with its copies and audience.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredMessage {
    pub id: Uuid,
    pub thread: Uuid,
    pub seq: u32,
    pub kind: MessageKind,
    pub author: Uuid,
    pub actor: String,
    pub at: Timestamp,
    pub note_state: Option<StateCode>,
    pub copies: Vec<StoredCopy>,
    /// Each entry the message is for, with the copy encrypted to it (`None`: awaiting a key).
    pub audience: Vec<(Uuid, Option<Uuid>)>,
}

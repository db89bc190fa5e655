//! Revisions: every change to an entry is kept with actor, time, reason, before and after
//! (A§7(d), POC-14). Revisions are never changed or deleted (invariant 3).

use crate::poc::PointOfContact;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RevisionChange {
    Create,
    Update,
    Retire,
    Flag,
    Unflag,
    /// The entry's own POC user published or rotated its OpenPGP key (issue 5).
    PublishKey,
}

impl RevisionChange {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Retire => "retire",
            Self::Flag => "flag",
            Self::Unflag => "unflag",
            Self::PublishKey => "publish_key",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "create" => Some(Self::Create),
            "update" => Some(Self::Update),
            "retire" => Some(Self::Retire),
            "flag" => Some(Self::Flag),
            "unflag" => Some(Self::Unflag),
            "publish_key" => Some(Self::PublishKey),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Revision {
    pub poc_id: Uuid,
    /// Equals the entry's `revision` after the change.
    pub number: u32,
    pub at: Timestamp,
    pub actor: String,
    pub change: RevisionChange,
    pub reason: Option<String>,
    pub before: Option<PointOfContact>,
    pub after: PointOfContact,
}

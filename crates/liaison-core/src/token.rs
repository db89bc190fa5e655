//! API tokens for operators and automation. Only a SHA-256 of the secret is stored; the secret
//! is shown once, when issued.

use crate::permission::Role;
use crate::states::StateCode;
use jiff::Timestamp;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiToken {
    pub id: Uuid,
    #[serde(skip)]
    pub secret_hash: String,
    pub role: Role,
    pub state: Option<StateCode>,
    pub poc: Option<Uuid>,
    pub label: Option<String>,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub created_by: String,
}

impl ApiToken {
    pub fn usable_at(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

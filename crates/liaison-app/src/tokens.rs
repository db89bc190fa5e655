//! Bearer tokens: issued by the operator on the server host, stored as SHA-256 hashes,
//! revocable, with an expiry. Authentication turns a token into a `Principal`.

use crate::{AppError, Liaison};
use base64::Engine;
use jiff::SignedDuration;
use liaison_core::audit::AuditEvent;
use liaison_core::participation::Participation;
use liaison_core::permission::{Action, Principal, Role, Standing, authorize};
use liaison_core::states::StateCode;
use liaison_core::token::ApiToken;
use liaison_store::Change;
use rand::RngCore;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// How long a looked-up token is trusted before it is read again (bounds how long a
/// revocation made by another process can go unnoticed, on top of the change feed).
const TOKEN_CACHE_TTL: Duration = Duration::from_secs(5);
const TOKEN_PREFIX: &str = "lsn_";

/// A token just issued: the secret is shown once and never stored.
pub struct IssuedToken {
    pub token: ApiToken,
    pub secret: String,
}

pub(crate) fn hash_secret(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

impl Liaison {
    /// Issue a token (operator only). `state` is required for state administrators, `poc` for
    /// POC users, and both must exist.
    pub async fn issue_token(
        &self,
        operator: &Principal,
        role: Role,
        state: Option<StateCode>,
        poc: Option<Uuid>,
        valid_for: SignedDuration,
        label: Option<String>,
    ) -> Result<IssuedToken, AppError> {
        authorize(operator, Action::ManageTokens)?;
        let invalid = |field: &str, code| {
            AppError::Invalid(liaison_core::ValidationErrors::single(
                liaison_core::FieldError::new(field, code),
            ))
        };
        let (state, poc) = match role {
            Role::Admin => (None, None),
            Role::StateAdmin => (
                Some(state.ok_or_else(|| invalid("state", liaison_core::ErrorCode::Required))?),
                None,
            ),
            Role::Poc => {
                let id = poc.ok_or_else(|| invalid("poc", liaison_core::ErrorCode::Required))?;
                let entry = self.read_dir().get(&id).ok_or(AppError::NotFound)?;
                (Some(entry.content.state), Some(id))
            }
            Role::Operator => return Err(invalid("role", liaison_core::ErrorCode::InvalidRole)),
        };
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret = format!(
            "{TOKEN_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        );
        let now = self.now();
        let expires_at = now
            .checked_add(valid_for)
            .map_err(|_| invalid("expires", liaison_core::ErrorCode::TooLong))?;
        let token = ApiToken {
            id: Uuid::new_v4(),
            secret_hash: hash_secret(&secret),
            role,
            state,
            poc,
            label,
            created_at: now,
            expires_at,
            revoked_at: None,
            created_by: operator.actor.clone(),
        };
        let event = AuditEvent {
            actor: operator.actor.clone(),
            action: "token.issue".into(),
            state: state.map(|s| s.as_str().to_owned()),
            subject: Some(token.id.to_string()),
            detail: json!({"role": role.as_str(), "poc": poc, "expires_at": expires_at.to_string(), "label": token.label}),
        };
        let records = self
            .store
            .apply(vec![Change::InsertToken(token.clone())], vec![event], now)
            .await?;
        self.advance_feed(&records);
        Ok(IssuedToken { token, secret })
    }

    pub async fn revoke_token(&self, operator: &Principal, id: Uuid) -> Result<(), AppError> {
        authorize(operator, Action::ManageTokens)?;
        let now = self.now();
        let event = AuditEvent {
            actor: operator.actor.clone(),
            action: "token.revoke".into(),
            state: None,
            subject: Some(id.to_string()),
            detail: json!({}),
        };
        let records = self
            .store
            .apply(vec![Change::RevokeToken { id, at: now }], vec![event], now)
            .await
            .map_err(|e| match e {
                liaison_store::StoreError::NotFound(_) => AppError::NotFound,
                e => e.into(),
            })?;
        self.advance_feed(&records);
        self.forget_token(&id.to_string());
        Ok(())
    }

    pub async fn list_tokens(&self, operator: &Principal) -> Result<Vec<ApiToken>, AppError> {
        authorize(operator, Action::ManageTokens)?;
        Ok(self.store.tokens().await?)
    }

    pub(crate) fn forget_token(&self, id: &str) {
        let mut cache = self.token_cache.lock().unwrap_or_else(|p| p.into_inner());
        cache.retain(|_, (t, _)| t.id.to_string() != id);
    }

    /// Turn a bearer secret into the principal it stands for. Unknown, expired and revoked
    /// tokens all give the same answer.
    pub async fn authenticate(&self, secret: &str) -> Result<Principal, AppError> {
        if !secret.starts_with(TOKEN_PREFIX) || secret.len() > 100 {
            return Err(AppError::Unauthenticated);
        }
        let hash = hash_secret(secret);
        let cached = {
            let cache = self.token_cache.lock().unwrap_or_else(|p| p.into_inner());
            cache
                .get(&hash)
                .filter(|(_, at)| at.elapsed() < TOKEN_CACHE_TTL)
                .map(|(t, _)| t.clone())
        };
        let token = match cached {
            Some(t) => t,
            None => {
                let t = self
                    .store
                    .token_by_hash(&hash)
                    .await?
                    .ok_or(AppError::Unauthenticated)?;
                let mut cache = self.token_cache.lock().unwrap_or_else(|p| p.into_inner());
                if cache.len() > 10_000 {
                    cache.clear();
                }
                cache.insert(hash, (t.clone(), Instant::now()));
                t
            }
        };
        if !token.usable_at(self.now()) {
            return Err(AppError::Unauthenticated);
        }
        Ok(self.principal_for(&token))
    }

    fn principal_for(&self, t: &ApiToken) -> Principal {
        let short = t.id.simple().to_string();
        Principal {
            actor: format!("token:{}", &short[..12.min(short.len())]),
            role: t.role,
            state: t.state,
            poc: t.poc,
            standing: self.standing_of(t.state, t.poc),
        }
    }

    /// Whether a credential bound to `state` (and for a POC user to entry `poc`) stands
    /// inside the directory now. Shared by tokens and web sessions so both lose access at the
    /// same moment when a state is suspended or an entry retired.
    pub(crate) fn standing_of(&self, state: Option<StateCode>, poc: Option<Uuid>) -> Standing {
        match state {
            None => Standing::Participating,
            Some(s) => {
                let dir = self.read_dir();
                let state_ok = dir.participation(s).0 == Participation::Participating;
                // A POC user also loses access when its entry is retired.
                let entry_ok = poc.is_none_or(|id| dir.get(&id).is_some_and(|p| p.is_active()));
                if state_ok && entry_ok {
                    Standing::Participating
                } else {
                    Standing::Outside
                }
            }
        }
    }
}

/// The principal for the person at the server host's console.
pub fn operator(name: &str) -> Principal {
    Principal {
        actor: format!("operator:{name}"),
        role: Role::Operator,
        state: None,
        poc: None,
        standing: Standing::Participating,
    }
}

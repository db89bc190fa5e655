//! Web sessions (issue 3): a random secret in an HttpOnly cookie, only its SHA-256 kept in the
//! store, with the lifetimes of `core::account` (idle 30 minutes, absolute 12 hours). A
//! session turns into the same `Principal` a bearer token does, so the web pages go through
//! exactly the permission policy the API uses.

use crate::tokens::hash_secret;
use crate::{AppError, Liaison};
use base64::Engine;
use liaison_core::account::{Session, SessionStatus, User};
use liaison_core::permission::Principal;
use rand::RngCore;

const SESSION_PREFIX: &str = "lsn_sess_";
/// Longest cookie value looked up: anything longer is not ours and costs no database read.
const MAX_SESSION_SECRET_LEN: usize = 96;

/// A person signed in through a live session.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub user: User,
    pub principal: Principal,
    pub session: Session,
}

/// A fresh random secret with a recognisable prefix (32 bytes, URL-safe base64).
pub(crate) fn new_secret(prefix: &str) -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!(
        "{prefix}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

/// The audit label of a web user: the login, which is what administrators recognise.
pub fn user_actor(user: &User) -> String {
    format!("user:{}", user.login)
}

impl Liaison {
    /// The principal a web user acts as, with the standing of its state and entry now.
    pub fn principal_for_user(&self, user: &User) -> Principal {
        Principal {
            actor: user_actor(user),
            role: user.role,
            state: user.state,
            poc: user.poc,
            standing: self.standing_of(user.state, user.poc),
        }
    }

    /// Start a session for a user who has just proved who they are. Returns the cookie
    /// secret, which is never stored. A new secret at every sign-in is the session rotation
    /// issue 3 asks for: a secret planted before sign-in is worthless after it.
    pub async fn open_session(&self, user: &User) -> Result<String, AppError> {
        let secret = new_secret(SESSION_PREFIX);
        let now = self.now();
        let session = Session {
            id_hash: hash_secret(&secret),
            user: user.id,
            created_at: now,
            last_seen_at: now,
            revoked_at: None,
        };
        self.store.insert_session(&session).await?;
        Ok(secret)
    }

    /// The person behind a session cookie, if the session is live and the account enabled.
    /// Touches the session (at most once a minute) so the idle timeout counts from the last
    /// request.
    pub async fn signed_in(&self, secret: &str) -> Result<Option<SignedIn>, AppError> {
        if !secret.starts_with(SESSION_PREFIX) || secret.len() > MAX_SESSION_SECRET_LEN {
            return Ok(None);
        }
        let id_hash = hash_secret(secret);
        let Some(session) = self.store.session(&id_hash).await? else {
            return Ok(None);
        };
        let now = self.now();
        if session.status_at(now) != SessionStatus::Active {
            return Ok(None);
        }
        let Some(user) = self.store.user(session.user).await? else {
            return Ok(None);
        };
        if user.disabled_at.is_some() {
            return Ok(None);
        }
        if session.needs_touch(now) {
            self.store.touch_session(&id_hash, now).await?;
        }
        let principal = self.principal_for_user(&user);
        Ok(Some(SignedIn {
            user,
            principal,
            session,
        }))
    }

    /// End one session (signing out). Unknown secrets are ignored: signing out twice is fine.
    pub async fn close_session(&self, secret: &str) -> Result<(), AppError> {
        if !secret.starts_with(SESSION_PREFIX) || secret.len() > MAX_SESSION_SECRET_LEN {
            return Ok(());
        }
        match self
            .store
            .revoke_session(&hash_secret(secret), self.now())
            .await
        {
            Ok(()) | Err(liaison_store::StoreError::NotFound(_)) => Ok(()),
            Err(e) => Err(e.into()),
        }
    }

    /// End every session of a user ("sign out everywhere"). Returns how many were open.
    pub async fn close_all_sessions(&self, user: &User) -> Result<u64, AppError> {
        Ok(self.store.revoke_sessions_of(user.id, self.now()).await?)
    }
}

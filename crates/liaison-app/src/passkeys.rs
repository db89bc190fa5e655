//! Passkeys (WebAuthn, issue 3): adding one from the account page, removing one (never the
//! last second factor), and signing in with a passkey alone (a discoverable credential: the
//! authenticator names the user, user verification is required). The relying party is the
//! host of the public URL (`--public-url`). Ceremony state (the challenge) is kept in the
//! database between the options sent to the browser and its answer, answered once, for five
//! minutes; only the hash of the ceremony id handed to the browser is stored.

use crate::auth::{AuthError, AuthProblem, public_url};
use crate::sessions::new_secret;
use crate::tokens::hash_secret;
use crate::{AppError, Liaison, SignedIn, user_actor};
use base64::Engine;
use jiff::SignedDuration;
use liaison_core::account::{MAX_PASSKEY_NAME_CHARS, StoredPasskey, User};
use liaison_core::audit::AuditEvent;
use liaison_core::text::{CleanText, Cleaned};
use liaison_store::{Ceremony, Change};
use serde_json::json;
use uuid::Uuid;
/// The browser's messages, for the web adapter to deserialise.
pub use webauthn_rs::prelude::{
    CreationChallengeResponse, PublicKeyCredential, RegisterPublicKeyCredential,
    RequestChallengeResponse,
};
use webauthn_rs::prelude::{
    DiscoverableAuthentication, Passkey, PasskeyRegistration, Url, Webauthn, WebauthnBuilder,
};

const CEREMONY_PREFIX: &str = "lsn_cer_";
const CEREMONY_VALIDITY: SignedDuration = SignedDuration::from_mins(5);
const KIND_REGISTER: &str = "register";
const KIND_AUTHENTICATE: &str = "authenticate";

/// What the browser gets to start a ceremony: the id to send back, and the options for
/// `navigator.credentials.create()` or `.get()`.
pub struct CeremonyStart<T> {
    pub ceremony: String,
    pub options: T,
}

fn internal(what: &str, e: impl std::fmt::Display) -> AuthError {
    tracing::error!(error = %e, "{what}");
    AuthError::Internal(format!("{what}: {e}"))
}

fn webauthn() -> Result<Webauthn, AuthError> {
    let origin = Url::parse(public_url()).map_err(|e| internal("public URL", e))?;
    let rp_id = origin
        .host_str()
        .ok_or_else(|| AuthError::Internal("public URL has no host".into()))?
        .to_owned();
    WebauthnBuilder::new(&rp_id, &origin)
        .and_then(|b| b.rp_name("Liaison").build())
        .map_err(|e| internal("WebAuthn configuration", e))
}

fn b64url(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

impl Liaison {
    async fn put_ceremony(
        &self,
        user: Option<Uuid>,
        kind: &str,
        state: String,
    ) -> Result<String, AuthError> {
        let id = new_secret(CEREMONY_PREFIX);
        let expires_at = self
            .now()
            .checked_add(CEREMONY_VALIDITY)
            .map_err(|e| internal("ceremony expiry", e))?;
        self.store
            .put_ceremony(
                &hash_secret(&id),
                &Ceremony {
                    user,
                    kind: kind.to_owned(),
                    state,
                    expires_at,
                },
            )
            .await?;
        Ok(id)
    }

    /// The state of a ceremony, once, if it is of `kind`, for `user`, and not expired.
    async fn take_ceremony(
        &self,
        id: &str,
        kind: &str,
        user: Option<Uuid>,
    ) -> Result<String, AuthError> {
        if !id.starts_with(CEREMONY_PREFIX) || id.len() > 96 {
            return Err(AuthError::PendingExpired);
        }
        match self.store.take_ceremony(&hash_secret(id)).await? {
            Some(c) if c.kind == kind && c.user == user && self.now() < c.expires_at => Ok(c.state),
            _ => Err(AuthError::PendingExpired),
        }
    }

    /// Options to create a passkey for the signed-in person (a discoverable credential, so it
    /// can sign in alone later).
    pub async fn passkey_registration_options(
        &self,
        me: &SignedIn,
    ) -> Result<CeremonyStart<CreationChallengeResponse>, AuthError> {
        let wa = webauthn()?;
        let mut exclude = Vec::new();
        for p in self.store.passkeys_of(me.user.id).await? {
            if let Ok(pk) = serde_json::from_str::<Passkey>(&p.data) {
                exclude.push(pk.cred_id().clone());
            }
        }
        let (mut ccr, state) = wa
            .start_passkey_registration(
                me.user.id,
                &me.user.login,
                &me.user.display_name,
                Some(exclude),
            )
            .map_err(|e| internal("passkey registration", e))?;
        if let Some(sel) = ccr.public_key.authenticator_selection.as_mut() {
            sel.resident_key = Some(webauthn_rs_proto::ResidentKeyRequirement::Required);
            sel.require_resident_key = true;
        }
        let state = serde_json::to_string(&state).map_err(|e| internal("ceremony state", e))?;
        let ceremony = self
            .put_ceremony(Some(me.user.id), KIND_REGISTER, state)
            .await?;
        Ok(CeremonyStart {
            ceremony,
            options: ccr,
        })
    }

    /// Keep the passkey the browser created, under the name the person gave it.
    pub async fn add_passkey(
        &self,
        me: &SignedIn,
        ceremony: &str,
        name: &str,
        credential: &RegisterPublicKeyCredential,
    ) -> Result<StoredPasskey, AuthError> {
        let existing = self.store.passkeys_of(me.user.id).await?;
        let name = match CleanText::parse("name", name, MAX_PASSKEY_NAME_CHARS) {
            Ok(Cleaned::Value(v)) => v.as_str().to_owned(),
            Ok(Cleaned::Blank) => format!("Passkey {}", existing.len() + 1),
            Err(_) => return Err(AuthError::Fields(vec![("name", AuthProblem::NameInvalid)])),
        };
        let state = self
            .take_ceremony(ceremony, KIND_REGISTER, Some(me.user.id))
            .await?;
        let state: PasskeyRegistration =
            serde_json::from_str(&state).map_err(|e| internal("ceremony state", e))?;
        let passkey = webauthn()?
            .finish_passkey_registration(credential, &state)
            .map_err(|e| {
                tracing::info!(error = %e, "passkey registration refused");
                AuthError::Failed
            })?;
        let now = self.now();
        let stored = StoredPasskey {
            id: Uuid::new_v4(),
            user: me.user.id,
            credential: b64url(passkey.cred_id()),
            name,
            data: serde_json::to_string(&passkey).map_err(|e| internal("passkey", e))?,
            created_at: now,
            last_used_at: None,
        };
        self.store
            .apply(
                vec![Change::AddPasskey(Box::new(stored.clone()))],
                vec![passkey_event(&me.user, "account.passkey_add", &stored)],
                now,
            )
            .await
            .map_err(|e| match e {
                liaison_store::StoreError::Conflict(_) => AuthError::Failed,
                e => e.into(),
            })?;
        Ok(stored)
    }

    /// Remove one of the signed-in person's passkeys, unless it is their last second factor.
    pub async fn remove_passkey(&self, me: &SignedIn, id: Uuid) -> Result<(), AuthError> {
        let all = self.store.passkeys_of(me.user.id).await?;
        let Some(target) = all.iter().find(|p| p.id == id) else {
            return Err(AuthError::App(AppError::NotFound));
        };
        if me.user.totp_secret.is_none() && all.len() <= 1 {
            return Err(AuthError::Fields(vec![(
                "passkey",
                AuthProblem::LastFactor,
            )]));
        }
        let now = self.now();
        self.store
            .apply(
                vec![Change::RemovePasskey {
                    user: me.user.id,
                    id,
                }],
                vec![passkey_event(&me.user, "account.passkey_remove", target)],
                now,
            )
            .await?;
        Ok(())
    }

    /// Options to sign in with a passkey alone: no user named, the authenticator chooses.
    pub async fn passkey_sign_in_options(
        &self,
    ) -> Result<CeremonyStart<RequestChallengeResponse>, AuthError> {
        let (mut rcr, state) = webauthn()?
            .start_discoverable_authentication()
            .map_err(|e| internal("passkey authentication", e))?;
        // A button-started, modal request (not the autofill kind).
        rcr.mediation = None;
        let state = serde_json::to_string(&state).map_err(|e| internal("ceremony state", e))?;
        let ceremony = self.put_ceremony(None, KIND_AUTHENTICATE, state).await?;
        Ok(CeremonyStart {
            ceremony,
            options: rcr,
        })
    }

    /// Sign in with the browser's answer. Failures count against the address and, when the
    /// passkey names a user, the account, like passwords.
    pub async fn sign_in_passkey(
        &self,
        ceremony: &str,
        credential: &PublicKeyCredential,
        address: &str,
    ) -> Result<(User, String), AuthError> {
        let address_key = [format!("address:{address}")];
        self.check_throttle(&address_key).await?;
        let state = self
            .take_ceremony(ceremony, KIND_AUTHENTICATE, None)
            .await?;
        let state: DiscoverableAuthentication =
            serde_json::from_str(&state).map_err(|e| internal("ceremony state", e))?;
        let wa = webauthn()?;
        let found = match wa.identify_discoverable_authentication(credential) {
            Ok((user_id, cred_id)) => {
                match self.store.passkey_by_credential(&b64url(cred_id)).await? {
                    Some(p) if p.user == user_id => match self.store.user(user_id).await? {
                        Some(u) if u.disabled_at.is_none() => Some((u, p)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            Err(_) => None,
        };
        let Some((user, stored)) = found else {
            self.count_failure(&address_key, None).await?;
            return Err(AuthError::Failed);
        };
        let keys = [Liaison::account_failure_key(&user), address_key[0].clone()];
        self.check_throttle(&keys).await?;
        let mut passkey: Passkey =
            serde_json::from_str(&stored.data).map_err(|e| internal("stored passkey", e))?;
        let result = match wa.finish_discoverable_authentication_v2(credential, state, &passkey) {
            Ok(r) => r,
            Err(e) => {
                tracing::info!(error = %e, "passkey sign-in refused");
                self.count_failure(&keys, Some(&user)).await?;
                return Err(AuthError::Failed);
            }
        };
        passkey.update_credential(&result);
        let data = serde_json::to_string(&passkey).map_err(|e| internal("passkey", e))?;
        self.store
            .passkey_used(stored.id, &data, self.now())
            .await?;
        let session = self.finish_sign_in(&user, "passkey", &keys[0]).await?;
        Ok((user, session))
    }
}

fn passkey_event(user: &User, action: &str, p: &StoredPasskey) -> AuditEvent {
    AuditEvent {
        actor: user_actor(user),
        action: action.into(),
        state: user.state.map(|s| s.as_str().to_owned()),
        subject: Some(user.id.to_string()),
        detail: json!({"passkey": p.id, "name": p.name}),
    }
}

//! Completing an enrolment, signing in, and a person's own second factors (issue 3 items 2–3).
//!
//! - Passwords: argon2id (m = 19 456 KiB, t = 2, p = 1), PHC strings, hashed off the async
//!   threads. An unknown login is checked against a dummy hash, so the answer takes as long
//!   and says the same as for a wrong password.
//! - Second factors: TOTP (RFC 6238: SHA-1, 6 digits, 30 s; the last step used is stored, so a
//!   code works once), ten single-use recovery codes (SHA-256 stored), passkeys
//!   (`passkeys.rs`).
//! - Sign-in is two steps: the password opens a short-lived pending sign-in (its secret in the
//!   second form, its hash in the store); the code closes it and opens a session.
//! - Failed attempts are counted per account and per client address (`core::account`
//!   `FailureRecord`): growing delays, then a lockout, which is audited.

use crate::sessions::new_secret;
use crate::tokens::hash_secret;
use crate::{AppError, Liaison, SignedIn, user_actor};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use jiff::{SignedDuration, Timestamp};
use liaison_core::account::{
    EnrolmentStatus, LOCKOUT_FAILURES, PENDING_SIGN_IN_ATTEMPTS, PENDING_SIGN_IN_VALIDITY,
    PasswordProblem, PendingSignIn, RECOVERY_CODES, SecondFactorCode, TOTP_STEP_SECS, User,
    check_new_password, normalise_login, parse_second_factor_code, totp_candidate_steps,
};
use liaison_core::audit::AuditEvent;
use liaison_core::permission::Role;
use liaison_store::{Change, StoreError};
use rand::RngCore;
use serde_json::json;
use std::sync::LazyLock;
use uuid::Uuid;

/// The name authenticator apps show next to the code.
pub const TOTP_ISSUER: &str = "Liaison";
const PENDING_PREFIX: &str = "lsn_pend_";

static PUBLIC_URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
/// Where the server is reached when none is set (`--public-url`).
pub const DEFAULT_PUBLIC_URL: &str = "http://localhost:8080";

/// The address people open in their browsers (`--public-url`), set once at start-up: the
/// WebAuthn relying party (its host) and origin. Later calls are ignored.
pub fn set_public_url(url: &str) {
    let _ = PUBLIC_URL.set(url.trim_end_matches('/').to_owned());
}

pub fn public_url() -> &'static str {
    PUBLIC_URL.get().map_or(DEFAULT_PUBLIC_URL, String::as_str)
}

/// Why an enrolment, a sign-in or a change of second factor did not happen.
#[derive(Debug)]
pub enum AuthError {
    App(AppError),
    /// The enrolment link does not exist.
    LinkUnknown,
    /// The enrolment link is used, expired or revoked.
    Link(EnrolmentStatus),
    /// Fields to correct, each with its problem (the form is shown again).
    Fields(Vec<(&'static str, AuthProblem)>),
    /// Too many failures for this account or address: try again after this long.
    Throttled(SignedDuration),
    /// Wrong login, password or code: one answer for all, so nothing is revealed.
    Failed,
    /// The second step of a sign-in (or a passkey ceremony) came too late or after too many
    /// tries: start again.
    PendingExpired,
    /// Something on the server side failed (configuration, stored data).
    Internal(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthProblem {
    LoginInvalid,
    LoginTaken,
    Password(PasswordProblem),
    PasswordMismatch,
    CodeWrong,
    NameInvalid,
    /// Removing it would leave the account without a second factor.
    LastFactor,
    /// Missing where required, or not an e-mail address.
    EmailInvalid,
}

impl From<AppError> for AuthError {
    fn from(e: AppError) -> Self {
        AuthError::App(e)
    }
}

impl From<StoreError> for AuthError {
    fn from(e: StoreError) -> Self {
        AuthError::App(AppError::Store(e))
    }
}

fn argon2id() -> Argon2<'static> {
    // The parameters are constants the library accepts; `default` is the same algorithm.
    let params = Params::new(19_456, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_password_blocking(password: &str) -> Result<String, AppError> {
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt)
        .map_err(|e| AppError::Store(StoreError::Corrupt(format!("salt: {e}"))))?;
    argon2id()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Store(StoreError::Corrupt(format!("password hash: {e}"))))
}

fn verify_password_blocking(hash: &str, password: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(parsed) => argon2id()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash no password matches, checked for unknown logins so they cost the same time.
static DUMMY_HASH: LazyLock<String> = LazyLock::new(|| {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hash_password_blocking(&hex::encode(bytes)).unwrap_or_default()
});

/// argon2id of a new password (on a blocking thread: it takes tens of milliseconds).
pub async fn hash_password(password: &str) -> Result<String, AppError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|e| AppError::Store(StoreError::Corrupt(format!("hashing task: {e}"))))?
}

/// Whether `password` matches `hash` (`None`: an unknown login, checked against a dummy).
pub async fn verify_password(hash: Option<&str>, password: &str) -> bool {
    let hash = hash.map(str::to_owned);
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || match hash {
        Some(h) => verify_password_blocking(&h, &password),
        None => {
            let _ = verify_password_blocking(&DUMMY_HASH, &password);
            false
        }
    })
    .await
    .unwrap_or(false)
}

/// A new TOTP secret: 160 random bits in base32, as authenticator apps take them.
pub fn new_totp_secret() -> String {
    let mut bytes = [0u8; 20];
    rand::rng().fill_bytes(&mut bytes);
    totp_rs::Secret::from(bytes).to_base32()
}

fn totp(secret_b32: &str) -> Option<totp_rs::Totp> {
    let secret = totp_rs::Secret::try_from_base32(secret_b32.trim()).ok()?;
    totp_rs::Builder::new().with_secret(secret).build().ok()
}

/// Whether `secret_b32` is a usable TOTP secret (base32, at least 128 bits).
pub fn totp_secret_is_valid(secret_b32: &str) -> bool {
    secret_b32.len() <= 128 && totp(secret_b32).is_some()
}

/// The code of an authenticator app at `at` (tests and the demo use it).
pub fn totp_code(secret_b32: &str, at: Timestamp) -> Option<String> {
    let t = totp(secret_b32)?;
    Some(t.generate(u64::try_from(at.as_second()).ok()?).to_string())
}

/// The step a code belongs to, among the steps still allowed at `now`.
fn matching_step(secret_b32: &str, code: &str, now: Timestamp, last: Option<i64>) -> Option<i64> {
    let t = totp(secret_b32)?;
    totp_candidate_steps(now, last).into_iter().find(|step| {
        u64::try_from(step * TOTP_STEP_SECS)
            .is_ok_and(|secs| same(&t.generate(secs).to_string(), code))
    })
}

fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The `otpauth://` address authenticator apps read (from a QR code or pasted).
pub fn totp_uri(secret_b32: &str, login: &str) -> String {
    let enc = |s: &str| {
        let mut out = String::new();
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'@') {
                out.push(char::from(b));
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    };
    format!(
        "otpauth://totp/{issuer}:{login}?secret={secret_b32}&issuer={issuer}&algorithm=SHA1&digits=6&period=30",
        issuer = enc(TOTP_ISSUER),
        login = enc(login),
    )
}

/// Ten fresh recovery codes, as shown to the person (`xxxx-xxxx-xxxx-xxxx`, 80 bits each).
fn new_recovery_codes() -> Vec<String> {
    (0..RECOVERY_CODES)
        .map(|_| {
            let mut bytes = [0u8; 10];
            rand::rng().fill_bytes(&mut bytes);
            let s = totp_rs::Secret::from(bytes)
                .to_base32()
                .to_ascii_lowercase();
            s.as_bytes()
                .chunks(4)
                .map(|c| String::from_utf8_lossy(c).into_owned())
                .collect::<Vec<_>>()
                .join("-")
        })
        .collect()
}

/// What is stored of a recovery code: its hash, bound to the user.
fn recovery_hash(user: Uuid, normalised: &str) -> String {
    hash_secret(&format!("liaison-recovery\0{user}\0{normalised}"))
}

fn recovery_hashes(user: Uuid, codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|c| recovery_hash(user, &c.replace('-', "")))
        .collect()
}

/// What the enrolment form carries.
pub struct EnrolmentInput<'a> {
    pub login: &'a str,
    pub password: &'a str,
    pub password_confirm: &'a str,
    /// The TOTP secret shown on the form (base32).
    pub totp_secret: &'a str,
    /// A current code from the authenticator app, proving it was set up.
    pub code: &'a str,
    /// Where Liaison writes to the person (ping escalations): required for state
    /// administrators and POC users, optional for the directory administrator.
    pub email: &'a str,
    /// The language of what Liaison writes to them (the page's language by default).
    pub language: liaison_core::EntryLanguage,
}

/// A typed address from a form field: `Ok(None)` when blank.
fn email_field(raw: &str) -> Result<Option<liaison_core::contact::Email>, AuthProblem> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    liaison_core::contact::Email::parse(raw)
        .map(Some)
        .ok_or(AuthProblem::EmailInvalid)
}

/// An account just created: the recovery codes are shown once; the session is open.
pub struct Enrolled {
    pub user: User,
    pub recovery_codes: Vec<String>,
    pub session_secret: String,
}

/// Recovery codes just made, shown once.
pub struct NewRecoveryCodes(pub Vec<String>);

/// What the account page shows of a person's second factors.
pub struct SecondFactors {
    pub totp: bool,
    pub recovery_codes_left: u64,
    pub passkeys: Vec<liaison_core::account::StoredPasskey>,
}

fn failure_keys(login: &str, address: &str) -> [String; 2] {
    let login: String = login.chars().take(254).collect();
    [format!("account:{login}"), format!("address:{address}")]
}

fn event(user: &User, action: &str, detail: serde_json::Value) -> AuditEvent {
    AuditEvent {
        actor: user_actor(user),
        action: action.into(),
        state: user.state.map(|s| s.as_str().to_owned()),
        subject: Some(user.id.to_string()),
        detail,
    }
}

impl Liaison {
    /// Create the account a usable enrolment link promises, with its password, TOTP secret
    /// and recovery codes, in the transaction that uses the link; then open a session.
    pub async fn complete_enrolment(
        &self,
        secret: &str,
        input: EnrolmentInput<'_>,
    ) -> Result<Enrolled, AuthError> {
        let (link, status) = match self.enrolment_link(secret).await {
            Ok(found) => found,
            Err(AppError::NotFound) => return Err(AuthError::LinkUnknown),
            Err(e) => return Err(e.into()),
        };
        if status != EnrolmentStatus::Usable {
            return Err(AuthError::Link(status));
        }
        let now = self.now();
        let mut problems = Vec::new();
        let login = normalise_login(input.login);
        match &login {
            None => problems.push(("login", AuthProblem::LoginInvalid)),
            Some(l) => {
                if self.store.user_by_login(l).await?.is_some() {
                    problems.push(("login", AuthProblem::LoginTaken));
                }
            }
        }
        if let Err(p) = check_new_password(input.password) {
            problems.push(("password", AuthProblem::Password(p)));
        } else if input.password != input.password_confirm {
            problems.push(("password_confirm", AuthProblem::PasswordMismatch));
        }
        let step = if totp_secret_is_valid(input.totp_secret) {
            match parse_second_factor_code(input.code) {
                Some(SecondFactorCode::Totp(code)) => {
                    matching_step(input.totp_secret, &code, now, None)
                }
                _ => None,
            }
        } else {
            None
        };
        if step.is_none() {
            problems.push(("code", AuthProblem::CodeWrong));
        }
        let email = match email_field(input.email) {
            Ok(None) if link.role != Role::Admin => {
                problems.push(("email", AuthProblem::EmailInvalid));
                None
            }
            Ok(e) => e,
            Err(p) => {
                problems.push(("email", p));
                None
            }
        };
        let (Some(login), Some(step), true) = (login, step, problems.is_empty()) else {
            return Err(AuthError::Fields(problems));
        };
        let user = User {
            id: Uuid::new_v4(),
            login,
            role: link.role,
            state: link.state,
            poc: link.poc,
            display_name: link.display_name.clone(),
            password_hash: hash_password(input.password).await?,
            totp_secret: Some(input.totp_secret.trim().to_owned()),
            created_at: now,
            disabled_at: None,
            email,
            language: input.language,
        };
        let codes = new_recovery_codes();
        let changes = vec![
            Change::Enrol {
                link: link.id,
                user: Box::new(user.clone()),
            },
            Change::SetTotp {
                user: user.id,
                secret: user.totp_secret.clone(),
                last_step: Some(step),
            },
            Change::SetRecoveryCodes {
                user: user.id,
                hashes: recovery_hashes(user.id, &codes),
                at: now,
            },
        ];
        let audit = event(
            &user,
            "account.enrol",
            json!({"link": link.id, "role": user.role.as_str(), "poc": user.poc,
                   "display_name": user.display_name, "second_factor": "totp"}),
        );
        match self.store.apply(changes, vec![audit], now).await {
            Ok(_) => {}
            Err(StoreError::Conflict(_)) => {
                // Either the link was used meanwhile, or the login was taken meanwhile.
                let status = self
                    .enrolment_link(secret)
                    .await
                    .map(|(_, s)| s)
                    .unwrap_or(EnrolmentStatus::Used);
                return Err(if status == EnrolmentStatus::Usable {
                    AuthError::Fields(vec![("login", AuthProblem::LoginTaken)])
                } else {
                    AuthError::Link(status)
                });
            }
            Err(e) => return Err(e.into()),
        }
        let session_secret = self.open_session(&user).await?;
        Ok(Enrolled {
            user,
            recovery_codes: codes,
            session_secret,
        })
    }

    /// Refuses an attempt while the account or the address must wait.
    pub(crate) async fn check_throttle(&self, keys: &[String]) -> Result<(), AuthError> {
        let now = self.now();
        let mut wait: Option<SignedDuration> = None;
        for key in keys {
            if let Some(r) = self.store.sign_in_failures(key).await?
                && let Some(w) = r.retry_after(now)
            {
                wait = Some(wait.map_or(w, |x| x.max(w)));
            }
        }
        match wait {
            Some(w) => Err(AuthError::Throttled(w)),
            None => Ok(()),
        }
    }

    /// Counts a failure for the account and the address; audits a lockout when the account
    /// reaches it.
    pub(crate) async fn count_failure(
        &self,
        keys: &[String],
        user: Option<&User>,
    ) -> Result<(), AuthError> {
        let now = self.now();
        for (i, key) in keys.iter().enumerate() {
            let r = self.store.record_sign_in_failure(key, now).await?;
            if r.failures == LOCKOUT_FAILURES {
                if i == 0
                    && let Some(u) = user
                {
                    self.store
                        .apply(
                            vec![],
                            vec![event(u, "account.lockout", json!({"failures": r.failures}))],
                            now,
                        )
                        .await?;
                } else {
                    tracing::warn!(key = %key, "sign-in lockout");
                }
            }
        }
        Ok(())
    }

    /// The first step of signing in. Returns the secret of a pending sign-in, for the form
    /// of the second step.
    pub async fn sign_in_password(
        &self,
        login: &str,
        password: &str,
        address: &str,
    ) -> Result<String, AuthError> {
        let normal = normalise_login(login);
        let keys = failure_keys(
            normal
                .as_deref()
                .unwrap_or(login.trim())
                .to_lowercase()
                .as_str(),
            address,
        );
        self.check_throttle(&keys).await?;
        let user = match &normal {
            Some(l) => self.store.user_by_login(l).await?,
            None => None,
        };
        let user = user.filter(|u| u.disabled_at.is_none());
        let ok = verify_password(user.as_ref().map(|u| u.password_hash.as_str()), password).await;
        let user = match (ok, user) {
            (true, Some(u)) => u,
            (_, user) => {
                self.count_failure(&keys, user.as_ref()).await?;
                return Err(AuthError::Failed);
            }
        };
        let secret = new_secret(PENDING_PREFIX);
        self.store
            .insert_pending_sign_in(
                &hash_secret(&secret),
                &PendingSignIn {
                    user: user.id,
                    created_at: self.now(),
                    attempts: 0,
                },
            )
            .await?;
        Ok(secret)
    }

    /// The person a pending sign-in is for, while it is still open.
    pub async fn pending_user(&self, pending: &str) -> Result<Option<User>, AuthError> {
        if !pending.starts_with(PENDING_PREFIX) || pending.len() > 96 {
            return Ok(None);
        }
        let Some(p) = self.store.pending_sign_in(&hash_secret(pending)).await? else {
            return Ok(None);
        };
        let fresh = p
            .created_at
            .checked_add(PENDING_SIGN_IN_VALIDITY)
            .is_ok_and(|end| self.now() < end);
        if !fresh || p.attempts >= PENDING_SIGN_IN_ATTEMPTS {
            return Ok(None);
        }
        Ok(self
            .store
            .user(p.user)
            .await?
            .filter(|u| u.disabled_at.is_none()))
    }

    /// The second step: a TOTP code or a recovery code. Returns the user and the secret of
    /// a new session.
    pub async fn sign_in_code(
        &self,
        pending: &str,
        code: &str,
        address: &str,
    ) -> Result<(User, String), AuthError> {
        let Some(user) = self.pending_user(pending).await? else {
            return Err(AuthError::PendingExpired);
        };
        let keys = failure_keys(&user.login, address);
        self.check_throttle(&keys).await?;
        let now = self.now();
        let factor = match parse_second_factor_code(code) {
            Some(SecondFactorCode::Totp(code)) => match &user.totp_secret {
                Some(secret) => {
                    let last = self.store.totp_last_step(user.id).await?;
                    match matching_step(secret, &code, now, last) {
                        Some(step) if self.store.use_totp_step(user.id, step).await? => {
                            Some("totp")
                        }
                        _ => None,
                    }
                }
                None => None,
            },
            Some(SecondFactorCode::Recovery(code)) => self
                .store
                .use_recovery_code(user.id, &recovery_hash(user.id, &code), now)
                .await?
                .then_some("recovery_code"),
            None => None,
        };
        let pending_hash = hash_secret(pending);
        let Some(factor) = factor else {
            self.store.count_pending_attempt(&pending_hash).await?;
            self.count_failure(&keys, Some(&user)).await?;
            return Err(AuthError::Failed);
        };
        self.store.delete_pending_sign_in(&pending_hash).await?;
        let session = self.finish_sign_in(&user, factor, &keys[0]).await?;
        Ok((user, session))
    }

    /// A sign-in proved: failures of the account forgotten, audited, session opened.
    pub(crate) async fn finish_sign_in(
        &self,
        user: &User,
        factor: &str,
        account_key: &str,
    ) -> Result<String, AuthError> {
        self.store.clear_sign_in_failures(account_key).await?;
        let now = self.now();
        self.store
            .apply(
                vec![],
                vec![event(user, "account.sign_in", json!({"factor": factor}))],
                now,
            )
            .await?;
        Ok(self.open_session(user).await?)
    }

    /// The account key a user's failures are counted under.
    pub fn account_failure_key(user: &User) -> String {
        format!("account:{}", user.login)
    }

    /// The second factors of the signed-in person.
    pub async fn second_factors(&self, me: &SignedIn) -> Result<SecondFactors, AppError> {
        Ok(SecondFactors {
            totp: me.user.totp_secret.is_some(),
            recovery_codes_left: self.store.recovery_codes_left(me.user.id).await?,
            passkeys: self.store.passkeys_of(me.user.id).await?,
        })
    }

    /// Replace the authenticator app: the new secret counts once a current code of it is
    /// given.
    pub async fn change_totp(
        &self,
        me: &SignedIn,
        secret_b32: &str,
        code: &str,
    ) -> Result<(), AuthError> {
        let now = self.now();
        let step = if totp_secret_is_valid(secret_b32) {
            match parse_second_factor_code(code) {
                Some(SecondFactorCode::Totp(code)) => matching_step(secret_b32, &code, now, None),
                _ => None,
            }
        } else {
            None
        };
        let Some(step) = step else {
            return Err(AuthError::Fields(vec![("code", AuthProblem::CodeWrong)]));
        };
        self.store
            .apply(
                vec![Change::SetTotp {
                    user: me.user.id,
                    secret: Some(secret_b32.trim().to_owned()),
                    last_step: Some(step),
                }],
                vec![event(&me.user, "account.totp_change", json!({}))],
                now,
            )
            .await?;
        Ok(())
    }

    /// Change the address and language Liaison writes to the person in. Only the directory
    /// administrator may leave the address blank.
    pub async fn change_contact(
        &self,
        me: &SignedIn,
        email: &str,
        language: liaison_core::EntryLanguage,
    ) -> Result<User, AuthError> {
        let email = match email_field(email) {
            Ok(None) if me.user.role != Role::Admin => {
                return Err(AuthError::Fields(vec![(
                    "email",
                    AuthProblem::EmailInvalid,
                )]));
            }
            Ok(e) => e,
            Err(p) => return Err(AuthError::Fields(vec![("email", p)])),
        };
        let now = self.now();
        self.store
            .apply(
                vec![Change::SetUserContact {
                    user: me.user.id,
                    email: email.clone(),
                    language,
                }],
                vec![event(
                    &me.user,
                    "account.contact",
                    json!({"language": language.as_str(), "email_set": email.is_some()}),
                )],
                now,
            )
            .await?;
        let mut user = me.user.clone();
        user.email = email;
        user.language = language;
        Ok(user)
    }

    /// New recovery codes; the old ones stop working. Shown once.
    pub async fn regenerate_recovery_codes(
        &self,
        me: &SignedIn,
    ) -> Result<NewRecoveryCodes, AppError> {
        let now = self.now();
        let codes = new_recovery_codes();
        self.store
            .apply(
                vec![Change::SetRecoveryCodes {
                    user: me.user.id,
                    hashes: recovery_hashes(me.user.id, &codes),
                    at: now,
                }],
                vec![event(&me.user, "account.recovery_codes", json!({}))],
                now,
            )
            .await?;
        Ok(NewRecoveryCodes(codes))
    }

    /// End every session of the signed-in person, this one included; audited.
    pub async fn sign_out_everywhere(&self, me: &SignedIn) -> Result<u64, AppError> {
        let n = self.close_all_sessions(&me.user).await?;
        self.store
            .apply(
                vec![],
                vec![event(
                    &me.user,
                    "account.sign_out_everywhere",
                    json!({"sessions": n}),
                )],
                self.now(),
            )
            .await?;
        Ok(n)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password_blocking("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{h}");
        assert!(verify_password_blocking(&h, "correct horse battery"));
        assert!(!verify_password_blocking(&h, "correct horse battery!"));
        assert!(!verify_password_blocking("not a hash", "x"));
    }

    #[test]
    fn totp_codes_follow_rfc_6238() {
        // RFC 6238 appendix B, SHA-1, the 8-digit values cut to 6.
        let secret = totp_rs::Secret::from(*b"12345678901234567890").to_base32();
        let at = |s: i64| Timestamp::from_second(s).unwrap();
        assert_eq!(totp_code(&secret, at(59)).unwrap(), "287082");
        assert_eq!(totp_code(&secret, at(1_111_111_109)).unwrap(), "081804");
        let now = at(1_111_111_109);
        let step = matching_step(&secret, "081804", now, None).unwrap();
        assert_eq!(step, 1_111_111_109 / 30);
        assert_eq!(matching_step(&secret, "081804", now, Some(step)), None);
        assert!(totp_uri(&secret, "a b@x").contains("Liaison:a%20b@x?secret="));
    }

    #[test]
    fn recovery_codes_are_distinct_and_readable() {
        let codes = new_recovery_codes();
        assert_eq!(codes.len(), RECOVERY_CODES);
        assert_eq!(codes[0].len(), 19);
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), RECOVERY_CODES);
        let u = Uuid::new_v4();
        let Some(SecondFactorCode::Recovery(n)) = parse_second_factor_code(&codes[0]) else {
            panic!()
        };
        assert_eq!(recovery_hash(u, &n), recovery_hashes(u, &codes)[0]);
    }
}

//! SQL for web accounts: users, one-time enrolment links, sessions, failed sign-in counters
//! (migrations `0002_accounts.sql`). Same `$n` text on both backends, like the rest of `sql`.

use super::{corrupt, from_micros, micros};
use crate::Ceremony;
use crate::StoreError;
use jiff::Timestamp;
use liaison_core::account::{
    EnrolmentLink, FailureRecord, PendingSignIn, Session, StoredPasskey, User,
};
use liaison_core::codes::EntryLanguage;
use liaison_core::contact::Email;
use liaison_core::permission::Role;
use liaison_core::states::StateCode;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use uuid::Uuid;

pub(super) const USER_COLUMNS: &str = "id, login, role, state, poc_id, display_name, \
     password_hash, totp_secret, created_at, disabled_at, email, language";
const LINK_COLUMNS: &str = "id, secret_hash, role, state, poc_id, display_name, created_by, \
     created_at, expires_at, used_at, revoked_at, email";
const SESSION_COLUMNS: &str = "id_hash, user_id, created_at, last_seen_at, revoked_at";

fn uuid(row: &AnyRow, column: &str) -> Result<Uuid, StoreError> {
    let v: String = row.try_get(column)?;
    Uuid::parse_str(&v).map_err(corrupt(column))
}

fn opt_uuid(row: &AnyRow, column: &str) -> Result<Option<Uuid>, StoreError> {
    let v: Option<String> = row.try_get(column)?;
    v.map(|v| Uuid::parse_str(&v).map_err(corrupt(column)))
        .transpose()
}

fn opt_time(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, StoreError> {
    let v: Option<i64> = row.try_get(column)?;
    v.map(from_micros).transpose()
}

fn opt_email(row: &AnyRow) -> Result<Option<Email>, StoreError> {
    let v: Option<String> = row.try_get("email")?;
    v.map(|v| Email::parse(&v).ok_or_else(|| StoreError::Corrupt(format!("e-mail {v}"))))
        .transpose()
}

fn role(row: &AnyRow) -> Result<Role, StoreError> {
    let v: String = row.try_get("role")?;
    Role::parse(&v).ok_or_else(|| StoreError::Corrupt(format!("role {v}")))
}

fn state_code(v: &str) -> Result<StateCode, StoreError> {
    StateCode::parse(v).ok_or_else(|| StoreError::Corrupt(format!("state {v}")))
}

fn decode_user(row: &AnyRow) -> Result<User, StoreError> {
    let state: Option<String> = row.try_get("state")?;
    Ok(User {
        id: uuid(row, "id")?,
        login: row.try_get("login")?,
        role: role(row)?,
        state: state.as_deref().map(state_code).transpose()?,
        poc: opt_uuid(row, "poc_id")?,
        display_name: row.try_get("display_name")?,
        password_hash: row.try_get("password_hash")?,
        totp_secret: row.try_get("totp_secret")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        disabled_at: opt_time(row, "disabled_at")?,
        email: opt_email(row)?,
        language: {
            let v: String = row.try_get("language")?;
            EntryLanguage::parse(&v)
                .ok_or_else(|| StoreError::Corrupt(format!("user language {v}")))?
        },
    })
}

fn decode_link(row: &AnyRow) -> Result<EnrolmentLink, StoreError> {
    let state: Option<String> = row.try_get("state")?;
    Ok(EnrolmentLink {
        id: uuid(row, "id")?,
        secret_hash: row.try_get("secret_hash")?,
        role: role(row)?,
        state: state.as_deref().map(state_code).transpose()?,
        poc: opt_uuid(row, "poc_id")?,
        display_name: row.try_get("display_name")?,
        email: opt_email(row)?,
        created_by: row.try_get("created_by")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        expires_at: from_micros(row.try_get("expires_at")?)?,
        used_at: opt_time(row, "used_at")?,
        revoked_at: opt_time(row, "revoked_at")?,
    })
}

fn decode_session(row: &AnyRow) -> Result<Session, StoreError> {
    Ok(Session {
        id_hash: row.try_get("id_hash")?,
        user: uuid(row, "user_id")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        last_seen_at: from_micros(row.try_get("last_seen_at")?)?,
        revoked_at: opt_time(row, "revoked_at")?,
    })
}

fn decode_failures(row: &AnyRow) -> Result<FailureRecord, StoreError> {
    let failures: i64 = row.try_get("failures")?;
    Ok(FailureRecord {
        failures: u32::try_from(failures).unwrap_or(u32::MAX),
        last_failure_at: from_micros(row.try_get("last_failure_at")?)?,
    })
}

pub(super) async fn insert_user(
    tx: &mut Transaction<'static, Any>,
    user: &User,
) -> Result<(), StoreError> {
    let taken = sqlx::query("SELECT 1 FROM users WHERE login = $1 OR id = $2")
        .bind(user.login.clone())
        .bind(user.id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "login {} is taken",
            user.login
        )));
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO users ({USER_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
    )))
    .bind(user.id.to_string())
    .bind(user.login.clone())
    .bind(user.role.as_str())
    .bind(user.state.map(|s| s.as_str().to_owned()))
    .bind(user.poc.map(|p| p.to_string()))
    .bind(user.display_name.clone())
    .bind(user.password_hash.clone())
    .bind(user.totp_secret.clone())
    .bind(micros(user.created_at))
    .bind(user.disabled_at.map(micros))
    .bind(user.email.as_ref().map(|e| e.as_str().to_owned()))
    .bind(user.language.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn insert_link(
    tx: &mut Transaction<'static, Any>,
    link: &EnrolmentLink,
) -> Result<(), StoreError> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO enrolment_links ({LINK_COLUMNS}) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, $10)"
    )))
    .bind(link.id.to_string())
    .bind(link.secret_hash.clone())
    .bind(link.role.as_str())
    .bind(link.state.map(|s| s.as_str().to_owned()))
    .bind(link.poc.map(|p| p.to_string()))
    .bind(link.display_name.clone())
    .bind(link.created_by.clone())
    .bind(micros(link.created_at))
    .bind(micros(link.expires_at))
    .bind(link.email.as_ref().map(|e| e.as_str().to_owned()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn revoke_link(
    tx: &mut Transaction<'static, Any>,
    id: Uuid,
    at: Timestamp,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE enrolment_links SET revoked_at = $1 \
         WHERE id = $2 AND used_at IS NULL AND revoked_at IS NULL",
    )
    .bind(micros(at))
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("unused enrolment link {id}")));
    }
    Ok(())
}

/// Single use is decided by one conditional UPDATE: of two concurrent enrolments on one link,
/// the second finds `used_at` set (after the first commits, or by waiting on its row lock)
/// and gets `Conflict`.
pub(super) async fn enrol(
    tx: &mut Transaction<'static, Any>,
    link: Uuid,
    user: &User,
) -> Result<(), StoreError> {
    let at = micros(user.created_at);
    insert_user(tx, user).await?;
    let done = sqlx::query(
        "UPDATE enrolment_links SET used_at = $1, used_by = $2 \
         WHERE id = $3 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(at)
    .bind(user.id.to_string())
    .bind(link.to_string())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict(format!(
            "enrolment link {link} is used, revoked or expired"
        )));
    }
    Ok(())
}

pub(super) async fn user(pool: &AnyPool, id: Uuid) -> Result<Option<User>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_user).transpose()
}

pub(super) async fn user_by_login(pool: &AnyPool, login: &str) -> Result<Option<User>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE login = $1"
    )))
    .bind(login.to_owned())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_user).transpose()
}

pub(super) async fn users_of_state(
    pool: &AnyPool,
    state: StateCode,
) -> Result<Vec<User>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE state = $1 ORDER BY created_at, id"
    )))
    .bind(state.as_str().to_owned())
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_user).collect()
}

pub(super) async fn user_counts(pool: &AnyPool) -> Result<Vec<(StateCode, u64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT state, COUNT(*) AS n FROM users \
         WHERE state IS NOT NULL AND disabled_at IS NULL GROUP BY state",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            let state: String = row.try_get("state")?;
            let n: i64 = row.try_get("n")?;
            Ok((state_code(&state)?, u64::try_from(n).unwrap_or(0)))
        })
        .collect()
}

pub(super) async fn enrolment_by_hash(
    pool: &AnyPool,
    secret_hash: &str,
) -> Result<Option<EnrolmentLink>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINK_COLUMNS} FROM enrolment_links WHERE secret_hash = $1"
    )))
    .bind(secret_hash.to_owned())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_link).transpose()
}

pub(super) async fn enrolment(
    pool: &AnyPool,
    id: Uuid,
) -> Result<Option<EnrolmentLink>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINK_COLUMNS} FROM enrolment_links WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_link).transpose()
}

pub(super) async fn enrolments_of_state(
    pool: &AnyPool,
    state: StateCode,
) -> Result<Vec<EnrolmentLink>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {LINK_COLUMNS} FROM enrolment_links WHERE state = $1 \
         ORDER BY created_at DESC, id"
    )))
    .bind(state.as_str().to_owned())
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_link).collect()
}

pub(super) async fn insert_session(pool: &AnyPool, s: &Session) -> Result<(), StoreError> {
    let taken = sqlx::query("SELECT 1 FROM sessions WHERE id_hash = $1")
        .bind(s.id_hash.clone())
        .fetch_optional(pool)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict("session id".into()));
    }
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO sessions ({SESSION_COLUMNS}) VALUES ($1, $2, $3, $4, $5)"
    )))
    .bind(s.id_hash.clone())
    .bind(s.user.to_string())
    .bind(micros(s.created_at))
    .bind(micros(s.last_seen_at))
    .bind(s.revoked_at.map(micros))
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn session(pool: &AnyPool, id_hash: &str) -> Result<Option<Session>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {SESSION_COLUMNS} FROM sessions WHERE id_hash = $1"
    )))
    .bind(id_hash.to_owned())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_session).transpose()
}

pub(super) async fn touch_session(
    pool: &AnyPool,
    id_hash: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE sessions SET last_seen_at = $1 \
         WHERE id_hash = $2 AND revoked_at IS NULL AND last_seen_at < $1",
    )
    .bind(micros(at))
    .bind(id_hash.to_owned())
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn revoke_session(
    pool: &AnyPool,
    id_hash: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE sessions SET revoked_at = $1 WHERE id_hash = $2 AND revoked_at IS NULL")
        .bind(micros(at))
        .bind(id_hash.to_owned())
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn revoke_sessions_of(
    pool: &AnyPool,
    user: Uuid,
    at: Timestamp,
) -> Result<u64, StoreError> {
    let done = sqlx::query(
        "UPDATE sessions SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(micros(at))
    .bind(user.to_string())
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

pub(super) async fn sign_in_failures(
    pool: &AnyPool,
    key: &str,
) -> Result<Option<FailureRecord>, StoreError> {
    let row = sqlx::query("SELECT failures, last_failure_at FROM sign_in_failures WHERE key = $1")
        .bind(key.to_owned())
        .fetch_optional(pool)
        .await?;
    row.as_ref().map(decode_failures).transpose()
}

/// One statement, so concurrent failures (several replicas, parallel guesses) all count.
pub(super) async fn record_sign_in_failure(
    pool: &AnyPool,
    key: &str,
    at: Timestamp,
) -> Result<FailureRecord, StoreError> {
    let row = sqlx::query(
        "INSERT INTO sign_in_failures (key, failures, last_failure_at) VALUES ($1, 1, $2) \
         ON CONFLICT (key) DO UPDATE \
         SET failures = sign_in_failures.failures + 1, last_failure_at = $2 \
         RETURNING failures, last_failure_at",
    )
    .bind(key.to_owned())
    .bind(micros(at))
    .fetch_one(pool)
    .await?;
    decode_failures(&row)
}

pub(super) async fn clear_sign_in_failures(pool: &AnyPool, key: &str) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = $1")
        .bind(key.to_owned())
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn set_recovery_codes(
    tx: &mut Transaction<'static, Any>,
    user: Uuid,
    hashes: &[String],
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM recovery_codes WHERE user_id = $1")
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    for h in hashes {
        sqlx::query(
            "INSERT INTO recovery_codes (user_id, code_hash, created_at, used_at) \
             VALUES ($1, $2, $3, NULL)",
        )
        .bind(user.to_string())
        .bind(h.clone())
        .bind(micros(at))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(super) async fn set_totp(
    tx: &mut Transaction<'static, Any>,
    user: Uuid,
    secret: Option<&str>,
    last_step: Option<i64>,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3")
        .bind(secret.map(str::to_owned))
        .bind(last_step)
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("user {user}")));
    }
    Ok(())
}

pub(super) async fn add_passkey(
    tx: &mut Transaction<'static, Any>,
    p: &StoredPasskey,
) -> Result<(), StoreError> {
    let taken = sqlx::query("SELECT 1 FROM passkeys WHERE credential = $1 OR id = $2")
        .bind(p.credential.clone())
        .bind(p.id.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict("passkey credential".into()));
    }
    sqlx::query(
        "INSERT INTO passkeys (id, user_id, credential, name, data, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(p.id.to_string())
    .bind(p.user.to_string())
    .bind(p.credential.clone())
    .bind(p.name.clone())
    .bind(p.data.clone())
    .bind(micros(p.created_at))
    .bind(p.last_used_at.map(micros))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn remove_passkey(
    tx: &mut Transaction<'static, Any>,
    user: Uuid,
    id: Uuid,
) -> Result<(), StoreError> {
    let done = sqlx::query("DELETE FROM passkeys WHERE id = $1 AND user_id = $2")
        .bind(id.to_string())
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("passkey {id}")));
    }
    Ok(())
}

pub(super) async fn use_totp_step(
    pool: &AnyPool,
    user: Uuid,
    step: i64,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE users SET totp_last_step = $1 \
         WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
    )
    .bind(step)
    .bind(user.to_string())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn totp_last_step(pool: &AnyPool, user: Uuid) -> Result<Option<i64>, StoreError> {
    let row = sqlx::query("SELECT totp_last_step FROM users WHERE id = $1")
        .bind(user.to_string())
        .fetch_optional(pool)
        .await?;
    match row {
        Some(r) => Ok(r.try_get("totp_last_step")?),
        None => Ok(None),
    }
}

pub(super) async fn use_recovery_code(
    pool: &AnyPool,
    user: Uuid,
    code_hash: &str,
    at: Timestamp,
) -> Result<bool, StoreError> {
    let done = sqlx::query(
        "UPDATE recovery_codes SET used_at = $1 \
         WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL",
    )
    .bind(micros(at))
    .bind(user.to_string())
    .bind(code_hash.to_owned())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub(super) async fn recovery_codes_left(pool: &AnyPool, user: Uuid) -> Result<u64, StoreError> {
    let row = sqlx::query(
        "SELECT COUNT(*) AS n FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL",
    )
    .bind(user.to_string())
    .fetch_one(pool)
    .await?;
    let n: i64 = row.try_get("n")?;
    Ok(u64::try_from(n).unwrap_or(0))
}

const PASSKEY_COLUMNS: &str = "id, user_id, credential, name, data, created_at, last_used_at";

fn decode_passkey(row: &AnyRow) -> Result<StoredPasskey, StoreError> {
    Ok(StoredPasskey {
        id: uuid(row, "id")?,
        user: uuid(row, "user_id")?,
        credential: row.try_get("credential")?,
        name: row.try_get("name")?,
        data: row.try_get("data")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        last_used_at: opt_time(row, "last_used_at")?,
    })
}

pub(super) async fn passkeys_of(
    pool: &AnyPool,
    user: Uuid,
) -> Result<Vec<StoredPasskey>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE user_id = $1 ORDER BY created_at, id"
    )))
    .bind(user.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_passkey).collect()
}

pub(super) async fn passkey_by_credential(
    pool: &AnyPool,
    credential: &str,
) -> Result<Option<StoredPasskey>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {PASSKEY_COLUMNS} FROM passkeys WHERE credential = $1"
    )))
    .bind(credential.to_owned())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_passkey).transpose()
}

pub(super) async fn passkey_used(
    pool: &AnyPool,
    id: Uuid,
    data: &str,
    at: Timestamp,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE passkeys SET data = $1, last_used_at = $2 WHERE id = $3")
        .bind(data.to_owned())
        .bind(micros(at))
        .bind(id.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn put_ceremony(
    pool: &AnyPool,
    id_hash: &str,
    c: &Ceremony,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO webauthn_ceremonies (id_hash, user_id, kind, state, expires_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id_hash.to_owned())
    .bind(c.user.map(|u| u.to_string()))
    .bind(c.kind.clone())
    .bind(c.state.clone())
    .bind(micros(c.expires_at))
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn take_ceremony(
    pool: &AnyPool,
    id_hash: &str,
) -> Result<Option<Ceremony>, StoreError> {
    let row = sqlx::query(
        "DELETE FROM webauthn_ceremonies WHERE id_hash = $1 \
         RETURNING user_id, kind, state, expires_at",
    )
    .bind(id_hash.to_owned())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(Ceremony {
            user: opt_uuid(&r, "user_id")?,
            kind: r.try_get("kind")?,
            state: r.try_get("state")?,
            expires_at: from_micros(r.try_get("expires_at")?)?,
        })
    })
    .transpose()
}

pub(super) async fn insert_pending_sign_in(
    pool: &AnyPool,
    id_hash: &str,
    p: &PendingSignIn,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO pending_sign_ins (id_hash, user_id, created_at, attempts) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(id_hash.to_owned())
    .bind(p.user.to_string())
    .bind(micros(p.created_at))
    .bind(i64::from(p.attempts))
    .execute(pool)
    .await?;
    Ok(())
}

pub(super) async fn pending_sign_in(
    pool: &AnyPool,
    id_hash: &str,
) -> Result<Option<PendingSignIn>, StoreError> {
    let row = sqlx::query(
        "SELECT user_id, created_at, attempts FROM pending_sign_ins WHERE id_hash = $1",
    )
    .bind(id_hash.to_owned())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        let attempts: i64 = r.try_get("attempts")?;
        Ok(PendingSignIn {
            user: uuid(&r, "user_id")?,
            created_at: from_micros(r.try_get("created_at")?)?,
            attempts: u32::try_from(attempts).unwrap_or(u32::MAX),
        })
    })
    .transpose()
}

pub(super) async fn count_pending_attempt(pool: &AnyPool, id_hash: &str) -> Result<(), StoreError> {
    sqlx::query("UPDATE pending_sign_ins SET attempts = attempts + 1 WHERE id_hash = $1")
        .bind(id_hash.to_owned())
        .execute(pool)
        .await?;
    Ok(())
}

pub(super) async fn delete_pending_sign_in(
    pool: &AnyPool,
    id_hash: &str,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM pending_sign_ins WHERE id_hash = $1")
        .bind(id_hash.to_owned())
        .execute(pool)
        .await?;
    Ok(())
}

/// A person's address and language (the account page).
pub(super) async fn set_contact(
    tx: &mut Transaction<'static, Any>,
    user: Uuid,
    email: Option<&Email>,
    language: EntryLanguage,
) -> Result<(), StoreError> {
    let done = sqlx::query("UPDATE users SET email = $1, language = $2 WHERE id = $3")
        .bind(email.map(|e| e.as_str().to_owned()))
        .bind(language.as_str())
        .bind(user.to_string())
        .execute(&mut **tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::NotFound(format!("user {user}")));
    }
    Ok(())
}

//! The SQL implementation of `Store` for SQLite and PostgreSQL through sqlx's `Any` driver.
//! Queries use `$n` placeholders, which both backends accept; values are plain integers and
//! text so one row decoder serves both.

mod accounts;
mod pings;
mod recent;
mod threads;

use crate::{
    AuditQuery, Ceremony, Change, DeliveryAttempt, DeliveryUpdate, MailQueue, OutboxMail,
    ParticipationStatus, Store, StoreError,
};
use async_trait::async_trait;
use jiff::Timestamp;
use liaison_core::account::{
    EnrolmentLink, FailureRecord, PendingSignIn, Session, StoredPasskey, User,
};
use liaison_core::audit::{AuditEvent, AuditRecord, chain_hash};
use liaison_core::participation::{Participation, ParticipationChange, ParticipationEvent};
use liaison_core::permission::Role;
use liaison_core::ping::{Escalation, FollowUp, PingCampaign, PingChallenge};
use liaison_core::poc::PointOfContact;
use liaison_core::revision::{Revision, RevisionChange};
use liaison_core::states::StateCode;
use liaison_core::token::ApiToken;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Executor, Row, Transaction};
use std::time::Duration;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// Migrations, in order, per backend. Applied versions are recorded in `liaison_migrations`.
const SQLITE_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/sqlite/0001_directory.sql")),
    (2, include_str!("../migrations/sqlite/0002_accounts.sql")),
    (
        3,
        include_str!("../migrations/sqlite/0003_second_factors.sql"),
    ),
    (4, include_str!("../migrations/sqlite/0004_pings.sql")),
    (5, include_str!("../migrations/sqlite/0005_threads.sql")),
    (
        6,
        include_str!("../migrations/sqlite/0006_notification_mail.sql"),
    ),
];
const POSTGRES_MIGRATIONS: &[(i64, &str)] = &[
    (1, include_str!("../migrations/postgres/0001_directory.sql")),
    (2, include_str!("../migrations/postgres/0002_accounts.sql")),
    (
        3,
        include_str!("../migrations/postgres/0003_second_factors.sql"),
    ),
    (4, include_str!("../migrations/postgres/0004_pings.sql")),
    (5, include_str!("../migrations/postgres/0005_threads.sql")),
    (
        6,
        include_str!("../migrations/postgres/0006_notification_mail.sql"),
    ),
];

#[derive(Clone)]
pub struct SqlStore {
    pool: AnyPool,
    backend: Backend,
    /// Sessions and users read on every signed-in page view (`sql/recent.rs`).
    recent: std::sync::Arc<recent::Recent>,
}

fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

fn from_micros(v: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(v).map_err(|e| StoreError::Corrupt(format!("timestamp {v}: {e}")))
}

fn corrupt<E: std::fmt::Display>(what: &str) -> impl FnOnce(E) -> StoreError + '_ {
    move |e| StoreError::Corrupt(format!("{what}: {e}"))
}

impl SqlStore {
    /// Open `sqlite:PATH` (created if missing; WAL, synchronous=FULL) or `postgres://…`, and
    /// run pending migrations.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        let store = Self::connect(url, true).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Open an existing database as it is: no file is created and no migration runs (for
    /// checks such as `liaison audit verify`, which must not vouch for a mistyped path).
    pub async fn open_existing(url: &str) -> Result<Self, StoreError> {
        Self::connect(url, false).await
    }

    async fn connect(url: &str, create: bool) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let (backend, url, max) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let path = rest.trim_start_matches("//");
            if path.is_empty() {
                return Err(StoreError::UnsupportedUrl("sqlite: needs a path".into()));
            }
            let sep = if path.contains('?') { '&' } else { '?' };
            let extra = if path.contains("mode=") {
                String::new()
            } else {
                format!("{sep}mode={}", if create { "rwc" } else { "rw" })
            };
            (Backend::Sqlite, format!("sqlite://{path}{extra}"), 8)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            (Backend::Postgres, url.to_owned(), 16)
        } else {
            return Err(StoreError::UnsupportedUrl(redact(url)));
        };
        let pool = AnyPoolOptions::new()
            .max_connections(max)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // WAL for concurrent readers; FULL so an acknowledged commit survives a
                        // power cut, not only a process crash.
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA synchronous = FULL").await?;
                        conn.execute("PRAGMA busy_timeout = 30000").await?;
                    }
                    Ok(())
                })
            })
            .connect(&url)
            .await?;
        Ok(SqlStore {
            pool,
            backend,
            recent: Default::default(),
        })
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        if self.backend == Backend::Postgres {
            // Two replicas starting together must not both migrate.
            sqlx::query("SELECT pg_advisory_lock(7423019)")
                .execute(&mut *conn)
                .await?;
        }
        let result = async {
            sqlx::raw_sql(
                "CREATE TABLE IF NOT EXISTS liaison_migrations (version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)",
            )
            .execute(&mut *conn)
            .await?;
            let done: Vec<i64> = sqlx::query("SELECT version FROM liaison_migrations")
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| r.try_get::<i64, _>(0))
                .collect::<Result<_, _>>()?;
            let list = match self.backend {
                Backend::Sqlite => SQLITE_MIGRATIONS,
                Backend::Postgres => POSTGRES_MIGRATIONS,
            };
            for (version, sql) in list {
                if done.contains(version) {
                    continue;
                }
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                sqlx::raw_sql(*sql).execute(&mut *tx).await?;
                sqlx::query("INSERT INTO liaison_migrations (version, applied_at) VALUES ($1, $2)")
                    .bind(*version)
                    .bind(micros(Timestamp::now()))
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!(version, backend = self.backend.as_str(), "applied migration");
            }
            Ok::<(), sqlx::Error>(())
        }
        .await;
        if self.backend == Backend::Postgres {
            sqlx::query("SELECT pg_advisory_unlock(7423019)")
                .execute(&mut *conn)
                .await?;
        }
        result.map_err(StoreError::from)
    }

    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Never print a password from a database URL.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.chars().take(16).collect::<String>() + "…",
    }
}

async fn apply_change(
    tx: &mut Transaction<'static, Any>,
    change: Change,
) -> Result<(), StoreError> {
    match change {
        Change::InsertPoc { poc, revision } => {
            let exists = sqlx::query("SELECT 1 FROM pocs WHERE id = $1")
                .bind(poc.id.to_string())
                .fetch_optional(&mut **tx)
                .await?;
            if exists.is_some() {
                return Err(StoreError::Conflict(format!(
                    "entry {} already exists",
                    poc.id
                )));
            }
            let doc = serde_json::to_string(&*poc).map_err(corrupt("encode entry"))?;
            sqlx::query(
                "INSERT INTO pocs (id, seq, state, role, status, revision, updated_at, doc) \
                 VALUES ($1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM pocs), $2, $3, $4, $5, $6, $7)",
            )
            .bind(poc.id.to_string())
            .bind(poc.content.state.as_str().to_owned())
            .bind(poc.content.role.as_str())
            .bind(poc.status.as_str())
            .bind(i64::from(poc.revision))
            .bind(micros(poc.updated_at))
            .bind(doc)
            .execute(&mut **tx)
            .await?;
            insert_revision(tx, &revision).await
        }
        Change::UpdatePoc {
            poc,
            expected_revision,
            revision,
        } => {
            let doc = serde_json::to_string(&*poc).map_err(corrupt("encode entry"))?;
            let done = sqlx::query(
                "UPDATE pocs SET state = $1, role = $2, status = $3, revision = $4, updated_at = $5, doc = $6 \
                 WHERE id = $7 AND revision = $8",
            )
            .bind(poc.content.state.as_str().to_owned())
            .bind(poc.content.role.as_str())
            .bind(poc.status.as_str())
            .bind(i64::from(poc.revision))
            .bind(micros(poc.updated_at))
            .bind(doc)
            .bind(poc.id.to_string())
            .bind(i64::from(expected_revision))
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict(format!(
                    "entry {} is not at revision {expected_revision}",
                    poc.id
                )));
            }
            insert_revision(tx, &revision).await
        }
        Change::Participation(ev) => {
            sqlx::query("INSERT INTO participation_events (state, change, at, actor, reason) VALUES ($1, $2, $3, $4, $5)")
                .bind(ev.state.as_str().to_owned())
                .bind(ev.change.as_str())
                .bind(micros(ev.at))
                .bind(ev.actor.clone())
                .bind(ev.reason.clone())
                .execute(&mut **tx)
                .await?;
            let status = ev.change.outcome().as_str();
            let updated = sqlx::query(
                "UPDATE state_participation SET status = $1, since = $2 WHERE state = $3",
            )
            .bind(status)
            .bind(micros(ev.at))
            .bind(ev.state.as_str().to_owned())
            .execute(&mut **tx)
            .await?;
            if updated.rows_affected() == 0 {
                sqlx::query(
                    "INSERT INTO state_participation (state, status, since) VALUES ($1, $2, $3)",
                )
                .bind(ev.state.as_str().to_owned())
                .bind(status)
                .bind(micros(ev.at))
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        }
        Change::InsertToken(t) => {
            sqlx::query(
                "INSERT INTO api_tokens (id, secret_hash, role, state, poc_id, label, created_at, expires_at, revoked_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, $9)",
            )
            .bind(t.id.to_string())
            .bind(t.secret_hash.clone())
            .bind(t.role.as_str())
            .bind(t.state.map(|s| s.as_str().to_owned()))
            .bind(t.poc.map(|p| p.to_string()))
            .bind(t.label.clone())
            .bind(micros(t.created_at))
            .bind(micros(t.expires_at))
            .bind(t.created_by.clone())
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
        Change::RevokeToken { id, at } => {
            let done = sqlx::query(
                "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            )
            .bind(micros(at))
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::NotFound(format!("active token {id}")));
            }
            Ok(())
        }
        Change::InsertEnrolment(link) => accounts::insert_link(tx, &link).await,
        Change::RevokeEnrolment { id, at } => accounts::revoke_link(tx, id, at).await,
        Change::Enrol { link, user } => accounts::enrol(tx, link, &user).await,
        Change::InsertUser(user) => accounts::insert_user(tx, &user).await,
        Change::SetRecoveryCodes { user, hashes, at } => {
            accounts::set_recovery_codes(tx, user, &hashes, at).await
        }
        Change::SetTotp {
            user,
            secret,
            last_step,
        } => accounts::set_totp(tx, user, secret.as_deref(), last_step).await,
        Change::AddPasskey(p) => accounts::add_passkey(tx, &p).await,
        Change::RemovePasskey { user, id } => accounts::remove_passkey(tx, user, id).await,
        Change::SetUserContact {
            user,
            email,
            language,
        } => accounts::set_contact(tx, user, email.as_ref(), language).await,
        Change::StartPingCampaign {
            campaign,
            challenges,
            slot,
        } => pings::start_campaign(tx, &campaign, &challenges, slot.as_deref()).await,
        Change::FillScheduleSlot { slot, campaign, at } => {
            pings::fill_slot(tx, &slot, campaign, at).await
        }
        Change::AcknowledgePing {
            challenge,
            poc,
            expected,
            ack,
            actor,
        } => pings::acknowledge(tx, challenge, poc, expected, &ack, &actor).await,
        Change::MarkNoResponse { ids, at } => pings::mark_no_response(tx, &ids, at).await,
        Change::Escalate { escalation, mails } => pings::escalate(tx, &escalation, &mails).await,
        Change::RecordFollowUp(f) => pings::record_follow_up(tx, &f).await,
        Change::CloseCampaign { id, at } => pings::close_campaign(tx, id, at).await,
        Change::QueueMail(mails) => pings::insert_outbox(tx, &mails).await,
        Change::Thread(change) => threads::apply(tx, *change).await,
    }
}

async fn insert_revision(
    tx: &mut Transaction<'static, Any>,
    r: &Revision,
) -> Result<(), StoreError> {
    let before = match &r.before {
        Some(b) => Some(serde_json::to_string(b).map_err(corrupt("encode revision"))?),
        None => None,
    };
    let after = serde_json::to_string(&r.after).map_err(corrupt("encode revision"))?;
    sqlx::query(
        "INSERT INTO poc_revisions (poc_id, number, at, actor, change, reason, before_doc, after_doc) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(r.poc_id.to_string())
    .bind(i64::from(r.number))
    .bind(micros(r.at))
    .bind(r.actor.clone())
    .bind(r.change.as_str())
    .bind(r.reason.clone())
    .bind(before)
    .bind(after)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn decode_poc(row: &AnyRow) -> Result<PointOfContact, StoreError> {
    let doc: String = row.try_get("doc")?;
    serde_json::from_str(&doc).map_err(corrupt("entry document"))
}

fn decode_audit(row: &AnyRow) -> Result<AuditRecord, StoreError> {
    Ok(AuditRecord {
        seq: row.try_get("seq")?,
        at: from_micros(row.try_get("at")?)?,
        actor: row.try_get("actor")?,
        action: row.try_get("action")?,
        state: row.try_get("state")?,
        subject: row.try_get("subject")?,
        detail: row.try_get("detail")?,
        prev_hash: row.try_get("prev_hash")?,
        hash: row.try_get("hash")?,
    })
}

fn decode_token(row: &AnyRow) -> Result<ApiToken, StoreError> {
    let id: String = row.try_get("id")?;
    let role: String = row.try_get("role")?;
    let state: Option<String> = row.try_get("state")?;
    let poc: Option<String> = row.try_get("poc_id")?;
    let revoked: Option<i64> = row.try_get("revoked_at")?;
    Ok(ApiToken {
        id: Uuid::parse_str(&id).map_err(corrupt("token id"))?,
        secret_hash: row.try_get("secret_hash")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("token role {role}")))?,
        state: match state {
            Some(s) => Some(
                StateCode::parse(&s)
                    .ok_or_else(|| StoreError::Corrupt(format!("token state {s}")))?,
            ),
            None => None,
        },
        poc: match poc {
            Some(p) => Some(Uuid::parse_str(&p).map_err(corrupt("token poc"))?),
            None => None,
        },
        label: row.try_get("label")?,
        created_at: from_micros(row.try_get("created_at")?)?,
        expires_at: from_micros(row.try_get("expires_at")?)?,
        revoked_at: match revoked {
            Some(v) => Some(from_micros(v)?),
            None => None,
        },
        created_by: row.try_get("created_by")?,
    })
}

const AUDIT_COLUMNS: &str = "seq, at, actor, action, state, subject, detail, prev_hash, hash";
const TOKEN_COLUMNS: &str =
    "id, secret_hash, role, state, poc_id, label, created_at, expires_at, revoked_at, created_by";

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> Backend {
        self.backend
    }

    async fn apply(
        &self,
        changes: Vec<Change>,
        events: Vec<AuditEvent>,
        at: Timestamp,
    ) -> Result<Vec<AuditRecord>, StoreError> {
        let mut tx = self.pool.begin().await?;
        // Take the write lock first: on SQLite this makes the transaction a writer before it
        // reads anything (no upgrade deadlock); on PostgreSQL it locks the head row, which
        // orders concurrent appends from several replicas into one chain.
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1")
            .execute(&mut *tx)
            .await?;
        let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&mut *tx)
            .await?;
        let mut seq: i64 = head.try_get("seq")?;
        let mut prev: String = head.try_get("hash")?;
        for change in changes {
            apply_change(&mut tx, change).await?;
        }
        let at_us = micros(at);
        let mut records = Vec::with_capacity(events.len());
        for ev in events {
            seq += 1;
            let detail =
                serde_json::to_string(&ev.detail).map_err(corrupt("encode audit detail"))?;
            let hash = chain_hash(
                seq,
                at_us,
                &ev.actor,
                &ev.action,
                ev.state.as_deref(),
                ev.subject.as_deref(),
                &detail,
                &prev,
            );
            sqlx::query(
                "INSERT INTO audit_log (seq, at, actor, action, state, subject, detail, prev_hash, hash) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(seq)
            .bind(at_us)
            .bind(ev.actor.clone())
            .bind(ev.action.clone())
            .bind(ev.state.clone())
            .bind(ev.subject.clone())
            .bind(detail.clone())
            .bind(prev.clone())
            .bind(hash.clone())
            .execute(&mut *tx)
            .await?;
            records.push(AuditRecord {
                seq,
                at: from_micros(at_us)?,
                actor: ev.actor,
                action: ev.action,
                state: ev.state,
                subject: ev.subject,
                detail,
                prev_hash: std::mem::replace(&mut prev, hash.clone()),
                hash,
            });
        }
        sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
            .bind(seq)
            .bind(prev)
            .execute(&mut *tx)
            .await?;
        let committed = tx.commit().await;
        // Users change only here; forget them even when the commit's outcome is unknown.
        self.recent.forget_users();
        committed?;
        Ok(records)
    }

    async fn participation(&self) -> Result<Vec<ParticipationStatus>, StoreError> {
        let rows =
            sqlx::query("SELECT state, status, since FROM state_participation ORDER BY state")
                .fetch_all(&self.pool)
                .await?;
        rows.iter()
            .map(|r| {
                let state: String = r.try_get("state")?;
                let status: String = r.try_get("status")?;
                Ok(ParticipationStatus {
                    state: StateCode::parse(&state)
                        .ok_or_else(|| StoreError::Corrupt(format!("state {state}")))?,
                    status: Participation::parse(&status)
                        .ok_or_else(|| StoreError::Corrupt(format!("status {status}")))?,
                    since: from_micros(r.try_get("since")?)?,
                })
            })
            .collect()
    }

    async fn participation_history(
        &self,
        state: StateCode,
    ) -> Result<Vec<ParticipationEvent>, StoreError> {
        let rows = sqlx::query("SELECT change, at, actor, reason FROM participation_events WHERE state = $1 ORDER BY id")
            .bind(state.as_str().to_owned())
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                let change: String = r.try_get("change")?;
                Ok(ParticipationEvent {
                    state,
                    change: ParticipationChange::parse(&change)
                        .ok_or_else(|| StoreError::Corrupt(format!("change {change}")))?,
                    at: from_micros(r.try_get("at")?)?,
                    actor: r.try_get("actor")?,
                    reason: r.try_get("reason")?,
                })
            })
            .collect()
    }

    async fn all_pocs(&self) -> Result<Vec<PointOfContact>, StoreError> {
        let rows = sqlx::query("SELECT doc FROM pocs ORDER BY seq")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(decode_poc).collect()
    }

    async fn poc(&self, id: Uuid) -> Result<Option<PointOfContact>, StoreError> {
        let row = sqlx::query("SELECT doc FROM pocs WHERE id = $1")
            .bind(id.to_string())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(decode_poc).transpose()
    }

    async fn pocs_by_ids(&self, ids: &[Uuid]) -> Result<Vec<PointOfContact>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(p) = self.poc(*id).await? {
                out.push(p);
            }
        }
        Ok(out)
    }

    async fn revisions(&self, id: Uuid) -> Result<Vec<Revision>, StoreError> {
        let rows = sqlx::query(
            "SELECT number, at, actor, change, reason, before_doc, after_doc FROM poc_revisions WHERE poc_id = $1 ORDER BY number",
        )
        .bind(id.to_string())
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let change: String = r.try_get("change")?;
                let number: i64 = r.try_get("number")?;
                let before: Option<String> = r.try_get("before_doc")?;
                let after: String = r.try_get("after_doc")?;
                Ok(Revision {
                    poc_id: id,
                    number: u32::try_from(number).map_err(corrupt("revision number"))?,
                    at: from_micros(r.try_get("at")?)?,
                    actor: r.try_get("actor")?,
                    change: RevisionChange::parse(&change)
                        .ok_or_else(|| StoreError::Corrupt(format!("change {change}")))?,
                    reason: r.try_get("reason")?,
                    before: match before {
                        Some(b) => {
                            Some(serde_json::from_str(&b).map_err(corrupt("revision before"))?)
                        }
                        None => None,
                    },
                    after: serde_json::from_str(&after).map_err(corrupt("revision after"))?,
                })
            })
            .collect()
    }

    async fn audit(&self, q: &AuditQuery) -> Result<Vec<AuditRecord>, StoreError> {
        let mut sql = format!("SELECT {AUDIT_COLUMNS} FROM audit_log WHERE 1 = 1");
        let mut n = 0;
        let mut next = || {
            n += 1;
            format!("${n}")
        };
        if q.state.is_some() {
            sql += &format!(" AND state = {}", next());
        }
        if q.subject.is_some() {
            sql += &format!(" AND subject = {}", next());
        }
        if q.action.is_some() {
            sql += &format!(" AND action = {}", next());
        }
        if q.before.is_some() {
            sql += &format!(" AND seq < {}", next());
        }
        sql += &format!(" ORDER BY seq DESC LIMIT {}", next());
        // Only fixed fragments and numbered placeholders are concatenated; values are bound.
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
        for v in [&q.state, &q.subject, &q.action].into_iter().flatten() {
            query = query.bind(v.clone());
        }
        if let Some(b) = q.before {
            query = query.bind(b);
        }
        query = query.bind(q.limit.clamp(1, 1000));
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter().map(decode_audit).collect()
    }

    async fn audit_after(&self, after: i64, limit: i64) -> Result<Vec<AuditRecord>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2"
        )))
        .bind(after)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode_audit).collect()
    }

    async fn audit_head(&self) -> Result<(i64, String), StoreError> {
        let row = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
            .fetch_one(&self.pool)
            .await?;
        Ok((row.try_get("seq")?, row.try_get("hash")?))
    }

    async fn token_by_hash(&self, secret_hash: &str) -> Result<Option<ApiToken>, StoreError> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE secret_hash = $1"
        )))
        .bind(secret_hash.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(decode_token).transpose()
    }

    async fn tokens(&self) -> Result<Vec<ApiToken>, StoreError> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {TOKEN_COLUMNS} FROM api_tokens ORDER BY created_at"
        )))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(decode_token).collect()
    }

    async fn user(&self, id: Uuid) -> Result<Option<User>, StoreError> {
        if let Some(u) = self.recent.user(id) {
            return Ok(Some(u));
        }
        let generation = self.recent.generation();
        let user = accounts::user(&self.pool, id).await?;
        if let Some(u) = &user {
            self.recent.remember_user(u, generation);
        }
        Ok(user)
    }

    async fn user_by_login(&self, login: &str) -> Result<Option<User>, StoreError> {
        accounts::user_by_login(&self.pool, login).await
    }

    async fn users_of_state(&self, state: StateCode) -> Result<Vec<User>, StoreError> {
        accounts::users_of_state(&self.pool, state).await
    }

    async fn user_counts(&self) -> Result<Vec<(StateCode, u64)>, StoreError> {
        accounts::user_counts(&self.pool).await
    }

    async fn enrolment_by_hash(
        &self,
        secret_hash: &str,
    ) -> Result<Option<EnrolmentLink>, StoreError> {
        accounts::enrolment_by_hash(&self.pool, secret_hash).await
    }

    async fn enrolment(&self, id: Uuid) -> Result<Option<EnrolmentLink>, StoreError> {
        accounts::enrolment(&self.pool, id).await
    }

    async fn enrolments_of_state(
        &self,
        state: StateCode,
    ) -> Result<Vec<EnrolmentLink>, StoreError> {
        accounts::enrolments_of_state(&self.pool, state).await
    }

    async fn insert_session(&self, session: &Session) -> Result<(), StoreError> {
        accounts::insert_session(&self.pool, session).await
    }

    async fn session(&self, id_hash: &str) -> Result<Option<Session>, StoreError> {
        if let Some(s) = self.recent.session(id_hash) {
            return Ok(Some(s));
        }
        let generation = self.recent.generation();
        let session = accounts::session(&self.pool, id_hash).await?;
        if let Some(s) = &session {
            self.recent.remember_session(s, generation);
        }
        Ok(session)
    }

    async fn touch_session(&self, id_hash: &str, at: Timestamp) -> Result<(), StoreError> {
        accounts::touch_session(&self.pool, id_hash, at).await?;
        self.recent.touched(id_hash, at);
        Ok(())
    }

    async fn revoke_session(&self, id_hash: &str, at: Timestamp) -> Result<(), StoreError> {
        // Forgotten even when the write fails: the next read asks the database.
        self.recent.forget_session(id_hash);
        accounts::revoke_session(&self.pool, id_hash, at).await
    }

    async fn revoke_sessions_of(&self, user: Uuid, at: Timestamp) -> Result<u64, StoreError> {
        self.recent.forget_sessions_of(user);
        accounts::revoke_sessions_of(&self.pool, user, at).await
    }

    async fn sign_in_failures(&self, key: &str) -> Result<Option<FailureRecord>, StoreError> {
        accounts::sign_in_failures(&self.pool, key).await
    }

    async fn record_sign_in_failure(
        &self,
        key: &str,
        at: Timestamp,
    ) -> Result<FailureRecord, StoreError> {
        accounts::record_sign_in_failure(&self.pool, key, at).await
    }

    async fn clear_sign_in_failures(&self, key: &str) -> Result<(), StoreError> {
        accounts::clear_sign_in_failures(&self.pool, key).await
    }

    async fn use_totp_step(&self, user: Uuid, step: i64) -> Result<bool, StoreError> {
        accounts::use_totp_step(&self.pool, user, step).await
    }

    async fn totp_last_step(&self, user: Uuid) -> Result<Option<i64>, StoreError> {
        accounts::totp_last_step(&self.pool, user).await
    }

    async fn use_recovery_code(
        &self,
        user: Uuid,
        code_hash: &str,
        at: Timestamp,
    ) -> Result<bool, StoreError> {
        accounts::use_recovery_code(&self.pool, user, code_hash, at).await
    }

    async fn recovery_codes_left(&self, user: Uuid) -> Result<u64, StoreError> {
        accounts::recovery_codes_left(&self.pool, user).await
    }

    async fn passkeys_of(&self, user: Uuid) -> Result<Vec<StoredPasskey>, StoreError> {
        accounts::passkeys_of(&self.pool, user).await
    }

    async fn passkey_by_credential(
        &self,
        credential: &str,
    ) -> Result<Option<StoredPasskey>, StoreError> {
        accounts::passkey_by_credential(&self.pool, credential).await
    }

    async fn passkey_used(&self, id: Uuid, data: &str, at: Timestamp) -> Result<(), StoreError> {
        accounts::passkey_used(&self.pool, id, data, at).await
    }

    async fn put_ceremony(&self, id_hash: &str, ceremony: &Ceremony) -> Result<(), StoreError> {
        accounts::put_ceremony(&self.pool, id_hash, ceremony).await
    }

    async fn take_ceremony(&self, id_hash: &str) -> Result<Option<Ceremony>, StoreError> {
        accounts::take_ceremony(&self.pool, id_hash).await
    }

    async fn insert_pending_sign_in(
        &self,
        id_hash: &str,
        pending: &PendingSignIn,
    ) -> Result<(), StoreError> {
        accounts::insert_pending_sign_in(&self.pool, id_hash, pending).await
    }

    async fn pending_sign_in(&self, id_hash: &str) -> Result<Option<PendingSignIn>, StoreError> {
        accounts::pending_sign_in(&self.pool, id_hash).await
    }

    async fn count_pending_attempt(&self, id_hash: &str) -> Result<(), StoreError> {
        accounts::count_pending_attempt(&self.pool, id_hash).await
    }

    async fn delete_pending_sign_in(&self, id_hash: &str) -> Result<(), StoreError> {
        accounts::delete_pending_sign_in(&self.pool, id_hash).await
    }

    async fn claim_pings(
        &self,
        owner: &str,
        now: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<PingChallenge>, StoreError> {
        pings::claim_pings(&self.pool, self.backend, owner, now, until, limit).await
    }

    async fn claim_outbox(
        &self,
        owner: &str,
        now: Timestamp,
        until: Timestamp,
        limit: u32,
    ) -> Result<Vec<OutboxMail>, StoreError> {
        pings::claim_outbox(&self.pool, self.backend, owner, now, until, limit).await
    }

    async fn update_deliveries(&self, updates: &[DeliveryUpdate]) -> Result<Vec<bool>, StoreError> {
        pings::update_deliveries(&self.pool, updates).await
    }

    async fn ping_campaigns(&self) -> Result<Vec<PingCampaign>, StoreError> {
        pings::campaigns(&self.pool, false).await
    }

    async fn ping_campaign(&self, id: Uuid) -> Result<Option<PingCampaign>, StoreError> {
        pings::campaign(&self.pool, id).await
    }

    async fn open_ping_campaigns(&self) -> Result<Vec<PingCampaign>, StoreError> {
        pings::campaigns(&self.pool, true).await
    }

    async fn ping_challenges(&self, campaign: Uuid) -> Result<Vec<PingChallenge>, StoreError> {
        pings::challenges_where(&self.pool, "campaign_id", campaign.to_string()).await
    }

    async fn ping_challenge(&self, id: Uuid) -> Result<Option<PingChallenge>, StoreError> {
        Ok(pings::challenges_where(&self.pool, "id", id.to_string())
            .await?
            .into_iter()
            .next())
    }

    async fn ping_challenge_token_hash(&self, id: Uuid) -> Result<Option<String>, StoreError> {
        pings::token_hash(&self.pool, id).await
    }

    async fn ping_challenge_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<PingChallenge>, StoreError> {
        Ok(
            pings::challenges_where(&self.pool, "token_hash", token_hash.to_owned())
                .await?
                .into_iter()
                .next(),
        )
    }

    async fn ping_challenges_of(&self, pocs: &[Uuid]) -> Result<Vec<PingChallenge>, StoreError> {
        pings::challenges_of(&self.pool, pocs).await
    }

    async fn ping_challenges_past_due(
        &self,
        now: Timestamp,
        limit: u32,
    ) -> Result<Vec<PingChallenge>, StoreError> {
        pings::past_due(&self.pool, now, limit).await
    }

    async fn last_acknowledgements(&self) -> Result<Vec<(Uuid, Timestamp)>, StoreError> {
        pings::last_acknowledgements(&self.pool).await
    }

    async fn delivery_attempts(
        &self,
        _queue: MailQueue,
        id: Uuid,
    ) -> Result<Vec<DeliveryAttempt>, StoreError> {
        pings::attempts(&self.pool, id).await
    }

    async fn escalations(&self, campaign: Uuid) -> Result<Vec<Escalation>, StoreError> {
        pings::escalations_where(&self.pool, "campaign_id", campaign).await
    }

    async fn escalation(&self, id: Uuid) -> Result<Option<Escalation>, StoreError> {
        Ok(pings::escalations_where(&self.pool, "id", id)
            .await?
            .into_iter()
            .next())
    }

    async fn outbox_of(&self, subject: Uuid) -> Result<Vec<OutboxMail>, StoreError> {
        pings::outbox_of(&self.pool, subject).await
    }

    async fn follow_ups(&self, state: Option<StateCode>) -> Result<Vec<FollowUp>, StoreError> {
        pings::follow_ups(&self.pool, state).await
    }

    async fn schedule_slot_filled(&self, slot: &str) -> Result<bool, StoreError> {
        pings::slot_filled(&self.pool, slot).await
    }

    async fn ping_state_tallies(
        &self,
        campaign: Uuid,
    ) -> Result<Vec<(StateCode, u64, u64)>, StoreError> {
        pings::state_tallies(&self.pool, campaign).await
    }

    // ----- threads between POCs (issue 5) -------------------------------------------------

    async fn thread(&self, id: Uuid) -> Result<Option<liaison_core::thread::Thread>, StoreError> {
        Ok(threads::threads(&self.pool, threads::Filter::Id(id))
            .await?
            .into_iter()
            .next())
    }

    async fn threads_of_poc(
        &self,
        poc: Uuid,
    ) -> Result<Vec<liaison_core::thread::Thread>, StoreError> {
        threads::threads(&self.pool, threads::Filter::Poc(poc)).await
    }

    async fn threads_of_state(
        &self,
        state: StateCode,
    ) -> Result<Vec<liaison_core::thread::Thread>, StoreError> {
        threads::threads(&self.pool, threads::Filter::State(state)).await
    }

    async fn all_threads(&self) -> Result<Vec<liaison_core::thread::Thread>, StoreError> {
        threads::threads(&self.pool, threads::Filter::All).await
    }

    async fn thread_messages(
        &self,
        thread: Uuid,
    ) -> Result<Vec<crate::threads::StoredMessage>, StoreError> {
        threads::messages(&self.pool, thread).await
    }

    async fn thread_consents(
        &self,
        thread: Uuid,
    ) -> Result<Vec<liaison_core::thread::ConsentRequest>, StoreError> {
        threads::consents(&self.pool, thread).await
    }

    async fn consent(
        &self,
        id: Uuid,
    ) -> Result<Option<liaison_core::thread::ConsentRequest>, StoreError> {
        threads::consent(&self.pool, id).await
    }

    async fn unread_counts(
        &self,
        poc: Uuid,
        state: StateCode,
    ) -> Result<Vec<(Uuid, u32)>, StoreError> {
        threads::unread_counts(&self.pool, poc, state).await
    }

    async fn fetched(
        &self,
        thread: Uuid,
        poc: Uuid,
        device: &str,
        seq: u32,
    ) -> Result<bool, StoreError> {
        threads::fetched(&self.pool, thread, poc, device, seq).await
    }

    async fn notifications(
        &self,
        poc: Uuid,
        unread_only: bool,
        limit: i64,
    ) -> Result<Vec<liaison_core::thread::Notification>, StoreError> {
        threads::notifications(&self.pool, poc, unread_only, limit).await
    }

    async fn pending_notification_emails(
        &self,
        limit: i64,
    ) -> Result<Vec<liaison_core::thread::Notification>, StoreError> {
        threads::pending_notification_emails(&self.pool, limit).await
    }

    async fn notification(
        &self,
        id: Uuid,
    ) -> Result<Option<liaison_core::thread::Notification>, StoreError> {
        threads::notification(&self.pool, id).await
    }

    async fn bridge_copy(&self, copy: Uuid) -> Result<Option<(Uuid, bool, String)>, StoreError> {
        threads::bridge_copy(&self.pool, copy).await
    }

    async fn queue_notification_emails(
        &self,
        batch: &[(Uuid, Vec<OutboxMail>)],
    ) -> Result<u64, StoreError> {
        threads::queue_notification_emails(&self.pool, batch).await
    }

    async fn key_blob(&self, owner: &str) -> Result<Option<crate::threads::KeyBlob>, StoreError> {
        threads::key_blob(&self.pool, owner).await
    }

    async fn threads_awaiting_key(&self, poc: Uuid) -> Result<Vec<Uuid>, StoreError> {
        threads::awaiting_key(&self.pool, poc).await
    }
}

//! SQL for threads between POCs (migration `0005_threads.sql`), the same `$n` text on both
//! backends like the rest of `sql`. Writes run inside `Store::apply`'s transaction, after the
//! audit lock is taken, so the checks they make (thread still open, stage not yet reached,
//! consent not yet used) see every earlier write.

use super::{corrupt, from_micros, micros};
use crate::StoreError;
use crate::threads::{
    Coverage, KeyBlob, NewCopy, NewMessage, StoredCopy, StoredMessage, ThreadChange, TransitionKind,
};
use jiff::Timestamp;
use liaison_core::PocRole;
use liaison_core::states::StateCode;
use liaison_core::thread::{
    Closure, ConsentAnswer, ConsentDecisionRecord, ConsentRequest, EmailStatus, MessageKind,
    Notification, NotificationKind, Participant, Progress, Stage, Thread, Urgency,
};
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// Which threads to load.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Filter {
    Id(Uuid),
    Poc(Uuid),
    State(StateCode),
    All,
}

impl Filter {
    /// A subquery of thread ids, with its one bound value.
    fn ids(self) -> (&'static str, String) {
        match self {
            Filter::Id(id) => ("SELECT id FROM threads WHERE id = $1", id.to_string()),
            Filter::Poc(poc) => (
                "SELECT thread_id FROM thread_participants WHERE poc_id = $1",
                poc.to_string(),
            ),
            Filter::State(s) => (
                "SELECT thread_id FROM thread_participants WHERE state = $1",
                s.as_str().to_owned(),
            ),
            Filter::All => ("SELECT id FROM threads WHERE id <> $1", String::new()),
        }
    }
}

fn uuid(row: &AnyRow, column: &str) -> Result<Uuid, StoreError> {
    let v: String = row.try_get(column)?;
    Uuid::parse_str(&v).map_err(corrupt(column))
}

fn opt_uuid(row: &AnyRow, column: &str) -> Result<Option<Uuid>, StoreError> {
    let v: Option<String> = row.try_get(column)?;
    v.map(|v| Uuid::parse_str(&v).map_err(corrupt(column)))
        .transpose()
}

fn time(row: &AnyRow, column: &str) -> Result<Timestamp, StoreError> {
    from_micros(row.try_get(column)?)
}

fn opt_time(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, StoreError> {
    let v: Option<i64> = row.try_get(column)?;
    v.map(from_micros).transpose()
}

fn parsed<T>(row: &AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let v: String = row.try_get(column)?;
    parse(&v).ok_or_else(|| StoreError::Corrupt(format!("{column} {v}")))
}

fn json_list(v: &[String]) -> Result<String, StoreError> {
    serde_json::to_string(v).map_err(corrupt("encode list"))
}

fn seq_of(row: &AnyRow) -> Result<u32, StoreError> {
    let v: i64 = row.try_get("seq")?;
    u32::try_from(v).map_err(corrupt("seq"))
}

// ----- writes -------------------------------------------------------------------------------

pub(super) async fn apply(
    tx: &mut Transaction<'static, Any>,
    change: ThreadChange,
) -> Result<(), StoreError> {
    match change {
        ThreadChange::Create {
            thread,
            first,
            consent,
        } => create(tx, &thread, &first, consent).await,
        ThreadChange::AddMessage(m) => {
            ensure_open(tx, m.thread).await?;
            insert_message(tx, &m).await
        }
        ThreadChange::AddCopy {
            message,
            author,
            actor,
            at,
            copy,
            covers,
        } => {
            let row = sqlx::query("SELECT thread_id FROM thread_messages WHERE id = $1")
                .bind(message.to_string())
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("message {message}")))?;
            ensure_open(tx, uuid(&row, "thread_id")?).await?;
            insert_copy(tx, message, author, &actor, at, &copy).await?;
            for c in &covers {
                let done = sqlx::query(
                    "UPDATE message_audience SET copy_id = $1, fingerprint = $2 \
                     WHERE message_id = $3 AND poc_id = $4 AND copy_id IS NULL",
                )
                .bind(copy.id.to_string())
                .bind(c.fingerprint.clone())
                .bind(message.to_string())
                .bind(c.poc.to_string())
                .execute(&mut **tx)
                .await?;
                if done.rows_affected() != 1 {
                    return Err(StoreError::Conflict(format!(
                        "entry {} no longer waits for message {message}",
                        c.poc
                    )));
                }
            }
            Ok(())
        }
        ThreadChange::Transition {
            thread,
            poc,
            kind,
            at,
            actor,
        } => {
            if kind != TransitionKind::Closed {
                ensure_open(tx, thread).await?;
            }
            insert_transition(tx, thread, poc, kind, at, &actor).await
        }
        ThreadChange::Fetch {
            thread,
            poc,
            actor,
            device,
            at,
            up_to_seq,
        } => {
            sqlx::query(
                "INSERT INTO thread_fetches (thread_id, poc_id, actor, device, at, up_to_seq) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(thread.to_string())
            .bind(poc.to_string())
            .bind(actor)
            .bind(device)
            .bind(micros(at))
            .bind(i64::from(up_to_seq))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
        ThreadChange::RequestConsent(c) => {
            ensure_open(tx, c.thread).await?;
            let targets: Vec<String> = c.targets.iter().map(Uuid::to_string).collect();
            sqlx::query(
                "INSERT INTO thread_consents (id, thread_id, requested_by, actor, at, targets, message_id, used_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, NULL)",
            )
            .bind(c.id.to_string())
            .bind(c.thread.to_string())
            .bind(c.requested_by.to_string())
            .bind(c.actor.clone())
            .bind(micros(c.at))
            .bind(json_list(&targets)?)
            .bind(c.message.map(|m| m.to_string()))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
        ThreadChange::DecideConsent { consent, decision } => {
            let used = sqlx::query("SELECT used_by FROM thread_consents WHERE id = $1")
                .bind(consent.to_string())
                .fetch_optional(&mut **tx)
                .await?
                .ok_or_else(|| StoreError::NotFound(format!("consent {consent}")))?;
            if used.try_get::<Option<String>, _>("used_by")?.is_some() {
                return Err(StoreError::Conflict(format!("consent {consent} is used")));
            }
            let taken = sqlx::query(
                "SELECT 1 FROM thread_consent_decisions WHERE consent_id = $1 AND (poc_id = $2 OR answer = $3)",
            )
            .bind(consent.to_string())
            .bind(decision.poc.to_string())
            .bind(ConsentAnswer::Refused.as_str())
            .fetch_optional(&mut **tx)
            .await?;
            if taken.is_some() {
                return Err(StoreError::Conflict(format!(
                    "consent {consent} was answered meanwhile"
                )));
            }
            sqlx::query(
                "INSERT INTO thread_consent_decisions (consent_id, poc_id, answer, at, actor, message_id) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(consent.to_string())
            .bind(decision.poc.to_string())
            .bind(decision.answer.as_str())
            .bind(micros(decision.at))
            .bind(decision.actor.clone())
            .bind(decision.message.map(|m| m.to_string()))
            .execute(&mut **tx)
            .await?;
            Ok(())
        }
        ThreadChange::Notify(list) => {
            for n in list {
                sqlx::query(
                    "INSERT INTO notifications (id, poc_id, thread_id, kind, urgency, exercise, at, read_at, email) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, $8)",
                )
                .bind(n.id.to_string())
                .bind(n.poc.to_string())
                .bind(n.thread.to_string())
                .bind(n.kind.as_str())
                .bind(n.urgency.as_str())
                .bind(i64::from(n.exercise))
                .bind(micros(n.at))
                .bind(n.email.as_str())
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        }
        ThreadChange::MarkRead { poc, ids, at } => {
            for id in ids {
                sqlx::query(
                    "UPDATE notifications SET read_at = $1 WHERE id = $2 AND poc_id = $3 AND read_at IS NULL",
                )
                .bind(micros(at))
                .bind(id.to_string())
                .bind(poc.to_string())
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        }
        ThreadChange::PutKeyBlob(b) => {
            let updated = sqlx::query(
                "UPDATE key_blobs SET poc_id = $1, fingerprint = $2, armored = $3, updated_at = $4 WHERE owner = $5",
            )
            .bind(b.poc.to_string())
            .bind(b.fingerprint.clone())
            .bind(b.armored.clone())
            .bind(micros(b.updated_at))
            .bind(b.owner.clone())
            .execute(&mut **tx)
            .await?;
            if updated.rows_affected() == 0 {
                sqlx::query(
                    "INSERT INTO key_blobs (owner, poc_id, fingerprint, armored, updated_at) VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(b.owner.clone())
                .bind(b.poc.to_string())
                .bind(b.fingerprint.clone())
                .bind(b.armored.clone())
                .bind(micros(b.updated_at))
                .execute(&mut **tx)
                .await?;
            }
            Ok(())
        }
    }
}

async fn ensure_open(tx: &mut Transaction<'static, Any>, thread: Uuid) -> Result<(), StoreError> {
    let exists = sqlx::query("SELECT 1 FROM threads WHERE id = $1")
        .bind(thread.to_string())
        .fetch_optional(&mut **tx)
        .await?;
    if exists.is_none() {
        return Err(StoreError::NotFound(format!("thread {thread}")));
    }
    let closed =
        sqlx::query("SELECT 1 FROM thread_transitions WHERE thread_id = $1 AND kind = 'closed'")
            .bind(thread.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    if closed.is_some() {
        return Err(StoreError::Conflict(format!("thread {thread} is closed")));
    }
    Ok(())
}

async fn create(
    tx: &mut Transaction<'static, Any>,
    t: &Thread,
    first: &NewMessage,
    consent: Option<Uuid>,
) -> Result<(), StoreError> {
    if let Some(c) = consent {
        let done = sqlx::query(
            "UPDATE thread_consents SET used_by = $1 WHERE id = $2 AND used_by IS NULL",
        )
        .bind(t.id.to_string())
        .bind(c.to_string())
        .execute(&mut **tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict(format!("consent {c} is used")));
        }
    }
    sqlx::query(
        "INSERT INTO threads (id, role, urgency, respond_by, exercise, created_at, created_by, sender_poc, forwarded_from, consent_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(t.id.to_string())
    .bind(t.role.as_str())
    .bind(t.urgency.as_str())
    .bind(t.respond_by.map(micros))
    .bind(i64::from(t.exercise))
    .bind(micros(t.created_at))
    .bind(t.created_by.clone())
    .bind(t.sender.to_string())
    .bind(t.forwarded_from.map(|f| f.to_string()))
    .bind(consent.map(|c| c.to_string()))
    .execute(&mut **tx)
    .await?;
    for (position, p) in t.participants.iter().enumerate() {
        sqlx::query(
            "INSERT INTO thread_participants (thread_id, poc_id, state, role, position) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(t.id.to_string())
        .bind(p.poc.to_string())
        .bind(p.state.as_str().to_owned())
        .bind(p.role.as_str())
        .bind(position as i64)
        .execute(&mut **tx)
        .await?;
        if !p.is_sender {
            insert_transition(
                tx,
                t.id,
                p.poc,
                TransitionKind::Reached(Stage::Sent),
                t.created_at,
                &t.created_by,
            )
            .await?;
        }
    }
    insert_message(tx, first).await
}

async fn insert_transition(
    tx: &mut Transaction<'static, Any>,
    thread: Uuid,
    poc: Uuid,
    kind: TransitionKind,
    at: Timestamp,
    actor: &str,
) -> Result<(), StoreError> {
    let exists = sqlx::query(
        "SELECT 1 FROM thread_transitions WHERE thread_id = $1 AND ((poc_id = $2 AND kind = $3) OR ($3 = 'closed' AND kind = 'closed'))",
    )
    .bind(thread.to_string())
    .bind(poc.to_string())
    .bind(kind.as_str())
    .fetch_optional(&mut **tx)
    .await?;
    if exists.is_some() {
        return Err(StoreError::Conflict(format!(
            "thread {thread}: {} already recorded",
            kind.as_str()
        )));
    }
    sqlx::query(
        "INSERT INTO thread_transitions (thread_id, poc_id, kind, at, actor) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(thread.to_string())
    .bind(poc.to_string())
    .bind(kind.as_str())
    .bind(micros(at))
    .bind(actor.to_owned())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn insert_message(
    tx: &mut Transaction<'static, Any>,
    m: &NewMessage,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO thread_messages (id, thread_id, seq, kind, author_poc, actor, at, note_state) \
         VALUES ($1, $2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM thread_messages WHERE thread_id = $2), $3, $4, $5, $6, $7)",
    )
    .bind(m.id.to_string())
    .bind(m.thread.to_string())
    .bind(m.kind.as_str())
    .bind(m.author.to_string())
    .bind(m.actor.clone())
    .bind(micros(m.at))
    .bind(m.note_state.map(|s| s.as_str().to_owned()))
    .execute(&mut **tx)
    .await?;
    if let Some(copy) = &m.copy {
        insert_copy(tx, m.id, m.author, &m.actor, m.at, copy).await?;
    }
    for Coverage { poc, fingerprint } in &m.audience {
        let copy_id = match (&m.copy, fingerprint) {
            (Some(c), Some(_)) => Some(c.id.to_string()),
            _ => None,
        };
        sqlx::query(
            "INSERT INTO message_audience (message_id, poc_id, copy_id, fingerprint) VALUES ($1, $2, $3, $4)",
        )
        .bind(m.id.to_string())
        .bind(poc.to_string())
        .bind(copy_id)
        .bind(fingerprint.clone())
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

async fn insert_copy(
    tx: &mut Transaction<'static, Any>,
    message: Uuid,
    author: Uuid,
    actor: &str,
    at: Timestamp,
    copy: &NewCopy,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO message_copies (id, message_id, position, at, actor, author_poc, recipients, armored) \
         VALUES ($1, $2, (SELECT COUNT(*) FROM message_copies WHERE message_id = $2), $3, $4, $5, $6, $7)",
    )
    .bind(copy.id.to_string())
    .bind(message.to_string())
    .bind(micros(at))
    .bind(actor.to_owned())
    .bind(author.to_string())
    .bind(json_list(&copy.recipients)?)
    .bind(copy.armored.clone())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

// ----- reads --------------------------------------------------------------------------------

/// Threads with participants, progress, closure, awaiting-key flags and message counts, newest
/// activity first.
pub(crate) async fn threads(pool: &AnyPool, filter: Filter) -> Result<Vec<Thread>, StoreError> {
    let (ids, value) = filter.ids();
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, role, urgency, respond_by, exercise, created_at, created_by, sender_poc, forwarded_from \
         FROM threads WHERE id IN ({ids})"
    )))
    .bind(value.clone())
    .fetch_all(pool)
    .await?;
    let mut threads: HashMap<Uuid, Thread> = HashMap::with_capacity(rows.len());
    for r in &rows {
        let id = uuid(r, "id")?;
        let created_at = time(r, "created_at")?;
        let exercise: i64 = r.try_get("exercise")?;
        threads.insert(
            id,
            Thread {
                id,
                role: parsed(r, "role", PocRole::parse)?,
                urgency: parsed(r, "urgency", Urgency::parse)?,
                respond_by: opt_time(r, "respond_by")?,
                exercise: exercise != 0,
                created_at,
                created_by: r.try_get("created_by")?,
                sender: uuid(r, "sender_poc")?,
                participants: Vec::new(),
                closed: None,
                forwarded_from: opt_uuid(r, "forwarded_from")?,
                message_count: 0,
                last_activity_at: created_at,
            },
        );
    }
    if threads.is_empty() {
        return Ok(Vec::new());
    }

    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT thread_id, poc_id, state, role, position FROM thread_participants \
         WHERE thread_id IN ({ids}) ORDER BY thread_id, position"
    )))
    .bind(value.clone())
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let Some(t) = threads.get_mut(&uuid(r, "thread_id")?) else {
            continue;
        };
        let position: i64 = r.try_get("position")?;
        let is_sender = position == 0;
        t.participants.push(Participant {
            poc: uuid(r, "poc_id")?,
            state: parsed(r, "state", StateCode::parse)?,
            role: parsed(r, "role", PocRole::parse)?,
            is_sender,
            progress: (!is_sender).then(|| Progress::new(t.created_at)),
            awaiting_key: false,
        });
    }

    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT thread_id, poc_id, kind, at, actor FROM thread_transitions \
         WHERE thread_id IN ({ids}) ORDER BY id"
    )))
    .bind(value.clone())
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let Some(t) = threads.get_mut(&uuid(r, "thread_id")?) else {
            continue;
        };
        let poc = uuid(r, "poc_id")?;
        let at = time(r, "at")?;
        let kind: String = r.try_get("kind")?;
        if kind == "closed" {
            t.closed = Some(Closure {
                at,
                by: poc,
                actor: r.try_get("actor")?,
            });
        } else {
            let stage = Stage::parse(&kind)
                .ok_or_else(|| StoreError::Corrupt(format!("transition {kind}")))?;
            if let Some(progress) = t
                .participants
                .iter_mut()
                .find(|p| p.poc == poc)
                .and_then(|p| p.progress.as_mut())
            {
                match stage {
                    Stage::Sent => progress.sent_at = at,
                    Stage::Delivered => progress.delivered_at = Some(at),
                    Stage::Acknowledged => progress.acknowledged_at = Some(at),
                    Stage::Responded => progress.responded_at = Some(at),
                }
            }
        }
        if at > t.last_activity_at {
            t.last_activity_at = at;
        }
    }

    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT m.thread_id, a.poc_id FROM message_audience a JOIN thread_messages m ON m.id = a.message_id \
         WHERE a.copy_id IS NULL AND m.thread_id IN ({ids})"
    )))
    .bind(value.clone())
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let poc = uuid(r, "poc_id")?;
        if let Some(p) = threads
            .get_mut(&uuid(r, "thread_id")?)
            .and_then(|t| t.participants.iter_mut().find(|p| p.poc == poc))
        {
            p.awaiting_key = true;
        }
    }

    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT thread_id, COUNT(*) AS n, MAX(at) AS last_at FROM thread_messages \
         WHERE thread_id IN ({ids}) GROUP BY thread_id"
    )))
    .bind(value)
    .fetch_all(pool)
    .await?;
    for r in &rows {
        if let Some(t) = threads.get_mut(&uuid(r, "thread_id")?) {
            let n: i64 = r.try_get("n")?;
            t.message_count = u32::try_from(n).unwrap_or(u32::MAX);
            let last = time(r, "last_at")?;
            if last > t.last_activity_at {
                t.last_activity_at = last;
            }
        }
    }

    let mut out: Vec<Thread> = threads.into_values().collect();
    out.sort_by(|a, b| {
        b.last_activity_at
            .cmp(&a.last_activity_at)
            .then(b.id.cmp(&a.id))
    });
    Ok(out)
}

pub(crate) async fn messages(
    pool: &AnyPool,
    thread: Uuid,
) -> Result<Vec<StoredMessage>, StoreError> {
    let rows = sqlx::query(
        "SELECT id, thread_id, seq, kind, author_poc, actor, at, note_state FROM thread_messages \
         WHERE thread_id = $1 ORDER BY seq",
    )
    .bind(thread.to_string())
    .fetch_all(pool)
    .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let note_state: Option<String> = r.try_get("note_state")?;
        out.push(StoredMessage {
            id: uuid(r, "id")?,
            thread: uuid(r, "thread_id")?,
            seq: seq_of(r)?,
            kind: parsed(r, "kind", MessageKind::parse)?,
            author: uuid(r, "author_poc")?,
            actor: r.try_get("actor")?,
            at: time(r, "at")?,
            note_state: note_state
                .map(|s| {
                    StateCode::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("state {s}")))
                })
                .transpose()?,
            copies: Vec::new(),
            audience: Vec::new(),
        });
    }
    let index: HashMap<Uuid, usize> = out.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    let rows = sqlx::query(
        "SELECT c.id, c.message_id, c.at, c.actor, c.author_poc, c.recipients, c.armored FROM message_copies c \
         JOIN thread_messages m ON m.id = c.message_id WHERE m.thread_id = $1 ORDER BY c.message_id, c.position",
    )
    .bind(thread.to_string())
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let Some(i) = index.get(&uuid(r, "message_id")?) else {
            continue;
        };
        let recipients: String = r.try_get("recipients")?;
        let copy = StoredCopy {
            id: uuid(r, "id")?,
            at: time(r, "at")?,
            actor: r.try_get("actor")?,
            author: uuid(r, "author_poc")?,
            recipients: serde_json::from_str(&recipients).map_err(corrupt("copy recipients"))?,
            armored: r.try_get("armored")?,
        };
        if let Some(m) = out.get_mut(*i) {
            m.copies.push(copy);
        }
    }
    let rows = sqlx::query(
        "SELECT a.message_id, a.poc_id, a.copy_id FROM message_audience a \
         JOIN thread_messages m ON m.id = a.message_id WHERE m.thread_id = $1 ORDER BY a.poc_id",
    )
    .bind(thread.to_string())
    .fetch_all(pool)
    .await?;
    for r in &rows {
        let Some(i) = index.get(&uuid(r, "message_id")?) else {
            continue;
        };
        let entry = (uuid(r, "poc_id")?, opt_uuid(r, "copy_id")?);
        if let Some(m) = out.get_mut(*i) {
            m.audience.push(entry);
        }
    }
    Ok(out)
}

const CONSENT_COLUMNS: &str =
    "id, thread_id, requested_by, actor, at, targets, message_id, used_by";

async fn decode_consents(
    pool: &AnyPool,
    rows: Vec<AnyRow>,
) -> Result<Vec<ConsentRequest>, StoreError> {
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let targets: String = r.try_get("targets")?;
        let targets: Vec<String> =
            serde_json::from_str(&targets).map_err(corrupt("consent targets"))?;
        let id = uuid(r, "id")?;
        let decisions = sqlx::query(
            "SELECT poc_id, answer, at, actor, message_id FROM thread_consent_decisions \
             WHERE consent_id = $1 ORDER BY at, poc_id",
        )
        .bind(id.to_string())
        .fetch_all(pool)
        .await?
        .iter()
        .map(|d| {
            Ok(ConsentDecisionRecord {
                poc: uuid(d, "poc_id")?,
                answer: parsed(d, "answer", ConsentAnswer::parse)?,
                at: time(d, "at")?,
                actor: d.try_get("actor")?,
                message: opt_uuid(d, "message_id")?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
        out.push(ConsentRequest {
            id,
            thread: uuid(r, "thread_id")?,
            requested_by: uuid(r, "requested_by")?,
            actor: r.try_get("actor")?,
            at: time(r, "at")?,
            targets: targets
                .iter()
                .map(|t| Uuid::parse_str(t).map_err(corrupt("consent target")))
                .collect::<Result<_, _>>()?,
            message: opt_uuid(r, "message_id")?,
            decisions,
            used_by: opt_uuid(r, "used_by")?,
        });
    }
    Ok(out)
}

pub(crate) async fn consents(
    pool: &AnyPool,
    thread: Uuid,
) -> Result<Vec<ConsentRequest>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CONSENT_COLUMNS} FROM thread_consents WHERE thread_id = $1 ORDER BY at, id"
    )))
    .bind(thread.to_string())
    .fetch_all(pool)
    .await?;
    decode_consents(pool, rows).await
}

pub(crate) async fn consent(
    pool: &AnyPool,
    id: Uuid,
) -> Result<Option<ConsentRequest>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CONSENT_COLUMNS} FROM thread_consents WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_all(pool)
    .await?;
    Ok(decode_consents(pool, rows).await?.into_iter().next())
}

/// For each thread `poc` takes part in, how many messages it can see (not its own, not another
/// state's coordination notes) came after the last one a device of it fetched.
pub(crate) async fn unread_counts(
    pool: &AnyPool,
    poc: Uuid,
    state: StateCode,
) -> Result<Vec<(Uuid, u32)>, StoreError> {
    let rows = sqlx::query(
        "SELECT m.thread_id, COUNT(*) AS n FROM thread_messages m \
         JOIN thread_participants p ON p.thread_id = m.thread_id AND p.poc_id = $1 \
         WHERE m.author_poc <> $1 AND (m.note_state IS NULL OR m.note_state = $2) \
         AND m.seq > COALESCE((SELECT MAX(f.up_to_seq) FROM thread_fetches f \
                               WHERE f.thread_id = m.thread_id AND f.poc_id = $1), 0) \
         GROUP BY m.thread_id",
    )
    .bind(poc.to_string())
    .bind(state.as_str().to_owned())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get("n")?;
            Ok((uuid(r, "thread_id")?, u32::try_from(n).unwrap_or(u32::MAX)))
        })
        .collect()
}

/// Whether a device of `poc` (with label `device`) has fetched `thread` up to `seq` already.
pub(crate) async fn fetched(
    pool: &AnyPool,
    thread: Uuid,
    poc: Uuid,
    device: &str,
    seq: u32,
) -> Result<bool, StoreError> {
    let row = sqlx::query(
        "SELECT 1 FROM thread_fetches WHERE thread_id = $1 AND poc_id = $2 AND device = $3 AND up_to_seq >= $4",
    )
    .bind(thread.to_string())
    .bind(poc.to_string())
    .bind(device.to_owned())
    .bind(i64::from(seq))
    .fetch_optional(pool)
    .await?;
    Ok(row.is_some())
}

pub(crate) async fn notifications(
    pool: &AnyPool,
    poc: Uuid,
    unread_only: bool,
    limit: i64,
) -> Result<Vec<Notification>, StoreError> {
    let sql = if unread_only {
        "SELECT id, poc_id, thread_id, kind, urgency, exercise, at, read_at, email FROM notifications \
         WHERE poc_id = $1 AND read_at IS NULL ORDER BY at DESC, id LIMIT $2"
    } else {
        "SELECT id, poc_id, thread_id, kind, urgency, exercise, at, read_at, email FROM notifications \
         WHERE poc_id = $1 ORDER BY at DESC, id LIMIT $2"
    };
    let rows = sqlx::query(sql)
        .bind(poc.to_string())
        .bind(limit)
        .fetch_all(pool)
        .await?;
    rows.iter().map(decode_notification).collect()
}

const NOTIFICATION_COLUMNS: &str =
    "id, poc_id, thread_id, kind, urgency, exercise, at, read_at, email";

fn decode_notification(r: &AnyRow) -> Result<Notification, StoreError> {
    let exercise: i64 = r.try_get("exercise")?;
    Ok(Notification {
        id: uuid(r, "id")?,
        poc: uuid(r, "poc_id")?,
        thread: uuid(r, "thread_id")?,
        kind: parsed(r, "kind", NotificationKind::parse)?,
        urgency: parsed(r, "urgency", Urgency::parse)?,
        exercise: exercise != 0,
        at: time(r, "at")?,
        read_at: opt_time(r, "read_at")?,
        email: parsed(r, "email", EmailStatus::parse)?,
    })
}

/// Notifications still to be e-mailed, oldest first.
pub(crate) async fn pending_notification_emails(
    pool: &AnyPool,
    limit: i64,
) -> Result<Vec<Notification>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE email = 'pending' ORDER BY at, id LIMIT $1"
    )))
    .bind(limit)
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_notification).collect()
}

pub(crate) async fn notification(
    pool: &AnyPool,
    id: Uuid,
) -> Result<Option<Notification>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {NOTIFICATION_COLUMNS} FROM notifications WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_notification).transpose()
}

pub(crate) async fn bridge_copy(
    pool: &AnyPool,
    copy: Uuid,
) -> Result<Option<(Uuid, bool, String)>, StoreError> {
    let row = sqlx::query(
        "SELECT m.thread_id, t.exercise, c.armored FROM message_copies c \
         JOIN thread_messages m ON m.id = c.message_id JOIN threads t ON t.id = m.thread_id \
         WHERE c.id = $1",
    )
    .bind(copy.to_string())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        let exercise: i64 = r.try_get("exercise")?;
        Ok((uuid(&r, "thread_id")?, exercise != 0, r.try_get("armored")?))
    })
    .transpose()
}

/// Moves each notification from `pending` to `queued` with its outbox rows (or to
/// `no_address` when there are none), in one transaction; a notification another worker
/// queued meanwhile is skipped with its rows. Returns how many were moved by this call.
pub(crate) async fn queue_notification_emails(
    pool: &AnyPool,
    batch: &[(Uuid, Vec<crate::OutboxMail>)],
) -> Result<u64, StoreError> {
    let mut tx = pool.begin().await?;
    let mut moved = 0;
    for (id, mails) in batch {
        let next = if mails.is_empty() {
            "no_address"
        } else {
            "queued"
        };
        let n =
            sqlx::query("UPDATE notifications SET email = $1 WHERE id = $2 AND email = 'pending'")
                .bind(next)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if n == 1 {
            super::pings::insert_outbox(&mut tx, mails).await?;
            moved += 1;
        }
    }
    tx.commit().await?;
    Ok(moved)
}

pub(crate) async fn key_blob(pool: &AnyPool, owner: &str) -> Result<Option<KeyBlob>, StoreError> {
    let row = sqlx::query(
        "SELECT owner, poc_id, fingerprint, armored, updated_at FROM key_blobs WHERE owner = $1",
    )
    .bind(owner.to_owned())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(KeyBlob {
            owner: r.try_get("owner")?,
            poc: uuid(&r, "poc_id")?,
            fingerprint: r.try_get("fingerprint")?,
            armored: r.try_get("armored")?,
            updated_at: time(&r, "updated_at")?,
        })
    })
    .transpose()
}

/// Threads in which some message still waits for a key of `poc`.
pub(crate) async fn awaiting_key(pool: &AnyPool, poc: Uuid) -> Result<Vec<Uuid>, StoreError> {
    let rows = sqlx::query(
        "SELECT DISTINCT m.thread_id FROM message_audience a JOIN thread_messages m ON m.id = a.message_id \
         WHERE a.poc_id = $1 AND a.copy_id IS NULL",
    )
    .bind(poc.to_string())
    .fetch_all(pool)
    .await?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for r in &rows {
        let id = uuid(r, "thread_id")?;
        if seen.insert(id) {
            out.push(id);
        }
    }
    Ok(out)
}

//! SQL for ping tests (migration `0004_pings.sql`): campaigns and their challenges, claims and
//! compare-and-set delivery updates shared by the two mail queues (`ping_challenges`,
//! `mail_outbox`), acknowledgements, deadlines, escalations, follow-ups, schedule slots.

use super::{Backend, corrupt, from_micros, micros};
use crate::{
    BULK_ROWS, DeliveryAttempt, DeliveryUpdate, MailQueue, OutboxKind, OutboxMail, StoreError,
    TokenChange,
};
use jiff::{SignedDuration, Timestamp};
use liaison_core::PocRole;
use liaison_core::codes::EntryLanguage;
use liaison_core::contact::Email;
use liaison_core::ping::{
    AckChannel, Acknowledgement, CampaignTarget, CampaignTrigger, Delivery, Escalation, FollowUp,
    FollowUpMethod, FollowUpOutcome, MailDelivery, Outcome, PingCampaign, PingChallenge,
};
use liaison_core::states::StateCode;
use liaison_core::text::CleanText;
use sqlx::any::AnyRow;
use sqlx::{Any, AnyPool, Row, Transaction};
use uuid::Uuid;

const CAMPAIGN_COLUMNS: &str =
    "id, started_at, started_by, trigger, target, window_secs, slot, closed_at";
const CHALLENGE_COLUMNS: &str = "id, campaign_id, poc_id, state, role, recipients, language, \
     created_at, delivery, attempts, next_attempt_at, lease_owner, lease_until, handed_over_at, \
     sent_at, bounced_at, bounce_reason, due_at, outcome, no_response_at, acknowledged_at, \
     ack_channel, on_time";
const OUTBOX_COLUMNS: &str = "id, kind, subject_id, recipient, language, created_at, delivery, \
     attempts, next_attempt_at, lease_owner, lease_until, handed_over_at, sent_at, bounced_at, \
     bounce_reason";

fn table(q: MailQueue) -> &'static str {
    match q {
        MailQueue::Pings => "ping_challenges",
        MailQueue::Outbox => "mail_outbox",
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

fn opt_time(row: &AnyRow, column: &str) -> Result<Option<Timestamp>, StoreError> {
    let v: Option<i64> = row.try_get(column)?;
    v.map(from_micros).transpose()
}

fn parsed<T>(row: &AnyRow, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, StoreError> {
    let v: String = row.try_get(column)?;
    parse(&v).ok_or_else(|| StoreError::Corrupt(format!("{column} {v}")))
}

fn state_of(row: &AnyRow) -> Result<StateCode, StoreError> {
    parsed(row, "state", StateCode::parse)
}

fn decode_mail(row: &AnyRow, due_at: Option<Timestamp>) -> Result<MailDelivery, StoreError> {
    let attempts: i64 = row.try_get("attempts")?;
    Ok(MailDelivery {
        state: parsed(row, "delivery", Delivery::parse)?,
        attempts: u32::try_from(attempts).map_err(corrupt("attempts"))?,
        next_attempt_at: opt_time(row, "next_attempt_at")?,
        lease_owner: row.try_get("lease_owner")?,
        lease_until: opt_time(row, "lease_until")?,
        handed_over_at: opt_time(row, "handed_over_at")?,
        sent_at: opt_time(row, "sent_at")?,
        bounced_at: opt_time(row, "bounced_at")?,
        bounce_reason: row.try_get("bounce_reason")?,
        due_at,
    })
}

fn decode_campaign(row: &AnyRow) -> Result<PingCampaign, StoreError> {
    let target: String = row.try_get("target")?;
    let window: i64 = row.try_get("window_secs")?;
    Ok(PingCampaign {
        id: uuid(row, "id")?,
        started_at: from_micros(row.try_get("started_at")?)?,
        started_by: row.try_get("started_by")?,
        trigger: parsed(row, "trigger", CampaignTrigger::parse)?,
        target: serde_json::from_str::<CampaignTarget>(&target).map_err(corrupt("target"))?,
        window: SignedDuration::from_secs(window),
        slot: row.try_get("slot")?,
        closed_at: opt_time(row, "closed_at")?,
    })
}

fn decode_challenge(row: &AnyRow) -> Result<PingChallenge, StoreError> {
    let recipients: String = row.try_get("recipients")?;
    let recipients: Vec<String> =
        serde_json::from_str(&recipients).map_err(corrupt("recipients"))?;
    let on_time: Option<i64> = row.try_get("on_time")?;
    let channel: Option<String> = row.try_get("ack_channel")?;
    Ok(PingChallenge {
        id: uuid(row, "id")?,
        campaign: uuid(row, "campaign_id")?,
        poc: uuid(row, "poc_id")?,
        state: state_of(row)?,
        role: parsed(row, "role", PocRole::parse)?,
        recipients: recipients
            .iter()
            .map(|e| Email::parse(e).ok_or_else(|| StoreError::Corrupt(format!("e-mail {e}"))))
            .collect::<Result<_, _>>()?,
        language: parsed(row, "language", EntryLanguage::parse)?,
        created_at: from_micros(row.try_get("created_at")?)?,
        mail: decode_mail(row, opt_time(row, "due_at")?)?,
        outcome: parsed(row, "outcome", Outcome::parse)?,
        no_response_at: opt_time(row, "no_response_at")?,
        acknowledged_at: opt_time(row, "acknowledged_at")?,
        ack_channel: channel
            .map(|c| {
                AckChannel::parse(&c).ok_or_else(|| StoreError::Corrupt(format!("channel {c}")))
            })
            .transpose()?,
        on_time: on_time.map(|v| v != 0),
    })
}

fn decode_outbox(row: &AnyRow) -> Result<OutboxMail, StoreError> {
    let recipient: String = row.try_get("recipient")?;
    Ok(OutboxMail {
        id: uuid(row, "id")?,
        kind: parsed(row, "kind", OutboxKind::parse)?,
        subject: uuid(row, "subject_id")?,
        recipient: Email::parse(&recipient)
            .ok_or_else(|| StoreError::Corrupt(format!("e-mail {recipient}")))?,
        language: parsed(row, "language", EntryLanguage::parse)?,
        created_at: from_micros(row.try_get("created_at")?)?,
        mail: decode_mail(row, None)?,
    })
}

fn decode_escalation(row: &AnyRow) -> Result<Escalation, StoreError> {
    let unanswered: String = row.try_get("unanswered")?;
    let administrators: i64 = row.try_get("administrators")?;
    Ok(Escalation {
        id: uuid(row, "id")?,
        campaign: uuid(row, "campaign_id")?,
        state: state_of(row)?,
        created_at: from_micros(row.try_get("created_at")?)?,
        unanswered: serde_json::from_str(&unanswered).map_err(corrupt("unanswered"))?,
        administrators: u32::try_from(administrators).map_err(corrupt("administrators"))?,
    })
}

fn clean(row: &AnyRow, column: &str) -> Result<Option<CleanText>, StoreError> {
    let v: Option<String> = row.try_get(column)?;
    v.map(|v| {
        CleanText::from_trusted(&v).ok_or_else(|| StoreError::Corrupt(format!("{column} text")))
    })
    .transpose()
}

fn decode_follow_up(row: &AnyRow) -> Result<FollowUp, StoreError> {
    Ok(FollowUp {
        id: uuid(row, "id")?,
        state: state_of(row)?,
        campaign: opt_uuid(row, "campaign_id")?,
        poc: opt_uuid(row, "poc_id")?,
        recorded_by: row.try_get("recorded_by")?,
        recorded_at: from_micros(row.try_get("recorded_at")?)?,
        contacted_at: from_micros(row.try_get("contacted_at")?)?,
        authority: clean(row, "authority")?
            .ok_or_else(|| StoreError::Corrupt("follow-up authority".into()))?,
        method: parsed(row, "method", FollowUpMethod::parse)?,
        outcome: parsed(row, "outcome", FollowUpOutcome::parse)?,
        note: clean(row, "note")?,
    })
}

// ----- writes inside `apply` ----------------------------------------------------------------

/// The numbered placeholders of `rows` rows of `cols` values: `($1, $2), ($3, $4)`.
fn placeholders(rows: usize, cols: usize) -> String {
    (0..rows)
        .map(|r| {
            let inner: Vec<String> = (1..=cols).map(|c| format!("${}", r * cols + c)).collect();
            format!("({})", inner.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

pub(super) async fn start_campaign(
    tx: &mut Transaction<'static, Any>,
    campaign: &PingCampaign,
    challenges: &[PingChallenge],
    slot: Option<&str>,
) -> Result<(), StoreError> {
    if let Some(slot) = slot {
        fill_slot(tx, slot, Some(campaign.id), campaign.started_at).await?;
    }
    let target = serde_json::to_string(&campaign.target).map_err(corrupt("encode target"))?;
    sqlx::query(
        "INSERT INTO ping_campaigns (id, started_at, started_by, trigger, target, window_secs, slot, challenges, closed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL)",
    )
    .bind(campaign.id.to_string())
    .bind(micros(campaign.started_at))
    .bind(campaign.started_by.clone())
    .bind(campaign.trigger.as_str())
    .bind(target)
    .bind(campaign.window.as_secs())
    .bind(campaign.slot.clone())
    .bind(i64::try_from(challenges.len()).map_err(corrupt("challenge count"))?)
    .execute(&mut **tx)
    .await?;
    // Multi-row inserts: 10 000 challenges in 157 statements, one transaction.
    const COLS: usize = 13;
    for chunk in challenges.chunks(BULK_ROWS) {
        let sql = format!(
            "INSERT INTO ping_challenges (id, campaign_id, poc_id, state, role, recipients, \
             language, created_at, delivery, attempts, next_attempt_at, due_at, outcome) VALUES {}",
            placeholders(chunk.len(), COLS)
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for c in chunk {
            let recipients: Vec<&str> = c.recipients.iter().map(Email::as_str).collect();
            q = q
                .bind(c.id.to_string())
                .bind(c.campaign.to_string())
                .bind(c.poc.to_string())
                .bind(c.state.as_str().to_owned())
                .bind(c.role.as_str())
                .bind(serde_json::to_string(&recipients).map_err(corrupt("encode recipients"))?)
                .bind(c.language.as_str())
                .bind(micros(c.created_at))
                .bind(c.mail.state.as_str())
                .bind(i64::from(c.mail.attempts))
                .bind(c.mail.next_attempt_at.map(micros))
                .bind(c.mail.due_at.map(micros))
                .bind(c.outcome.as_str());
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Inside `apply`, which every writer enters by locking the audit head, so the check and the
/// insert cannot interleave with another replica's.
pub(super) async fn fill_slot(
    tx: &mut Transaction<'static, Any>,
    slot: &str,
    campaign: Option<Uuid>,
    at: Timestamp,
) -> Result<(), StoreError> {
    let taken = sqlx::query("SELECT 1 FROM ping_schedule_slots WHERE slot = $1")
        .bind(slot.to_owned())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "schedule slot {slot} is filled"
        )));
    }
    sqlx::query(
        "INSERT INTO ping_schedule_slots (slot, campaign_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(slot.to_owned())
    .bind(campaign.map(|c| c.to_string()))
    .bind(micros(at))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn acknowledge(
    tx: &mut Transaction<'static, Any>,
    challenge: Uuid,
    poc: Uuid,
    expected: Outcome,
    ack: &Acknowledgement,
    actor: &str,
) -> Result<(), StoreError> {
    let done = sqlx::query(
        "UPDATE ping_challenges SET outcome = 'acknowledged', acknowledged_at = $1, ack_channel = $2, on_time = $3 \
         WHERE id = $4 AND poc_id = $5 AND outcome = $6 AND acknowledged_at IS NULL AND due_at IS NOT NULL",
    )
    .bind(micros(ack.at))
    .bind(ack.channel.as_str())
    .bind(i64::from(ack.on_time))
    .bind(challenge.to_string())
    .bind(poc.to_string())
    .bind(expected.as_str())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict(format!(
            "challenge {challenge} is not awaiting an answer"
        )));
    }
    sqlx::query(
        "INSERT INTO ping_acknowledgements (challenge_id, poc_id, at, channel, on_time, actor) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(challenge.to_string())
    .bind(poc.to_string())
    .bind(micros(ack.at))
    .bind(ack.channel.as_str())
    .bind(i64::from(ack.on_time))
    .bind(actor.to_owned())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn mark_no_response(
    tx: &mut Transaction<'static, Any>,
    ids: &[Uuid],
    at: Timestamp,
) -> Result<(), StoreError> {
    let mut marked = 0;
    for chunk in ids.chunks(BULK_ROWS) {
        let list: Vec<String> = (0..chunk.len()).map(|i| format!("${}", i + 2)).collect();
        let sql = format!(
            "UPDATE ping_challenges SET outcome = 'no_response', no_response_at = $1 \
             WHERE outcome = 'pending' AND due_at <= $1 AND id IN ({})",
            list.join(", ")
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(micros(at));
        for id in chunk {
            q = q.bind(id.to_string());
        }
        marked += q.execute(&mut **tx).await?.rows_affected();
    }
    if marked != ids.len() as u64 {
        return Err(StoreError::Conflict(
            "a challenge was answered or marked meanwhile".into(),
        ));
    }
    Ok(())
}

pub(super) async fn escalate(
    tx: &mut Transaction<'static, Any>,
    e: &Escalation,
    mails: &[OutboxMail],
) -> Result<(), StoreError> {
    let taken = sqlx::query("SELECT 1 FROM ping_escalations WHERE campaign_id = $1 AND state = $2")
        .bind(e.campaign.to_string())
        .bind(e.state.as_str().to_owned())
        .fetch_optional(&mut **tx)
        .await?;
    if taken.is_some() {
        return Err(StoreError::Conflict(format!(
            "{} is escalated for campaign {} already",
            e.state.as_str(),
            e.campaign
        )));
    }
    sqlx::query(
        "INSERT INTO ping_escalations (id, campaign_id, state, created_at, unanswered, administrators) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(e.id.to_string())
    .bind(e.campaign.to_string())
    .bind(e.state.as_str().to_owned())
    .bind(micros(e.created_at))
    .bind(serde_json::to_string(&e.unanswered).map_err(corrupt("encode unanswered"))?)
    .bind(i64::from(e.administrators))
    .execute(&mut **tx)
    .await?;
    insert_outbox(tx, mails).await
}

/// New rows of the outbox, in the caller's transaction.
pub(super) async fn insert_outbox(
    tx: &mut Transaction<'_, Any>,
    mails: &[OutboxMail],
) -> Result<(), StoreError> {
    for m in mails {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO mail_outbox ({OUTBOX_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, NULL, NULL, NULL, NULL, NULL)"
        )))
        .bind(m.id.to_string())
        .bind(m.kind.as_str())
        .bind(m.subject.to_string())
        .bind(m.recipient.as_str().to_owned())
        .bind(m.language.as_str())
        .bind(micros(m.created_at))
        .bind(m.mail.state.as_str())
        .bind(i64::from(m.mail.attempts))
        .bind(m.mail.next_attempt_at.map(micros))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

pub(super) async fn record_follow_up(
    tx: &mut Transaction<'static, Any>,
    f: &FollowUp,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO ping_follow_ups (id, state, campaign_id, poc_id, recorded_by, recorded_at, contacted_at, authority, method, outcome, note) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(f.id.to_string())
    .bind(f.state.as_str().to_owned())
    .bind(f.campaign.map(|c| c.to_string()))
    .bind(f.poc.map(|p| p.to_string()))
    .bind(f.recorded_by.clone())
    .bind(micros(f.recorded_at))
    .bind(micros(f.contacted_at))
    .bind(f.authority.as_str().to_owned())
    .bind(f.method.as_str())
    .bind(f.outcome.as_str())
    .bind(f.note.as_ref().map(|n| n.as_str().to_owned()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn close_campaign(
    tx: &mut Transaction<'static, Any>,
    id: Uuid,
    at: Timestamp,
) -> Result<(), StoreError> {
    let done =
        sqlx::query("UPDATE ping_campaigns SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
            .bind(micros(at))
            .bind(id.to_string())
            .execute(&mut **tx)
            .await?;
    if done.rows_affected() != 1 {
        return Err(StoreError::Conflict(format!("campaign {id} is closed")));
    }
    Ok(())
}

// ----- the mail queues (outside `apply`) -----------------------------------------------------

#[allow(clippy::too_many_arguments)]
async fn claim(
    pool: &AnyPool,
    backend: Backend,
    queue: MailQueue,
    columns: &str,
    owner: &str,
    now: Timestamp,
    until: Timestamp,
    limit: u32,
) -> Result<Vec<AnyRow>, StoreError> {
    let t = table(queue);
    // PostgreSQL: rows another replica is claiming right now are skipped rather than waited
    // for; the outer UPDATE then takes the locked rows. SQLite has one writer: the statement
    // is atomic on its own.
    let lock = match backend {
        Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        Backend::Sqlite => "",
    };
    let sql = format!(
        "UPDATE {t} SET delivery = 'claimed', lease_owner = $1, lease_until = $2 \
         WHERE id IN (SELECT id FROM {t} \
             WHERE (delivery = 'queued' AND next_attempt_at <= $3) \
                OR (delivery = 'claimed' AND lease_until <= $3) \
             ORDER BY next_attempt_at LIMIT $4{lock}) \
         RETURNING {columns}"
    );
    Ok(sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(owner.to_owned())
        .bind(micros(until))
        .bind(micros(now))
        .bind(i64::from(limit))
        .fetch_all(pool)
        .await?)
}

pub(super) async fn claim_pings(
    pool: &AnyPool,
    backend: Backend,
    owner: &str,
    now: Timestamp,
    until: Timestamp,
    limit: u32,
) -> Result<Vec<PingChallenge>, StoreError> {
    let rows = claim(
        pool,
        backend,
        MailQueue::Pings,
        CHALLENGE_COLUMNS,
        owner,
        now,
        until,
        limit,
    )
    .await?;
    rows.iter().map(decode_challenge).collect()
}

pub(super) async fn claim_outbox(
    pool: &AnyPool,
    backend: Backend,
    owner: &str,
    now: Timestamp,
    until: Timestamp,
    limit: u32,
) -> Result<Vec<OutboxMail>, StoreError> {
    let rows = claim(
        pool,
        backend,
        MailQueue::Outbox,
        OUTBOX_COLUMNS,
        owner,
        now,
        until,
        limit,
    )
    .await?;
    rows.iter().map(decode_outbox).collect()
}

pub(super) async fn update_deliveries(
    pool: &AnyPool,
    updates: &[DeliveryUpdate],
) -> Result<Vec<bool>, StoreError> {
    if updates.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = pool.begin().await?;
    let mut written = Vec::with_capacity(updates.len());
    for u in updates {
        let t = table(u.queue);
        let n = &u.next;
        let e = &u.expected;
        // Parameters $1–$13 are common to both queues; a ping also writes its due time and,
        // at the handover (or when the relay refuses the finished message), its token hash.
        let (extra, due, token): (&str, bool, Option<Option<String>>) = match (u.queue, &u.token) {
            (MailQueue::Outbox, _) => ("", false, None),
            (MailQueue::Pings, TokenChange::Keep) => (", due_at = $14", true, None),
            (MailQueue::Pings, TokenChange::Set(h)) => (
                ", due_at = $14, token_hash = $15",
                true,
                Some(Some(h.clone())),
            ),
            (MailQueue::Pings, TokenChange::Clear) => {
                (", due_at = $14, token_hash = $15", true, Some(None))
            }
        };
        let sql = format!(
            "UPDATE {t} SET delivery = $1, attempts = $2, next_attempt_at = $3, lease_owner = $4, \
             lease_until = $5, handed_over_at = $6, sent_at = $7, bounced_at = $8, bounce_reason = $9{extra} \
             WHERE id = $10 AND delivery = $11 AND attempts = $12 AND lease_owner IS NOT DISTINCT FROM $13"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(n.state.as_str())
            .bind(i64::from(n.attempts))
            .bind(n.next_attempt_at.map(micros))
            .bind(n.lease_owner.clone())
            .bind(n.lease_until.map(micros))
            .bind(n.handed_over_at.map(micros))
            .bind(n.sent_at.map(micros))
            .bind(n.bounced_at.map(micros))
            .bind(n.bounce_reason.clone())
            .bind(u.id.to_string())
            .bind(e.state.as_str())
            .bind(i64::from(e.attempts))
            .bind(e.lease_owner.clone());
        if due {
            q = q.bind(n.due_at.map(micros));
        }
        if let Some(token) = token {
            q = q.bind(token);
        }
        let ok = q.execute(&mut *tx).await?.rows_affected() == 1;
        if ok && let Some(a) = &u.attempt {
            sqlx::query(
                "INSERT INTO ping_delivery_attempts (message_id, at, worker, result, detail) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(u.id.to_string())
            .bind(micros(a.at))
            .bind(a.worker.clone())
            .bind(a.result.clone())
            .bind(a.detail.clone())
            .execute(&mut *tx)
            .await?;
        }
        written.push(ok);
    }
    tx.commit().await?;
    Ok(written)
}

// ----- reads ---------------------------------------------------------------------------------

pub(super) async fn campaigns(
    pool: &AnyPool,
    open_only: bool,
) -> Result<Vec<PingCampaign>, StoreError> {
    let filter = if open_only {
        "WHERE closed_at IS NULL "
    } else {
        ""
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM ping_campaigns {filter}ORDER BY started_at, id"
    )))
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_campaign).collect()
}

pub(super) async fn campaign(pool: &AnyPool, id: Uuid) -> Result<Option<PingCampaign>, StoreError> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CAMPAIGN_COLUMNS} FROM ping_campaigns WHERE id = $1"
    )))
    .bind(id.to_string())
    .fetch_optional(pool)
    .await?;
    row.as_ref().map(decode_campaign).transpose()
}

pub(super) async fn challenges_where(
    pool: &AnyPool,
    filter: &str,
    value: String,
) -> Result<Vec<PingChallenge>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CHALLENGE_COLUMNS} FROM ping_challenges WHERE {filter} = $1 ORDER BY created_at, id"
    )))
    .bind(value)
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_challenge).collect()
}

pub(super) async fn challenges_of(
    pool: &AnyPool,
    pocs: &[Uuid],
) -> Result<Vec<PingChallenge>, StoreError> {
    let mut out = Vec::new();
    for chunk in pocs.chunks(BULK_ROWS) {
        let list: Vec<String> = (1..=chunk.len()).map(|i| format!("${i}")).collect();
        let mut q = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {CHALLENGE_COLUMNS} FROM ping_challenges WHERE poc_id IN ({}) ORDER BY created_at, id",
            list.join(", ")
        )));
        for p in chunk {
            q = q.bind(p.to_string());
        }
        for row in q.fetch_all(pool).await? {
            out.push(decode_challenge(&row)?);
        }
    }
    Ok(out)
}

pub(super) async fn token_hash(pool: &AnyPool, id: Uuid) -> Result<Option<String>, StoreError> {
    let row = sqlx::query("SELECT token_hash FROM ping_challenges WHERE id = $1")
        .bind(id.to_string())
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        Some(r) => r.try_get("token_hash")?,
        None => None,
    })
}

pub(super) async fn past_due(
    pool: &AnyPool,
    now: Timestamp,
    limit: u32,
) -> Result<Vec<PingChallenge>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {CHALLENGE_COLUMNS} FROM ping_challenges WHERE outcome = 'pending' AND due_at <= $1 \
         ORDER BY due_at LIMIT $2"
    )))
    .bind(micros(now))
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_challenge).collect()
}

pub(super) async fn last_acknowledgements(
    pool: &AnyPool,
) -> Result<Vec<(Uuid, Timestamp)>, StoreError> {
    let rows =
        sqlx::query("SELECT poc_id, MAX(at) AS at FROM ping_acknowledgements GROUP BY poc_id")
            .fetch_all(pool)
            .await?;
    rows.iter()
        .map(|r| Ok((uuid(r, "poc_id")?, from_micros(r.try_get("at")?)?)))
        .collect()
}

pub(super) async fn attempts(pool: &AnyPool, id: Uuid) -> Result<Vec<DeliveryAttempt>, StoreError> {
    let rows = sqlx::query(
        "SELECT at, worker, result, detail FROM ping_delivery_attempts WHERE message_id = $1 ORDER BY id",
    )
    .bind(id.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DeliveryAttempt {
                at: from_micros(r.try_get("at")?)?,
                worker: r.try_get("worker")?,
                result: r.try_get("result")?,
                detail: r.try_get("detail")?,
            })
        })
        .collect()
}

pub(super) async fn escalations_where(
    pool: &AnyPool,
    column: &str,
    value: Uuid,
) -> Result<Vec<Escalation>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT id, campaign_id, state, created_at, unanswered, administrators FROM ping_escalations \
         WHERE {column} = $1 ORDER BY state"
    )))
    .bind(value.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_escalation).collect()
}

pub(super) async fn outbox_of(
    pool: &AnyPool,
    subject: Uuid,
) -> Result<Vec<OutboxMail>, StoreError> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT {OUTBOX_COLUMNS} FROM mail_outbox WHERE subject_id = $1 ORDER BY created_at, id"
    )))
    .bind(subject.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter().map(decode_outbox).collect()
}

pub(super) async fn follow_ups(
    pool: &AnyPool,
    state: Option<StateCode>,
) -> Result<Vec<FollowUp>, StoreError> {
    const COLS: &str = "id, state, campaign_id, poc_id, recorded_by, recorded_at, contacted_at, authority, method, outcome, note";
    let rows =
        match state {
            Some(s) => sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT {COLS} FROM ping_follow_ups WHERE state = $1 ORDER BY recorded_at DESC, id"
            )))
            .bind(s.as_str().to_owned())
            .fetch_all(pool)
            .await?,
            None => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "SELECT {COLS} FROM ping_follow_ups ORDER BY recorded_at DESC, id"
                )))
                .fetch_all(pool)
                .await?
            }
        };
    rows.iter().map(decode_follow_up).collect()
}

pub(super) async fn slot_filled(pool: &AnyPool, slot: &str) -> Result<bool, StoreError> {
    Ok(
        sqlx::query("SELECT 1 FROM ping_schedule_slots WHERE slot = $1")
            .bind(slot.to_owned())
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}

pub(super) async fn state_tallies(
    pool: &AnyPool,
    campaign: Uuid,
) -> Result<Vec<(StateCode, u64, u64)>, StoreError> {
    let rows = sqlx::query(
        "SELECT state, \
           SUM(CASE WHEN outcome = 'pending' THEN 1 ELSE 0 END) AS pending, \
           SUM(CASE WHEN outcome = 'no_response' THEN 1 ELSE 0 END) AS unanswered \
         FROM ping_challenges WHERE campaign_id = $1 GROUP BY state ORDER BY state",
    )
    .bind(campaign.to_string())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            let pending: i64 = r.try_get("pending")?;
            let unanswered: i64 = r.try_get("unanswered")?;
            Ok((
                state_of(r)?,
                u64::try_from(pending).unwrap_or(0),
                u64::try_from(unanswered).unwrap_or(0),
            ))
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    #[test]
    fn placeholders_number_rows_after_rows() {
        assert_eq!(super::placeholders(2, 2), "($1, $2), ($3, $4)");
        assert_eq!(super::placeholders(1, 3), "($1, $2, $3)");
    }
}

//! Sending, exactly once across crashes and replicas (issue 4 item 2).
//!
//! A worker claims due messages under a lease (a conditional UPDATE; PostgreSQL skips rows
//! another replica is claiming), composes each one, and lets the [`Mailer`] send it. Right
//! before the final dot the mailer awaits the [`Handover`], which commits `handed_over` (and,
//! for a ping, the hash of the token just put in the message and its due time) only if the
//! row is still this worker's claim. Then the relay writes the dot. So:
//!
//! - a worker that dies before the handover leaves a claim whose lease runs out: another
//!   worker (or the same server after a restart) takes it, and nothing had been sent;
//! - a worker that dies after the handover leaves a row that counts as sent (only the
//!   microseconds between the commit and the dot could lose a message, never duplicate one);
//! - two replicas never both hand one message over: the commit is a compare-and-set on the
//!   claim.
//!
//! Handovers and results of concurrent sends are written by one [`DeliveryWriter`] task in
//! batches (a group commit), so per-message fsyncs do not bound throughput.

use super::{
    BridgeMail, EscalationMail, Handover, HandoverLost, Mailer, NotificationMail, PingMail,
    SendFailure, UnansweredEntry,
};
use crate::{AppError, Liaison};
use jiff::{SignedDuration, Timestamp};
use liaison_core::ping::{
    Delivery, DeliveryEvent, MailDelivery, PingCampaign, PingChallenge, PingToken,
    bounce_local_part, deliver, key_status, reply_local_part,
};
use liaison_store::{
    DeliveryAttempt, DeliveryUpdate, MailQueue, OutboxKind, OutboxMail, Store, TokenChange,
};
use rand::RngCore;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::sync::{Mutex, Semaphore, mpsc, oneshot};
use uuid::Uuid;

/// How a worker sends.
#[derive(Debug, Clone)]
pub struct SendOptions {
    /// Unique per process: the lease owner written into claimed rows.
    pub worker: String,
    /// Messages sent at once (SMTP connections in use).
    pub concurrency: usize,
    /// How long a claim lasts; a claim not handed over by then may be taken by another worker
    /// (and this worker's handover is then refused).
    pub lease: SignedDuration,
    /// Messages per second at most (`--mail-rate`); `None` for no limit.
    pub rate: Option<f64>,
}

impl SendOptions {
    /// A worker id unique to this process: host-independent, random.
    pub fn worker_id() -> String {
        let mut b = [0u8; 8];
        rand::rng().fill_bytes(&mut b);
        format!("worker-{}-{}", std::process::id(), hex::encode(b))
    }

    /// How many messages to claim at once: what can be sent well inside the lease at the
    /// configured rate, and enough to keep every connection busy.
    fn batch(&self) -> u32 {
        let by_connections = (self.concurrency.max(1) * 4) as f64;
        let by_rate = self
            .rate
            .map_or(f64::MAX, |r| r * (self.lease.as_secs_f64() / 4.0));
        by_connections.min(by_rate).clamp(1.0, 1000.0) as u32
    }
}

/// Paces sending to at most `rate` messages per second (wall-clock time: pacing protects the
/// relay, it is not domain time).
pub struct Pacer {
    interval: Option<Duration>,
    next: Mutex<tokio::time::Instant>,
}

impl Pacer {
    pub fn new(rate: Option<f64>) -> Pacer {
        Pacer {
            interval: rate
                .filter(|r| r.is_finite() && *r > 0.0)
                .map(|r| Duration::from_secs_f64(1.0 / r)),
            next: Mutex::new(tokio::time::Instant::now()),
        }
    }

    pub async fn wait(&self) {
        let Some(step) = self.interval else { return };
        let at = {
            let mut next = self.next.lock().await;
            let now = tokio::time::Instant::now();
            let at = (*next).max(now);
            *next = at + step;
            at
        };
        tokio::time::sleep_until(at).await;
    }
}

type Job = (DeliveryUpdate, oneshot::Sender<Result<bool, String>>);

/// Writes delivery updates of concurrent sends in batches: while one transaction commits, the
/// next updates queue up and go in the following one.
#[derive(Clone)]
pub struct DeliveryWriter {
    tx: mpsc::UnboundedSender<Job>,
}

impl DeliveryWriter {
    pub fn spawn(store: Arc<dyn Store>) -> DeliveryWriter {
        let (tx, mut rx) = mpsc::unbounded_channel::<Job>();
        tokio::spawn(async move {
            while let Some(first) = rx.recv().await {
                let mut jobs = vec![first];
                while jobs.len() < 256 {
                    match rx.try_recv() {
                        Ok(j) => jobs.push(j),
                        Err(_) => break,
                    }
                }
                let updates: Vec<DeliveryUpdate> = jobs.iter().map(|(u, _)| u.clone()).collect();
                match store.update_deliveries(&updates).await {
                    Ok(done) => {
                        for ((_, reply), ok) in jobs.into_iter().zip(done) {
                            let _ = reply.send(Ok(ok));
                        }
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, updates = updates.len(), "delivery update failed");
                        for (_, reply) in jobs {
                            let _ = reply.send(Err(e.to_string()));
                        }
                    }
                }
            }
        });
        DeliveryWriter { tx }
    }

    /// Whether the update was written (its compare-and-set held).
    pub async fn write(&self, update: DeliveryUpdate) -> Result<bool, String> {
        let (reply, answer) = oneshot::channel();
        self.tx
            .send((update, reply))
            .map_err(|_| "the delivery writer stopped".to_owned())?;
        answer
            .await
            .map_err(|_| "the delivery writer stopped".to_owned())?
    }
}

/// What one round of sending did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RoundReport {
    pub claimed: usize,
    pub sent: usize,
    pub retried: usize,
    pub bounced: usize,
    /// Handed over, but the relay's answer to the final dot was lost: counted as sent.
    pub unknown: usize,
    /// Not ours any more at the handover: nothing was sent.
    pub lost: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Settled {
    Sent,
    Retried,
    Bounced,
    Unknown,
    Lost,
}

fn new_token() -> PingToken {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    PingToken::from_bytes(&bytes)
}

fn attempt(at: Timestamp, worker: &str, result: &str, detail: Option<String>) -> DeliveryAttempt {
    DeliveryAttempt {
        at,
        worker: worker.to_owned(),
        result: result.to_owned(),
        detail: detail.map(|d| d.chars().take(500).collect()),
    }
}

/// What the handover hook tells its send task: whether it committed, and the state it left.
#[derive(Default)]
struct HandedOver {
    done: AtomicBool,
    after: std::sync::Mutex<Option<MailDelivery>>,
}

impl HandedOver {
    /// (handed over, the row's state now): the handed-over state, or still `claimed`.
    fn state(&self, claimed: &MailDelivery) -> (bool, MailDelivery) {
        let after = self.after.lock().ok().and_then(|a| a.clone());
        (
            self.done.load(Ordering::SeqCst),
            after.unwrap_or_else(|| claimed.clone()),
        )
    }
}

/// Everything a send task needs, shared.
struct Ctx {
    app: Arc<Liaison>,
    mailer: Arc<dyn Mailer>,
    writer: DeliveryWriter,
    worker: String,
}

impl Ctx {
    async fn write(&self, u: DeliveryUpdate) -> bool {
        match self.writer.write(u).await {
            Ok(ok) => ok,
            Err(e) => {
                tracing::warn!(error = %e, "recording a delivery result failed");
                false
            }
        }
    }

    /// After the mailer answered: the delivery's next state, written with its attempt.
    /// `before` is the state the row is in now (claimed, or handed over when `handed`).
    async fn settle(
        &self,
        queue: MailQueue,
        id: Uuid,
        before: &MailDelivery,
        handed: bool,
        result: Result<(), SendFailure>,
        window: SignedDuration,
    ) -> Settled {
        let now = self.app.now();
        let owner = self.worker.clone();
        let (event, kind, detail) = match result {
            Ok(()) if handed => (DeliveryEvent::Accepted { now }, Settled::Sent, None),
            Ok(()) => {
                // A mailer that reports success without handing over broke the contract: the
                // row was never committed as sent, so it must not be marked.
                tracing::error!(%id, "the mailer reported success without a handover");
                return Settled::Lost;
            }
            Err(SendFailure::HandoverLost) => return Settled::Lost,
            Err(SendFailure::Unknown(d)) if handed => {
                // The dot went out and the answer was lost: the relay may well have taken it.
                // It counts as sent; sending again could deliver it twice.
                let _ = self
                    .write(DeliveryUpdate {
                        queue,
                        id,
                        expected: before.clone(),
                        next: before.clone(),
                        token: TokenChange::Keep,
                        attempt: Some(attempt(now, &owner, "unknown", Some(d))),
                    })
                    .await;
                return Settled::Unknown;
            }
            Err(SendFailure::Temporary(d) | SendFailure::Unknown(d)) => (
                DeliveryEvent::TemporaryFailure { owner, now, window },
                Settled::Retried,
                Some(d),
            ),
            Err(SendFailure::Permanent(d)) => (
                DeliveryEvent::PermanentFailure { owner, now, window },
                Settled::Bounced,
                Some(d),
            ),
        };
        let Ok(mut next) = deliver(before, &event) else {
            return Settled::Lost;
        };
        if queue == MailQueue::Outbox {
            next.due_at = None;
        }
        // Temporary failures that ran out of attempts bounce too.
        let kind = if next.state == Delivery::Bounced {
            next.bounce_reason = detail.as_ref().map(|d| d.chars().take(500).collect());
            Settled::Bounced
        } else {
            kind
        };
        let token = if handed && next.state == Delivery::Queued {
            // The relay refused the finished message: its token was never delivered.
            TokenChange::Clear
        } else {
            TokenChange::Keep
        };
        let result = match kind {
            Settled::Sent => "sent",
            Settled::Bounced => "permanent",
            _ => "temporary",
        };
        let ok = self
            .write(DeliveryUpdate {
                queue,
                id,
                expected: before.clone(),
                next,
                token,
                attempt: Some(attempt(now, &self.worker, result, detail)),
            })
            .await;
        if ok { kind } else { Settled::Lost }
    }

    /// The handover hook for a message whose claimed state is `claimed`; `seen` learns
    /// whether it committed, and the state it left the row in.
    fn handover(
        self: &Arc<Self>,
        queue: MailQueue,
        id: Uuid,
        claimed: MailDelivery,
        due_at: Option<Timestamp>,
        token_hash: Option<String>,
        seen: Arc<HandedOver>,
    ) -> Handover {
        let ctx = Arc::clone(self);
        Handover::new(move || async move {
            let now = ctx.app.now();
            let next = deliver(
                &claimed,
                &DeliveryEvent::HandOver {
                    owner: ctx.worker.clone(),
                    now,
                    due_at: due_at.unwrap_or(now),
                },
            )
            .map_err(|_| HandoverLost)?;
            let mut next = next;
            if due_at.is_none() {
                // Only pings have a due time.
                next.due_at = None;
            }
            let ok = ctx
                .write(DeliveryUpdate {
                    queue,
                    id,
                    expected: claimed,
                    next: next.clone(),
                    token: token_hash.map_or(TokenChange::Keep, TokenChange::Set),
                    attempt: None,
                })
                .await;
            if ok {
                if let Ok(mut a) = seen.after.lock() {
                    *a = Some(next);
                }
                seen.done.store(true, Ordering::SeqCst);
                Ok(())
            } else {
                Err(HandoverLost)
            }
        })
    }

    async fn send_ping(self: Arc<Self>, c: PingChallenge, campaign: Arc<PingCampaign>) -> Settled {
        let now = self.app.now();
        let entry = self.app.read_dir().get(&c.poc).filter(|e| e.is_active());
        let Some(entry) = entry else {
            // Retired after the campaign started: it leaves pings (nobody is asked).
            return self
                .settle(
                    MailQueue::Pings,
                    c.id,
                    &c.mail,
                    false,
                    Err(SendFailure::Permanent("entry retired".into())),
                    campaign.window,
                )
                .await;
        };
        let token = new_token();
        let hash = token.hash();
        let due_at = now.checked_add(campaign.window).unwrap_or(Timestamp::MAX);
        let next_campaign_at = self.app.ping_settings().next_campaign_after(now);
        let mail = PingMail {
            challenge: c.id,
            campaign: (*campaign).clone(),
            key: key_status(&entry, now, next_campaign_at),
            entry,
            recipients: c.recipients.clone(),
            language: c.language,
            reply_local_part: reply_local_part(&token),
            bounce_local_part: bounce_local_part(c.id, &hash),
            token,
            due_at,
            next_campaign_at,
            written_at: now,
        };
        let seen = Arc::new(HandedOver::default());
        let hook = self.handover(
            MailQueue::Pings,
            c.id,
            c.mail.clone(),
            Some(due_at),
            Some(hash),
            Arc::clone(&seen),
        );
        let result = self.mailer.send_ping(&mail, hook).await;
        drop(mail);
        let (was_handed, before) = seen.state(&c.mail);
        self.settle(
            MailQueue::Pings,
            c.id,
            &before,
            was_handed,
            result,
            campaign.window,
        )
        .await
    }

    async fn send_outbox(self: Arc<Self>, m: OutboxMail) -> Settled {
        let window = liaison_core::ping::DEFAULT_WINDOW;
        let mail = match m.kind {
            OutboxKind::Escalation => self
                .app
                .escalation_mail(&m)
                .await
                .map(|o| o.map(OutboxMessage::Escalation)),
            OutboxKind::ThreadNotification => self
                .app
                .notification_mail(&m)
                .await
                .map(|o| o.map(OutboxMessage::Notification)),
            OutboxKind::PgpMime => self
                .app
                .bridge_mail(&m)
                .await
                .map(|o| o.map(OutboxMessage::Bridge)),
        };
        let mail = match mail {
            Ok(Some(mail)) => mail,
            Ok(None) => {
                return self
                    .settle(
                        MailQueue::Outbox,
                        m.id,
                        &m.mail,
                        false,
                        Err(SendFailure::Permanent(format!(
                            "{} not found",
                            m.kind.as_str()
                        ))),
                        window,
                    )
                    .await;
            }
            Err(e) => {
                tracing::warn!(error = %e, kind = m.kind.as_str(), "composing a message failed");
                return self
                    .settle(
                        MailQueue::Outbox,
                        m.id,
                        &m.mail,
                        false,
                        Err(SendFailure::Temporary(e.to_string())),
                        window,
                    )
                    .await;
            }
        };
        let seen = Arc::new(HandedOver::default());
        let hook = self.handover(
            MailQueue::Outbox,
            m.id,
            m.mail.clone(),
            None,
            None,
            Arc::clone(&seen),
        );
        let result = match &mail {
            OutboxMessage::Escalation(e) => self.mailer.send_escalation(e, hook).await,
            OutboxMessage::Notification(n) => self.mailer.send_notification(n, hook).await,
            OutboxMessage::Bridge(b) => self.mailer.send_pgp_mime(b, hook).await,
        };
        let (was_handed, before) = seen.state(&m.mail);
        self.settle(MailQueue::Outbox, m.id, &before, was_handed, result, window)
            .await
    }
}

/// A composed message of the outbox.
enum OutboxMessage {
    Escalation(EscalationMail),
    Notification(NotificationMail),
    Bridge(BridgeMail),
}

/// Notifications moved into the outbox per round at most.
const NOTIFICATION_BATCH: i64 = 200;

impl Liaison {
    /// Moves thread notifications waiting for e-mail (`email = 'pending'`) into the outbox:
    /// one message per address of the entry, in the entry's language, each notification once
    /// (a compare-and-set in the store, so replicas and restarts cannot queue it twice). An
    /// entry without an address, or retired, is marked `no_address`; the in-app notification
    /// stays. From there the outbox's claims, handover and retries send each message once.
    pub async fn queue_notification_emails(&self) -> Result<u64, AppError> {
        let pending = self
            .store
            .pending_notification_emails(NOTIFICATION_BATCH)
            .await?;
        if pending.is_empty() {
            return Ok(0);
        }
        let now = self.now();
        // The read model's guard must not live across the store's await.
        let batch: Vec<(Uuid, Vec<OutboxMail>)> = {
            let dir = self.read_dir();
            pending
                .iter()
                .map(|n| {
                    let mails = dir
                        .get(&n.poc)
                        .filter(|e| e.is_active())
                        .map(|e| {
                            e.content
                                .emails
                                .iter()
                                .map(|address| OutboxMail {
                                    id: Uuid::new_v4(),
                                    kind: OutboxKind::ThreadNotification,
                                    subject: n.id,
                                    recipient: address.clone(),
                                    language: e.content.entry_language,
                                    created_at: now,
                                    mail: MailDelivery::queued(now),
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (n.id, mails)
                })
                .collect()
        };
        Ok(self.store.queue_notification_emails(&batch).await?)
    }

    /// The PGP/MIME message of a bridged copy.
    async fn bridge_mail(&self, m: &OutboxMail) -> Result<Option<BridgeMail>, AppError> {
        let Some((thread, exercise, armored)) = self.store.bridge_copy(m.subject).await? else {
            return Ok(None);
        };
        Ok(Some(BridgeMail {
            outbox: m.id,
            recipient: m.recipient.clone(),
            language: m.language,
            thread,
            exercise,
            armored,
            written_at: self.now(),
        }))
    }

    /// The e-mail of a queued notification, or `None` when the notification is gone.
    async fn notification_mail(
        &self,
        m: &OutboxMail,
    ) -> Result<Option<NotificationMail>, AppError> {
        let Some(n) = self.store.notification(m.subject).await? else {
            return Ok(None);
        };
        Ok(Some(NotificationMail {
            outbox: m.id,
            recipient: m.recipient.clone(),
            language: m.language,
            thread: n.thread,
            kind: n.kind,
            urgency: n.urgency,
            exercise: n.exercise,
            written_at: self.now(),
        }))
    }

    /// The escalation message of an outbox row, or `None` when its escalation is gone.
    async fn escalation_mail(&self, m: &OutboxMail) -> Result<Option<EscalationMail>, AppError> {
        let Some(e) = self.store.escalation(m.subject).await? else {
            return Ok(None);
        };
        let Some(campaign) = self.store.ping_campaign(e.campaign).await? else {
            return Ok(None);
        };
        let challenges = self.store.ping_challenges_of(&e.unanswered).await?;
        let dir = self.read_dir();
        let unanswered = e
            .unanswered
            .iter()
            .filter_map(|poc| {
                let entry = dir.get(poc)?;
                let status = challenges
                    .iter()
                    .find(|c| c.campaign == e.campaign && c.poc == *poc)
                    .map(PingChallenge::status)?;
                Some(UnansweredEntry { entry, status })
            })
            .collect();
        Ok(Some(EscalationMail {
            outbox: m.id,
            recipient: m.recipient.clone(),
            language: m.language,
            state: e.state,
            campaign,
            unanswered,
            written_at: self.now(),
        }))
    }

    /// One round: claim what is due in both queues (pings first), send it with at most
    /// `concurrency` messages at once and at the configured rate, and record every result.
    pub async fn send_mail_round(
        self: &Arc<Self>,
        mailer: &Arc<dyn Mailer>,
        writer: &DeliveryWriter,
        pacer: &Arc<Pacer>,
        opts: &SendOptions,
    ) -> Result<RoundReport, AppError> {
        if let Err(e) = self.queue_notification_emails().await {
            tracing::warn!(error = %e, "queueing thread notifications for e-mail failed");
        }
        let now = self.now();
        let until = now.checked_add(opts.lease).unwrap_or(Timestamp::MAX);
        let batch = opts.batch();
        let pings = self
            .store
            .claim_pings(&opts.worker, now, until, batch)
            .await?;
        let room = batch.saturating_sub(u32::try_from(pings.len()).unwrap_or(u32::MAX));
        let outbox = if room > 0 {
            self.store
                .claim_outbox(&opts.worker, now, until, room)
                .await?
        } else {
            Vec::new()
        };
        let mut report = RoundReport {
            claimed: pings.len() + outbox.len(),
            ..RoundReport::default()
        };
        if report.claimed == 0 {
            return Ok(report);
        }
        let mut campaigns: HashMap<Uuid, Arc<PingCampaign>> = HashMap::new();
        for c in &pings {
            if !campaigns.contains_key(&c.campaign)
                && let Some(k) = self.store.ping_campaign(c.campaign).await?
            {
                campaigns.insert(k.id, Arc::new(k));
            }
        }
        let ctx = Arc::new(Ctx {
            app: Arc::clone(self),
            mailer: Arc::clone(mailer),
            writer: writer.clone(),
            worker: opts.worker.clone(),
        });
        let slots = Arc::new(Semaphore::new(opts.concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for c in pings {
            let Some(campaign) = campaigns.get(&c.campaign).cloned() else {
                continue;
            };
            pacer.wait().await;
            let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
                break;
            };
            let ctx = Arc::clone(&ctx);
            tasks.spawn(async move {
                let r = ctx.send_ping(c, campaign).await;
                drop(permit);
                r
            });
        }
        for m in outbox {
            pacer.wait().await;
            let Ok(permit) = Arc::clone(&slots).acquire_owned().await else {
                break;
            };
            let ctx = Arc::clone(&ctx);
            tasks.spawn(async move {
                let r = ctx.send_outbox(m).await;
                drop(permit);
                r
            });
        }
        while let Some(done) = tasks.join_next().await {
            match done {
                Ok(Settled::Sent) => report.sent += 1,
                Ok(Settled::Retried) => report.retried += 1,
                Ok(Settled::Bounced) => report.bounced += 1,
                Ok(Settled::Unknown) => report.unknown += 1,
                Ok(Settled::Lost) | Err(_) => report.lost += 1,
            }
        }
        Ok(report)
    }

    /// The background sender of `liaison serve`: rounds until `stop` turns true; idle rounds
    /// wait a second. In-flight sends finish before it returns.
    pub async fn run_mail_worker(
        self: Arc<Self>,
        mailer: Arc<dyn Mailer>,
        opts: SendOptions,
        mut stop: tokio::sync::watch::Receiver<bool>,
    ) {
        let writer = DeliveryWriter::spawn(Arc::clone(&self.store));
        let pacer = Arc::new(Pacer::new(opts.rate));
        loop {
            if *stop.borrow() {
                return;
            }
            let idle = match self.send_mail_round(&mailer, &writer, &pacer, &opts).await {
                Ok(r) if r.claimed > 0 => {
                    tracing::debug!(?r, "mail round");
                    None
                }
                Ok(_) => Some(Duration::from_secs(1)),
                Err(e) => {
                    tracing::warn!(error = %e, "sending mail failed; will retry");
                    Some(Duration::from_secs(5))
                }
            };
            if let Some(wait) = idle {
                tokio::select! {
                    _ = tokio::time::sleep(wait) => {}
                    _ = stop.changed() => {}
                }
            }
        }
    }
}

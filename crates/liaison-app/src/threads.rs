//! Use cases of threads between POCs (issue 5; Annex A §9–11, COM-01…COM-13). The server
//! relays and tracks messages it cannot read: every body arrives as OpenPGP ciphertext
//! (`core::sealed`), checked to be encrypted to every participant's current key and to the
//! writer's own, and stored with the metadata below. Nothing here decrypts, logs or audits
//! content; audit records carry metadata only.

use crate::{AppError, Liaison};
use jiff::Timestamp;
use liaison_core::audit::AuditEvent;
use liaison_core::openpgp::OpenPgpKey;
use liaison_core::participation::Participation;
use liaison_core::permission::{Action, Denied, Principal, Role, authorize};
use liaison_core::poc::PointOfContact;
use liaison_core::sealed::SealedMessage;
use liaison_core::states::StateCode;
use liaison_core::thread::{
    self, ConsentAnswer, ConsentDecisionRecord, ConsentRequest, MessageKind, Notification,
    NotificationKind, Participant, Progress, StateThreadCounts, Thread, ThreadError, ThreadEvent,
    ThreadScope, ThreadStatistics, Transition, Urgency,
};
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use liaison_store::threads::{
    Coverage, NewCopy, NewMessage, StoredMessage, ThreadChange, TransitionKind,
};
use liaison_store::{Change, StoreError};
use liaison_store::{OutboxKind, OutboxMail};
use serde_json::json;
use std::collections::HashSet;
use std::sync::Arc;
use uuid::Uuid;

/// A new inquiry, its input already typed by the adapter.
#[derive(Debug, Clone)]
pub struct NewInquiry {
    pub recipients: Vec<Uuid>,
    pub urgency: Urgency,
    pub respond_by: Option<Timestamp>,
    pub exercise: bool,
    pub ciphertext: SealedMessage,
}

/// A thread as one principal may see it.
#[derive(Debug, Clone)]
pub struct ThreadDetail {
    pub thread: Thread,
    pub scope: ThreadScope,
    /// Participants: every message but other states' coordination notes. POCs of a state
    /// taking part: their own state's notes only. State administrators: nothing.
    pub messages: Vec<StoredMessage>,
    /// Participants only.
    pub consents: Vec<ConsentRequest>,
}

/// One of a POC's threads in its list.
#[derive(Debug, Clone)]
pub struct ThreadListItem {
    pub thread: Thread,
    pub unread: u32,
}

/// A state's threads as its POCs and administrators see them (A§9): counts and metadata.
#[derive(Debug, Clone)]
pub struct StateThreads {
    pub state: StateCode,
    pub counts: StateThreadCounts,
    pub threads: Vec<Thread>,
}

/// Whom a client must encrypt to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AudiencePurpose {
    /// A message of the thread: every participant.
    Message,
    /// A coordination note: the POCs of the writer's own state.
    Note,
}

/// One entry a client encrypts to, with its key when it has a usable one.
#[derive(Debug, Clone)]
pub struct AudienceMember {
    pub poc: Uuid,
    pub state: StateCode,
    pub key: Option<OpenPgpKey>,
}

fn invalid(field: impl Into<String>, code: ErrorCode, detail: Option<String>) -> AppError {
    let mut e = FieldError::new(field, code);
    if let Some(d) = detail {
        e = e.with_detail(d);
    }
    AppError::Invalid(ValidationErrors::single(e))
}

fn thread_error(e: ThreadError) -> AppError {
    AppError::Thread(e)
}

/// The entry's key if it can receive a message now.
fn usable_key(entry: &PointOfContact, now: Timestamp) -> Option<&OpenPgpKey> {
    entry
        .content
        .openpgp_key
        .as_ref()
        .filter(|k| k.usable_for_encryption(now))
}

fn event(
    p: &Principal,
    action: &str,
    state: StateCode,
    thread: Uuid,
    detail: serde_json::Value,
) -> AuditEvent {
    AuditEvent {
        actor: p.actor.clone(),
        action: format!("thread.{action}"),
        state: Some(state.as_str().to_owned()),
        subject: Some(thread.to_string()),
        detail,
    }
}

impl Liaison {
    /// For reads that need no data but must be refused outside participation (the templates).
    pub fn check_can_read_directory(&self, p: &Principal) -> Result<(), AppError> {
        Ok(authorize(p, Action::ReadDirectory)?)
    }

    /// The entry a POC principal acts for (active, its state participating).
    fn acting_entry(&self, p: &Principal) -> Result<Arc<PointOfContact>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        if p.role != Role::Poc {
            return Err(AppError::Forbidden(Denied::RoleNotAllowed));
        }
        let id = p.poc.ok_or(AppError::Forbidden(Denied::RoleNotAllowed))?;
        self.read_dir()
            .get(&id)
            .filter(|e| e.is_active())
            .ok_or(AppError::Forbidden(Denied::NotParticipating))
    }

    async fn load_thread(&self, p: &Principal, id: Uuid) -> Result<Thread, AppError> {
        // Outside callers learn nothing, not even whether the thread exists (invariant 5).
        authorize(p, Action::ReadDirectory)?;
        self.store.thread(id).await?.ok_or(AppError::NotFound)
    }

    /// Check `sealed` against the keys of `audience` (entry ids) and of `author`: encrypted to
    /// the author's own key (so its record stays readable, COM-12) and to every member's
    /// usable key, and to no one else (COM-11). Members without a usable key wait for one.
    fn seal_check(
        &self,
        sealed: &SealedMessage,
        author: &PointOfContact,
        audience: &[Uuid],
    ) -> Result<Vec<Coverage>, AppError> {
        let now = self.now();
        let dir = self.read_dir();
        let own = usable_key(author, now)
            .ok_or_else(|| invalid("ciphertext", ErrorCode::SenderHasNoKey, None))?;
        let mut all_keys = Vec::new();
        let own_keys = own.encryption_keys();
        if !sealed.is_encrypted_to(&own_keys) {
            return Err(invalid("ciphertext", ErrorCode::NotEncryptedToSender, None));
        }
        all_keys.extend(own_keys);
        let mut coverage = Vec::with_capacity(audience.len());
        let mut missing = ValidationErrors::default();
        for poc in audience {
            let entry = dir.get(poc);
            let key = entry
                .as_deref()
                .filter(|e| e.is_active())
                .and_then(|e| usable_key(e, now));
            let Some(key) = key else {
                coverage.push(Coverage {
                    poc: *poc,
                    fingerprint: None,
                });
                continue;
            };
            let keys = key.encryption_keys();
            if !sealed.is_encrypted_to(&keys) {
                missing.push(
                    FieldError::new("ciphertext", ErrorCode::NotEncryptedToRecipient)
                        .with_detail(poc.to_string()),
                );
            }
            all_keys.extend(keys);
            coverage.push(Coverage {
                poc: *poc,
                fingerprint: Some(key.fingerprint.clone()),
            });
        }
        if !missing.is_empty() {
            return Err(AppError::Invalid(missing));
        }
        if let Some(outsider) = sealed
            .recipients
            .iter()
            .find(|r| !all_keys.iter().any(|k| r.matches(k)))
        {
            return Err(invalid(
                "ciphertext",
                ErrorCode::EncryptedToOutsider,
                Some(outsider.as_str().to_owned()),
            ));
        }
        Ok(coverage)
    }

    /// The recipients of an inquiry or a forward: present, distinct, active, of participating
    /// states, and addressable by `sender` (same role, other state: COM-01).
    fn addressable(
        &self,
        p: &Principal,
        sender: &PointOfContact,
        recipients: &[Uuid],
        field: &str,
        excluded: &[Uuid],
    ) -> Result<Vec<Arc<PointOfContact>>, AppError> {
        if recipients.is_empty() {
            return Err(invalid(field, ErrorCode::Required, None));
        }
        if recipients.len() > thread::MAX_RECIPIENTS {
            return Err(invalid(
                field,
                ErrorCode::TooMany,
                Some(thread::MAX_RECIPIENTS.to_string()),
            ));
        }
        let dir = self.read_dir();
        let mut errors = ValidationErrors::default();
        let mut seen = HashSet::new();
        let mut out = Vec::with_capacity(recipients.len());
        for (i, id) in recipients.iter().enumerate() {
            let path = format!("{field}[{i}]");
            if !seen.insert(*id) {
                errors.push(FieldError::new(path, ErrorCode::DuplicateRecipient));
                continue;
            }
            if excluded.contains(id) {
                errors.push(FieldError::new(path, ErrorCode::TargetIsParticipant));
                continue;
            }
            let Some(entry) = dir.get(id) else {
                errors.push(FieldError::new(path, ErrorCode::UnknownRecipient));
                continue;
            };
            let state_ok = dir.participation(entry.content.state).0 == Participation::Participating;
            if !entry.is_active() || !state_ok {
                errors.push(FieldError::new(path, ErrorCode::RecipientUnavailable));
                continue;
            }
            out.push(entry);
        }
        if !errors.is_empty() {
            return Err(AppError::Invalid(errors));
        }
        for (index, entry) in out.iter().enumerate() {
            authorize(
                p,
                Action::SendInquiry {
                    from: sender.content.role,
                    to: entry.content.role,
                    to_state: entry.content.state,
                },
            )
            .map_err(|denied| AppError::RecipientRefused {
                field: format!("{field}[{index}]"),
                denied,
            })?;
        }
        Ok(out)
    }

    /// Notifications for the active POCs of the thread's states that take no part in it: their
    /// state has a new thread (A§9 coordination; in-app only).
    fn state_notifications(&self, t: &Thread, at: Timestamp) -> Vec<Notification> {
        let states = t.states();
        self.read_dir()
            .sorted()
            .iter()
            .filter(|e| {
                e.is_active() && states.contains(&e.content.state) && !t.is_participant(e.id)
            })
            .map(|e| Notification::new(e.id, t, NotificationKind::StateThreadOpened, at))
            .collect()
    }

    async fn commit(
        &self,
        changes: Vec<ThreadChange>,
        events: Vec<AuditEvent>,
        at: Timestamp,
    ) -> Result<(), AppError> {
        let bridged = if self.pgp_mime_bridge() {
            self.bridge_mails(&changes, at)
        } else {
            Vec::new()
        };
        let mut changes: Vec<Change> = changes
            .into_iter()
            .map(|c| Change::Thread(Box::new(c)))
            .collect();
        if !bridged.is_empty() {
            changes.push(Change::QueueMail(bridged));
        }
        let records = self
            .store
            .apply(changes, events, at)
            .await
            .map_err(|e| match e {
                StoreError::NotFound(_) => AppError::NotFound,
                e => e.into(),
            })?;
        self.advance_feed(&records);
        Ok(())
    }

    /// The PGP/MIME bridge's messages for `changes`: each new copy to every address of each
    /// entry it is encrypted for, but its author. Queued in the transaction of the message
    /// itself, so each is sent once and none is lost; the e-mail carries the ciphertext the
    /// server stores and nothing else.
    fn bridge_mails(&self, changes: &[ThreadChange], at: Timestamp) -> Vec<OutboxMail> {
        let mut out = Vec::new();
        let dir = self.read_dir();
        let mut add = |copy: Uuid, author: Uuid, covers: &[liaison_store::threads::Coverage]| {
            for c in covers {
                if c.poc == author || c.fingerprint.is_none() {
                    continue;
                }
                let Some(entry) = dir.get(&c.poc).filter(|e| e.is_active()) else {
                    continue;
                };
                for address in &entry.content.emails {
                    out.push(OutboxMail {
                        id: Uuid::new_v4(),
                        kind: OutboxKind::PgpMime,
                        subject: copy,
                        recipient: address.clone(),
                        language: entry.content.entry_language,
                        created_at: at,
                        mail: liaison_core::ping::MailDelivery::queued(at),
                    });
                }
            }
        };
        for change in changes {
            match change {
                ThreadChange::Create { first: m, .. } | ThreadChange::AddMessage(m) => {
                    if let Some(copy) = &m.copy {
                        add(copy.id, m.author, &m.audience);
                    }
                }
                ThreadChange::AddCopy {
                    author,
                    copy,
                    covers,
                    ..
                } => add(copy.id, *author, covers),
                _ => {}
            }
        }
        out
    }

    // ----- sending --------------------------------------------------------------------------

    /// Send an inquiry (appendix, inquiry procedure) to POCs of the same role in other states.
    /// Recipients without a usable key are accepted and told to sign in and publish one; they
    /// cannot receive content until the sender re-encrypts for them.
    pub async fn send_inquiry(&self, p: &Principal, input: NewInquiry) -> Result<Thread, AppError> {
        let sender = self.acting_entry(p)?;
        let recipients = self.addressable(p, &sender, &input.recipients, "recipients", &[])?;
        let now = self.now();
        if let Some(by) = input.respond_by
            && !thread::respond_by_is_valid(by, now)
        {
            return Err(invalid("respond_by", ErrorCode::InvalidRespondBy, None));
        }
        let mut audience = vec![sender.id];
        audience.extend(recipients.iter().map(|r| r.id));
        let coverage = self.seal_check(&input.ciphertext, &sender, &audience)?;
        let t = self.new_thread(
            p,
            &sender,
            &recipients,
            input.urgency,
            input.respond_by,
            input.exercise,
            None,
            now,
        );
        let awaiting: Vec<Uuid> = coverage
            .iter()
            .filter(|c| c.fingerprint.is_none())
            .map(|c| c.poc)
            .collect();
        let first = NewMessage {
            id: Uuid::new_v4(),
            thread: t.id,
            kind: MessageKind::Inquiry,
            author: sender.id,
            actor: p.actor.clone(),
            at: now,
            note_state: None,
            copy: Some(copy_of(&input.ciphertext)),
            audience: coverage,
        };
        let mut notes = self.recipient_notifications(&t, &awaiting, now);
        notes.extend(self.state_notifications(&t, now));
        let audit = event(
            p,
            "create",
            sender.content.state,
            t.id,
            // Counts only: the administrator reads the whole audit log, and must not learn
            // one thread's participants or urgency from it (invariant 11).
            json!({
                "exercise": t.exercise,
                "recipients": recipients.len(),
                "awaiting_key": awaiting.len(),
            }),
        );
        self.commit(
            vec![
                ThreadChange::Create {
                    thread: Box::new(t.clone()),
                    first,
                    consent: None,
                },
                ThreadChange::Notify(notes),
            ],
            vec![audit],
            now,
        )
        .await?;
        self.store.thread(t.id).await?.ok_or(AppError::NotFound)
    }

    #[allow(clippy::too_many_arguments)]
    fn new_thread(
        &self,
        p: &Principal,
        sender: &PointOfContact,
        recipients: &[Arc<PointOfContact>],
        urgency: Urgency,
        respond_by: Option<Timestamp>,
        exercise: bool,
        forwarded_from: Option<Uuid>,
        now: Timestamp,
    ) -> Thread {
        let mut participants = vec![Participant {
            poc: sender.id,
            state: sender.content.state,
            role: sender.content.role,
            is_sender: true,
            progress: None,
            awaiting_key: false,
        }];
        participants.extend(recipients.iter().map(|r| Participant {
            poc: r.id,
            state: r.content.state,
            role: r.content.role,
            is_sender: false,
            progress: Some(Progress::new(now)),
            awaiting_key: false,
        }));
        Thread {
            id: Uuid::new_v4(),
            role: sender.content.role,
            urgency,
            respond_by,
            exercise,
            created_at: now,
            created_by: p.actor.clone(),
            sender: sender.id,
            participants,
            closed: None,
            forwarded_from,
            message_count: 1,
            last_activity_at: now,
        }
    }

    /// What each recipient of a new thread is told: there is an inquiry, or (without a usable
    /// key) that it must sign in and publish a key to read it.
    fn recipient_notifications(
        &self,
        t: &Thread,
        awaiting: &[Uuid],
        at: Timestamp,
    ) -> Vec<Notification> {
        t.recipients()
            .map(|r| {
                let kind = if awaiting.contains(&r.poc) {
                    NotificationKind::KeyNeeded
                } else {
                    NotificationKind::NewInquiry
                };
                Notification::new(r.poc, t, kind, at)
            })
            .collect()
    }

    // ----- reading --------------------------------------------------------------------------

    /// The threads the caller's entry takes part in, newest activity first, with how many
    /// messages it has not fetched yet.
    pub async fn my_threads(&self, p: &Principal) -> Result<Vec<ThreadListItem>, AppError> {
        let me = self.acting_entry(p)?;
        authorize(
            p,
            Action::ReadThreadMetadata {
                scope: ThreadScope::Participant,
            },
        )?;
        let threads = self.store.threads_of_poc(me.id).await?;
        let unread = self.store.unread_counts(me.id, me.content.state).await?;
        Ok(threads
            .into_iter()
            .map(|t| {
                let n = unread
                    .iter()
                    .find(|(id, _)| *id == t.id)
                    .map(|(_, n)| *n)
                    .unwrap_or(0);
                ThreadListItem {
                    thread: t,
                    unread: n,
                }
            })
            .collect())
    }

    /// Open a thread. For a participant this returns its messages' ciphertext and, when the
    /// caller's device (`device`, a label the client chooses) has not fetched them yet, records
    /// the fetch; the first fetch of a recipient with a copy encrypted to its key marks the
    /// inquiry delivered. POCs of a state taking part see its metadata and their own state's
    /// coordination notes; the administrator is refused (invariant 1).
    pub async fn open_thread(
        &self,
        p: &Principal,
        id: Uuid,
        device: &str,
    ) -> Result<ThreadDetail, AppError> {
        let mut t = self.load_thread(p, id).await?;
        let scope = t.scope_for(p);
        let content = authorize(p, Action::ReadThreadContent { scope });
        if let Err(denied) = content {
            authorize(p, Action::ReadThreadMetadata { scope }).map_err(|_| denied)?;
            let messages = match (p.role, p.state) {
                (Role::Poc, Some(state)) => self
                    .store
                    .thread_messages(id)
                    .await?
                    .into_iter()
                    .filter(|m| m.note_state == Some(state))
                    .collect(),
                _ => Vec::new(),
            };
            return Ok(ThreadDetail {
                thread: t,
                scope,
                messages,
                consents: Vec::new(),
            });
        }
        let me = self.acting_entry(p)?;
        let messages: Vec<StoredMessage> = self
            .store
            .thread_messages(id)
            .await?
            .into_iter()
            .filter(|m| m.note_state.is_none() || m.note_state == Some(me.content.state))
            .collect();
        let up_to = messages.iter().map(|m| m.seq).max().unwrap_or(0);
        let now = self.now();
        // A closed thread is still read; it records no delivery.
        let transition = t.step(me.id, ThreadEvent::Fetched).unwrap_or(None);
        // Re-encryption may deliver what this device had already fetched in vain.
        if transition.is_some() || !self.store.fetched(id, me.id, device, up_to).await? {
            let mut changes = vec![ThreadChange::Fetch {
                thread: id,
                poc: me.id,
                actor: p.actor.clone(),
                device: device.to_owned(),
                at: now,
                up_to_seq: up_to,
            }];
            if let Some(Transition::Reached { stage, .. }) = transition {
                changes.push(ThreadChange::Transition {
                    thread: id,
                    poc: me.id,
                    kind: TransitionKind::Reached(stage),
                    at: now,
                    actor: p.actor.clone(),
                });
            }
            let audit = event(
                p,
                "fetch",
                me.content.state,
                id,
                json!({"device": device, "up_to": up_to, "delivered": transition.is_some()}),
            );
            match self.commit(changes, vec![audit], now).await {
                Ok(()) => {
                    if let Some(tr) = transition {
                        t.apply(tr, now, &p.actor);
                    }
                }
                // Another device of the same entry delivered it a moment before: the fetch
                // itself is recorded by that request, and this one still gets the content.
                Err(AppError::Store(StoreError::Conflict(_))) => {}
                Err(e) => return Err(e),
            }
        }
        let consents = self.store.thread_consents(id).await?;
        Ok(ThreadDetail {
            thread: t,
            scope,
            messages,
            consents,
        })
    }

    /// A thread's metadata and (for participants) its requests for consent, without its
    /// messages and without recording a fetch: what a page shows before the device decrypts.
    /// Only a fetch of the ciphertext (`open_thread`) may mark an inquiry delivered.
    pub async fn thread_overview(&self, p: &Principal, id: Uuid) -> Result<ThreadDetail, AppError> {
        let t = self.load_thread(p, id).await?;
        let scope = t.scope_for(p);
        let consents = match authorize(p, Action::ReadThreadContent { scope }) {
            Ok(()) => self.store.thread_consents(id).await?,
            Err(denied) => {
                authorize(p, Action::ReadThreadMetadata { scope }).map_err(|_| denied)?;
                Vec::new()
            }
        };
        Ok(ThreadDetail {
            thread: t,
            scope,
            messages: Vec::new(),
            consents,
        })
    }

    /// Whether the caller (a POC) may address `recipient`: the same checks as sending, so a
    /// form can say why before anything is encrypted (COM-01).
    /// Every entry the caller's POC may address a new inquiry to, by the same rules as
    /// sending (active, its state participating, and `authorize(SendInquiry)`: the same role,
    /// another state — A§9, COM-01), so a form offers exactly what `send_inquiry` accepts.
    pub fn inquiry_candidates(&self, p: &Principal) -> Result<Vec<Arc<PointOfContact>>, AppError> {
        let me = self.acting_entry(p)?;
        let dir = self.read_dir();
        Ok(dir
            .active()
            .iter()
            .filter_map(|i| dir.sorted().get(*i))
            .filter(|e| {
                e.is_active()
                    && dir.participation(e.content.state).0 == Participation::Participating
                    && authorize(
                        p,
                        Action::SendInquiry {
                            from: me.content.role,
                            to: e.content.role,
                            to_state: e.content.state,
                        },
                    )
                    .is_ok()
            })
            .cloned()
            .collect())
    }

    pub fn check_recipient(&self, p: &Principal, recipient: Uuid) -> Result<(), AppError> {
        let me = self.acting_entry(p)?;
        self.addressable(p, &me, &[recipient], "recipients", &[])
            .map(|_| ())
    }

    /// The entries a client encrypts a new message or note for, with their usable keys.
    pub async fn thread_audience(
        &self,
        p: &Principal,
        id: Uuid,
        purpose: AudiencePurpose,
    ) -> Result<Vec<AudienceMember>, AppError> {
        let t = self.load_thread(p, id).await?;
        let scope = t.scope_for(p);
        let now = self.now();
        let dir = self.read_dir();
        let member = |e: &PointOfContact| AudienceMember {
            poc: e.id,
            state: e.content.state,
            key: usable_key(e, now).cloned(),
        };
        match purpose {
            AudiencePurpose::Message => {
                authorize(p, Action::ReadThreadContent { scope })?;
                Ok(t.participants
                    .iter()
                    .filter_map(|x| dir.get(&x.poc))
                    .filter(|e| e.is_active())
                    .map(|e| member(&e))
                    .collect())
            }
            AudiencePurpose::Note => {
                authorize(p, Action::WriteCoordinationNote { scope })?;
                let state = p.state.ok_or(AppError::Forbidden(Denied::RoleNotAllowed))?;
                Ok(dir
                    .sorted()
                    .iter()
                    .filter(|e| e.is_active() && e.content.state == state)
                    .map(|e| member(e))
                    .collect())
            }
        }
    }

    // ----- writing in a thread --------------------------------------------------------------

    /// The thread, the caller's entry, checked as a participant allowed to write.
    async fn writable(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<(Thread, Arc<PointOfContact>), AppError> {
        let t = self.load_thread(p, id).await?;
        authorize(
            p,
            Action::WriteThread {
                scope: t.scope_for(p),
            },
        )?;
        let me = self.acting_entry(p)?;
        Ok((t, me))
    }

    /// Every active participant: who a message in the thread is for.
    fn participant_audience(&self, t: &Thread) -> Vec<Uuid> {
        let dir = self.read_dir();
        t.participants
            .iter()
            .filter(|x| dir.get(&x.poc).is_some_and(|e| e.is_active()))
            .map(|x| x.poc)
            .collect()
    }

    fn others(
        &self,
        t: &Thread,
        me: Uuid,
        kind: NotificationKind,
        at: Timestamp,
    ) -> Vec<Notification> {
        t.participants
            .iter()
            .filter(|x| x.poc != me)
            .map(|x| Notification::new(x.poc, t, kind, at))
            .collect()
    }

    /// A message of `kind` by the caller, with optional ciphertext, in an open thread.
    fn message(
        &self,
        p: &Principal,
        t: &Thread,
        me: &PointOfContact,
        kind: MessageKind,
        sealed: Option<&SealedMessage>,
        now: Timestamp,
    ) -> Result<NewMessage, AppError> {
        let audience = self.participant_audience(t);
        let (copy, audience) = match sealed {
            Some(s) => (Some(copy_of(s)), self.seal_check(s, me, &audience)?),
            None => (None, Vec::new()),
        };
        Ok(NewMessage {
            id: Uuid::new_v4(),
            thread: t.id,
            kind,
            author: me.id,
            actor: p.actor.clone(),
            at: now,
            note_state: None,
            copy,
            audience,
        })
    }

    /// A response (appendix, response procedure) or, from the sender, a follow-up. The first
    /// response of a recipient moves it to `responded`.
    pub async fn respond(
        &self,
        p: &Principal,
        id: Uuid,
        sealed: SealedMessage,
    ) -> Result<Thread, AppError> {
        let stage = Stage {
            event: ThreadEvent::Responded,
            kind: MessageKind::Response,
            tell: NotificationKind::NewResponse,
            action: "respond",
        };
        self.reach_stage(
            p,
            id,
            stage,
            Some(&sealed),
            |reached| json!({"stage": reached}),
        )
        .await
    }

    /// Acknowledge receipt (A§10): a receipt, never agreement. It may carry an encrypted
    /// message (e.g. a response-template "will consider"), or none.
    pub async fn acknowledge(
        &self,
        p: &Principal,
        id: Uuid,
        sealed: Option<SealedMessage>,
    ) -> Result<Thread, AppError> {
        let stage = Stage {
            event: ThreadEvent::Acknowledged,
            kind: MessageKind::Acknowledgement,
            tell: NotificationKind::NewAcknowledgement,
            action: "acknowledge",
        };
        let with_message = sealed.is_some();
        self.reach_stage(
            p,
            id,
            stage,
            sealed.as_ref(),
            |_| json!({"with_message": with_message}),
        )
        .await
    }

    /// A participant's message that may move its own stage (acknowledged, responded): the
    /// message, the stage if not yet reached, the others told, and the audit record, in one
    /// commit.
    async fn reach_stage(
        &self,
        p: &Principal,
        id: Uuid,
        stage: Stage,
        sealed: Option<&SealedMessage>,
        detail: impl FnOnce(bool) -> serde_json::Value,
    ) -> Result<Thread, AppError> {
        let (t, me) = self.writable(p, id).await?;
        let transition = t.step(me.id, stage.event).map_err(thread_error)?;
        let now = self.now();
        let m = self.message(p, &t, &me, stage.kind, sealed, now)?;
        let mut changes = vec![ThreadChange::AddMessage(m)];
        changes.extend(stage_change(&t, transition, now, &p.actor));
        changes.push(ThreadChange::Notify(
            self.others(&t, me.id, stage.tell, now),
        ));
        let audit = event(
            p,
            stage.action,
            me.content.state,
            id,
            detail(transition.is_some()),
        );
        self.commit(changes, vec![audit], now).await?;
        self.store.thread(id).await?.ok_or(AppError::NotFound)
    }

    /// Close the thread for everyone.
    pub async fn close_thread(&self, p: &Principal, id: Uuid) -> Result<Thread, AppError> {
        let (t, me) = self.writable(p, id).await?;
        t.step(me.id, ThreadEvent::Closed).map_err(thread_error)?;
        let now = self.now();
        let changes = vec![
            ThreadChange::Transition {
                thread: id,
                poc: me.id,
                kind: TransitionKind::Closed,
                at: now,
                actor: p.actor.clone(),
            },
            ThreadChange::Notify(self.others(&t, me.id, NotificationKind::ThreadClosed, now)),
        ];
        let audit = event(p, "close", me.content.state, id, json!({}));
        self.commit(changes, vec![audit], now).await?;
        self.store.thread(id).await?.ok_or(AppError::NotFound)
    }

    /// A coordination note for the POCs of the writer's own state (A§9, COM-02): encrypted to
    /// their keys, never shown to the other states' participants. A POC whose state takes part
    /// may write one even if it is not a participant itself.
    pub async fn post_note(
        &self,
        p: &Principal,
        id: Uuid,
        sealed: SealedMessage,
    ) -> Result<Thread, AppError> {
        let t = self.load_thread(p, id).await?;
        authorize(
            p,
            Action::WriteCoordinationNote {
                scope: t.scope_for(p),
            },
        )?;
        let me = self.acting_entry(p)?;
        if !t.is_open() {
            return Err(thread_error(ThreadError::Closed));
        }
        let state = me.content.state;
        let audience: Vec<Uuid> = self
            .read_dir()
            .sorted()
            .iter()
            .filter(|e| e.is_active() && e.content.state == state)
            .map(|e| e.id)
            .collect();
        let coverage = self.seal_check(&sealed, &me, &audience)?;
        let now = self.now();
        let m = NewMessage {
            id: Uuid::new_v4(),
            thread: id,
            kind: MessageKind::CoordinationNote,
            author: me.id,
            actor: p.actor.clone(),
            at: now,
            note_state: Some(state),
            copy: Some(copy_of(&sealed)),
            audience: coverage,
        };
        let notes = audience
            .iter()
            .filter(|poc| **poc != me.id)
            .map(|poc| Notification::new(*poc, &t, NotificationKind::NewNote, now))
            .collect();
        let audit = event(p, "note", state, id, json!({}));
        self.commit(
            vec![ThreadChange::AddMessage(m), ThreadChange::Notify(notes)],
            vec![audit],
            now,
        )
        .await?;
        self.store.thread(id).await?.ok_or(AppError::NotFound)
    }

    /// A new copy of `message` for entries that had no key when it was written and have one
    /// now ("when the key appears the sender can re-encrypt").
    pub async fn reencrypt(
        &self,
        p: &Principal,
        id: Uuid,
        message: Uuid,
        sealed: SealedMessage,
    ) -> Result<Thread, AppError> {
        let t = self.load_thread(p, id).await?;
        let scope = t.scope_for(p);
        let messages = self.store.thread_messages(id).await?;
        let m = messages
            .iter()
            .find(|m| m.id == message)
            .ok_or(AppError::NotFound)?;
        match m.note_state {
            Some(state) => {
                authorize(p, Action::WriteCoordinationNote { scope })?;
                if p.state != Some(state) {
                    return Err(AppError::Forbidden(Denied::NotParticipant));
                }
            }
            None => authorize(p, Action::WriteThread { scope })?,
        }
        let me = self.acting_entry(p)?;
        if !t.is_open() {
            return Err(thread_error(ThreadError::Closed));
        }
        let audience: Vec<Uuid> = m.audience.iter().map(|(poc, _)| *poc).collect();
        let coverage = self.seal_check(&sealed, &me, &audience)?;
        let waiting: HashSet<Uuid> = m
            .audience
            .iter()
            .filter(|(_, copy)| copy.is_none())
            .map(|(poc, _)| *poc)
            .collect();
        let covers: Vec<Coverage> = coverage
            .into_iter()
            .filter(|c| c.fingerprint.is_some() && waiting.contains(&c.poc))
            .collect();
        if covers.is_empty() {
            return Err(thread_error(ThreadError::NothingToReencrypt));
        }
        let now = self.now();
        let notes = covers
            .iter()
            .map(|c| Notification::new(c.poc, &t, NotificationKind::ContentReencrypted, now))
            .collect();
        let audit = event(
            p,
            "reencrypt",
            me.content.state,
            id,
            json!({"message": message, "entries": covers.len()}),
        );
        self.commit(
            vec![
                ThreadChange::AddCopy {
                    message,
                    author: me.id,
                    actor: p.actor.clone(),
                    at: now,
                    copy: copy_of(&sealed),
                    covers,
                },
                ThreadChange::Notify(notes),
            ],
            vec![audit],
            now,
        )
        .await?;
        self.store.thread(id).await?.ok_or(AppError::NotFound)
    }

    // ----- consent to forward (A§11, COM-11) ------------------------------------------------

    /// Ask every other participant's consent to forward the thread's content to `targets`
    /// (entries of third states, same role). The explanation, if any, is encrypted like any
    /// message of the thread.
    pub async fn request_consent(
        &self,
        p: &Principal,
        id: Uuid,
        targets: Vec<Uuid>,
        sealed: Option<SealedMessage>,
    ) -> Result<ConsentRequest, AppError> {
        let (t, me) = self.writable(p, id).await?;
        t.step(me.id, ThreadEvent::Wrote).map_err(thread_error)?;
        let participants: Vec<Uuid> = t.participants.iter().map(|x| x.poc).collect();
        self.addressable(p, &me, &targets, "targets", &participants)?;
        let now = self.now();
        let m = self.message(
            p,
            &t,
            &me,
            MessageKind::ConsentRequest,
            sealed.as_ref(),
            now,
        )?;
        let request = ConsentRequest {
            id: Uuid::new_v4(),
            thread: id,
            requested_by: me.id,
            actor: p.actor.clone(),
            at: now,
            targets,
            message: Some(m.id),
            decisions: Vec::new(),
            used_by: None,
        };
        let audit = event(
            p,
            "consent_request",
            me.content.state,
            id,
            json!({"consent": request.id, "targets": request.targets.len()}),
        );
        self.commit(
            vec![
                ThreadChange::AddMessage(m),
                ThreadChange::RequestConsent(Box::new(request.clone())),
                ThreadChange::Notify(self.others(
                    &t,
                    me.id,
                    NotificationKind::ConsentRequested,
                    now,
                )),
            ],
            vec![audit],
            now,
        )
        .await?;
        Ok(request)
    }

    /// Grant or refuse a request for consent. One refusal ends it.
    pub async fn decide_consent(
        &self,
        p: &Principal,
        id: Uuid,
        consent: Uuid,
        answer: ConsentAnswer,
        sealed: Option<SealedMessage>,
    ) -> Result<ConsentRequest, AppError> {
        let (t, me) = self.writable(p, id).await?;
        t.step(me.id, ThreadEvent::Wrote).map_err(thread_error)?;
        let request = self
            .store
            .consent(consent)
            .await?
            .filter(|c| c.thread == id)
            .ok_or(AppError::NotFound)?;
        request.can_decide(&t, me.id).map_err(thread_error)?;
        let now = self.now();
        let m = self.message(
            p,
            &t,
            &me,
            MessageKind::ConsentDecision,
            sealed.as_ref(),
            now,
        )?;
        let decision = ConsentDecisionRecord {
            poc: me.id,
            answer,
            at: now,
            actor: p.actor.clone(),
            message: Some(m.id),
        };
        let audit = event(
            p,
            "consent_decision",
            me.content.state,
            id,
            json!({"consent": consent, "answer": answer.as_str()}),
        );
        let notify = Notification::new(
            request.requested_by,
            &t,
            NotificationKind::ConsentDecided,
            now,
        );
        self.commit(
            vec![
                ThreadChange::AddMessage(m),
                ThreadChange::DecideConsent { consent, decision },
                ThreadChange::Notify(vec![notify]),
            ],
            vec![audit],
            now,
        )
        .await?;
        self.store.consent(consent).await?.ok_or(AppError::NotFound)
    }

    /// Forward the thread's content, with the consent of every other participant, to the
    /// entries that consent names: a new thread (marked as forwarded from this one) whose
    /// first message the forwarder encrypted for them. Without that consent: refused.
    pub async fn forward(
        &self,
        p: &Principal,
        id: Uuid,
        consent: Uuid,
        targets: Vec<Uuid>,
        sealed: SealedMessage,
    ) -> Result<Thread, AppError> {
        let original = self.load_thread(p, id).await?;
        authorize(
            p,
            Action::WriteThread {
                scope: original.scope_for(p),
            },
        )?;
        let me = self.acting_entry(p)?;
        let request = self
            .store
            .consent(consent)
            .await?
            .filter(|c| c.thread == id)
            .ok_or(thread_error(ThreadError::ConsentRequired))?;
        request
            .permits_forward(&original, me.id, &targets)
            .map_err(thread_error)?;
        let participants: Vec<Uuid> = original.participants.iter().map(|x| x.poc).collect();
        let recipients = self.addressable(p, &me, &targets, "targets", &participants)?;
        let mut audience = vec![me.id];
        audience.extend(recipients.iter().map(|r| r.id));
        let coverage = self.seal_check(&sealed, &me, &audience)?;
        let now = self.now();
        let t = self.new_thread(
            p,
            &me,
            &recipients,
            original.urgency,
            original.respond_by.filter(|by| *by > now),
            original.exercise,
            Some(id),
            now,
        );
        let awaiting: Vec<Uuid> = coverage
            .iter()
            .filter(|c| c.fingerprint.is_none())
            .map(|c| c.poc)
            .collect();
        let first = NewMessage {
            id: Uuid::new_v4(),
            thread: t.id,
            kind: MessageKind::Forwarded,
            author: me.id,
            actor: p.actor.clone(),
            at: now,
            note_state: None,
            copy: Some(copy_of(&sealed)),
            audience: coverage,
        };
        let mut notes = self.recipient_notifications(&t, &awaiting, now);
        notes.extend(self.state_notifications(&t, now));
        let events = vec![
            event(
                p,
                "forward",
                me.content.state,
                id,
                json!({"consent": consent, "thread": t.id}),
            ),
            event(
                p,
                "create",
                me.content.state,
                t.id,
                json!({"exercise": t.exercise, "recipients": recipients.len(),
                       "awaiting_key": awaiting.len(), "forwarded_from": id}),
            ),
        ];
        self.commit(
            vec![
                ThreadChange::Create {
                    thread: Box::new(t.clone()),
                    first,
                    consent: Some(consent),
                },
                ThreadChange::Notify(notes),
            ],
            events,
            now,
        )
        .await
        .map_err(|e| match e {
            // The consent was used by a concurrent forward.
            AppError::Store(StoreError::Conflict(_)) => thread_error(ThreadError::ConsentRequired),
            e => e,
        })?;
        self.store.thread(t.id).await?.ok_or(AppError::NotFound)
    }

    // ----- views for coordination and review ------------------------------------------------

    /// The threads of the caller's own state, as metadata and counts (A§9 coordination).
    pub async fn state_threads(&self, p: &Principal) -> Result<StateThreads, AppError> {
        authorize(p, Action::ReadDirectory)?;
        let state = p.state.ok_or(AppError::Forbidden(Denied::RoleNotAllowed))?;
        authorize(p, Action::ReadStateThreads { state })?;
        let threads = self.store.threads_of_state(state).await?;
        Ok(StateThreads {
            state,
            counts: thread::state_counts(state, &threads),
            threads,
        })
    }

    /// Counts and timings over every thread, exercises left out (A§16): never one thread, one
    /// state or one pair of states.
    pub async fn thread_statistics(&self, p: &Principal) -> Result<ThreadStatistics, AppError> {
        authorize(p, Action::ReadThreadStatistics)?;
        let threads = self.store.all_threads().await?;
        Ok(thread::statistics(&threads))
    }

    /// What is new for the caller's entry, newest first.
    pub async fn notifications(
        &self,
        p: &Principal,
        unread_only: bool,
        limit: i64,
    ) -> Result<Vec<Notification>, AppError> {
        authorize(
            p,
            Action::ReadNotifications {
                poc: p.poc.unwrap_or_default(),
            },
        )?;
        let me = self.acting_entry(p)?;
        Ok(self
            .store
            .notifications(me.id, unread_only, limit.clamp(1, 500))
            .await?)
    }

    /// Mark notifications of the caller's entry read (unknown ids and others' are ignored).
    pub async fn mark_notifications_read(
        &self,
        p: &Principal,
        ids: Vec<Uuid>,
    ) -> Result<(), AppError> {
        authorize(
            p,
            Action::ReadNotifications {
                poc: p.poc.unwrap_or_default(),
            },
        )?;
        let me = self.acting_entry(p)?;
        if ids.is_empty() {
            return Ok(());
        }
        let now = self.now();
        let audit = AuditEvent {
            actor: p.actor.clone(),
            action: "notification.read".into(),
            state: Some(me.content.state.as_str().to_owned()),
            subject: Some(me.id.to_string()),
            detail: json!({"count": ids.len()}),
        };
        self.commit(
            vec![ThreadChange::MarkRead {
                poc: me.id,
                ids,
                at: now,
            }],
            vec![audit],
            now,
        )
        .await
    }
}

fn copy_of(sealed: &SealedMessage) -> NewCopy {
    NewCopy {
        id: Uuid::new_v4(),
        armored: sealed.armored.clone(),
        recipients: sealed
            .recipients
            .iter()
            .map(|r| r.as_str().to_owned())
            .collect(),
    }
}

fn stage_change(
    t: &Thread,
    transition: Option<Transition>,
    at: Timestamp,
    actor: &str,
) -> Option<ThreadChange> {
    match transition {
        Some(Transition::Reached { poc, stage }) => Some(ThreadChange::Transition {
            thread: t.id,
            poc,
            kind: TransitionKind::Reached(stage),
            at,
            actor: actor.to_owned(),
        }),
        _ => None,
    }
}

/// What reaching a stage by a message means: the event, the message's kind, what the other
/// participants are told, and the audit action.
struct Stage {
    event: ThreadEvent,
    kind: MessageKind,
    tell: NotificationKind,
    action: &'static str,
}

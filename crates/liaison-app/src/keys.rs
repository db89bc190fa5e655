//! A POC's keys (issue 5, item 1): the public key published on its own entry, and optionally
//! its secret key kept on the server locked with a passphrase the server never sees, so one
//! person can use several devices. The private key never reaches the server in usable form.

use crate::usecases::entry_audit_event;
use crate::{AppError, Liaison};
use liaison_core::audit::AuditEvent;
use liaison_core::openpgp::{OpenPgpKey, ProtectedSecretKey};
use liaison_core::permission::{Action, Denied, Principal, authorize};
use liaison_core::poc::PointOfContact;
use liaison_core::revision::{Revision, RevisionChange};
use liaison_core::thread::{Notification, NotificationKind};
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use liaison_store::threads::{KeyBlob, ThreadChange};
use liaison_store::{Change, StoreError};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

fn invalid(field: &str, code: ErrorCode) -> AppError {
    AppError::Invalid(ValidationErrors::single(FieldError::new(field, code)))
}

impl Liaison {
    /// A POC user publishes or rotates the OpenPGP key of its own entry. The change is a
    /// revision of the entry with the POC user as actor. Senders of threads that were waiting
    /// for this entry's key are told they can now re-encrypt.
    pub async fn publish_key(
        &self,
        p: &Principal,
        poc: Uuid,
        key: OpenPgpKey,
    ) -> Result<Arc<PointOfContact>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        let current = self.read_dir().get(&poc).ok_or(AppError::NotFound)?;
        authorize(p, Action::PublishKey { poc })?;
        if !current.is_active() {
            return Err(AppError::Retired);
        }
        let now = self.now();
        if !key.can_encrypt {
            return Err(invalid("openpgp_key", ErrorCode::KeyCannotEncrypt));
        }
        if key.is_expired(now) {
            return Err(invalid("openpgp_key", ErrorCode::KeyExpired));
        }
        let mut next = (*current).clone();
        next.content.openpgp_key = Some(key);
        next.revision += 1;
        next.updated_at = now;
        let revision = Revision {
            poc_id: poc,
            number: next.revision,
            at: now,
            actor: p.actor.clone(),
            change: RevisionChange::PublishKey,
            reason: None,
            before: Some((*current).clone()),
            after: next.clone(),
        };
        let audit = entry_audit_event(&p.actor, RevisionChange::PublishKey, &next, None);
        let mut changes = vec![Change::UpdatePoc {
            poc: Box::new(next.clone()),
            expected_revision: current.revision,
            revision: Box::new(revision),
        }];
        let mut notes = Vec::new();
        for id in self.store.threads_awaiting_key(poc).await? {
            if let Some(t) = self.store.thread(id).await?
                && t.is_open()
            {
                notes.extend(t.participants.iter().filter(|x| x.poc != poc).map(|x| {
                    Notification::new(x.poc, &t, NotificationKind::RecipientKeyAvailable, now)
                }));
            }
        }
        if !notes.is_empty() {
            changes.push(Change::Thread(Box::new(ThreadChange::Notify(notes))));
        }
        let records = self
            .store
            .apply(changes, vec![audit], now)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => AppError::StaleRevision,
                e => e.into(),
            })?;
        self.absorb(vec![next])?;
        self.advance_feed(&records);
        self.read_dir().get(&poc).ok_or(AppError::NotFound)
    }

    /// Keep (or replace) the caller's passphrase-protected secret key on the server.
    pub async fn put_key_blob(
        &self,
        p: &Principal,
        blob: ProtectedSecretKey,
    ) -> Result<KeyBlob, AppError> {
        authorize(
            p,
            Action::ManageKeyBlob {
                poc: p.poc.unwrap_or_default(),
            },
        )?;
        let me = self
            .read_dir()
            .get(&p.poc.unwrap_or_default())
            .filter(|e| e.is_active())
            .ok_or(AppError::Forbidden(Denied::NotParticipating))?;
        let now = self.now();
        let stored = KeyBlob {
            owner: p.actor.clone(),
            poc: me.id,
            fingerprint: blob.fingerprint,
            armored: blob.armored,
            updated_at: now,
        };
        // The blob itself is never written to the audit log: only whose it is and which key.
        let audit = AuditEvent {
            actor: p.actor.clone(),
            action: "key_blob.put".into(),
            state: Some(me.content.state.as_str().to_owned()),
            subject: Some(me.id.to_string()),
            detail: json!({"fingerprint": stored.fingerprint}),
        };
        let records = self
            .store
            .apply(
                vec![Change::Thread(Box::new(ThreadChange::PutKeyBlob(
                    Box::new(stored.clone()),
                )))],
                vec![audit],
                now,
            )
            .await?;
        self.advance_feed(&records);
        Ok(stored)
    }

    /// The caller's own key blob, if it keeps one.
    pub async fn key_blob(&self, p: &Principal) -> Result<KeyBlob, AppError> {
        authorize(
            p,
            Action::ManageKeyBlob {
                poc: p.poc.unwrap_or_default(),
            },
        )?;
        self.store
            .key_blob(&p.actor)
            .await?
            .ok_or(AppError::NotFound)
    }
}

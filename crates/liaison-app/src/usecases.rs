//! Directory use cases: states and their participation, entries, revisions, audit log.

use crate::{AppError, Liaison};
use jiff::Timestamp;
use liaison_core::PocRole;
use liaison_core::audit::{AuditEvent, AuditRecord, ChainBreak, ChainVerifier};
use liaison_core::codes::Flag;
use liaison_core::participation::{self, Participation, ParticipationEvent};
use liaison_core::permission::{Action, Principal, authorize};
use liaison_core::poc::{FlagMark, PocStatus, PocSubmission, PointOfContact};
use liaison_core::revision::{Revision, RevisionChange};
use liaison_core::states::{self, RegionalGroup, State, StateCode};
use liaison_core::text::CleanText;
use liaison_search::SearchFilters;
use liaison_store::{AuditQuery, Change, Store, StoreError};
use serde_json::json;
use std::sync::Arc;
use uuid::Uuid;

/// Filters of a directory listing (all optional, combined with AND).
#[derive(Debug, Clone, Default)]
pub struct PocFilter {
    pub state: Option<StateCode>,
    pub role: Option<PocRole>,
    /// Entry language or a working language (primary subtag).
    pub language: Option<String>,
    pub regional_group: Option<RegionalGroup>,
    /// Free text: names, titles, e-mails, in the original or the English translation.
    pub q: Option<String>,
    pub include_retired: bool,
}

pub struct Page<T> {
    pub items: Vec<T>,
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
}

/// A state as a reader sees it.
pub struct StateOverview {
    pub state: &'static State,
    pub participation: Participation,
    pub since: Option<Timestamp>,
    pub diplomatic_pocs: usize,
    pub technical_pocs: usize,
}

fn not_found_on_conflict(e: StoreError) -> AppError {
    match e {
        StoreError::Conflict(_) => AppError::StaleRevision,
        e => e.into(),
    }
}

impl Liaison {
    // ----- states -------------------------------------------------------------------------

    pub fn list_states(&self, p: &Principal) -> Result<Vec<StateOverview>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        let dir = self.read_dir();
        let counts = dir.counts_by_state();
        Ok(states::all()
            .iter()
            .map(|s| {
                let code = s.code();
                let (participation, since) = dir.participation(code);
                let (d, t) = counts.get(&code).copied().unwrap_or_default();
                StateOverview {
                    state: s,
                    participation,
                    since,
                    diplomatic_pocs: d,
                    technical_pocs: t,
                }
            })
            .collect())
    }

    pub fn state(&self, p: &Principal, code: StateCode) -> Result<StateOverview, AppError> {
        authorize(p, Action::ReadDirectory)?;
        let dir = self.read_dir();
        let (participation, since) = dir.participation(code);
        let (d, t) = dir
            .counts_by_state()
            .get(&code)
            .copied()
            .unwrap_or_default();
        Ok(StateOverview {
            state: code.state(),
            participation,
            since,
            diplomatic_pocs: d,
            technical_pocs: t,
        })
    }

    pub async fn participation_history(
        &self,
        p: &Principal,
        code: StateCode,
    ) -> Result<Vec<ParticipationEvent>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        Ok(self.store.participation_history(code).await?)
    }

    /// Whether `p` may read the directory now. Callers that serve a stored rendering of the
    /// directory (`liaison-web` `pages/fragments.rs`) ask this on every request, because the
    /// stored part was made for another reader (POC-18: a suspended state's users read nothing).
    pub fn may_read_directory(&self, p: &Principal) -> Result<(), AppError> {
        Ok(authorize(p, Action::ReadDirectory)?)
    }

    /// Admit a state (A§6), or resume a suspended one.
    pub async fn admit_state(
        &self,
        p: &Principal,
        code: StateCode,
        reason: Option<CleanText>,
    ) -> Result<ParticipationEvent, AppError> {
        authorize(p, Action::ChangeParticipation)?;
        let from = self.read_dir().participation(code).0;
        let change = participation::admit(from)?;
        self.record_participation(p, code, change, reason).await
    }

    pub async fn suspend_state(
        &self,
        p: &Principal,
        code: StateCode,
        reason: Option<CleanText>,
    ) -> Result<ParticipationEvent, AppError> {
        authorize(p, Action::ChangeParticipation)?;
        let from = self.read_dir().participation(code).0;
        let change = participation::suspend(from)?;
        self.record_participation(p, code, change, reason).await
    }

    async fn record_participation(
        &self,
        p: &Principal,
        code: StateCode,
        change: participation::ParticipationChange,
        reason: Option<CleanText>,
    ) -> Result<ParticipationEvent, AppError> {
        let now = self.now();
        let ev = ParticipationEvent {
            state: code,
            change,
            at: now,
            actor: p.actor.clone(),
            reason: reason.map(|r| r.as_str().to_owned()),
        };
        let audit = AuditEvent {
            actor: p.actor.clone(),
            action: format!("state.{}", change.as_str()),
            state: Some(code.as_str().to_owned()),
            subject: Some(code.as_str().to_owned()),
            detail: json!({"reason": ev.reason}),
        };
        let records = self
            .store
            .apply(vec![Change::Participation(ev.clone())], vec![audit], now)
            .await?;
        self.write_dir().set_state(code, change.outcome(), now);
        self.advance_feed(&records);
        Ok(ev)
    }

    // ----- reading entries ----------------------------------------------------------------

    pub fn list_pocs(
        &self,
        p: &Principal,
        f: &PocFilter,
        page: usize,
        per_page: usize,
    ) -> Result<Page<Arc<PointOfContact>>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        let page = page.max(1);
        let per_page = per_page.clamp(1, 200);
        let offset = (page - 1).saturating_mul(per_page);
        let q = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty());
        if let Some(q) = q {
            let filters = SearchFilters {
                state: f.state.map(|s| s.as_str().to_owned()),
                role: f.role.map(|r| r.as_str().to_owned()),
                language: f.language.clone(),
                regional_group: f.regional_group.map(|g| g.slug().to_owned()),
                include_retired: f.include_retired,
            };
            let hits = self.search.search(q, &filters, offset, per_page)?;
            let dir = self.read_dir();
            let items = hits.ids.iter().filter_map(|id| dir.get(id)).collect();
            return Ok(Page {
                items,
                total: hits.total,
                page,
                per_page,
            });
        }
        let dir = self.read_dir();
        let sorted = dir.sorted();
        let facts = dir.facts();
        // The cheap facts first; the working languages (behind the entry's pointer) only
        // for entries that pass them.
        let matches = |i: usize| {
            let (k, e) = (&facts[i], &sorted[i]);
            (f.include_retired || k.active)
                && f.state.is_none_or(|s| k.state == s)
                && f.role.is_none_or(|r| k.role == r)
                && f.regional_group.is_none_or(|g| k.group == Some(g))
                && f.language.as_deref().is_none_or(|l| {
                    let c = &e.content;
                    c.entry_language.as_str() == l
                        || c.working_languages.iter().any(|w| w.primary() == l)
                })
        };
        let unfiltered = f.state.is_none()
            && f.role.is_none()
            && f.regional_group.is_none()
            && f.language.is_none()
            && !f.include_retired;
        if unfiltered {
            // The plain listing, the directory's front page: no scan at all.
            let active = dir.active();
            let items = active
                .iter()
                .skip(offset)
                .take(per_page)
                .filter_map(|i| sorted.get(*i).map(Arc::clone))
                .collect();
            return Ok(Page {
                items,
                total: active.len(),
                page,
                per_page,
            });
        }
        // The listing is ordered by state first: one state's entries are one run of it.
        let n = sorted.len().min(facts.len());
        let range = match f.state {
            Some(s) => {
                facts[..n].partition_point(|k| k.state < s)
                    ..facts[..n].partition_point(|k| k.state <= s)
            }
            None => 0..n,
        };
        let mut total = 0;
        let mut items = Vec::with_capacity(per_page);
        for i in range.filter(|i| matches(*i)) {
            if total >= offset && items.len() < per_page {
                items.push(Arc::clone(&sorted[i]));
            }
            total += 1;
        }
        Ok(Page {
            items,
            total,
            page,
            per_page,
        })
    }

    pub fn get_poc(&self, p: &Principal, id: Uuid) -> Result<Arc<PointOfContact>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        self.read_dir().get(&id).ok_or(AppError::NotFound)
    }

    pub async fn poc_revisions(&self, p: &Principal, id: Uuid) -> Result<Vec<Revision>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        if self.read_dir().get(&id).is_none() {
            return Err(AppError::NotFound);
        }
        Ok(self.store.revisions(id).await?)
    }

    // ----- changing entries ---------------------------------------------------------------

    /// Nominate a POC (A§7(a)): only the state's own state administrators.
    pub async fn nominate_poc(
        &self,
        p: &Principal,
        sub: PocSubmission,
    ) -> Result<Arc<PointOfContact>, AppError> {
        authorize(
            p,
            Action::ManageEntries {
                state: sub.content.state,
            },
        )?;
        if self.read_dir().participation(sub.content.state).0 != Participation::Participating {
            return Err(AppError::StateNotParticipating);
        }
        let now = self.now();
        let id = sub.id.unwrap_or_else(Uuid::new_v4);
        if self.read_dir().get(&id).is_some() {
            return Err(AppError::AlreadyExists);
        }
        let poc = PointOfContact {
            id,
            content: sub.content,
            status: PocStatus::Active,
            flags: Vec::new(),
            revision: 1,
            created_at: now,
            updated_at: now,
            retired_at: None,
            last_verified_at: Some(now),
        };
        let reason = sub.reason.map(|r| r.as_str().to_owned());
        self.commit_entry(p, None, poc, RevisionChange::Create, reason, now)
            .await
    }

    /// Replace an entry's content (rolling updates, A§7(d)). Clears flags: the state has
    /// just confirmed the entry.
    pub async fn update_poc(
        &self,
        p: &Principal,
        id: Uuid,
        sub: PocSubmission,
        expected: Option<u32>,
    ) -> Result<Arc<PointOfContact>, AppError> {
        // Outside callers learn nothing, not even whether the id exists (invariant 5).
        authorize(p, Action::ReadDirectory)?;
        let current = self.read_dir().get(&id).ok_or(AppError::NotFound)?;
        authorize(
            p,
            Action::ManageEntries {
                state: current.content.state,
            },
        )?;
        let mut errors = liaison_core::ValidationErrors::default();
        if sub.content.state != current.content.state {
            errors.push(liaison_core::FieldError::new(
                "state",
                liaison_core::ErrorCode::StateMismatch,
            ));
        }
        if sub.id.is_some_and(|given| given != id) {
            errors.push(liaison_core::FieldError::new(
                "id",
                liaison_core::ErrorCode::IdMismatch,
            ));
        }
        if !errors.is_empty() {
            return Err(errors.into());
        }
        if !current.is_active() {
            return Err(AppError::Retired);
        }
        if expected.is_some_and(|r| r != current.revision) {
            return Err(AppError::StaleRevision);
        }
        let now = self.now();
        let mut next = (*current).clone();
        next.content = sub.content;
        next.flags.clear();
        next.revision += 1;
        next.updated_at = now;
        next.last_verified_at = Some(now);
        let reason = sub.reason.map(|r| r.as_str().to_owned());
        self.commit_entry(p, Some(current), next, RevisionChange::Update, reason, now)
            .await
    }

    /// Retire an entry: it stays in history, leaves lookups and pings (never deleted).
    pub async fn retire_poc(
        &self,
        p: &Principal,
        id: Uuid,
        reason: Option<CleanText>,
        expected: Option<u32>,
    ) -> Result<Arc<PointOfContact>, AppError> {
        // Outside callers learn nothing, not even whether the id exists (invariant 5).
        authorize(p, Action::ReadDirectory)?;
        let current = self.read_dir().get(&id).ok_or(AppError::NotFound)?;
        authorize(
            p,
            Action::ManageEntries {
                state: current.content.state,
            },
        )?;
        if !current.is_active() {
            return Err(AppError::Retired);
        }
        if expected.is_some_and(|r| r != current.revision) {
            return Err(AppError::StaleRevision);
        }
        let now = self.now();
        let mut next = (*current).clone();
        next.status = PocStatus::Retired;
        next.retired_at = Some(now);
        next.revision += 1;
        next.updated_at = now;
        let reason = reason.map(|r| r.as_str().to_owned());
        self.commit_entry(p, Some(current), next, RevisionChange::Retire, reason, now)
            .await
    }

    /// The administrator flags an entry (e.g. unreachable after a failed ping).
    pub async fn flag_poc(
        &self,
        p: &Principal,
        id: Uuid,
        flag: Flag,
        reason: Option<CleanText>,
    ) -> Result<Arc<PointOfContact>, AppError> {
        authorize(p, Action::FlagEntry)?;
        let current = self.read_dir().get(&id).ok_or(AppError::NotFound)?;
        if !current.is_active() {
            return Err(AppError::Retired);
        }
        if current.has_flag(flag) {
            return Err(AppError::FlagAlreadySet);
        }
        let now = self.now();
        let mut next = (*current).clone();
        next.flags.push(FlagMark {
            flag,
            reason: reason.clone(),
            set_at: now,
            set_by: p.actor.clone(),
        });
        next.revision += 1;
        next.updated_at = now;
        let reason = reason.map(|r| r.as_str().to_owned());
        self.commit_entry(p, Some(current), next, RevisionChange::Flag, reason, now)
            .await
    }

    pub async fn unflag_poc(
        &self,
        p: &Principal,
        id: Uuid,
        flag: Flag,
        reason: Option<CleanText>,
    ) -> Result<Arc<PointOfContact>, AppError> {
        authorize(p, Action::FlagEntry)?;
        let current = self.read_dir().get(&id).ok_or(AppError::NotFound)?;
        if !current.has_flag(flag) {
            return Err(AppError::FlagNotSet);
        }
        let now = self.now();
        let mut next = (*current).clone();
        next.flags.retain(|m| m.flag != flag);
        next.revision += 1;
        next.updated_at = now;
        let reason = reason.map(|r| r.as_str().to_owned());
        self.commit_entry(p, Some(current), next, RevisionChange::Unflag, reason, now)
            .await
    }

    /// Store a new version of an entry with its revision and audit record, in one transaction,
    /// then update the read model.
    async fn commit_entry(
        &self,
        p: &Principal,
        before: Option<Arc<PointOfContact>>,
        after: PointOfContact,
        change: RevisionChange,
        reason: Option<String>,
        now: Timestamp,
    ) -> Result<Arc<PointOfContact>, AppError> {
        let id = after.id;
        let revision = Revision {
            poc_id: after.id,
            number: after.revision,
            at: now,
            actor: p.actor.clone(),
            change,
            reason: reason.clone(),
            before: before.as_deref().cloned(),
            after: after.clone(),
        };
        let audit = entry_audit_event(&p.actor, change, &after, reason);
        let store_change = match &before {
            None => Change::InsertPoc {
                poc: Box::new(after.clone()),
                revision: Box::new(revision),
            },
            Some(b) => Change::UpdatePoc {
                poc: Box::new(after.clone()),
                expected_revision: b.revision,
                revision: Box::new(revision),
            },
        };
        let records = self
            .store
            .apply(vec![store_change], vec![audit], now)
            .await
            .map_err(|e| match (&before, e) {
                (None, StoreError::Conflict(_)) => AppError::AlreadyExists,
                (_, e) => not_found_on_conflict(e),
            })?;
        self.absorb(vec![after])?;
        self.advance_feed(&records);
        self.read_dir().get(&id).ok_or(AppError::NotFound)
    }

    // ----- audit log ----------------------------------------------------------------------

    /// The administrator reads the whole log; a state administrator its own state's records.
    pub async fn audit_log(
        &self,
        p: &Principal,
        mut q: AuditQuery,
    ) -> Result<Vec<AuditRecord>, AppError> {
        // Decide who may read before looking at what they asked for.
        if authorize(p, Action::ReadAudit { state: None }).is_err() {
            // Not allowed the whole log: only the principal's own state's records.
            let own = p.state.ok_or(AppError::Forbidden(
                liaison_core::permission::Denied::RoleNotAllowed,
            ))?;
            authorize(p, Action::ReadAudit { state: Some(own) })?;
            if q.state.as_deref().is_some_and(|s| s != own.as_str()) {
                return Err(AppError::Forbidden(
                    liaison_core::permission::Denied::OtherState,
                ));
            }
            q.state = Some(own.as_str().to_owned());
        }
        Ok(self.store.audit(&q).await?)
    }
}

pub(crate) fn entry_audit_event(
    actor: &str,
    change: RevisionChange,
    after: &PointOfContact,
    reason: Option<String>,
) -> AuditEvent {
    AuditEvent {
        actor: actor.to_owned(),
        action: format!("poc.{}", change.as_str()),
        state: Some(after.content.state.as_str().to_owned()),
        subject: Some(after.id.to_string()),
        detail: json!({
            "revision": after.revision,
            "role": after.content.role.as_str(),
            "reason": reason,
            "flags": after.flags.iter().map(|f| f.flag.as_str()).collect::<Vec<_>>(),
        }),
    }
}

/// Walk the whole audit log and check the hash chain and the recorded head. With `anchor`
/// (a sequence number and hash published outside the database, e.g. in a signed report), also
/// check that the log still holds that record unchanged: whoever can write to the database can
/// recompute every hash, but not change a hash someone else keeps.
pub async fn verify_audit_chain(
    store: &dyn Store,
    anchor: Option<(i64, &str)>,
) -> Result<u64, ChainBreak> {
    use liaison_core::audit::BreakReason;
    let unreadable = |seq: i64, e: StoreError| ChainBreak {
        seq,
        reason: BreakReason::Unreadable(e.to_string()),
    };
    let mut v = ChainVerifier::default();
    let mut after = 0;
    let mut anchor_seen = false;
    loop {
        let batch = store
            .audit_after(after, 5000)
            .await
            .map_err(|e| unreadable(after + 1, e))?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        for r in &batch {
            v.check(r)?;
            if let Some((seq, hash)) = anchor
                && r.seq == seq
            {
                if r.hash != hash {
                    return Err(ChainBreak {
                        seq,
                        reason: BreakReason::AnchorMismatch,
                    });
                }
                anchor_seen = true;
            }
        }
    }
    if let Some((seq, _)) = anchor
        && !anchor_seen
    {
        return Err(ChainBreak {
            seq,
            reason: BreakReason::AnchorMismatch,
        });
    }
    let head = store.audit_head().await.map_err(|e| unreadable(after, e))?;
    let head = if head.0 == 0 {
        None
    } else {
        Some((head.0, head.1.as_str()))
    };
    v.finish(head)?;
    Ok(v.checked)
}

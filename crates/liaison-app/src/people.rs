//! Administration use cases for the web pages (issue 3): the participation dashboard, the
//! people of a state (users and enrolment links), the entries a POC user may be bound to, the
//! entry an administrator flags, and the audit log read with an actor filter. Each one asks
//! `authorize` first, like every other use case; the pages add no rules of their own.

use crate::{AppError, Liaison, StateOverview};
use liaison_core::account::{EnrolmentLink, User};
use liaison_core::audit::AuditRecord;
use liaison_core::permission::{Action, Principal, Role, authorize};
use liaison_core::poc::PointOfContact;
use liaison_core::states::StateCode;
use liaison_store::AuditQuery;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

/// One row of the administrator's dashboard.
pub struct StateAdminRow {
    pub overview: StateOverview,
    /// Enabled web users of the state.
    pub users: u64,
}

/// The people of one state: its users and every enrolment link issued for it.
pub struct StatePeople {
    pub users: Vec<User>,
    /// Newest first.
    pub links: Vec<EnrolmentLink>,
}

/// Filters of the audit log as the administration page reads it.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub state: Option<String>,
    pub subject: Option<String>,
    pub action: Option<String>,
    /// Exact actor label (`user:login`, `token:…`, `operator:…`).
    pub actor: Option<String>,
    pub before: Option<i64>,
    pub limit: i64,
}

/// One page of the audit log, and where the next (older) page starts when there is one.
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    pub older_before: Option<i64>,
}

/// How many records an actor-filtered read looks through at most for one page: the store
/// cannot filter by actor, so the use case scans backwards in batches and stops here, giving
/// the reader an "older" link to go on from.
const ACTOR_SCAN_LIMIT: usize = 5000;
const ACTOR_SCAN_BATCH: i64 = 500;

impl Liaison {
    /// Every state with its participation, active entries and number of users: the directory
    /// administrator's dashboard (whoever may change participation).
    pub async fn participation_dashboard(
        &self,
        p: &Principal,
    ) -> Result<Vec<StateAdminRow>, AppError> {
        authorize(p, Action::ChangeParticipation)?;
        let counts: HashMap<StateCode, u64> = self.store.user_counts().await?.into_iter().collect();
        Ok(self
            .list_states(p)?
            .into_iter()
            .map(|overview| {
                let users = counts
                    .get(&overview.state.code())
                    .copied()
                    .unwrap_or_default();
                StateAdminRow { overview, users }
            })
            .collect())
    }

    /// One state's participation, for the confirmation page of admitting, suspending or
    /// resuming it (whoever may change participation).
    pub fn state_for_participation_change(
        &self,
        p: &Principal,
        code: StateCode,
    ) -> Result<StateOverview, AppError> {
        authorize(p, Action::ChangeParticipation)?;
        self.state(p, code)
    }

    /// The roles `p` may issue enrolment links for in `state` (empty: none; the people page
    /// is then refused).
    pub fn enrollable_roles(&self, p: &Principal, state: StateCode) -> Vec<Role> {
        let mut roles = Vec::new();
        if authorize(p, Action::EnrolStateAdmin { state }).is_ok() {
            roles.push(Role::StateAdmin);
        }
        if authorize(p, Action::EnrolPocUser { state }).is_ok() {
            roles.push(Role::Poc);
        }
        roles
    }

    /// A state's users and enrolment links, for those who may enrol its administrators (the
    /// directory administrator and the state's own administrators).
    pub async fn state_people(
        &self,
        p: &Principal,
        state: StateCode,
    ) -> Result<StatePeople, AppError> {
        authorize(p, Action::EnrolStateAdmin { state })?;
        let users = self.store.users_of_state(state).await?;
        let links = self.store.enrolments_of_state(state).await?;
        Ok(StatePeople { users, links })
    }

    /// The state's active entries a POC user can be bound to (for whoever may enrol them).
    pub fn bindable_entries(
        &self,
        p: &Principal,
        state: StateCode,
    ) -> Result<Vec<Arc<PointOfContact>>, AppError> {
        authorize(p, Action::EnrolPocUser { state })?;
        Ok(self
            .read_dir()
            .sorted()
            .iter()
            .filter(|e| e.content.state == state && e.is_active())
            .cloned()
            .collect())
    }

    /// One entry as named on the people page (the entry a POC user is bound to); `None` when
    /// unknown. Needs only the right to read the directory.
    pub fn entry_for_people(
        &self,
        p: &Principal,
        id: Uuid,
    ) -> Result<Option<Arc<PointOfContact>>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        Ok(self.read_dir().get(&id))
    }

    /// Revoke the link `id` of `state`. Authorized for the state before the link is looked
    /// up, so nobody learns about another state's links; a link of another state is
    /// `NotFound`.
    pub async fn revoke_enrolment_of_state(
        &self,
        p: &Principal,
        state: StateCode,
        id: Uuid,
    ) -> Result<EnrolmentLink, AppError> {
        if authorize(p, Action::EnrolStateAdmin { state }).is_err() {
            authorize(p, Action::EnrolPocUser { state })?;
        }
        let link = self
            .store
            .enrolment(id)
            .await?
            .filter(|l| l.state == Some(state))
            .ok_or(AppError::NotFound)?;
        self.revoke_enrolment(p, &link).await?;
        Ok(link)
    }

    /// One enrolment link of `state`, for the revocation confirmation page.
    pub async fn enrolment_of_state(
        &self,
        p: &Principal,
        state: StateCode,
        id: Uuid,
    ) -> Result<EnrolmentLink, AppError> {
        if authorize(p, Action::EnrolStateAdmin { state }).is_err() {
            authorize(p, Action::EnrolPocUser { state })?;
        }
        self.store
            .enrolment(id)
            .await?
            .filter(|l| l.state == Some(state))
            .ok_or(AppError::NotFound)
    }

    /// An entry the administrator is about to flag or unflag (retired entries included, so a
    /// flag left on one can still be seen).
    pub fn entry_to_flag(&self, p: &Principal, id: Uuid) -> Result<Arc<PointOfContact>, AppError> {
        authorize(p, Action::FlagEntry)?;
        self.read_dir().get(&id).ok_or(AppError::NotFound)
    }

    /// The audit log with the filters of the administration page. The rules of `audit_log`
    /// apply (the whole log for the administrator, a state administrator's own state only);
    /// the actor filter is applied here, scanning at most `ACTOR_SCAN_LIMIT` records.
    pub async fn audit_page(&self, p: &Principal, f: AuditFilter) -> Result<AuditPage, AppError> {
        let limit = f.limit.clamp(1, 500);
        let query = |before: Option<i64>, limit: i64| AuditQuery {
            state: f.state.clone(),
            subject: f.subject.clone(),
            action: f.action.clone(),
            before,
            limit,
        };
        let Some(actor) = f.actor.as_deref() else {
            let records = self.audit_log(p, query(f.before, limit)).await?;
            let older_before = if records.len() as i64 == limit {
                records.last().map(|r| r.seq)
            } else {
                None
            };
            return Ok(AuditPage {
                records,
                older_before,
            });
        };
        let mut records = Vec::new();
        let mut before = f.before;
        let mut scanned = 0usize;
        loop {
            let batch = self.audit_log(p, query(before, ACTOR_SCAN_BATCH)).await?;
            let exhausted = (batch.len() as i64) < ACTOR_SCAN_BATCH;
            scanned += batch.len();
            for r in batch {
                before = Some(r.seq);
                if r.actor == actor {
                    records.push(r);
                    if records.len() as i64 == limit {
                        return Ok(AuditPage {
                            older_before: before,
                            records,
                        });
                    }
                }
            }
            if exhausted {
                return Ok(AuditPage {
                    records,
                    older_before: None,
                });
            }
            if scanned >= ACTOR_SCAN_LIMIT {
                return Ok(AuditPage {
                    records,
                    older_before: before,
                });
            }
        }
    }
}

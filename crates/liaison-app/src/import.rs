//! Bulk import of nominations from JSON Lines (the operator's migration path, issue 2 §10).
//! Each line is validated on its own; invalid lines are reported with their number and reason
//! and change nothing; all valid lines are written in one transaction, with one revision and
//! one audit record each, and the states they touch are admitted.

use crate::usecases::entry_audit_event;
use crate::{AppError, Liaison};
use liaison_core::ValidationErrors;
use liaison_core::audit::AuditEvent;
use liaison_core::error::{ErrorCode, FieldError};
use liaison_core::participation::{self, Participation, ParticipationEvent};
use liaison_core::permission::{Action, Principal, authorize};
use liaison_core::poc::{Normalisation, PocStatus, PointOfContact, parse_submission_bytes};
use liaison_core::revision::{Revision, RevisionChange};
use liaison_core::states::StateCode;
use liaison_store::Change;
use serde::Serialize;
use serde_json::json;
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

/// One line as read from the file: its bytes, or the fact that it exceeded the line limit
/// (the reader stops buffering it).
pub enum RawLine {
    Bytes(Vec<u8>),
    TooLong,
}

#[derive(Debug, Serialize)]
pub struct ImportLineResult {
    pub line: usize,
    pub errors: ValidationErrors,
}

#[derive(Debug, Serialize)]
pub struct NormalisedLine {
    pub line: usize,
    pub id: Uuid,
    pub changes: Vec<Normalisation>,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub lines: usize,
    pub imported: usize,
    pub rejected: Vec<ImportLineResult>,
    pub normalised: Vec<NormalisedLine>,
    pub states_admitted: Vec<StateCode>,
    pub dry_run: bool,
}

impl Liaison {
    pub async fn import_pocs(
        &self,
        operator: &Principal,
        lines: impl IntoIterator<Item = RawLine>,
        dry_run: bool,
        progress: &mut dyn FnMut(usize),
    ) -> Result<ImportReport, AppError> {
        authorize(operator, Action::ImportNominations)?;
        let now = self.now();
        let mut report = ImportReport {
            dry_run,
            ..Default::default()
        };
        let mut seen: HashSet<Uuid> = HashSet::new();
        let mut accepted: Vec<PointOfContact> = Vec::new();
        for (i, raw) in lines.into_iter().enumerate() {
            let line = i + 1;
            report.lines = line;
            progress(line);
            let bytes = match raw {
                RawLine::Bytes(b) => b,
                RawLine::TooLong => {
                    let e = FieldError::new("", ErrorCode::LineTooLong)
                        .with_detail(liaison_core::poc::MAX_ENTRY_BYTES.to_string());
                    report.rejected.push(ImportLineResult {
                        line,
                        errors: ValidationErrors::single(e),
                    });
                    continue;
                }
            };
            if bytes.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let sub = match parse_submission_bytes(&bytes) {
                Ok(s) => s,
                Err(errors) => {
                    report.rejected.push(ImportLineResult { line, errors });
                    continue;
                }
            };
            let id = sub.id.unwrap_or_else(Uuid::new_v4);
            if !seen.insert(id) || self.read_dir().get(&id).is_some() {
                let e = FieldError::new("id", ErrorCode::DuplicateId).with_detail(id.to_string());
                report.rejected.push(ImportLineResult {
                    line,
                    errors: ValidationErrors::single(e),
                });
                continue;
            }
            if !sub.normalisations.is_empty() {
                report.normalised.push(NormalisedLine {
                    line,
                    id,
                    changes: sub.normalisations,
                });
            }
            accepted.push(PointOfContact {
                id,
                content: sub.content,
                status: PocStatus::Active,
                flags: Vec::new(),
                revision: 1,
                created_at: now,
                updated_at: now,
                retired_at: None,
                last_verified_at: Some(now),
            });
        }
        report.imported = accepted.len();
        let touched: BTreeSet<StateCode> = accepted.iter().map(|p| p.content.state).collect();
        let mut changes = Vec::with_capacity(accepted.len() + touched.len());
        let mut events = Vec::with_capacity(accepted.len() + touched.len());
        let mut admitted = Vec::new();
        {
            let dir = self.read_dir();
            for s in touched {
                let from = dir.participation(s).0;
                if from == Participation::Participating {
                    continue;
                }
                let change = participation::admit(from)?;
                let ev = ParticipationEvent {
                    state: s,
                    change,
                    at: now,
                    actor: operator.actor.clone(),
                    reason: Some("import of nominations".into()),
                };
                events.push(AuditEvent {
                    actor: operator.actor.clone(),
                    action: format!("state.{}", change.as_str()),
                    state: Some(s.as_str().to_owned()),
                    subject: Some(s.as_str().to_owned()),
                    detail: json!({"reason": ev.reason, "source": "import"}),
                });
                changes.push(Change::Participation(ev));
                admitted.push(s);
            }
        }
        report.states_admitted = admitted.clone();
        if dry_run || (accepted.is_empty() && admitted.is_empty()) {
            return Ok(report);
        }
        for poc in &accepted {
            let mut ev = entry_audit_event(&operator.actor, RevisionChange::Create, poc, None);
            ev.detail["source"] = json!("import");
            events.push(ev);
            changes.push(Change::InsertPoc {
                poc: Box::new(poc.clone()),
                revision: Box::new(Revision {
                    poc_id: poc.id,
                    number: 1,
                    at: now,
                    actor: operator.actor.clone(),
                    change: RevisionChange::Create,
                    reason: Some("import".into()),
                    before: None,
                    after: poc.clone(),
                }),
            });
        }
        let records = self.store.apply(changes, events, now).await?;
        {
            let mut dir = self.write_dir();
            for s in &admitted {
                dir.set_state(*s, Participation::Participating, now);
            }
        }
        self.absorb(accepted)?;
        self.advance_feed(&records);
        Ok(report)
    }

    /// Every entry, in the order they were created (so export → import → export is stable).
    pub fn export_pocs(
        &self,
        p: &Principal,
        include_retired: bool,
    ) -> Result<Vec<std::sync::Arc<PointOfContact>>, AppError> {
        authorize(p, Action::ReadDirectory)?;
        Ok(self
            .read_dir()
            .in_creation_order()
            .into_iter()
            .filter(|e| include_retired || e.is_active())
            .collect())
    }
}

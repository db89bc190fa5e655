//! The one permission policy (shared/design/domain.md, "Permissions"). Every adapter asks
//! `authorize` before a use case acts; nothing else decides who may do what.

use crate::states::StateCode;
use serde::Serialize;
use uuid::Uuid;

/// What kind of account acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The directory administrator (UNODA for the global directory; POC-04).
    Admin,
    /// Acts for one state: nominates, edits and retires its POCs.
    StateAdmin,
    /// A person acting for one POC entry.
    Poc,
    /// The person running the server host (CLI import, token issue). Not a network role.
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::StateAdmin => "state-admin",
            Role::Poc => "poc",
            Role::Operator => "operator",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admin" => Some(Role::Admin),
            "state-admin" => Some(Role::StateAdmin),
            "poc" => Some(Role::Poc),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }
}

/// Whether the principal's own state currently participates (A§6). Admins and operators have
/// no state and are always in standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Participating,
    Outside,
}

/// Who is acting, as established by authentication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Principal {
    /// Stable label for audit records, e.g. "token:3f2c…" or "operator:root".
    pub actor: String,
    pub role: Role,
    pub state: Option<StateCode>,
    pub poc: Option<Uuid>,
    pub standing: Standing,
}

/// Everything a principal may ask to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Read directory entries, states, revisions (A§6, POC-18).
    ReadDirectory,
    /// Admit, suspend or resume a state's participation (A§6).
    ChangeParticipation,
    /// Nominate, edit or retire one of `state`'s POC entries (A§7(a), §7(d)).
    ManageEntries { state: StateCode },
    /// Flag an entry unreachable / unverified (A§8 follow-up).
    FlagEntry,
    /// Read the audit log: `None` = the whole log, `Some(s)` = records about state `s`.
    ReadAudit { state: Option<StateCode> },
    /// Issue an enrolment for a state administrator of `state` (A§7(c)).
    EnrolStateAdmin { state: StateCode },
    /// Enrol POC users of `state` and bind them to entries.
    EnrolPocUser { state: StateCode },
    /// Publish or rotate the OpenPGP key of entry `poc`.
    PublishKey { poc: Uuid },
    /// Load nominations from a file on the server host (the operator's migration path).
    ImportNominations,
    /// Issue or revoke API tokens (server host only).
    ManageTokens,
    /// Start a ping campaign (A§8, PING-01): the administrator, or the operator on the host.
    StartPingCampaign,
    /// Record a follow-up with a state's authorities after a ping (A§8, PING-03).
    RecordFollowUp,
    /// See ping results: `None` = every state's, `Some(s)` = state `s`'s (PING-06: a state
    /// sees its own results, the administrator all).
    ReadPingResults { state: Option<StateCode> },
    /// Acknowledge (and see) the ping challenges of entry `poc` as one of its signed-in users.
    /// The holder of a challenge's token acknowledges without a principal: the token is the
    /// capability.
    AcknowledgePing { poc: Uuid },
}

/// Why an action was refused. The variants map to stable API error codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Denied {
    #[error("the principal's state does not participate in the directory")]
    NotParticipating,
    #[error("the action concerns another state")]
    OtherState,
    #[error("the administrator does not change a state's own data (neutrality, A§3)")]
    Neutrality,
    #[error("the role does not allow this action")]
    RoleNotAllowed,
}

impl Denied {
    pub fn code(self) -> &'static str {
        match self {
            Denied::NotParticipating => "not_participating",
            Denied::OtherState => "other_state",
            Denied::Neutrality => "neutrality",
            Denied::RoleNotAllowed => "forbidden",
        }
    }
}

/// The policy. Pure: the same principal and action always give the same answer.
pub fn authorize(p: &Principal, action: Action) -> Result<(), Denied> {
    use Action::*;
    match p.role {
        Role::Operator => match action {
            ImportNominations
            | ManageTokens
            | ReadDirectory
            | ReadAudit { .. }
            | ChangeParticipation
            | StartPingCampaign
            | ReadPingResults { .. } => Ok(()),
            _ => Err(Denied::RoleNotAllowed),
        },
        Role::Admin => match action {
            ReadDirectory
            | ChangeParticipation
            | FlagEntry
            | ReadAudit { .. }
            | EnrolStateAdmin { .. }
            | StartPingCampaign
            | RecordFollowUp
            | ReadPingResults { .. } => Ok(()),
            ManageEntries { .. } | PublishKey { .. } => Err(Denied::Neutrality),
            // The administrator asks; only the POC answers (a ping answered by the one who
            // sent it would verify nothing).
            EnrolPocUser { .. } | ImportNominations | ManageTokens | AcknowledgePing { .. } => {
                Err(Denied::RoleNotAllowed)
            }
        },
        Role::StateAdmin | Role::Poc => {
            // Nothing but the public page for a state outside participation (invariant 5).
            if p.standing != Standing::Participating {
                return Err(Denied::NotParticipating);
            }
            let own = |s: StateCode| {
                if p.state == Some(s) {
                    Ok(())
                } else {
                    Err(Denied::OtherState)
                }
            };
            match (p.role, action) {
                (_, ReadDirectory) => Ok(()),
                (Role::StateAdmin, ManageEntries { state }) => own(state),
                (Role::StateAdmin, EnrolStateAdmin { state }) => own(state),
                (Role::StateAdmin, EnrolPocUser { state }) => own(state),
                (Role::StateAdmin, ReadAudit { state: Some(s) }) => own(s),
                (Role::StateAdmin, ReadPingResults { state: Some(s) }) => own(s),
                (Role::Poc, PublishKey { poc } | AcknowledgePing { poc }) => {
                    if p.poc == Some(poc) {
                        Ok(())
                    } else {
                        Err(Denied::OtherState)
                    }
                }
                _ => Err(Denied::RoleNotAllowed),
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    //! The full matrix of shared/design/domain.md: every action × every role × own state /
    //! other state / non-participating state, written out as the table is, so a change to the
    //! policy must change this table too.
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Scope {
        Own,
        Other,
        Outside,
    }

    fn fr() -> StateCode {
        StateCode::parse("FR").unwrap()
    }
    fn ru() -> StateCode {
        StateCode::parse("RU").unwrap()
    }
    fn own_poc() -> Uuid {
        Uuid::from_u128(1)
    }
    fn other_poc() -> Uuid {
        Uuid::from_u128(2)
    }

    fn principal(role: Role, scope: Scope) -> Principal {
        let (state, poc) = match role {
            Role::StateAdmin => (Some(fr()), None),
            Role::Poc => (Some(fr()), Some(own_poc())),
            _ => (None, None),
        };
        Principal {
            actor: "test".into(),
            role,
            state,
            poc,
            standing: if scope == Scope::Outside {
                Standing::Outside
            } else {
                Standing::Participating
            },
        }
    }

    /// The action aimed at the principal's own state (or entry) or at another one.
    fn action(name: &str, scope: Scope) -> Action {
        let target = if scope == Scope::Other { ru() } else { fr() };
        let poc = if scope == Scope::Other {
            other_poc()
        } else {
            own_poc()
        };
        match name {
            "read" => Action::ReadDirectory,
            "participation" => Action::ChangeParticipation,
            "manage" => Action::ManageEntries { state: target },
            "flag" => Action::FlagEntry,
            "audit-all" => Action::ReadAudit { state: None },
            "audit-state" => Action::ReadAudit {
                state: Some(target),
            },
            "enrol-state-admin" => Action::EnrolStateAdmin { state: target },
            "enrol-poc" => Action::EnrolPocUser { state: target },
            "publish-key" => Action::PublishKey { poc },
            "import" => Action::ImportNominations,
            "tokens" => Action::ManageTokens,
            "ping-start" => Action::StartPingCampaign,
            "follow-up" => Action::RecordFollowUp,
            "ping-results-all" => Action::ReadPingResults { state: None },
            "ping-results-state" => Action::ReadPingResults {
                state: Some(target),
            },
            "ping-ack" => Action::AcknowledgePing { poc },
            _ => unreachable!(),
        }
    }

    #[test]
    fn full_matrix() {
        // (action, role, [own, other, outside]) — true = allowed.
        let t = true;
        let f = false;
        let table: &[(&str, Role, [bool; 3])] = &[
            ("read", Role::Admin, [t, t, t]),
            ("read", Role::StateAdmin, [t, t, f]),
            ("read", Role::Poc, [t, t, f]),
            ("read", Role::Operator, [t, t, t]),
            ("participation", Role::Admin, [t, t, t]),
            ("participation", Role::StateAdmin, [f, f, f]),
            ("participation", Role::Poc, [f, f, f]),
            ("participation", Role::Operator, [t, t, t]),
            ("manage", Role::Admin, [f, f, f]),
            ("manage", Role::StateAdmin, [t, f, f]),
            ("manage", Role::Poc, [f, f, f]),
            ("manage", Role::Operator, [f, f, f]),
            ("flag", Role::Admin, [t, t, t]),
            ("flag", Role::StateAdmin, [f, f, f]),
            ("flag", Role::Poc, [f, f, f]),
            ("flag", Role::Operator, [f, f, f]),
            ("audit-all", Role::Admin, [t, t, t]),
            ("audit-all", Role::StateAdmin, [f, f, f]),
            ("audit-all", Role::Poc, [f, f, f]),
            ("audit-all", Role::Operator, [t, t, t]),
            ("audit-state", Role::Admin, [t, t, t]),
            ("audit-state", Role::StateAdmin, [t, f, f]),
            ("audit-state", Role::Poc, [f, f, f]),
            ("audit-state", Role::Operator, [t, t, t]),
            ("enrol-state-admin", Role::Admin, [t, t, t]),
            ("enrol-state-admin", Role::StateAdmin, [t, f, f]),
            ("enrol-state-admin", Role::Poc, [f, f, f]),
            ("enrol-state-admin", Role::Operator, [f, f, f]),
            ("enrol-poc", Role::Admin, [f, f, f]),
            ("enrol-poc", Role::StateAdmin, [t, f, f]),
            ("enrol-poc", Role::Poc, [f, f, f]),
            ("enrol-poc", Role::Operator, [f, f, f]),
            ("publish-key", Role::Admin, [f, f, f]),
            ("publish-key", Role::StateAdmin, [f, f, f]),
            ("publish-key", Role::Poc, [t, f, f]),
            ("publish-key", Role::Operator, [f, f, f]),
            ("import", Role::Admin, [f, f, f]),
            ("import", Role::StateAdmin, [f, f, f]),
            ("import", Role::Poc, [f, f, f]),
            ("import", Role::Operator, [t, t, t]),
            ("tokens", Role::Admin, [f, f, f]),
            ("tokens", Role::StateAdmin, [f, f, f]),
            ("tokens", Role::Poc, [f, f, f]),
            ("tokens", Role::Operator, [t, t, t]),
            ("ping-start", Role::Admin, [t, t, t]),
            ("ping-start", Role::StateAdmin, [f, f, f]),
            ("ping-start", Role::Poc, [f, f, f]),
            ("ping-start", Role::Operator, [t, t, t]),
            ("follow-up", Role::Admin, [t, t, t]),
            ("follow-up", Role::StateAdmin, [f, f, f]),
            ("follow-up", Role::Poc, [f, f, f]),
            ("follow-up", Role::Operator, [f, f, f]),
            ("ping-results-all", Role::Admin, [t, t, t]),
            ("ping-results-all", Role::StateAdmin, [f, f, f]),
            ("ping-results-all", Role::Poc, [f, f, f]),
            ("ping-results-all", Role::Operator, [t, t, t]),
            ("ping-results-state", Role::Admin, [t, t, t]),
            ("ping-results-state", Role::StateAdmin, [t, f, f]),
            ("ping-results-state", Role::Poc, [f, f, f]),
            ("ping-results-state", Role::Operator, [t, t, t]),
            ("ping-ack", Role::Admin, [f, f, f]),
            ("ping-ack", Role::StateAdmin, [f, f, f]),
            ("ping-ack", Role::Poc, [t, f, f]),
            ("ping-ack", Role::Operator, [f, f, f]),
        ];
        let roles = [Role::Admin, Role::StateAdmin, Role::Poc, Role::Operator];
        let actions = [
            "read",
            "participation",
            "manage",
            "flag",
            "audit-all",
            "audit-state",
            "enrol-state-admin",
            "enrol-poc",
            "publish-key",
            "import",
            "tokens",
            "ping-start",
            "follow-up",
            "ping-results-all",
            "ping-results-state",
            "ping-ack",
        ];
        // The table is complete: every action × role appears exactly once.
        for a in actions {
            for r in roles {
                assert_eq!(
                    table
                        .iter()
                        .filter(|(n, role, _)| *n == a && *role == r)
                        .count(),
                    1,
                    "{a} {r:?}"
                );
            }
        }
        for (name, role, expected) in table {
            for (i, scope) in [Scope::Own, Scope::Other, Scope::Outside]
                .into_iter()
                .enumerate()
            {
                let got = authorize(&principal(*role, scope), action(name, scope)).is_ok();
                assert_eq!(got, expected[i], "{name} by {role:?} in scope {scope:?}");
            }
        }
    }

    #[test]
    fn reasons() {
        let admin = principal(Role::Admin, Scope::Own);
        assert_eq!(
            authorize(&admin, Action::ManageEntries { state: fr() }),
            Err(Denied::Neutrality)
        );
        let sa = principal(Role::StateAdmin, Scope::Outside);
        assert_eq!(
            authorize(&sa, Action::ReadDirectory),
            Err(Denied::NotParticipating)
        );
        let sa = principal(Role::StateAdmin, Scope::Own);
        assert_eq!(
            authorize(&sa, Action::ManageEntries { state: ru() }),
            Err(Denied::OtherState)
        );
    }
}

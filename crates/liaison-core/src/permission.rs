//! The one permission policy (shared/design/domain.md, "Permissions"). Every adapter asks
//! `authorize` before a use case acts; nothing else decides who may do what.

use crate::PocRole;
use crate::states::StateCode;
use crate::thread::ThreadScope;
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

    // ----- threads between POCs (issue 5, A§9–11) -----------------------------------------
    /// Address an inquiry from an entry of role `from` to an entry of role `to` in state
    /// `to_state` (COM-01, invariant 4: same role, other states only). Forwarding with consent
    /// addresses its targets the same way.
    SendInquiry {
        from: PocRole,
        to: PocRole,
        to_state: StateCode,
    },
    /// Read a thread's messages (participants only; never the administrator, invariant 1).
    ReadThreadContent { scope: ThreadScope },
    /// Respond, acknowledge, close, re-encrypt, ask for or answer consent, forward.
    WriteThread { scope: ThreadScope },
    /// See one thread's metadata (who, when, urgency, stages): its participants, and the POCs
    /// and state administrators of a state taking part (A§9 coordination). The administrator
    /// sees aggregates only.
    ReadThreadMetadata { scope: ThreadScope },
    /// Leave an encrypted coordination note for the POCs of one's own state (A§9, COM-02).
    WriteCoordinationNote { scope: ThreadScope },
    /// The threads of `state` as metadata and counts (same-state coordination).
    ReadStateThreads { state: StateCode },
    /// Counts and timings over all threads, never per thread (A§16).
    ReadThreadStatistics,
    /// Keep one's own passphrase-protected secret key on the server (POC users of entry `poc`).
    ManageKeyBlob { poc: Uuid },
    /// Read and mark the in-app notifications of entry `poc`.
    ReadNotifications { poc: Uuid },
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
    // Threads (issue 5).
    #[error("diplomatic POCs address diplomatic POCs, technical POCs technical POCs (A§9)")]
    CrossRole,
    #[error("an inquiry goes to the POCs of other states; use a coordination note at home")]
    OwnStateRecipient,
    #[error("only the thread's participants may do this")]
    NotParticipant,
    #[error("the administrator never reads what POCs exchange (A§7(b), invariant 1)")]
    Confidential,
}

impl Denied {
    pub fn code(self) -> &'static str {
        match self {
            Denied::NotParticipating => "not_participating",
            Denied::OtherState => "other_state",
            Denied::Neutrality => "neutrality",
            Denied::RoleNotAllowed => "forbidden",
            Denied::CrossRole => "cross_role",
            Denied::OwnStateRecipient => "own_state_recipient",
            Denied::NotParticipant => "not_participant",
            Denied::Confidential => "confidential",
        }
    }
}

/// The policy. Pure: the same principal and action always give the same answer.
pub fn authorize(p: &Principal, action: Action) -> Result<(), Denied> {
    use Action::*;
    if let Some(answer) = authorize_thread(p, action) {
        return answer;
    }
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
            // Decided by `authorize_thread` above; listed so this match stays exhaustive.
            SendInquiry { .. }
            | ReadThreadContent { .. }
            | WriteThread { .. }
            | ReadThreadMetadata { .. }
            | WriteCoordinationNote { .. }
            | ReadStateThreads { .. }
            | ReadThreadStatistics
            | ManageKeyBlob { .. }
            | ReadNotifications { .. } => Err(Denied::RoleNotAllowed),
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

// ----- threads between POCs (issue 5) ---------------------------------------------------------

/// The thread actions of the table in shared/design/domain.md ("send an inquiry", "read a
/// thread's content", "see thread metadata") and of issue 5. `None` for every other action.
fn authorize_thread(p: &Principal, action: Action) -> Option<Result<(), Denied>> {
    use Action::*;
    let is_thread_action = matches!(
        action,
        SendInquiry { .. }
            | ReadThreadContent { .. }
            | WriteThread { .. }
            | ReadThreadMetadata { .. }
            | WriteCoordinationNote { .. }
            | ReadStateThreads { .. }
            | ReadThreadStatistics
            | ManageKeyBlob { .. }
            | ReadNotifications { .. }
    );
    if !is_thread_action {
        return None;
    }
    let answer = match p.role {
        // The operator runs the host; it takes no part in exchanges and reads only aggregates.
        Role::Operator => match action {
            ReadThreadStatistics => Ok(()),
            _ => Err(Denied::RoleNotAllowed),
        },
        Role::Admin => match action {
            ReadThreadStatistics => Ok(()),
            // Invariant 1: never a thread's content, not even its list of messages.
            ReadThreadContent { .. } => Err(Denied::Confidential),
            _ => Err(Denied::RoleNotAllowed),
        },
        Role::StateAdmin | Role::Poc if p.standing != Standing::Participating => {
            Err(Denied::NotParticipating)
        }
        Role::StateAdmin => match action {
            ReadThreadMetadata {
                scope: ThreadScope::OwnState | ThreadScope::Participant,
            } => Ok(()),
            ReadThreadMetadata { .. } => Err(Denied::OtherState),
            ReadStateThreads { state } if p.state == Some(state) => Ok(()),
            ReadStateThreads { .. } => Err(Denied::OtherState),
            // A state administrator is never a participant: content stays with the POCs.
            ReadThreadContent { .. } => Err(Denied::NotParticipant),
            _ => Err(Denied::RoleNotAllowed),
        },
        Role::Poc => {
            let participant = |scope: ThreadScope| match scope {
                ThreadScope::Participant => Ok(()),
                ThreadScope::OwnState | ThreadScope::Unrelated => Err(Denied::NotParticipant),
            };
            let own_entry = |poc: Uuid| {
                if p.poc == Some(poc) {
                    Ok(())
                } else {
                    Err(Denied::OtherState)
                }
            };
            match action {
                SendInquiry { from, to, to_state } => {
                    if p.poc.is_none() {
                        Err(Denied::RoleNotAllowed)
                    } else if p.state == Some(to_state) {
                        Err(Denied::OwnStateRecipient)
                    } else if from != to {
                        Err(Denied::CrossRole)
                    } else {
                        Ok(())
                    }
                }
                ReadThreadContent { scope } | WriteThread { scope } => participant(scope),
                ReadThreadMetadata { scope } | WriteCoordinationNote { scope } => match scope {
                    ThreadScope::Participant | ThreadScope::OwnState => Ok(()),
                    ThreadScope::Unrelated => Err(Denied::NotParticipant),
                },
                ReadStateThreads { state } if p.state == Some(state) => Ok(()),
                ReadStateThreads { .. } => Err(Denied::OtherState),
                ManageKeyBlob { poc } | ReadNotifications { poc } => own_entry(poc),
                _ => Err(Denied::RoleNotAllowed),
            }
        }
    };
    Some(answer)
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

    // ----- threads (issue 5): roles × scopes × standing ---------------------------------------

    /// Every thread action for every role, for a principal whose state participates and for
    /// one outside participation, in each scope the action can be asked in. Written out as a
    /// table like `full_matrix`: a change to the policy must change this table too.
    #[test]
    fn thread_matrix() {
        use ThreadScope::*;
        let t = true;
        let f = false;
        let scoped = |name: &str, scope: ThreadScope| match name {
            "content" => Action::ReadThreadContent { scope },
            "write" => Action::WriteThread { scope },
            "metadata" => Action::ReadThreadMetadata { scope },
            "note" => Action::WriteCoordinationNote { scope },
            _ => unreachable!(),
        };
        // (action, role, [participant, own state, unrelated, any scope from outside])
        let table: &[(&str, Role, [bool; 4])] = &[
            ("content", Role::Admin, [f, f, f, f]),
            ("content", Role::StateAdmin, [f, f, f, f]),
            ("content", Role::Poc, [t, f, f, f]),
            ("content", Role::Operator, [f, f, f, f]),
            ("write", Role::Admin, [f, f, f, f]),
            ("write", Role::StateAdmin, [f, f, f, f]),
            ("write", Role::Poc, [t, f, f, f]),
            ("write", Role::Operator, [f, f, f, f]),
            ("metadata", Role::Admin, [f, f, f, f]),
            ("metadata", Role::StateAdmin, [t, t, f, f]),
            ("metadata", Role::Poc, [t, t, f, f]),
            ("metadata", Role::Operator, [f, f, f, f]),
            ("note", Role::Admin, [f, f, f, f]),
            ("note", Role::StateAdmin, [f, f, f, f]),
            ("note", Role::Poc, [t, t, f, f]),
            ("note", Role::Operator, [f, f, f, f]),
        ];
        for (name, role, expected) in table {
            for (i, scope) in [Participant, OwnState, Unrelated].into_iter().enumerate() {
                // A state administrator's "participant" scope never arises (it acts for no
                // entry); the policy treats it as its state's.
                let got = authorize(&principal(*role, Scope::Own), scoped(name, scope)).is_ok();
                assert_eq!(got, expected[i], "{name} by {role:?} as {scope:?}");
                let outside = authorize(&principal(*role, Scope::Outside), scoped(name, scope));
                assert_eq!(
                    outside.is_ok(),
                    expected[3],
                    "{name} by {role:?} from outside"
                );
            }
        }
        assert_eq!(
            authorize(
                &principal(Role::Admin, Scope::Own),
                Action::ReadThreadContent { scope: Participant }
            ),
            Err(Denied::Confidential)
        );

        // Addressing (COM-01, invariant 4): same role, another state, POCs only.
        use crate::PocRole::{Diplomatic, Technical};
        let send = |from, to, state: StateCode| Action::SendInquiry {
            from,
            to,
            to_state: state,
        };
        let poc = principal(Role::Poc, Scope::Own);
        assert_eq!(authorize(&poc, send(Technical, Technical, ru())), Ok(()));
        assert_eq!(authorize(&poc, send(Diplomatic, Diplomatic, ru())), Ok(()));
        assert_eq!(
            authorize(&poc, send(Diplomatic, Technical, ru())),
            Err(Denied::CrossRole)
        );
        assert_eq!(
            authorize(&poc, send(Technical, Diplomatic, ru())),
            Err(Denied::CrossRole)
        );
        assert_eq!(
            authorize(&poc, send(Technical, Technical, fr())),
            Err(Denied::OwnStateRecipient)
        );
        for role in [Role::Admin, Role::StateAdmin, Role::Operator] {
            assert_eq!(
                authorize(
                    &principal(role, Scope::Own),
                    send(Technical, Technical, ru())
                ),
                Err(Denied::RoleNotAllowed),
                "{role:?}"
            );
        }
        assert_eq!(
            authorize(
                &principal(Role::Poc, Scope::Outside),
                send(Technical, Technical, ru())
            ),
            Err(Denied::NotParticipating)
        );

        // State views, statistics, key blobs, notifications.
        let table: &[(Action, Role, bool)] = &[
            (Action::ReadStateThreads { state: fr() }, Role::Poc, t),
            (Action::ReadStateThreads { state: ru() }, Role::Poc, f),
            (
                Action::ReadStateThreads { state: fr() },
                Role::StateAdmin,
                t,
            ),
            (
                Action::ReadStateThreads { state: ru() },
                Role::StateAdmin,
                f,
            ),
            (Action::ReadStateThreads { state: fr() }, Role::Admin, f),
            (Action::ReadThreadStatistics, Role::Admin, t),
            (Action::ReadThreadStatistics, Role::Operator, t),
            (Action::ReadThreadStatistics, Role::StateAdmin, f),
            (Action::ReadThreadStatistics, Role::Poc, f),
            (Action::ManageKeyBlob { poc: own_poc() }, Role::Poc, t),
            (Action::ManageKeyBlob { poc: other_poc() }, Role::Poc, f),
            (
                Action::ManageKeyBlob { poc: own_poc() },
                Role::StateAdmin,
                f,
            ),
            (Action::ManageKeyBlob { poc: own_poc() }, Role::Admin, f),
            (Action::ReadNotifications { poc: own_poc() }, Role::Poc, t),
            (Action::ReadNotifications { poc: other_poc() }, Role::Poc, f),
            (Action::ReadNotifications { poc: own_poc() }, Role::Admin, f),
        ];
        for (action, role, allowed) in table {
            let got = authorize(&principal(*role, Scope::Own), *action).is_ok();
            assert_eq!(got, *allowed, "{action:?} by {role:?}");
            if *role != Role::Admin && *role != Role::Operator {
                assert_eq!(
                    authorize(&principal(*role, Scope::Outside), *action),
                    Err(Denied::NotParticipating),
                    "{action:?} by {role:?} from outside"
                );
            }
        }
    }
}

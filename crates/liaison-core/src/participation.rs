//! A state's participation lifecycle (A§6): not participating → participating ⇄ suspended.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Participation {
    NotParticipating,
    Participating,
    Suspended,
}

impl Participation {
    pub fn as_str(self) -> &'static str {
        match self {
            Participation::NotParticipating => "not_participating",
            Participation::Participating => "participating",
            Participation::Suspended => "suspended",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "not_participating" => Some(Self::NotParticipating),
            "participating" => Some(Self::Participating),
            "suspended" => Some(Self::Suspended),
            _ => None,
        }
    }
}

/// A recorded transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParticipationChange {
    Admitted,
    Suspended,
    Resumed,
}

impl ParticipationChange {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Admitted => "admitted",
            Self::Suspended => "suspended",
            Self::Resumed => "resumed",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "admitted" => Some(Self::Admitted),
            "suspended" => Some(Self::Suspended),
            "resumed" => Some(Self::Resumed),
            _ => None,
        }
    }
    pub fn outcome(self) -> Participation {
        match self {
            Self::Admitted | Self::Resumed => Participation::Participating,
            Self::Suspended => Participation::Suspended,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a state that is {from:?} cannot be {wanted}")]
pub struct InvalidTransition {
    pub from: Participation,
    pub wanted: &'static str,
}

/// Admitting a suspended state resumes it; admitting a participating state is refused, as is
/// suspending a state that does not participate.
pub fn admit(from: Participation) -> Result<ParticipationChange, InvalidTransition> {
    match from {
        Participation::NotParticipating => Ok(ParticipationChange::Admitted),
        Participation::Suspended => Ok(ParticipationChange::Resumed),
        Participation::Participating => Err(InvalidTransition {
            from,
            wanted: "admitted",
        }),
    }
}

pub fn suspend(from: Participation) -> Result<ParticipationChange, InvalidTransition> {
    match from {
        Participation::Participating => Ok(ParticipationChange::Suspended),
        _ => Err(InvalidTransition {
            from,
            wanted: "suspended",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions() {
        use Participation::*;
        assert_eq!(admit(NotParticipating), Ok(ParticipationChange::Admitted));
        assert_eq!(admit(Suspended), Ok(ParticipationChange::Resumed));
        assert!(admit(Participating).is_err());
        assert_eq!(suspend(Participating), Ok(ParticipationChange::Suspended));
        assert!(suspend(Suspended).is_err());
        assert!(suspend(NotParticipating).is_err());
    }
}

/// One recorded transition of a state's participation, with who made it and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParticipationEvent {
    pub state: crate::states::StateCode,
    pub change: ParticipationChange,
    pub at: jiff::Timestamp,
    pub actor: String,
    pub reason: Option<String>,
}

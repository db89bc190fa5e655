//! The domain core of Liaison: typed values that cannot be invalid once built, the permission
//! policy, and the lifecycles of Annex A. No I/O happens here (ARCHITECTURE.md, invariant 6).

pub mod account;
pub mod audit;
pub mod clock;
pub mod codes;
pub mod contact;
pub mod error;
pub mod inquiry;
pub mod openpgp;
pub mod participation;
pub mod permission;
pub mod ping;
pub mod poc;
pub mod revision;
pub mod sealed;
pub mod states;
pub mod text;
pub mod thread;
pub mod token;

pub use clock::Clock;
pub use codes::{Availability, EntryLanguage, LanguageTag, PhoneType, PocKind, PocRole};
pub use error::{ErrorCode, FieldError, ValidationErrors};
pub use states::{RegionalGroup, State, StateCode};

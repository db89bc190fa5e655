//! Dates, times and numbers per language live in `liaison-i18n` (e-mails need them too); the
//! pages keep using them as `crate::format`.

pub use liaison_i18n::format::*;

//! The rules of web accounts (issue 3; A§7(c): logins are obtained through permanent missions):
//! one-time enrolment links, the password policy, session lifetimes and the throttling of
//! failed sign-ins. Rules only, decided from timestamps the caller passes in: hashing (argon2id,
//! SHA-256 of link and session secrets), storage and cookies belong to the app, store and web
//! layers.

use crate::codes::EntryLanguage;
use crate::contact::Email;
use crate::permission::Role;
use crate::states::StateCode;
use jiff::{SignedDuration, Timestamp};
use uuid::Uuid;

/// Shortest password accepted, in characters (issue 3: at least 12).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted: bounds the work an anonymous caller can make argon2 do.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// How long an enrolment link stays usable unless the issuer chooses otherwise.
pub const ENROLMENT_DEFAULT_VALIDITY: SignedDuration = SignedDuration::from_hours(7 * 24);
/// The longest validity an issuer may choose: a link is a bearer credential in someone's inbox.
pub const ENROLMENT_MAX_VALIDITY: SignedDuration = SignedDuration::from_hours(30 * 24);

/// A session ends after this long without a request…
pub const SESSION_IDLE_TIMEOUT: SignedDuration = SignedDuration::from_mins(30);
/// …and in any case this long after sign-in.
pub const SESSION_ABSOLUTE_TIMEOUT: SignedDuration = SignedDuration::from_hours(12);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordProblem {
    TooShort,
    TooLong,
    /// Control characters cannot be typed reliably and hide in copy-paste.
    ControlCharacter,
}

/// Check a new password against the policy. Length counts characters, not bytes, so a
/// password in Arabic or Chinese meets the same rule as one in English; any script is welcome.
pub fn check_new_password(password: &str) -> Result<(), PasswordProblem> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordProblem::TooLong);
    }
    if password.chars().any(char::is_control) {
        return Err(PasswordProblem::ControlCharacter);
    }
    Ok(())
}

/// A person who signs in to the web application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: Uuid,
    /// What the person types to sign in; see `normalise_login`.
    pub login: String,
    pub role: Role,
    /// `None` only for the directory administrator.
    pub state: Option<StateCode>,
    /// The entry a POC user acts for.
    pub poc: Option<Uuid>,
    pub display_name: String,
    /// An argon2id PHC string.
    pub password_hash: String,
    /// The base32 TOTP secret, when the user chose an authenticator app.
    pub totp_secret: Option<String>,
    pub created_at: Timestamp,
    pub disabled_at: Option<Timestamp>,
    /// Where Liaison writes to the person (ping escalations). Required at enrolment for state
    /// administrators and POC users; optional for the directory administrator, and absent on
    /// accounts made before it was asked.
    pub email: Option<Email>,
    /// The language of what Liaison writes to the person (one of the six).
    pub language: EntryLanguage,
}

/// Longest login accepted (an e-mail address fits).
pub const MAX_LOGIN_CHARS: usize = 254;

/// The one form of a login that is stored and compared: trimmed, NFC, lowercased. `None` when empty,
/// too long, or holding whitespace or control characters (it would not be typed the same twice).
pub fn normalise_login(raw: &str) -> Option<String> {
    use unicode_normalization::UnicodeNormalization;
    let login = raw.trim().nfc().collect::<String>().to_lowercase();
    let ok = !login.is_empty()
        && login.chars().count() <= MAX_LOGIN_CHARS
        && !login
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || crate::text::is_forbidden_char(c));
    ok.then_some(login)
}

/// A one-time link that lets a named person create an account with a given role. Only a hash
/// of the link's secret is kept; the secret is shown once, to the issuer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnrolmentLink {
    pub id: Uuid,
    pub secret_hash: String,
    /// `StateAdmin` or `Poc` when issued through the application; `Admin` only when made on
    /// the server host (`liaison account enrol-admin`, A§7(c)); never `Operator`.
    pub role: Role,
    /// The state of a state administrator or POC user; `None` for the directory administrator.
    pub state: Option<StateCode>,
    /// The entry a POC user will act for.
    pub poc: Option<Uuid>,
    /// The person the link is for, as the issuer named them.
    pub display_name: String,
    /// The person's address as the issuer gave it (prefills the enrolment form).
    pub email: Option<Email>,
    pub created_by: String,
    pub created_at: Timestamp,
    pub expires_at: Timestamp,
    pub used_at: Option<Timestamp>,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentStatus {
    Usable,
    Used,
    Expired,
    Revoked,
}

impl EnrolmentLink {
    /// Used and revoked win over expired: the reader is told what happened first.
    pub fn status_at(&self, now: Timestamp) -> EnrolmentStatus {
        if self.used_at.is_some() {
            EnrolmentStatus::Used
        } else if self.revoked_at.is_some() {
            EnrolmentStatus::Revoked
        } else if now >= self.expires_at {
            EnrolmentStatus::Expired
        } else {
            EnrolmentStatus::Usable
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnrolmentProblem {
    /// Only state administrators and POC users enrol through links.
    RoleNotEnrollable,
    /// A POC user must be bound to an entry; nobody else may be.
    PocBinding,
    /// Validity must be positive and at most `ENROLMENT_MAX_VALIDITY`.
    Validity,
}

/// The shape of a link an issuer asks for (who may issue it is `permission::authorize`'s
/// business: `EnrolStateAdmin`, `EnrolPocUser`). Returns the expiry time.
pub fn check_enrolment_request(
    role: Role,
    poc: Option<Uuid>,
    validity: Option<SignedDuration>,
    now: Timestamp,
) -> Result<Timestamp, EnrolmentProblem> {
    match (role, poc) {
        (Role::StateAdmin, None) | (Role::Poc, Some(_)) => {}
        (Role::StateAdmin | Role::Poc, _) => return Err(EnrolmentProblem::PocBinding),
        (Role::Admin | Role::Operator, _) => return Err(EnrolmentProblem::RoleNotEnrollable),
    }
    let validity = validity.unwrap_or(ENROLMENT_DEFAULT_VALIDITY);
    if validity <= SignedDuration::ZERO || validity > ENROLMENT_MAX_VALIDITY {
        return Err(EnrolmentProblem::Validity);
    }
    now.checked_add(validity)
        .map_err(|_| EnrolmentProblem::Validity)
}

/// The validity of a link for the directory administrator, made on the server host: the same
/// bounds as any other link.
pub fn check_admin_enrolment(
    validity: Option<SignedDuration>,
    now: Timestamp,
) -> Result<Timestamp, EnrolmentProblem> {
    let validity = validity.unwrap_or(ENROLMENT_DEFAULT_VALIDITY);
    if validity <= SignedDuration::ZERO || validity > ENROLMENT_MAX_VALIDITY {
        return Err(EnrolmentProblem::Validity);
    }
    now.checked_add(validity)
        .map_err(|_| EnrolmentProblem::Validity)
}

/// A WebAuthn passkey of a user, as stored: the credential id (URL-safe base64) and the
/// library's own serialisation of the public key and counter (`data`, JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPasskey {
    pub id: Uuid,
    pub user: Uuid,
    pub credential: String,
    pub name: String,
    pub data: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
}

/// Longest name a person may give a passkey.
pub const MAX_PASSKEY_NAME_CHARS: usize = 100;

/// A sign-in whose password was right, waiting for its second factor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingSignIn {
    pub user: Uuid,
    pub created_at: Timestamp,
    pub attempts: u32,
}

/// How long the second step of a sign-in may wait, and how many codes it may try.
pub const PENDING_SIGN_IN_VALIDITY: SignedDuration = SignedDuration::from_mins(5);
pub const PENDING_SIGN_IN_ATTEMPTS: u32 = 5;

/// Time-based one-time passwords (RFC 6238) as authenticator apps expect them.
pub const TOTP_DIGITS: usize = 6;
pub const TOTP_STEP_SECS: i64 = 30;
/// Codes of the step before and after the current one are accepted too (clock drift).
pub const TOTP_SKEW_STEPS: i64 = 1;

/// The time step of `now`.
pub fn totp_step(now: Timestamp) -> i64 {
    now.as_second().div_euclid(TOTP_STEP_SECS)
}

/// The steps a code typed at `now` may belong to, oldest first, leaving out those at or
/// before `last_used` (a code is accepted once: RFC 6238 §5.2).
pub fn totp_candidate_steps(now: Timestamp, last_used: Option<i64>) -> Vec<i64> {
    let step = totp_step(now);
    (step - TOTP_SKEW_STEPS..=step + TOTP_SKEW_STEPS)
        .filter(|s| last_used.is_none_or(|l| *s > l))
        .collect()
}

/// How many recovery codes a person gets; each works once instead of the second factor.
pub const RECOVERY_CODES: usize = 10;

/// What a person typed in the code field: a 6-digit TOTP code, or a recovery code (letters and
/// digits, with any spaces or dashes dropped and lowercased). `None` when it is neither.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecondFactorCode {
    Totp(String),
    Recovery(String),
}

pub fn parse_second_factor_code(raw: &str) -> Option<SecondFactorCode> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if compact.is_empty() || compact.chars().count() > 64 {
        return None;
    }
    if compact.len() == TOTP_DIGITS && compact.chars().all(|c| c.is_ascii_digit()) {
        return Some(SecondFactorCode::Totp(compact));
    }
    if compact.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Some(SecondFactorCode::Recovery(compact.to_ascii_lowercase()));
    }
    None
}

/// A signed-in browser. The cookie carries a random secret; the store keeps its hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub id_hash: String,
    pub user: Uuid,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionStatus {
    Active,
    /// No request for `SESSION_IDLE_TIMEOUT`.
    Idle,
    /// Older than `SESSION_ABSOLUTE_TIMEOUT`, however busy.
    Expired,
    /// Signed out (this session, or all of the user's sessions).
    Revoked,
}

impl Session {
    pub fn status_at(&self, now: Timestamp) -> SessionStatus {
        let ends = |from: Timestamp, after: SignedDuration| {
            // A timestamp that cannot be moved forward is at the end of time: expired.
            from.checked_add(after).map_or(true, |end| now >= end)
        };
        if self.revoked_at.is_some() {
            SessionStatus::Revoked
        } else if ends(self.created_at, SESSION_ABSOLUTE_TIMEOUT) {
            SessionStatus::Expired
        } else if ends(self.last_seen_at, SESSION_IDLE_TIMEOUT) {
            SessionStatus::Idle
        } else {
            SessionStatus::Active
        }
    }

    /// Whether a request at `now` should record itself in `last_seen_at`. Writing on every
    /// request would turn every page view into a database write; a minute's slack costs at most
    /// a minute of idle time.
    pub fn needs_touch(&self, now: Timestamp) -> bool {
        now.duration_since(self.last_seen_at) >= SignedDuration::from_mins(1)
    }
}

/// Failures allowed before any delay: a person mistyping twice is not slowed down.
pub const FREE_FAILURES: u32 = 3;
/// After this many consecutive failures the account (or address) waits `LOCKOUT` between tries.
pub const LOCKOUT_FAILURES: u32 = 10;
pub const LOCKOUT: SignedDuration = SignedDuration::from_mins(15);

/// Consecutive failed sign-ins of one account or from one address since its last success.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FailureRecord {
    pub failures: u32,
    pub last_failure_at: Timestamp,
}

impl FailureRecord {
    /// How long after the last failure the next attempt is refused without being checked:
    /// nothing for the first `FREE_FAILURES`, then 1 s, 2 s, 4 s… doubling, and `LOCKOUT`
    /// from `LOCKOUT_FAILURES` on. The same answer whether or not the account exists, so the
    /// delay tells an attacker nothing.
    pub fn delay(&self) -> SignedDuration {
        if self.failures < FREE_FAILURES {
            SignedDuration::ZERO
        } else if self.failures >= LOCKOUT_FAILURES {
            LOCKOUT
        } else {
            SignedDuration::from_secs(1_i64 << (self.failures - FREE_FAILURES))
        }
    }

    /// `Some(wait)` when an attempt at `now` must be refused for `wait` longer.
    pub fn retry_after(&self, now: Timestamp) -> Option<SignedDuration> {
        let wait = self.delay() - now.duration_since(self.last_failure_at);
        (wait > SignedDuration::ZERO).then_some(wait)
    }

    /// The record after one more failure at `now`.
    pub fn failed(record: Option<FailureRecord>, now: Timestamp) -> FailureRecord {
        FailureRecord {
            failures: record.map_or(1, |r| r.failures.saturating_add(1)),
            last_failure_at: now,
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn t0() -> Timestamp {
        "2026-01-05T09:00:00Z".parse().unwrap()
    }

    fn at(mins: i64) -> Timestamp {
        t0().checked_add(SignedDuration::from_mins(mins)).unwrap()
    }

    #[test]
    fn logins_have_one_form() {
        assert_eq!(
            normalise_login("  Camille.Martin@Diplomatie.FR.example "),
            Some("camille.martin@diplomatie.fr.example".into())
        );
        assert_eq!(normalise_login("أحمد"), Some("أحمد".into()));
        // A decomposed é and a composed one are the same login.
        assert_eq!(normalise_login("Rene\u{301}"), normalise_login("ren\u{e9}"));
        assert_eq!(normalise_login(""), None);
        assert_eq!(normalise_login("two words"), None);
        assert_eq!(normalise_login("bidi\u{202e}trick"), None);
        assert_eq!(normalise_login(&"a".repeat(MAX_LOGIN_CHARS + 1)), None);
    }

    #[test]
    fn password_policy() {
        assert_eq!(check_new_password("short"), Err(PasswordProblem::TooShort));
        assert_eq!(
            check_new_password("elevenchars"),
            Err(PasswordProblem::TooShort)
        );
        assert_eq!(check_new_password("twelve chars"), Ok(()));
        // Twelve Arabic letters are 24 bytes but twelve characters: accepted.
        assert_eq!(check_new_password("كلمةمرورقوية"), Ok(()));
        assert_eq!(check_new_password("密码密码密码密码密码密码"), Ok(()));
        assert_eq!(
            check_new_password("twelve chars\u{0007}"),
            Err(PasswordProblem::ControlCharacter)
        );
        assert_eq!(
            check_new_password(&"x".repeat(MAX_PASSWORD_CHARS + 1)),
            Err(PasswordProblem::TooLong)
        );
        assert_eq!(check_new_password(&"x".repeat(MAX_PASSWORD_CHARS)), Ok(()));
    }

    #[test]
    fn enrolment_requests() {
        let poc = Some(Uuid::new_v4());
        let week = check_enrolment_request(Role::StateAdmin, None, None, t0()).unwrap();
        assert_eq!(week.duration_since(t0()), SignedDuration::from_hours(168));
        assert!(check_enrolment_request(Role::Poc, poc, None, t0()).is_ok());
        assert_eq!(
            check_enrolment_request(Role::Poc, None, None, t0()),
            Err(EnrolmentProblem::PocBinding)
        );
        assert_eq!(
            check_enrolment_request(Role::StateAdmin, poc, None, t0()),
            Err(EnrolmentProblem::PocBinding)
        );
        for role in [Role::Admin, Role::Operator] {
            assert_eq!(
                check_enrolment_request(role, None, None, t0()),
                Err(EnrolmentProblem::RoleNotEnrollable)
            );
        }
        for bad in [
            SignedDuration::ZERO,
            SignedDuration::from_secs(-1),
            ENROLMENT_MAX_VALIDITY + SignedDuration::from_secs(1),
        ] {
            assert_eq!(
                check_enrolment_request(Role::StateAdmin, None, Some(bad), t0()),
                Err(EnrolmentProblem::Validity)
            );
        }
    }

    #[test]
    fn enrolment_link_lifecycle() {
        let mut link = EnrolmentLink {
            id: Uuid::new_v4(),
            secret_hash: "h".into(),
            role: Role::StateAdmin,
            state: StateCode::parse("FR"),
            poc: None,
            display_name: "Camille Martin".into(),
            email: None,
            created_by: "user:admin".into(),
            created_at: t0(),
            expires_at: at(7 * 24 * 60),
            used_at: None,
            revoked_at: None,
        };
        assert_eq!(link.status_at(at(0)), EnrolmentStatus::Usable);
        assert_eq!(link.status_at(at(7 * 24 * 60 - 1)), EnrolmentStatus::Usable);
        assert_eq!(link.status_at(at(7 * 24 * 60)), EnrolmentStatus::Expired);
        link.used_at = Some(at(5));
        assert_eq!(link.status_at(at(6)), EnrolmentStatus::Used);
        assert_eq!(link.status_at(at(8 * 24 * 60)), EnrolmentStatus::Used);
        link.used_at = None;
        link.revoked_at = Some(at(5));
        assert_eq!(link.status_at(at(6)), EnrolmentStatus::Revoked);
    }

    #[test]
    fn session_timeouts() {
        let mut s = Session {
            id_hash: "h".into(),
            user: Uuid::new_v4(),
            created_at: t0(),
            last_seen_at: t0(),
            revoked_at: None,
        };
        assert_eq!(s.status_at(at(29)), SessionStatus::Active);
        assert_eq!(s.status_at(at(30)), SessionStatus::Idle);
        // Busy all day: still ends 12 hours after sign-in.
        s.last_seen_at = at(12 * 60 - 5);
        assert_eq!(s.status_at(at(12 * 60 - 1)), SessionStatus::Active);
        assert_eq!(s.status_at(at(12 * 60)), SessionStatus::Expired);
        s.revoked_at = Some(at(1));
        assert_eq!(s.status_at(at(2)), SessionStatus::Revoked);

        s.last_seen_at = t0();
        assert!(!s.needs_touch(at(0)));
        assert!(s.needs_touch(at(1)));
    }

    #[test]
    fn totp_steps_and_codes() {
        let t: Timestamp = "2026-01-05T09:00:45Z".parse().unwrap();
        let step = totp_step(t);
        assert_eq!(step, t.as_second() / 30);
        assert_eq!(
            totp_candidate_steps(t, None),
            vec![step - 1, step, step + 1]
        );
        assert_eq!(totp_candidate_steps(t, Some(step)), vec![step + 1]);
        assert!(totp_candidate_steps(t, Some(step + 1)).is_empty());
        assert_eq!(
            parse_second_factor_code(" 123 456 "),
            Some(SecondFactorCode::Totp("123456".into()))
        );
        assert_eq!(
            parse_second_factor_code("ABCD-efgh-2345"),
            Some(SecondFactorCode::Recovery("abcdefgh2345".into()))
        );
        assert_eq!(parse_second_factor_code(""), None);
        assert_eq!(parse_second_factor_code("12345é"), None);
        assert!(check_admin_enrolment(None, t0()).is_ok());
        assert_eq!(
            check_admin_enrolment(Some(SignedDuration::ZERO), t0()),
            Err(EnrolmentProblem::Validity)
        );
    }

    #[test]
    fn failed_sign_ins_slow_down_then_lock() {
        let mut r: Option<FailureRecord> = None;
        let mut delays = Vec::new();
        for _ in 0..12 {
            let next = FailureRecord::failed(r, t0());
            delays.push(next.delay().as_secs());
            r = Some(next);
        }
        assert_eq!(delays, [0, 0, 1, 2, 4, 8, 16, 32, 64, 900, 900, 900]);

        let locked = r.unwrap();
        assert_eq!(locked.retry_after(at(0)), Some(LOCKOUT));
        assert_eq!(
            locked.retry_after(at(14)),
            Some(SignedDuration::from_mins(1))
        );
        assert_eq!(locked.retry_after(at(15)), None);

        let two = FailureRecord {
            failures: 2,
            last_failure_at: t0(),
        };
        assert_eq!(two.retry_after(t0()), None);
    }
}

//! Web accounts, first use cases (issue 3): issuing, looking up and revoking one-time
//! enrolment links (A§7(c): logins are obtained through the permanent missions, so the
//! administrator — or a state's own administrator — hands each person a link; the directory
//! administrator's own link is made on the server host). Completing an enrolment, signing in
//! and second factors are in `auth.rs`.

use crate::tokens::hash_secret;
use crate::{AppError, Liaison};
use base64::Engine;
use jiff::SignedDuration;
use liaison_core::account::{
    EnrolmentLink, EnrolmentProblem, EnrolmentStatus, check_admin_enrolment,
    check_enrolment_request,
};
use liaison_core::audit::AuditEvent;
use liaison_core::participation::Participation;
use liaison_core::permission::{Action, Principal, Role, authorize};
use liaison_core::poc::PocStatus;
use liaison_core::states::StateCode;
use liaison_core::text::{CleanText, Cleaned};
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use liaison_store::Change;
use rand::RngCore;
use serde_json::json;
use uuid::Uuid;

/// Longest name an issuer may give the person a link is for.
pub const MAX_DISPLAY_NAME_CHARS: usize = 200;
const ENROLMENT_PREFIX: &str = "lsn_enrol_";

/// A link just issued: the secret goes into the URL shown once to the issuer, never stored.
pub struct IssuedEnrolment {
    pub link: EnrolmentLink,
    pub secret: String,
}

fn invalid(field: &str, code: ErrorCode) -> AppError {
    AppError::Invalid(ValidationErrors::single(FieldError::new(field, code)))
}

impl Liaison {
    /// Issue a one-time enrolment link for a state administrator (by the directory
    /// administrator or the state's own administrator) or a POC user bound to one of the
    /// state's active entries (by the state's administrator). The state must participate.
    pub async fn issue_enrolment(
        &self,
        p: &Principal,
        role: Role,
        state: StateCode,
        poc: Option<Uuid>,
        display_name: &str,
        valid_for: Option<SignedDuration>,
    ) -> Result<IssuedEnrolment, AppError> {
        self.issue_enrolment_with_email(p, role, state, poc, display_name, None, valid_for)
            .await
    }

    /// The same, with the person's address as the issuer knows it: it prefills the
    /// enrolment form (the person confirms or corrects it there).
    #[allow(clippy::too_many_arguments)]
    pub async fn issue_enrolment_with_email(
        &self,
        p: &Principal,
        role: Role,
        state: StateCode,
        poc: Option<Uuid>,
        display_name: &str,
        email: Option<liaison_core::contact::Email>,
        valid_for: Option<SignedDuration>,
    ) -> Result<IssuedEnrolment, AppError> {
        let action = match role {
            Role::StateAdmin => Action::EnrolStateAdmin { state },
            Role::Poc => Action::EnrolPocUser { state },
            Role::Admin | Role::Operator => return Err(invalid("role", ErrorCode::InvalidRole)),
        };
        authorize(p, action)?;
        let display_name =
            match CleanText::parse("display_name", display_name, MAX_DISPLAY_NAME_CHARS)
                .map_err(ValidationErrors::single)?
            {
                Cleaned::Value(v) => v,
                Cleaned::Blank => return Err(invalid("display_name", ErrorCode::Required)),
            };
        let now = self.now();
        let expires_at =
            check_enrolment_request(role, poc, valid_for, now).map_err(|e| match e {
                EnrolmentProblem::RoleNotEnrollable => invalid("role", ErrorCode::InvalidRole),
                EnrolmentProblem::PocBinding if role == Role::Poc => {
                    invalid("poc", ErrorCode::Required)
                }
                EnrolmentProblem::PocBinding => invalid("poc", ErrorCode::UnknownField),
                EnrolmentProblem::Validity => invalid("valid_for", ErrorCode::TooLong),
            })?;
        if self.read_dir().participation(state).0 != Participation::Participating {
            return Err(AppError::StateNotParticipating);
        }
        if let Some(id) = poc {
            // Bound to an active entry of the same state: a state cannot hand out access to
            // another state's entry.
            let entry = self.read_dir().get(&id).ok_or(AppError::NotFound)?;
            if entry.content.state != state {
                return Err(invalid("poc", ErrorCode::StateMismatch));
            }
            if entry.status != PocStatus::Active {
                return Err(AppError::Retired);
            }
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        let secret = format!(
            "{ENROLMENT_PREFIX}{}",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
        );
        let link = EnrolmentLink {
            id: Uuid::new_v4(),
            secret_hash: hash_secret(&secret),
            role,
            state: Some(state),
            poc,
            display_name: display_name.as_str().to_owned(),
            email,
            created_by: p.actor.clone(),
            created_at: now,
            expires_at,
            used_at: None,
            revoked_at: None,
        };
        let event = AuditEvent {
            actor: p.actor.clone(),
            action: "enrolment.issue".into(),
            state: Some(state.as_str().to_owned()),
            subject: Some(link.id.to_string()),
            // The name is personal data but the audit log is where "who let whom in" belongs.
            detail: json!({"role": role.as_str(), "poc": poc, "display_name": link.display_name,
                           "expires_at": expires_at.to_string()}),
        };
        self.store
            .apply(
                vec![Change::InsertEnrolment(Box::new(link.clone()))],
                vec![event],
                now,
            )
            .await?;
        Ok(IssuedEnrolment { link, secret })
    }

    /// A link for a directory administrator, made on the server host (A§7(c): the
    /// administrator's own account is set up there, not through the application). `actor` is
    /// the host operator as the audit log names them.
    pub async fn issue_admin_enrolment(
        &self,
        actor: &str,
        display_name: &str,
        valid_for: Option<SignedDuration>,
    ) -> Result<IssuedEnrolment, AppError> {
        let display_name =
            match CleanText::parse("display_name", display_name, MAX_DISPLAY_NAME_CHARS)
                .map_err(ValidationErrors::single)?
            {
                Cleaned::Value(v) => v,
                Cleaned::Blank => return Err(invalid("display_name", ErrorCode::Required)),
            };
        let now = self.now();
        let expires_at = check_admin_enrolment(valid_for, now)
            .map_err(|_| invalid("valid_for", ErrorCode::TooLong))?;
        let secret = crate::sessions::new_secret(ENROLMENT_PREFIX);
        let link = EnrolmentLink {
            id: Uuid::new_v4(),
            secret_hash: hash_secret(&secret),
            role: Role::Admin,
            state: None,
            poc: None,
            display_name: display_name.as_str().to_owned(),
            email: None,
            created_by: actor.to_owned(),
            created_at: now,
            expires_at,
            used_at: None,
            revoked_at: None,
        };
        let event = AuditEvent {
            actor: actor.to_owned(),
            action: "enrolment.issue".into(),
            state: None,
            subject: Some(link.id.to_string()),
            detail: json!({"role": Role::Admin.as_str(), "display_name": link.display_name,
                           "expires_at": expires_at.to_string()}),
        };
        self.store
            .apply(
                vec![Change::InsertEnrolment(Box::new(link.clone()))],
                vec![event],
                now,
            )
            .await?;
        Ok(IssuedEnrolment { link, secret })
    }

    /// The link behind a secret from a URL, with its status now. `NotFound` for an unknown
    /// secret; the caller shows used, expired and revoked links as such (the person then asks
    /// for a new one).
    pub async fn enrolment_link(
        &self,
        secret: &str,
    ) -> Result<(EnrolmentLink, EnrolmentStatus), AppError> {
        if !secret.starts_with(ENROLMENT_PREFIX) || secret.len() > 128 {
            return Err(AppError::NotFound);
        }
        let link = self
            .store
            .enrolment_by_hash(&hash_secret(secret))
            .await?
            .ok_or(AppError::NotFound)?;
        let status = link.status_at(self.now());
        Ok((link, status))
    }

    /// Withdraw an unused link. Whoever may issue a link for that state and role may revoke it.
    pub async fn revoke_enrolment(
        &self,
        p: &Principal,
        link: &EnrolmentLink,
    ) -> Result<(), AppError> {
        // Links for the directory administrator are made and withdrawn on the host only.
        let Some(state) = link.state else {
            return Err(AppError::NotFound);
        };
        let action = match link.role {
            Role::Poc => Action::EnrolPocUser { state },
            _ => Action::EnrolStateAdmin { state },
        };
        authorize(p, action)?;
        let now = self.now();
        let event = AuditEvent {
            actor: p.actor.clone(),
            action: "enrolment.revoke".into(),
            state: Some(state.as_str().to_owned()),
            subject: Some(link.id.to_string()),
            detail: json!({}),
        };
        self.store
            .apply(
                vec![Change::RevokeEnrolment {
                    id: link.id,
                    at: now,
                }],
                vec![event],
                now,
            )
            .await
            .map_err(|e| match e {
                liaison_store::StoreError::NotFound(_) => AppError::NotFound,
                e => AppError::Store(e),
            })?;
        Ok(())
    }
}

//! Validation errors: a stable machine-readable code, the offending field, and arguments for the
//! translated message. Adapters translate `ErrorCode::key()` with Fluent; nothing here is English
//! prose meant for users.

use serde::Serialize;

/// Why a value from outside was refused. The string form is part of the public API: never
/// rename a variant's `as_str` value, only add new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidJson,
    InvalidUtf8,
    NotAnObject,
    UnknownField,
    Required,
    WrongType,
    TooLong,
    TooMany,
    ForbiddenCharacter,
    InvalidUuid,
    UnknownState,
    NotAUnState,
    InvalidRole,
    InvalidKind,
    InvalidPhone,
    InvalidPhoneType,
    InvalidEmail,
    InvalidLanguage,
    InvalidEntryLanguage,
    NoContact,
    NotAllowedForEntity,
    InvalidTimeZone,
    InvalidAvailability,
    InvalidOpenpgpKey,
    DuplicateId,
    LineTooLong,
    StateMismatch,
    IdMismatch,
    InvalidFlag,
    // Threads, their messages and templates (issue 5).
    UnknownRecipient,
    RecipientUnavailable,
    DuplicateRecipient,
    InvalidCiphertext,
    NotEncryptedToRecipient,
    NotEncryptedToSender,
    EncryptedToOutsider,
    SenderHasNoKey,
    InvalidChoice,
    InvalidTimestamp,
    InvalidRespondBy,
    InvalidStix,
    InvalidTemplate,
    InvalidKeyBlob,
    KeyCannotEncrypt,
    KeyExpired,
    InvalidDevice,
    TargetIsParticipant,
}

impl ErrorCode {
    pub const ALL: &'static [ErrorCode] = &[
        Self::InvalidJson,
        Self::InvalidUtf8,
        Self::NotAnObject,
        Self::UnknownField,
        Self::Required,
        Self::WrongType,
        Self::TooLong,
        Self::TooMany,
        Self::ForbiddenCharacter,
        Self::InvalidUuid,
        Self::UnknownState,
        Self::NotAUnState,
        Self::InvalidRole,
        Self::InvalidKind,
        Self::InvalidPhone,
        Self::InvalidPhoneType,
        Self::InvalidEmail,
        Self::InvalidLanguage,
        Self::InvalidEntryLanguage,
        Self::NoContact,
        Self::NotAllowedForEntity,
        Self::InvalidTimeZone,
        Self::InvalidAvailability,
        Self::InvalidOpenpgpKey,
        Self::DuplicateId,
        Self::LineTooLong,
        Self::StateMismatch,
        Self::IdMismatch,
        Self::InvalidFlag,
        Self::UnknownRecipient,
        Self::RecipientUnavailable,
        Self::DuplicateRecipient,
        Self::InvalidCiphertext,
        Self::NotEncryptedToRecipient,
        Self::NotEncryptedToSender,
        Self::EncryptedToOutsider,
        Self::SenderHasNoKey,
        Self::InvalidChoice,
        Self::InvalidTimestamp,
        Self::InvalidRespondBy,
        Self::InvalidStix,
        Self::InvalidTemplate,
        Self::InvalidKeyBlob,
        Self::KeyCannotEncrypt,
        Self::KeyExpired,
        Self::InvalidDevice,
        Self::TargetIsParticipant,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::InvalidJson => "invalid_json",
            Self::InvalidUtf8 => "invalid_utf8",
            Self::NotAnObject => "not_an_object",
            Self::UnknownField => "unknown_field",
            Self::Required => "required",
            Self::WrongType => "wrong_type",
            Self::TooLong => "too_long",
            Self::TooMany => "too_many",
            Self::ForbiddenCharacter => "forbidden_character",
            Self::InvalidUuid => "invalid_uuid",
            Self::UnknownState => "unknown_state",
            Self::NotAUnState => "not_a_un_state",
            Self::InvalidRole => "invalid_role",
            Self::InvalidKind => "invalid_kind",
            Self::InvalidPhone => "invalid_phone",
            Self::InvalidPhoneType => "invalid_phone_type",
            Self::InvalidEmail => "invalid_email",
            Self::InvalidLanguage => "invalid_language",
            Self::InvalidEntryLanguage => "invalid_entry_language",
            Self::NoContact => "no_contact",
            Self::NotAllowedForEntity => "not_allowed_for_entity",
            Self::InvalidTimeZone => "invalid_time_zone",
            Self::InvalidAvailability => "invalid_availability",
            Self::InvalidOpenpgpKey => "invalid_openpgp_key",
            Self::DuplicateId => "duplicate_id",
            Self::LineTooLong => "line_too_long",
            Self::StateMismatch => "state_mismatch",
            Self::IdMismatch => "id_mismatch",
            Self::InvalidFlag => "invalid_flag",
            Self::UnknownRecipient => "unknown_recipient",
            Self::RecipientUnavailable => "recipient_unavailable",
            Self::DuplicateRecipient => "duplicate_recipient",
            Self::InvalidCiphertext => "invalid_ciphertext",
            Self::NotEncryptedToRecipient => "not_encrypted_to_recipient",
            Self::NotEncryptedToSender => "not_encrypted_to_sender",
            Self::EncryptedToOutsider => "encrypted_to_outsider",
            Self::SenderHasNoKey => "sender_has_no_key",
            Self::InvalidChoice => "invalid_choice",
            Self::InvalidTimestamp => "invalid_timestamp",
            Self::InvalidRespondBy => "invalid_respond_by",
            Self::InvalidStix => "invalid_stix",
            Self::InvalidTemplate => "invalid_template",
            Self::InvalidKeyBlob => "invalid_key_blob",
            Self::KeyCannotEncrypt => "key_cannot_encrypt",
            Self::KeyExpired => "key_expired",
            Self::InvalidDevice => "invalid_device",
            Self::TargetIsParticipant => "target_is_participant",
        }
    }

    /// The Fluent message id that explains this code to a person.
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }
}

/// One refused field. `field` is a JSON path such as `phones[1]` or `translation_en.title`;
/// `detail` carries a short machine-readable argument (a limit, the refused character's code
/// point) that translated messages may show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    pub code: ErrorCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl FieldError {
    pub fn new(field: impl Into<String>, code: ErrorCode) -> Self {
        Self {
            field: field.into(),
            code,
            detail: None,
        }
    }
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// All the problems found in one input, so a form can show every error at once.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, thiserror::Error)]
#[error("{} invalid field(s), first: {}", .0.len(), .0.first().map(|e| e.field.as_str()).unwrap_or(""))]
pub struct ValidationErrors(pub Vec<FieldError>);

impl ValidationErrors {
    pub fn single(e: FieldError) -> Self {
        Self(vec![e])
    }
    pub fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn first(&self) -> Option<&FieldError> {
        self.0.first()
    }
}

//! The one error type of the crate. Messages are for developers and logs; adapters map each
//! variant to a stable code and a translated message (as `liaison-web/src/error.rs` does for the
//! rest of Liaison). No variant carries secret material or plaintext.

use liaison_core::openpgp::OpenPgpKeyError;

/// Which input a size or format error is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    PublicKey,
    SecretKey,
    Message,
    Plaintext,
    Signature,
    SignedData,
    Passphrase,
    UserId,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Input::PublicKey => "public key",
            Input::SecretKey => "secret key",
            Input::Message => "message",
            Input::Plaintext => "plaintext",
            Input::Signature => "signature",
            Input::SignedData => "signed data",
            Input::Passphrase => "passphrase",
            Input::UserId => "user ID",
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// An input is over its limit (see [`crate::limits`]); nothing of it was parsed.
    #[error("{what} is larger than allowed ({limit} bytes)")]
    TooLarge { what: Input, limit: usize },
    /// Not the expected ASCII-armored block (e.g. a key where a message was expected).
    #[error("not an ASCII-armored OpenPGP {what}")]
    NotArmored { what: Input },
    /// The packets do not parse, or do not form what was expected.
    #[error("the {what} could not be parsed")]
    Malformed { what: Input },
    /// A public key that the directory would refuse (same rules as a published key).
    #[error("public key refused: {0}")]
    PublicKey(#[from] OpenPgpKeyError),
    /// A key version, algorithm or protection this crate does not use.
    #[error("unsupported key: {0}")]
    UnsupportedKey(&'static str),
    #[error("the passphrase is wrong")]
    WrongPassphrase,
    /// A new passphrase does not meet the policy (the same as for account passwords).
    #[error("the passphrase does not meet the policy ({0})")]
    WeakPassphrase(&'static str),
    /// The name, entity or e-mail of a new key cannot form a user ID.
    #[error("invalid user ID: {0}")]
    InvalidUserId(&'static str),
    /// A new key's expiry is not after its creation, or does not fit OpenPGP's 32-bit times.
    #[error("invalid key validity")]
    InvalidValidity,
    /// The secret key is not the one behind the given published public key.
    #[error("the secret key ({secret}) does not match the published key ({published})")]
    KeyMismatch { secret: String, published: String },
    /// The key (primary) has expired at the time of the operation.
    #[error("key {fingerprint} has expired")]
    KeyExpired { fingerprint: String },
    /// A recipient key has no valid, unexpired, unrevoked encryption-capable (sub)key.
    #[error("key {fingerprint} has no usable encryption key")]
    CannotEncrypt { fingerprint: String },
    /// The key has no valid signing-capable (sub)key.
    #[error("key {fingerprint} has no usable signing key")]
    CannotSign { fingerprint: String },
    #[error("a message needs at least one recipient")]
    NoRecipients,
    #[error("too many recipients (at most {limit})")]
    TooManyRecipients { limit: usize },
    /// The message is not encrypted (a message between POCs always is).
    #[error("the message is not encrypted")]
    NotEncrypted,
    /// None of the message's encrypted session keys is for this key.
    #[error("the message is not encrypted to this key")]
    NotForThisKey,
    /// The ciphertext was altered or is corrupt: the integrity check (MDC or AEAD tag) failed, or
    /// the decrypted packets are not a message.
    #[error("the message failed its integrity check")]
    IntegrityFailure,
    /// Unprotected (no MDC) encryption, or another construction refused for safety.
    #[error("the message uses a construction that is refused: {0}")]
    InsecureMessage(&'static str),
    /// The signature does not verify with the given key (detached signatures, archives).
    #[error("the signature does not verify")]
    BadSignature,
    /// The signature was made by another key than the one given.
    #[error("the signature was not made by this key")]
    WrongSigner,
    /// rPGP failed while producing output from valid inputs (should not happen).
    #[error("OpenPGP operation failed")]
    Internal,
}

impl Error {
    pub(crate) fn internal(_: pgp::errors::Error) -> Self {
        Error::Internal
    }
}

//! The records archive (issue 5 item 8; Annex A §11, COM-12): a POC's complete record of its
//! exchanges, decrypted on its own device, signed with its own key, verifiable later by anyone
//! holding the POC's public key. Specified in `docs/records-archive.md`.
//!
//! Two files: the manifest (`records.json`, canonical JSON, [`RecordsArchive`]) and a detached
//! OpenPGP signature over its exact bytes (`records.json.asc`). The manifest carries each
//! message twice — the armored OpenPGP message as the server relayed it, and the plaintext as the
//! exporting POC read it — each with its SHA-256, so a reader can re-decrypt and compare, or check
//! the plaintext without a key. A later HTML rendering is made from a [`VerifiedArchive`], never
//! from unverified bytes.

use jiff::Timestamp;
use liaison_core::{PocRole, StateCode};
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use uuid::Uuid;

use crate::error::{Error, Input};
use crate::keys::{PublicKey, UnlockedKey};
use crate::limits::{MAX_ARCHIVE_MANIFEST_BYTES, MAX_MESSAGE_ARMOR_BYTES, MAX_PLAINTEXT_BYTES};
use crate::message::{Decrypted, SignatureStatus};
use crate::signature::VerifiedSignature;

/// The value of the manifest's `format` field.
pub const FORMAT: &str = "liaison-records-archive";
/// The manifest version this crate writes and reads.
pub const VERSION: u32 = 1;
/// Longest identifier (thread or message id, message kind, thread status) in a manifest.
pub const MAX_ID_CHARS: usize = 128;

/// The manifest. Field order is the order of the canonical encoding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordsArchive {
    /// Always [`FORMAT`].
    pub format: String,
    /// Always [`VERSION`] for this crate.
    pub version: u32,
    pub exported_at: Timestamp,
    /// The program that wrote the archive, e.g. `liaison 0.1.0`.
    pub generator: String,
    /// The exporting POC; its key signs the archive.
    pub poc: ArchivePoc,
    pub threads: Vec<ArchiveThread>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchivePoc {
    pub id: Uuid,
    pub state: StateCode,
    pub role: PocRole,
    pub entity_name: String,
    /// The fingerprint of the key that signs the archive (upper-case hex).
    pub key_fingerprint: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveThread {
    pub id: String,
    /// Exercise threads are labelled as such in every rendering (issue 5 item 10).
    pub exercise: bool,
    /// The thread's state at export: `sent`, `delivered`, `acknowledged`, `responded`, `closed`.
    pub status: String,
    pub opened_at: Timestamp,
    pub participants: Vec<ArchiveParticipant>,
    pub messages: Vec<ArchiveMessage>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveParticipant {
    pub poc_id: Uuid,
    pub state: StateCode,
    pub role: PocRole,
    pub entity_name: String,
    /// The key the participant had when the thread was exported, if any.
    pub key_fingerprint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveMessage {
    pub id: String,
    /// `inquiry`, `response`, `acknowledgement`, `note`… (the thread model's vocabulary).
    pub kind: String,
    pub sent_at: Timestamp,
    pub sender_poc_id: Uuid,
    /// The ASCII-armored OpenPGP message exactly as the server relayed it.
    pub openpgp_message: String,
    /// SHA-256 of `openpgp_message`'s UTF-8 bytes, lower-case hex.
    pub openpgp_message_sha256: String,
    /// The plaintext as the exporting POC decrypted it (UTF-8); null when it could not decrypt.
    pub plaintext: Option<String>,
    /// SHA-256 of `plaintext`'s UTF-8 bytes, lower-case hex; null with it.
    pub plaintext_sha256: Option<String>,
    /// The message's signature as checked when the POC decrypted it.
    pub signature: ArchiveSignatureStatus,
}

/// [`SignatureStatus`] as recorded in the manifest, plus "could not decrypt".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case", deny_unknown_fields)]
pub enum ArchiveSignatureStatus {
    Valid {
        signer_fingerprint: String,
        signed_at: Option<Timestamp>,
    },
    Invalid {
        signer_fingerprint: String,
    },
    UnknownSigner {
        issuer: String,
    },
    Unsigned,
    NotDecrypted,
}

impl From<&SignatureStatus> for ArchiveSignatureStatus {
    fn from(status: &SignatureStatus) -> Self {
        match status {
            SignatureStatus::Valid {
                signer_fingerprint,
                signed_at,
            } => ArchiveSignatureStatus::Valid {
                signer_fingerprint: signer_fingerprint.clone(),
                signed_at: *signed_at,
            },
            SignatureStatus::Invalid { signer_fingerprint } => ArchiveSignatureStatus::Invalid {
                signer_fingerprint: signer_fingerprint.clone(),
            },
            SignatureStatus::UnknownSigner { issuer } => ArchiveSignatureStatus::UnknownSigner {
                issuer: issuer.clone(),
            },
            SignatureStatus::Unsigned => ArchiveSignatureStatus::Unsigned,
        }
    }
}

impl ArchiveMessage {
    /// A message entry from what the server relayed and what the POC's device made of it
    /// (`None`: it could not be decrypted). The hashes are computed here.
    pub fn new(
        id: impl Into<String>,
        kind: impl Into<String>,
        sent_at: Timestamp,
        sender_poc_id: Uuid,
        openpgp_message: impl Into<String>,
        decrypted: Option<&Decrypted>,
    ) -> Result<Self, ArchiveError> {
        let openpgp_message = openpgp_message.into();
        let (plaintext, signature) = match decrypted {
            Some(d) => {
                let text = String::from_utf8(d.plaintext.clone())
                    .map_err(|_| ArchiveError::PlaintextNotUtf8)?;
                (Some(text), ArchiveSignatureStatus::from(&d.signature))
            }
            None => (None, ArchiveSignatureStatus::NotDecrypted),
        };
        Ok(ArchiveMessage {
            id: id.into(),
            kind: kind.into(),
            sent_at,
            sender_poc_id,
            openpgp_message_sha256: sha256_hex(openpgp_message.as_bytes()),
            openpgp_message,
            plaintext_sha256: plaintext.as_deref().map(|p| sha256_hex(p.as_bytes())),
            plaintext,
            signature,
        })
    }
}

/// Why an archive is refused, when built or when verified.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ArchiveError {
    #[error("the manifest is larger than allowed ({limit} bytes)")]
    TooLarge { limit: usize },
    /// The detached signature is missing, malformed, or does not verify with the key.
    #[error("archive signature: {0}")]
    Signature(Error),
    /// The manifest is not JSON of the expected shape.
    #[error("the manifest is not a records archive: {0}")]
    Malformed(String),
    /// The manifest parses but is not byte-for-byte its canonical encoding.
    #[error("the manifest is not in canonical form")]
    NotCanonical,
    #[error("unsupported archive format or version")]
    UnsupportedVersion,
    /// The manifest names another key than the one that signed it.
    #[error("the manifest's POC key ({manifest}) is not the signing key ({signer})")]
    WrongKey { manifest: String, signer: String },
    /// An embedded message or plaintext does not match its recorded hash, or its hash is
    /// missing or present where it must not be.
    #[error("thread {thread}, message {message}: {what} does not match its SHA-256")]
    HashMismatch {
        thread: String,
        message: String,
        what: &'static str,
    },
    /// An embedded OpenPGP message is not an armored message, or a field is over its limit.
    #[error("thread {thread}, message {message}: {what}")]
    BadMessage {
        thread: String,
        message: String,
        what: &'static str,
    },
    /// A decrypted plaintext is not UTF-8 text (bodies are UTF-8 JSON or text).
    #[error("a plaintext is not UTF-8")]
    PlaintextNotUtf8,
}

/// The two files of an archive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedArchive {
    /// `records.json`: the canonical manifest bytes.
    pub manifest: Vec<u8>,
    /// `records.json.asc`: the armored detached signature over `manifest`.
    pub signature: String,
}

/// An archive whose signature and hashes were checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedArchive {
    pub archive: RecordsArchive,
    pub signature: VerifiedSignature,
}

impl RecordsArchive {
    /// A new, empty archive of `poc`, exported at `exported_at`.
    pub fn new(poc: ArchivePoc, exported_at: Timestamp) -> Self {
        RecordsArchive {
            format: FORMAT.to_owned(),
            version: VERSION,
            exported_at,
            generator: concat!("liaison ", env!("CARGO_PKG_VERSION")).to_owned(),
            poc,
            threads: Vec::new(),
        }
    }

    /// The canonical encoding: compact JSON (no insignificant whitespace), fields in declaration
    /// order, strings as UTF-8 with only `"`, `\` and control characters escaped, timestamps in
    /// RFC 3339 UTC, no trailing newline.
    pub fn to_canonical_bytes(&self) -> Result<Vec<u8>, ArchiveError> {
        serde_json::to_vec(self).map_err(|e| ArchiveError::Malformed(e.to_string()))
    }

    /// Checks what verification checks, apart from the signature.
    fn check_contents(&self) -> Result<(), ArchiveError> {
        if self.format != FORMAT || self.version != VERSION {
            return Err(ArchiveError::UnsupportedVersion);
        }
        for thread in &self.threads {
            for message in &thread.messages {
                check_message(thread, message)?;
            }
        }
        Ok(())
    }
}

fn check_message(thread: &ArchiveThread, message: &ArchiveMessage) -> Result<(), ArchiveError> {
    let bad = |what| ArchiveError::BadMessage {
        thread: clip(&thread.id),
        message: clip(&message.id),
        what,
    };
    let mismatch = |what| ArchiveError::HashMismatch {
        thread: clip(&thread.id),
        message: clip(&message.id),
        what,
    };
    for id in [&thread.id, &thread.status, &message.id, &message.kind] {
        if id.chars().count() > MAX_ID_CHARS {
            return Err(bad("an identifier is longer than 128 characters"));
        }
    }
    if message.openpgp_message.len() > MAX_MESSAGE_ARMOR_BYTES {
        return Err(bad("the OpenPGP message is larger than allowed"));
    }
    if sha256_hex(message.openpgp_message.as_bytes()) != message.openpgp_message_sha256 {
        return Err(mismatch("the OpenPGP message"));
    }
    let text = message.openpgp_message.trim();
    if !text.starts_with("-----BEGIN PGP MESSAGE-----")
        || !text.ends_with("-----END PGP MESSAGE-----")
    {
        return Err(bad("not an armored OpenPGP message"));
    }
    match (&message.plaintext, &message.plaintext_sha256) {
        (Some(plaintext), Some(hash)) => {
            if plaintext.len() > MAX_PLAINTEXT_BYTES {
                return Err(bad("the plaintext is larger than allowed"));
            }
            if sha256_hex(plaintext.as_bytes()) != *hash {
                return Err(mismatch("the plaintext"));
            }
            if message.signature == ArchiveSignatureStatus::NotDecrypted {
                return Err(bad(
                    "a plaintext is recorded for a message marked not decrypted",
                ));
            }
        }
        (None, None) => {
            if message.signature != ArchiveSignatureStatus::NotDecrypted {
                return Err(bad("a decrypted message has no plaintext"));
            }
        }
        _ => {
            return Err(mismatch(
                "the plaintext (hash without text, or text without hash)",
            ));
        }
    }
    Ok(())
}

/// Identifiers quoted in errors are cut short: they come from the (possibly hostile) archive.
fn clip(id: &str) -> String {
    id.chars().take(MAX_ID_CHARS).collect()
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Signs an archive with the exporting POC's key at time `at`: checks its contents (so an
/// archive that would not verify is never written), encodes it canonically and makes the
/// detached signature over those bytes.
pub fn sign_archive(
    archive: &RecordsArchive,
    key: &UnlockedKey,
    at: Timestamp,
) -> Result<SignedArchive, ArchiveError> {
    archive.check_contents()?;
    if archive.poc.key_fingerprint != key.fingerprint() {
        return Err(ArchiveError::WrongKey {
            manifest: archive.poc.key_fingerprint.clone(),
            signer: key.fingerprint().to_owned(),
        });
    }
    let manifest = archive.to_canonical_bytes()?;
    if manifest.len() > MAX_ARCHIVE_MANIFEST_BYTES {
        return Err(ArchiveError::TooLarge {
            limit: MAX_ARCHIVE_MANIFEST_BYTES,
        });
    }
    let signature =
        crate::signature::sign_detached(&manifest, key, at).map_err(ArchiveError::Signature)?;
    Ok(SignedArchive {
        manifest,
        signature,
    })
}

/// Verifies an archive: the detached signature over the exact manifest bytes by `key`; the
/// manifest is a records archive of a known version, in canonical form, naming `key` as the
/// POC's key; every embedded OpenPGP message and plaintext matches its SHA-256.
///
/// Any change to a single byte of either file makes this fail: the manifest is covered by the
/// signature and must be canonical; the signature file must be in its one canonical form.
pub fn verify_archive(
    manifest: &[u8],
    signature: &[u8],
    key: &PublicKey,
) -> Result<VerifiedArchive, ArchiveError> {
    crate::guarded(
        ArchiveError::Signature(Error::Malformed {
            what: Input::Signature,
        }),
        || verify_archive_unguarded(manifest, signature, key),
    )
}

/// [`verify_archive`] without the panic guard.
pub(crate) fn verify_archive_unguarded(
    manifest: &[u8],
    signature: &[u8],
    key: &PublicKey,
) -> Result<VerifiedArchive, ArchiveError> {
    let signature = std::str::from_utf8(signature).map_err(|_| {
        ArchiveError::Signature(Error::NotArmored {
            what: Input::Signature,
        })
    })?;
    if manifest.len() > MAX_ARCHIVE_MANIFEST_BYTES {
        return Err(ArchiveError::TooLarge {
            limit: MAX_ARCHIVE_MANIFEST_BYTES,
        });
    }
    let verified = crate::signature::verify_detached_strict(manifest, signature, key)
        .map_err(ArchiveError::Signature)?;
    let archive: RecordsArchive =
        serde_json::from_slice(manifest).map_err(|e| ArchiveError::Malformed(e.to_string()))?;
    if archive.to_canonical_bytes()? != manifest {
        return Err(ArchiveError::NotCanonical);
    }
    archive.check_contents()?;
    if archive.poc.key_fingerprint != key.fingerprint() {
        return Err(ArchiveError::WrongKey {
            manifest: clip(&archive.poc.key_fingerprint),
            signer: key.fingerprint().to_owned(),
        });
    }
    Ok(VerifiedArchive {
        archive,
        signature: verified,
    })
}

/// Errors of the crate's signature layer seen from an archive.
impl From<Error> for ArchiveError {
    fn from(e: Error) -> Self {
        match e {
            Error::TooLarge {
                what: Input::SignedData,
                limit,
            } => ArchiveError::TooLarge { limit },
            other => ArchiveError::Signature(other),
        }
    }
}

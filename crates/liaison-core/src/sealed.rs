//! The ciphertext of a thread message as the server receives it (Annex A §7(b), COM-10): an
//! ASCII-armored OpenPGP message, encrypted by the sender's browser or command line to every
//! recipient's key and the sender's own key.
//!
//! The server never decrypts. [`SealedMessage::parse`] reads the packet headers only, to refuse
//! what is not an encrypted message and to learn which keys it was encrypted to, so that a use
//! case can check that every participant's current key is among them:
//!
//! - exactly one armored `PGP MESSAGE` block, at most [`SealedMessage::MAX_ARMORED_BYTES`];
//! - one or more public-key encrypted session key packets (PKESK, v3 naming a key ID or v6
//!   naming a fingerprint), and nothing that would let someone without a participant's key in:
//!   no password-encrypted session key (SKESK), no anonymous recipient (a wildcard key ID hides
//!   who can read the message, so it cannot be checked);
//! - then exactly one integrity-protected encrypted container (SEIPD v1 or v2, or GnuPG's OCB
//!   packet), and nothing after it;
//! - never a literal data, compressed data, one-pass signature or signature packet outside the
//!   encryption (that would be readable text on the server), nor the legacy encrypted packet
//!   without integrity protection.

use pgp::packet::{Packet, PacketParser, PublicKeyEncryptedSessionKey};
use std::io::{BufReader, Read as _};

use crate::openpgp::EncryptionKeyHandle;

/// Whom a PKESK packet says the session key is encrypted to.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum RecipientKeyRef {
    /// 16 upper-case hex characters (v3 PKESK).
    KeyId(String),
    /// 40 or 64 upper-case hex characters (v6 PKESK).
    Fingerprint(String),
}

impl RecipientKeyRef {
    pub fn matches(&self, key: &EncryptionKeyHandle) -> bool {
        match self {
            RecipientKeyRef::KeyId(id) => *id == key.key_id,
            RecipientKeyRef::Fingerprint(fp) => *fp == key.fingerprint,
        }
    }

    /// The hex text, as stored and shown.
    pub fn as_str(&self) -> &str {
        match self {
            RecipientKeyRef::KeyId(s) | RecipientKeyRef::Fingerprint(s) => s,
        }
    }

    /// From the stored hex text: 16 characters are a key ID, 40 or 64 a fingerprint.
    pub fn from_stored(s: &str) -> Option<Self> {
        if !s
            .chars()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_lowercase())
        {
            return None;
        }
        match s.len() {
            16 => Some(RecipientKeyRef::KeyId(s.to_owned())),
            40 | 64 => Some(RecipientKeyRef::Fingerprint(s.to_owned())),
            _ => None,
        }
    }
}

/// A validated encrypted message. Only its outline is known: who may read it, not what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedMessage {
    /// The armored text, trimmed, `\n` line endings.
    pub armored: String,
    /// The keys it is encrypted to, in packet order, without duplicates.
    pub recipients: Vec<RecipientKeyRef>,
}

/// Why a text is not accepted as a thread message's ciphertext. `detail()` is the stable
/// machine-readable reason given with the `invalid_ciphertext` error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SealedMessageError {
    #[error("not one ASCII-armored OpenPGP message")]
    NotArmored,
    #[error("the message is larger than allowed")]
    TooLarge,
    #[error("the message could not be parsed")]
    Malformed,
    #[error("the message is not encrypted: it carries readable data")]
    NotEncrypted,
    #[error("the message is not encrypted to any public key")]
    NoRecipients,
    #[error("the message hides a recipient (anonymous key ID)")]
    AnonymousRecipient,
    #[error("the message can be opened with a password")]
    PasswordEncrypted,
    #[error("the message uses encryption without integrity protection")]
    NoIntegrityProtection,
    #[error("more than one encrypted container, or data after it")]
    TrailingData,
    #[error("an unsupported session key packet version")]
    UnsupportedVersion,
}

impl SealedMessageError {
    pub fn detail(self) -> &'static str {
        match self {
            Self::NotArmored => "not_armored",
            Self::TooLarge => "too_large",
            Self::Malformed => "malformed",
            Self::NotEncrypted => "not_encrypted",
            Self::NoRecipients => "no_recipients",
            Self::AnonymousRecipient => "anonymous_recipient",
            Self::PasswordEncrypted => "password_encrypted",
            Self::NoIntegrityProtection => "no_integrity_protection",
            Self::TrailingData => "trailing_data",
            Self::UnsupportedVersion => "unsupported_version",
        }
    }
}

const BEGIN_MESSAGE: &str = "-----BEGIN PGP MESSAGE-----";
const END_MESSAGE: &str = "-----END PGP MESSAGE-----";

impl SealedMessage {
    /// 1 MiB of armored text: an inquiry with a STIX bundle at the template's limit fits.
    pub const MAX_ARMORED_BYTES: usize = 1024 * 1024;

    pub fn parse(armored: &str) -> Result<Self, SealedMessageError> {
        // The text comes from outside: a panic in the parser must not take the request down
        // (see `OpenPgpKey::parse`).
        std::panic::catch_unwind(|| Self::parse_unguarded(armored))
            .unwrap_or(Err(SealedMessageError::Malformed))
    }

    fn parse_unguarded(armored: &str) -> Result<Self, SealedMessageError> {
        let trimmed = armored.trim();
        if trimmed.len() > Self::MAX_ARMORED_BYTES {
            return Err(SealedMessageError::TooLarge);
        }
        let text = trimmed.replace("\r\n", "\n");
        if !text.starts_with(BEGIN_MESSAGE)
            || !text.ends_with(END_MESSAGE)
            || text.matches("-----BEGIN PGP ").count() != 1
        {
            return Err(SealedMessageError::NotArmored);
        }
        let options = pgp::armor::DearmorOptions::new().set_limit(Self::MAX_ARMORED_BYTES);
        let mut dearmor =
            pgp::armor::Dearmor::with_options(BufReader::new(text.as_bytes()), options);
        dearmor
            .read_header()
            .map_err(|_| SealedMessageError::Malformed)?;
        if dearmor.typ != Some(pgp::armor::BlockType::Message) {
            return Err(SealedMessageError::NotArmored);
        }
        let mut binary = Vec::with_capacity(text.len() / 4 * 3);
        dearmor
            .read_to_end(&mut binary)
            .map_err(|_| SealedMessageError::Malformed)?;

        let mut recipients: Vec<RecipientKeyRef> = Vec::new();
        let mut containers = 0usize;
        for packet in PacketParser::new(binary.as_slice()) {
            let packet = packet.map_err(|_| SealedMessageError::Malformed)?;
            if containers > 0 && !matches!(packet, Packet::Marker(_) | Packet::Padding(_)) {
                return Err(SealedMessageError::TrailingData);
            }
            match packet {
                Packet::PublicKeyEncryptedSessionKey(pkesk) => {
                    let r = recipient_of(&pkesk)?;
                    if !recipients.contains(&r) {
                        recipients.push(r);
                    }
                }
                Packet::SymKeyEncryptedSessionKey(_) => {
                    return Err(SealedMessageError::PasswordEncrypted);
                }
                Packet::SymEncryptedProtectedData(_) | Packet::GnupgAeadData(_) => {
                    containers += 1;
                }
                Packet::SymEncryptedData(_) => {
                    return Err(SealedMessageError::NoIntegrityProtection);
                }
                Packet::Marker(_) | Packet::Padding(_) => {}
                Packet::LiteralData(_)
                | Packet::CompressedData(_)
                | Packet::OnePassSignature(_)
                | Packet::Signature(_) => return Err(SealedMessageError::NotEncrypted),
                _ => return Err(SealedMessageError::Malformed),
            }
        }
        if containers == 0 {
            return Err(if recipients.is_empty() {
                SealedMessageError::Malformed
            } else {
                SealedMessageError::NotEncrypted
            });
        }
        if recipients.is_empty() {
            return Err(SealedMessageError::NoRecipients);
        }
        Ok(SealedMessage {
            armored: text,
            recipients,
        })
    }

    /// Encrypted to at least one of `keys` (the encryption subkeys of one participant's key).
    pub fn is_encrypted_to(&self, keys: &[EncryptionKeyHandle]) -> bool {
        self.recipients
            .iter()
            .any(|r| keys.iter().any(|k| r.matches(k)))
    }
}

fn recipient_of(
    pkesk: &PublicKeyEncryptedSessionKey,
) -> Result<RecipientKeyRef, SealedMessageError> {
    match pkesk {
        PublicKeyEncryptedSessionKey::V3 { id, .. } => {
            if id.is_wildcard() {
                return Err(SealedMessageError::AnonymousRecipient);
            }
            Ok(RecipientKeyRef::KeyId(hex::encode_upper(id)))
        }
        PublicKeyEncryptedSessionKey::V6 { fingerprint, .. } => match fingerprint {
            Some(fp) => Ok(RecipientKeyRef::Fingerprint(format!("{fp:X}"))),
            None => Err(SealedMessageError::AnonymousRecipient),
        },
        PublicKeyEncryptedSessionKey::Other { .. } => Err(SealedMessageError::UnsupportedVersion),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    //! Fixtures made with GnuPG 2.2/2.4 (`tests/fixtures/sealed/README.md` says how): a message
    //! encrypted and signed to two keys, one with a hidden recipient, one encrypted with a
    //! password, a signed-only message, and one stored without encryption.
    use super::*;
    use crate::openpgp::OpenPgpKey;

    const TO_TWO: &str = include_str!("../tests/fixtures/sealed/to-two.asc");
    const HIDDEN: &str = include_str!("../tests/fixtures/sealed/hidden-recipient.asc");
    const PASSWORD: &str = include_str!("../tests/fixtures/sealed/password.asc");
    const SIGNED_ONLY: &str = include_str!("../tests/fixtures/sealed/signed-only.asc");
    const STORED: &str = include_str!("../tests/fixtures/sealed/stored.asc");
    const ALICE: &str = include_str!("../tests/fixtures/sealed/alice.pub.asc");
    const BOB: &str = include_str!("../tests/fixtures/sealed/bob.pub.asc");
    const CAROL: &str = include_str!("../tests/fixtures/sealed/carol.pub.asc");

    #[test]
    fn encrypted_message_names_its_recipients() {
        let m = SealedMessage::parse(TO_TWO).unwrap();
        assert_eq!(m.recipients.len(), 2, "{:?}", m.recipients);
        let alice = OpenPgpKey::parse(ALICE).unwrap();
        let bob = OpenPgpKey::parse(BOB).unwrap();
        let carol = OpenPgpKey::parse(CAROL).unwrap();
        assert!(m.is_encrypted_to(&alice.encryption_keys()));
        assert!(m.is_encrypted_to(&bob.encryption_keys()));
        assert!(!m.is_encrypted_to(&carol.encryption_keys()));
        // The PKESK names the encryption subkey, never the signing primary.
        assert!(!m.is_encrypted_to(&[EncryptionKeyHandle {
            fingerprint: alice.fingerprint.clone(),
            key_id: alice.fingerprint[alice.fingerprint.len() - 16..].to_owned(),
        }]));
    }

    #[test]
    fn what_is_not_an_encrypted_message_is_refused() {
        assert_eq!(
            SealedMessage::parse(HIDDEN),
            Err(SealedMessageError::AnonymousRecipient)
        );
        assert_eq!(
            SealedMessage::parse(PASSWORD),
            Err(SealedMessageError::PasswordEncrypted)
        );
        assert_eq!(
            SealedMessage::parse(SIGNED_ONLY),
            Err(SealedMessageError::NotEncrypted)
        );
        assert_eq!(
            SealedMessage::parse(STORED),
            Err(SealedMessageError::NotEncrypted)
        );
        assert_eq!(
            SealedMessage::parse(ALICE),
            Err(SealedMessageError::NotArmored)
        );
        assert_eq!(
            SealedMessage::parse("hello"),
            Err(SealedMessageError::NotArmored)
        );
        let two = format!("{}\n{}", TO_TWO.trim(), TO_TWO.trim());
        assert_eq!(
            SealedMessage::parse(&two),
            Err(SealedMessageError::NotArmored)
        );
        let big = format!(
            "{BEGIN_MESSAGE}\n\n{}\n{END_MESSAGE}",
            "A".repeat(SealedMessage::MAX_ARMORED_BYTES)
        );
        assert_eq!(
            SealedMessage::parse(&big),
            Err(SealedMessageError::TooLarge)
        );
    }

    #[test]
    fn damaged_messages_never_panic() {
        // Flip bytes of the base64 body one at a time: every result is a clean answer.
        let lines: Vec<&str> = TO_TWO.trim().lines().collect();
        for i in 2..lines.len() - 2 {
            for replacement in ["A", "/", "="] {
                let mut l = lines.clone();
                let changed = format!("{replacement}{}", &lines[i][1..]);
                l[i] = &changed;
                let _ = SealedMessage::parse(&l.join("\n"));
            }
        }
    }

    #[test]
    fn stored_refs_round_trip() {
        let m = SealedMessage::parse(TO_TWO).unwrap();
        for r in &m.recipients {
            assert_eq!(RecipientKeyRef::from_stored(r.as_str()).as_ref(), Some(r));
        }
        assert_eq!(RecipientKeyRef::from_stored("abc"), None);
        assert_eq!(RecipientKeyRef::from_stored(&"a".repeat(16)), None);
    }

    #[test]
    fn secret_key_blobs_must_be_passphrase_protected() {
        use crate::openpgp::{ProtectedSecretKey, SecretKeyBlobError};
        let protected = include_str!("../tests/fixtures/sealed/dana.secret-protected.asc");
        let clear = include_str!("../tests/fixtures/sealed/bob.secret-clear.asc");
        let k = ProtectedSecretKey::parse(protected).unwrap();
        assert_eq!(k.fingerprint.len(), 40);
        assert_eq!(
            ProtectedSecretKey::parse(clear),
            Err(SecretKeyBlobError::Unprotected)
        );
        assert_eq!(
            ProtectedSecretKey::parse(ALICE),
            Err(SecretKeyBlobError::NotArmored)
        );
        let two = format!("{}\n{}", protected.trim(), protected.trim());
        assert_eq!(
            ProtectedSecretKey::parse(&two),
            Err(SecretKeyBlobError::MultipleKeys)
        );
    }
}

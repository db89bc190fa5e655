//! Encrypted and signed messages between POCs.
//!
//! What Liaison writes: PKESK v3 packets (one per recipient, each naming the recipient's
//! encryption key ID), then a SEIPD v1 packet (AES-256, with its modification detection code)
//! holding a one-pass-signed binary literal packet, uncompressed. That is what GnuPG 2.2, Sequoia
//! and OpenPGP.js read and write by default, and the only form GnuPG 2.2 reads (it cannot read
//! SEIPD v2). What Liaison reads: the same, plus what those peers send (a compressed layer, RSA and
//! NIST keys, SEIPD v2 from RFC 9580 peers); never unprotected (SED) data.

use std::io::Read as _;

use jiff::Timestamp;
use pgp::composed::{Edata, Esk, Message, MessageBuilder, SubpacketConfig};
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::types::{KeyDetails as _, KeyVersion, Password, PublicParams, Timestamp as PgpTimestamp};

use crate::error::{Error, Input};
use crate::keys::{PublicKey, UnlockedKey, usable_subkeys};
use crate::limits::{MAX_MESSAGE_ARMOR_BYTES, MAX_NESTING, MAX_PLAINTEXT_BYTES, MAX_RECIPIENTS};

/// What a message's signature says, checked against the signers the caller knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureStatus {
    /// Signed by this known key, and the signature verifies.
    Valid {
        signer_fingerprint: String,
        signed_at: Option<Timestamp>,
    },
    /// Names a known key as signer, but does not verify with it: the plaintext or the signature
    /// was altered (or forged). The plaintext must not be trusted.
    Invalid { signer_fingerprint: String },
    /// Signed by a key that is not among the known signers (issuer fingerprint or key ID, hex).
    UnknownSigner { issuer: String },
    /// Not signed at all.
    Unsigned,
}

impl SignatureStatus {
    pub fn is_valid(&self) -> bool {
        matches!(self, SignatureStatus::Valid { .. })
    }
}

/// A decrypted message.
#[derive(Clone, PartialEq, Eq)]
pub struct Decrypted {
    pub plaintext: Vec<u8>,
    pub signature: SignatureStatus,
    /// The key IDs (lower-case hex) its encrypted session keys name, in message order:
    /// encryption subkeys, so compare with [`PublicKey::key_ids`]. `0000000000000000` is an
    /// anonymous recipient.
    pub recipient_key_ids: Vec<String>,
}

impl std::fmt::Debug for Decrypted {
    // The plaintext is confidential: it stays out of logs and panic messages.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Decrypted")
            .field("plaintext_len", &self.plaintext.len())
            .field("signature", &self.signature)
            .field("recipient_key_ids", &self.recipient_key_ids)
            .finish()
    }
}

/// The recipients of a message written by `sender`: `recipients` plus the sender's own key
/// (issue 5: the sender can read what it sent), without duplicates, in the given order.
pub fn recipients_with_sender(recipients: &[PublicKey], sender: &UnlockedKey) -> Vec<PublicKey> {
    let mut out: Vec<PublicKey> = Vec::with_capacity(recipients.len() + 1);
    for key in recipients
        .iter()
        .chain(std::iter::once(sender.public_key()))
    {
        if !out.iter().any(|k| k.fingerprint() == key.fingerprint()) {
            out.push(key.clone());
        }
    }
    out
}

/// Encrypts `plaintext` to every key in `recipients` and signs it with `signer`, at time `at`
/// (the signature's creation time, and the time against which every key's expiry is checked).
///
/// Callers add the sender's own key to `recipients` ([`recipients_with_sender`]); it is not
/// added here, so that what is encrypted to whom stays visible at the call site.
///
/// Every recipient must be a v4 key with a valid, unexpired, unrevoked encryption (sub)key; the
/// newest such subkey is used, as GnuPG does. v6 keys are refused: a v6 key must be written to
/// with SEIPD v2, which the GnuPG 2.2 recipients of the same message could not read.
pub fn encrypt_and_sign(
    plaintext: &[u8],
    recipients: &[PublicKey],
    signer: &UnlockedKey,
    at: Timestamp,
) -> Result<String, Error> {
    if plaintext.len() > MAX_PLAINTEXT_BYTES {
        return Err(Error::TooLarge {
            what: Input::Plaintext,
            limit: MAX_PLAINTEXT_BYTES,
        });
    }
    if recipients.is_empty() {
        return Err(Error::NoRecipients);
    }
    if recipients.len() > MAX_RECIPIENTS {
        return Err(Error::TooManyRecipients {
            limit: MAX_RECIPIENTS,
        });
    }
    let created = u32::try_from(at.as_second())
        .map(PgpTimestamp::from_secs)
        .map_err(|_| Error::InvalidValidity)?;
    let mut targets = Vec::with_capacity(recipients.len());
    for recipient in recipients {
        targets.push(encryption_key(recipient, at)?);
    }
    let signing = signer.signing_key(Some(at))?;

    let mut rng = crate::rng();
    let mut builder = MessageBuilder::from_bytes("", plaintext.to_vec())
        .seipd_v1(&mut rng, SymmetricKeyAlgorithm::AES256);
    for target in &targets {
        match target {
            Target::Primary(key) => builder.encrypt_to_key(&mut rng, *key),
            Target::Subkey(key) => builder.encrypt_to_key(&mut rng, *key),
        }
        .map_err(Error::internal)?;
    }
    let (hashed, unhashed) =
        crate::signature::data_signature_subpackets(signing.as_signing_key(), created)
            .map_err(Error::internal)?;
    builder.sign_with_subpackets(
        signing.as_signing_key(),
        Password::empty(),
        signing.hash_algorithm(),
        SubpacketConfig::UserDefined { hashed, unhashed },
    );
    builder
        .to_armored_string(rng, crate::armor::options())
        .map_err(Error::internal)
}

enum Target<'a> {
    Primary(&'a pgp::packet::PublicKey),
    Subkey(&'a pgp::packet::PublicSubkey),
}

/// The key of `recipient` that a message is encrypted to at `at`.
fn encryption_key(recipient: &PublicKey, at: Timestamp) -> Result<Target<'_>, Error> {
    let key = recipient.signed();
    if key.primary_key.version() != KeyVersion::V4 {
        return Err(Error::UnsupportedKey(
            "v6 recipient keys need SEIPD v2, which GnuPG 2.2 cannot read",
        ));
    }
    recipient.check_not_expired(at)?;
    let newest = usable_subkeys(key, Some(at), |flags, alg| match flags {
        Some(flags) => flags.encrypt_comms() || flags.encrypt_storage(),
        None => alg.can_encrypt(),
    })
    .into_iter()
    .filter(|s| can_encrypt_to(s.key.public_params()))
    .max_by_key(|s| s.key.created_at().as_secs());
    if let Some(sub) = newest {
        return Ok(Target::Subkey(&sub.key));
    }
    // An old-style key whose primary encrypts (RSA "sign and encrypt") and says so.
    if recipient.info().can_encrypt && can_encrypt_to(key.primary_key.public_params()) {
        return Ok(Target::Primary(&key.primary_key));
    }
    Err(Error::CannotEncrypt {
        fingerprint: recipient.fingerprint().to_owned(),
    })
}

/// Encryption algorithms this crate writes to (ElGamal and brainpool curves are not
/// implemented by rPGP; RSA below 2048 bits is refused as weak).
fn can_encrypt_to(params: &PublicParams) -> bool {
    use pgp::types::EcdhPublicParams;
    match params {
        PublicParams::RSA(rsa) => rsa_bits(rsa) >= 2048,
        PublicParams::ECDH(ecdh) => matches!(
            ecdh,
            EcdhPublicParams::Curve25519Legacy { .. }
                | EcdhPublicParams::P256 { .. }
                | EcdhPublicParams::P384 { .. }
                | EcdhPublicParams::P521 { .. }
        ),
        PublicParams::X25519(_) | PublicParams::X448(_) => true,
        _ => false,
    }
}

fn rsa_bits(params: &pgp::types::RsaPublicParams) -> usize {
    use pgp::ser::Serialize as _;
    // The first MPI of the serialised parameters is the modulus; its 2-byte prefix is its bit
    // length (RFC 9580, section 3.2).
    params
        .to_bytes()
        .ok()
        .and_then(|b| {
            b.get(..2)
                .map(|p| usize::from(u16::from_be_bytes([p[0], p[1]])))
        })
        .unwrap_or(0)
}

/// Decrypts an armored message with `key` and checks its signature against `known_signers`.
///
/// Refused: anything not an encrypted message; unprotected (SED) or non-standard (GnuPG OCB)
/// encryption; a message not encrypted to `key`; a ciphertext that fails its integrity check;
/// nested encryption; a plaintext over [`MAX_PLAINTEXT_BYTES`] after decompression. A bad
/// signature is not an error: it is reported as [`SignatureStatus::Invalid`], and the caller shows
/// the message as untrusted (or not at all).
pub fn decrypt_and_verify(
    armored: &str,
    key: &UnlockedKey,
    known_signers: &[PublicKey],
) -> Result<Decrypted, Error> {
    crate::guarded(
        Error::Malformed {
            what: Input::Message,
        },
        || decrypt_and_verify_unguarded(armored, key, known_signers),
    )
}

/// [`decrypt_and_verify`] without the panic guard.
pub(crate) fn decrypt_and_verify_unguarded(
    armored: &str,
    key: &UnlockedKey,
    known_signers: &[PublicKey],
) -> Result<Decrypted, Error> {
    let binary = crate::armor::dearmor(
        armored,
        pgp::armor::BlockType::Message,
        Input::Message,
        MAX_MESSAGE_ARMOR_BYTES,
    )?;
    let message = Message::from_bytes(&binary[..]).map_err(|_| Error::Malformed {
        what: Input::Message,
    })?;
    let Message::Encrypted { esk, edata, .. } = &message else {
        return Err(Error::NotEncrypted);
    };
    match edata {
        Edata::SymEncryptedProtectedData { .. } => {}
        Edata::SymEncryptedData { .. } => {
            return Err(Error::InsecureMessage(
                "no integrity protection (SED packet)",
            ));
        }
        Edata::GnupgAeadData { .. } => {
            return Err(Error::InsecureMessage("GnuPG's non-standard OCB packet"));
        }
    }
    let mut recipient_key_ids = Vec::with_capacity(esk.len());
    let mut for_us = false;
    for e in esk {
        if let Esk::PublicKeyEncryptedSessionKey(pkesk) = e {
            match pkesk.id() {
                Ok(id) => {
                    for_us |= id.is_wildcard() || key.public_key().has_key_id(id);
                    recipient_key_ids.push(id.to_string());
                }
                // A v6 PKESK names a fingerprint rather than a key ID.
                Err(_) => {
                    if let Ok(Some(fingerprint)) = pkesk.fingerprint() {
                        for_us |= key
                            .public_key()
                            .signed()
                            .public_subkeys
                            .iter()
                            .any(|s| s.key.fingerprint() == *fingerprint);
                        recipient_key_ids.push(format!("{fingerprint:x}"));
                    } else {
                        for_us = true;
                        recipient_key_ids.push("0000000000000000".to_owned());
                    }
                }
            }
        }
    }
    if !for_us {
        return Err(Error::NotForThisKey);
    }

    let mut message = message
        .decrypt(&Password::empty(), key.secret())
        .map_err(|e| match e {
            pgp::errors::Error::MissingKey => Error::NotForThisKey,
            _ => Error::IntegrityFailure,
        })?;
    for _ in 0..MAX_NESTING {
        if !message.is_compressed() && !signed_over_compressed(&message) {
            break;
        }
        message = message.decompress().map_err(|_| Error::IntegrityFailure)?;
    }
    if message.is_compressed() || message.is_encrypted() || signed_over_compressed(&message) {
        return Err(Error::InsecureMessage("nested encryption or compression"));
    }

    let mut plaintext = Vec::new();
    (&mut message)
        .take(MAX_PLAINTEXT_BYTES as u64 + 1)
        .read_to_end(&mut plaintext)
        .map_err(|_| Error::IntegrityFailure)?;
    if plaintext.len() > MAX_PLAINTEXT_BYTES {
        return Err(Error::TooLarge {
            what: Input::Plaintext,
            limit: MAX_PLAINTEXT_BYTES,
        });
    }
    let signature = signature_status(&message, known_signers);
    Ok(Decrypted {
        plaintext,
        signature,
        recipient_key_ids,
    })
}

fn signed_over_compressed(message: &Message<'_>) -> bool {
    match message {
        Message::Signed { reader, .. } => reader.get_ref().is_compressed(),
        _ => false,
    }
}

/// Checks every signature of a fully read message. One that a known key should have made but
/// does not verify makes the whole message `Invalid`; else the first valid one wins; else the
/// first unknown issuer is named.
fn signature_status(message: &Message<'_>, known_signers: &[PublicKey]) -> SignatureStatus {
    let Message::Signed { reader, .. } = message else {
        return SignatureStatus::Unsigned;
    };
    let mut valid = None;
    let mut unknown = None;
    for index in 0..reader.num_signatures() {
        let Some(signature) = reader.signature(index) else {
            // One-pass header without its signature packet: treat as tampered.
            return SignatureStatus::Invalid {
                signer_fingerprint: String::new(),
            };
        };
        // A signature without issuer subpackets claims no one: it is tried with every known
        // signer, and is "unknown" rather than "invalid" when none verifies it.
        let anonymous =
            signature.issuer_fingerprint().is_empty() && signature.issuer_key_id().is_empty();
        let mut claimed = None;
        let mut verified = false;
        for signer in known_signers {
            let candidates = crate::signature::candidate_verifiers(signature, signer);
            if candidates.is_empty() {
                continue;
            }
            if candidates.iter().any(|(verifier, _)| {
                message
                    .verify_nested_explicit(index, verifier.as_dyn())
                    .is_ok()
            }) {
                claimed = Some(signer);
                verified = true;
                break;
            }
            if !anonymous {
                claimed = Some(signer);
            }
        }
        match (claimed, verified) {
            (Some(signer), true) => {
                valid.get_or_insert(SignatureStatus::Valid {
                    signer_fingerprint: signer.fingerprint().to_owned(),
                    signed_at: signature
                        .created()
                        .and_then(|t| Timestamp::from_second(i64::from(t.as_secs())).ok()),
                });
            }
            (Some(signer), false) => {
                return SignatureStatus::Invalid {
                    signer_fingerprint: signer.fingerprint().to_owned(),
                };
            }
            (None, _) => {
                let issuer = signature
                    .issuer_fingerprint()
                    .first()
                    .map(|f| format!("{f:X}"))
                    .or_else(|| signature.issuer_key_id().first().map(|id| id.to_string()))
                    .unwrap_or_default();
                unknown.get_or_insert(SignatureStatus::UnknownSigner { issuer });
            }
        }
    }
    valid.or(unknown).unwrap_or(SignatureStatus::Unsigned)
}

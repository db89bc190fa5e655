//! Detached signatures over bytes (the records archive's manifest, later anything a POC wants to
//! prove it exported), and the signer matching shared with message verification.

use jiff::Timestamp;
use pgp::packet::{
    Packet, PacketParser, Signature, SignatureConfig, SignatureType, Subpacket, SubpacketData,
};
use pgp::types::{KeyDetails as _, KeyVersion, Password, Timestamp as PgpTimestamp, VerifyingKey};

use crate::error::{Error, Input};
use crate::keys::{PublicKey, Signer, UnlockedKey};
use crate::limits::{MAX_ARCHIVE_MANIFEST_BYTES, MAX_SIGNATURE_ARMOR_BYTES};

/// A signature that verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedSignature {
    /// Fingerprint of the signer's primary key (upper-case hex).
    pub signer_fingerprint: String,
    /// Key ID (lower-case hex) of the key that made it: the primary key or a signing subkey.
    pub signing_key_id: String,
    /// The signature's creation time, as the signer's clock said.
    pub signed_at: Option<Timestamp>,
}

/// Signs `data` (binary signature, type 0x00) with the signer's signing key at time `at`; the
/// armored signature block is returned. Refused when the key has expired at `at`.
pub fn sign_detached(data: &[u8], signer: &UnlockedKey, at: Timestamp) -> Result<String, Error> {
    let key = signer.signing_key(Some(at))?;
    let created = u32::try_from(at.as_second())
        .map(PgpTimestamp::from_secs)
        .map_err(|_| Error::InvalidValidity)?;
    let signature = sign_with(&key, data, created).map_err(Error::internal)?;
    pgp::composed::DetachedSignature::new(signature)
        .to_armored_string(crate::armor::options())
        .map_err(Error::internal)
}

/// Verifies an armored detached signature over `data` made by `key` (its primary key or one of
/// its signing subkeys).
///
/// Exactly one signature packet, of the binary type, is accepted. The result says who signed
/// and when; whether the key was valid at that time is the caller's question (an archive may be
/// checked years after the key expired).
pub fn verify_detached(
    data: &[u8],
    armored_signature: &str,
    key: &PublicKey,
) -> Result<VerifiedSignature, Error> {
    crate::guarded(
        Error::Malformed {
            what: Input::Signature,
        },
        || verify_detached_unguarded(data, armored_signature, key),
    )
}

/// [`verify_detached`] without the panic guard.
pub(crate) fn verify_detached_unguarded(
    data: &[u8],
    armored_signature: &str,
    key: &PublicKey,
) -> Result<VerifiedSignature, Error> {
    let (signature, _) = parse_detached(data, armored_signature)?;
    verify_signature_by(&signature, data, key)
}

/// [`verify_detached`], and also refuses every other encoding of the same signature: the armor
/// must be exactly the canonical one (no headers, base64 in lines of 64, optional CRC line,
/// optional final newline), the packet must re-serialise to the same bytes, and the unhashed
/// subpacket area (which the signature does not cover) must be empty or name the signing key's
/// ID only. So a single changed byte anywhere in the signature file makes it fail, as the
/// records archive requires.
pub(crate) fn verify_detached_strict(
    data: &[u8],
    armored_signature: &str,
    key: &PublicKey,
) -> Result<VerifiedSignature, Error> {
    let malformed = || Error::Malformed {
        what: Input::Signature,
    };
    let (signature, binary) = parse_detached(data, armored_signature)?;
    let detached = pgp::composed::DetachedSignature::new(signature.clone());
    let canonical = |include_checksum| {
        detached.to_armored_string(pgp::composed::ArmorOptions {
            headers: None,
            include_checksum,
        })
    };
    let text_is_canonical = [true, false].into_iter().any(|crc| {
        canonical(crc)
            .is_ok_and(|c| armored_signature == c || armored_signature == c.trim_end_matches('\n'))
    });
    if !text_is_canonical {
        return Err(malformed());
    }
    use pgp::ser::Serialize as _;
    if detached.to_bytes().map_err(|_| malformed())? != binary {
        return Err(malformed());
    }
    let verified = verify_signature_by(&signature, data, key)?;
    let unhashed_ok = signature.config().is_some_and(|config| {
        config.unhashed_subpackets().all(|p| match &p.data {
            SubpacketData::IssuerKeyId(id) => id.to_string() == verified.signing_key_id,
            _ => false,
        }) && config.unhashed_subpackets().count() <= 1
    });
    if !unhashed_ok {
        return Err(malformed());
    }
    Ok(verified)
}

/// Decodes an armored detached signature: exactly one binary signature packet.
fn parse_detached(data: &[u8], armored_signature: &str) -> Result<(Signature, Vec<u8>), Error> {
    if data.len() > MAX_ARCHIVE_MANIFEST_BYTES {
        return Err(Error::TooLarge {
            what: Input::SignedData,
            limit: MAX_ARCHIVE_MANIFEST_BYTES,
        });
    }
    let binary = crate::armor::dearmor(
        armored_signature,
        pgp::armor::BlockType::Signature,
        Input::Signature,
        MAX_SIGNATURE_ARMOR_BYTES,
    )?;
    let malformed = || Error::Malformed {
        what: Input::Signature,
    };
    let mut packets = PacketParser::new(&binary[..]);
    let signature = match packets.next() {
        Some(Ok(Packet::Signature(signature))) => signature,
        _ => return Err(malformed()),
    };
    if packets.next().is_some() {
        return Err(malformed());
    }
    // A detached signature over bytes is binary; text signatures normalise line endings, which
    // would let a changed manifest still verify.
    if signature.typ() != Some(SignatureType::Binary) {
        return Err(malformed());
    }
    Ok((signature, binary))
}

/// Makes a binary data signature with `key`, created at `created`: hashed creation time and
/// issuer fingerprint, unhashed issuer key ID for v4 (what GnuPG 2.2 looks for).
pub(crate) fn sign_with(
    key: &Signer<'_>,
    data: &[u8],
    created: PgpTimestamp,
) -> pgp::errors::Result<Signature> {
    let signing = key.as_signing_key();
    let hash = key.hash_algorithm();
    let mut config = match signing.version() {
        KeyVersion::V6 => SignatureConfig::v6(
            crate::rng(),
            SignatureType::Binary,
            signing.algorithm(),
            hash,
        )?,
        _ => SignatureConfig::v4(SignatureType::Binary, signing.algorithm(), hash),
    };
    let (hashed, unhashed) = data_signature_subpackets(signing, created)?;
    config.hashed_subpackets = hashed;
    config.unhashed_subpackets = unhashed;
    match key {
        Signer::Primary(k) => config.sign(*k, &Password::empty(), data),
        Signer::Subkey(k) => config.sign(*k, &Password::empty(), data),
    }
}

/// The subpackets of every data signature this crate makes (messages and detached).
pub(crate) fn data_signature_subpackets(
    signing: &dyn pgp::types::SigningKey,
    created: PgpTimestamp,
) -> pgp::errors::Result<(Vec<Subpacket>, Vec<Subpacket>)> {
    let hashed = vec![
        Subpacket::regular(SubpacketData::SignatureCreationTime(created))?,
        Subpacket::regular(SubpacketData::IssuerFingerprint(signing.fingerprint()))?,
    ];
    let unhashed = if signing.version() == KeyVersion::V6 {
        vec![]
    } else {
        vec![Subpacket::regular(SubpacketData::IssuerKeyId(
            signing.legacy_key_id(),
        ))?]
    };
    Ok((hashed, unhashed))
}

/// The keys of `key` that may have made `signature`: those its issuer subpackets name (all
/// signing-capable ones when it names none), each with its key ID.
pub(crate) fn candidate_verifiers<'a>(
    signature: &Signature,
    key: &'a PublicKey,
) -> Vec<(Verifier<'a>, String)> {
    let signed = key.signed();
    let fingerprints = signature.issuer_fingerprint();
    let key_ids = signature.issuer_key_id();
    let anonymous = fingerprints.is_empty() && key_ids.is_empty();
    let named = |fingerprint: pgp::types::Fingerprint, id: pgp::types::KeyId| {
        anonymous || fingerprints.contains(&&fingerprint) || key_ids.contains(&&id)
    };
    let mut out = Vec::new();
    let primary = &signed.primary_key;
    // The primary key counts only if its self-signature allows signing (a certify-only primary
    // with a signing subkey, as GnuPG makes with `cert` usage, does not).
    if named(primary.fingerprint(), primary.legacy_key_id())
        && crate::keys::primary_can_sign(signed)
    {
        out.push((
            Verifier::Primary(primary),
            primary.legacy_key_id().to_string(),
        ));
    }
    let signing_subkeys = crate::keys::usable_subkeys(signed, None, |flags, alg| match flags {
        Some(flags) => flags.sign(),
        None => alg.can_sign(),
    });
    for sub in signing_subkeys {
        if named(sub.key.fingerprint(), sub.key.legacy_key_id())
            && crate::keys::has_back_signature(sub, primary)
        {
            out.push((Verifier::Subkey(sub), sub.key.legacy_key_id().to_string()));
        }
    }
    out
}

/// A key that verifies signatures: the primary key or a subkey.
pub(crate) enum Verifier<'a> {
    Primary(&'a pgp::packet::PublicKey),
    Subkey(&'a pgp::composed::SignedPublicSubKey),
}

impl Verifier<'_> {
    pub(crate) fn as_dyn(&self) -> &dyn VerifyingKey {
        match self {
            Verifier::Primary(k) => *k,
            Verifier::Subkey(k) => *k,
        }
    }

    fn verify(&self, signature: &Signature, data: &[u8]) -> bool {
        match self {
            Verifier::Primary(k) => signature.verify(*k, data).is_ok(),
            Verifier::Subkey(k) => signature.verify(*k, data).is_ok(),
        }
    }
}

/// Verifies a data signature over `data` against the keys of `key` that it names.
pub(crate) fn verify_signature_by(
    signature: &Signature,
    data: &[u8],
    key: &PublicKey,
) -> Result<VerifiedSignature, Error> {
    let candidates = candidate_verifiers(signature, key);
    if candidates.is_empty() {
        return Err(Error::WrongSigner);
    }
    for (verifier, key_id) in candidates {
        if verifier.verify(signature, data) {
            return Ok(VerifiedSignature {
                signer_fingerprint: key.fingerprint().to_owned(),
                signing_key_id: key_id,
                signed_at: signature
                    .created()
                    .and_then(|t| Timestamp::from_second(i64::from(t.as_secs())).ok()),
            });
        }
    }
    Err(Error::BadSignature)
}

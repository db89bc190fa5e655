//! Validation of the OpenPGP public key that a state may publish on a point-of-contact entry.
//!
//! The input is untrusted (API, form, bulk import), so [`OpenPgpKey::parse`] never panics and
//! refuses, with a specific [`OpenPgpKeyError`], anything that is not exactly one ASCII-armored,
//! correctly self-signed, unrevoked OpenPGP public key (a "transferable public key" of RFC 9580,
//! version 4 or 6).
//!
//! What is checked, in order:
//!
//! 1. size (at most [`OpenPgpKey::MAX_ARMORED_BYTES`] after trimming), before anything is parsed;
//! 2. the armor (RFC 9580, section 6.2): the text must start with
//!    `-----BEGIN PGP PUBLIC KEY BLOCK-----`, end with the matching END line and hold exactly one
//!    armored block (a private-key block is [`OpenPgpKeyError::SecretKey`], two blocks are
//!    [`OpenPgpKeyError::MultipleKeys`]); inside, optional `Key: value` headers, a blank line,
//!    base64 and an optional `=XXXX` checksum line (the CRC is not checked, as RFC 9580 says);
//! 3. the packets (rPGP): exactly one primary key, which must be public, and nothing else: every
//!    packet must parse, and the key must re-serialise to exactly the decoded bytes (marker and
//!    padding packets aside). rPGP's own key parser quietly skips what it does not understand;
//!    this check makes sure the stored text is exactly what was validated, so the fingerprint
//!    shown is the one any OpenPGP tool computes from it;
//! 4. the key version (v4 or v6) and algorithm (one rPGP can verify; RSA and DSA at least 2048
//!    bits, else [`OpenPgpKeyError::WeakKey`]);
//! 5. the self-signatures: every signature that names the primary key as its issuer (user ID
//!    certifications and revocations, direct-key signatures, key revocations), and every subkey
//!    binding or revocation whatever issuer it names, must verify, otherwise the key is refused
//!    with [`OpenPgpKeyError::BadSignature`]; at least one user ID or the key itself must carry a
//!    valid self-signature ([`OpenPgpKeyError::MissingSelfSignature`]); a valid key revocation
//!    makes the key [`OpenPgpKeyError::Revoked`].
//!
//! Third-party certifications (signatures by other keys on a user ID) cannot be verified here and
//! are ignored: they neither validate nor invalidate the key. A signature that carries no issuer
//! information at all is verified against the primary key and simply ignored if it does not
//! verify (it may be a third party's).
//!
//! **Expired keys are accepted.** A key whose expiry is in the past still parses: the directory
//! shows it and warns (see [`OpenPgpKey::is_expired`] and [`OpenPgpKey::expires_before`]) rather
//! than refusing it, so that a state can see what is wrong with the key it published. Parsing is
//! independent of the current time.
//!
//! Expiry is taken the way Sequoia and GnuPG do for v4 keys: from the most recent valid
//! self-signature of the primary user ID (the non-revoked user ID whose newest self-signature
//! carries the primary-user-ID flag, else the one with the newest self-signature), falling back to
//! the newest valid direct-key signature when that binding carries no key expiration time. For v6
//! keys the newest direct-key signature comes first. The key expiration time subpacket is a number
//! of seconds after the key's creation time; 0 or absent means the key does not expire.
//!
//! Not modelled (by design, for a display-and-warn use): signature expiration times on
//! self-signatures, the expiry of individual subkeys (`can_encrypt` says whether an encryption
//! subkey is bound and not revoked, not whether it is still within its validity period), and
//! designated revokers.

use std::io::BufReader;

use pgp::composed::{Deserializable as _, SignedPublicKey};
use pgp::packet::{PublicKey, Signature, SignatureType, SubpacketData};
use pgp::ser::Serialize as _;
use pgp::types::{KeyDetails, KeyVersion, PublicParams, Tag};

/// A validated OpenPGP public key (transferable public key, ASCII-armored), as published on a POC entry.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OpenPgpKey {
    /// The armored text, normalised (as given, trimmed; line endings \n).
    ///
    /// Also: trailing whitespace is removed from each line, and a lost blank line between the
    /// BEGIN line and the base64 is put back. Armor headers (`Comment:` …) are kept as given:
    /// escape this text when displaying it.
    pub armored: String,
    /// Primary key fingerprint, upper-case hex without spaces (40 hex chars for v4, 64 for v6).
    pub fingerprint: String,
    /// When the primary key expires (from the self-signature's key expiration time), None = never.
    pub expires_at: Option<jiff::Timestamp>,
    pub created_at: jiff::Timestamp,
    /// e.g. "ed25519", "rsa3072" — short human label.
    pub algorithm: String,
    /// User IDs from the key (for display).
    ///
    /// Only user IDs bound by a valid self-signature and not revoked, the primary user ID first,
    /// the others in key order. Invalid UTF-8 is replaced (U+FFFD) and control characters are
    /// removed.
    pub user_ids: Vec<String>,
    /// True when the key has at least one subkey (or primary) usable for encryption.
    ///
    /// "Usable" means: bound by a valid self-signature, not revoked, flagged for encryption (or,
    /// when the binding has no key-flags subpacket, of an encryption-capable algorithm), of a
    /// supported, non-weak algorithm. The subkey's own expiry is not taken into account.
    pub can_encrypt: bool,
}

/// Why an armored text is not accepted as a POC's OpenPGP public key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenPgpKeyError {
    #[error("not an ASCII-armored OpenPGP public key")]
    NotArmored,
    #[error("the key is a secret key; publish only the public key")]
    SecretKey,
    #[error("the key could not be parsed")]
    Malformed,
    #[error("the key's self-signatures do not verify")]
    BadSignature,
    #[error("the key is larger than allowed")]
    TooLarge,
    #[error("the key has been revoked")]
    Revoked,
    /// Several keys (in one armored block, or several blocks) were given.
    #[error("the text contains more than one key; publish exactly one public key")]
    MultipleKeys,
    /// Only version 4 and version 6 keys are accepted.
    #[error("the key version is not supported (only OpenPGP v4 and v6 keys are accepted)")]
    UnsupportedVersion,
    /// The primary key uses an algorithm or curve that cannot be verified here.
    #[error("the key's algorithm is not supported")]
    UnsupportedAlgorithm,
    /// RSA or DSA primary key shorter than 2048 bits.
    #[error("the key is too weak (RSA and DSA keys need at least 2048 bits)")]
    WeakKey,
    /// No user ID and no direct-key signature is bound to the key by a valid self-signature.
    #[error("the key has no valid self-signature binding a user ID")]
    MissingSelfSignature,
}

const BEGIN_PUBLIC: &str = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
const END_PUBLIC: &str = "-----END PGP PUBLIC KEY BLOCK-----";
const BEGIN_PRIVATE: &str = "-----BEGIN PGP PRIVATE KEY BLOCK-----";
const BEGIN_ANY: &str = "-----BEGIN PGP ";
/// RSA and DSA primary keys below this size are refused, and RSA or ElGamal encryption subkeys
/// below it do not count as usable (RFC 9580 advises against accepting them).
const MIN_FINITE_FIELD_BITS: u16 = 2048;

impl OpenPgpKey {
    /// Max accepted armored size: 64 KiB.
    pub const MAX_ARMORED_BYTES: usize = 64 * 1024;

    /// Validates an ASCII-armored OpenPGP public key and extracts what the directory shows.
    ///
    /// An expired key is accepted (see the module documentation); a revoked one is not.
    pub fn parse(armored: &str) -> Result<Self, OpenPgpKeyError> {
        // Defence in depth: neither this module nor rPGP (which is fuzzed upstream) is expected to
        // panic on any input, but this text comes from outside, so a panic must not take the
        // request (or a bulk import) down with it: it is reported as a malformed key. (This only
        // helps while the build unwinds on panic, the default; the tests call
        // `parse_unguarded` so that a panic fails them instead of being hidden.)
        std::panic::catch_unwind(|| Self::parse_unguarded(armored))
            .unwrap_or(Err(OpenPgpKeyError::Malformed))
    }

    /// [`OpenPgpKey::parse`] without the panic guard.
    fn parse_unguarded(armored: &str) -> Result<Self, OpenPgpKeyError> {
        let trimmed = armored.trim();
        if trimmed.len() > Self::MAX_ARMORED_BYTES {
            return Err(OpenPgpKeyError::TooLarge);
        }
        let normalised = normalise(trimmed);
        check_armor_frame(&normalised)?;
        let inspected = inspect(&normalised)?;

        Ok(OpenPgpKey {
            armored: normalised,
            fingerprint: inspected.fingerprint,
            expires_at: inspected.expires_at,
            created_at: inspected.created_at,
            algorithm: inspected.algorithm,
            user_ids: inspected.user_ids,
            can_encrypt: inspected.can_encrypt,
        })
    }

    /// "expired" relative to `now`: the key has an expiry and it is at or before `now`.
    pub fn is_expired(&self, now: jiff::Timestamp) -> bool {
        self.expires_at.is_some_and(|at| at <= now)
    }

    /// expires before `deadline` (e.g. now + 30 days)
    ///
    /// True when the key has an expiry strictly before `deadline`, which includes a key that has
    /// already expired. A key that never expires never "expires before".
    pub fn expires_before(&self, deadline: jiff::Timestamp) -> bool {
        self.expires_at.is_some_and(|at| at < deadline)
    }
}

/// Line endings become `\n` (`\r\n` and lone `\r` alike) and trailing whitespace is removed
/// from every line; the text is already trimmed as a whole. When the armor has no headers and the
/// blank line after the BEGIN line was lost (as happens when a key is pasted), it is put back:
/// RFC 9580 requires it, and rPGP and other tools rely on it.
fn normalise(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut lines: Vec<&str> = unified.split('\n').map(str::trim_end).collect();
    let lost_blank_line = lines.get(1).is_some_and(|second| {
        !second.is_empty() && !second.starts_with("-----") && !is_armor_header(second)
    });
    if lines.first() == Some(&BEGIN_PUBLIC) && lost_blank_line {
        lines.insert(1, "");
    }
    lines.join("\n")
}

fn is_base64_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

/// Checks the armor (RFC 9580, section 6.2) before anything is handed to the parser: exactly one
/// public-key block, nothing before or after it, optional `Key: value` headers, then base64 with
/// padding only at its very end, then an optional `=XXXX` checksum line.
///
/// Lines are already free of trailing whitespace.
fn check_armor_frame(text: &str) -> Result<(), OpenPgpKeyError> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut begins = 0usize;
    let mut private = false;
    for line in &lines {
        if line.starts_with(BEGIN_ANY) {
            begins += 1;
            if *line == BEGIN_PRIVATE {
                private = true;
            }
        }
    }
    // A private block anywhere is the most important thing to say: the secret must not be kept.
    if private {
        return Err(OpenPgpKeyError::SecretKey);
    }
    let (Some(&first), Some(&last)) = (lines.first(), lines.last()) else {
        return Err(OpenPgpKeyError::NotArmored);
    };
    if first != BEGIN_PUBLIC || last != END_PUBLIC || lines.len() < 2 {
        return Err(OpenPgpKeyError::NotArmored);
    }
    if begins > 1 {
        return Err(OpenPgpKeyError::MultipleKeys);
    }
    let inner = lines.get(1..lines.len() - 1).unwrap_or_default();

    // Headers, up to the blank line that must separate them from the body.
    let Some(blank) = inner.iter().position(|l| l.is_empty()) else {
        return Err(OpenPgpKeyError::Malformed);
    };
    let (headers, rest) = inner.split_at(blank);
    if !headers.iter().all(|h| is_armor_header(h)) {
        return Err(OpenPgpKeyError::Malformed);
    }
    let body = rest.get(1..).unwrap_or_default();

    // Base64 lines, then an optional checksum line.
    let (body, _checksum) = match body.split_last() {
        Some((last, rest)) if is_checksum_line(last) => (rest, Some(*last)),
        _ => (body, None),
    };
    if body.is_empty() {
        return Err(OpenPgpKeyError::Malformed);
    }
    let mut padded = false;
    for line in body {
        if line.is_empty() || padded {
            return Err(OpenPgpKeyError::Malformed);
        }
        let data = line.trim_end_matches('=');
        let padding = line.len() - data.len();
        if padding > 2 || !data.chars().all(is_base64_char) {
            return Err(OpenPgpKeyError::Malformed);
        }
        padded = padding > 0;
    }
    Ok(())
}

/// `Key: value`, the key being printable ASCII without colon or space.
fn is_armor_header(line: &str) -> bool {
    match line.split_once(": ") {
        Some((key, _)) => !key.is_empty() && key.chars().all(|c| c.is_ascii_graphic() && c != ':'),
        None => false,
    }
}

/// `=` followed by exactly four base64 characters (the optional CRC-24).
fn is_checksum_line(line: &str) -> bool {
    line.len() == 5 && line.starts_with('=') && line.chars().skip(1).all(is_base64_char)
}

/// What [`inspect`] extracts from a valid key.
struct Inspected {
    fingerprint: String,
    expires_at: Option<jiff::Timestamp>,
    created_at: jiff::Timestamp,
    algorithm: String,
    user_ids: Vec<String>,
    can_encrypt: bool,
    encryption_keys: Vec<EncryptionKeyHandle>,
}

/// Parses the (framed, size-checked) armored text with rPGP and validates the key.
fn inspect(text: &str) -> Result<Inspected, OpenPgpKeyError> {
    let binary = dearmor(text)?;
    let key = parse_single_public_key(&binary)?;
    let primary = &key.primary_key;

    if !matches!(primary.version(), KeyVersion::V4 | KeyVersion::V6) {
        return Err(OpenPgpKeyError::UnsupportedVersion);
    }
    let algorithm = primary_algorithm_label(primary.public_params())?;

    let bindings = verify_self_signatures(&key)?;
    if bindings.revoked {
        return Err(OpenPgpKeyError::Revoked);
    }

    let created_secs = primary.created_at().as_secs();
    let created_at = timestamp(i64::from(created_secs))?;

    // The signature whose subpackets describe the primary key (expiry, key flags).
    let uid_binding = bindings.primary_user.as_ref().map(|u| u.binding);
    let (first, second) = if primary.version() == KeyVersion::V6 {
        (bindings.direct_key, uid_binding)
    } else {
        (uid_binding, bindings.direct_key)
    };
    let expiry_secs = first
        .and_then(Signature::key_expiration_time)
        .or_else(|| second.and_then(Signature::key_expiration_time))
        .map(|d| d.as_secs())
        .filter(|&secs| secs != 0);
    let expires_at = match expiry_secs {
        Some(secs) => Some(timestamp(i64::from(created_secs) + i64::from(secs))?),
        None => None,
    };

    // Key flags from the first of the two that has them; without any, the algorithm decides.
    let primary_flags_sig = [first, second]
        .into_iter()
        .flatten()
        .find(|s| has_key_flags(s))
        .or(first)
        .or(second);
    let primary_can_encrypt = primary_flags_sig.is_some_and(|s| flagged_for_encryption(s, primary))
        && params_usable_for_encryption(primary.public_params());
    let can_encrypt = primary_can_encrypt || !bindings.encryption_subkeys.is_empty();
    let mut encryption_keys: Vec<EncryptionKeyHandle> = bindings
        .encryption_subkeys
        .iter()
        .map(|k| EncryptionKeyHandle::of(*k))
        .collect();
    if primary_can_encrypt {
        encryption_keys.insert(0, EncryptionKeyHandle::of(primary));
    }

    let mut user_ids = Vec::with_capacity(bindings.users.len());
    if let Some(p) = &bindings.primary_user {
        user_ids.push(display_user_id(p.id));
    }
    for (index, user) in bindings.users.iter().enumerate() {
        if bindings
            .primary_user
            .as_ref()
            .is_some_and(|p| p.index == index)
        {
            continue;
        }
        user_ids.push(display_user_id(user.id));
    }

    Ok(Inspected {
        fingerprint: format!("{:X}", primary.fingerprint()),
        expires_at,
        created_at,
        algorithm,
        user_ids,
        can_encrypt,
        encryption_keys,
    })
}

/// Decodes the (already checked) armor with rPGP.
fn dearmor(text: &str) -> Result<Vec<u8>, OpenPgpKeyError> {
    use std::io::Read as _;

    let options = pgp::armor::DearmorOptions::new().set_limit(OpenPgpKey::MAX_ARMORED_BYTES);
    let mut dearmor = pgp::armor::Dearmor::with_options(BufReader::new(text.as_bytes()), options);
    dearmor
        .read_header()
        .map_err(|_| OpenPgpKeyError::Malformed)?;
    match dearmor.typ {
        Some(pgp::armor::BlockType::PublicKey) => {}
        Some(pgp::armor::BlockType::PrivateKey) => return Err(OpenPgpKeyError::SecretKey),
        _ => return Err(OpenPgpKeyError::NotArmored),
    }
    let mut binary = Vec::with_capacity(text.len() / 4 * 3);
    dearmor
        .read_to_end(&mut binary)
        .map_err(|_| OpenPgpKeyError::Malformed)?;
    Ok(binary)
}

/// Parses the binary packets and insists on exactly one transferable public key that accounts
/// for every byte of the input.
///
/// rPGP's composed parser is lenient: it skips packets it cannot parse, signatures of unexpected
/// types and unsigned components. Here, the packets are parsed one by one first, and both the
/// packet sequence and the composed key must re-serialise to exactly the input bytes (marker and
/// padding packets aside). So what the directory stores is exactly what was validated, and the
/// fingerprint shown is the one any other implementation computes from the stored text.
fn parse_single_public_key(binary: &[u8]) -> Result<SignedPublicKey, OpenPgpKeyError> {
    use pgp::packet::{Packet, PacketParser, PacketTrait as _};

    let mut secret = false;
    let mut primaries = 0usize;
    let mut broken = false;
    let mut all_bytes = Vec::with_capacity(binary.len());
    let mut kept_bytes = Vec::with_capacity(binary.len());
    let mut kept = Vec::new();
    for packet in PacketParser::new(binary) {
        let Ok(packet) = packet else {
            broken = true;
            continue;
        };
        match packet.tag() {
            Tag::SecretKey | Tag::SecretSubkey => secret = true,
            Tag::PublicKey => primaries += 1,
            _ => {}
        }
        if packet.to_writer(&mut all_bytes).is_err() {
            broken = true;
        }
        if !matches!(packet, Packet::Marker(_) | Packet::Padding(_)) {
            if packet.to_writer(&mut kept_bytes).is_err() {
                broken = true;
            }
            kept.push(packet);
        }
    }
    if secret {
        return Err(OpenPgpKeyError::SecretKey);
    }
    if primaries > 1 {
        return Err(OpenPgpKeyError::MultipleKeys);
    }
    if broken || primaries == 0 || all_bytes != binary {
        return Err(OpenPgpKeyError::Malformed);
    }

    let mut keys = SignedPublicKey::from_packets(kept.into_iter().map(Ok).peekable());
    let key = match keys.next() {
        Some(Ok(key)) => key,
        Some(Err(_)) | None => return Err(OpenPgpKeyError::Malformed),
    };
    if keys.next().is_some() {
        return Err(OpenPgpKeyError::Malformed);
    }
    match key.to_bytes() {
        Ok(round_trip) if round_trip == kept_bytes => Ok(key),
        // rPGP dropped unsigned user IDs and nothing signed is left: say what is missing.
        _ if key.details.users.is_empty() && key.details.direct_signatures.is_empty() => {
            Err(OpenPgpKeyError::MissingSelfSignature)
        }
        _ => Err(OpenPgpKeyError::Malformed),
    }
}

/// Who a signature says issued it, relative to the primary key.
enum Issuer {
    /// An issuer key ID or fingerprint subpacket names the primary key.
    Primary,
    /// Issuer subpackets are present and none names the primary key.
    Other,
    /// No issuer subpacket at all.
    Unknown,
}

fn issuer_of(sig: &Signature, primary: &PublicKey) -> Issuer {
    let fingerprints = sig.issuer_fingerprint();
    let key_ids = sig.issuer_key_id();
    if fingerprints.is_empty() && key_ids.is_empty() {
        return Issuer::Unknown;
    }
    let fingerprint = primary.fingerprint();
    let key_id = primary.legacy_key_id();
    if fingerprints.contains(&&fingerprint) || key_ids.contains(&&key_id) {
        Issuer::Primary
    } else {
        Issuer::Other
    }
}

/// Verifies `sig` if it is (or may be) a self-signature.
///
/// Returns `Ok(true)` for a valid self-signature, `Ok(false)` for a signature that is not one (a
/// third party's, or one without issuer that does not verify), and `BadSignature` for a signature
/// that names the primary key as issuer and does not verify.
fn check_self_signature(
    sig: &Signature,
    primary: &PublicKey,
    verify: impl FnOnce() -> pgp::errors::Result<()>,
) -> Result<bool, OpenPgpKeyError> {
    match issuer_of(sig, primary) {
        Issuer::Other => Ok(false),
        Issuer::Primary => match verify() {
            Ok(()) => Ok(true),
            Err(_) => Err(OpenPgpKeyError::BadSignature),
        },
        Issuer::Unknown => Ok(verify().is_ok()),
    }
}

fn created_secs(sig: &Signature) -> u32 {
    sig.created().map_or(0, |t| t.as_secs())
}

/// The newest of the given signatures (later position wins a tie).
fn newest<'a>(sigs: impl IntoIterator<Item = &'a Signature>) -> Option<&'a Signature> {
    sigs.into_iter()
        .fold(None, |best: Option<&Signature>, sig| match best {
            Some(b) if created_secs(b) > created_secs(sig) => Some(b),
            _ => Some(sig),
        })
}

/// A user ID with a valid, unrevoked self-certification.
struct BoundUser<'a> {
    id: &'a [u8],
    /// Its newest valid self-certification.
    binding: &'a Signature,
}

/// A reference to the primary user among [`Bindings::users`].
struct PrimaryUser<'a> {
    index: usize,
    id: &'a [u8],
    binding: &'a Signature,
}

/// The outcome of verifying every self-signature of the key.
struct Bindings<'a> {
    revoked: bool,
    direct_key: Option<&'a Signature>,
    users: Vec<BoundUser<'a>>,
    primary_user: Option<PrimaryUser<'a>>,
    /// Subkeys bound, not revoked and usable for encryption.
    encryption_subkeys: Vec<&'a pgp::packet::PublicSubkey>,
}

fn verify_self_signatures(key: &SignedPublicKey) -> Result<Bindings<'_>, OpenPgpKeyError> {
    let primary = &key.primary_key;
    let details = &key.details;

    // Key revocations (only those issued by the key itself; designated revokers are not modelled).
    let mut revoked = false;
    for sig in &details.revocation_signatures {
        if check_self_signature(sig, primary, || sig.verify_key(primary))? {
            revoked = true;
        }
    }

    // Direct-key signatures. rPGP files any other signature found between the primary key and
    // the first user ID here too; such a signature has no meaning there and the key is refused.
    let mut direct = Vec::new();
    for sig in &details.direct_signatures {
        if sig.typ() != Some(SignatureType::Key) {
            return Err(OpenPgpKeyError::Malformed);
        }
        if check_self_signature(sig, primary, || sig.verify_key(primary))? {
            direct.push(sig);
        }
    }
    let direct_key = newest(direct);

    // User IDs: newest valid certification; revoked if a valid revocation is at least as new.
    let mut users = Vec::new();
    for user in &details.users {
        let mut certifications = Vec::new();
        let mut revocations = Vec::new();
        for sig in &user.signatures {
            let valid = check_self_signature(sig, primary, || {
                sig.verify_certification(primary, Tag::UserId, &user.id)
            })?;
            if !valid {
                continue;
            }
            if sig.typ() == Some(SignatureType::CertRevocation) {
                revocations.push(sig);
            } else {
                certifications.push(sig);
            }
        }
        let Some(binding) = newest(certifications) else {
            continue;
        };
        let revoked_after =
            newest(revocations).is_some_and(|rev| created_secs(rev) >= created_secs(binding));
        if !revoked_after {
            users.push(BoundUser {
                id: user.id.id(),
                binding,
            });
        }
    }
    // User attributes (photos) are not shown, but their self-signatures must verify too.
    for attr in &details.user_attributes {
        for sig in &attr.signatures {
            check_self_signature(sig, primary, || {
                sig.verify_certification(primary, Tag::UserAttribute, &attr.attr)
            })?;
        }
    }

    if users.is_empty() && direct_key.is_none() {
        return Err(OpenPgpKeyError::MissingSelfSignature);
    }

    let primary_user = pick_primary_user(&users);

    // Subkeys: bound, not revoked, and usable for encryption.
    let mut encryption_subkeys = Vec::new();
    for subkey in &key.public_subkeys {
        let mut bindings = Vec::new();
        let mut revocations = Vec::new();
        for sig in &subkey.signatures {
            // Only the primary key can bind or revoke its subkeys, whatever the issuer subpacket
            // says: every such signature must verify.
            if sig.verify_subkey_binding(primary, &subkey.key).is_err() {
                return Err(OpenPgpKeyError::BadSignature);
            }
            match sig.typ() {
                Some(SignatureType::SubkeyRevocation) => revocations.push(sig),
                Some(SignatureType::SubkeyBinding) => bindings.push(sig),
                _ => {}
            }
        }
        let Some(binding) = newest(bindings) else {
            continue;
        };
        if !revocations.is_empty() {
            // Conservative: a subkey that has a valid revocation is not offered for encryption,
            // even if a newer binding exists (implementations differ on soft revocations).
            continue;
        }
        if flagged_for_encryption(binding, &subkey.key)
            && params_usable_for_encryption(subkey.key.public_params())
        {
            encryption_subkeys.push(&subkey.key);
        }
    }

    Ok(Bindings {
        revoked,
        direct_key,
        users,
        primary_user,
        encryption_subkeys,
    })
}

/// The primary user ID: among bound user IDs whose newest self-signature carries the primary flag,
/// the one with the newest self-signature; without any flag, the one with the newest self-signature.
fn pick_primary_user<'a>(users: &[BoundUser<'a>]) -> Option<PrimaryUser<'a>> {
    let pick = |only_flagged: bool| {
        users
            .iter()
            .enumerate()
            .filter(|(_, u)| !only_flagged || u.binding.is_primary())
            .fold(
                None,
                |best: Option<(usize, &BoundUser<'a>)>, (i, u)| match best {
                    Some((_, b)) if created_secs(b.binding) >= created_secs(u.binding) => best,
                    _ => Some((i, u)),
                },
            )
    };
    pick(true)
        .or_else(|| pick(false))
        .map(|(index, u)| PrimaryUser {
            index,
            id: u.id,
            binding: u.binding,
        })
}

fn has_key_flags(sig: &Signature) -> bool {
    sig.config().is_some_and(|c| {
        c.hashed_subpackets()
            .any(|p| matches!(p.data, SubpacketData::KeyFlags(_)))
    })
}

/// The binding's key flags allow encryption; without a key-flags subpacket (old keys), whether
/// the key's algorithm can encrypt.
fn flagged_for_encryption(binding: &Signature, key: &impl KeyDetails) -> bool {
    if has_key_flags(binding) {
        let flags = binding.key_flags();
        flags.encrypt_comms() || flags.encrypt_storage()
    } else {
        key.algorithm().can_encrypt()
    }
}

/// Bit length of the first MPI of finite-field public parameters (RSA n, DSA p, ElGamal p).
fn first_mpi_bits(params: &PublicParams) -> Option<u16> {
    let bytes = params.to_bytes().ok()?;
    match bytes.as_slice() {
        [hi, lo, ..] => Some(u16::from_be_bytes([*hi, *lo])),
        _ => None,
    }
}

/// Short label of the primary key's algorithm, in GnuPG's style; refuses unsupported or weak keys.
fn primary_algorithm_label(params: &PublicParams) -> Result<String, OpenPgpKeyError> {
    use pgp::types::{EcdsaPublicParams, EddsaLegacyPublicParams};

    let finite_field = |prefix: &str| {
        let bits = first_mpi_bits(params).ok_or(OpenPgpKeyError::Malformed)?;
        if bits < MIN_FINITE_FIELD_BITS {
            return Err(OpenPgpKeyError::WeakKey);
        }
        Ok(format!("{prefix}{bits}"))
    };
    match params {
        PublicParams::RSA(_) => finite_field("rsa"),
        PublicParams::DSA(_) => finite_field("dsa"),
        PublicParams::EdDSALegacy(EddsaLegacyPublicParams::Ed25519 { .. })
        | PublicParams::Ed25519(_) => Ok("ed25519".to_owned()),
        PublicParams::Ed448(_) => Ok("ed448".to_owned()),
        PublicParams::ECDSA(ecdsa) if ecdsa.is_supported() => {
            let curve = ecdsa.curve();
            let label = curve.alias().unwrap_or_else(|| curve.name()).to_owned();
            Ok(label)
        }
        PublicParams::ECDSA(EcdsaPublicParams::Unsupported { .. }) => {
            Err(OpenPgpKeyError::UnsupportedAlgorithm)
        }
        // Encryption-only algorithms (and ElGamal, whose signatures rPGP does not verify) cannot
        // carry a verifiable self-signature; unknown and unsupported ones cannot be verified here.
        _ => Err(OpenPgpKeyError::UnsupportedAlgorithm),
    }
}

/// Whether the key material is an encryption algorithm that OpenPGP implementations can use.
fn params_usable_for_encryption(params: &PublicParams) -> bool {
    use pgp::types::EcdhPublicParams;

    match params {
        PublicParams::RSA(_) | PublicParams::Elgamal(_) => {
            first_mpi_bits(params).is_some_and(|bits| bits >= MIN_FINITE_FIELD_BITS)
        }
        PublicParams::ECDH(EcdhPublicParams::Unsupported { .. }) => false,
        PublicParams::ECDH(_) | PublicParams::X25519(_) | PublicParams::X448(_) => true,
        // Post-quantum KEMs (when rPGP is built with them) and anything unknown: not counted.
        _ => false,
    }
}

/// A user ID as text for display: lossy UTF-8, control characters removed.
fn display_user_id(id: &[u8]) -> String {
    String::from_utf8_lossy(id)
        .chars()
        .filter(|c| !c.is_control())
        .collect()
}

fn timestamp(seconds: i64) -> Result<jiff::Timestamp, OpenPgpKeyError> {
    jiff::Timestamp::from_second(seconds).map_err(|_| OpenPgpKeyError::Malformed)
}

// ----- Keys used by inquiry threads (issue 5) ------------------------------------------------

/// One (sub)key a sender may encrypt to: what a public-key encrypted session key packet names
/// (a v3 PKESK gives the 8-byte key ID, a v6 PKESK the fingerprint).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct EncryptionKeyHandle {
    /// Upper-case hex, 40 characters for a v4 key, 64 for a v6 key.
    pub fingerprint: String,
    /// Upper-case hex, 16 characters.
    pub key_id: String,
}

impl EncryptionKeyHandle {
    fn of(key: &impl KeyDetails) -> Self {
        EncryptionKeyHandle {
            fingerprint: format!("{:X}", key.fingerprint()),
            key_id: hex::encode_upper(key.legacy_key_id()),
        }
    }
}

impl OpenPgpKey {
    /// The (sub)keys of this key usable for encryption (the same rule as `can_encrypt`), the
    /// primary first when it can encrypt itself. Computed from the stored text, which was
    /// validated when the key was accepted, so it parses again.
    pub fn encryption_keys(&self) -> Vec<EncryptionKeyHandle> {
        std::panic::catch_unwind(|| inspect(&self.armored).map(|i| i.encryption_keys))
            .ok()
            .and_then(Result::ok)
            .unwrap_or_default()
    }

    /// Usable to receive a thread's messages at `now`: it can encrypt and has not expired.
    pub fn usable_for_encryption(&self, now: jiff::Timestamp) -> bool {
        self.can_encrypt && !self.is_expired(now)
    }
}

/// A POC user's secret key as the server may keep it for them (so one person can use several
/// devices): ASCII-armored, and every secret (sub)key locked with a passphrase the server never
/// sees. The server checks only the packets' outline; it cannot and does not unlock anything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtectedSecretKey {
    /// The armored text as given (trimmed, `\n` line endings).
    pub armored: String,
    /// Fingerprint of the primary key, upper-case hex.
    pub fingerprint: String,
}

/// Why a secret-key blob is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SecretKeyBlobError {
    #[error("not an ASCII-armored OpenPGP private key block")]
    NotArmored,
    #[error("the private key block is larger than allowed")]
    TooLarge,
    #[error("the private key block could not be parsed")]
    Malformed,
    /// A secret (sub)key is stored in the clear: the server must never hold a usable key.
    #[error("a secret key in the block is not protected by a passphrase")]
    Unprotected,
    #[error("the block holds more than one key")]
    MultipleKeys,
}

impl SecretKeyBlobError {
    pub fn detail(self) -> &'static str {
        match self {
            SecretKeyBlobError::NotArmored => "not_armored",
            SecretKeyBlobError::TooLarge => "too_large",
            SecretKeyBlobError::Malformed => "malformed",
            SecretKeyBlobError::Unprotected => "unprotected",
            SecretKeyBlobError::MultipleKeys => "multiple_keys",
        }
    }
}

const BEGIN_PRIVATE_END: &str = "-----END PGP PRIVATE KEY BLOCK-----";

impl ProtectedSecretKey {
    pub const MAX_ARMORED_BYTES: usize = 64 * 1024;

    pub fn parse(armored: &str) -> Result<Self, SecretKeyBlobError> {
        std::panic::catch_unwind(|| Self::parse_unguarded(armored))
            .unwrap_or(Err(SecretKeyBlobError::Malformed))
    }

    fn parse_unguarded(armored: &str) -> Result<Self, SecretKeyBlobError> {
        use pgp::packet::{Packet, PacketParser};
        use std::io::Read as _;

        let trimmed = armored.trim();
        if trimmed.len() > Self::MAX_ARMORED_BYTES {
            return Err(SecretKeyBlobError::TooLarge);
        }
        let text = trimmed.replace("\r\n", "\n");
        if !text.starts_with(BEGIN_PRIVATE) || !text.ends_with(BEGIN_PRIVATE_END) {
            return Err(SecretKeyBlobError::NotArmored);
        }
        if text.matches(BEGIN_ANY).count() != 1 {
            return Err(SecretKeyBlobError::MultipleKeys);
        }
        let options = pgp::armor::DearmorOptions::new().set_limit(Self::MAX_ARMORED_BYTES);
        let mut dearmor =
            pgp::armor::Dearmor::with_options(BufReader::new(text.as_bytes()), options);
        dearmor
            .read_header()
            .map_err(|_| SecretKeyBlobError::Malformed)?;
        if dearmor.typ != Some(pgp::armor::BlockType::PrivateKey) {
            return Err(SecretKeyBlobError::NotArmored);
        }
        let mut binary = Vec::new();
        dearmor
            .read_to_end(&mut binary)
            .map_err(|_| SecretKeyBlobError::Malformed)?;

        let mut fingerprint = None;
        for packet in PacketParser::new(binary.as_slice()) {
            match packet.map_err(|_| SecretKeyBlobError::Malformed)? {
                Packet::SecretKey(k) => {
                    if fingerprint.is_some() {
                        return Err(SecretKeyBlobError::MultipleKeys);
                    }
                    if !k.secret_params().is_encrypted() {
                        return Err(SecretKeyBlobError::Unprotected);
                    }
                    fingerprint = Some(format!("{:X}", k.fingerprint()));
                }
                Packet::SecretSubkey(k) => {
                    if !k.secret_params().is_encrypted() {
                        return Err(SecretKeyBlobError::Unprotected);
                    }
                }
                Packet::PublicKey(_) => return Err(SecretKeyBlobError::MultipleKeys),
                Packet::UserId(_)
                | Packet::UserAttribute(_)
                | Packet::Signature(_)
                | Packet::PublicSubkey(_)
                | Packet::Trust(_)
                | Packet::Marker(_)
                | Packet::Padding(_) => {}
                _ => return Err(SecretKeyBlobError::Malformed),
            }
        }
        let fingerprint = fingerprint.ok_or(SecretKeyBlobError::Malformed)?;
        Ok(ProtectedSecretKey {
            armored: text,
            fingerprint,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    const ED25519: &str = include_str!("../tests/fixtures/openpgp/ed25519.asc");
    const ED25519_SECRET: &str = include_str!("../tests/fixtures/openpgp/ed25519-secret.asc");
    const REVOKED: &str = include_str!("../tests/fixtures/openpgp/revoked.asc");
    const RSA3072: &str = include_str!("../tests/fixtures/openpgp/rsa3072.asc");
    const NO_EXPIRY: &str = include_str!("../tests/fixtures/openpgp/no-expiry-sign-only.asc");
    const EXPIRED: &str = include_str!("../tests/fixtures/openpgp/expired.asc");
    const EXTENDED: &str = include_str!("../tests/fixtures/openpgp/extended.asc");
    const MULTI_UID: &str = include_str!("../tests/fixtures/openpgp/multi-uid.asc");
    const REVOKED_SUBKEY: &str = include_str!("../tests/fixtures/openpgp/revoked-subkey.asc");
    const NISTP256: &str = include_str!("../tests/fixtures/openpgp/nistp256.asc");
    const RSA1024: &str = include_str!("../tests/fixtures/openpgp/rsa1024.asc");
    const BRAINPOOL: &str = include_str!("../tests/fixtures/openpgp/brainpool.asc");
    const TWO_KEYS_ONE_BLOCK: &str =
        include_str!("../tests/fixtures/openpgp/two-keys-one-block.asc");
    const TWO_KEYS_TWO_BLOCKS: &str =
        include_str!("../tests/fixtures/openpgp/two-keys-two-blocks.asc");
    const V6_SAMPLE: &str = include_str!("../tests/fixtures/openpgp/rfc9580-v6-sample.asc");

    /// Every fixture that parses, for the loops below.
    const VALID: [&str; 9] = [
        ED25519,
        RSA3072,
        NO_EXPIRY,
        EXPIRED,
        EXTENDED,
        MULTI_UID,
        REVOKED_SUBKEY,
        NISTP256,
        V6_SAMPLE,
    ];

    fn ts(seconds: i64) -> jiff::Timestamp {
        jiff::Timestamp::from_second(seconds).unwrap()
    }

    // --- small helpers to build armored text from binary packets -------------------------------

    fn base64(data: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in data.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    fn armor(binary: &[u8]) -> String {
        let encoded = base64(binary);
        let mut out = String::from("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n");
        for line in encoded.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(line).unwrap());
            out.push('\n');
        }
        out.push_str("-----END PGP PUBLIC KEY BLOCK-----\n");
        out
    }

    /// The binary transferable public key of a fixture, as rPGP re-serialises it.
    fn binary(armored: &str) -> Vec<u8> {
        let (key, _) = SignedPublicKey::from_string(armored).unwrap();
        key.to_bytes().unwrap()
    }

    /// A tiny deterministic PRNG (xorshift64*), so the mutation loops need no extra dependency.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % (n.max(1) as u64)) as usize
        }
    }

    // --- accepted keys: values checked against GnuPG ------------------------------------------

    #[test]
    fn ed25519_key_matches_gpg() {
        let key = OpenPgpKey::parse(ED25519).unwrap();
        // gpg --with-colons --fingerprint
        assert_eq!(key.fingerprint, "7E0AA2C5897F8F7B9BDDB227807F1B84FBFCFA72");
        assert_eq!(key.created_at, ts(1_795_333_068));
        assert_eq!(key.expires_at, Some(ts(1_858_405_068)));
        assert_eq!(key.algorithm, "ed25519");
        assert_eq!(
            key.user_ids,
            vec!["CERT-FR <cert@cert.fr.example>".to_owned()]
        );
        assert!(key.can_encrypt);
        assert_eq!(key.armored, ED25519.trim());
    }

    #[test]
    fn rsa3072_key_matches_gpg() {
        let key = OpenPgpKey::parse(RSA3072).unwrap();
        assert_eq!(key.fingerprint, "9D294D3D0C636311AA3DF88DD61EF0121B7D4D9F");
        assert_eq!(key.created_at, ts(1_795_333_068));
        assert_eq!(key.expires_at, Some(ts(1_826_869_068)));
        assert_eq!(key.algorithm, "rsa3072");
        assert_eq!(
            key.user_ids,
            vec!["NCSC-XX <pgp@ncsc.xx.example>".to_owned()]
        );
        assert!(key.can_encrypt);
    }

    #[test]
    fn key_without_expiry_and_without_encryption_subkey() {
        let key = OpenPgpKey::parse(NO_EXPIRY).unwrap();
        assert_eq!(key.fingerprint, "377530C8FCAE48335A42878DB36429F84B136ECC");
        assert_eq!(key.created_at, ts(1_795_333_069));
        assert_eq!(key.expires_at, None);
        assert!(!key.can_encrypt, "sign-only key");
        assert!(!key.is_expired(ts(i64::from(u32::MAX))));
        assert!(!key.expires_before(ts(i64::from(u32::MAX))));
    }

    #[test]
    fn expired_key_still_parses_and_reports_expiry() {
        let key = OpenPgpKey::parse(EXPIRED).unwrap();
        assert_eq!(key.fingerprint, "C1024C0BC8657A4100D670AED79E2309C13F6BEF");
        assert_eq!(key.created_at, ts(1_583_064_000));
        assert_eq!(key.expires_at, Some(ts(1_614_600_000)));
        assert!(key.can_encrypt);
        let now = ts(1_700_000_000);
        assert!(key.is_expired(now));
        assert!(key.expires_before(now));
        // Expiry is inclusive: at the very second the key is expired, one second before it is not.
        assert!(key.is_expired(ts(1_614_600_000)));
        assert!(!key.is_expired(ts(1_614_599_999)));
        assert!(!key.expires_before(ts(1_614_600_000)));
        assert!(key.expires_before(ts(1_614_600_001)));
    }

    #[test]
    fn expires_before_a_warning_deadline() {
        let key = OpenPgpKey::parse(ED25519).unwrap();
        let expiry = ts(1_858_405_068);
        let month = jiff::SignedDuration::from_hours(24 * 30);
        let now = expiry
            .checked_sub(month)
            .unwrap()
            .checked_sub(jiff::SignedDuration::from_secs(1))
            .unwrap();
        assert!(!key.is_expired(now));
        assert!(!key.expires_before(now.checked_add(month).unwrap()));
        let later = now.checked_add(jiff::SignedDuration::from_secs(2)).unwrap();
        assert!(key.expires_before(later.checked_add(month).unwrap()));
        assert!(!key.is_expired(later));
    }

    #[test]
    fn expiry_comes_from_the_newest_self_signature() {
        // The user ID carries the original 1-year self-signature and the newer one that extended
        // the key to 2030-06-30; gpg reports the newer expiry.
        let (signed, _) = SignedPublicKey::from_string(EXTENDED).unwrap();
        assert_eq!(
            signed.details.users[0].signatures.len(),
            2,
            "fixture has both self-sigs"
        );
        let key = OpenPgpKey::parse(EXTENDED).unwrap();
        assert_eq!(key.fingerprint, "EE0B4F9DE3638E37FFCEFA4C4DC83D62B3DB1951");
        assert_eq!(key.created_at, ts(1_610_697_600));
        assert_eq!(key.expires_at, Some(ts(1_909_051_200)));

        // Order of the signatures does not matter.
        let mut reversed = signed.clone();
        reversed.details.users[0].signatures.reverse();
        let key = OpenPgpKey::parse(&armor(&reversed.to_bytes().unwrap())).unwrap();
        assert_eq!(key.expires_at, Some(ts(1_909_051_200)));

        // With only the old self-signature, the old expiry applies.
        let mut old_only = signed.clone();
        old_only.details.users[0]
            .signatures
            .retain(|s| created_secs(s) == 1_610_697_600);
        assert_eq!(old_only.details.users[0].signatures.len(), 1);
        let key = OpenPgpKey::parse(&armor(&old_only.to_bytes().unwrap())).unwrap();
        assert_eq!(key.expires_at, Some(ts(1_610_697_600 + 365 * 24 * 3600)));
    }

    #[test]
    fn multi_uid_key_shows_bound_user_ids_primary_first() {
        let key = OpenPgpKey::parse(MULTI_UID).unwrap();
        assert_eq!(key.fingerprint, "9CE78ED18F712F5DA08999EB9997C8D5F755D2FD");
        assert_eq!(key.created_at, ts(1_795_333_069));
        assert_eq!(key.expires_at, Some(ts(1_889_941_069)));
        // The revoked user ID is not shown; the third-party certification on "Second" is ignored.
        assert_eq!(
            key.user_ids,
            vec![
                "MFA-QQ Primary <primary@mfa.qq.example>".to_owned(),
                "MFA-QQ Second <second@mfa.qq.example>".to_owned(),
            ]
        );
        assert!(key.can_encrypt);
    }

    #[test]
    fn revoked_encryption_subkey_is_not_usable() {
        let key = OpenPgpKey::parse(REVOKED_SUBKEY).unwrap();
        assert_eq!(key.fingerprint, "DCFFDCF55885B85E56EA3F667CE0997D960102EC");
        assert_eq!(key.expires_at, Some(ts(1_858_405_086)));
        assert!(!key.can_encrypt);
    }

    #[test]
    fn nistp256_key() {
        let key = OpenPgpKey::parse(NISTP256).unwrap();
        assert_eq!(key.fingerprint, "355272F89EB3BE74C01D16DD9B71358CE2D5D284");
        assert_eq!(key.algorithm, "nistp256");
        assert_eq!(key.expires_at, None);
        assert!(key.can_encrypt);
    }

    #[test]
    fn rfc9580_v6_sample_certificate() {
        let key = OpenPgpKey::parse(V6_SAMPLE).unwrap();
        assert_eq!(
            key.fingerprint,
            "CB186C4F0609A697E4D52DFA6C722B0C1F1E27C18A56708F6525EC27BAD9ACC9"
        );
        assert_eq!(key.fingerprint.len(), 64);
        assert_eq!(key.created_at, ts(1_669_824_483));
        assert_eq!(key.expires_at, None);
        assert_eq!(key.algorithm, "ed25519");
        assert!(key.user_ids.is_empty());
        assert!(key.can_encrypt, "X25519 subkey");
    }

    #[test]
    fn line_endings_and_surrounding_whitespace_are_normalised() {
        let crlf = format!("\r\n  {}\r\n\r\n", ED25519.trim().replace('\n', "\r\n"));
        let key = OpenPgpKey::parse(&crlf).unwrap();
        assert_eq!(key.armored, ED25519.trim());
        assert!(!key.armored.contains('\r'));
        assert_eq!(key, OpenPgpKey::parse(ED25519).unwrap());
    }

    #[test]
    fn armor_variants_that_other_tools_produce_are_accepted() {
        let reference = OpenPgpKey::parse(ED25519).unwrap();
        let text = ED25519.trim();
        let without_crc: String = {
            let mut lines: Vec<&str> = text.lines().collect();
            let crc = lines.len() - 2;
            assert!(lines[crc].starts_with('='));
            lines.remove(crc);
            lines.join("\n")
        };
        let with_headers = text.replacen(
            "-----\n\n",
            "-----\nComment: CERT-FR contact key\nVersion: GnuPG v2\n\n",
            1,
        );
        let without_blank_line = text.replacen("-----\n\n", "-----\n", 1);
        let trailing_spaces = text.replace('\n', "  \n");
        let rewrapped = {
            let lines: Vec<&str> = text.lines().collect();
            let body: String = lines[2..lines.len() - 2].concat();
            let wrapped: Vec<String> = body
                .as_bytes()
                .chunks(76)
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect();
            format!(
                "{}\n\n{}\n{}\n{}",
                lines[0],
                wrapped.join("\n"),
                lines[lines.len() - 2],
                lines[lines.len() - 1]
            )
        };
        for (name, variant) in [
            ("without CRC", without_crc),
            ("with headers", with_headers),
            ("without blank line", without_blank_line),
            ("trailing spaces", trailing_spaces),
            ("rewrapped", rewrapped),
        ] {
            let key = OpenPgpKey::parse(&variant).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(key.fingerprint, reference.fingerprint, "{name}");
            assert!(!key.armored.contains(" \n"), "{name}: trailing spaces kept");
            assert!(
                key.armored.starts_with(&format!("{BEGIN_PUBLIC}\n")),
                "{name}"
            );
            assert!(
                key.armored.contains("\n\n"),
                "{name}: blank line after BEGIN/headers"
            );
        }
    }

    #[test]
    fn broken_armor_structure_is_malformed() {
        let text = ED25519.trim();
        let lines: Vec<&str> = text.lines().collect();
        // Padding in the middle of the body.
        let mut mid_pad = lines.clone();
        let padded = format!("{}==", &lines[3][..lines[3].len() - 2]);
        mid_pad[3] = &padded;
        // A header line without the blank line after it.
        let header_no_blank = text.replacen("-----\n\n", "-----\nComment: x\n", 1);
        // Junk characters in the body.
        let junk = text.replacen("mDME", "m*ME", 1);
        // Blank line inside the body.
        let mut gap = lines.clone();
        gap.insert(4, "");
        for (name, variant) in [
            ("padding mid-body", mid_pad.join("\n")),
            ("header without blank line", header_no_blank),
            ("junk character", junk),
            ("blank line in body", gap.join("\n")),
        ] {
            assert_eq!(
                OpenPgpKey::parse(&variant),
                Err(OpenPgpKeyError::Malformed),
                "{name}"
            );
        }
    }

    #[test]
    fn trailing_bytes_after_the_key_are_refused() {
        let mut bin = binary(ED25519);
        bin.push(0x00);
        assert_eq!(
            OpenPgpKey::parse(&armor(&bin)),
            Err(OpenPgpKeyError::Malformed)
        );
        let mut bin = binary(ED25519);
        bin.extend_from_slice(b"\xb4\x05hello");
        assert!(OpenPgpKey::parse(&armor(&bin)).is_err());
    }

    #[test]
    fn serde_round_trip() {
        let key = OpenPgpKey::parse(RSA3072).unwrap();
        let json = serde_json::to_string(&key).unwrap();
        let back: OpenPgpKey = serde_json::from_str(&json).unwrap();
        assert_eq!(key, back);
    }

    // --- refused input ------------------------------------------------------------------------

    #[test]
    fn garbage_is_not_armored() {
        for input in [
            "",
            "   \n\t ",
            "hello",
            "mDMEawKbzBYJKwYBBAHaRw8BAQdAHTeLNq/23/BwU7sty0vXV3QEM50InYUO4c+6",
            "-----BEGIN PGP MESSAGE-----\n\nhQEMA\n-----END PGP MESSAGE-----",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----",
            "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n-----END PGP MESSAGE-----",
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl x",
        ] {
            assert_eq!(
                OpenPgpKey::parse(input),
                Err(OpenPgpKeyError::NotArmored),
                "{input:?}"
            );
        }
        // Text around the armor is refused too.
        let prose = format!("Here is our key:\n{ED25519}");
        assert_eq!(OpenPgpKey::parse(&prose), Err(OpenPgpKeyError::NotArmored));
        let trailer = format!("{ED25519}\n-- \nCERT-FR");
        assert_eq!(
            OpenPgpKey::parse(&trailer),
            Err(OpenPgpKeyError::NotArmored)
        );
    }

    #[test]
    fn empty_or_garbled_armor_body_is_malformed() {
        for body in [
            "",
            "not base64 at all!!!",
            "AAAA",
            "////////",
            "mDMEawKbzBYJ",
        ] {
            let input = format!(
                "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n{body}\n-----END PGP PUBLIC KEY BLOCK-----"
            );
            assert_eq!(
                OpenPgpKey::parse(&input),
                Err(OpenPgpKeyError::Malformed),
                "{body:?}"
            );
        }
    }

    #[test]
    fn truncated_armor_is_refused() {
        let text = ED25519.trim();
        // Cut anywhere: without its END line the text is not an armored key.
        for cut in (1..text.len()).step_by(7) {
            let result = OpenPgpKey::parse(&text[..cut]);
            assert!(result.is_err(), "cut at {cut}");
        }
        // Body cut in half but END line kept: the packets are incomplete.
        let lines: Vec<&str> = text.lines().collect();
        let mut short = lines[..lines.len() / 2].join("\n");
        short.push_str("\n-----END PGP PUBLIC KEY BLOCK-----");
        assert!(matches!(
            OpenPgpKey::parse(&short),
            Err(OpenPgpKeyError::Malformed | OpenPgpKeyError::MissingSelfSignature)
        ));
        // A key cut after its primary key packet and user ID (no signatures) has no binding.
        let bin = binary(ED25519);
        let uid_end = 2 + usize::from(bin[1]) + 2 + usize::from(bin[2 + usize::from(bin[1]) + 1]);
        assert_eq!(
            OpenPgpKey::parse(&armor(&bin[..uid_end])),
            Err(OpenPgpKeyError::MissingSelfSignature)
        );
    }

    #[test]
    fn binary_noise_is_refused() {
        let mut rng = Rng(0x5EED_0001);
        for len in [1usize, 2, 16, 100, 1000, 10_000] {
            let noise: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            let lossy = String::from_utf8_lossy(&noise);
            assert!(OpenPgpKey::parse(&lossy).is_err());
            // The same noise, wrapped in a valid armor frame.
            assert!(OpenPgpKey::parse(&armor(&noise)).is_err());
        }
    }

    #[test]
    fn oversized_input_is_refused_before_parsing() {
        let mib = "A".repeat(1024 * 1024);
        assert_eq!(OpenPgpKey::parse(&mib), Err(OpenPgpKeyError::TooLarge));
        // A well-framed armor of 1 MiB is refused for its size, not parsed.
        let big = armor(&vec![0x99; 768 * 1024]);
        assert!(big.len() > 1024 * 1024);
        assert_eq!(OpenPgpKey::parse(&big), Err(OpenPgpKeyError::TooLarge));
        // Just over the limit; surrounding whitespace does not count.
        let over = "x".repeat(OpenPgpKey::MAX_ARMORED_BYTES + 1);
        assert_eq!(OpenPgpKey::parse(&over), Err(OpenPgpKeyError::TooLarge));
        let padded = format!("{}{ED25519}{}", " ".repeat(40_000), "\n".repeat(40_000));
        assert!(OpenPgpKey::parse(&padded).is_ok());
    }

    #[test]
    fn secret_key_is_refused() {
        assert_eq!(
            OpenPgpKey::parse(ED25519_SECRET),
            Err(OpenPgpKeyError::SecretKey)
        );
        // Even relabelled as a public key block, the packets give it away.
        let relabelled = ED25519_SECRET.replace("PRIVATE KEY BLOCK", "PUBLIC KEY BLOCK");
        assert_eq!(
            OpenPgpKey::parse(&relabelled),
            Err(OpenPgpKeyError::SecretKey)
        );
        // And next to a public key.
        let both = format!("{ED25519}\n{ED25519_SECRET}");
        assert_eq!(OpenPgpKey::parse(&both), Err(OpenPgpKeyError::SecretKey));
    }

    #[test]
    fn several_keys_are_refused() {
        assert_eq!(
            OpenPgpKey::parse(TWO_KEYS_ONE_BLOCK),
            Err(OpenPgpKeyError::MultipleKeys)
        );
        assert_eq!(
            OpenPgpKey::parse(TWO_KEYS_TWO_BLOCKS),
            Err(OpenPgpKeyError::MultipleKeys)
        );
        let mut twice = binary(ED25519);
        twice.extend(binary(ED25519));
        assert_eq!(
            OpenPgpKey::parse(&armor(&twice)),
            Err(OpenPgpKeyError::MultipleKeys)
        );
    }

    #[test]
    fn revoked_key_is_refused() {
        assert_eq!(OpenPgpKey::parse(REVOKED), Err(OpenPgpKeyError::Revoked));
    }

    #[test]
    fn weak_and_unsupported_keys_are_refused() {
        assert_eq!(OpenPgpKey::parse(RSA1024), Err(OpenPgpKeyError::WeakKey));
        // rPGP cannot verify brainpool ECDSA signatures.
        assert_eq!(
            OpenPgpKey::parse(BRAINPOOL),
            Err(OpenPgpKeyError::UnsupportedAlgorithm)
        );
    }

    #[test]
    fn tampered_user_id_fails_signature_check() {
        let mut bin = binary(ED25519);
        let at = bin.windows(7).position(|w| w == b"CERT-FR").unwrap();
        bin[at] = b'D';
        assert_eq!(
            OpenPgpKey::parse(&armor(&bin)),
            Err(OpenPgpKeyError::BadSignature)
        );
    }

    #[test]
    fn tampered_subkey_fails_signature_check() {
        let (mut key, _) = SignedPublicKey::from_string(ED25519).unwrap();
        // Swap in the subkey of another key: its binding signature no longer matches.
        let (other, _) = SignedPublicKey::from_string(EXPIRED).unwrap();
        key.public_subkeys[0].key = other.public_subkeys[0].key.clone();
        assert_eq!(
            OpenPgpKey::parse(&armor(&key.to_bytes().unwrap())),
            Err(OpenPgpKeyError::BadSignature)
        );
    }

    #[test]
    fn forged_expiry_from_another_key_fails() {
        // A self-signature taken from another key (other issuer) does not bind this user ID.
        let (mut key, _) = SignedPublicKey::from_string(ED25519).unwrap();
        let (other, _) = SignedPublicKey::from_string(NO_EXPIRY).unwrap();
        key.details.users[0].signatures = other.details.users[0].signatures.clone();
        key.public_subkeys.clear();
        assert_eq!(
            OpenPgpKey::parse(&armor(&key.to_bytes().unwrap())),
            Err(OpenPgpKeyError::MissingSelfSignature)
        );
    }

    #[test]
    fn one_altered_base64_character_gives_an_error() {
        let text = ED25519.trim();
        let lines: Vec<&str> = text.lines().collect();
        // Line 2 (0-based) is the first base64 line: primary key packet and user ID.
        let line_start = lines[..2].iter().map(|l| l.len() + 1).sum::<usize>();
        for offset in [5usize, 20, 40, 55] {
            let mut bytes = text.as_bytes().to_vec();
            let at = line_start + offset;
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let altered = String::from_utf8(bytes).unwrap();
            assert!(OpenPgpKey::parse(&altered).is_err(), "offset {offset}");
        }
    }

    #[test]
    fn every_single_character_change_is_an_error_or_harmless() {
        // Changing any one base64 character either makes the key fail, or leaves what the key
        // says unchanged (e.g. a change in an unhashed subpacket or in the unchecked CRC line).
        for fixture in [ED25519, RSA3072] {
            let reference = OpenPgpKey::parse(fixture).unwrap();
            let text = fixture.trim();
            let body_start = text.find("\n\n").unwrap() + 2;
            let body_end = text.rfind("\n-----END").unwrap();
            for at in body_start..body_end {
                let c = text.as_bytes()[at];
                if c == b'\n' || c == b'=' {
                    continue;
                }
                let mut bytes = text.as_bytes().to_vec();
                bytes[at] = if c == b'A' { b'B' } else { b'A' };
                let altered = String::from_utf8(bytes).unwrap();
                if let Ok(key) = OpenPgpKey::parse_unguarded(&altered) {
                    assert_eq!(key.fingerprint, reference.fingerprint, "at {at}");
                    assert_eq!(key.created_at, reference.created_at, "at {at}");
                    assert_eq!(key.expires_at, reference.expires_at, "at {at}");
                    assert_eq!(key.user_ids, reference.user_ids, "at {at}");
                    assert!(!key.can_encrypt || reference.can_encrypt, "at {at}");
                }
            }
        }
    }

    /// Applies one random mutation to `data`.
    fn mutate(rng: &mut Rng, data: &mut Vec<u8>, alphabet: Option<&[u8]>) {
        let pick = |rng: &mut Rng| match alphabet {
            Some(a) => a[rng.below(a.len())],
            None => rng.next() as u8,
        };
        let len = data.len();
        match rng.below(7) {
            0 if len > 0 => {
                let i = rng.below(len);
                data[i] ^= 1 << rng.below(8);
            }
            1 if len > 0 => {
                let i = rng.below(len);
                data[i] = pick(rng);
            }
            2 if len > 0 => {
                data.remove(rng.below(len));
            }
            3 => {
                let i = rng.below(len + 1);
                let b = pick(rng);
                data.insert(i, b);
            }
            4 if len > 0 => data.truncate(rng.below(len)),
            5 if len > 1 => {
                let a = rng.below(len);
                let b = a + rng.below(len - a).min(64);
                let slice = data[a..b].to_vec();
                let at = rng.below(data.len() + 1);
                data.splice(at..at, slice);
            }
            _ if len > 0 => {
                // Interesting bytes: lengths and counts at their limits.
                let i = rng.below(len);
                data[i] = [0x00, 0x01, 0x7f, 0x80, 0xbf, 0xc0, 0xff][rng.below(7)];
            }
            _ => data.push(pick(rng)),
        }
    }

    #[test]
    fn random_mutations_of_the_binary_key_never_panic() {
        let mut rng = Rng(0x0BAD_5EED_1234_5678);
        let mut tried = 0usize;
        let mut accepted = 0usize;
        for fixture in VALID {
            let original = binary(fixture);
            let rounds = if fixture == RSA3072 { 150 } else { 600 };
            for _ in 0..rounds {
                let mut data = original.clone();
                for _ in 0..=rng.below(3) {
                    mutate(&mut rng, &mut data, None);
                }
                tried += 1;
                // `parse_unguarded`: a panic fails the test instead of becoming `Malformed`.
                if let Ok(key) = OpenPgpKey::parse_unguarded(&armor(&data)) {
                    accepted += 1;
                    // Whatever got through is a complete, valid key again.
                    assert_eq!(OpenPgpKey::parse(&key.armored), Ok(key));
                }
            }
        }
        // Most mutations must be caught; a few land where they change nothing that is signed
        // (an unhashed subpacket, a third-party certification).
        assert!(accepted * 5 < tried, "accepted {accepted} of {tried}");
    }

    #[test]
    fn random_mutations_of_the_armored_text_never_panic() {
        let mut rng = Rng(0xFEED_FACE_CAFE_BEEF);
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\n- :";
        for fixture in [ED25519, NISTP256, V6_SAMPLE, MULTI_UID] {
            for _ in 0..300 {
                let mut data = fixture.as_bytes().to_vec();
                for _ in 0..=rng.below(4) {
                    mutate(&mut rng, &mut data, Some(alphabet));
                }
                let text = String::from_utf8_lossy(&data);
                let _ = OpenPgpKey::parse_unguarded(&text);
            }
        }
    }
}

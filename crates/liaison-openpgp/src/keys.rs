//! Keys: public keys of POCs, a POC's own secret key (generated or imported), and that key once
//! unlocked.
//!
//! A [`SecretKey`] is the armored, passphrase-protected transferable secret key: safe to store on
//! the POC's device, never sent to the server. [`SecretKey::unlock`] checks the passphrase once
//! and yields an [`UnlockedKey`] that holds the decrypted secret parts in memory (zeroized when
//! dropped) so that decrypting a thread does not pay the S2K work for every message.

use std::fmt;

use jiff::Timestamp;
use liaison_core::openpgp::OpenPgpKey;
use pgp::composed::{
    Deserializable as _, KeyType, SignedKeyDetails, SignedPublicKey, SignedPublicSubKey,
    SignedSecretKey, SignedSecretSubKey,
};
use pgp::crypto::ecc_curve::ECCCurve;
use pgp::crypto::hash::HashAlgorithm;
use pgp::crypto::public_key::PublicKeyAlgorithm;
use pgp::crypto::sym::SymmetricKeyAlgorithm;
use pgp::packet::{
    Features, KeyFlags, PubKeyInner, Signature, SignatureConfig, SignatureType, Subpacket,
    SubpacketData, UserId,
};
use pgp::types::{
    CompressionAlgorithm, Duration, KeyDetails as _, KeyId, KeyVersion, Password, PublicParams,
    S2kParams, SecretParams, StringToKey, Tag, Timestamp as PgpTimestamp,
};
use zeroize::Zeroizing;

use crate::error::{Error, Input};
use crate::limits::{MAX_ARGON2_MEMORY_EXPONENT, MAX_PASSPHRASE_BYTES, MAX_SECRET_KEY_ARMOR_BYTES};

/// The iteration count byte of the S2K that protects generated keys: 0xFF, 65 011 712 bytes of
/// SHA-256, the most RFC 4880's iterated-and-salted S2K can express. GnuPG 2.2 reads it (its own
/// default is calibrated to ~100 ms, usually a smaller count); Argon2 would be stronger but
/// GnuPG 2.2 cannot unlock it.
pub const S2K_ITERATION_COUNT_BYTE: u8 = 0xFF;

/// A passphrase, kept out of `Debug` output and zeroized when dropped.
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(passphrase: impl Into<String>) -> Self {
        Passphrase(Zeroizing::new(passphrase.into()))
    }

    fn password(&self) -> Result<Password, Error> {
        if self.0.len() > MAX_PASSPHRASE_BYTES {
            return Err(Error::TooLarge {
                what: Input::Passphrase,
                limit: MAX_PASSPHRASE_BYTES,
            });
        }
        Ok(Password::from(self.0.as_str()))
    }

    /// The policy for a passphrase that protects a new key: the same as for account passwords
    /// (`liaison_core::account::check_new_password`: 12 to 256 characters, any script, no
    /// control characters). Unlocking accepts any passphrase the key was protected with.
    fn check_new(&self) -> Result<(), Error> {
        use liaison_core::account::{PasswordProblem, check_new_password};
        check_new_password(&self.0).map_err(|problem| {
            Error::WeakPassphrase(match problem {
                PasswordProblem::TooShort => "at least 12 characters",
                PasswordProblem::TooLong => "at most 256 characters",
                PasswordProblem::ControlCharacter => "no control characters",
            })
        })
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(..)")
    }
}

/// A POC's public key, validated by the directory's own rules (`OpenPgpKey::parse`: one
/// armored, correctly self-signed, unrevoked v4 or v6 public key, no weak RSA/DSA).
#[derive(Clone)]
pub struct PublicKey {
    info: OpenPgpKey,
    key: SignedPublicKey,
}

impl PublicKey {
    /// Parses and validates an armored public key (as published on an entry).
    pub fn from_armored(text: &str) -> Result<Self, Error> {
        Self::from_validated(OpenPgpKey::parse(text)?)
    }

    /// Uses a key the directory already validated (`PocContent::openpgp_key`).
    pub fn from_validated(info: OpenPgpKey) -> Result<Self, Error> {
        let (key, _) =
            SignedPublicKey::from_string(&info.armored).map_err(|_| Error::Malformed {
                what: Input::PublicKey,
            })?;
        Ok(PublicKey { info, key })
    }

    /// Upper-case hex fingerprint of the primary key, as the directory shows it.
    pub fn fingerprint(&self) -> &str {
        &self.info.fingerprint
    }

    /// The armored key, normalised (what the directory stores).
    pub fn armored(&self) -> &str {
        &self.info.armored
    }

    /// What the directory shows about the key (expiry, algorithm, user IDs…).
    pub fn info(&self) -> &OpenPgpKey {
        &self.info
    }

    /// Key IDs (lower-case hex, 16 digits) of the primary key and every subkey: a message's
    /// recipients are named by these.
    pub fn key_ids(&self) -> Vec<String> {
        std::iter::once(self.key.primary_key.legacy_key_id())
            .chain(
                self.key
                    .public_subkeys
                    .iter()
                    .map(|s| s.key.legacy_key_id()),
            )
            .map(|id| id.to_string())
            .collect()
    }

    /// Whether `id` names the primary key or one of the subkeys.
    pub(crate) fn has_key_id(&self, id: &KeyId) -> bool {
        self.key.primary_key.legacy_key_id() == *id
            || self
                .key
                .public_subkeys
                .iter()
                .any(|s| s.key.legacy_key_id() == *id)
    }

    pub(crate) fn signed(&self) -> &SignedPublicKey {
        &self.key
    }

    /// Refuses a key whose primary has expired at `now`.
    pub(crate) fn check_not_expired(&self, now: Timestamp) -> Result<(), Error> {
        if self.info.is_expired(now) {
            return Err(Error::KeyExpired {
                fingerprint: self.info.fingerprint.clone(),
            });
        }
        Ok(())
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PublicKey")
            .field("fingerprint", &self.info.fingerprint)
            .finish_non_exhaustive()
    }
}

impl PartialEq for PublicKey {
    fn eq(&self, other: &Self) -> bool {
        self.info == other.info
    }
}

/// What a new key is made of. [`KeyGeneration::new`] gives the defaults (expiry two years after
/// creation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyGeneration {
    /// The person's name or the function ("Duty officer").
    pub name: String,
    /// The national entity (CERT, ministry), shown in the user ID's comment part.
    pub entity: Option<String>,
    pub email: String,
    pub created_at: Timestamp,
    /// None: the key never expires (not recommended: a lost key stays trusted forever).
    pub expires_at: Option<Timestamp>,
}

impl KeyGeneration {
    /// Default validity of a new key: two calendar years (as GnuPG's `2y`, and the fixture keys).
    pub const DEFAULT_VALIDITY_YEARS: i64 = 2;

    pub fn new(
        name: impl Into<String>,
        entity: Option<String>,
        email: impl Into<String>,
        created_at: Timestamp,
    ) -> Self {
        let expires_at = created_at
            .to_zoned(jiff::tz::TimeZone::UTC)
            .checked_add(jiff::Span::new().years(Self::DEFAULT_VALIDITY_YEARS))
            .ok()
            .map(|z| z.timestamp());
        KeyGeneration {
            name: name.into(),
            entity,
            email: email.into(),
            created_at,
            expires_at,
        }
    }

    /// "Name (Entity) <email>", GnuPG's form, after checking each part.
    pub fn user_id(&self) -> Result<String, Error> {
        const MAX_PART_CHARS: usize = 200;
        let part = |text: &str, what: &'static str| -> Result<String, Error> {
            let text = text.trim();
            if text.is_empty() {
                return Err(Error::InvalidUserId(what));
            }
            if text.chars().count() > MAX_PART_CHARS {
                return Err(Error::InvalidUserId("a part is longer than 200 characters"));
            }
            // Brackets would make the user ID ambiguous to parse; controls hide in copy-paste.
            if text
                .chars()
                .any(|c| c.is_control() || matches!(c, '<' | '>' | '(' | ')'))
            {
                return Err(Error::InvalidUserId(
                    "no control characters or brackets in name and entity",
                ));
            }
            Ok(text.to_owned())
        };
        let name = part(&self.name, "a name is needed")?;
        let email = liaison_core::contact::Email::parse(self.email.trim())
            .ok_or(Error::InvalidUserId("not an e-mail address"))?;
        Ok(match &self.entity {
            Some(entity) if !entity.trim().is_empty() => {
                let entity = part(entity, "empty entity")?;
                format!("{name} ({entity}) <{}>", email.as_str())
            }
            _ => format!("{name} <{}>", email.as_str()),
        })
    }
}

/// A POC's own secret key, as stored on its device: armored, secret parts protected by a
/// passphrase.
#[derive(Clone)]
pub struct SecretKey {
    key: SignedSecretKey,
    public: PublicKey,
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("fingerprint", &self.public.fingerprint())
            .finish_non_exhaustive()
    }
}

impl SecretKey {
    /// Generates a GnuPG-2.2-compatible key pair: v4, EdDSA (Ed25519) primary key for
    /// certification and signing, ECDH (Curve25519) subkey for encryption, both expiring at
    /// `spec.expires_at`, secret parts protected with `passphrase` (AES-256 CFB, SHA-1 integrity
    /// check, iterated-and-salted SHA-256 S2K at [`S2K_ITERATION_COUNT_BYTE`]).
    ///
    /// The self-signatures prefer AES-256, SHA-512 and no compression, and announce SEIPD v1
    /// only: every implementation a POC may use (GnuPG 2.2 included) then writes back in the
    /// same form Liaison writes.
    pub fn generate(spec: &KeyGeneration, passphrase: &Passphrase) -> Result<SecretKey, Error> {
        passphrase.check_new()?;
        let user_id = spec.user_id()?;
        let created = pgp_time(spec.created_at)?;
        let validity = match spec.expires_at {
            Some(expires) => {
                let secs = expires.as_second() - spec.created_at.as_second();
                let secs = u32::try_from(secs)
                    .ok()
                    .filter(|s| *s > 0)
                    .ok_or(Error::InvalidValidity)?;
                Some(Duration::from_secs(secs))
            }
            None => None,
        };
        let rng = crate::rng();
        let unlocked = Password::empty();

        let (params, secret) = KeyType::Ed25519Legacy
            .generate(rng)
            .map_err(Error::internal)?;
        let inner = PubKeyInner::new(
            KeyVersion::V4,
            PublicKeyAlgorithm::EdDSALegacy,
            created,
            None,
            params,
        )
        .map_err(Error::internal)?;
        let primary_public = pgp::packet::PublicKey::from_inner(inner).map_err(Error::internal)?;
        let primary =
            pgp::packet::SecretKey::new(primary_public.clone(), secret).map_err(Error::internal)?;

        let mut primary_flags = KeyFlags::default();
        primary_flags.set_certify(true);
        primary_flags.set_sign(true);
        let mut features = Features::default();
        features.set_seipd_v1(true);
        let mut hashed = vec![
            Subpacket::regular(SubpacketData::SignatureCreationTime(created)),
            Subpacket::regular(SubpacketData::IssuerFingerprint(primary.fingerprint())),
            Subpacket::regular(SubpacketData::KeyFlags(primary_flags)),
            Subpacket::regular(SubpacketData::PreferredSymmetricAlgorithms(
                [
                    SymmetricKeyAlgorithm::AES256,
                    SymmetricKeyAlgorithm::AES192,
                    SymmetricKeyAlgorithm::AES128,
                ]
                .into_iter()
                .collect(),
            )),
            Subpacket::regular(SubpacketData::PreferredHashAlgorithms(
                [
                    HashAlgorithm::Sha512,
                    HashAlgorithm::Sha384,
                    HashAlgorithm::Sha256,
                ]
                .into_iter()
                .collect(),
            )),
            Subpacket::regular(SubpacketData::PreferredCompressionAlgorithms(
                [CompressionAlgorithm::Uncompressed].into_iter().collect(),
            )),
            Subpacket::regular(SubpacketData::Features(features)),
            Subpacket::regular(SubpacketData::IsPrimary(true)),
        ];
        if let Some(validity) = validity {
            hashed.push(Subpacket::regular(SubpacketData::KeyExpirationTime(
                validity,
            )));
        }
        let mut config = SignatureConfig::v4(
            SignatureType::CertPositive,
            PublicKeyAlgorithm::EdDSALegacy,
            HashAlgorithm::Sha512,
        );
        config.hashed_subpackets = hashed
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(Error::internal)?;
        config.unhashed_subpackets = vec![
            Subpacket::regular(SubpacketData::IssuerKeyId(primary.legacy_key_id()))
                .map_err(Error::internal)?,
        ];
        let uid = UserId::from_str(Default::default(), &user_id).map_err(Error::internal)?;
        let certification = config
            .sign_certification(&primary, &primary_public, &unlocked, Tag::UserId, &uid)
            .map_err(Error::internal)?;

        let (params, secret) = KeyType::ECDH(ECCCurve::Curve25519Legacy)
            .generate(rng)
            .map_err(Error::internal)?;
        let inner = PubKeyInner::new(
            KeyVersion::V4,
            PublicKeyAlgorithm::ECDH,
            created,
            None,
            params,
        )
        .map_err(Error::internal)?;
        let sub_public = pgp::packet::PublicSubkey::from_inner(inner).map_err(Error::internal)?;
        let sub =
            pgp::packet::SecretSubkey::new(sub_public.clone(), secret).map_err(Error::internal)?;
        let mut sub_flags = KeyFlags::default();
        sub_flags.set_encrypt_comms(true);
        sub_flags.set_encrypt_storage(true);
        let mut hashed = vec![
            Subpacket::regular(SubpacketData::SignatureCreationTime(created)),
            Subpacket::regular(SubpacketData::IssuerFingerprint(primary.fingerprint())),
            Subpacket::regular(SubpacketData::KeyFlags(sub_flags)),
        ];
        if let Some(validity) = validity {
            hashed.push(Subpacket::regular(SubpacketData::KeyExpirationTime(
                validity,
            )));
        }
        let mut config = SignatureConfig::v4(
            SignatureType::SubkeyBinding,
            PublicKeyAlgorithm::EdDSALegacy,
            HashAlgorithm::Sha512,
        );
        config.hashed_subpackets = hashed
            .into_iter()
            .collect::<Result<_, _>>()
            .map_err(Error::internal)?;
        config.unhashed_subpackets = vec![
            Subpacket::regular(SubpacketData::IssuerKeyId(primary.legacy_key_id()))
                .map_err(Error::internal)?,
        ];
        let binding = config
            .sign_subkey_binding(&primary, &primary_public, &unlocked, &sub_public)
            .map_err(Error::internal)?;

        let plain = SignedSecretKey::new(
            primary,
            SignedKeyDetails::new(vec![], vec![], vec![uid.into_signed(certification)], vec![]),
            vec![],
            vec![SignedSecretSubKey::new(sub, vec![binding])],
        );
        let public = public_of(&plain)?;
        UnlockedKey { key: plain, public }.protect(passphrase)
    }

    /// Imports an armored transferable secret key, as `gpg --export-secret-keys --armor` writes
    /// it (v4: EdDSA/ECDH Curve25519, RSA ≥ 2048, NIST P-256/384/521; v6 as RFC 9580 writes it).
    ///
    /// The public part must pass the directory's own checks (self-signatures, not revoked, not
    /// weak). Protection is not required here — GnuPG exports a key without a passphrase as it
    /// is — but [`SecretKey::is_protected`] tells, and [`UnlockedKey::protect`] re-protects it.
    pub fn from_armored(text: &str) -> Result<SecretKey, Error> {
        crate::guarded(
            Error::Malformed {
                what: Input::SecretKey,
            },
            || Self::from_armored_unguarded(text),
        )
    }

    /// [`SecretKey::from_armored`] without the panic guard.
    pub(crate) fn from_armored_unguarded(text: &str) -> Result<SecretKey, Error> {
        let binary = crate::armor::dearmor(
            text,
            pgp::armor::BlockType::PrivateKey,
            Input::SecretKey,
            MAX_SECRET_KEY_ARMOR_BYTES,
        )?;
        let mut keys =
            SignedSecretKey::from_bytes_many(&binary[..]).map_err(|_| Error::Malformed {
                what: Input::SecretKey,
            })?;
        let key = match keys.next() {
            Some(Ok(key)) => key,
            _ => {
                return Err(Error::Malformed {
                    what: Input::SecretKey,
                });
            }
        };
        if keys.next().is_some() {
            return Err(Error::Malformed {
                what: Input::SecretKey,
            });
        }
        check_s2k_bounds(key.primary_key.secret_params())?;
        for sub in &key.secret_subkeys {
            check_s2k_bounds(sub.key.secret_params())?;
        }
        let public = public_of(&key)?;
        Ok(SecretKey { key, public })
    }

    /// The armored secret key block (protected as it is).
    pub fn to_armored(&self) -> Result<String, Error> {
        self.key
            .to_armored_string(crate::armor::options())
            .map_err(Error::internal)
    }

    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub fn fingerprint(&self) -> &str {
        self.public.fingerprint()
    }

    /// Every secret part is protected by a passphrase.
    pub fn is_protected(&self) -> bool {
        self.key.primary_key.secret_params().is_encrypted()
            && self
                .key
                .secret_subkeys
                .iter()
                .all(|s| s.key.secret_params().is_encrypted())
    }

    /// Checks that this is the secret key behind `published` (the key on the POC's entry): the
    /// same primary key, and the secret part of an encryption subkey that the published key
    /// offers, so that what others encrypt to the entry's key can be read with this one. (The
    /// self-signatures may differ: the published key may, say, carry a later expiry.)
    pub fn check_matches(&self, published: &PublicKey) -> Result<(), Error> {
        let mismatch = || Error::KeyMismatch {
            secret: self.fingerprint().to_owned(),
            published: published.fingerprint().to_owned(),
        };
        if self.fingerprint() != published.fingerprint() {
            return Err(mismatch());
        }
        let ours: Vec<_> = self
            .key
            .secret_subkeys
            .iter()
            .map(|s| s.key.fingerprint())
            .collect();
        let offered = usable_subkeys(published.signed(), None, |flags, alg| match flags {
            Some(flags) => flags.encrypt_comms() || flags.encrypt_storage(),
            None => alg.can_encrypt(),
        });
        if !offered.is_empty() && !offered.iter().any(|s| ours.contains(&s.key.fingerprint())) {
            return Err(mismatch());
        }
        Ok(())
    }

    /// Checks the passphrase and decrypts the secret parts into memory.
    ///
    /// The unlocked key is checked against its public part (a signature made with it must
    /// verify), so a wrong passphrase that happens to pass the legacy 16-bit checksum, or a
    /// corrupted key, is caught here rather than producing bad signatures.
    pub fn unlock(&self, passphrase: &Passphrase) -> Result<UnlockedKey, Error> {
        let password = passphrase.password()?;
        let mut key = self.key.clone();
        key.primary_key
            .remove_password(&password)
            .map_err(|_| Error::WrongPassphrase)?;
        for sub in &mut key.secret_subkeys {
            sub.key
                .remove_password(&password)
                .map_err(|_| Error::WrongPassphrase)?;
        }
        let unlocked = UnlockedKey {
            key,
            public: self.public.clone(),
        };
        unlocked.self_test()?;
        Ok(unlocked)
    }
}

/// A secret key whose secret parts are decrypted in memory (zeroized on drop). Never serialised
/// as it is: [`UnlockedKey::protect`] gives a protected [`SecretKey`] back.
pub struct UnlockedKey {
    key: SignedSecretKey,
    public: PublicKey,
}

impl fmt::Debug for UnlockedKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnlockedKey")
            .field("fingerprint", &self.public.fingerprint())
            .finish_non_exhaustive()
    }
}

/// The key (primary or subkey) that makes data signatures.
pub(crate) enum Signer<'a> {
    Primary(&'a pgp::packet::SecretKey),
    Subkey(&'a pgp::packet::SecretSubkey),
}

impl Signer<'_> {
    pub(crate) fn as_signing_key(&self) -> &dyn pgp::types::SigningKey {
        match self {
            Signer::Primary(k) => *k,
            Signer::Subkey(k) => *k,
        }
    }

    fn algorithm(&self) -> PublicKeyAlgorithm {
        self.as_signing_key().algorithm()
    }

    /// The hash for data signatures: the key's own (SHA-384/512 for the larger NIST curves), but
    /// never weaker than SHA-256; SHA-512 for EdDSA as GnuPG does.
    pub(crate) fn hash_algorithm(&self) -> HashAlgorithm {
        match self.as_signing_key().hash_alg() {
            HashAlgorithm::Sha384 => HashAlgorithm::Sha384,
            HashAlgorithm::Sha512 => HashAlgorithm::Sha512,
            _ if self.algorithm() == PublicKeyAlgorithm::EdDSALegacy => HashAlgorithm::Sha512,
            _ => HashAlgorithm::Sha256,
        }
    }
}

impl UnlockedKey {
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    pub fn fingerprint(&self) -> &str {
        self.public.fingerprint()
    }

    /// Protects the secret parts again with `passphrase` (which must meet the policy for new
    /// passphrases), with the strong S2K of generated keys. Also how an imported GnuPG key is
    /// re-protected, or a passphrase changed.
    pub fn protect(&self, passphrase: &Passphrase) -> Result<SecretKey, Error> {
        passphrase.check_new()?;
        let password = passphrase.password()?;
        let mut rng = crate::rng();
        let mut key = self.key.clone();
        key.primary_key
            .set_password_with_s2k(&password, strong_s2k(&mut rng, key.primary_key.version()))
            .map_err(Error::internal)?;
        for sub in &mut key.secret_subkeys {
            let s2k = strong_s2k(&mut rng, sub.key.version());
            sub.key
                .set_password_with_s2k(&password, s2k)
                .map_err(Error::internal)?;
        }
        Ok(SecretKey {
            key,
            public: self.public.clone(),
        })
    }

    /// The secret key of the subkey (or primary) that the key ID names, for decryption.
    pub(crate) fn secret(&self) -> &SignedSecretKey {
        &self.key
    }

    /// The key that signs data: the primary key if its self-signature allows signing, else the
    /// newest valid signing subkey. With `now`, a key or subkey expired at that time is refused.
    pub(crate) fn signing_key(&self, now: Option<Timestamp>) -> Result<Signer<'_>, Error> {
        let cannot = || Error::CannotSign {
            fingerprint: self.fingerprint().to_owned(),
        };
        if let Some(now) = now {
            self.public.check_not_expired(now)?;
        }
        let public = self.public.signed();
        if primary_can_sign(public) {
            return Ok(Signer::Primary(&self.key.primary_key));
        }
        let chosen = usable_subkeys(public, now, |flags, alg| match flags {
            Some(flags) => flags.sign(),
            None => alg.can_sign(),
        })
        .into_iter()
        .filter(|s| can_sign_params(s.key.public_params()))
        .filter(|s| has_back_signature(s, &public.primary_key))
        .max_by_key(|s| s.key.created_at().as_secs())
        .ok_or_else(cannot)?;
        let fingerprint = chosen.key.fingerprint();
        self.key
            .secret_subkeys
            .iter()
            .find(|s| s.key.fingerprint() == fingerprint)
            .map(|s| Signer::Subkey(&s.key))
            .ok_or_else(cannot)
    }

    /// Signs a probe and verifies it with the public key: the unlocked material is the key's.
    fn self_test(&self) -> Result<(), Error> {
        let Ok(signer) = self.signing_key(None) else {
            return Ok(());
        };
        let public = self.public.clone();
        let sig = crate::signature::sign_with(&signer, b"liaison key check", PgpTimestamp::now())
            .map_err(|_| Error::WrongPassphrase)?;
        crate::signature::verify_signature_by(&sig, b"liaison key check", &public)
            .map(|_| ())
            .map_err(|_| Error::WrongPassphrase)
    }
}

/// The strong S2K of generated and re-protected keys: for v4, AES-256 CFB with SHA-1 checksum and
/// iterated-and-salted SHA-256 at the maximum count (GnuPG 2.2 reads it); for v6, rPGP's default,
/// AEAD with Argon2.
fn strong_s2k(rng: &mut rand08::rngs::OsRng, version: KeyVersion) -> S2kParams {
    use rand08::RngCore as _;
    if version == KeyVersion::V6 {
        return S2kParams::new_default(rng, version);
    }
    let mut iv = vec![0u8; SymmetricKeyAlgorithm::AES256.block_size()];
    rng.fill_bytes(&mut iv);
    S2kParams::Cfb {
        sym_alg: SymmetricKeyAlgorithm::AES256,
        s2k: StringToKey::new_iterated(&mut *rng, HashAlgorithm::Sha256, S2K_ITERATION_COUNT_BYTE),
        iv: iv.into(),
    }
}

/// Refuses S2K parameters that would make unlocking exhaust memory (a crafted key).
fn check_s2k_bounds(params: &SecretParams) -> Result<(), Error> {
    let SecretParams::Encrypted(encrypted) = params else {
        return Ok(());
    };
    let s2k = match encrypted.string_to_key_params() {
        S2kParams::Unprotected => return Ok(()),
        S2kParams::LegacyCfb { .. } => {
            return Err(Error::UnsupportedKey("legacy unsalted key protection"));
        }
        S2kParams::Aead { s2k, .. }
        | S2kParams::Cfb { s2k, .. }
        | S2kParams::MalleableCfb { s2k, .. } => s2k,
    };
    match s2k {
        StringToKey::Argon2 { m_enc, .. } if *m_enc > MAX_ARGON2_MEMORY_EXPONENT => Err(
            Error::UnsupportedKey("key protection asks for more than 2 GiB of memory"),
        ),
        StringToKey::Private { .. } | StringToKey::Other { .. } | StringToKey::Reserved { .. } => {
            // GnuPG's "gnu-dummy" stubs (a key whose secret lives on a smartcard or elsewhere)
            // have no usable secret here.
            Err(Error::UnsupportedKey(
                "the secret key material is not in the export (card stub or unknown protection)",
            ))
        }
        _ => Ok(()),
    }
}

/// The public key of a secret key, validated by the directory's rules.
fn public_of(key: &SignedSecretKey) -> Result<PublicKey, Error> {
    if !matches!(key.primary_key.version(), KeyVersion::V4 | KeyVersion::V6) {
        return Err(Error::UnsupportedKey("only OpenPGP v4 and v6 keys"));
    }
    let armored = key
        .to_public_key()
        .to_armored_string(crate::armor::options())
        .map_err(Error::internal)?;
    PublicKey::from_armored(&armored)
}

fn pgp_time(at: Timestamp) -> Result<PgpTimestamp, Error> {
    u32::try_from(at.as_second())
        .map(PgpTimestamp::from_secs)
        .map_err(|_| Error::InvalidValidity)
}

/// The newest self-certification of the primary user (or of any user): its key flags decide
/// whether the primary key signs. Self-signatures were verified by `OpenPgpKey::parse`.
pub(crate) fn primary_can_sign(key: &SignedPublicKey) -> bool {
    let primary = &key.primary_key;
    let own = |sig: &&Signature| {
        sig.issuer_fingerprint().contains(&&primary.fingerprint())
            || sig.issuer_key_id().contains(&&primary.legacy_key_id())
    };
    let certifications = key
        .details
        .users
        .iter()
        .flat_map(|u| u.signatures.iter())
        .chain(key.details.direct_signatures.iter())
        .filter(own)
        .filter(|s| s.typ() != Some(SignatureType::CertRevocation));
    let newest_primary = certifications
        .clone()
        .filter(|s| s.is_primary())
        .max_by_key(|s| s.created().map_or(0, |t| t.as_secs()));
    let newest = newest_primary
        .or_else(|| certifications.max_by_key(|s| s.created().map_or(0, |t| t.as_secs())));
    let Some(sig) = newest else {
        return false;
    };
    let flagged = if has_key_flags(sig) {
        sig.key_flags().sign()
    } else {
        primary.algorithm().can_sign()
    };
    flagged && can_sign_params(primary.public_params())
}

fn has_key_flags(sig: &Signature) -> bool {
    sig.config().is_some_and(|c| {
        c.hashed_subpackets()
            .any(|p| matches!(p.data, SubpacketData::KeyFlags(_)))
    })
}

/// Subkeys with a binding (verified by `OpenPgpKey::parse`), no revocation, not expired at
/// `now` (when given), whose newest binding's flags pass `wanted`.
pub(crate) fn usable_subkeys(
    key: &SignedPublicKey,
    now: Option<Timestamp>,
    wanted: impl Fn(Option<&KeyFlags>, PublicKeyAlgorithm) -> bool,
) -> Vec<&SignedPublicSubKey> {
    key.public_subkeys
        .iter()
        .filter(|sub| {
            if sub
                .signatures
                .iter()
                .any(|s| s.typ() == Some(SignatureType::SubkeyRevocation))
            {
                return false;
            }
            let Some(binding) = sub
                .signatures
                .iter()
                .filter(|s| s.typ() == Some(SignatureType::SubkeyBinding))
                .max_by_key(|s| s.created().map_or(0, |t| t.as_secs()))
            else {
                return false;
            };
            if let (Some(now), Some(validity)) = (now, binding.key_expiration_time()) {
                let secs = validity.as_secs();
                let expires = i64::from(sub.key.created_at().as_secs()) + i64::from(secs);
                if secs != 0 && expires <= now.as_second() {
                    return false;
                }
            }
            let flags = has_key_flags(binding).then(|| binding.key_flags());
            wanted(flags.as_ref(), sub.key.algorithm())
        })
        .collect()
}

/// A signing subkey's newest binding carries a valid primary-key binding ("back") signature made
/// by the subkey (RFC 9580, section 5.2.1): without it, anyone could bind someone else's signing
/// subkey to their own key and claim that person's signatures. (`OpenPgpKey::parse` checks the
/// bindings themselves, not this.)
pub(crate) fn has_back_signature(
    sub: &SignedPublicSubKey,
    primary: &pgp::packet::PublicKey,
) -> bool {
    sub.signatures
        .iter()
        .filter(|s| s.typ() == Some(SignatureType::SubkeyBinding))
        .max_by_key(|s| s.created().map_or(0, |t| t.as_secs()))
        .and_then(Signature::embedded_signature)
        .is_some_and(|back| back.verify_primary_key_binding(&sub.key, primary).is_ok())
}

/// Public parameters this crate can make signatures with.
fn can_sign_params(params: &PublicParams) -> bool {
    matches!(
        params,
        PublicParams::RSA(_)
            | PublicParams::EdDSALegacy(_)
            | PublicParams::Ed25519(_)
            | PublicParams::Ed448(_)
            | PublicParams::ECDSA(
                pgp::types::EcdsaPublicParams::P256 { .. }
                    | pgp::types::EcdsaPublicParams::P384 { .. }
                    | pgp::types::EcdsaPublicParams::P521 { .. }
            )
    )
}

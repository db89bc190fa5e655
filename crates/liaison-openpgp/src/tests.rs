//! Unit tests of the crate's API on generated keys and GnuPG-made fixtures. Interoperability
//! with real GnuPG and Sequoia processes is in `tests/interop.rs`.

use std::sync::OnceLock;

use jiff::Timestamp;
use pgp::composed::{Deserializable as _, SignedSecretKey};
use pgp::types::{KeyDetails as _, S2kParams, SecretParams, StringToKey};

use crate::archive::{ArchiveError, ArchiveMessage, ArchiveParticipant, ArchivePoc, ArchiveThread};
use crate::*;

pub(crate) const PASSPHRASE: &str = "correct horse battery staple";

pub(crate) fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn core_fixture(name: &str) -> String {
    let path = format!(
        "{}/../liaison-core/tests/fixtures/openpgp/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A time at which every fixture and generated key is valid.
pub(crate) fn now() -> Timestamp {
    "2027-01-15T10:00:00Z".parse().unwrap()
}

fn generation(name: &str, email: &str) -> KeyGeneration {
    KeyGeneration::new(
        name,
        Some("CERT-FR".to_owned()),
        email,
        "2027-01-01T00:00:00Z".parse().unwrap(),
    )
}

/// Two generated keys (generation and unlocking pay the strong S2K: do it once per test run).
pub(crate) fn alice() -> &'static (SecretKey, UnlockedKey) {
    static KEY: OnceLock<(SecretKey, UnlockedKey)> = OnceLock::new();
    KEY.get_or_init(|| {
        let secret = SecretKey::generate(
            &generation("Alice Duty Officer", "alice@cert.fr.example"),
            &Passphrase::new(PASSPHRASE),
        )
        .unwrap();
        let unlocked = secret.unlock(&Passphrase::new(PASSPHRASE)).unwrap();
        (secret, unlocked)
    })
}

pub(crate) fn bob() -> &'static (SecretKey, UnlockedKey) {
    static KEY: OnceLock<(SecretKey, UnlockedKey)> = OnceLock::new();
    KEY.get_or_init(|| {
        let spec = KeyGeneration::new(
            "Bob Analyst",
            Some("ANSSI".to_owned()),
            "bob@anssi.fr.example",
            "2027-01-02T00:00:00Z".parse().unwrap(),
        );
        let secret = SecretKey::generate(&spec, &Passphrase::new(PASSPHRASE)).unwrap();
        let unlocked = secret.unlock(&Passphrase::new(PASSPHRASE)).unwrap();
        (secret, unlocked)
    })
}

/// A GnuPG-made key, unlocked.
pub(crate) fn gpg_key(stem: &str) -> (SecretKey, UnlockedKey) {
    let secret = SecretKey::from_armored(&fixture(&format!("gpg-{stem}.sec.asc"))).unwrap();
    let unlocked = secret.unlock(&Passphrase::new(PASSPHRASE)).unwrap();
    (secret, unlocked)
}

const MARKER: &str = "MARKER-7f3a-ransomware-at-water-utility";

// --- keys ---------------------------------------------------------------------------------------

#[test]
fn generated_key_is_gnupg_shaped() {
    let (secret, _) = alice();
    let info = secret.public_key().info();
    assert_eq!(info.algorithm, "ed25519");
    assert!(info.can_encrypt);
    assert_eq!(
        info.user_ids,
        vec!["Alice Duty Officer (CERT-FR) <alice@cert.fr.example>".to_owned()]
    );
    assert_eq!(info.created_at, "2027-01-01T00:00:00Z".parse().unwrap());
    // Two calendar years.
    assert_eq!(
        info.expires_at,
        Some("2029-01-01T00:00:00Z".parse().unwrap())
    );
    assert_eq!(info.fingerprint.len(), 40);

    let (key, _) = SignedSecretKey::from_string(&secret.to_armored().unwrap()).unwrap();
    assert_eq!(key.primary_key.version(), pgp::types::KeyVersion::V4);
    assert_eq!(
        key.primary_key.public_key().algorithm(),
        pgp::crypto::public_key::PublicKeyAlgorithm::EdDSALegacy
    );
    assert_eq!(key.secret_subkeys.len(), 1);
    assert_eq!(
        key.secret_subkeys[0].key.public_key().algorithm(),
        pgp::crypto::public_key::PublicKeyAlgorithm::ECDH
    );
    // Every secret part: AES-256 CFB with the iterated-and-salted SHA-256 S2K at full count.
    let params = std::iter::once(key.primary_key.secret_params())
        .chain(key.secret_subkeys.iter().map(|s| s.key.secret_params()));
    for params in params {
        let SecretParams::Encrypted(enc) = params else {
            panic!("unprotected secret part");
        };
        match enc.string_to_key_params() {
            S2kParams::Cfb { sym_alg, s2k, .. } => {
                assert_eq!(*sym_alg, pgp::crypto::sym::SymmetricKeyAlgorithm::AES256);
                assert!(matches!(
                    s2k,
                    StringToKey::IteratedAndSalted {
                        hash_alg: pgp::crypto::hash::HashAlgorithm::Sha256,
                        count: 0xFF,
                        ..
                    }
                ));
            }
            other => panic!("unexpected S2K {other:?}"),
        }
    }
    assert!(secret.is_protected());
    // The public key is what the directory accepts as an entry's key.
    liaison_core::openpgp::OpenPgpKey::parse(secret.public_key().armored()).unwrap();
    // The armored secret key imports back to the same key.
    let again = SecretKey::from_armored(&secret.to_armored().unwrap()).unwrap();
    assert_eq!(again.fingerprint(), secret.fingerprint());
    again.check_matches(secret.public_key()).unwrap();
}

#[test]
fn generation_refuses_weak_passphrases_and_bad_user_ids() {
    let spec = generation("Alice", "alice@cert.fr.example");
    for weak in ["", "short", "eleven char", "tab\tin the middle of it"] {
        assert!(matches!(
            SecretKey::generate(&spec, &Passphrase::new(weak)),
            Err(Error::WeakPassphrase(_))
        ));
    }
    let strong = Passphrase::new(PASSPHRASE);
    for (name, entity, email) in [
        ("", None, "a@b.example"),
        ("Alice <evil@x.example>", None, "a@b.example"),
        ("Alice (x)", None, "a@b.example"),
        ("Alice", Some("CERT\u{7}"), "a@b.example"),
        ("Alice", None, "not an e-mail"),
    ] {
        let spec = KeyGeneration::new(
            name,
            entity.map(str::to_owned),
            email,
            "2027-01-01T00:00:00Z".parse().unwrap(),
        );
        assert!(
            matches!(
                SecretKey::generate(&spec, &strong),
                Err(Error::InvalidUserId(_))
            ),
            "{name:?} {entity:?} {email:?}"
        );
    }
    let mut backwards = generation("Alice", "alice@cert.fr.example");
    backwards.expires_at = Some("2026-01-01T00:00:00Z".parse().unwrap());
    assert_eq!(
        SecretKey::generate(&backwards, &strong).unwrap_err(),
        Error::InvalidValidity
    );
}

#[test]
fn a_key_without_expiry_can_be_made() {
    let mut spec = generation("No Expiry", "never@cert.fr.example");
    spec.expires_at = None;
    let secret = SecretKey::generate(&spec, &Passphrase::new(PASSPHRASE)).unwrap();
    assert_eq!(secret.public_key().info().expires_at, None);
}

#[test]
fn unlock_checks_the_passphrase() {
    let (secret, _) = alice();
    assert_eq!(
        secret
            .unlock(&Passphrase::new("wrong horse battery staple"))
            .unwrap_err(),
        Error::WrongPassphrase
    );
    assert_eq!(
        secret.unlock(&Passphrase::new("")).unwrap_err(),
        Error::WrongPassphrase
    );
    assert!(matches!(
        secret.unlock(&Passphrase::new("x".repeat(5000))),
        Err(Error::TooLarge { .. })
    ));
    // Neither key nor passphrase leaks through Debug.
    let debug = format!(
        "{:?} {:?} {:?}",
        secret,
        alice().1,
        Passphrase::new(PASSPHRASE)
    );
    assert!(!debug.contains(PASSPHRASE));
    assert!(!debug.contains("BEGIN PGP"));
}

#[test]
fn gnupg_secret_keys_import_unlock_and_match_their_public_keys() {
    for (stem, algorithm) in [
        ("rsa3072", "rsa3072"),
        ("rsa4096", "rsa4096"),
        ("p256", "nistp256"),
        ("ed25519", "ed25519"),
        ("signing-subkey", "ed25519"),
    ] {
        let secret = SecretKey::from_armored(&fixture(&format!("gpg-{stem}.sec.asc")))
            .unwrap_or_else(|e| panic!("{stem}: {e}"));
        assert!(secret.is_protected(), "{stem}");
        let published = PublicKey::from_armored(&fixture(&format!("gpg-{stem}.pub.asc"))).unwrap();
        secret.check_matches(&published).unwrap();
        assert_eq!(secret.public_key().info().algorithm, algorithm);
        assert_eq!(
            secret.unlock(&Passphrase::new("not it")).unwrap_err(),
            Error::WrongPassphrase,
            "{stem}"
        );
        let unlocked = secret.unlock(&Passphrase::new(PASSPHRASE)).unwrap();
        // Another key's published key does not match.
        let other = PublicKey::from_armored(&core_fixture("rsa3072.asc")).unwrap();
        assert!(matches!(
            secret.check_matches(&other),
            Err(Error::KeyMismatch { .. })
        ));
        // Re-protected with the strong S2K, it unlocks with the new passphrase only.
        let again = unlocked
            .protect(&Passphrase::new("a new and longer passphrase"))
            .unwrap();
        let again = SecretKey::from_armored(&again.to_armored().unwrap()).unwrap();
        assert_eq!(again.fingerprint(), secret.fingerprint());
        assert_eq!(
            again.unlock(&Passphrase::new(PASSPHRASE)).unwrap_err(),
            Error::WrongPassphrase
        );
    }
}

#[test]
fn an_unprotected_gnupg_key_imports_and_reports_it() {
    let secret = SecretKey::from_armored(&core_fixture("ed25519-secret.asc")).unwrap();
    assert!(!secret.is_protected());
    let published = PublicKey::from_armored(&core_fixture("ed25519.asc")).unwrap();
    secret.check_matches(&published).unwrap();
    let unlocked = secret.unlock(&Passphrase::new("")).unwrap();
    assert!(
        unlocked
            .protect(&Passphrase::new(PASSPHRASE))
            .unwrap()
            .is_protected()
    );
}

#[test]
fn secret_key_import_refuses_other_input() {
    for bad in [
        String::new(),
        "hello".to_owned(),
        core_fixture("ed25519.asc"),
        format!(
            "{}\n{}",
            fixture("gpg-p256.sec.asc"),
            fixture("gpg-ed25519.sec.asc")
        ),
        format!("note\n{}", fixture("gpg-p256.sec.asc")),
        "x".repeat(200_000),
    ] {
        assert!(SecretKey::from_armored(&bad).is_err());
    }
}

#[test]
fn public_keys_follow_the_directory_rules() {
    assert!(matches!(
        PublicKey::from_armored(&core_fixture("revoked.asc")),
        Err(Error::PublicKey(
            liaison_core::openpgp::OpenPgpKeyError::Revoked
        ))
    ));
    assert!(matches!(
        PublicKey::from_armored(&core_fixture("rsa1024.asc")),
        Err(Error::PublicKey(
            liaison_core::openpgp::OpenPgpKeyError::WeakKey
        ))
    ));
    let key = PublicKey::from_armored(&core_fixture("ed25519.asc")).unwrap();
    assert_eq!(
        key.fingerprint(),
        "7E0AA2C5897F8F7B9BDDB227807F1B84FBFCFA72"
    );
    assert_eq!(key.key_ids().len(), 2);
}

// --- messages ----------------------------------------------------------------------------------

#[test]
fn encrypt_sign_decrypt_verify_round_trip() {
    let (_, alice) = alice();
    let (_, bob) = bob();
    let recipients = recipients_with_sender(&[bob.public_key().clone()], alice);
    assert_eq!(recipients.len(), 2);
    let plaintext = format!("{{\"description\":\"{MARKER} — قطاع المياه — 水务\"}}");
    let armored = encrypt_and_sign(plaintext.as_bytes(), &recipients, alice, now()).unwrap();
    assert!(armored.starts_with("-----BEGIN PGP MESSAGE-----\n\n"));
    assert!(!armored.contains(MARKER));
    assert!(!armored.contains("Version:"));

    let known = [alice.public_key().clone(), bob.public_key().clone()];
    for reader in [alice, bob] {
        let decrypted = decrypt_and_verify(&armored, reader, &known).unwrap();
        assert_eq!(decrypted.plaintext, plaintext.as_bytes());
        assert_eq!(
            decrypted.signature,
            SignatureStatus::Valid {
                signer_fingerprint: alice.fingerprint().to_owned(),
                signed_at: Some(now()),
            }
        );
        assert_eq!(decrypted.recipient_key_ids.len(), 2);
        for key in [alice, bob] {
            assert!(
                key.public_key()
                    .key_ids()
                    .iter()
                    .any(|id| decrypted.recipient_key_ids.contains(id))
            );
        }
        assert!(!format!("{decrypted:?}").contains(MARKER));
    }
    // Without the sender among the known signers, the signer is unknown, named by fingerprint.
    let decrypted = decrypt_and_verify(&armored, bob, &[bob.public_key().clone()]).unwrap();
    assert_eq!(
        decrypted.signature,
        SignatureStatus::UnknownSigner {
            issuer: alice.fingerprint().to_owned()
        }
    );
    // A key that is not a recipient cannot read it.
    let (_, carol) = gpg_key("ed25519");
    assert_eq!(
        decrypt_and_verify(&armored, &carol, &known).unwrap_err(),
        Error::NotForThisKey
    );
}

#[test]
fn gnupg_shaped_keys_of_every_algorithm_exchange_messages() {
    let (_, alice) = alice();
    for stem in ["rsa3072", "rsa4096", "p256", "ed25519", "signing-subkey"] {
        let (_, other) = gpg_key(stem);
        let known = [alice.public_key().clone(), other.public_key().clone()];
        // Alice writes to the GnuPG key…
        let armored = encrypt_and_sign(
            MARKER.as_bytes(),
            &recipients_with_sender(&[other.public_key().clone()], alice),
            alice,
            now(),
        )
        .unwrap();
        let read = decrypt_and_verify(&armored, &other, &known).unwrap();
        assert_eq!(read.plaintext, MARKER.as_bytes(), "{stem}");
        assert!(read.signature.is_valid(), "{stem}");
        // …and the GnuPG key (signing with its primary or its signing subkey) writes back.
        let armored = encrypt_and_sign(
            MARKER.as_bytes(),
            &recipients_with_sender(&[alice.public_key().clone()], &other),
            &other,
            now(),
        )
        .unwrap();
        let read = decrypt_and_verify(&armored, alice, &known).unwrap();
        assert_eq!(read.plaintext, MARKER.as_bytes(), "{stem}");
        assert_eq!(
            read.signature,
            SignatureStatus::Valid {
                signer_fingerprint: other.fingerprint().to_owned(),
                signed_at: Some(now()),
            },
            "{stem}"
        );
    }
}

#[test]
fn recipients_that_cannot_receive_are_refused() {
    let (_, alice) = alice();
    assert_eq!(
        encrypt_and_sign(b"x", &[], alice, now()).unwrap_err(),
        Error::NoRecipients
    );
    let sign_only = PublicKey::from_armored(&core_fixture("no-expiry-sign-only.asc")).unwrap();
    assert!(matches!(
        encrypt_and_sign(b"x", &[sign_only], alice, now()),
        Err(Error::CannotEncrypt { .. })
    ));
    let revoked_subkey = PublicKey::from_armored(&core_fixture("revoked-subkey.asc")).unwrap();
    assert!(matches!(
        encrypt_and_sign(b"x", &[revoked_subkey], alice, now()),
        Err(Error::CannotEncrypt { .. })
    ));
    let expired = PublicKey::from_armored(&core_fixture("expired.asc")).unwrap();
    assert!(matches!(
        encrypt_and_sign(b"x", &[expired], alice, now()),
        Err(Error::KeyExpired { .. })
    ));
    let v6 = PublicKey::from_armored(&core_fixture("rfc9580-v6-sample.asc")).unwrap();
    assert!(matches!(
        encrypt_and_sign(b"x", &[v6], alice, now()),
        Err(Error::UnsupportedKey(_))
    ));
    let many = vec![alice.public_key().clone(); crate::limits::MAX_RECIPIENTS + 1];
    assert!(matches!(
        encrypt_and_sign(b"x", &many, alice, now()),
        Err(Error::TooManyRecipients { .. })
    ));
    let big = vec![b'a'; crate::limits::MAX_PLAINTEXT_BYTES + 1];
    assert!(matches!(
        encrypt_and_sign(&big, &[alice.public_key().clone()], alice, now()),
        Err(Error::TooLarge { .. })
    ));
    // The signer's own key expires too: after it, Alice can no longer sign.
    let later: Timestamp = "2029-06-01T00:00:00Z".parse().unwrap();
    assert!(matches!(
        encrypt_and_sign(b"x", &[bob().1.public_key().clone()], alice, later),
        Err(Error::KeyExpired { .. })
    ));
}

#[test]
fn altered_ciphertext_never_yields_plaintext() {
    let (_, alice) = alice();
    let armored = encrypt_and_sign(
        MARKER.as_bytes(),
        &[alice.public_key().clone()],
        alice,
        now(),
    )
    .unwrap();
    let binary = binary_of(&armored);
    let known = [alice.public_key().clone()];
    // Every byte of the encrypted-data packet: the MDC (or the packet structure) catches it.
    let mut refused = 0;
    for at in (0..binary.len()).step_by(3) {
        let mut changed = binary.clone();
        changed[at] ^= 0x40;
        match decrypt_and_verify(&armor_message(&changed), alice, &known) {
            Ok(d) => {
                // Only a change outside what is authenticated (e.g. the key ID of the PKESK when
                // the key is tried anyway) may still decrypt, and then to the same plaintext
                // with a valid signature.
                assert_eq!(d.plaintext, MARKER.as_bytes(), "byte {at}");
                assert!(d.signature.is_valid(), "byte {at}");
            }
            Err(_) => refused += 1,
        }
    }
    assert!(refused > 0);
}

pub(crate) fn binary_of(armored: &str) -> Vec<u8> {
    crate::armor::dearmor(
        armored,
        pgp::armor::BlockType::Message,
        crate::error::Input::Message,
        usize::MAX,
    )
    .unwrap()
}

pub(crate) fn armor_message(binary: &[u8]) -> String {
    use base64::Engine as _;
    let body = base64::engine::general_purpose::STANDARD.encode(binary);
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    format!(
        "-----BEGIN PGP MESSAGE-----\n\n{}\n-----END PGP MESSAGE-----\n",
        lines.join("\n")
    )
}

#[test]
fn messages_that_are_not_encrypted_or_not_messages_are_refused() {
    let (_, alice) = alice();
    let known = [alice.public_key().clone()];
    // A signed but unencrypted message.
    let signed_only = {
        let signer = alice.signing_key(None).unwrap();
        let mut builder = pgp::composed::MessageBuilder::from_bytes("", MARKER.as_bytes().to_vec());
        builder.sign(
            signer.as_signing_key(),
            pgp::types::Password::empty(),
            pgp::crypto::hash::HashAlgorithm::Sha256,
        );
        builder
            .to_armored_string(crate::rng(), crate::armor::options())
            .unwrap()
    };
    assert_eq!(
        decrypt_and_verify(&signed_only, alice, &known).unwrap_err(),
        Error::NotEncrypted
    );
    for bad in [
        String::new(),
        "hello".to_owned(),
        alice.public_key().armored().to_owned(),
        "-----BEGIN PGP MESSAGE-----\n\nAAAA\n-----END PGP MESSAGE-----".to_owned(),
    ] {
        assert!(decrypt_and_verify(&bad, alice, &known).is_err());
    }
    let huge = format!(
        "-----BEGIN PGP MESSAGE-----\n\n{}\n-----END PGP MESSAGE-----",
        "A".repeat(crate::limits::MAX_MESSAGE_ARMOR_BYTES)
    );
    assert!(matches!(
        decrypt_and_verify(&huge, alice, &known),
        Err(Error::TooLarge { .. })
    ));
}

#[test]
fn a_compressed_message_that_expands_past_the_limit_is_refused() {
    // 64 MiB of zeros compress to a few tens of kilobytes: the reader stops at the limit.
    let (_, alice) = alice();
    let signer = alice.signing_key(None).unwrap();
    let mut rng = crate::rng();
    let mut builder = pgp::composed::MessageBuilder::from_bytes("", vec![0u8; 64 * 1024 * 1024])
        .seipd_v1(rng, pgp::crypto::sym::SymmetricKeyAlgorithm::AES256);
    builder
        .encrypt_to_key(&mut rng, &alice.public_key().signed().public_subkeys[0].key)
        .unwrap();
    builder.compression(pgp::types::CompressionAlgorithm::ZLIB);
    builder.sign(
        signer.as_signing_key(),
        pgp::types::Password::empty(),
        pgp::crypto::hash::HashAlgorithm::Sha256,
    );
    let bomb = builder
        .to_armored_string(rng, crate::armor::options())
        .unwrap();
    assert!(bomb.len() < crate::limits::MAX_MESSAGE_ARMOR_BYTES);
    assert!(matches!(
        decrypt_and_verify(&bomb, alice, &[alice.public_key().clone()]),
        Err(Error::TooLarge {
            what: crate::error::Input::Plaintext,
            ..
        })
    ));
}

// --- detached signatures -----------------------------------------------------------------------

#[test]
fn detached_signatures_verify_and_catch_every_change() {
    let (_, alice) = alice();
    let data = format!("records of {MARKER}").into_bytes();
    let signature = sign_detached(&data, alice, now()).unwrap();
    assert!(signature.starts_with("-----BEGIN PGP SIGNATURE-----"));
    let verified = verify_detached(&data, &signature, alice.public_key()).unwrap();
    assert_eq!(verified.signer_fingerprint, alice.fingerprint());
    assert_eq!(verified.signed_at, Some(now()));
    for at in 0..data.len() {
        let mut changed = data.clone();
        changed[at] ^= 0x01;
        assert_eq!(
            verify_detached(&changed, &signature, alice.public_key()).unwrap_err(),
            Error::BadSignature
        );
    }
    assert_eq!(
        verify_detached(&data, &signature, bob().1.public_key()).unwrap_err(),
        Error::WrongSigner
    );
    // A GnuPG key with a separate signing subkey signs with the subkey.
    let (_, ss) = gpg_key("signing-subkey");
    let signature = sign_detached(&data, &ss, now()).unwrap();
    let verified = verify_detached(&data, &signature, ss.public_key()).unwrap();
    assert_ne!(
        verified.signing_key_id,
        ss.public_key().key_ids()[0],
        "the primary key only certifies"
    );
}

#[test]
fn a_signing_subkey_without_back_signature_is_not_trusted() {
    // Mallory could bind Alice's signing subkey to his own key (he needs only his primary key
    // for the binding); the back-signature, made by the subkey, is what proves the subkey agrees.
    // Here the GnuPG key's own binding is remade without it.
    use pgp::packet::{SignatureConfig, SignatureType, Subpacket, SubpacketData};
    use pgp::types::{KeyDetails as _, Password};
    let (secret, ss) = gpg_key("signing-subkey");
    let data = b"signed by the subkey";
    let signature = sign_detached(data, &ss, now()).unwrap();
    verify_detached(data, &signature, ss.public_key()).unwrap();

    let unlocked = SignedSecretKey::from_string(&secret.to_armored().unwrap())
        .unwrap()
        .0;
    let mut plain = unlocked.clone();
    plain
        .primary_key
        .remove_password(&Password::from(PASSPHRASE))
        .unwrap();
    let mut public = plain.to_public_key();
    let index = public
        .public_subkeys
        .iter()
        .position(|s| s.signatures.iter().any(|b| b.key_flags().sign()))
        .unwrap();
    let mut flags = pgp::packet::KeyFlags::default();
    flags.set_sign(true);
    let mut config = SignatureConfig::v4(
        SignatureType::SubkeyBinding,
        plain.primary_key.algorithm(),
        pgp::crypto::hash::HashAlgorithm::Sha256,
    );
    config.hashed_subpackets = vec![
        Subpacket::regular(SubpacketData::SignatureCreationTime(
            pgp::types::Timestamp::from_secs(1_796_157_300),
        ))
        .unwrap(),
        Subpacket::regular(SubpacketData::IssuerFingerprint(
            plain.primary_key.fingerprint(),
        ))
        .unwrap(),
        Subpacket::regular(SubpacketData::KeyFlags(flags)).unwrap(),
    ];
    let binding = config
        .sign_subkey_binding(
            &plain.primary_key,
            plain.primary_key.public_key(),
            &Password::empty(),
            &public.public_subkeys[index].key,
        )
        .unwrap();
    public.public_subkeys[index].signatures = vec![binding];
    let armored = public.to_armored_string(crate::armor::options()).unwrap();
    // The directory's check accepts the key (the binding itself is valid)…
    let forged = PublicKey::from_armored(&armored).unwrap();
    // …but its signing subkey is not trusted for signatures.
    assert_eq!(
        verify_detached(data, &signature, &forged).unwrap_err(),
        Error::WrongSigner
    );
}

// --- records archive ---------------------------------------------------------------------------

pub(crate) fn sample_archive() -> (RecordsArchive, SignedArchive) {
    let (_, alice) = alice();
    let (_, bob) = bob();
    let alice_poc = uuid::Uuid::from_u128(0xA11CE);
    let bob_poc = uuid::Uuid::from_u128(0xB0B);
    let known = [alice.public_key().clone(), bob.public_key().clone()];
    let mut messages = Vec::new();
    for (i, (sender, sender_poc, body)) in [
        (alice, alice_poc, format!("inquiry {MARKER}")),
        (bob, bob_poc, "réponse : nous examinons — سنرد".to_owned()),
    ]
    .into_iter()
    .enumerate()
    {
        let armored = encrypt_and_sign(
            body.as_bytes(),
            &recipients_with_sender(&known, sender),
            sender,
            now(),
        )
        .unwrap();
        let decrypted = decrypt_and_verify(&armored, alice, &known).unwrap();
        messages.push(
            ArchiveMessage::new(
                format!("m{i}"),
                if i == 0 { "inquiry" } else { "response" },
                now(),
                sender_poc,
                armored,
                Some(&decrypted),
            )
            .unwrap(),
        );
    }
    messages.push(
        ArchiveMessage::new(
            "m2",
            "note",
            now(),
            bob_poc,
            messages[0].openpgp_message.clone(),
            None,
        )
        .unwrap(),
    );
    let mut archive = RecordsArchive::new(
        ArchivePoc {
            id: alice_poc,
            state: liaison_core::StateCode::parse("FR").unwrap(),
            role: liaison_core::PocRole::Technical,
            entity_name: "CERT-FR".to_owned(),
            key_fingerprint: alice.fingerprint().to_owned(),
        },
        now(),
    );
    archive.threads.push(ArchiveThread {
        id: "t1".to_owned(),
        exercise: true,
        status: "responded".to_owned(),
        opened_at: now(),
        participants: vec![ArchiveParticipant {
            poc_id: bob_poc,
            state: liaison_core::StateCode::parse("DE").unwrap(),
            role: liaison_core::PocRole::Technical,
            entity_name: "CERT-Bund".to_owned(),
            key_fingerprint: Some(bob.fingerprint().to_owned()),
        }],
        messages,
    });
    let signed = sign_archive(&archive, alice, now()).unwrap();
    (archive, signed)
}

#[test]
fn a_records_archive_verifies() {
    let (archive, signed) = sample_archive();
    let verified = verify_archive(
        &signed.manifest,
        signed.signature.as_bytes(),
        alice().1.public_key(),
    )
    .unwrap();
    assert_eq!(verified.archive, archive);
    assert_eq!(
        verified.signature.signer_fingerprint,
        alice().1.fingerprint()
    );
    let text = std::str::from_utf8(&signed.manifest).unwrap();
    assert!(text.starts_with("{\"format\":\"liaison-records-archive\",\"version\":1,"));
    assert!(text.contains(MARKER), "the plaintext is in the archive");
    assert!(text.contains("سنرد"), "UTF-8 kept as it is");
    assert!(!text.ends_with('\n'));
    // Another key does not verify it.
    assert!(matches!(
        verify_archive(
            &signed.manifest,
            signed.signature.as_bytes(),
            bob().1.public_key()
        ),
        Err(ArchiveError::Signature(Error::WrongSigner))
    ));
}

#[test]
fn every_single_byte_change_of_an_archive_fails_verification() {
    let (_, signed) = sample_archive();
    let key = alice().1.public_key();
    for at in 0..signed.manifest.len() {
        let mut changed = signed.manifest.clone();
        changed[at] ^= 0x01;
        assert!(
            verify_archive(&changed, signed.signature.as_bytes(), key).is_err(),
            "manifest byte {at}"
        );
    }
    let signature = signed.signature.as_bytes();
    for at in 0..signature.len() {
        let mut changed = signature.to_vec();
        changed[at] ^= 0x01;
        assert!(
            verify_archive(&signed.manifest, &changed, key).is_err(),
            "signature byte {at}"
        );
    }
    // Appending or removing a byte fails too.
    let mut longer = signed.manifest.clone();
    longer.push(b' ');
    assert!(verify_archive(&longer, signed.signature.as_bytes(), key).is_err());
    assert!(verify_archive(&signed.manifest[1..], signed.signature.as_bytes(), key).is_err());
}

#[test]
fn archives_with_inconsistent_contents_are_refused_even_when_signed() {
    let (archive, _) = sample_archive();
    let (_, alice) = alice();
    let key = alice.public_key();
    let resign = |a: &RecordsArchive| {
        let bytes = a.to_canonical_bytes().unwrap();
        let sig = sign_detached(&bytes, alice, now()).unwrap();
        verify_archive(&bytes, sig.as_bytes(), key)
    };
    // A plaintext changed after its hash was taken.
    let mut changed = archive.clone();
    changed.threads[0].messages[0].plaintext = Some("something else".to_owned());
    assert!(matches!(
        resign(&changed),
        Err(ArchiveError::HashMismatch { .. })
    ));
    assert!(matches!(
        sign_archive(&changed, alice, now()),
        Err(ArchiveError::HashMismatch { .. })
    ));
    // A ciphertext changed after its hash was taken.
    let mut changed = archive.clone();
    changed.threads[0].messages[1].openpgp_message.push('\n');
    assert!(matches!(
        resign(&changed),
        Err(ArchiveError::HashMismatch { .. })
    ));
    // Another POC's key in the manifest.
    let mut changed = archive.clone();
    changed.poc.key_fingerprint = bob().1.fingerprint().to_owned();
    assert!(matches!(
        resign(&changed),
        Err(ArchiveError::WrongKey { .. })
    ));
    // Another version.
    let mut changed = archive.clone();
    changed.version = 2;
    assert!(matches!(
        resign(&changed),
        Err(ArchiveError::UnsupportedVersion)
    ));
    // Signed, but not canonical (pretty-printed).
    let pretty = serde_json::to_vec_pretty(&archive).unwrap();
    let sig = sign_detached(&pretty, alice, now()).unwrap();
    assert!(matches!(
        verify_archive(&pretty, sig.as_bytes(), key),
        Err(ArchiveError::NotCanonical)
    ));
    // Unknown fields are refused.
    let mut value: serde_json::Value =
        serde_json::from_slice(&archive.to_canonical_bytes().unwrap()).unwrap();
    value["extra"] = serde_json::json!(1);
    let bytes = serde_json::to_vec(&value).unwrap();
    let sig = sign_detached(&bytes, alice, now()).unwrap();
    assert!(matches!(
        verify_archive(&bytes, sig.as_bytes(), key),
        Err(ArchiveError::Malformed(_))
    ));
}

// --- hostile input never panics ----------------------------------------------------------------

mod hostile {
    use proptest::prelude::*;

    use super::*;

    fn armored(kind: &str, body: &[u8]) -> String {
        let text = super::armor_message(body);
        text.replace("PGP MESSAGE", kind)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_into_decrypt_verify_and_parse_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let (_, alice) = super::alice();
            let known = [alice.public_key().clone()];
            let text = String::from_utf8_lossy(&bytes);
            let _ = crate::message::decrypt_and_verify_unguarded(&text, alice, &known);
            let _ = crate::message::decrypt_and_verify_unguarded(&armored("PGP MESSAGE", &bytes), alice, &known);
            let _ = crate::signature::verify_detached_unguarded(&bytes, &armored("PGP SIGNATURE", &bytes), alice.public_key());
            let _ = crate::signature::verify_detached_unguarded(&bytes, &text, alice.public_key());
            let _ = SecretKey::from_armored_unguarded(&armored("PGP PRIVATE KEY BLOCK", &bytes));
            let _ = SecretKey::from_armored_unguarded(&text);
            let _ = PublicKey::from_armored(&armored("PGP PUBLIC KEY BLOCK", &bytes));
            let _ = crate::archive::verify_archive_unguarded(&bytes, armored("PGP SIGNATURE", &bytes).as_bytes(), alice.public_key());
            let _ = crate::archive::verify_archive_unguarded(&bytes, &bytes, alice.public_key());
        }

        #[test]
        fn mutated_real_messages_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..8)) {
            static MESSAGE: OnceLock<Vec<u8>> = OnceLock::new();
            let (_, alice) = super::alice();
            let original = MESSAGE.get_or_init(|| {
                binary_of(&encrypt_and_sign(MARKER.as_bytes(), &[alice.public_key().clone()], alice, now()).unwrap())
            });
            let mut data = original.clone();
            for (at, value) in flips {
                let at = at % data.len();
                data[at] = value;
            }
            let known = [alice.public_key().clone()];
            if let Ok(d) = crate::message::decrypt_and_verify_unguarded(&armor_message(&data), alice, &known) {
                // Whatever decrypts after changes is the original plaintext (changes outside the
                // authenticated data only).
                prop_assert_eq!(d.plaintext, MARKER.as_bytes());
            }
        }

    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn mutated_secret_keys_never_panic(flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
            let original = crate::armor::dearmor(&fixture("gpg-ed25519.sec.asc"), pgp::armor::BlockType::PrivateKey, crate::error::Input::SecretKey, usize::MAX).unwrap();
            let mut data = original.clone();
            for (at, value) in flips {
                let at = at % data.len();
                data[at] = value;
            }
            if let Ok(key) = SecretKey::from_armored_unguarded(&armored("PGP PRIVATE KEY BLOCK", &data)) {
                let _ = key.unlock(&Passphrase::new(PASSPHRASE));
            }
        }
    }
}

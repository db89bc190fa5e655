//! Interoperability with independent OpenPGP implementations, run as real processes: GnuPG 2.2
//! (`gpg`, Debian 12; in the base image) and Sequoia (`sq`, Debian package `sq`). Issue 5: "a
//! message encrypted by Liaison is decrypted by GnuPG with the recipient's key, and a message
//! encrypted by GnuPG to a POC's published key is readable in Liaison", checked with GnuPG and sq.
//!
//! Each test has its own GNUPGHOME (a temporary directory; the agent is stopped when it is
//! dropped) and uses `--batch --pinentry-mode loopback` with the passphrase on a file
//! descriptor-free `--passphrase-file`. Keys are generated fresh, with the machine's clock, so
//! every tool agrees that they are valid now.

// Test code: a failed step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;

use jiff::Timestamp;
use liaison_openpgp::{
    KeyGeneration, Passphrase, PublicKey, SecretKey, SignatureStatus, UnlockedKey,
    decrypt_and_verify, encrypt_and_sign, recipients_with_sender, sign_archive, sign_detached,
    verify_archive, verify_detached,
};

const PASSPHRASE: &str = "interop passphrase 2026";
const MARKER: &str = "MARKER-c0ffee-lateral-movement-in-ministry-network";

struct Dir(PathBuf);

impl Dir {
    fn new(tag: &str) -> Dir {
        let path = std::env::temp_dir().join(format!(
            "liaison-openpgp-{tag}-{}-{}",
            std::process::id(),
            uuid::Uuid::new_v4().simple()
        ));
        std::fs::create_dir_all(&path).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        Dir(path)
    }
    fn file(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn write(&self, name: &str, data: impl AsRef<[u8]>) -> PathBuf {
        let path = self.file(name);
        std::fs::write(&path, data).unwrap();
        path
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .arg("--homedir")
            .arg(&self.0)
            .args(["--kill", "all"])
            .stderr(Stdio::null())
            .status();
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A GnuPG home directory with the passphrase on a file.
struct Gpg {
    home: Dir,
}

impl Gpg {
    fn new() -> Gpg {
        let home = Dir::new("gnupg");
        home.write("passphrase", PASSPHRASE);
        // No network, no key servers, no trust questions.
        home.write(
            "gpg.conf",
            "no-auto-key-locate\nno-auto-key-retrieve\ntrust-model always\n",
        );
        home.write("gpg-agent.conf", "allow-loopback-pinentry\n");
        Gpg { home }
    }

    fn run(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut command = Command::new("gpg");
        command
            .arg("--homedir")
            .arg(&self.home.0)
            .args([
                "--batch",
                "--yes",
                "--no-tty",
                "--pinentry-mode",
                "loopback",
            ])
            .arg("--passphrase-file")
            .arg(self.home.file("passphrase"))
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        run_with_input(command, stdin)
    }

    fn ok(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "gpg {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    fn import(&self, armored: &str) {
        self.ok(&["--import"], Some(armored.as_bytes()));
    }
}

fn run_with_input(mut command: Command, stdin: Option<&[u8]>) -> Output {
    use std::io::Write as _;
    let mut child = command
        .spawn()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    let input = stdin.map(<[u8]>::to_vec).unwrap_or_default();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

fn now() -> Timestamp {
    Timestamp::now()
}

/// A crate-generated key, created a minute ago so every tool sees it as valid now.
fn crate_key(name: &str, email: &str) -> (SecretKey, UnlockedKey) {
    let created = Timestamp::from_second(now().as_second() - 60).unwrap();
    let spec = KeyGeneration::new(name, Some("CERT-XX".to_owned()), email, created);
    let secret = SecretKey::generate(&spec, &Passphrase::new(PASSPHRASE)).unwrap();
    let unlocked = secret.unlock(&Passphrase::new(PASSPHRASE)).unwrap();
    (secret, unlocked)
}

fn alice() -> &'static (SecretKey, UnlockedKey) {
    static KEY: OnceLock<(SecretKey, UnlockedKey)> = OnceLock::new();
    KEY.get_or_init(|| crate_key("Alice Interop", "alice@cert.xx.example"))
}

fn bob() -> &'static (SecretKey, UnlockedKey) {
    static KEY: OnceLock<(SecretKey, UnlockedKey)> = OnceLock::new();
    KEY.get_or_init(|| crate_key("Bob Interop", "bob@cert.yy.example"))
}

fn status_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .chain(String::from_utf8_lossy(&out.stdout).lines())
        .filter_map(|l| l.strip_prefix("[GNUPG:] ").map(str::to_owned))
        .collect()
}

fn has_status(lines: &[String], prefix: &str) -> bool {
    lines.iter().any(|l| l.starts_with(prefix))
}

// --- GnuPG --------------------------------------------------------------------------------------

#[test]
fn crate_keys_import_into_gnupg_with_the_expected_shape() {
    let gpg = Gpg::new();
    let (secret, _) = alice();
    gpg.import(&secret.to_armored().unwrap());
    let out = gpg.ok(
        &[
            "--with-colons",
            "--fixed-list-mode",
            "--list-secret-keys",
            secret.fingerprint(),
        ],
        None,
    );
    let listing = String::from_utf8(out.stdout).unwrap();
    let sec = listing.lines().find(|l| l.starts_with("sec:")).unwrap();
    let fields: Vec<&str> = sec.split(':').collect();
    // Field 4: algorithm 22 (EdDSA), field 17: curve; usage "scSC"; expiry as the crate set it.
    assert_eq!(fields[3], "22", "{sec}");
    assert_eq!(fields[16], "ed25519", "{sec}");
    assert!(
        fields[11].contains('s') && fields[11].contains('c'),
        "{sec}"
    );
    let expires = secret.public_key().info().expires_at.unwrap().as_second();
    assert_eq!(fields[6], expires.to_string(), "{sec}");
    let ssb = listing.lines().find(|l| l.starts_with("ssb:")).unwrap();
    let fields: Vec<&str> = ssb.split(':').collect();
    assert_eq!(fields[3], "18", "{ssb}");
    assert_eq!(fields[16], "cv25519", "{ssb}");
    assert_eq!(fields[11], "e", "{ssb}");
    assert!(listing.contains(&format!("fpr:::::::::{}:", secret.fingerprint())));
    assert!(listing.contains("Alice Interop (CERT-XX) <alice@cert.xx.example>"));
    // GnuPG unlocks the imported key with the crate's passphrase: it can sign with it.
    let out = gpg.ok(
        &[
            "--local-user",
            secret.fingerprint(),
            "--detach-sign",
            "--armor",
        ],
        Some(b"data"),
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("BEGIN PGP SIGNATURE"));
    // In another home, with a wrong passphrase, GnuPG cannot use the crate's key.
    let other = Gpg::new();
    std::fs::write(other.home.file("passphrase"), "wrong passphrase").unwrap();
    let _ = other.run(
        &["--import"],
        Some(bob().0.to_armored().unwrap().as_bytes()),
    );
    let out = other.run(
        &[
            "--local-user",
            bob().0.fingerprint(),
            "--detach-sign",
            "--armor",
        ],
        Some(b"data"),
    );
    assert!(!out.status.success());
}

#[test]
fn gnupg_decrypts_and_verifies_what_the_crate_sends() {
    let gpg = Gpg::new();
    let (alice_secret, _) = alice();
    let (_, bob) = bob();
    // Alice reads with GnuPG; Bob's public key is known to her GnuPG.
    gpg.import(&alice_secret.to_armored().unwrap());
    gpg.import(bob.public_key().armored());
    let plaintext = format!("{MARKER}\nعاجل — urgent — 紧急\n");
    let armored = encrypt_and_sign(
        plaintext.as_bytes(),
        &recipients_with_sender(&[alice_secret.public_key().clone()], bob),
        bob,
        now(),
    )
    .unwrap();
    assert!(!armored.contains(MARKER));
    let out = gpg.ok(&["--status-fd", "2", "--decrypt"], Some(armored.as_bytes()));
    assert_eq!(String::from_utf8(out.stdout.clone()).unwrap(), plaintext);
    let status = status_lines(&out);
    assert!(has_status(&status, "DECRYPTION_OKAY"), "{status:?}");
    assert!(has_status(&status, "GOODMDC"), "{status:?}");
    assert!(
        has_status(&status, &format!("VALIDSIG {}", bob.fingerprint())),
        "{status:?}"
    );
    assert!(has_status(&status, "GOODSIG"), "{status:?}");
    // AES-256 (algorithm 9), SEIPD v1 with MDC (mode 0 in DECRYPTION_INFO).
    assert!(
        status.iter().any(|l| l.starts_with("DECRYPTION_INFO 2 9")),
        "{status:?}"
    );
    // Both recipients are named.
    let enc_to = status.iter().filter(|l| l.starts_with("ENC_TO ")).count();
    assert_eq!(enc_to, 2, "{status:?}");
    assert!(!has_status(&status, "BADSIG") && !has_status(&status, "DECRYPTION_FAILED"));

    // One flipped byte in the encrypted data: GnuPG refuses it too.
    let mut binary = dearmor(&armored);
    let last = binary.len() - 30;
    binary[last] ^= 0x01;
    let out = gpg.run(&["--status-fd", "2", "--decrypt"], Some(&binary));
    assert!(!out.status.success());
    // (GnuPG streams: it may already have printed the plaintext when it finds the damage. The
    // crate checks the MDC before releasing anything.)
    let status = status_lines(&out);
    assert!(
        has_status(&status, "DECRYPTION_FAILED")
            || has_status(&status, "BADMDC")
            || has_status(&status, "BADSIG"),
        "{status:?}"
    );
}

#[test]
fn the_crate_reads_what_gnupg_sends_to_a_published_key() {
    let gpg = Gpg::new();
    let (_, alice) = alice();
    // Carol is a CSIRT that keeps using GnuPG: her key is made by gpg.
    gpg.ok(
        &[
            "--quick-gen-key",
            "Carol CSIRT <carol@csirt.zz.example>",
            "ed25519",
            "default",
            "1y",
        ],
        None,
    );
    let carol_fpr = fingerprint_of(&gpg, "carol@csirt.zz.example");
    gpg.ok(
        &["--quick-add-key", &carol_fpr, "cv25519", "encr", "1y"],
        None,
    );
    let carol_public = PublicKey::from_armored(
        &String::from_utf8(gpg.ok(&["--armor", "--export", &carol_fpr], None).stdout).unwrap(),
    )
    .unwrap();
    let carol_secret = SecretKey::from_armored(
        &String::from_utf8(
            gpg.ok(&["--armor", "--export-secret-keys", &carol_fpr], None)
                .stdout,
        )
        .unwrap(),
    )
    .unwrap();
    carol_secret.check_matches(&carol_public).unwrap();
    let carol = carol_secret.unlock(&Passphrase::new(PASSPHRASE)).unwrap();

    // GnuPG encrypts (compressed, as it does by default) and signs to Alice's published key.
    gpg.import(alice.public_key().armored());
    let plaintext = format!("{MARKER} from GnuPG");
    let out = gpg.ok(
        &[
            "--armor",
            "--sign",
            "--encrypt",
            "--local-user",
            &carol_fpr,
            "--recipient",
            alice.fingerprint(),
            "--recipient",
            &carol_fpr,
        ],
        Some(plaintext.as_bytes()),
    );
    let armored = String::from_utf8(out.stdout).unwrap();
    assert!(!armored.contains(MARKER));
    let known = [alice.public_key().clone(), carol_public.clone()];
    for reader in [alice, &carol] {
        let read = decrypt_and_verify(&armored, reader, &known).unwrap();
        assert_eq!(read.plaintext, plaintext.as_bytes());
        assert_eq!(
            read.signature,
            SignatureStatus::Valid {
                signer_fingerprint: carol_fpr.clone(),
                signed_at: read_signed_at(&read.signature),
            }
        );
        assert_eq!(read.recipient_key_ids.len(), 2);
    }
    // Without Carol's key the signer is unknown, not valid.
    let read = decrypt_and_verify(&armored, alice, &[alice.public_key().clone()]).unwrap();
    assert!(matches!(
        read.signature,
        SignatureStatus::UnknownSigner { .. }
    ));

    // Uncompressed, signed with an RSA key, AES-128: still read.
    gpg.ok(
        &[
            "--quick-gen-key",
            "Dan RSA <dan@rsa.zz.example>",
            "rsa3072",
            "default",
            "1y",
        ],
        None,
    );
    let dan_fpr = fingerprint_of(&gpg, "dan@rsa.zz.example");
    let dan_public = PublicKey::from_armored(
        &String::from_utf8(gpg.ok(&["--armor", "--export", &dan_fpr], None).stdout).unwrap(),
    )
    .unwrap();
    let out = gpg.ok(
        &[
            "--armor",
            "--compress-algo",
            "none",
            "--cipher-algo",
            "AES",
            "--sign",
            "--encrypt",
            "--local-user",
            &dan_fpr,
            "--recipient",
            alice.fingerprint(),
        ],
        Some(plaintext.as_bytes()),
    );
    let read = decrypt_and_verify(
        &String::from_utf8(out.stdout).unwrap(),
        alice,
        std::slice::from_ref(&dan_public),
    )
    .unwrap();
    assert_eq!(read.plaintext, plaintext.as_bytes());
    assert!(read.signature.is_valid());

    // Detached signatures both ways.
    let data = b"records.json bytes";
    let path = gpg.home.write("data", data);
    let out = gpg.ok(
        &[
            "--armor",
            "--local-user",
            &carol_fpr,
            "--detach-sign",
            "--output",
            "-",
            path.to_str().unwrap(),
        ],
        None,
    );
    let verified =
        verify_detached(data, &String::from_utf8(out.stdout).unwrap(), &carol_public).unwrap();
    assert_eq!(verified.signer_fingerprint, carol_fpr);
    let signature = sign_detached(data, alice, now()).unwrap();
    let sig_path = gpg.home.write("data.asc", &signature);
    let out = gpg.ok(
        &[
            "--status-fd",
            "2",
            "--verify",
            sig_path.to_str().unwrap(),
            path.to_str().unwrap(),
        ],
        None,
    );
    assert!(has_status(
        &status_lines(&out),
        &format!("VALIDSIG {}", alice.fingerprint())
    ));
}

#[test]
fn gnupg_verifies_a_records_archive_signature() {
    use liaison_openpgp::{ArchiveMessage, ArchivePoc, ArchiveThread, RecordsArchive};
    let gpg = Gpg::new();
    let (_, alice) = alice();
    let (_, bob) = bob();
    let armored = encrypt_and_sign(
        MARKER.as_bytes(),
        &recipients_with_sender(&[bob.public_key().clone()], alice),
        alice,
        now(),
    )
    .unwrap();
    let read = decrypt_and_verify(&armored, alice, &[alice.public_key().clone()]).unwrap();
    let mut archive = RecordsArchive::new(
        ArchivePoc {
            id: uuid::Uuid::new_v4(),
            state: liaison_core::StateCode::parse("KE").unwrap(),
            role: liaison_core::PocRole::Technical,
            entity_name: "KE-CIRT/CC".to_owned(),
            key_fingerprint: alice.fingerprint().to_owned(),
        },
        now(),
    );
    archive.threads.push(ArchiveThread {
        id: "thread-1".to_owned(),
        exercise: false,
        status: "sent".to_owned(),
        opened_at: now(),
        participants: vec![],
        messages: vec![
            ArchiveMessage::new("m1", "inquiry", now(), archive.poc.id, armored, Some(&read))
                .unwrap(),
        ],
    });
    let signed = sign_archive(&archive, alice, now()).unwrap();
    verify_archive(
        &signed.manifest,
        signed.signature.as_bytes(),
        alice.public_key(),
    )
    .unwrap();
    gpg.import(alice.public_key().armored());
    let manifest = gpg.home.write("records.json", &signed.manifest);
    let signature = gpg.home.write("records.json.asc", &signed.signature);
    let out = gpg.ok(
        &[
            "--status-fd",
            "2",
            "--verify",
            signature.to_str().unwrap(),
            manifest.to_str().unwrap(),
        ],
        None,
    );
    assert!(has_status(
        &status_lines(&out),
        &format!("VALIDSIG {}", alice.fingerprint())
    ));
    // One changed byte: GnuPG says BADSIG, the crate refuses.
    let mut changed = signed.manifest.clone();
    changed[40] ^= 0x01;
    std::fs::write(&manifest, &changed).unwrap();
    let out = gpg.run(
        &[
            "--status-fd",
            "2",
            "--verify",
            signature.to_str().unwrap(),
            manifest.to_str().unwrap(),
        ],
        None,
    );
    assert!(!out.status.success());
    assert!(has_status(&status_lines(&out), "BADSIG"));
    assert!(verify_archive(&changed, signed.signature.as_bytes(), alice.public_key()).is_err());
}

fn read_signed_at(status: &SignatureStatus) -> Option<Timestamp> {
    match status {
        SignatureStatus::Valid { signed_at, .. } => *signed_at,
        _ => None,
    }
}

fn fingerprint_of(gpg: &Gpg, email: &str) -> String {
    let out = gpg.ok(&["--with-colons", "--list-keys", email], None);
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .find_map(|l| {
            l.strip_prefix("fpr:")
                .map(|r| r.trim_matches(':').to_owned())
        })
        .unwrap()
}

fn dearmor(armored: &str) -> Vec<u8> {
    use std::io::Read as _;
    let mut reader = pgp::armor::Dearmor::new(armored.as_bytes());
    let mut binary = Vec::new();
    reader.read_to_end(&mut binary).unwrap();
    binary
}

// --- Sequoia (sq) -------------------------------------------------------------------------------

/// `sq`, or None when it is not installed (then the tests say so; under CI they fail, since the
/// test command installs it).
fn sq() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join("sq"))
            .find(|p| p.is_file())
    });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "sq (Debian package 'sq') is needed for the Sequoia interoperability tests"
        );
        eprintln!("sq is not installed: Sequoia interoperability not checked");
    }
    found
}

fn sq_ok(sq: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(sq);
    command
        .args(args)
        .env(
            "SEQUOIA_HOME",
            std::env::temp_dir().join("liaison-no-sequoia-home"),
        )
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let out = run_with_input(command, stdin);
    assert!(
        out.status.success(),
        "sq {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

#[test]
fn sequoia_and_the_crate_read_each_other() {
    let Some(sq) = sq() else {
        return;
    };
    let dir = Dir::new("sq");
    let (alice_secret, alice) = alice();
    // Erin uses Sequoia: her key is made by sq (unprotected, so sq needs no prompt).
    let erin_key = dir.file("erin.key");
    sq_ok(
        &sq,
        &[
            "key",
            "generate",
            "--userid",
            "Erin <erin@cert.ww.example>",
            "--export",
            erin_key.to_str().unwrap(),
        ],
        None,
    );
    let erin_cert = sq_ok(
        &sq,
        &["key", "extract-cert", erin_key.to_str().unwrap()],
        None,
    )
    .stdout;
    let erin_cert = String::from_utf8(erin_cert).unwrap();
    let erin_public = PublicKey::from_armored(&erin_cert).unwrap();
    let erin_cert_path = dir.write("erin.cert", &erin_cert);
    let alice_cert_path = dir.write("alice.cert", alice.public_key().armored());

    // sq reads the crate's public and (protected) secret key.
    let out = sq_ok(&sq, &["inspect", alice_cert_path.to_str().unwrap()], None);
    let inspected = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(inspected.contains(alice.fingerprint()), "{inspected}");
    assert!(inspected.contains("EdDSA"), "{inspected}");
    let alice_key_path = dir.write("alice.key", alice_secret.to_armored().unwrap());
    let out = sq_ok(&sq, &["inspect", alice_key_path.to_str().unwrap()], None);
    assert!(String::from_utf8_lossy(&out.stdout).contains("Secret key: Encrypted"));

    // The crate writes to Erin; sq decrypts and verifies Alice's signature.
    let plaintext = format!("{MARKER} to Sequoia");
    let armored = encrypt_and_sign(
        plaintext.as_bytes(),
        &recipients_with_sender(std::slice::from_ref(&erin_public), alice),
        alice,
        now(),
    )
    .unwrap();
    assert!(!armored.contains(MARKER));
    let out = sq_ok(
        &sq,
        &[
            "decrypt",
            "--recipient-key",
            erin_key.to_str().unwrap(),
            "--signer-cert",
            alice_cert_path.to_str().unwrap(),
        ],
        Some(armored.as_bytes()),
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plaintext);

    // sq writes to Alice's published key and signs; the crate decrypts and verifies.
    let out = sq_ok(
        &sq,
        &[
            "encrypt",
            "--recipient-cert",
            alice_cert_path.to_str().unwrap(),
            "--signer-key",
            erin_key.to_str().unwrap(),
        ],
        Some(plaintext.as_bytes()),
    );
    let from_sq = String::from_utf8(out.stdout).unwrap();
    assert!(!from_sq.contains(MARKER));
    let read = decrypt_and_verify(&from_sq, alice, std::slice::from_ref(&erin_public)).unwrap();
    assert_eq!(read.plaintext, plaintext.as_bytes());
    assert_eq!(
        read.signature,
        SignatureStatus::Valid {
            signer_fingerprint: erin_public.fingerprint().to_owned(),
            signed_at: read_signed_at(&read.signature),
        }
    );
    let _ = erin_cert_path;

    // Detached signatures both ways.
    let data = dir.write("data", b"archive manifest");
    let signature = sign_detached(b"archive manifest", alice, now()).unwrap();
    let sig_path = dir.write("data.asc", &signature);
    sq_ok(
        &sq,
        &[
            "verify",
            "--detached",
            sig_path.to_str().unwrap(),
            "--signer-cert",
            alice_cert_path.to_str().unwrap(),
            data.to_str().unwrap(),
        ],
        None,
    );
    let out = sq_ok(
        &sq,
        &[
            "sign",
            "--detached",
            "--signer-key",
            erin_key.to_str().unwrap(),
            data.to_str().unwrap(),
        ],
        None,
    );
    verify_detached(
        b"archive manifest",
        &String::from_utf8(out.stdout).unwrap(),
        &erin_public,
    )
    .unwrap();
}

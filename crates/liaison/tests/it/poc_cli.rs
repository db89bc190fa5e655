//! `liaison poc …` (issue 5 item 9) against the real `liaison serve`: two technical POCs of two
//! states generate keys with the CLI, publish them, exchange an inquiry and a response made from
//! the template files, list, read and acknowledge, export the signed record and verify it (and
//! see one changed byte fail). GnuPG is the independent peer: it reads what the CLI encrypted
//! with the recipient's key, and the CLI reads what GnuPG encrypted to a published key (a key
//! brought from GnuPG with `key import`). A diplomatic POC writing to a technical one is refused
//! with the server's reason. The server's debug log never holds the plaintext marker.

use crate::processes::http;
use crate::support::*;
use liaison_core::EntryLanguage;
use liaison_core::permission::Role;
use liaison_i18n::tr;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const MARKER: &str = "LIAISON-CLI-PLAINTEXT-MARKER-5b21e0d4";
const REPLY_MARKER: &str = "LIAISON-CLI-REPLY-MARKER-93c7aa10";
const GPG_MARKER: &str = "LIAISON-GPG-PLAINTEXT-MARKER-0e44f1b2";
const PASSPHRASE: &str = "correct horse battery staple";

/// Fluent isolates arguments with U+2068/U+2069; scripts and tests read the bare text.
fn plain(s: &[u8]) -> String {
    String::from_utf8_lossy(s).replace(['\u{2068}', '\u{2069}'], "")
}

struct Server {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(db: &str, dir: &Path) -> Server {
    serve_with(db, dir, &[])
}

fn serve_with(db: &str, dir: &Path, extra: &[&str]) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = dir.join("server.log");
    // Appended to: a restarted server logs after the first one.
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&log)
        .unwrap();
    let child = Command::new(bin())
        .args([
            "serve",
            "--database",
            db,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .args(extra)
        .env("LIAISON_LOG", "debug")
        .stdout(Stdio::null())
        .stderr(file)
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while http(port, "GET", "/healthz", None, None).0 != 200 {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    Server { child, port, log }
}

/// One POC's side: its CLI home, token file and passphrase file.
struct Poc {
    id: String,
    token: String,
    home: PathBuf,
    token_file: PathBuf,
    passphrase_file: PathBuf,
}

impl Poc {
    fn new(dir: &Path, name: &str, id: String, token: String) -> Poc {
        let base = dir.join(name);
        std::fs::create_dir_all(&base).unwrap();
        let token_file = base.join("token");
        std::fs::write(&token_file, format!("{token}\n")).unwrap();
        let passphrase_file = base.join("passphrase");
        std::fs::write(&passphrase_file, format!("{PASSPHRASE}\n")).unwrap();
        Poc {
            id,
            token,
            home: base.join("home"),
            token_file,
            passphrase_file,
        }
    }

    fn cli(&self, server: &Server, args: &[&str]) -> Output {
        Command::new(bin())
            .arg("poc")
            .args(args)
            .env(
                "LIAISON_SERVER",
                format!("http://127.0.0.1:{}", server.port),
            )
            .env("LIAISON_TOKEN_FILE", &self.token_file)
            .env("LIAISON_HOME", &self.home)
            .env("LIAISON_PASSPHRASE_FILE", &self.passphrase_file)
            .env("LIAISON_LOG", "warn")
            .env_remove("LIAISON_TOKEN")
            .env_remove("LIAISON_PASSPHRASE")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }

    /// Runs a command that must succeed; its stdout without isolation marks.
    fn ok(&self, server: &Server, args: &[&str]) -> String {
        let out = self.cli(server, args);
        assert!(
            out.status.success(),
            "liaison poc {args:?}: {}{}",
            plain(&out.stdout),
            plain(&out.stderr)
        );
        plain(&out.stdout)
    }
}

/// A GnuPG home of its own (an independent OpenPGP implementation).
struct Gpg {
    home: PathBuf,
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &self.home)
            .args(["--kill", "all"])
            .output();
    }
}

impl Gpg {
    fn new(dir: &Path, name: &str) -> Gpg {
        use std::os::unix::fs::PermissionsExt;
        let home = dir.join(name);
        std::fs::create_dir_all(&home).unwrap();
        std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        Gpg { home }
    }

    fn run(&self, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
        let mut child = Command::new("gpg")
            .env("GNUPGHOME", &self.home)
            .args([
                "--batch",
                "--quiet",
                "--no-tty",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                PASSPHRASE,
                "--trust-model",
                "always",
            ])
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("gpg (GnuPG) must be installed");
        {
            let mut stdin = child.stdin.take().unwrap();
            if let Some(i) = input {
                stdin.write_all(i).unwrap();
            }
        }
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }
}

fn entry(state_code: &str, role: &str, name: &str, email: &str) -> Value {
    let mut e = arabic_entry(state_code);
    e["role"] = json!(role);
    e["entity_name"] = json!(name);
    e["emails"] = json!([email]);
    e["entry_language"] = json!("en");
    e["translation_en"] = Value::Null;
    e
}

async fn poc(env: &Env, dir: &Path, state_code: &str, role: &str, email: &str) -> Poc {
    let admin = env.token(Role::StateAdmin, Some(state_code), None).await;
    let r = env
        .call(
            "POST",
            "/api/v1/pocs",
            Some(&admin),
            Some(&entry(
                state_code,
                role,
                &format!("{state_code} {role} CERT"),
                email,
            )),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    let id = r.json["id"].as_str().unwrap().to_owned();
    let token = env.token(Role::Poc, None, Some(id.parse().unwrap())).await;
    Poc::new(dir, &format!("{state_code}-{role}"), id, token)
}

/// The template skeleton the CLI prints, with `text` written into its free-text field.
fn filled(p: &Poc, server: &Server, template: &str, text: &str, dir: &Path) -> PathBuf {
    let mut doc: Value =
        serde_json::from_str(&p.ok(server, &["template", "show", template])).unwrap();
    if template == "inquiry" {
        doc["incident"]["description"] =
            json!(format!("{text} — trafic anormal vers 198.51.100.7"));
    } else {
        doc["response"]["type"] = json!("substantive");
        doc["response"]["text"] = json!(text);
    }
    let path = dir.join(format!("{template}-{}.json", p.id));
    std::fs::write(&path, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn poc_cli_round_trip_with_gnupg() {
    let env = Env::new(Backend::Sqlite).await;
    for code in ["FR", "DE", "IT"] {
        env.admit(code).await;
    }
    let dir = scratch_dir("poc-cli");
    let fr = poc(&env, &dir, "FR", "technical", "cert@cert.fr.example").await;
    let de = poc(&env, &dir, "DE", "technical", "cert@cert-bund.de.example").await;
    let fr_dip = poc(
        &env,
        &dir,
        "FR",
        "diplomatic",
        "cyber@diplomatie.fr.example",
    )
    .await;
    let it = poc(&env, &dir, "IT", "technical", "csirt@csirt.it.example").await;
    let server = serve(&env.db.url, &dir);

    // Keys made by the CLI (name and e-mail from the entry), protected on disk, published.
    for p in [&fr, &de, &fr_dip] {
        p.ok(&server, &["key", "generate"]);
        p.ok(&server, &["key", "publish"]);
        let shown = p.ok(&server, &["key", "show"]);
        assert!(
            shown.contains(&tr(EntryLanguage::En, "poc-cli-key-is-published", &[])),
            "{shown}"
        );
        let secret = p.home.join("secret-key.asc");
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let armored = std::fs::read_to_string(&secret).unwrap();
        assert!(armored.contains("BEGIN PGP PRIVATE KEY BLOCK"));
        assert!(
            liaison_openpgp::SecretKey::from_armored(&armored)
                .unwrap()
                .is_protected(),
            "the key on disk is passphrase-protected"
        );
    }
    let again = fr.cli(&server, &["key", "generate"]);
    assert!(
        !again.status.success(),
        "an existing key is not overwritten without --force"
    );

    // An inquiry from the template file; a bad file is refused with the field named.
    let inquiry = filled(&fr, &server, "inquiry", MARKER, &dir);
    let bad = dir.join("bad.json");
    std::fs::write(&bad, r#"{"template":"inquiry","version":1,"tlp":"PURPLE"}"#).unwrap();
    let refused = fr.cli(
        &server,
        &[
            "send",
            "inquiry",
            "--to",
            &de.id,
            "--file",
            bad.to_str().unwrap(),
        ],
    );
    assert!(!refused.status.success());
    assert!(
        plain(&refused.stderr).contains("tlp"),
        "{}",
        plain(&refused.stderr)
    );
    let thread = fr
        .ok(
            &server,
            &[
                "send",
                "inquiry",
                "--to",
                &de.id,
                "--file",
                inquiry.to_str().unwrap(),
                "--urgency",
                "high",
            ],
        )
        .trim()
        .to_owned();
    assert!(thread.parse::<uuid::Uuid>().is_ok(), "{thread}");

    let list = de.ok(&server, &["threads", "list"]);
    assert!(list.contains(&thread), "{list}");
    let read = de.ok(&server, &["thread", "read", &thread, "--lang", "fr"]);
    assert!(read.contains(MARKER), "{read}");
    for id in [
        "template-field-incident-category",
        "inquiry-category-intrusion",
        "poc-cli-stage-delivered",
        "thread-notice-acknowledgement",
        "thread-notice-territory",
    ] {
        assert!(
            read.contains(&plain(tr(EntryLanguage::Fr, id, &[]).as_bytes())),
            "{id}: {read}"
        );
    }
    assert!(read.contains("Signature valide"), "{read}");

    de.ok(&server, &["acknowledge", &thread]);
    let response = filled(&de, &server, "response", REPLY_MARKER, &dir);
    de.ok(
        &server,
        &["respond", &thread, "--file", response.to_str().unwrap()],
    );
    let read = fr.ok(&server, &["thread", "read", &thread]);
    assert!(
        read.contains(MARKER) && read.contains(REPLY_MARKER),
        "{read}"
    );
    assert!(
        read.contains(&tr(EntryLanguage::En, "poc-cli-stage-responded", &[])),
        "{read}"
    );

    // GnuPG reads what the CLI wrote, with the recipient's own key.
    let (status, body) = http(
        server.port,
        "GET",
        &format!("/api/v1/threads/{thread}"),
        Some(&de.token),
        None,
    );
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    let ciphertext = v["messages"][0]["copies"][0]["ciphertext"]
        .as_str()
        .unwrap()
        .to_owned();
    let gpg_de = Gpg::new(&dir, "gpg-de");
    gpg_de.run(
        &["--import"],
        Some(&std::fs::read(de.home.join("secret-key.asc")).unwrap()),
    );
    gpg_de.run(
        &["--import"],
        Some(&std::fs::read(fr.home.join("public-key.asc")).unwrap()),
    );
    let opened = gpg_de.run(&["--decrypt"], Some(ciphertext.as_bytes()));
    assert!(String::from_utf8_lossy(&opened).contains(MARKER));

    // The CLI reads what GnuPG wrote: IT's CERT keeps its GnuPG key, publishes it through the
    // API, and brings its secret key to the CLI with `key import`.
    let gpg_it = Gpg::new(&dir, "gpg-it");
    gpg_it.run(
        &[
            "--quick-gen-key",
            "<csirt@csirt.it.example>",
            "ed25519",
            "sign",
            "2y",
        ],
        None,
    );
    let listing = String::from_utf8(gpg_it.run(&["--with-colons", "--list-keys"], None)).unwrap();
    let fpr = listing
        .lines()
        .find(|l| l.starts_with("fpr:"))
        .unwrap()
        .split(':')
        .nth(9)
        .unwrap()
        .to_owned();
    gpg_it.run(&["--quick-add-key", &fpr, "cv25519", "encr", "2y"], None);
    let it_public = String::from_utf8(gpg_it.run(&["--armor", "--export", &fpr], None)).unwrap();
    let (status, body) = http(
        server.port,
        "PUT",
        &format!("/api/v1/pocs/{}/openpgp-key", it.id),
        Some(&it.token),
        Some(&json!({"openpgp_key": it_public}).to_string()),
    );
    assert_eq!(status, 200, "{body}");
    let exported = dir.join("it-secret.asc");
    std::fs::write(
        &exported,
        gpg_it.run(&["--armor", "--export-secret-keys", &fpr], None),
    )
    .unwrap();
    it.ok(&server, &["key", "import", exported.to_str().unwrap()]);
    assert!(it.ok(&server, &["key", "show"]).contains(&fpr));
    gpg_it.run(
        &["--import"],
        Some(&std::fs::read(de.home.join("public-key.asc")).unwrap()),
    );
    let de_fpr = liaison_openpgp::PublicKey::from_armored(
        &std::fs::read_to_string(de.home.join("public-key.asc")).unwrap(),
    )
    .unwrap()
    .fingerprint()
    .to_owned();
    let doc = json!({"template": "inquiry", "version": 1, "language": "it",
        "incident": {"category": "malware", "description": GPG_MARKER}});
    let sealed = gpg_it.run(
        &["--armor", "--sign", "--encrypt", "-r", &fpr, "-r", &de_fpr],
        Some(doc.to_string().as_bytes()),
    );
    let (status, body) = http(
        server.port,
        "POST",
        "/api/v1/threads",
        Some(&it.token),
        Some(
            &json!({"recipients": [de.id], "ciphertext": String::from_utf8(sealed).unwrap()})
                .to_string(),
        ),
    );
    assert_eq!(status, 201, "{body}");
    let gpg_thread = serde_json::from_str::<Value>(&body).unwrap()["thread"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let read = de.ok(&server, &["thread", "read", &gpg_thread]);
    assert!(read.contains(GPG_MARKER), "{read}");
    assert!(
        read.contains("Signature valid"),
        "signed by IT's GnuPG key, known from its entry: {read}"
    );
    assert!(
        it.ok(&server, &["thread", "read", &gpg_thread])
            .contains(GPG_MARKER)
    );

    // Diplomatic → technical is refused, with the server's reason in the reader's language.
    let dip = filled(&fr_dip, &server, "inquiry", MARKER, &dir);
    let out = fr_dip.cli(
        &server,
        &[
            "send",
            "inquiry",
            "--to",
            &de.id,
            "--file",
            dip.to_str().unwrap(),
            "--lang",
            "fr",
        ],
    );
    assert!(!out.status.success());
    let said = plain(&out.stderr);
    assert!(said.contains("403"), "{said}");
    assert!(said.contains("diplomatiques"), "in French: {said}");

    // The record: every exchange decrypted here, signed; verified; one changed byte fails.
    let out_dir = dir.join("record");
    fr.ok(
        &server,
        &["record", "export", "--out", out_dir.to_str().unwrap()],
    );
    let manifest = out_dir.join("records.json");
    let verified = fr.ok(&server, &["record", "verify", manifest.to_str().unwrap()]);
    assert!(verified.contains(&fr_fingerprint(&fr)), "{verified}");
    let html = std::fs::read_to_string(out_dir.join("records.html")).unwrap();
    assert!(
        html.contains(MARKER) && html.contains(REPLY_MARKER),
        "the readable rendering"
    );
    assert!(html.contains(&tr(EntryLanguage::En, "thread-notice-territory", &[])));
    // Anyone with the POC's public key can verify it, without the home.
    let public = fr.home.join("public-key.asc");
    let out = de.cli(
        &server,
        &[
            "record",
            "verify",
            manifest.to_str().unwrap(),
            "--key",
            public.to_str().unwrap(),
        ],
    );
    assert!(out.status.success(), "{}", plain(&out.stderr));
    let mut bytes = std::fs::read(&manifest).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    std::fs::write(&manifest, &bytes).unwrap();
    let out = fr.cli(
        &server,
        &[
            "record",
            "verify",
            manifest.to_str().unwrap(),
            "--lang",
            "es",
        ],
    );
    assert!(!out.status.success(), "one changed byte fails verification");
    let said = plain(&out.stderr);
    assert!(
        said.contains(&plain(
            tr(EntryLanguage::Es, "poc-cli-record-bad-signature", &[]).as_bytes()
        )),
        "{said}"
    );

    let log_path = server.log.clone();
    drop(server);
    let log = std::fs::read_to_string(log_path).unwrap();
    assert!(!log.is_empty());
    for marker in [MARKER, REPLY_MARKER, GPG_MARKER] {
        assert!(
            !log.contains(marker),
            "the plaintext marker is in the server log"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

fn fr_fingerprint(p: &Poc) -> String {
    liaison_openpgp::PublicKey::from_armored(
        &std::fs::read_to_string(p.home.join("public-key.asc")).unwrap(),
    )
    .unwrap()
    .fingerprint()
    .to_owned()
}

/// Thread notifications by e-mail (issue 5): `liaison serve --smtp-url` sends each pending
/// notification once, in the entry's language, with the urgency, EXERCISE and a link to sign
/// in, and nothing of the content; killed with SIGKILL and started again, it sends nothing twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thread_notifications_are_emailed_once_across_a_restart() {
    let env = Env::new(Backend::Sqlite).await;
    for code in ["FR", "DE"] {
        env.admit(code).await;
    }
    let dir = scratch_dir("poc-mail");
    let fr = poc(&env, &dir, "FR", "technical", "cert@cert.fr.example").await;
    let de = poc(&env, &dir, "DE", "technical", "cert@cert-bund.de.example").await;
    // DE's entry is written in French: its notifications are too.
    let r = env
        .call(
            "GET",
            &format!("/api/v1/pocs/{}", de.id),
            Some(&de.token),
            None,
        )
        .await;
    let mut doc = r.json.clone();
    doc["entry_language"] = json!("fr");
    let admin = env.token(Role::StateAdmin, Some("DE"), None).await;
    let r = env
        .call_with(
            "PUT",
            &format!("/api/v1/pocs/{}", de.id),
            Some(&admin),
            Some(doc.to_string().into_bytes()),
            &[("if-match", "\"r1\"")],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);

    let sink = crate::ping::Sink::start(&[]);
    let smtp = format!("smtp://127.0.0.1:{}", sink.port);
    let args = [
        "--smtp-url",
        smtp.as_str(),
        "--smtp-tls",
        "none",
        "--mail-from",
        "directory@liaison.example",
        "--public-url",
        "https://directory.example",
        "--ping-every",
        "off",
        "--pgp-mime-bridge",
    ];
    let server = serve_with(&env.db.url, &dir, &args);
    for p in [&fr, &de] {
        p.ok(&server, &["key", "generate"]);
        p.ok(&server, &["key", "publish"]);
    }
    let inquiry = filled(&fr, &server, "inquiry", MARKER, &dir);
    let thread = fr
        .ok(
            &server,
            &[
                "send",
                "inquiry",
                "--to",
                &de.id,
                "--file",
                inquiry.to_str().unwrap(),
                "--urgency",
                "critical",
                "--exercise",
            ],
        )
        .trim()
        .to_owned();
    let wait_for = |n: usize| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let got = sink.messages();
            if got.len() >= n {
                return got;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "{} of {n} messages",
                got.len()
            );
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
    };
    // DE gets the notification and, through the bridge, the ciphertext itself.
    let first = wait_for(2);
    let is_bridge = |m: &crate::ping::Stored| m.raw.contains("multipart/encrypted");
    let (bridged, notes): (Vec<_>, Vec<_>) = first.iter().partition(|m| is_bridge(m));
    assert_eq!((bridged.len(), notes.len()), (1, 1));
    let note = notes[0];
    assert_eq!(note.rcpt_to, vec!["cert@cert-bund.de.example".to_owned()]);
    let fr_text = |id: &str| plain(tr(EntryLanguage::Fr, id, &[]).as_bytes());
    for id in [
        "notification-new-inquiry",
        "urgency-critical",
        "thread-exercise-label",
    ] {
        assert!(note.text.contains(&fr_text(id)), "{id}: {}", note.text);
    }
    assert!(note.text.contains("https://directory.example/sign-in"));
    // RFC 3156: GnuPG reads the bridged part with DE's own key.
    let bridge = bridged[0];
    assert_eq!(bridge.rcpt_to, vec!["cert@cert-bund.de.example".to_owned()]);
    assert!(
        bridge.raw.contains("application/pgp-encrypted"),
        "{}",
        bridge.raw
    );
    let raw = bridge.raw.replace("\r\n", "\n");
    let start = raw.find("-----BEGIN PGP MESSAGE-----").unwrap();
    let end = raw.find("-----END PGP MESSAGE-----").unwrap() + "-----END PGP MESSAGE-----".len();
    let gpg = Gpg::new(&dir, "gpg-de");
    gpg.run(
        &["--import"],
        Some(&std::fs::read(de.home.join("secret-key.asc")).unwrap()),
    );
    gpg.run(
        &["--import"],
        Some(&std::fs::read(fr.home.join("public-key.asc")).unwrap()),
    );
    let opened = gpg.run(&["--decrypt"], Some(&raw.as_bytes()[start..end]));
    assert!(String::from_utf8_lossy(&opened).contains(MARKER));
    let (status, body) = http(
        server.port,
        "GET",
        "/api/v1/notifications",
        Some(&de.token),
        None,
    );
    assert_eq!(status, 200);
    let v: Value = serde_json::from_str(&body).unwrap();
    let n = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["thread"] == thread.as_str())
        .unwrap();
    assert_eq!(n["email"], "queued", "{n}");

    // SIGKILL, then a new server on the same database: the first notification is not sent
    // again; a new one (DE's response, critical thread) is.
    drop(server);
    let server = serve_with(&env.db.url, &dir, &args);
    let response = filled(&de, &server, "response", REPLY_MARKER, &dir);
    assert!(
        de.ok(&server, &["thread", "read", &thread])
            .contains(MARKER)
    );
    de.ok(
        &server,
        &["respond", &thread, "--file", response.to_str().unwrap()],
    );
    let all = wait_for(4);
    let to_fr: Vec<_> = all[2..].iter().filter(|m| !is_bridge(m)).collect();
    assert_eq!(to_fr.len(), 1);
    assert!(
        all[2..]
            .iter()
            .all(|m| m.rcpt_to == vec!["cert@cert.fr.example".to_owned()])
    );
    assert!(
        to_fr[0].text.contains(&plain(
            tr(EntryLanguage::En, "notification-new-response", &[]).as_bytes()
        )),
        "FR's entry is in English: {}",
        to_fr[0].text
    );
    let log_path = server.log.clone();
    drop(server);
    let all = sink.messages();
    assert_eq!(all.len(), 4, "each notification and each bridged copy once");
    let log = std::fs::read_to_string(log_path).unwrap();
    for marker in [MARKER, REPLY_MARKER] {
        assert!(
            !log.contains(marker),
            "the plaintext marker is in the server log"
        );
        for m in &all {
            assert!(
                !m.raw.contains(marker),
                "the plaintext marker is in an e-mail"
            );
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

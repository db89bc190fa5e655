//! Threads between POCs (issue 5) through the real router on both backends, with real OpenPGP:
//! every POC has its own GnuPG home (a temporary GNUPGHOME), publishes its key through the API,
//! encrypts with `gpg` and decrypts what it receives with `gpg`. The server only ever holds
//! ciphertext (Annex A §7(b), COM-10): the last test searches the database and the server's log
//! for a plaintext marker.

use crate::on_both_backends;
use crate::support::*;
use liaison_core::Clock;
use liaison_core::inquiry;
use liaison_core::permission::Role;
use liaison_store::Store;
use serde_json::{Value, json};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

on_both_backends!(
    exchange_inquiry_and_response,
    role_rules_refuse_other_roles_and_own_state,
    ciphertext_must_be_encrypted_to_every_participant,
    same_state_coordination_and_administrator_views,
    forwarding_requires_everyone_s_consent,
    recipient_without_key_waits_for_one,
    exercises_are_labelled_and_left_out_of_statistics,
    keys_are_published_by_the_poc_itself,
);

/// Written into every plaintext; must never reach the server.
const MARKER: &str = "LIAISON-PLAINTEXT-MARKER-7f3a9c61";

// ----- GnuPG --------------------------------------------------------------------------------

/// One POC's GnuPG home, with its own key pair.
pub struct Gpg {
    home: PathBuf,
    pub uid: String,
    passphrase: String,
}

impl Drop for Gpg {
    fn drop(&mut self) {
        let _ = Command::new("gpgconf")
            .env("GNUPGHOME", &self.home)
            .args(["--kill", "all"])
            .output();
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

impl Gpg {
    pub fn run(&self, args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
        let out = self.try_run(args, input);
        assert!(
            out.status.success(),
            "gpg {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    }

    fn try_run(&self, args: &[&str], input: Option<&[u8]>) -> std::process::Output {
        let mut child = Command::new("gpg")
            .env("GNUPGHOME", &self.home)
            .args([
                "--batch",
                "--quiet",
                "--no-tty",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                &self.passphrase,
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
        child.wait_with_output().unwrap()
    }

    /// A fresh home with an ed25519 signing key and a cv25519 encryption subkey for `uid`.
    pub fn new(uid: &str) -> Gpg {
        Gpg::with_key(uid, "", true)
    }

    /// A fresh home with a key for `uid` locked with `passphrase` (empty: unprotected), with
    /// or without an encryption subkey.
    pub fn with_key(uid: &str, passphrase: &str, encryption: bool) -> Gpg {
        let home = scratch_dir("gpg");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&home, std::fs::Permissions::from_mode(0o700)).unwrap();
        }
        let g = Gpg {
            home,
            uid: uid.to_owned(),
            passphrase: passphrase.to_owned(),
        };
        g.run(
            &[
                "--quick-gen-key",
                &format!("<{uid}>"),
                "ed25519",
                "sign",
                "never",
            ],
            None,
        );
        if encryption {
            let fpr = g.fingerprint();
            g.run(&["--quick-add-key", &fpr, "cv25519", "encr", "never"], None);
        }
        g
    }

    pub fn fingerprint(&self) -> String {
        let listing = self.run(&["--with-colons", "--list-keys", &self.uid], None);
        String::from_utf8(listing)
            .unwrap()
            .lines()
            .find(|l| l.starts_with("fpr:"))
            .and_then(|l| l.split(':').nth(9))
            .unwrap()
            .to_owned()
    }

    pub fn public_key(&self) -> String {
        String::from_utf8(self.run(&["--armor", "--export", &self.uid], None)).unwrap()
    }

    pub fn import(&self, armored: &str) {
        self.run(&["--import"], Some(armored.as_bytes()));
    }

    /// Sign with this home's key and encrypt to `to` (uids whose keys were imported).
    pub fn seal(&self, plaintext: &[u8], to: &[&str]) -> String {
        let mut args = vec!["--armor", "--sign", "-u", self.uid.as_str(), "--encrypt"];
        for r in to {
            args.push("-r");
            args.push(r);
        }
        String::from_utf8(self.run(&args, Some(plaintext))).unwrap()
    }

    pub fn open(&self, armored: &str) -> Vec<u8> {
        self.run(&["--decrypt"], Some(armored.as_bytes()))
    }

    pub fn can_open(&self, armored: &str) -> bool {
        self.try_run(&["--decrypt"], Some(armored.as_bytes()))
            .status
            .success()
    }
}

// ----- the world: FR, DE, IT, with a technical and a diplomatic POC each ----------------------

pub struct Poc {
    pub id: String,
    pub token: String,
    pub gpg: Gpg,
}

impl Poc {
    pub fn uid(&self) -> &str {
        &self.gpg.uid
    }
}

pub struct World {
    pub env: Env,
    pub admin: String,
    pub fr_admin: String,
    pub fr_tech: Poc,
    pub fr_dip: Poc,
    pub de_tech: Poc,
    pub de_dip: Poc,
    pub it_tech: Poc,
}

fn entry(state_code: &str, role: &str, name: &str) -> Value {
    let mut e = arabic_entry(state_code);
    e["role"] = json!(role);
    e["kind"] = json!("entity");
    e["entity_name"] = json!(name);
    e["person_name"] = Value::Null;
    e["title"] = Value::Null;
    e["translation_en"] = Value::Null;
    e["entry_language"] = json!("en");
    e
}

async fn nominate(env: &Env, token: &str, e: &Value) -> String {
    let r = env.call("POST", "/api/v1/pocs", Some(token), Some(e)).await;
    assert_eq!(r.status, 201, "{}", r.json);
    r.json["id"].as_str().unwrap().to_owned()
}

/// Every POC of the world. With `publish`, each publishes its key through the API.
async fn world_with(backend: Backend, publish: bool) -> World {
    let env = Env::new(backend).await;
    for code in ["FR", "DE", "IT"] {
        env.admit(code).await;
    }
    let admin = env.token(Role::Admin, None, None).await;
    let mut admins = std::collections::HashMap::new();
    for code in ["FR", "DE", "IT"] {
        admins.insert(code, env.token(Role::StateAdmin, Some(code), None).await);
    }
    let make = async |code: &str, role: &str, uid: &str| {
        let id = nominate(
            &env,
            &admins[code],
            &entry(code, role, &format!("{code} {role} POC")),
        )
        .await;
        let token = env.token(Role::Poc, None, Some(id.parse().unwrap())).await;
        Poc {
            id,
            token,
            gpg: Gpg::new(uid),
        }
    };
    let fr_tech = make("FR", "technical", "tech@cert.fr.example").await;
    let fr_dip = make("FR", "diplomatic", "cyber@diplomatie.fr.example").await;
    let de_tech = make("DE", "technical", "tech@cert.de.example").await;
    let de_dip = make("DE", "diplomatic", "cyber@diplo.de.example").await;
    let it_tech = make("IT", "technical", "tech@csirt.it.example").await;
    let w = World {
        env,
        admin,
        fr_admin: admins["FR"].clone(),
        fr_tech,
        fr_dip,
        de_tech,
        de_dip,
        it_tech,
    };
    let all = [&w.fr_tech, &w.fr_dip, &w.de_tech, &w.de_dip, &w.it_tech];
    for p in all {
        for q in all {
            if p.uid() != q.uid() {
                p.gpg.import(&q.gpg.public_key());
            }
        }
        if publish {
            publish_key(&w.env, p).await;
        }
    }
    w
}

pub async fn world(backend: Backend) -> World {
    world_with(backend, true).await
}

async fn publish_key(env: &Env, p: &Poc) {
    let r = env
        .call(
            "PUT",
            &format!("/api/v1/pocs/{}/openpgp-key", p.id),
            Some(&p.token),
            Some(&json!({"openpgp_key": p.gpg.public_key()})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(
        r.json["openpgp"]["fingerprint"].as_str(),
        Some(p.gpg.fingerprint().as_str()),
        "{}",
        r.json
    );
}

/// An inquiry document as the command line or the browser would write it, validated first.
fn inquiry_doc(description: &str) -> Vec<u8> {
    let doc = json!({
        "template": "inquiry", "version": 1, "language": "fr",
        "sender": {"name": "Camille Martin", "affiliation": "CERT-FR"},
        "incident": {"category": "intrusion", "sector": "energy", "description": description},
        "request": {"type": "information", "details": "Qui héberge 198.51.100.7 ?"},
        "time_sensitivity": {"urgency": "high"},
        "tlp": "AMBER",
    });
    inquiry::validate(&doc).expect("a valid inquiry");
    serde_json::to_vec(&doc).unwrap()
}

fn response_doc(text: &str) -> Vec<u8> {
    let doc = json!({
        "template": "response", "version": 1, "language": "de",
        "response": {"type": "substantive", "text": text},
        "follow_up": {"channel_agreed": true},
    });
    inquiry::validate(&doc).expect("a valid response");
    serde_json::to_vec(&doc).unwrap()
}

async fn send(w: &World, from: &Poc, to: &[&Poc], body: Value) -> Resp {
    let mut b = body;
    b["recipients"] = json!(to.iter().map(|p| p.id.clone()).collect::<Vec<_>>());
    w.env
        .call("POST", "/api/v1/threads", Some(&from.token), Some(&b))
        .await
}

/// FR's technical POC writes to DE's: a thread id.
pub async fn fr_to_de(w: &World) -> String {
    let c = w.fr_tech.gpg.seal(
        &inquiry_doc(&format!("{MARKER} trafic anormal")),
        &[w.fr_tech.uid(), w.de_tech.uid()],
    );
    let r = send(
        w,
        &w.fr_tech,
        &[&w.de_tech],
        json!({"urgency": "high", "ciphertext": c}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.json);
    r.json["thread"]["id"].as_str().unwrap().to_owned()
}

pub async fn get_thread(w: &World, who: &Poc, id: &str, device: &str) -> Resp {
    w.env
        .call_with(
            "GET",
            &format!("/api/v1/threads/{id}"),
            Some(&who.token),
            None,
            &[("liaison-device", device)],
        )
        .await
}

fn participant<'a>(thread: &'a Value, poc: &Poc) -> &'a Value {
    thread["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["poc"] == poc.id.as_str())
        .unwrap()
}

async fn head(env: &Env) -> i64 {
    env.store.audit_head().await.unwrap().0
}

// ----- the tests --------------------------------------------------------------------------------

/// Two states' technical POCs exchange an inquiry and a response (appendix procedures) with
/// real OpenPGP ciphertext; the recipient's stages go sent → delivered → acknowledged →
/// responded, the thread closes, and each side reads the other with its own key (GnuPG).
async fn exchange_inquiry_and_response(backend: Backend) {
    let w = world(backend).await;
    let id = fr_to_de(&w).await;

    // DE sees it in its list, unread, with the Annex A §10 notice.
    let r = w
        .env
        .call("GET", "/api/v1/threads", Some(&w.de_tech.token), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let item = &r.json["items"][0];
    assert_eq!(item["id"], id.as_str());
    assert_eq!(item["unread"], 1);
    assert_eq!(item["state"], "sent");
    assert_eq!(item["urgency"], "high");
    assert!(
        r.json["notice"][0]
            .as_str()
            .unwrap()
            .contains("does not imply agreement")
    );

    // Acknowledging before the inquiry is delivered is refused.
    let ack = format!("/api/v1/threads/{id}/acknowledgements");
    let r = w.env.call("POST", &ack, Some(&w.de_tech.token), None).await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (409, "not_delivered"),
        "{}",
        r.json
    );

    // DE's laptop opens the thread: delivered; the inquiry decrypts with DE's key only.
    let r = get_thread(&w, &w.de_tech, &id, "laptop").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["access"], "participant");
    assert_eq!(r.json["thread"]["state"], "delivered");
    let de = participant(&r.json["thread"], &w.de_tech);
    assert_eq!(de["stage"], "delivered");
    assert!(de["delivered_at"].is_string());
    let inquiry_message = &r.json["messages"][0];
    assert_eq!(inquiry_message["kind"], "inquiry");
    let ciphertext = inquiry_message["copies"][0]["ciphertext"].as_str().unwrap();
    let plain = w.de_tech.gpg.open(ciphertext);
    let doc: Value = serde_json::from_slice(&plain).unwrap();
    assert!(
        doc["incident"]["description"]
            .as_str()
            .unwrap()
            .contains(MARKER)
    );
    assert!(inquiry::validate(&doc).is_ok());
    assert!(
        !w.it_tech.gpg.can_open(ciphertext),
        "a third party reads it"
    );
    // A second fetch from the same device writes nothing; a new device is recorded.
    let before = head(&w.env).await;
    get_thread(&w, &w.de_tech, &id, "laptop").await;
    assert_eq!(head(&w.env).await, before);
    get_thread(&w, &w.de_tech, &id, "phone").await;
    assert_eq!(head(&w.env).await, before + 1);

    // Receipt acknowledged (not agreement), then a response in the response template.
    let r = w.env.call("POST", &ack, Some(&w.de_tech.token), None).await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["thread"]["state"], "acknowledged");
    assert!(r.json["notice"][1].as_str().unwrap().contains("territory"));
    let r = w.env.call("POST", &ack, Some(&w.de_tech.token), None).await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (409, "receipt_already_acknowledged")
    );
    let reply = w.de_tech.gpg.seal(
        &response_doc(&format!("{MARKER} Hoster in Frankfurt")),
        &[w.de_tech.uid(), w.fr_tech.uid()],
    );
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/responses?lang=fr"),
            Some(&w.de_tech.token),
            Some(&json!({"ciphertext": reply})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["thread"]["state"], "responded");
    assert!(
        r.json["notice"][0]
            .as_str()
            .unwrap()
            .contains("ne vaut pas acceptation")
    );
    let de = participant(&r.json["thread"], &w.de_tech);
    for stage in ["sent_at", "delivered_at", "acknowledged_at", "responded_at"] {
        assert!(de[stage].is_string(), "{stage}: {de}");
    }

    // FR is told, reads the response with its own key, and closes the thread.
    let r = w
        .env
        .call("GET", "/api/v1/notifications", Some(&w.fr_tech.token), None)
        .await;
    let kinds: Vec<&str> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"new_response") && kinds.contains(&"new_acknowledgement"),
        "{kinds:?}"
    );
    let r = get_thread(&w, &w.fr_tech, &id, "desk").await;
    let messages = r.json["messages"].as_array().unwrap();
    assert_eq!(
        messages
            .iter()
            .map(|m| m["kind"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["inquiry", "acknowledgement", "response"]
    );
    let response = messages[2]["copies"][0]["ciphertext"].as_str().unwrap();
    let doc: Value = serde_json::from_slice(&w.fr_tech.gpg.open(response)).unwrap();
    assert!(doc["response"]["text"].as_str().unwrap().contains(MARKER));
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/close"),
            Some(&w.fr_tech.token),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["thread"]["state"], "closed");
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/responses"),
            Some(&w.de_tech.token),
            Some(&json!({"ciphertext": reply})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "thread_closed"));
    // The DE notifications: a new inquiry, read once.
    let r = w
        .env
        .call(
            "GET",
            "/api/v1/notifications?unread=true",
            Some(&w.de_tech.token),
            None,
        )
        .await;
    let ids: Vec<Value> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].clone())
        .collect();
    assert!(!ids.is_empty());
    let r = w
        .env
        .call(
            "POST",
            "/api/v1/notifications/read",
            Some(&w.de_tech.token),
            Some(&json!({"ids": ids})),
        )
        .await;
    assert_eq!(r.status, 204, "{}", r.json);
    let r = w
        .env
        .call(
            "GET",
            "/api/v1/notifications?unread=true",
            Some(&w.de_tech.token),
            None,
        )
        .await;
    assert_eq!(r.json["items"], json!([]));
}

/// COM-01, invariant 4: diplomatic to diplomatic, technical to technical, other states only;
/// refused with a precise, translated reason, and nothing written.
async fn role_rules_refuse_other_roles_and_own_state(backend: Backend) {
    let w = world(backend).await;
    let before = head(&w.env).await;
    let c = w.fr_dip.gpg.seal(b"x", &[w.fr_dip.uid(), w.de_tech.uid()]);
    let r = send(&w, &w.fr_dip, &[&w.de_tech], json!({"ciphertext": c})).await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (403, "cross_role"),
        "{}",
        r.json
    );
    assert_eq!(r.json["error"]["field"], "recipients[0]");
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("diplomatic POCs address diplomatic POCs")
    );
    let r = w
        .env
        .call(
            "POST",
            "/api/v1/threads?lang=ar",
            Some(&w.fr_dip.token),
            Some(&json!({"recipients": [w.de_tech.id], "ciphertext": c})),
        )
        .await;
    assert!(
        r.json["error"]["message"]
            .as_str()
            .unwrap()
            .contains("الدبلوماسية")
    );
    // Technical to diplomatic, and to one's own state.
    let c = w.fr_tech.gpg.seal(b"x", &[w.fr_tech.uid(), w.de_dip.uid()]);
    let r = send(&w, &w.fr_tech, &[&w.de_dip], json!({"ciphertext": c})).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "cross_role"));
    let c = w.fr_tech.gpg.seal(b"x", &[w.fr_tech.uid(), w.fr_dip.uid()]);
    let r = send(&w, &w.fr_tech, &[&w.fr_dip], json!({"ciphertext": c})).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "own_state_recipient"));
    // A mixed list is refused as a whole.
    let c = w
        .fr_tech
        .gpg
        .seal(b"x", &[w.fr_tech.uid(), w.de_tech.uid(), w.de_dip.uid()]);
    let r = send(
        &w,
        &w.fr_tech,
        &[&w.de_tech, &w.de_dip],
        json!({"ciphertext": c}),
    )
    .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "cross_role"));
    assert_eq!(r.json["error"]["field"], "recipients[1]");
    // Diplomatic to diplomatic works.
    let c = w.fr_dip.gpg.seal(b"x", &[w.fr_dip.uid(), w.de_dip.uid()]);
    assert_eq!(
        before,
        head(&w.env).await,
        "a refused inquiry wrote something"
    );
    let r = send(&w, &w.fr_dip, &[&w.de_dip], json!({"ciphertext": c})).await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["thread"]["role"], "diplomatic");
    // Only POCs send: not a state administrator, not the administrator.
    for token in [&w.fr_admin, &w.admin] {
        let r = w
            .env
            .call(
                "POST",
                "/api/v1/threads",
                Some(token),
                Some(&json!({"recipients": [w.de_dip.id], "ciphertext": c})),
            )
            .await;
        assert_eq!(
            (r.status.as_u16(), r.code()),
            (403, "forbidden"),
            "{}",
            r.json
        );
    }
    // Unknown, duplicated and retired recipients are named.
    let unknown = uuid::Uuid::new_v4().to_string();
    let r = w
        .env
        .call(
            "POST",
            "/api/v1/threads",
            Some(&w.fr_dip.token),
            Some(&json!({"recipients": [w.de_dip.id, w.de_dip.id, unknown], "ciphertext": c})),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.json);
    let fields: Vec<(&str, &str)> = r.json["error"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["field"].as_str().unwrap(), f["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        fields,
        [
            ("recipients[1]", "duplicate_recipient"),
            ("recipients[2]", "unknown_recipient")
        ]
    );
}

/// The server refuses a message not encrypted to every recipient's published key and the
/// sender's own, one encrypted to someone else too, and anything that is not an encrypted
/// OpenPGP message (parsing only the packet headers).
async fn ciphertext_must_be_encrypted_to_every_participant(backend: Backend) {
    let w = world(backend).await;
    let doc = inquiry_doc(MARKER);
    let cases: Vec<(String, &str, Option<&str>)> = vec![
        (
            w.fr_tech.gpg.seal(&doc, &[w.fr_tech.uid()]),
            "not_encrypted_to_recipient",
            None,
        ),
        (
            w.fr_tech.gpg.seal(&doc, &[w.de_tech.uid()]),
            "not_encrypted_to_sender",
            None,
        ),
        (
            w.fr_tech
                .gpg
                .seal(&doc, &[w.fr_tech.uid(), w.de_tech.uid(), w.it_tech.uid()]),
            "encrypted_to_outsider",
            None,
        ),
        (
            String::from_utf8(w.fr_tech.gpg.run(&["--armor", "--store"], Some(&doc))).unwrap(),
            "invalid_ciphertext",
            Some("not_encrypted"),
        ),
        (
            String::from_utf8(w.fr_tech.gpg.run(&["--armor", "--sign"], Some(&doc))).unwrap(),
            "invalid_ciphertext",
            Some("not_encrypted"),
        ),
        (
            String::from_utf8_lossy(&doc).into_owned(),
            "invalid_ciphertext",
            Some("not_armored"),
        ),
    ];
    let before = head(&w.env).await;
    for (ciphertext, code, detail) in &cases {
        let r = send(
            &w,
            &w.fr_tech,
            &[&w.de_tech],
            json!({"ciphertext": ciphertext}),
        )
        .await;
        assert_eq!(r.status, 422, "{code}: {}", r.json);
        let f = &r.json["error"]["fields"][0];
        assert_eq!(f["code"], *code, "{}", r.json);
        if let Some(d) = detail {
            assert!(f["message"].as_str().unwrap().contains(d), "{}", r.json);
        }
        if *code == "not_encrypted_to_recipient" {
            assert!(f["message"].as_str().unwrap().contains(&w.de_tech.id));
        }
    }
    assert_eq!(
        head(&w.env).await,
        before,
        "a refused message wrote something"
    );
    // A message with the marker in a field the API does not know is refused too.
    let r = send(
        &w,
        &w.fr_tech,
        &[&w.de_tech],
        json!({"ciphertext": cases[0].0, "description": MARKER}),
    )
    .await;
    assert_eq!(
        (
            r.status.as_u16(),
            r.json["error"]["fields"][0]["code"].as_str()
        ),
        (422, Some("unknown_field"))
    );
}

/// A§9, COM-02: POCs of the same state see that their state has threads and leave encrypted
/// coordination notes for each other, without seeing the other role's content; the other
/// state sees none of it. The administrator sees counts and timings, never a thread (403).
async fn same_state_coordination_and_administrator_views(backend: Backend) {
    let w = world(backend).await;
    let id = fr_to_de(&w).await;

    // FR's diplomatic POC: metadata, no content.
    let r = get_thread(&w, &w.fr_dip, &id, "d").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["access"], "own_state");
    assert_eq!(r.json["messages"], json!([]));
    assert_eq!(
        r.json["thread"]["state"], "sent",
        "a non-participant's read is no delivery"
    );
    let r = w
        .env
        .call("GET", "/api/v1/threads/state", Some(&w.fr_dip.token), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["state"], "FR");
    assert_eq!(r.json["counts"]["open"], 1);
    assert_eq!(r.json["counts"]["open_technical"], 1);
    assert_eq!(r.json["counts"]["open_by_urgency"]["high"], 1);
    // It reads its state's thread list but not the content.
    let r = w
        .env
        .call(
            "GET",
            &format!("/api/v1/threads/{id}/audience"),
            Some(&w.fr_dip.token),
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "not_participant"));

    // A coordination note for FR's POCs, encrypted to their keys.
    let r = w
        .env
        .call(
            "GET",
            &format!("/api/v1/threads/{id}/audience?purpose=note"),
            Some(&w.fr_dip.token),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let mut members: Vec<&str> = r.json["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["poc"].as_str().unwrap())
        .collect();
    members.sort();
    let mut want = vec![w.fr_tech.id.as_str(), w.fr_dip.id.as_str()];
    want.sort();
    assert_eq!(members, want);
    let note = w.fr_dip.gpg.seal(
        format!("{MARKER} tenez-moi informé").as_bytes(),
        &[w.fr_dip.uid(), w.fr_tech.uid()],
    );
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/notes"),
            Some(&w.fr_dip.token),
            Some(&json!({"ciphertext": note})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    // FR's technical POC sees the inquiry and the note; DE sees the inquiry only.
    let r = get_thread(&w, &w.fr_tech, &id, "x").await;
    let kinds: Vec<&str> = r.json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["inquiry", "coordination_note"]);
    let note_ct = r.json["messages"][1]["copies"][0]["ciphertext"]
        .as_str()
        .unwrap();
    assert!(
        String::from_utf8(w.fr_tech.gpg.open(note_ct))
            .unwrap()
            .contains(MARKER)
    );
    assert!(!w.de_tech.gpg.can_open(note_ct));
    let r = get_thread(&w, &w.de_tech, &id, "x").await;
    let kinds: Vec<&str> = r.json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["inquiry"]);
    // FR's diplomatic POC now sees its own note, still not the inquiry.
    let r = get_thread(&w, &w.fr_dip, &id, "d").await;
    let kinds: Vec<&str> = r.json["messages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["coordination_note"]);
    // DE's diplomatic POC: DE's thread metadata, none of FR's notes.
    let r = get_thread(&w, &w.de_dip, &id, "d").await;
    assert_eq!(r.json["access"], "own_state");
    assert_eq!(r.json["messages"], json!([]));
    // A note to FR's POCs that leaves one of them out is refused.
    let partial = w.fr_dip.gpg.seal(b"x", &[w.fr_dip.uid()]);
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/notes"),
            Some(&w.fr_dip.token),
            Some(&json!({"ciphertext": partial})),
        )
        .await;
    assert_eq!(
        r.json["error"]["fields"][0]["code"],
        "not_encrypted_to_recipient"
    );
    // IT takes no part: nothing.
    let r = get_thread(&w, &w.it_tech, &id, "x").await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "not_participant"));

    // FR's state administrator: metadata only; another state's: refused.
    let r = w
        .env
        .call(
            "GET",
            &format!("/api/v1/threads/{id}"),
            Some(&w.fr_admin),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["messages"], json!([]));
    let r = w
        .env
        .call("GET", "/api/v1/threads/state", Some(&w.fr_admin), None)
        .await;
    assert_eq!(r.json["counts"]["open"], 1);
    // The administrator: never a thread, only counts and timings.
    let r = w
        .env
        .call(
            "GET",
            &format!("/api/v1/threads/{id}"),
            Some(&w.admin),
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "confidential"));
    for path in [
        "/api/v1/threads",
        "/api/v1/threads/state",
        "/api/v1/notifications",
    ] {
        let r = w.env.call("GET", path, Some(&w.admin), None).await;
        assert_eq!(r.status, 403, "{path}: {}", r.json);
    }
    let r = w
        .env
        .call("GET", "/api/v1/threads/statistics", Some(&w.admin), None)
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let tech = r.json["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["role"] == "technical")
        .unwrap();
    assert_eq!(tech["threads"], 1);
    assert_eq!(tech["recipients"], 1);
    assert_eq!(tech["time_to_deliver"]["count"], 1);
    let text = r.json.to_string();
    assert!(!text.contains(&id) && !text.contains(&w.fr_tech.id) && !text.contains("\"FR\""));
    for token in [&w.fr_admin, &w.fr_tech.token] {
        let r = w
            .env
            .call("GET", "/api/v1/threads/statistics", Some(token), None)
            .await;
        assert_eq!(r.status, 403);
    }
}

/// A§11, COM-11: forwarding to a third state needs every other participant's recorded
/// consent; without it, refused; with it, allowed once, to the entries consented to.
async fn forwarding_requires_everyone_s_consent(backend: Backend) {
    let w = world(backend).await;
    let id = fr_to_de(&w).await;
    let to_it = w.fr_tech.gpg.seal(
        format!("{MARKER} forwarded").as_bytes(),
        &[w.fr_tech.uid(), w.it_tech.uid()],
    );
    let forward = format!("/api/v1/threads/{id}/forward");
    let body =
        |consent: &str| json!({"consent": consent, "targets": [w.it_tech.id], "ciphertext": to_it});

    // No consent: refused.
    let r = w
        .env
        .call(
            "POST",
            &forward,
            Some(&w.fr_tech.token),
            Some(&body(&uuid::Uuid::new_v4().to_string())),
        )
        .await;
    assert_eq!(
        (r.status.as_u16(), r.code()),
        (403, "consent_required"),
        "{}",
        r.json
    );

    // Asked, not yet granted: refused.
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/consents"),
            Some(&w.fr_tech.token),
            Some(&json!({"targets": [w.it_tech.id]})),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["status"], "pending");
    assert_eq!(r.json["required_from"], json!([w.de_tech.id]));
    let consent = r.json["id"].as_str().unwrap().to_owned();
    let r = w
        .env
        .call(
            "POST",
            &forward,
            Some(&w.fr_tech.token),
            Some(&body(&consent)),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "consent_required"));
    // The one who asks does not answer for the others.
    let decision = format!("/api/v1/threads/{id}/consents/{consent}/decision");
    let r = w
        .env
        .call(
            "POST",
            &decision,
            Some(&w.fr_tech.token),
            Some(&json!({"answer": "granted"})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "own_request"));
    // DE grants: FR forwards to IT; the new thread says where it came from.
    let r = w
        .env
        .call(
            "POST",
            &decision,
            Some(&w.de_tech.token),
            Some(&json!({"answer": "granted"})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["status"], "granted");
    // Only to the entries consented to.
    let r = w
        .env
        .call(
            "POST",
            &forward,
            Some(&w.fr_tech.token),
            Some(&json!({"consent": consent, "targets": [w.de_dip.id], "ciphertext": to_it})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "consent_required"));
    let r = w
        .env
        .call(
            "POST",
            &forward,
            Some(&w.fr_tech.token),
            Some(&body(&consent)),
        )
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["thread"]["forwarded_from"], id.as_str());
    let forwarded = r.json["thread"]["id"].as_str().unwrap().to_owned();
    let r = get_thread(&w, &w.it_tech, &forwarded, "x").await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["messages"][0]["kind"], "forwarded");
    let ct = r.json["messages"][0]["copies"][0]["ciphertext"]
        .as_str()
        .unwrap();
    assert!(
        String::from_utf8(w.it_tech.gpg.open(ct))
            .unwrap()
            .contains(MARKER)
    );
    // IT still cannot see the original thread; the consent is used up.
    let r = get_thread(&w, &w.it_tech, &id, "x").await;
    assert_eq!(r.status, 403);
    let r = w
        .env
        .call(
            "POST",
            &forward,
            Some(&w.fr_tech.token),
            Some(&body(&consent)),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "consent_required"));
    let r = get_thread(&w, &w.fr_tech, &id, "x").await;
    assert_eq!(r.json["consents"][0]["status"], "used");
    assert_eq!(
        r.json["consents"][0]["forwarded_thread"],
        forwarded.as_str()
    );

    // A refusal ends a request: forwarding stays refused.
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/consents"),
            Some(&w.de_tech.token),
            Some(&json!({"targets": [w.it_tech.id]})),
        )
        .await;
    let second = r.json["id"].as_str().unwrap().to_owned();
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/consents/{second}/decision"),
            Some(&w.fr_tech.token),
            Some(&json!({"answer": "refused"})),
        )
        .await;
    assert_eq!(r.json["status"], "refused", "{}", r.json);
    let to_it_from_de = w
        .de_tech
        .gpg
        .seal(b"x", &[w.de_tech.uid(), w.it_tech.uid()]);
    let r = w
        .env
        .call(
            "POST",
            &forward,
            Some(&w.de_tech.token),
            Some(
                &json!({"consent": second, "targets": [w.it_tech.id], "ciphertext": to_it_from_de}),
            ),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "consent_required"));
    // Consent cannot be asked for a participant or one's own state.
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/consents"),
            Some(&w.fr_tech.token),
            Some(&json!({"targets": [w.de_tech.id]})),
        )
        .await;
    assert_eq!(
        r.json["error"]["fields"][0]["code"], "target_is_participant",
        "{}",
        r.json
    );
}

/// A recipient whose entry has no key is told to sign in and publish one, cannot receive
/// content (no delivery, no acknowledgement), and reads the inquiry once the sender has
/// re-encrypted it for the key it published.
async fn recipient_without_key_waits_for_one(backend: Backend) {
    let w = world_with(backend, false).await;
    publish_key(&w.env, &w.fr_tech).await;
    // The sender without a key cannot write at all.
    let c = w
        .de_tech
        .gpg
        .seal(b"x", &[w.de_tech.uid(), w.fr_tech.uid()]);
    let r = send(&w, &w.de_tech, &[&w.fr_tech], json!({"ciphertext": c})).await;
    assert_eq!(
        r.json["error"]["fields"][0]["code"], "sender_has_no_key",
        "{}",
        r.json
    );

    let c = w.fr_tech.gpg.seal(&inquiry_doc(MARKER), &[w.fr_tech.uid()]);
    let r = send(
        &w,
        &w.fr_tech,
        &[&w.de_tech],
        json!({"urgency": "low", "ciphertext": c}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.json);
    let id = r.json["thread"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        participant(&r.json["thread"], &w.de_tech)["awaiting_key"],
        true
    );
    let r = w
        .env
        .call("GET", "/api/v1/notifications", Some(&w.de_tech.token), None)
        .await;
    assert_eq!(r.json["items"][0]["kind"], "key_needed", "{}", r.json);
    assert_eq!(r.json["items"][0]["email"], "pending", "told by e-mail too");

    let r = get_thread(&w, &w.de_tech, &id, "x").await;
    assert_eq!(r.json["thread"]["state"], "sent");
    let message = r.json["messages"][0].clone();
    assert_eq!(message["awaiting_key"], json!([w.de_tech.id]));
    assert!(
        !w.de_tech
            .gpg
            .can_open(message["copies"][0]["ciphertext"].as_str().unwrap())
    );
    let r = w
        .env
        .call(
            "POST",
            &format!("/api/v1/threads/{id}/acknowledgements"),
            Some(&w.de_tech.token),
            None,
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "awaiting_key"));

    // DE publishes its key; FR is told and re-encrypts; DE reads it.
    publish_key(&w.env, &w.de_tech).await;
    let r = w
        .env
        .call("GET", "/api/v1/notifications", Some(&w.fr_tech.token), None)
        .await;
    assert!(
        r.json["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "recipient_key_available"),
        "{}",
        r.json
    );
    let copies = format!(
        "/api/v1/threads/{id}/messages/{}/copies",
        message["id"].as_str().unwrap()
    );
    let again = w
        .fr_tech
        .gpg
        .seal(&inquiry_doc(MARKER), &[w.fr_tech.uid(), w.de_tech.uid()]);
    let r = w
        .env
        .call(
            "POST",
            &copies,
            Some(&w.fr_tech.token),
            Some(&json!({"ciphertext": again})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(
        participant(&r.json["thread"], &w.de_tech)["awaiting_key"],
        false
    );
    let r = w
        .env
        .call(
            "POST",
            &copies,
            Some(&w.fr_tech.token),
            Some(&json!({"ciphertext": again})),
        )
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "nothing_to_reencrypt"));
    let r = get_thread(&w, &w.de_tech, &id, "x").await;
    assert_eq!(r.json["thread"]["state"], "delivered", "{}", r.json);
    let copy = r.json["messages"][0]["copies"][1]["ciphertext"]
        .as_str()
        .unwrap();
    let doc: Value = serde_json::from_slice(&w.de_tech.gpg.open(copy)).unwrap();
    assert!(
        doc["incident"]["description"]
            .as_str()
            .unwrap()
            .contains(MARKER)
    );
}

/// Issue 5 item 10: exercise threads carry the EXERCISE label (in the reader's language) and
/// are left out of the administrator's statistics.
async fn exercises_are_labelled_and_left_out_of_statistics(backend: Backend) {
    let w = world(backend).await;
    let real = fr_to_de(&w).await;
    let c = w
        .fr_tech
        .gpg
        .seal(b"drill", &[w.fr_tech.uid(), w.de_tech.uid()]);
    let r = send(
        &w,
        &w.fr_tech,
        &[&w.de_tech],
        json!({"exercise": true, "ciphertext": c}),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.json);
    assert_eq!(r.json["thread"]["exercise"], true);
    assert_eq!(r.json["thread"]["label"], "EXERCISE");
    let drill = r.json["thread"]["id"].as_str().unwrap().to_owned();
    for id in [&real, &drill] {
        get_thread(&w, &w.de_tech, id, "x").await;
        w.env
            .call(
                "POST",
                &format!("/api/v1/threads/{id}/acknowledgements"),
                Some(&w.de_tech.token),
                None,
            )
            .await;
    }
    let r = w
        .env
        .call(
            "GET",
            "/api/v1/threads?lang=ru",
            Some(&w.de_tech.token),
            None,
        )
        .await;
    let labels: Vec<&Value> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["label"])
        .collect();
    assert!(
        labels.contains(&&json!("УЧЕНИЯ")) && labels.contains(&&Value::Null),
        "{labels:?}"
    );
    let r = w
        .env
        .call(
            "GET",
            "/api/v1/notifications?lang=fr",
            Some(&w.de_tech.token),
            None,
        )
        .await;
    let texts: Vec<&str> = r.json["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["thread"] == drill.as_str())
        .map(|n| n["text"].as_str().unwrap())
        .collect();
    assert!(
        !texts.is_empty() && texts.iter().all(|t| t.starts_with("[EXERCICE]")),
        "{texts:?}"
    );
    let r = w
        .env
        .call("GET", "/api/v1/threads/statistics", Some(&w.admin), None)
        .await;
    assert_eq!(r.json["exercise_threads_excluded"], 1);
    let tech = r.json["by_role"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["role"] == "technical")
        .unwrap()
        .clone();
    assert_eq!(tech["threads"], 1);
    assert_eq!(tech["time_to_acknowledge"]["count"], 1);
}

/// A POC user publishes and rotates its own entry's key (a revision with the POC as actor);
/// nobody else can; keys that cannot encrypt are refused; a passphrase-protected private key
/// can be kept on the server, an unprotected one never.
async fn keys_are_published_by_the_poc_itself(backend: Backend) {
    let w = world_with(backend, false).await;
    let key = json!({"openpgp_key": w.fr_tech.gpg.public_key()});
    let path = format!("/api/v1/pocs/{}/openpgp-key", w.fr_tech.id);
    for (token, code) in [
        (&w.de_tech.token, "other_state"),
        (&w.fr_admin, "forbidden"),
        (&w.admin, "neutrality"),
    ] {
        let r = w.env.call("PUT", &path, Some(token), Some(&key)).await;
        assert_eq!((r.status.as_u16(), r.code()), (403, code), "{}", r.json);
    }
    publish_key(&w.env, &w.fr_tech).await;
    let r = w
        .env
        .call(
            "GET",
            &format!("/api/v1/pocs/{}/revisions", w.fr_tech.id),
            Some(&w.fr_admin),
            None,
        )
        .await;
    let last = r.json["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"], "publish_key", "{last}");
    assert!(last["actor"].as_str().unwrap().starts_with("token:"));
    // Rotation: a new key replaces the old one.
    let next = Gpg::new("rotated@cert.fr.example");
    let r = w
        .env
        .call(
            "PUT",
            &path,
            Some(&w.fr_tech.token),
            Some(&json!({"openpgp_key": next.public_key()})),
        )
        .await;
    assert_eq!(
        r.json["openpgp"]["fingerprint"],
        next.fingerprint().as_str(),
        "{}",
        r.json
    );
    // A signing-only key cannot receive messages.
    let sign_only = Gpg::with_key("signonly@cert.fr.example", "", false);
    let armored = sign_only.public_key();
    let r = w
        .env
        .call(
            "PUT",
            &path,
            Some(&w.fr_tech.token),
            Some(&json!({"openpgp_key": armored})),
        )
        .await;
    assert_eq!(
        r.json["error"]["fields"][0]["code"], "key_cannot_encrypt",
        "{}",
        r.json
    );

    // Key blobs: an unprotected secret key is refused, a protected one kept, never audited.
    let clear = String::from_utf8(
        w.fr_tech
            .gpg
            .run(&["--armor", "--export-secret-keys", w.fr_tech.uid()], None),
    )
    .unwrap();
    let r = w
        .env
        .call(
            "PUT",
            "/api/v1/me/key-blob",
            Some(&w.fr_tech.token),
            Some(&json!({"armored": clear})),
        )
        .await;
    assert_eq!(
        r.json["error"]["fields"][0]["code"], "invalid_key_blob",
        "{}",
        r.json
    );
    let vault = Gpg::with_key("tech@cert.fr.example", "correct horse battery staple", true);
    let protected = String::from_utf8(vault.run(
        &["--armor", "--export-secret-keys", vault.uid.as_str()],
        None,
    ))
    .unwrap();
    let r = w
        .env
        .call(
            "PUT",
            "/api/v1/me/key-blob",
            Some(&w.fr_tech.token),
            Some(&json!({"armored": protected})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["fingerprint"], vault.fingerprint().as_str());
    assert_eq!(
        r.json["matches_published_key"], false,
        "the entry has another key"
    );
    let r = w
        .env
        .call("GET", "/api/v1/me/key-blob", Some(&w.fr_tech.token), None)
        .await;
    assert_eq!(
        r.json["armored"].as_str().map(str::trim),
        Some(protected.trim())
    );
    let r = w
        .env
        .call("GET", "/api/v1/me/key-blob", Some(&w.de_tech.token), None)
        .await;
    assert_eq!(r.status, 404);
    // What Liaison's own client makes (liaison-openpgp, the same shape as the browser's
    // e2e.mjs: AES-256, SHA-256 S2K) is accepted as it is, and matches once published.
    let spec = liaison_openpgp::KeyGeneration::new(
        "Camille Martin",
        Some("CERT-FR".into()),
        "tech@cert.fr.example",
        w.env.clock.now(),
    );
    let secret = liaison_openpgp::SecretKey::generate(
        &spec,
        &liaison_openpgp::Passphrase::new("correct horse battery staple"),
    )
    .unwrap();
    let r = w
        .env
        .call(
            "PUT",
            &path,
            Some(&w.fr_tech.token),
            Some(&json!({"openpgp_key": secret.public_key().armored()})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    let r = w
        .env
        .call(
            "PUT",
            "/api/v1/me/key-blob",
            Some(&w.fr_tech.token),
            Some(&json!({"armored": secret.to_armored().unwrap()})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(r.json["matches_published_key"], true, "{}", r.json);
    let r = w
        .env
        .call(
            "GET",
            "/api/v1/audit?action=key_blob.put",
            Some(&w.admin),
            None,
        )
        .await;
    let audit = r.json.to_string();
    assert!(
        audit.contains("key_blob.put") && !audit.contains("PRIVATE KEY"),
        "{audit}"
    );
}

// ----- the server never holds plaintext ---------------------------------------------------------

/// Every row of every table of the database, as text.
pub async fn dump_database(env: &Env) -> String {
    use sqlx::Row;
    let pool = env.store.pool();
    let tables: Vec<String> = match env.db.backend {
        Backend::Sqlite => sqlx::query("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>(0))
            .collect(),
        Backend::Postgres => sqlx::query(
            "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
        )
        .fetch_all(pool)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get::<String, _>(0))
        .collect(),
    };
    assert!(tables.iter().any(|t| t == "message_copies"), "{tables:?}");
    let mut out = String::new();
    for t in tables {
        let sql = match env.db.backend {
            Backend::Sqlite => format!("SELECT * FROM \"{t}\""),
            Backend::Postgres => format!("SELECT t::text FROM \"{t}\" t"),
        };
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(pool)
            .await
            .unwrap();
        for r in rows {
            for i in 0..r.len() {
                let cell = r
                    .try_get::<Option<String>, _>(i)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        r.try_get::<Option<i64>, _>(i)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    })
                    .unwrap_or_default();
                out.push_str(&cell);
                out.push('\t');
            }
            out.push('\n');
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_plaintext_in_database_or_server_log_sqlite() {
    no_plaintext_in_database_or_server_log(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_plaintext_in_database_or_server_log_postgres() {
    no_plaintext_in_database_or_server_log(Backend::Postgres).await
}

/// The whole exchange against the real `liaison serve` process with debug logging: then the
/// log, every row of every table, and (SQLite) the database files themselves are searched for
/// the plaintext marker. Refused plaintext (a stored, unencrypted OpenPGP message) leaves no
/// trace either.
async fn no_plaintext_in_database_or_server_log(backend: Backend) {
    let w = world(backend).await;
    let log_dir = scratch_dir("serve-log");
    let log_path = log_dir.join("server.log");
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let log = std::fs::File::create(&log_path).unwrap();
    let mut server = crate::support::Spawned(
        Command::new(bin())
            .args([
                "serve",
                "--database",
                &w.env.db.url,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .env("LIAISON_LOG", "debug")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap(),
    );
    let http = |method: &str, path: &str, token: &str, body: Option<&Value>| {
        let b = body.map(Value::to_string);
        let (status, text) = crate::processes::http(port, method, path, Some(token), b.as_deref());
        (
            status,
            serde_json::from_str::<Value>(&text).unwrap_or(Value::Null),
        )
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while crate::processes::http(port, "GET", "/healthz", None, None).0 != 200 {
        assert!(std::time::Instant::now() < deadline, "server did not start");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }

    let c = w
        .fr_tech
        .gpg
        .seal(&inquiry_doc(MARKER), &[w.fr_tech.uid(), w.de_tech.uid()]);
    let (status, v) = http(
        "POST",
        "/api/v1/threads",
        &w.fr_tech.token,
        Some(&json!({"recipients": [w.de_tech.id], "ciphertext": c, "urgency": "critical"})),
    );
    assert_eq!(status, 201, "{v}");
    let id = v["thread"]["id"].as_str().unwrap().to_owned();
    let (status, v) = http(
        "GET",
        &format!("/api/v1/threads/{id}"),
        &w.de_tech.token,
        None,
    );
    assert_eq!(status, 200, "{v}");
    let got = w.de_tech.gpg.open(
        v["messages"][0]["copies"][0]["ciphertext"]
            .as_str()
            .unwrap(),
    );
    assert!(
        String::from_utf8(got).unwrap().contains(MARKER),
        "the exchange itself works"
    );
    let reply = w
        .de_tech
        .gpg
        .seal(&response_doc(MARKER), &[w.de_tech.uid(), w.fr_tech.uid()]);
    let (status, v) = http(
        "POST",
        &format!("/api/v1/threads/{id}/responses"),
        &w.de_tech.token,
        Some(&json!({"ciphertext": reply})),
    );
    assert_eq!(status, 200, "{v}");
    let note = w
        .fr_dip
        .gpg
        .seal(MARKER.as_bytes(), &[w.fr_dip.uid(), w.fr_tech.uid()]);
    let (status, v) = http(
        "POST",
        &format!("/api/v1/threads/{id}/notes"),
        &w.fr_dip.token,
        Some(&json!({"ciphertext": note})),
    );
    assert_eq!(status, 200, "{v}");
    // Plaintext offered to the server is refused and leaves nothing behind.
    let stored = String::from_utf8(
        w.fr_tech
            .gpg
            .run(&["--armor", "--store"], Some(MARKER.as_bytes())),
    )
    .unwrap();
    let (status, _) = http(
        "POST",
        &format!("/api/v1/threads/{id}/responses"),
        &w.fr_tech.token,
        Some(&json!({"ciphertext": stored})),
    );
    assert_eq!(status, 422);
    let (status, _) = http(
        "POST",
        &format!("/api/v1/threads/{id}/responses"),
        &w.fr_tech.token,
        Some(&json!({"ciphertext": MARKER})),
    );
    assert_eq!(status, 422);

    let _ = server.kill();
    let _ = server.wait();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(!log.is_empty(), "the server logged nothing at debug level");
    assert!(
        !log.contains(MARKER),
        "the plaintext marker is in the server log"
    );
    let dump = dump_database(&w.env).await;
    assert!(
        dump.contains("BEGIN PGP MESSAGE"),
        "the dump holds the ciphertext"
    );
    assert!(
        !dump.contains(MARKER),
        "the plaintext marker is in the database"
    );
    if backend == Backend::Sqlite {
        let path = w.env.db.url.strip_prefix("sqlite:").unwrap();
        let dir = Path::new(path).parent().unwrap();
        for file in std::fs::read_dir(dir).unwrap() {
            let bytes = std::fs::read(file.unwrap().path()).unwrap();
            assert!(
                !bytes
                    .windows(MARKER.len())
                    .any(|win| win == MARKER.as_bytes()),
                "the plaintext marker is in a database file"
            );
        }
    }
    let _ = std::fs::remove_dir_all(log_dir);
}

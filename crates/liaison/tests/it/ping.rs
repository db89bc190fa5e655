//! Ping tests (issue 4) against a real SMTP server on loopback (`scripts/lib/smtp-sink.py`,
//! Debian's aiosmtpd) and real clients (Python's smtplib for replies and bounces): a campaign
//! to the demo directory; acknowledgements by link (a GET changes nothing, the POST does), by
//! reply to the inbound listener, in the application and through the API; used and altered
//! tokens; the deadline (test clock) with no-response marks, escalation messages in each
//! administrator's language and the report; late answers; two missed campaigns → unverified,
//! cleared by an acknowledgement; retries and bounces; one scheduled campaign per slot with two
//! replicas; and real server processes killed with SIGKILL mid-campaign (and two of them on one
//! PostgreSQL database) sending every ping exactly once.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::Request;
use jiff::SignedDuration;
use liaison_app::ping::{DeliveryWriter, Mailer, Pacer, PingSettings, SendOptions};
use liaison_app::{RawLine, operator};
use liaison_core::Clock;
use liaison_core::EntryLanguage;
use liaison_core::account::User;
use liaison_core::audit::AuditEvent;
use liaison_core::codes::Flag;
use liaison_core::permission::Role;
use liaison_core::ping::{AckChannel, PingSchedule};
use liaison_store::{AuditQuery, Change, Store};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;
use uuid::Uuid;

on_both_backends!(
    campaign_to_the_demo_directory_answered_three_ways,
    two_missed_campaigns_make_an_entry_unverified,
    temporary_failures_are_retried_and_permanent_ones_bounce,
    one_scheduled_campaign_per_slot_with_two_replicas,
    kill_9_while_sending_then_restart_sends_each_ping_once
);

mod postgres_only {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn two_servers_on_one_database_send_each_ping_once() {
        super::two_servers_send_each_ping_once(crate::support::Backend::Postgres).await
    }
}

const PUBLIC_URL: &str = "https://directory.example";
const REPLY_DOMAIN: &str = "reply.liaison.example";
const MAIL_FROM: &str = "directory@liaison.example";

// ----- the SMTP sink -------------------------------------------------------------------------

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Debian's python, which sees python3-aiosmtpd.
fn python() -> &'static str {
    if Path::new("/usr/bin/python3").exists() {
        "/usr/bin/python3"
    } else {
        "python3"
    }
}

pub(crate) struct Sink {
    child: Child,
    pub(crate) port: u16,
    dir: PathBuf,
}

/// One message the sink stored.
pub(crate) struct Stored {
    pub(crate) text: String,
    pub(crate) raw: String,
    mail_from: String,
    pub(crate) rcpt_to: Vec<String>,
}

impl Sink {
    pub(crate) fn start(flags: &[&str]) -> Sink {
        Sink::start_on(0, flags, None)
    }

    fn start_on(port: u16, flags: &[&str], dir: Option<PathBuf>) -> Sink {
        let dir = dir.unwrap_or_else(|| scratch_dir("sink").join("messages"));
        let mut child = Command::new(python())
            .arg(repo_root().join("scripts/lib/smtp-sink.py"))
            .arg("--dir")
            .arg(&dir)
            .args(["--port", &port.to_string(), "--quiet"])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 with aiosmtpd (apt-get install python3-aiosmtpd)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            let _ = child.kill();
            panic!(
                "smtp-sink did not print its port (got {line:?}); is python3-aiosmtpd installed?"
            )
        });
        Sink { child, port, dir }
    }

    fn stop(mut self) -> (u16, PathBuf) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let out = (self.port, self.dir.clone());
        std::mem::forget(self);
        out
    }

    pub(crate) fn messages(&self) -> Vec<Stored> {
        let mut names: Vec<u64> = std::fs::read_dir(&self.dir)
            .map(|d| {
                d.filter_map(|e| {
                    let name = e.ok()?.file_name().into_string().ok()?;
                    name.strip_suffix(".json")?.parse().ok()
                })
                .collect()
            })
            .unwrap_or_default();
        names.sort_unstable();
        names
            .into_iter()
            .map(|n| {
                let meta: Value = serde_json::from_str(
                    &std::fs::read_to_string(self.dir.join(format!("{n}.json"))).unwrap(),
                )
                .unwrap();
                let bytes = std::fs::read(self.dir.join(format!("{n}.eml"))).unwrap();
                let parsed = liaison_mail::parse(&bytes).unwrap();
                Stored {
                    text: parsed.text.unwrap_or_default(),
                    raw: String::from_utf8_lossy(&bytes).into_owned(),
                    mail_from: meta["mail_from"].as_str().unwrap_or("").to_owned(),
                    rcpt_to: meta["rcpt_to"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|v| v.as_str().unwrap().to_owned())
                        .collect(),
                }
            })
            .collect()
    }

    /// Connections the sink saw end in the middle of DATA (the final dot never came).
    fn aborted_data_sessions(&self) -> usize {
        std::fs::read_dir(self.dir.join("sessions"))
            .map(|d| {
                d.filter_map(|e| {
                    let text = std::fs::read_to_string(e.ok()?.path()).ok()?;
                    let v: Value = serde_json::from_str(&text).ok()?;
                    v["data_started"].as_bool().filter(|b| *b)
                })
                .count()
            })
            .unwrap_or(0)
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn relay_mailer(port: u16) -> Arc<dyn Mailer> {
    let config = liaison_mail::RelayConfig::parse(&liaison_mail::RelayOptions {
        url: format!("smtp://127.0.0.1:{port}"),
        tls: Some("none".into()),
        mail_from: MAIL_FROM.into(),
        connect_timeout: Some(Duration::from_secs(5)),
        command_timeout: Some(Duration::from_secs(10)),
        max_connections: Some(4),
        ..Default::default()
    })
    .unwrap();
    Arc::new(liaison_mailer::SmtpMailer::new(
        liaison_mail::Relay::new(config).unwrap(),
        liaison_mailer::MailSettings {
            public_url: PUBLIC_URL.into(),
            reply_domain: Some(REPLY_DOMAIN.into()),
        },
    ))
}

/// Send rounds until nothing is due (the test clock does not move, so retries wait).
async fn send_all(env: &Env, mailer: &Arc<dyn Mailer>) -> liaison_app::ping::RoundReport {
    let writer = DeliveryWriter::spawn(env.store.clone() as Arc<dyn Store>);
    let pacer = Arc::new(Pacer::new(None));
    let opts = SendOptions {
        worker: SendOptions::worker_id(),
        concurrency: 4,
        lease: SignedDuration::from_secs(60),
        rate: None,
    };
    let mut total = liaison_app::ping::RoundReport::default();
    loop {
        let r = env
            .app
            .send_mail_round(mailer, &writer, &pacer, &opts)
            .await
            .unwrap();
        if r.claimed == 0 {
            return total;
        }
        total.claimed += r.claimed;
        total.sent += r.sent;
        total.retried += r.retried;
        total.bounced += r.bounced;
        total.unknown += r.unknown;
        total.lost += r.lost;
    }
}

// ----- set-up helpers ------------------------------------------------------------------------

/// A token that outlives the test clock's jumps past deadlines.
async fn long_token(env: &Env, role: Role, state_code: Option<&str>, poc: Option<Uuid>) -> String {
    env.app
        .issue_token(
            &operator("test"),
            role,
            state_code.map(state),
            poc,
            SignedDuration::from_hours(365 * 24),
            None,
        )
        .await
        .unwrap()
        .secret
}

fn demo_lines() -> Vec<RawLine> {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/pocs.jsonl"))
        .unwrap()
        .lines()
        .map(|l| RawLine::Bytes(l.as_bytes().to_vec()))
        .collect()
}

async fn import_demo(env: &Env) {
    let report = env
        .app
        .import_pocs(&operator("test"), demo_lines(), false, &mut |_| {})
        .await
        .unwrap();
    assert!(report.rejected.is_empty());
}

/// A state administrator with an address and a language, as enrolment makes them.
async fn state_admin(env: &Env, login: &str, code: &str, email: &str, lang: EntryLanguage) {
    let u = User {
        id: Uuid::new_v4(),
        login: login.into(),
        role: Role::StateAdmin,
        state: Some(state(code)),
        poc: None,
        display_name: format!("Administrator {code}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        totp_secret: None,
        created_at: env.clock.now(),
        disabled_at: None,
        email: liaison_core::contact::Email::parse(email),
        language: lang,
    };
    env.store
        .apply(
            vec![Change::InsertUser(Box::new(u.clone()))],
            vec![AuditEvent {
                actor: "operator:test".into(),
                action: "user.create".into(),
                state: Some(code.into()),
                subject: Some(u.id.to_string()),
                detail: json!({}),
            }],
            env.clock.now(),
        )
        .await
        .unwrap();
}

/// Text without Fluent's bidi isolation marks around arguments (kept in the messages: Arabic
/// needs them), for matching.
fn plain(s: &str) -> String {
    s.replace(['\u{2068}', '\u{2069}'], "")
}

/// The token in a ping's link.
fn token_of(m: &Stored) -> String {
    let prefix = format!("{PUBLIC_URL}/ping/");
    let at = m.text.find(&prefix).expect("a link in the message") + prefix.len();
    m.text[at..at + 52].to_owned()
}

fn header<'a>(raw: &'a str, name: &str) -> Option<&'a str> {
    raw.split("\r\n\r\n")
        .next()?
        .split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
}

async fn challenges(env: &Env, campaign: Uuid) -> Vec<liaison_core::ping::PingChallenge> {
    env.store.ping_challenges(campaign).await.unwrap()
}

async fn audit_count(env: &Env, action: &str) -> usize {
    env.store
        .audit(&AuditQuery {
            action: Some(action.into()),
            limit: 1000,
            ..Default::default()
        })
        .await
        .unwrap()
        .len()
}

/// A browser on the ping page: GET it, keep the cookie, POST its form.
struct PingBrowser<'a> {
    env: &'a Env,
    cookie: Option<String>,
}

struct Page {
    status: u16,
    body: String,
}

impl PingBrowser<'_> {
    async fn send(&mut self, method: &str, path: &str, form: Option<String>) -> Page {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("accept-language", "en");
        if let Some(c) = &self.cookie {
            req = req.header("cookie", c.clone());
        }
        let req = match form {
            Some(f) => req
                .header("content-type", "application/x-www-form-urlencoded")
                .body(Body::from(f)),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let resp = self.env.router.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        for v in resp.headers().get_all("set-cookie") {
            let v = v.to_str().unwrap();
            if v.contains("lsn_csrf=") {
                self.cookie = Some(v.split(';').next().unwrap().to_owned());
            }
        }
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        Page {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    fn csrf(body: &str) -> String {
        let pat = "name=\"csrf\" value=\"";
        let at = body.find(pat).expect("a csrf field") + pat.len();
        body[at..at + body[at..].find('"').unwrap()].to_owned()
    }
}

/// Send a message to our inbound listener with Python's smtplib (an independent client).
fn smtp_client_send(port: u16, mail_from: &str, rcpt: &str, message: &str) {
    let script = r#"
import smtplib, sys
port, mail_from, rcpt = int(sys.argv[1]), sys.argv[2], sys.argv[3]
message = sys.stdin.read()
with smtplib.SMTP("127.0.0.1", port, timeout=30) as s:
    s.sendmail(mail_from, [rcpt], message.encode("utf-8"))
"#;
    let mut child = Command::new(python())
        .args(["-c", script, &port.to_string(), mail_from, rcpt])
        .stdin(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(message.as_bytes())
        .unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "smtplib could not send to {rcpt}");
}

struct Listener {
    port: u16,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

async fn reply_listener(env: &Env) -> Listener {
    let handler = Arc::new(liaison_mailer::ReplyHandler::new(
        env.app.clone(),
        REPLY_DOMAIN,
    ));
    let server = liaison_mail::InboundServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        liaison_mail::InboundLimits::default(),
        handler,
    )
    .await
    .unwrap();
    let port = server.local_addr().unwrap().port();
    let (stop, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(server.run(async move {
        let _ = rx.await;
    }));
    Listener {
        port,
        stop: Some(stop),
    }
}

fn reply_message(to: &str, auto: bool) -> String {
    let auto = if auto {
        "Auto-Submitted: auto-replied\r\n"
    } else {
        ""
    };
    format!(
        "From: cert@ssi.fr.example\r\nTo: {to}\r\nSubject: Re: ping\r\n{auto}Message-ID: <{}@fr.example>\r\n\r\nReceived, thank you.\r\n",
        Uuid::new_v4()
    )
}

fn dsn_message(to: &str, failed: &str) -> String {
    format!(
        "From: MAILER-DAEMON@mx.fr.example\r\nTo: {to}\r\nSubject: Undelivered Mail Returned to Sender\r\n\
         Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/report; report-type=delivery-status; boundary=\"B0UND\"\r\n\r\n\
         --B0UND\r\nContent-Type: text/plain\r\n\r\nThe message could not be delivered.\r\n\
         --B0UND\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.fr.example\r\n\r\n\
         Final-Recipient: rfc822; {failed}\r\nAction: failed\r\nStatus: 5.1.1\r\n\
         Diagnostic-Code: smtp; 550 5.1.1 user unknown\r\n\r\n--B0UND--\r\n"
    )
}

// ----- the tests -----------------------------------------------------------------------------

async fn campaign_to_the_demo_directory_answered_three_ways(backend: Backend) {
    let env = Env::new(backend).await;
    import_demo(&env).await;
    // An entry without an e-mail address: it is asked in the application only.
    let fr_token = long_token(&env, Role::StateAdmin, Some("FR"), None).await;
    let mut phone_only = arabic_entry("FR");
    phone_only["emails"] = json!([]);
    phone_only["entry_language"] = json!("fr");
    phone_only["entity_name"] = json!("Centre gouvernemental de veille (permanence téléphonique)");
    phone_only["person_name"] = json!("Claire Dubois");
    phone_only["title"] = json!(null);
    phone_only["translation_en"] = json!(null);
    phone_only["time_zone"] = json!("Europe/Paris");
    let r = env
        .call("POST", "/api/v1/pocs", Some(&fr_token), Some(&phone_only))
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    let in_app_poc: Uuid = r.json["id"].as_str().unwrap().parse().unwrap();
    state_admin(
        &env,
        "sa.fr",
        "FR",
        "securite@diplomatie.fr.example",
        EntryLanguage::Fr,
    )
    .await;
    state_admin(
        &env,
        "sa.eg",
        "EG",
        "cyber@mfa.eg.example",
        EntryLanguage::Ar,
    )
    .await;

    // The administrator starts a campaign through the API.
    let admin = long_token(&env, Role::Admin, None, None).await;
    let r = env
        .call("POST", "/api/v1/ping-campaigns", Some(&admin), None)
        .await;
    assert_eq!(r.status, 201, "{}", r.json);
    let campaign: Uuid = r.json["id"].as_str().unwrap().parse().unwrap();
    let total = r.json["counts"]["challenges"].as_u64().unwrap();
    assert_eq!(total, 164);
    assert_eq!(r.json["counts"]["in_app"], 1);
    assert_eq!(r.json["window_secs"], 48 * 3600);
    assert_eq!(audit_count(&env, "ping.campaign.start").await, 1);
    // A state administrator may not start one.
    let r = env
        .call("POST", "/api/v1/ping-campaigns", Some(&fr_token), None)
        .await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "forbidden"));

    let sink = Sink::start(&[]);
    let mailer = relay_mailer(sink.port);
    let sent = send_all(&env, &mailer).await;
    assert_eq!((sent.sent, sent.lost, sent.retried), (163, 0, 0));
    let messages = sink.messages();
    assert_eq!(messages.len(), 163);
    // Exactly one message per entry with an address.
    let mut per_recipient: BTreeMap<String, usize> = BTreeMap::new();
    for m in &messages {
        for r in &m.rcpt_to {
            *per_recipient.entry(r.clone()).or_default() += 1;
        }
    }
    assert!(per_recipient.values().all(|n| *n == 1), "{per_recipient:?}");
    let all = challenges(&env, campaign).await;
    assert!(
        all.iter()
            .filter(|c| !c.recipients.is_empty())
            .all(|c| c.mail.state == liaison_core::ping::Delivery::Sent && c.issued())
    );

    // An Arabic entry's message: Arabic first, English below; the directory and the campaign
    // named; the deadline in UTC and in the entry's time zone; reply and bounce addresses.
    let eg = all
        .iter()
        .find(|c| c.language == EntryLanguage::Ar && c.state.as_str() == "EG")
        .unwrap();
    let eg_mail = messages
        .iter()
        .find(|m| m.rcpt_to.contains(&eg.recipients[0].as_str().to_owned()))
        .unwrap();
    let text = plain(&eg_mail.text);
    let arabic = text.find("اختبار الاتصال").expect("Arabic text");
    let english = text
        .find("This is the ping test of the campaign")
        .expect("English text");
    assert!(arabic < english, "Arabic first, English below");
    assert!(text.contains("the global intergovernmental directory of points of contact"));
    assert!(text.contains(" UTC."), "{text}");
    assert!(
        text.contains("In your time zone (Africa/Cairo) that is"),
        "{text}"
    );
    let token = token_of(eg_mail);
    assert!(
        header(&eg_mail.raw, "Reply-To")
            .unwrap()
            .contains(&format!("ping-{token}@{REPLY_DOMAIN}"))
    );
    assert!(
        eg_mail
            .mail_from
            .starts_with(&format!("bounce-{}-", eg.id.simple()))
    );
    assert!(eg_mail.mail_from.ends_with(REPLY_DOMAIN));
    assert_eq!(
        header(&eg_mail.raw, "X-Liaison-Campaign"),
        Some(campaign.to_string().as_str())
    );
    // Only the hash of the token is stored.
    let stored = env
        .store
        .ping_challenge_token_hash(eg.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored,
        liaison_core::ping::PingToken::parse(&token).unwrap().hash()
    );
    assert!(!stored.contains(&token));

    // A link scanner fetches every link of every message: nothing is acknowledged.
    let mut scanner = PingBrowser {
        env: &env,
        cookie: None,
    };
    for m in &messages {
        let p = scanner
            .send("GET", &format!("/ping/{}", token_of(m)), None)
            .await;
        assert_eq!(p.status, 200);
    }
    assert!(
        challenges(&env, campaign)
            .await
            .iter()
            .all(|c| c.acknowledged_at.is_none())
    );
    assert_eq!(audit_count(&env, "ping.acknowledge").await, 0);

    // (a) The link: the page shows the entry and the deadline; only its button acknowledges.
    let mut b = PingBrowser {
        env: &env,
        cookie: None,
    };
    let path = format!("/ping/{token}");
    let page = b.send("GET", &path, None).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Acknowledge the ping test"));
    assert!(page.body.contains("Egypt"));
    assert!(page.body.contains(" UTC"));
    let no_csrf = b.send("POST", &path, Some("csrf=".into())).await;
    assert_eq!(no_csrf.status, 403);
    let csrf = PingBrowser::csrf(&page.body);
    let done = b.send("POST", &path, Some(format!("csrf={csrf}"))).await;
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.body.contains("Your acknowledgement was recorded on"));
    // Used: refused, saying when.
    let again = b.send("POST", &path, Some(format!("csrf={csrf}"))).await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("This ping was acknowledged on"));
    let view = b.send("GET", &path, None).await;
    assert!(view.body.contains("Already acknowledged"));
    // Altered and unknown tokens: one neutral answer.
    let mut altered = token.clone().into_bytes();
    altered[10] = if altered[10] == b'a' { b'b' } else { b'a' };
    let altered = String::from_utf8(altered).unwrap();
    let a = b.send("GET", &format!("/ping/{altered}"), None).await;
    let u = b
        .send("GET", &format!("/ping/{}", "q".repeat(52)), None)
        .await;
    let m = b.send("GET", "/ping/not-a-token", None).await;
    assert_eq!((a.status, u.status, m.status), (404, 404, 404));
    assert!(a.body.contains("This link is not valid"));
    assert_eq!(
        a.body.replace(&altered, ""),
        u.body.replace(&"q".repeat(52), "")
    );
    let post_altered = b
        .send(
            "POST",
            &format!("/ping/{altered}"),
            Some(format!("csrf={csrf}")),
        )
        .await;
    assert_eq!(post_altered.status, 404);
    // The token is case-insensitive.
    let upper = b
        .send("GET", &format!("/ping/{}", token.to_uppercase()), None)
        .await;
    assert!(upper.body.contains("Already acknowledged"));

    // (b) A reply, sent with smtplib to the inbound listener; an out-of-office answer and a
    // made-up address do not count.
    let listener = reply_listener(&env).await;
    let fr_entries: Vec<_> = all
        .iter()
        .filter(|c| c.state.as_str() == "FR" && !c.recipients.is_empty())
        .collect();
    let (replied, auto) = (fr_entries[0], fr_entries[1]);
    let mail_of = |c: &liaison_core::ping::PingChallenge| {
        messages
            .iter()
            .find(|m| m.rcpt_to.contains(&c.recipients[0].as_str().to_owned()))
            .unwrap()
    };
    let reply_to = format!("ping-{}@{REPLY_DOMAIN}", token_of(mail_of(replied)));
    smtp_client_send(
        listener.port,
        "cert@ssi.fr.example",
        &reply_to,
        &reply_message(&reply_to, false),
    );
    let auto_to = format!("ping-{}@{REPLY_DOMAIN}", token_of(mail_of(auto)));
    smtp_client_send(
        listener.port,
        "cert@ssi.fr.example",
        &auto_to,
        &reply_message(&auto_to, true),
    );
    let refused = Command::new(python())
        .args([
            "-c",
            "import smtplib,sys\ntry:\n  s=smtplib.SMTP('127.0.0.1',int(sys.argv[1]),timeout=30); s.sendmail('a@b.example',[sys.argv[2]],'Subject: x\\r\\n\\r\\nx\\r\\n')\nexcept smtplib.SMTPRecipientsRefused:\n  sys.exit(3)",
            &listener.port.to_string(),
            &format!("ping-{}@{REPLY_DOMAIN}", "z".repeat(52)),
        ])
        .status()
        .unwrap();
    assert_eq!(
        refused.code(),
        Some(3),
        "an unknown reply address is refused"
    );
    let c = env.store.ping_challenge(replied.id).await.unwrap().unwrap();
    assert_eq!(c.ack_channel, Some(AckChannel::Reply));
    assert_eq!(c.on_time, Some(true));
    let c = env.store.ping_challenge(auto.id).await.unwrap().unwrap();
    assert!(c.acknowledged_at.is_none(), "an auto-reply acknowledged");

    // (c) A signed-in POC user: the API lists the pending ping and acknowledges it.
    let api_entry = fr_entries[2];
    let poc_token = long_token(&env, Role::Poc, None, Some(api_entry.poc)).await;
    let pending = env
        .call("GET", "/api/v1/pings/pending", Some(&poc_token), None)
        .await;
    assert_eq!(pending.status, 200, "{}", pending.json);
    assert_eq!(pending.json["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        pending.json["items"][0]["challenge"],
        api_entry.id.to_string()
    );
    let ack_path = format!("/api/v1/pings/{}/acknowledge", api_entry.id);
    let r = env.call("POST", &ack_path, Some(&poc_token), None).await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert_eq!(
        (r.json["channel"].as_str(), r.json["on_time"].as_bool()),
        (Some("api"), Some(true))
    );
    let r = env.call("POST", &ack_path, Some(&poc_token), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (409, "already_acknowledged"));
    // Another entry's user may not acknowledge it, nor the administrator.
    let other = long_token(&env, Role::Poc, None, Some(fr_entries[3].poc)).await;
    let r = env.call("POST", &ack_path, Some(&other), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "other_state"));
    let r = env.call("POST", &ack_path, Some(&admin), None).await;
    assert_eq!((r.status.as_u16(), r.code()), (403, "forbidden"));
    // The entry without e-mail, in the application.
    let in_app = all.iter().find(|c| c.poc == in_app_poc).unwrap();
    let p = env
        .app
        .authenticate(&long_token(&env, Role::Poc, None, Some(in_app_poc)).await)
        .await
        .unwrap();
    let done = env
        .app
        .acknowledge_ping(&p, in_app.id, AckChannel::InApp)
        .await
        .unwrap();
    assert!(done.ack.on_time);
    // The entry's freshness moved to the acknowledgement.
    let entry = env
        .call(
            "GET",
            &format!("/api/v1/pocs/{}", api_entry.poc),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(
        entry.json["last_verified_at"].as_str().unwrap(),
        env.clock
            .now()
            .round(jiff::Unit::Second)
            .unwrap()
            .to_string()
    );

    // The deadline passes: the rest become no_response, each state with unanswered POCs is
    // escalated once, to its administrators in their own language.
    env.clock
        .advance(SignedDuration::from_hours(48) + SignedDuration::from_secs(1));
    let sweep = env.app.sweep_pings().await.unwrap();
    assert_eq!(sweep.no_response, 164 - 4);
    assert!(sweep.escalated.contains(&state("FR")) && sweep.escalated.contains(&state("EG")));
    let again = env.app.sweep_pings().await.unwrap();
    assert!(again.escalated.is_empty() && again.no_response == 0);
    let before = sink.messages().len();
    let escalations = send_all(&env, &mailer).await;
    assert_eq!(
        escalations.sent, 2,
        "one message per reachable administrator"
    );
    let after = sink.messages();
    assert_eq!(after.len(), before + 2);
    let fr_mail = after
        .iter()
        .find(|m| m.rcpt_to == ["securite@diplomatie.fr.example"])
        .unwrap();
    let fr_text = plain(&fr_mail.text);
    assert!(
        fr_text.contains("Lors du test « ping » du répertoire"),
        "{fr_text}"
    );
    assert!(fr_text.contains("France"));
    assert!(fr_text.contains("pas de réponse"));
    assert!(
        fr_mail
            .text
            .contains(&auto.recipients[0].as_str().to_owned())
    );
    assert!(
        !fr_mail
            .text
            .contains(&replied.recipients[0].as_str().to_owned())
    );
    let eg_admin = after
        .iter()
        .find(|m| m.rcpt_to == ["cyber@mfa.eg.example"])
        .unwrap();
    let eg_text = plain(&eg_admin.text);
    assert!(eg_text.contains("في اختبار الاتصال للدليل"), "{eg_text}");

    // A late answer is kept and marked late.
    let late_poc = long_token(&env, Role::Poc, None, Some(auto.poc)).await;
    let r = env
        .call(
            "POST",
            &format!("/api/v1/pings/{}/acknowledge", auto.id),
            Some(&late_poc),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        (r.json["status"].as_str(), r.json["on_time"].as_bool()),
        (Some("late"), Some(false))
    );

    // The report: per POC state, role, status and channel, and the aggregates.
    let report = env
        .call(
            "GET",
            &format!("/api/v1/ping-campaigns/{campaign}/report"),
            Some(&admin),
            None,
        )
        .await;
    assert_eq!(report.status, 200, "{}", report.json);
    let c = &report.json["campaign"]["counts"];
    assert_eq!(c["challenges"], 164);
    assert_eq!(c["sent"], 163);
    assert_eq!(c["acknowledged"], 4);
    assert_eq!(c["late"], 1);
    assert_eq!(c["no_response"], 164 - 5);
    assert_eq!(
        report.json["escalations"].as_array().unwrap().len(),
        sweep.escalated.len()
    );
    let rows = report.json["pocs"].as_array().unwrap();
    let row = |id: Uuid| {
        rows.iter()
            .find(|r| r["challenge"] == id.to_string())
            .unwrap()
    };
    assert_eq!(row(eg.id)["channel"], "link");
    assert_eq!(row(replied.id)["channel"], "reply");
    assert_eq!(row(api_entry.id)["channel"], "api");
    assert_eq!(row(in_app.id)["channel"], "in_app");
    assert_eq!(row(in_app.id)["pingable"], false);
    assert_eq!(row(auto.id)["status"], "late");
    assert_eq!(row(fr_entries[3].id)["status"], "no_response");
    assert_eq!(row(eg.id)["state"], "EG");
    assert!(report.json["by_regional_group"].as_array().unwrap().len() >= 3);
    assert_eq!(report.json["by_role"].as_array().unwrap().len(), 2);
    let buckets: u64 = report.json["time_to_acknowledge"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["count"].as_u64().unwrap())
        .sum();
    assert_eq!(buckets, 5);
    // A state administrator sees their own state's part; CSV too.
    let fr_report = env
        .call(
            "GET",
            &format!("/api/v1/ping-campaigns/{campaign}/report"),
            Some(&fr_token),
            None,
        )
        .await;
    assert_eq!(fr_report.json["scope"], "FR");
    assert!(
        fr_report.json["pocs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "FR")
    );
    let csv = env
        .call(
            "GET",
            &format!("/api/v1/ping-campaigns/{campaign}/report?format=csv"),
            Some(&admin),
            None,
        )
        .await;
    let csv = String::from_utf8(csv.raw).unwrap();
    assert!(csv.starts_with("campaign,challenge,poc,state,"));
    assert_eq!(csv.lines().count(), 165);
    // The non-responders' list for the dashboard, with the escalation and its reach.
    let nr = env
        .app
        .non_responders(&operator("test"), campaign)
        .await
        .unwrap();
    let fr = nr.iter().find(|s| s.state == state("FR")).unwrap();
    assert_eq!(fr.reachable_administrators, 1);
    assert_eq!(fr.escalation.as_ref().unwrap().administrators, 1);
    let no_admin = nr
        .iter()
        .find(|s| s.state != state("FR") && s.state != state("EG"))
        .unwrap();
    assert_eq!(no_admin.escalation.as_ref().unwrap().administrators, 0);
    // The follow-up log (A§8: best efforts with the state's competent authorities).
    let input = |authority: &'static str| liaison_app::ping::FollowUpInput {
        state: state("KE"),
        campaign: Some(campaign),
        poc: None,
        contacted_at: env.clock.now(),
        authority,
        method: liaison_core::ping::FollowUpMethod::NoteVerbale,
        outcome: liaison_core::ping::FollowUpOutcome::UpdatePromised,
        note: Some("Permanent Mission in Geneva will ask the national CERT to update."),
    };
    let admin_p = env.app.authenticate(&admin).await.unwrap();
    let fr_p = env.app.authenticate(&fr_token).await.unwrap();
    assert!(matches!(
        env.app.record_follow_up(&admin_p, input("   ")).await,
        Err(liaison_app::AppError::Invalid(_))
    ));
    assert!(matches!(
        env.app.record_follow_up(&fr_p, input("Mission")).await,
        Err(liaison_app::AppError::Forbidden(_))
    ));
    let f = env
        .app
        .record_follow_up(&admin_p, input("Permanent Mission of Kenya, Geneva"))
        .await
        .unwrap();
    assert_eq!(f.recorded_by, admin_p.actor);
    let nr = env.app.non_responders(&admin_p, campaign).await.unwrap();
    let ke = nr.iter().find(|s| s.state == state("KE")).unwrap();
    assert_eq!(ke.follow_ups.len(), 1);
    assert_eq!(env.app.follow_ups(&admin_p, None).await.unwrap().len(), 1);
    assert!(env.app.follow_ups(&fr_p, None).await.unwrap().is_empty());
    assert!(matches!(
        env.app.follow_ups(&fr_p, Some(state("KE"))).await,
        Err(liaison_app::AppError::Forbidden(_))
    ));
    assert_eq!(audit_count(&env, "ping.follow_up").await, 1);
    // Everything answered or escalated: the campaign is closed.
    assert!(
        env.store
            .ping_campaign(campaign)
            .await
            .unwrap()
            .unwrap()
            .closed_at
            .is_some()
    );
    // Audited writes, chain intact.
    assert_eq!(audit_count(&env, "ping.acknowledge").await, 5);
    assert!(audit_count(&env, "ping.escalate").await >= 2);
    liaison_app::verify_audit_chain(env.store.as_ref(), None)
        .await
        .unwrap();
}

async fn two_missed_campaigns_make_an_entry_unverified(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("KE").await;
    let ke = long_token(&env, Role::StateAdmin, Some("KE"), None).await;
    let mut ids = Vec::new();
    for i in 0..2 {
        let mut e = arabic_entry("KE");
        e["emails"] = json!([format!("cert{i}@ke-cirt.go.example")]);
        let r = env.call("POST", "/api/v1/pocs", Some(&ke), Some(&e)).await;
        assert_eq!(r.status, 201);
        ids.push(r.json["id"].as_str().unwrap().parse::<Uuid>().unwrap());
    }
    // The campaigns start after the entries were written (an entry confirmed by its state
    // after a campaign started is not unverified by it).
    env.clock.advance(SignedDuration::from_hours(1));
    let sink = Sink::start(&[]);
    let mailer = relay_mailer(sink.port);
    let op = operator("test");
    let run = |answer: bool| {
        let env = &env;
        let mailer = &mailer;
        let op = &op;
        let ids = &ids;
        async move {
            let c = env
                .app
                .start_ping_campaign(op, Default::default(), None)
                .await
                .unwrap();
            send_all(env, mailer).await;
            if answer {
                let ch = challenges(env, c.id).await;
                let mine = ch.iter().find(|x| x.poc == ids[0]).unwrap();
                let p = env
                    .app
                    .authenticate(&long_token(env, Role::Poc, None, Some(ids[0])).await)
                    .await
                    .unwrap();
                env.app
                    .acknowledge_ping(&p, mine.id, AckChannel::Api)
                    .await
                    .unwrap();
            }
            env.clock.advance(SignedDuration::from_hours(49));
            env.app.sweep_pings().await.unwrap();
            env.clock.advance(SignedDuration::from_hours(24));
        }
    };
    run(false).await;
    let flagged = |id: Uuid| is_flagged(&env, &ke, id);
    assert!(!flagged(ids[0]).await, "one miss is not enough");
    run(false).await;
    assert!(flagged(ids[0]).await && flagged(ids[1]).await);
    let flags = env
        .store
        .audit(&AuditQuery {
            action: Some("poc.flag".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(flags.len(), 2);
    assert!(flags.iter().all(|r| r.actor == "system:ping"));
    // A later ping acknowledged clears it (audited, system:ping); the other stays flagged.
    run(true).await;
    assert!(!flagged(ids[0]).await);
    assert!(flagged(ids[1]).await);
    let unflags = env
        .store
        .audit(&AuditQuery {
            action: Some("poc.unflag".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(unflags.len(), 1);
    assert_eq!(unflags[0].actor, "system:ping");
    // The state updating the entry clears it too.
    let mut e = env
        .call("GET", &format!("/api/v1/pocs/{}", ids[1]), Some(&ke), None)
        .await
        .json;
    e["title"] = json!("رئيس قسم الاستجابة");
    let r = env
        .call(
            "PUT",
            &format!("/api/v1/pocs/{}", ids[1]),
            Some(&ke),
            Some(&e),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.json);
    assert!(!flagged(ids[1]).await);
    // A replica reading the store sees the same flags and freshness.
    let replica = env.replica().await;
    let fresh = replica.get_poc(&op, ids[0]).unwrap();
    assert!(!fresh.has_flag(Flag::Unverified));
    assert!(fresh.last_verified_at.is_some());
}

async fn temporary_failures_are_retried_and_permanent_ones_bounce(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("KE").await;
    let ke = long_token(&env, Role::StateAdmin, Some("KE"), None).await;
    let mut pocs = BTreeMap::new();
    for who in ["down", "gone", "fine", "dsn"] {
        let mut e = arabic_entry("KE");
        e["emails"] = json!([format!("{who}@ke-cirt.go.example")]);
        e["person_name"] = json!(format!("{who} officer"));
        let r = env.call("POST", "/api/v1/pocs", Some(&ke), Some(&e)).await;
        assert_eq!(r.status, 201);
        pocs.insert(who, r.json["id"].as_str().unwrap().parse::<Uuid>().unwrap());
    }
    let campaign = env
        .app
        .start_ping_campaign(&operator("test"), Default::default(), None)
        .await
        .unwrap();
    let by_who = |who: &str, all: &[liaison_core::ping::PingChallenge]| {
        all.iter().find(|c| c.poc == pocs[who]).unwrap().clone()
    };

    // The relay is down: every message is put back with a back-off; nothing is lost.
    let sink = Sink::start(&[
        "--perm-fail",
        "gone@ke-cirt.go.example",
        "--temp-fail",
        "down@ke-cirt.go.example",
    ]);
    let (port, dir) = sink.stop();
    let mailer = relay_mailer(port);
    let r = send_all(&env, &mailer).await;
    assert_eq!((r.retried, r.sent), (4, 0));
    let all = challenges(&env, campaign.id).await;
    assert!(
        all.iter()
            .all(|c| c.mail.state == liaison_core::ping::Delivery::Queued
                && c.mail.attempts == 1
                && c.token_issued_none())
    );
    // Before the back-off nothing is tried again.
    assert_eq!(send_all(&env, &mailer).await.claimed, 0);

    // The relay is back: a temporary refusal keeps retrying, a permanent one bounces, the
    // others go out.
    let sink = Sink::start_on(
        port,
        &[
            "--perm-fail",
            "gone@ke-cirt.go.example",
            "--temp-fail",
            "down@ke-cirt.go.example",
        ],
        Some(dir),
    );
    env.clock.advance(SignedDuration::from_mins(1));
    let r = send_all(&env, &mailer).await;
    assert_eq!((r.sent, r.bounced, r.retried), (2, 1, 1));
    let all = challenges(&env, campaign.id).await;
    let gone = by_who("gone", &all);
    assert_eq!(gone.status(), liaison_core::ping::PingStatus::Bounced);
    assert!(gone.mail.bounce_reason.as_deref().unwrap().contains("550"));
    // Never handed over: its users may still answer in the application until the deadline.
    assert!(gone.issued());
    let attempts = env
        .store
        .delivery_attempts(liaison_store::MailQueue::Pings, gone.id)
        .await
        .unwrap();
    assert_eq!(
        attempts
            .iter()
            .map(|a| a.result.as_str())
            .collect::<Vec<_>>(),
        ["temporary", "permanent"]
    );
    // Attempts 3, 4 and 5 are refused for now too; the sixth runs out.
    for _ in 3..liaison_core::ping::MAX_ATTEMPTS {
        env.clock.advance(SignedDuration::from_hours(1));
        assert_eq!(send_all(&env, &mailer).await.retried, 1);
    }
    env.clock.advance(SignedDuration::from_hours(1));
    assert_eq!(send_all(&env, &mailer).await.bounced, 1);
    let all = challenges(&env, campaign.id).await;
    assert_eq!(
        by_who("down", &all).status(),
        liaison_core::ping::PingStatus::Bounced
    );
    assert_eq!(
        by_who("down", &all).mail.attempts,
        liaison_core::ping::MAX_ATTEMPTS
    );
    // Exactly the two deliverable ones reached the sink, once.
    let got: Vec<Vec<String>> = sink.messages().into_iter().map(|m| m.rcpt_to).collect();
    assert_eq!(got.len(), 2, "{got:?}");

    // An asynchronous bounce (a DSN to the VERP address) marks a delivered message bounced;
    // a forged one (wrong tag) changes nothing.
    let dsn = by_who("dsn", &all);
    assert_eq!(dsn.mail.state, liaison_core::ping::Delivery::Sent);
    let hash = env
        .store
        .ping_challenge_token_hash(dsn.id)
        .await
        .unwrap()
        .unwrap();
    let listener = reply_listener(&env).await;
    let forged = format!(
        "bounce-{}-{}@{REPLY_DOMAIN}",
        dsn.id.simple(),
        "0".repeat(16)
    );
    smtp_client_send(
        listener.port,
        "",
        &forged,
        &dsn_message(&forged, "dsn@ke-cirt.go.example"),
    );
    assert_eq!(
        env.store
            .ping_challenge(dsn.id)
            .await
            .unwrap()
            .unwrap()
            .mail
            .state,
        liaison_core::ping::Delivery::Sent
    );
    let verp = format!(
        "{}@{REPLY_DOMAIN}",
        liaison_core::ping::bounce_local_part(dsn.id, &hash)
    );
    smtp_client_send(
        listener.port,
        "",
        &verp,
        &dsn_message(&verp, "dsn@ke-cirt.go.example"),
    );
    let dsn = env.store.ping_challenge(dsn.id).await.unwrap().unwrap();
    assert_eq!(dsn.status(), liaison_core::ping::PingStatus::Bounced);
    assert!(dsn.mail.bounce_reason.as_deref().unwrap().contains("5.1.1"));
}

async fn is_flagged(env: &Env, token: &str, id: Uuid) -> bool {
    env.call("GET", &format!("/api/v1/pocs/{id}"), Some(token), None)
        .await
        .json["flags"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["flag"] == "unverified")
}

trait NoToken {
    fn token_issued_none(&self) -> bool;
}

impl NoToken for liaison_core::ping::PingChallenge {
    /// Not handed over, so not issued and without a token.
    fn token_issued_none(&self) -> bool {
        self.mail.handed_over_at.is_none() && !self.issued()
    }
}

async fn one_scheduled_campaign_per_slot_with_two_replicas(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("KE").await;
    let ke = long_token(&env, Role::StateAdmin, Some("KE"), None).await;
    let r = env
        .call("POST", "/api/v1/pocs", Some(&ke), Some(&arabic_entry("KE")))
        .await;
    assert_eq!(r.status, 201);
    let settings = PingSettings {
        window: SignedDuration::from_hours(48),
        schedule: Some(PingSchedule::parse("7d").unwrap()),
    };
    let a = env.app.clone();
    let b = env.replica().await;
    a.configure_pings(settings.clone());
    b.configure_pings(settings);
    for round in 1..=3 {
        let (x, y) = tokio::join!(a.ping_schedule_tick(), b.ping_schedule_tick());
        let started = usize::from(x.unwrap().is_some()) + usize::from(y.unwrap().is_some());
        assert_eq!(
            started, 1,
            "round {round}: exactly one replica starts the slot's campaign"
        );
        // Later ticks in the same slot start nothing.
        assert!(a.ping_schedule_tick().await.unwrap().is_none());
        assert!(b.ping_schedule_tick().await.unwrap().is_none());
        env.clock.advance(SignedDuration::from_hours(7 * 24));
    }
    let campaigns = env.store.ping_campaigns().await.unwrap();
    assert_eq!(campaigns.len(), 3);
    assert!(campaigns.iter().all(
        |c| c.trigger == liaison_core::ping::CampaignTrigger::Scheduled
            && c.started_by == "system:ping"
    ));
    // A campaign someone started within a slot fills it: no second one that slot.
    let manual = env
        .app
        .start_ping_campaign(&operator("test"), Default::default(), None)
        .await
        .unwrap();
    assert!(a.ping_schedule_tick().await.unwrap().is_none());
    assert_eq!(env.store.ping_campaigns().await.unwrap().len(), 4);
    assert!(env.store.ping_campaign(manual.id).await.unwrap().is_some());
}

// ----- real server processes -----------------------------------------------------------------

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(bin())
        .args(args)
        .env("LIAISON_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{:?}: {}",
        args,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

fn serve(db: &str, smtp_port: u16, rate: &str) -> Spawned {
    let port = free_port();
    let child = Command::new(bin())
        .args([
            "serve",
            "--database",
            db,
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--public-url",
            PUBLIC_URL,
            "--smtp-url",
            &format!("smtp://127.0.0.1:{smtp_port}"),
            "--smtp-tls",
            "none",
            "--mail-from",
            MAIL_FROM,
            "--reply-domain",
            REPLY_DOMAIN,
            "--mail-rate",
            rate,
            "--mail-connections",
            "4",
            // After a SIGKILL the dead server's claims are taken over this soon.
            "--mail-lease",
            "3s",
            "--ping-every",
            "off",
        ])
        .env("LIAISON_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    Spawned(child)
}

/// A directory of `n` entries in a dozen states, one e-mail address each, imported with the
/// command line.
fn import_generated(db: &str, n: usize) -> PathBuf {
    let dir = scratch_dir("gen");
    let file = dir.join("pocs.jsonl");
    let states = [
        "FR", "EG", "KE", "BR", "JP", "DE", "IN", "MX", "NG", "RU", "CN", "AU",
    ];
    let lines: Vec<String> = (0..n)
        .map(|i| {
            let st = states[i % states.len()];
            json!({
                "state": st,
                "role": if i % 2 == 0 { "technical" } else { "diplomatic" },
                "kind": "entity",
                "entity_name": format!("National CERT unit {i}"),
                "phones": ["+33123456789"],
                "emails": [format!("cert{i}@{}.example", st.to_ascii_lowercase())],
                "entry_language": "en",
                "time_zone": "Europe/Paris",
            })
            .to_string()
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
    cli(&["import", "pocs", file.to_str().unwrap(), "--database", db]);
    file
}

/// Waits (bounded, only to stop a broken test) until `pred` holds of the sink's messages.
fn wait_for(sink: &Sink, what: &str, pred: impl Fn(&[Stored]) -> bool) -> Vec<Stored> {
    let deadline = Instant::now() + Duration::from_secs(600);
    loop {
        let m = sink.messages();
        if pred(&m) {
            return m;
        }
        assert!(Instant::now() < deadline, "gave up waiting for {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Every challenge of the campaign has exactly one message at the sink. The one thing a crash
/// may lose (never duplicate) is a message committed as handed over whose final dot the killed
/// process had not written yet: such a loss must show as a connection the sink saw end in the
/// middle of DATA.
async fn exactly_once(db: &str, sink: &Sink, campaign: &str) {
    let store = liaison_store::SqlStore::open(db).await.unwrap();
    let all = store
        .ping_challenges(campaign.parse().unwrap())
        .await
        .unwrap();
    let messages = sink.messages();
    let mut per_recipient: BTreeMap<String, usize> = BTreeMap::new();
    for m in &messages {
        for r in &m.rcpt_to {
            *per_recipient.entry(r.clone()).or_default() += 1;
        }
    }
    let twice: Vec<_> = per_recipient.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent twice: {twice:?}");
    let missing: Vec<_> = all
        .iter()
        .filter(|c| !per_recipient.contains_key(c.recipients[0].as_str()))
        .collect();
    for c in &missing {
        assert_eq!(
            c.mail.state,
            liaison_core::ping::Delivery::HandedOver,
            "skipped and not handed over: {}",
            c.id
        );
    }
    assert!(
        missing.len() <= sink.aborted_data_sessions(),
        "{} handed over but not at the sink, more than the {} connections cut in DATA",
        missing.len(),
        sink.aborted_data_sessions()
    );
    assert!(
        all.iter().all(|c| c.mail.handed_over_at.is_some()),
        "every challenge handed over"
    );
    store.close().await;
}

async fn kill_9_while_sending_then_restart_sends_each_ping_once(backend: Backend) {
    let db = test_db(backend).await;
    let n = 400;
    import_generated(&db.url, n);
    let campaign = cli(&["ping", "start", "--database", &db.url]);
    let sink = Sink::start(&[]);
    let mut first = serve(&db.url, sink.port, "40");
    wait_for(&sink, "the first messages", |m| m.len() >= 60);
    first.kill().unwrap(); // SIGKILL, mid-campaign
    first.wait().unwrap();
    let sent_before = sink.messages().len();
    assert!(sent_before < n, "the campaign finished before the kill");
    let mut second = serve(&db.url, sink.port, "200");
    // A killed server may have handed over one message per connection it had open in DATA:
    // those are lost, never sent twice (`exactly_once` counts them).
    wait_for(&sink, "every ping", |m| {
        m.len() + sink.aborted_data_sessions() >= n
    });
    // Give the last sends (and any stray duplicate) time to land before counting.
    let store = liaison_store::SqlStore::open(&db.url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let left = store
            .ping_challenges(campaign.parse().unwrap())
            .await
            .unwrap()
            .iter()
            .filter(|c| {
                matches!(
                    c.mail.state,
                    liaison_core::ping::Delivery::Queued | liaison_core::ping::Delivery::Claimed
                )
            })
            .count();
        if left == 0 {
            break;
        }
        assert!(Instant::now() < deadline, "{left} still queued");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    store.close().await;
    second.kill().unwrap();
    second.wait().unwrap();
    exactly_once(&db.url, &sink, &campaign).await;
    // The report from the command line: every POC with its status.
    let report: Value = serde_json::from_str(&cli(&[
        "ping",
        "report",
        "--database",
        &db.url,
        "--campaign",
        &campaign,
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(report["pocs"].as_array().unwrap().len(), n);
    assert!(
        report["pocs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "pending" && p["state"].is_string() && p["role"].is_string())
    );
    let csv = cli(&[
        "ping",
        "report",
        "--database",
        &db.url,
        "--campaign",
        &campaign,
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), n + 1);
    let out = Command::new(bin())
        .args(["audit", "verify", "--database", &db.url])
        .output()
        .unwrap();
    assert!(out.status.success());
}

/// The workers (one per server process) whose sends the relay took.
async fn sending_workers(db: &str, campaign: &str) -> BTreeSet<String> {
    let store = liaison_store::SqlStore::open(db).await.unwrap();
    let mut workers = BTreeSet::new();
    for c in store
        .ping_challenges(campaign.parse().unwrap())
        .await
        .unwrap()
    {
        for a in store
            .delivery_attempts(liaison_store::MailQueue::Pings, c.id)
            .await
            .unwrap()
        {
            if a.result == "sent" {
                workers.insert(a.worker);
            }
        }
    }
    store.close().await;
    workers
}

async fn two_servers_send_each_ping_once(backend: Backend) {
    let db = test_db(backend).await;
    let n = 400;
    import_generated(&db.url, n);
    let campaign = cli(&["ping", "start", "--database", &db.url]);
    let sink = Sink::start(&[]);
    let mut a = serve(&db.url, sink.port, "60");
    let mut b = serve(&db.url, sink.port, "60");
    // Both send (they really run concurrently); then one of the two dies mid-campaign and the
    // other takes over its claims when their lease runs out.
    wait_for(&sink, "the first messages", |m| m.len() >= 80);
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let workers = sending_workers(&db.url, &campaign).await;
        if workers.len() == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "one server sends alone: {workers:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    a.kill().unwrap();
    a.wait().unwrap();
    // A killed server may have handed over one message per connection it had open in DATA:
    // those are lost, never sent twice (`exactly_once` counts them).
    wait_for(&sink, "every ping", |m| {
        m.len() + sink.aborted_data_sessions() >= n
    });
    let store = liaison_store::SqlStore::open(&db.url).await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while store
        .ping_challenges(campaign.parse().unwrap())
        .await
        .unwrap()
        .iter()
        .any(|c| c.mail.handed_over_at.is_none())
    {
        assert!(Instant::now() < deadline, "pings left unsent");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    store.close().await;
    std::thread::sleep(Duration::from_secs(2));
    b.kill().unwrap();
    b.wait().unwrap();
    exactly_once(&db.url, &sink, &campaign).await;
}

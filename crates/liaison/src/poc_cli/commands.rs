//! What each `liaison poc` command does.

use super::home::{self, Home};
use super::http::{Client, Server};
use super::render;
use super::{
    CliError, KeyCommand, PocArgs, PocCommand, RecordCommand, SendCommand, TemplateCommand,
    ThreadCommand, ThreadsCommand,
};
use jiff::Timestamp;
use liaison_core::inquiry::{self, Document};
use liaison_i18n::{UiLanguage, tr};
use liaison_openpgp::{
    Decrypted, KeyGeneration, Passphrase, PublicKey, SecretKey, UnlockedKey, decrypt_and_verify,
    encrypt_and_sign, recipients_with_sender,
};
use serde_json::{Value, json};
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use uuid::Uuid;

/// Largest template document read from a file (the API takes 1 MiB of ciphertext).
const MAX_DOCUMENT_BYTES: usize = 700 * 1024;
const MAX_TOKEN_BYTES: usize = 4096;

pub struct Ctx {
    pub l: UiLanguage,
    pub home: Home,
    client: Option<Client>,
    client_problem: Option<CliError>,
    passphrase_file: Option<PathBuf>,
    pub device: String,
}

impl Ctx {
    fn new(args: &PocArgs, l: UiLanguage) -> Result<Ctx, CliError> {
        let dir = match &args.home {
            Some(d) => d.clone(),
            None => home::default_dir().ok_or_else(|| CliError::msg("poc-cli-no-home"))?,
        };
        let (client, client_problem) = match client(args, l) {
            Ok(c) => (Some(c), None),
            Err(e) => (None, Some(e)),
        };
        Ok(Ctx {
            l,
            home: Home { dir },
            client,
            client_problem,
            passphrase_file: args.passphrase_file.clone(),
            device: args.device.clone(),
        })
    }

    pub fn say(&self, id: &str, args: &[(&str, &str)]) -> String {
        tr(self.l, id, args)
    }

    pub fn client(&self) -> Result<&Client, CliError> {
        match (&self.client, &self.client_problem) {
            (Some(c), _) => Ok(c),
            (None, Some(CliError::Msg { id, args })) => Err(CliError::Msg {
                id,
                args: args.clone(),
            }),
            _ => Err(CliError::msg("poc-cli-no-server")),
        }
    }

    /// The entry this token acts for.
    pub async fn me(&self) -> Result<Uuid, CliError> {
        let me = self.client()?.get("/api/v1/me").await?;
        me["poc"]
            .as_str()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| CliError::msg("poc-cli-not-a-poc"))
    }

    pub async fn entry(&self, id: Uuid) -> Result<Value, CliError> {
        self.client()?.get(&format!("/api/v1/pocs/{id}")).await
    }

    /// The passphrase: `--passphrase-file`, `LIAISON_PASSPHRASE`, or typed on the terminal
    /// (twice for a new one).
    pub fn passphrase(&self, new: bool) -> Result<Passphrase, CliError> {
        if let Some(f) = &self.passphrase_file {
            let text = home::read_text(f, liaison_openpgp::limits::MAX_PASSPHRASE_BYTES)?;
            return Ok(Passphrase::new(text.trim_end_matches(['\n', '\r'])));
        }
        if let Ok(p) = std::env::var("LIAISON_PASSPHRASE") {
            return Ok(Passphrase::new(p));
        }
        if !std::io::stdin().is_terminal() {
            return Err(CliError::msg("poc-cli-no-passphrase"));
        }
        if new {
            let first = prompt(&self.say("poc-cli-passphrase-new-prompt", &[]))?;
            let second = prompt(&self.say("poc-cli-passphrase-repeat-prompt", &[]))?;
            if first != second {
                return Err(CliError::msg("poc-cli-passphrase-mismatch"));
            }
            Ok(Passphrase::new(first))
        } else {
            Ok(Passphrase::new(prompt(
                &self.say("poc-cli-passphrase-prompt", &[]),
            )?))
        }
    }

    pub fn unlock(&self) -> Result<UnlockedKey, CliError> {
        let key = self.home.secret_key()?;
        key.unlock(&self.passphrase(false)?).map_err(CliError::key)
    }

    /// An entry's published key, if it has one the crate accepts.
    pub async fn published_key(&self, entry: &Value) -> Result<Option<PublicKey>, CliError> {
        let Some(armored) = entry["openpgp_key"].as_str() else {
            return Ok(None);
        };
        PublicKey::from_armored(armored).map(Some).map_err(|e| {
            CliError::msg("poc-cli-bad-recipient-key")
                .arg("poc", entry["id"].as_str().unwrap_or_default())
                .arg("detail", e.to_string())
        })
    }
}

fn client(args: &PocArgs, l: UiLanguage) -> Result<Client, CliError> {
    let url = args
        .server
        .as_deref()
        .ok_or_else(|| CliError::msg("poc-cli-no-server"))?;
    let server =
        Server::parse(url).ok_or_else(|| CliError::msg("poc-cli-bad-server").arg("url", url))?;
    let token = match &args.token_file {
        Some(f) => home::read_text(f, MAX_TOKEN_BYTES)?,
        None => std::env::var("LIAISON_TOKEN").map_err(|_| CliError::msg("poc-cli-no-token"))?,
    };
    let token = token.trim().to_owned();
    if token.is_empty() || !token.chars().all(|c| c.is_ascii_graphic()) {
        return Err(CliError::msg("poc-cli-no-token"));
    }
    Ok(Client::new(server, token, l.as_str()))
}

/// Reads a line from the terminal without echo (`stty -echo` on /dev/tty).
fn prompt(text: &str) -> Result<String, CliError> {
    let fail = |e: std::io::Error| {
        CliError::msg("poc-cli-unreadable-file")
            .arg("path", "/dev/tty")
            .arg("detail", e.to_string())
    };
    let tty = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/tty")
        .map_err(fail)?;
    let stty = |arg: &str| {
        std::fs::File::open("/dev/tty").and_then(|input| {
            std::process::Command::new("stty")
                .arg(arg)
                .stdin(input)
                .status()
        })
    };
    let _ = stty("-echo");
    let mut out = &tty;
    let _ = write!(out, "{text} ");
    let _ = out.flush();
    let mut line = String::new();
    let read = std::io::BufReader::new(&tty).read_line(&mut line);
    let _ = stty("echo");
    let _ = writeln!(out);
    read.map_err(fail)?;
    Ok(line.trim_end_matches(['\n', '\r']).to_owned())
}

/// A template document from a file, validated as the server's own templates say; every problem
/// is listed with its field.
fn read_document(ctx: &Ctx, file: &Path, expected: &str) -> Result<Document, CliError> {
    let text = home::read_text(file, MAX_DOCUMENT_BYTES)?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        CliError::msg("poc-cli-not-json")
            .arg("file", file.display().to_string())
            .arg("detail", e.to_string())
    })?;
    let doc = inquiry::validate(&value).map_err(|errors| {
        let mut reasons = Vec::new();
        for e in &errors.0 {
            let mut reason = format!("  {}: {}", e.field, tr(ctx.l, &e.code.message_id(), &[]));
            if let Some(d) = &e.detail {
                reason.push_str(&format!(" ({d})"));
            }
            reasons.push(reason);
        }
        CliError::msg("poc-cli-template-invalid")
            .arg("file", file.display().to_string())
            .arg("template", expected)
            .arg("reasons", reasons.join("\n"))
    })?;
    let found = match &doc {
        Document::Inquiry(_) => "inquiry",
        Document::Response(_) => "response",
    };
    if found != expected {
        return Err(CliError::msg("poc-cli-wrong-template")
            .arg("file", file.display().to_string())
            .arg("found", found)
            .arg("expected", expected));
    }
    Ok(doc)
}

fn plaintext_of(doc: &Document) -> Result<Vec<u8>, CliError> {
    serde_json::to_vec(&doc.to_json()).map_err(|_| CliError::bad_answer())
}

fn seal(plaintext: &[u8], recipients: &[PublicKey], me: &UnlockedKey) -> Result<String, CliError> {
    let all = recipients_with_sender(recipients, me);
    encrypt_and_sign(plaintext, &all, me, Timestamp::now()).map_err(CliError::key)
}

fn thread_id(v: &Value) -> String {
    v["thread"]["id"].as_str().unwrap_or_default().to_owned()
}

pub async fn run(args: PocArgs, l: UiLanguage) -> Result<ExitCode, CliError> {
    let ctx = Ctx::new(&args, l)?;
    match args.command {
        PocCommand::Key { command } => key(&ctx, command).await,
        PocCommand::Template {
            command: TemplateCommand::Show { template },
        } => {
            let doc = render::skeleton(&template, Timestamp::now());
            println!(
                "{}",
                serde_json::to_string_pretty(&doc).map_err(|_| CliError::bad_answer())?
            );
            Ok(ExitCode::SUCCESS)
        }
        PocCommand::Send {
            command:
                SendCommand::Inquiry {
                    to,
                    file,
                    urgency,
                    respond_by,
                    exercise,
                },
        } => {
            let doc = read_document(&ctx, &file, "inquiry")?;
            // The document's own time sensitivity is what the server is told, unless the
            // command line says otherwise (the server needs it to notify, not the text).
            let (doc_urgency, doc_respond_by) = match &doc {
                Document::Inquiry(i) => i
                    .time_sensitivity
                    .as_ref()
                    .map(|t| {
                        (
                            t.urgency.map(|u| u.as_str().to_owned()),
                            t.respond_by.clone(),
                        )
                    })
                    .unwrap_or_default(),
                Document::Response(_) => (None, None),
            };
            let urgency = urgency.or(doc_urgency);
            let respond_by = respond_by.or(doc_respond_by);
            let mut keys = Vec::new();
            for poc in &to {
                let entry = ctx.entry(*poc).await?;
                match ctx.published_key(&entry).await? {
                    Some(k) => keys.push(k),
                    None => eprintln!(
                        "{}",
                        ctx.say("poc-cli-recipient-no-key", &[("poc", &poc.to_string())])
                    ),
                }
            }
            let me = ctx.unlock()?;
            let ciphertext = seal(&plaintext_of(&doc)?, &keys, &me)?;
            let mut body =
                json!({"recipients": to, "ciphertext": ciphertext, "exercise": exercise});
            if let Some(u) = urgency {
                body["urgency"] = json!(u);
            }
            if let Some(r) = respond_by {
                body["respond_by"] = json!(r);
            }
            let v = ctx
                .client()?
                .call("POST", "/api/v1/threads", Some(&body), &[])
                .await?;
            // The thread id alone on stdout, for scripts; the sentence for people on stderr.
            println!("{}", thread_id(&v));
            eprintln!(
                "{}",
                ctx.say("poc-cli-inquiry-sent", &[("thread", &thread_id(&v))])
            );
            Ok(ExitCode::SUCCESS)
        }
        PocCommand::Respond { thread, file } => {
            let doc = read_document(&ctx, &file, "response")?;
            let audience = ctx
                .client()?
                .get(&format!(
                    "/api/v1/threads/{thread}/audience?purpose=message"
                ))
                .await?;
            let mut keys = Vec::new();
            for m in audience["members"].as_array().into_iter().flatten() {
                if let Some(k) = m["openpgp_key"].as_str() {
                    keys.push(PublicKey::from_armored(k).map_err(|e| {
                        CliError::msg("poc-cli-bad-recipient-key")
                            .arg("poc", m["poc"].as_str().unwrap_or_default())
                            .arg("detail", e.to_string())
                    })?);
                }
            }
            let me = ctx.unlock()?;
            let ciphertext = seal(&plaintext_of(&doc)?, &keys, &me)?;
            ctx.client()?
                .call(
                    "POST",
                    &format!("/api/v1/threads/{thread}/responses"),
                    Some(&json!({"ciphertext": ciphertext})),
                    &[],
                )
                .await?;
            println!(
                "{}",
                ctx.say("poc-cli-response-sent", &[("thread", &thread.to_string())])
            );
            Ok(ExitCode::SUCCESS)
        }
        PocCommand::Acknowledge { thread } => {
            ctx.client()?
                .call(
                    "POST",
                    &format!("/api/v1/threads/{thread}/acknowledgements"),
                    None,
                    &[],
                )
                .await?;
            println!(
                "{}",
                ctx.say("poc-cli-acknowledged", &[("thread", &thread.to_string())])
            );
            for line in render::notice(l) {
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        PocCommand::Close { thread } => {
            ctx.client()?
                .call(
                    "POST",
                    &format!("/api/v1/threads/{thread}/close"),
                    None,
                    &[],
                )
                .await?;
            println!(
                "{}",
                ctx.say("poc-cli-closed", &[("thread", &thread.to_string())])
            );
            Ok(ExitCode::SUCCESS)
        }
        PocCommand::Threads {
            command: ThreadsCommand::List,
        } => list_threads(&ctx).await,
        PocCommand::Thread {
            command: ThreadCommand::Read { thread },
        } => read_thread(&ctx, thread).await,
        PocCommand::Record {
            command: RecordCommand::Export { out },
        } => super::records::export(&ctx, &out).await,
        PocCommand::Record {
            command:
                RecordCommand::Verify {
                    file,
                    signature,
                    key,
                },
        } => super::records::verify(&ctx, &file, signature.as_deref(), key.as_deref()),
    }
}

async fn key(ctx: &Ctx, command: KeyCommand) -> Result<ExitCode, CliError> {
    let exists = |force: bool| {
        if ctx.home.has_key() && !force {
            Err(CliError::msg("poc-cli-key-exists").arg("home", ctx.home.display()))
        } else {
            Ok(())
        }
    };
    match command {
        KeyCommand::Generate {
            name,
            entity,
            email,
            force,
        } => {
            exists(force)?;
            let (name, entity, email) = if name.is_some() && email.is_some() {
                (name, entity, email)
            } else {
                // Defaults from the POC's own entry, as the browser prefills them.
                let entry = ctx.entry(ctx.me().await?).await?;
                let s = |k: &str| entry[k].as_str().map(str::to_owned);
                (
                    name.or_else(|| s("person_name"))
                        .or_else(|| s("entity_name")),
                    entity.or_else(|| s("entity_name")),
                    email.or_else(|| entry["emails"][0].as_str().map(str::to_owned)),
                )
            };
            let spec = KeyGeneration::new(
                name.unwrap_or_default(),
                entity,
                email.unwrap_or_default(),
                Timestamp::now(),
            );
            let passphrase = ctx.passphrase(true)?;
            let key = SecretKey::generate(&spec, &passphrase).map_err(CliError::key)?;
            ctx.home.store(&key)?;
            let expires = spec
                .expires_at
                .map(|t| t.to_string())
                .unwrap_or_else(|| ctx.say("poc-cli-key-never", &[]));
            println!(
                "{}",
                ctx.say(
                    "poc-cli-key-generated",
                    &[("fingerprint", key.fingerprint()), ("expires", &expires)]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        KeyCommand::Import { file, force } => {
            exists(force)?;
            let text = home::read_text(&file, liaison_openpgp::limits::MAX_SECRET_KEY_ARMOR_BYTES)?;
            let key = SecretKey::from_armored(&text).map_err(CliError::key)?;
            let key = if key.is_protected() {
                // Check the passphrase now rather than at the first message.
                key.unlock(&ctx.passphrase(false)?).map_err(CliError::key)?;
                key
            } else {
                // GnuPG exports a key without a passphrase as it is: it is protected here
                // before it touches the disk.
                let unlocked = key.unlock(&Passphrase::new("")).map_err(CliError::key)?;
                unlocked
                    .protect(&ctx.passphrase(true)?)
                    .map_err(CliError::key)?
            };
            ctx.home.store(&key)?;
            println!(
                "{}",
                ctx.say(
                    "poc-cli-key-imported",
                    &[("fingerprint", key.fingerprint())]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        KeyCommand::Publish => {
            let key = ctx.home.public_key()?;
            let me = ctx.me().await?;
            ctx.client()?
                .call(
                    "PUT",
                    &format!("/api/v1/pocs/{me}/openpgp-key"),
                    Some(&json!({"openpgp_key": key.armored()})),
                    &[],
                )
                .await?;
            println!(
                "{}",
                ctx.say(
                    "poc-cli-key-published",
                    &[("fingerprint", key.fingerprint()), ("poc", &me.to_string())]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        KeyCommand::Show => {
            let key = ctx.home.public_key()?;
            let info = key.info();
            println!(
                "{}: {}",
                ctx.say("poc-cli-key-fingerprint", &[]),
                key.fingerprint()
            );
            for uid in &info.user_ids {
                println!("{}: {uid}", ctx.say("poc-cli-key-user-id", &[]));
            }
            let expires = info
                .expires_at
                .map(|t| t.to_string())
                .unwrap_or_else(|| ctx.say("poc-cli-key-never", &[]));
            println!("{}: {expires}", ctx.say("poc-cli-key-expires", &[]));
            if ctx.client().is_ok() {
                let entry = ctx.entry(ctx.me().await?).await?;
                let id = match entry["openpgp"]["fingerprint"].as_str() {
                    Some(f) if f == key.fingerprint() => "poc-cli-key-is-published",
                    Some(_) => "poc-cli-key-other-published",
                    None => "poc-cli-key-not-published",
                };
                println!("{}", ctx.say(id, &[]));
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn list_threads(ctx: &Ctx) -> Result<ExitCode, CliError> {
    let v = ctx.client()?.get("/api/v1/threads").await?;
    let items = v["items"].as_array().cloned().unwrap_or_default();
    if items.is_empty() {
        println!("{}", ctx.say("poc-cli-no-threads", &[]));
    }
    for t in &items {
        let states: Vec<&str> = t["participants"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["state"].as_str())
            .collect();
        let exercise = if t["exercise"] == true {
            format!("[{}] ", render::exercise_label(ctx.l))
        } else {
            String::new()
        };
        println!(
            "{exercise}{}  {}: {}  {}: {}  {}: {}  {}: {}  {}: {}",
            t["id"].as_str().unwrap_or_default(),
            ctx.say("poc-cli-col-state", &[]),
            render::stage(ctx.l, t["state"].as_str().unwrap_or_default()),
            ctx.say("poc-cli-col-urgency", &[]),
            render::urgency(ctx.l, t["urgency"].as_str().unwrap_or_default()),
            ctx.say("poc-cli-col-activity", &[]),
            t["last_activity_at"].as_str().unwrap_or_default(),
            ctx.say("poc-cli-col-participants", &[]),
            states.join(" "),
            ctx.say("poc-cli-col-unread", &[]),
            t["unread"].as_u64().unwrap_or(0),
        );
    }
    println!();
    for line in render::notice(ctx.l) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

/// A thread as read on this device: its detail (which marks it delivered to this device), the
/// participants' entries and keys, and each message decrypted with the POC's key.
pub struct ReadThread {
    pub detail: Value,
    /// (entry id, entry JSON, key if published and usable)
    pub participants: Vec<(Uuid, Value, Option<PublicKey>)>,
    /// Per message: the copy used (armored) and what it decrypted to.
    pub messages: Vec<(Value, Option<String>, Option<Decrypted>)>,
}

pub async fn fetch_thread(
    ctx: &Ctx,
    thread: Uuid,
    me: &UnlockedKey,
) -> Result<ReadThread, CliError> {
    let detail = ctx
        .client()?
        .call(
            "GET",
            &format!("/api/v1/threads/{thread}"),
            None,
            &[("liaison-device", &ctx.device)],
        )
        .await?;
    let mut participants = Vec::new();
    for p in detail["thread"]["participants"]
        .as_array()
        .into_iter()
        .flatten()
    {
        let Some(id) = p["poc"].as_str().and_then(|s| s.parse::<Uuid>().ok()) else {
            continue;
        };
        let entry = ctx.entry(id).await?;
        let key = ctx.published_key(&entry).await.ok().flatten();
        participants.push((id, entry, key));
    }
    let mut signers: Vec<PublicKey> = participants
        .iter()
        .filter_map(|(_, _, k)| k.clone())
        .collect();
    signers.push(me.public_key().clone());
    let mut messages = Vec::new();
    for m in detail["messages"].as_array().into_iter().flatten() {
        let copies: Vec<&str> = m["copies"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|c| c["ciphertext"].as_str())
            .collect();
        let mut used = copies.first().map(|c| (*c).to_owned());
        let mut opened = None;
        for c in &copies {
            if let Ok(d) = decrypt_and_verify(c, me, &signers) {
                used = Some((*c).to_owned());
                opened = Some(d);
                break;
            }
        }
        messages.push((m.clone(), used, opened));
    }
    Ok(ReadThread {
        detail,
        participants,
        messages,
    })
}

/// "DE CERT-Bund" for an entry id of the thread.
pub fn who(t: &ReadThread, id: &str) -> String {
    t.participants
        .iter()
        .find(|(p, _, _)| p.to_string() == id)
        .map(|(_, e, _)| {
            format!(
                "{} {}",
                e["state"].as_str().unwrap_or_default(),
                e["entity_name"].as_str().unwrap_or_default()
            )
        })
        .unwrap_or_else(|| id.to_owned())
}

pub fn signature_line(l: UiLanguage, d: &Option<Decrypted>) -> String {
    use liaison_openpgp::SignatureStatus as S;
    match d {
        None => tr(l, "poc-cli-cannot-decrypt", &[]),
        Some(d) => match &d.signature {
            S::Valid {
                signer_fingerprint, ..
            } => tr(
                l,
                "poc-cli-signature-valid",
                &[("fingerprint", signer_fingerprint)],
            ),
            S::Invalid { .. } => tr(l, "poc-cli-signature-invalid", &[]),
            S::UnknownSigner { issuer } => {
                tr(l, "poc-cli-signature-unknown", &[("issuer", issuer)])
            }
            S::Unsigned => tr(l, "poc-cli-signature-unsigned", &[]),
        },
    }
}

async fn read_thread(ctx: &Ctx, thread: Uuid) -> Result<ExitCode, CliError> {
    let me = ctx.unlock()?;
    let t = fetch_thread(ctx, thread, &me).await?;
    let l = ctx.l;
    let view = &t.detail["thread"];
    if view["exercise"] == true {
        println!("*** {} ***", render::exercise_label(l));
    }
    println!(
        "{}",
        ctx.say("poc-cli-thread-heading", &[("thread", &thread.to_string())])
    );
    println!(
        "{}: {}  {}: {}",
        ctx.say("poc-cli-col-state", &[]),
        render::stage(l, view["state"].as_str().unwrap_or_default()),
        ctx.say("poc-cli-col-urgency", &[]),
        render::urgency(l, view["urgency"].as_str().unwrap_or_default()),
    );
    for p in view["participants"].as_array().into_iter().flatten() {
        let id = p["poc"].as_str().unwrap_or_default();
        let stage = p["stage"]
            .as_str()
            .map(|s| render::stage(l, s))
            .unwrap_or_else(|| ctx.say("poc-cli-sender", &[]));
        println!("  {}: {stage}", who(&t, id));
    }
    for (m, _, opened) in &t.messages {
        println!();
        println!(
            "{}",
            ctx.say(
                "poc-cli-message-heading",
                &[
                    ("seq", &m["seq"].to_string()),
                    (
                        "kind",
                        &render::kind(l, m["kind"].as_str().unwrap_or_default())
                    ),
                    ("author", &who(&t, m["author"].as_str().unwrap_or_default())),
                    ("at", m["at"].as_str().unwrap_or_default()),
                ]
            )
        );
        if m["copies"].as_array().is_none_or(|c| c.is_empty()) {
            println!("  {}", ctx.say("poc-cli-no-content", &[]));
            continue;
        }
        println!("  {}", signature_line(l, opened));
        if let Some(d) = opened {
            let text = String::from_utf8_lossy(&d.plaintext);
            match render::document_lines(l, &text) {
                Ok(lines) => print!("{}", render::lines_text(&lines)),
                Err(raw) => println!("{raw}"),
            }
        }
    }
    println!();
    for line in render::notice(l) {
        println!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}

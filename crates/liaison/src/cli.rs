//! The command line: parse arguments, open the store, call the use case, print the result.

use crate::{duration, lines::BoundedLines};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use liaison_app::{Liaison, operator};
use liaison_core::clock::SystemClock;
use liaison_core::permission::Role;
use liaison_core::poc::{JsonlLine, MAX_ENTRY_BYTES};
use liaison_core::states::StateCode;
use liaison_core::text::{CleanText, Cleaned, MAX_REASON_CHARS};
use liaison_store::{SqlStore, Store};
use liaison_web::i18n;
use std::io::{BufWriter, IsTerminal, Write};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use uuid::Uuid;

const DEMO_DATA: &str = include_str!("../demo/pocs.jsonl");
/// Entries of the demo data that `liaison demo` gives POC users (enrolment links).
const DEMO_POC_FR_TECHNICAL: &str = "aded8530-d1b1-463c-a6d5-95874c33dbd8";
const DEMO_POC_EG_TECHNICAL: &str = "e7453ad3-ae9c-4bcb-bba4-bd24ad7f9ffd";
const DEMO_POC_EG_DIPLOMATIC: &str = "b5c0fec5-48f4-4904-87d5-ee2d8defb053";

#[derive(Parser)]
#[command(
    name = "liaison",
    version,
    about = "The global intergovernmental directory of points of contact for ICT security"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub(crate) struct Db {
    /// `sqlite:PATH` (created if missing) or `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(long, env = "LIAISON_DATABASE", default_value = "sqlite:./liaison.db")]
    pub(crate) database: String,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        #[command(flatten)]
        db: Db,
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Worker threads (default: one per core).
        #[arg(long)]
        threads: Option<usize>,
        /// How often to pick up changes made by other processes or replicas.
        #[arg(long, default_value = "1s", value_parser = parse_std_duration)]
        follow_interval: Duration,
        /// Cookies without `Secure`, for a plain-http development server; refused unless
        /// --listen is a loopback address.
        #[arg(long)]
        dev_insecure_cookies: bool,
        /// The address people open in their browsers (scheme, host, port): enrolment links
        /// and passkeys (the WebAuthn relying party) are bound to it.
        #[arg(long, env = "LIAISON_PUBLIC_URL", default_value = "http://localhost:8080", value_parser = parse_public_url)]
        public_url: String,
        #[command(flatten)]
        ping: crate::ping_cli::PingArgs,
    },
    /// Start the server on 127.0.0.1:8080 with a fresh SQLite database and demo data.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Where to put the demo database (a fresh temporary file by default).
        #[arg(long)]
        database: Option<String>,
        /// Cookies without `Secure` (the demo serves plain http); loopback --listen only.
        #[arg(long)]
        dev_insecure_cookies: bool,
        /// The address people open (default `http://localhost:PORT` of --listen).
        #[arg(long, value_parser = parse_public_url)]
        public_url: Option<String>,
        #[command(flatten)]
        ping: crate::ping_cli::PingArgs,
    },
    /// Ping tests (Annex A §8): start a campaign, read its report.
    Ping {
        #[command(subcommand)]
        command: crate::ping_cli::PingCommand,
    },
    /// Web accounts made on the server host.
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Issue, list and revoke API tokens (on the server host).
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Check the audit log's hash chain.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Import nominations from JSON Lines.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Export the directory.
    Export {
        #[command(subcommand)]
        what: ExportWhat,
    },
    /// Admit or suspend a state from the server host.
    States {
        #[command(subcommand)]
        command: StatesCommand,
    },
    /// Print the OpenAPI 3.1 document of the JSON API.
    Openapi,
    /// The point of contact's own client: keys, encrypted inquiries and responses, threads,
    /// the signed record (talks to a server with a POC token; encrypts and decrypts here).
    Poc(crate::poc_cli::PocArgs),
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Print a new token (shown once; only its hash is stored).
    Issue {
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum)]
        role: RoleArg,
        /// State (ISO alpha-2) for `state-admin`.
        #[arg(long)]
        state: Option<String>,
        /// Entry id for `poc`.
        #[arg(long)]
        poc: Option<Uuid>,
        /// Validity, e.g. 90d, 12h.
        #[arg(long, default_value = "90d")]
        valid_for: String,
        #[arg(long)]
        label: Option<String>,
    },
    List {
        #[command(flatten)]
        db: Db,
    },
    Revoke {
        #[command(flatten)]
        db: Db,
        id: Uuid,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Print a one-time enrolment link for a directory administrator (A§7(c): the
    /// administrator's account is set up on the host). The link is the last line of output.
    EnrolAdmin {
        #[command(flatten)]
        db: Db,
        /// The administrator's name as it will appear in the directory and the audit log.
        #[arg(long)]
        name: String,
        /// How long the link stays usable, e.g. 7d, 48h (at most 30d).
        #[arg(long, default_value = "7d")]
        valid_for: String,
        #[arg(long, env = "LIAISON_PUBLIC_URL", default_value = "http://localhost:8080", value_parser = parse_public_url)]
        public_url: String,
    },
}

/// `http(s)://host[:port]` without a path, trailing slash dropped.
fn parse_public_url(s: &str) -> Result<String, String> {
    let s = s.trim_end_matches('/');
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or("the public URL must start with https:// or http://")?;
    if rest.is_empty()
        || rest.contains(['/', '?', '#', '@', ' '])
        || !rest.chars().all(|c| c.is_ascii_graphic())
    {
        return Err("the public URL is scheme://host[:port], without a path".into());
    }
    Ok(s.to_owned())
}

#[derive(Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    StateAdmin,
    Poc,
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Exit 0 when the chain is intact; otherwise name the first bad record and exit 1.
    /// Prints the head (sequence and hash): publish it outside the database and pass it back
    /// with `--anchor SEQ:HASH` to detect a log rewritten by someone who can write to it.
    Verify {
        #[command(flatten)]
        db: Db,
        /// A previously published head, `SEQ:HASH`, that must still be in the log.
        #[arg(long)]
        anchor: Option<String>,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// Import POC entries (gen_pocs.py format): invalid lines are refused with their number
    /// and reason, valid lines are imported in one transaction. Exit status 2 when lines were
    /// refused.
    Pocs {
        file: std::path::PathBuf,
        #[command(flatten)]
        db: Db,
        /// Check every line and report, without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Print the report as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum ExportWhat {
    /// Write every entry as JSON Lines (the import format; lossless round trip).
    Pocs {
        #[command(flatten)]
        db: Db,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: ExportFormat,
        #[arg(long)]
        include_retired: bool,
        /// Output file (stdout by default).
        #[arg(long, short)]
        output: Option<std::path::PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Jsonl,
}

#[derive(Subcommand)]
enum StatesCommand {
    Admit {
        code: String,
        #[command(flatten)]
        db: Db,
        #[arg(long)]
        reason: Option<String>,
    },
    Suspend {
        code: String,
        #[command(flatten)]
        db: Db,
        #[arg(long)]
        reason: Option<String>,
    },
}

fn parse_std_duration(s: &str) -> Result<Duration, String> {
    let d = duration::parse(s)?;
    Ok(Duration::from_secs(d.as_secs().unsigned_abs()))
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_tracing();
    let threads = match &cli.command {
        Command::Serve { threads, .. } => *threads,
        _ => None,
    };
    let mut rt = tokio::runtime::Builder::new_multi_thread();
    rt.enable_all();
    if let Some(n) = threads {
        rt.worker_threads(n.max(1));
    }
    let rt = match rt.build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli.command)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LIAISON_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn,tantivy=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub(crate) fn operator_name() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| {
            !u.is_empty()
                && u.len() < 64
                && u.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        })
        .unwrap_or_else(|| "operator".into())
}

pub(crate) async fn open(db: &str) -> Result<(Arc<SqlStore>, Arc<Liaison>)> {
    let store = Arc::new(
        SqlStore::open(db)
            .await
            .with_context(|| format!("opening {}", liaison_store_redact(db)))?,
    );
    let app = Liaison::open(store.clone() as Arc<dyn Store>, Arc::new(SystemClock)).await?;
    Ok((store, app))
}

fn liaison_store_redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***@{}", &url[..s], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

fn reason(raw: Option<String>) -> Result<Option<CleanText>> {
    match raw
        .as_deref()
        .map(|r| CleanText::parse("reason", r, MAX_REASON_CHARS))
    {
        None | Some(Ok(Cleaned::Blank)) => Ok(None),
        Some(Ok(Cleaned::Value(v))) => Ok(Some(v)),
        Some(Err(e)) => Err(anyhow!("reason: {:?}", e.code)),
    }
}

fn state_arg(code: &str) -> Result<StateCode> {
    StateCode::parse(&code.to_ascii_uppercase())
        .ok_or_else(|| anyhow!("{code:?} is not a UN member or observer state code"))
}

async fn run(command: Command) -> Result<ExitCode> {
    match command {
        Command::Serve {
            db,
            listen,
            follow_interval,
            dev_insecure_cookies,
            public_url,
            ping,
            ..
        } => {
            let options = web_options(listen, dev_insecure_cookies)?;
            let pings = ping.setup("6mo")?;
            liaison_app::auth::set_public_url(&public_url);
            let (_store, app) = open(&db.database).await?;
            let background = pings.start(&app, &public_url).await?;
            let result = serve(app, listen, follow_interval, options).await;
            background.stop().await;
            result?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo {
            listen,
            database,
            dev_insecure_cookies,
            public_url,
            ping,
        } => {
            let public_url =
                public_url.unwrap_or_else(|| format!("http://localhost:{}", listen.port()));
            let pings = ping.setup("off")?;
            liaison_app::auth::set_public_url(&public_url);
            demo(
                listen,
                database,
                web_options(listen, dev_insecure_cookies)?,
                &public_url,
                pings,
            )
            .await
        }
        Command::Ping { command } => crate::ping_cli::run(command).await,
        Command::Poc(args) => Ok(crate::poc_cli::run(args).await),
        Command::Account {
            command:
                AccountCommand::EnrolAdmin {
                    db,
                    name,
                    valid_for,
                    public_url,
                },
        } => {
            let valid_for = duration::parse(&valid_for).map_err(|e| anyhow!(e))?;
            let (_store, app) = open(&db.database).await?;
            let issued = app
                .issue_admin_enrolment(
                    &format!("operator:{}", operator_name()),
                    &name,
                    Some(valid_for),
                )
                .await?;
            eprintln!(
                "Enrolment link for {} (directory administrator), usable once until {}:",
                issued.link.display_name, issued.link.expires_at
            );
            println!("{public_url}/enrol/{}", issued.secret);
            Ok(ExitCode::SUCCESS)
        }
        Command::Token { command } => token(command).await,
        Command::Audit {
            command: AuditCommand::Verify { db, anchor },
        } => {
            let anchor = match anchor.as_deref() {
                None => None,
                Some(a) => {
                    let (seq, hash) = a
                        .split_once(':')
                        .and_then(|(s, h)| Some((s.parse::<i64>().ok()?, h)))
                        .ok_or_else(|| anyhow!("--anchor must be SEQ:HASH"))?;
                    Some((seq, hash))
                }
            };
            // Never create or migrate the database being checked.
            let store = SqlStore::open_existing(&db.database)
                .await
                .with_context(|| format!("opening {}", liaison_store_redact(&db.database)))?;
            match liaison_app::verify_audit_chain(&store, anchor).await {
                Ok(n) => {
                    println!("audit log intact: {n} records verified");
                    let (seq, hash) = store.audit_head().await?;
                    println!("head: {seq}:{hash}");
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    println!("audit log BROKEN at record {}: {}", e.seq, e.reason);
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Import {
            what:
                ImportWhat::Pocs {
                    file,
                    db,
                    dry_run,
                    json,
                },
        } => import(file, db, dry_run, json).await,
        Command::Export {
            what:
                ExportWhat::Pocs {
                    db,
                    format: ExportFormat::Jsonl,
                    include_retired,
                    output,
                },
        } => {
            let (_store, app) = open(&db.database).await?;
            let entries = app.export_pocs(&operator(&operator_name()), include_retired)?;
            let sink: Box<dyn Write> = match &output {
                Some(path) => Box::new(
                    std::fs::File::create(path)
                        .with_context(|| format!("creating {}", path.display()))?,
                ),
                None => Box::new(std::io::stdout().lock()),
            };
            let mut out = BufWriter::new(sink);
            for e in &entries {
                serde_json::to_writer(&mut out, &JsonlLine::new(e.id, &e.content))?;
                out.write_all(b"\n")?;
            }
            out.flush()?;
            eprintln!("exported {} entries", entries.len());
            Ok(ExitCode::SUCCESS)
        }
        Command::States { command } => {
            let (code, db, why, admit) = match command {
                StatesCommand::Admit { code, db, reason } => (code, db, reason, true),
                StatesCommand::Suspend { code, db, reason } => (code, db, reason, false),
            };
            let (_store, app) = open(&db.database).await?;
            let op = operator(&operator_name());
            let state = state_arg(&code)?;
            let ev = if admit {
                app.admit_state(&op, state, reason(why)?).await?
            } else {
                app.suspend_state(&op, state, reason(why)?).await?
            };
            println!("{state}: {}", ev.change.as_str());
            Ok(ExitCode::SUCCESS)
        }
        Command::Openapi => {
            println!("{}", liaison_web::openapi_json());
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn token(command: TokenCommand) -> Result<ExitCode> {
    let op = operator(&operator_name());
    match command {
        TokenCommand::Issue {
            db,
            role,
            state,
            poc,
            valid_for,
            label,
        } => {
            let (_store, app) = open(&db.database).await?;
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::StateAdmin => Role::StateAdmin,
                RoleArg::Poc => Role::Poc,
            };
            let state = state.as_deref().map(state_arg).transpose()?;
            let valid_for = duration::parse(&valid_for).map_err(|e| anyhow!(e))?;
            let issued = app
                .issue_token(&op, role, state, poc, valid_for, label)
                .await?;
            eprintln!(
                "token {} ({}) valid until {}",
                issued.token.id,
                role.as_str(),
                issued.token.expires_at
            );
            println!("{}", issued.secret);
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::List { db } => {
            let (_store, app) = open(&db.database).await?;
            for t in app.list_tokens(&op).await? {
                let status = if t.revoked_at.is_some() {
                    "revoked"
                } else if t.expires_at <= app.now() {
                    "expired"
                } else {
                    "active"
                };
                println!(
                    "{}  {:<11} {:<2} {:<36} {:<8} expires {}  {}",
                    t.id,
                    t.role.as_str(),
                    t.state.map(|s| s.as_str().to_owned()).unwrap_or_default(),
                    t.poc.map(|p| p.to_string()).unwrap_or_default(),
                    status,
                    t.expires_at,
                    t.label.unwrap_or_default()
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        TokenCommand::Revoke { db, id } => {
            let (_store, app) = open(&db.database).await?;
            app.revoke_token(&op, id).await?;
            println!("revoked {id}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn import(file: std::path::PathBuf, db: Db, dry_run: bool, json: bool) -> Result<ExitCode> {
    let f = std::fs::File::open(&file).with_context(|| format!("opening {}", file.display()))?;
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let (_store, app) = open(&db.database).await?;
    let reader = std::io::BufReader::with_capacity(1 << 16, f);
    let lines: Vec<_> = BoundedLines::new(reader, MAX_ENTRY_BYTES)
        .collect::<std::io::Result<_>>()
        .context("reading the file")?;
    let bar = indicatif::ProgressBar::with_draw_target(
        Some(lines.len() as u64),
        indicatif::ProgressDrawTarget::stderr(),
    );
    if !std::io::stderr().is_terminal() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} {msg} [{bar:40}] {pos}/{len} lines ({per_sec})",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar.set_message(if dry_run { "checking" } else { "importing" });
    let started = Instant::now();
    let op = operator(&operator_name());
    let report = app
        .import_pocs(&op, lines, dry_run, &mut |n| {
            if n % 256 == 0 {
                bar.set_position(n as u64);
            }
        })
        .await?;
    bar.finish_and_clear();
    let elapsed = started.elapsed();
    let lang = i18n::negotiate(
        None,
        std::env::var("LANG")
            .ok()
            .as_deref()
            .map(|l| l.split(['.', '_']).next().unwrap_or("en")),
    );
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        for r in &report.rejected {
            for e in &r.errors.0 {
                let msg = i18n::tr(
                    lang,
                    &e.code.message_id(),
                    &[
                        ("field", &e.field),
                        ("detail", e.detail.as_deref().unwrap_or("")),
                    ],
                );
                let field = if e.field.is_empty() {
                    String::new()
                } else {
                    format!("{}: ", e.field)
                };
                eprintln!(
                    "line {}: refused: {field}{} — {msg}",
                    r.line,
                    e.code.as_str()
                );
            }
        }
        for n in &report.normalised {
            let notes: Vec<String> = n
                .changes
                .iter()
                .map(|c| format!("{} {:?}", c.field, c.note))
                .collect();
            eprintln!(
                "line {}: accepted with changes: {}",
                n.line,
                notes.join(", ")
            );
        }
    }
    let rate = report.imported as f64 / elapsed.as_secs_f64().max(1e-9);
    eprintln!(
        "{} lines ({} bytes) in {:.2}s: {} {} ({rate:.0}/s), {} refused, {} accepted with changes; states admitted: {}",
        report.lines,
        size,
        elapsed.as_secs_f64(),
        report.imported,
        if dry_run {
            "valid (dry run, nothing written)"
        } else {
            "imported"
        },
        report.rejected.len(),
        report.normalised.len(),
        if report.states_admitted.is_empty() {
            "none".to_owned()
        } else {
            report
                .states_admitted
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        }
    );
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    })
}

/// Cookies lose `Secure` only on a loopback listener: anywhere else they would travel in
/// clear text across a network.
fn web_options(listen: SocketAddr, dev_insecure_cookies: bool) -> Result<liaison_web::WebOptions> {
    if dev_insecure_cookies && !listen.ip().is_loopback() {
        bail!("--dev-insecure-cookies is only allowed with a loopback --listen address");
    }
    Ok(liaison_web::WebOptions {
        secure_cookies: !dev_insecure_cookies,
    })
}

async fn demo(
    listen: SocketAddr,
    database: Option<String>,
    options: liaison_web::WebOptions,
    public_url: &str,
    pings: crate::ping_cli::PingSetup,
) -> Result<ExitCode> {
    let url = match database {
        Some(u) => u,
        None => {
            let dir = std::env::temp_dir().join(format!("liaison-demo-{}", std::process::id()));
            std::fs::create_dir_all(&dir)?;
            let path = dir.join("liaison.db");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            format!("sqlite:{}", path.display())
        }
    };
    let (_store, app) = open(&url).await?;
    let op = operator("demo");
    if app.entry_count() == 0 {
        let lines = BoundedLines::new(DEMO_DATA.as_bytes(), MAX_ENTRY_BYTES)
            .collect::<std::io::Result<Vec<_>>>()?;
        let report = app.import_pocs(&op, lines, false, &mut |_| {}).await?;
        if !report.rejected.is_empty() {
            bail!("demo data refused: {:?}", report.rejected.first());
        }
    }
    let day = jiff::SignedDuration::from_hours(24);
    let admin = app
        .issue_token(&op, Role::Admin, None, None, day, Some("demo admin".into()))
        .await?;
    let fr = app
        .issue_token(
            &op,
            Role::StateAdmin,
            Some(state_arg("FR")?),
            None,
            day,
            Some("demo FR".into()),
        )
        .await?;
    let eg = app
        .issue_token(
            &op,
            Role::StateAdmin,
            Some(state_arg("EG")?),
            None,
            day,
            Some("demo EG".into()),
        )
        .await?;
    let base = format!("http://{listen}");
    let participating = app
        .list_states(&op)?
        .iter()
        .filter(|s| s.participation == liaison_core::participation::Participation::Participating)
        .count();
    println!(
        "Liaison demo: {} entries from {participating} participating states (of 195)",
        app.entry_count()
    );
    println!("  database:          {url}");
    println!("  URL:               {base}/");
    println!("  API:               {base}/api/v1/pocs   (OpenAPI: {base}/api/openapi.json)");
    println!("  admin token:       {}", admin.secret);
    println!("  FR state-admin:    {}", fr.secret);
    println!("  EG state-admin:    {}", eg.secret);
    let admin_link = app
        .issue_admin_enrolment("operator:demo", "Demo Administrator", Some(day))
        .await?;
    println!(
        "  admin enrolment:   {public_url}/enrol/{}   (one use, 24 h)",
        admin_link.secret
    );
    // POC users of two states (and a diplomat), so that the thread pages can be reached and
    // tested: each link enrols a person bound to a technical or diplomatic entry of the demo.
    for (token, state, role, entry, name) in [
        (
            &fr.secret,
            "FR",
            "technical",
            DEMO_POC_FR_TECHNICAL,
            "Camille Martin",
        ),
        (
            &eg.secret,
            "EG",
            "technical",
            DEMO_POC_EG_TECHNICAL,
            "Omar Hassan",
        ),
        (
            &eg.secret,
            "EG",
            "diplomatic",
            DEMO_POC_EG_DIPLOMATIC,
            "Laila Farouk",
        ),
    ] {
        let issuer = app.authenticate(token).await?;
        let entry = uuid::Uuid::parse_str(entry)?;
        if app.get_poc(&issuer, entry).is_err() {
            continue;
        }
        let link = app
            .issue_enrolment(
                &issuer,
                Role::Poc,
                state_arg(state)?,
                Some(entry),
                name,
                Some(day),
            )
            .await?;
        println!(
            "  POC {state} {role}: {public_url}/enrol/{}   (entry {entry}; one use, 24 h)",
            link.secret
        );
    }
    println!("Try:");
    println!(
        "  curl -H 'Authorization: Bearer {}' '{base}/api/v1/pocs?q=الخارجية'",
        admin.secret
    );
    let background = pings.start(&app, public_url).await?;
    let result = serve(app, listen, Duration::from_secs(1), options).await;
    background.stop().await;
    result?;
    Ok(ExitCode::SUCCESS)
}

async fn serve(
    app: Arc<Liaison>,
    listen: SocketAddr,
    follow: Duration,
    options: liaison_web::WebOptions,
) -> Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    tracing::info!(%listen, entries = app.entry_count(), "serving");
    let follower = {
        let app = app.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(follow);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Err(e) = app.follow_changes().await {
                    tracing::warn!(error = %e, "following changes failed; will retry");
                }
            }
        })
    };
    let router = liaison_web::router_with(app, options);
    // The peer address counts failed sign-ins per client (`pages::auth::ClientAddr`).
    let result = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await;
    follower.abort();
    result.context("server")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn insecure_cookies_only_on_loopback() {
        let local: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        let local6: SocketAddr = "[::1]:8080".parse().unwrap();
        let public: SocketAddr = "0.0.0.0:8080".parse().unwrap();
        assert!(web_options(public, false).unwrap().secure_cookies);
        assert!(web_options(local, false).unwrap().secure_cookies);
        assert!(!web_options(local, true).unwrap().secure_cookies);
        assert!(!web_options(local6, true).unwrap().secure_cookies);
        assert!(web_options(public, true).is_err());
    }
}

//! Ping tests on the command line (issue 4 item 8): `liaison ping start` and `liaison ping
//! report`, and what `liaison serve` and `liaison demo` run for pings: the options
//! (`--ping-window`, `--ping-every`, the relay, the reply listener, pacing) and the background
//! work (the mail worker, the deadline sweep and the scheduler, the inbound listener).

use crate::duration;
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Subcommand, ValueEnum};
use liaison_app::Liaison;
use liaison_app::ping::{Mailer, PingSettings, SendOptions};
use liaison_core::PocRole;
use liaison_core::ping::{CampaignTarget, PingSchedule};
use liaison_core::states::StateCode;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

#[derive(Subcommand)]
pub enum PingCommand {
    /// Start a ping campaign now and print its id: every active entry of the participating
    /// states (or of the states given) gets a challenge; `liaison serve` sends them.
    Start {
        #[command(flatten)]
        db: crate::cli::Db,
        /// Only these states (ISO alpha-2; repeatable).
        #[arg(long = "state")]
        states: Vec<String>,
        /// Only this role.
        #[arg(long, value_enum)]
        role: Option<RoleArg>,
        /// The acknowledgement window, e.g. 48h (Annex A §8), 30s for a drill.
        #[arg(long, default_value = "48h")]
        window: String,
    },
    /// Print a campaign's results: per POC its state, role, status (acknowledged, late,
    /// no_response, bounced, pending) and channel, with the aggregates.
    Report {
        #[command(flatten)]
        db: crate::cli::Db,
        #[arg(long)]
        campaign: Uuid,
        #[arg(long, value_enum, default_value = "json")]
        format: ReportFormat,
    },
    /// List the campaigns with their counts.
    List {
        #[command(flatten)]
        db: crate::cli::Db,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Diplomatic,
    Technical,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Json,
    Csv,
}

/// The ping and mail options of `serve` and `demo`.
#[derive(Args, Clone, Debug)]
pub struct PingArgs {
    /// The acknowledgement window of campaigns this server starts (any duration: 48h, 30s).
    #[arg(long, default_value = "48h")]
    pub ping_window: String,
    /// How often campaigns start on their own: `6mo` (1 January and 1 July), `12mo`, a
    /// duration (`7d`, `30s`), or `off`. Default: 6mo for `serve`, off for `demo`.
    #[arg(long)]
    pub ping_every: Option<String>,
    /// Also e-mail each thread message's ciphertext, as RFC 3156 PGP/MIME, to the addresses of
    /// the entries it is encrypted for (read with Thunderbird or GnuPG and the POC's own key).
    #[arg(long)]
    pub pgp_mime_bridge: bool,
    /// The SMTP relay: smtp://HOST:PORT (STARTTLS by default) or smtps://HOST:PORT. Without
    /// it pings are queued, not sent.
    #[arg(long, env = "LIAISON_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// none, starttls or tls (default from the URL's scheme).
    #[arg(long)]
    pub smtp_tls: Option<String>,
    #[arg(long)]
    pub smtp_user: Option<String>,
    /// A file holding the relay password (never on the command line).
    #[arg(long)]
    pub smtp_password_file: Option<PathBuf>,
    /// The name of an environment variable holding the relay password.
    #[arg(long)]
    pub smtp_password_env: Option<String>,
    /// Extra trust anchors (PEM) for a relay with a private CA.
    #[arg(long)]
    pub smtp_ca_file: Option<PathBuf>,
    /// The name given in EHLO.
    #[arg(long)]
    pub smtp_helo: Option<String>,
    /// The sender address (From, and the envelope sender without --reply-domain).
    #[arg(long, env = "LIAISON_MAIL_FROM")]
    pub mail_from: Option<String>,
    /// The domain of reply and bounce addresses (`ping-TOKEN@…`, `bounce-ID-TAG@…`); its MX
    /// should point at --inbound-smtp.
    #[arg(long)]
    pub reply_domain: Option<String>,
    /// Listen for replies and bounces on ADDR:PORT (off by default).
    #[arg(long)]
    pub inbound_smtp: Option<SocketAddr>,
    /// Messages per second at most.
    #[arg(long, default_value = "10")]
    pub mail_rate: f64,
    /// Messages sent at once (SMTP connections).
    #[arg(long, default_value = "4")]
    pub mail_connections: usize,
    /// How long a worker may hold a message before another worker may take it over (after a
    /// crash): longer than a send takes.
    #[arg(long, default_value = "60s")]
    pub mail_lease: String,
    /// How often deadlines, escalations and the schedule are looked at.
    #[arg(long, default_value = "5s")]
    pub ping_sweep_interval: String,
}

fn state_arg(code: &str) -> Result<StateCode> {
    StateCode::parse(&code.to_ascii_uppercase())
        .ok_or_else(|| anyhow!("{code:?} is not a UN member or observer state code"))
}

pub async fn run(command: PingCommand) -> Result<ExitCode> {
    let op = liaison_app::operator(&crate::cli::operator_name());
    match command {
        PingCommand::Start {
            db,
            states,
            role,
            window,
        } => {
            let window = duration::parse(&window).map_err(|e| anyhow!(e))?;
            let mut target = CampaignTarget::default();
            for s in &states {
                let st = state_arg(s)?;
                if !target.states.contains(&st) {
                    target.states.push(st);
                }
            }
            target.role = role.map(|r| match r {
                RoleArg::Diplomatic => PocRole::Diplomatic,
                RoleArg::Technical => PocRole::Technical,
            });
            let (_store, app) = crate::cli::open(&db.database).await?;
            let started = std::time::Instant::now();
            let campaign = app.start_ping_campaign(&op, target, Some(window)).await?;
            let elapsed = started.elapsed();
            let summary = app
                .ping_campaigns(&op)
                .await?
                .into_iter()
                .find(|c| c.campaign.id == campaign.id);
            if let Some(s) = summary {
                eprintln!(
                    "campaign started in {:.3}s: {} challenges ({} by e-mail, {} in the application only), window {}s",
                    elapsed.as_secs_f64(),
                    s.counts.challenges,
                    s.counts.challenges - s.counts.in_app,
                    s.counts.in_app,
                    campaign.window.as_secs()
                );
            }
            println!("{}", campaign.id);
            Ok(ExitCode::SUCCESS)
        }
        PingCommand::Report {
            db,
            campaign,
            format,
        } => {
            let (_store, app) = crate::cli::open(&db.database).await?;
            let report = app.ping_report(&op, campaign).await?;
            match format {
                ReportFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&liaison_web::ping_api::report_view(&report))?
                ),
                ReportFormat::Csv => print!("{}", report.csv()),
            }
            Ok(ExitCode::SUCCESS)
        }
        PingCommand::List { db } => {
            let (_store, app) = crate::cli::open(&db.database).await?;
            for c in app.ping_campaigns(&op).await? {
                println!(
                    "{}  {}  {:<9}  {:>6} challenges  {:>6} sent  {:>6} acknowledged  {:>6} late  {:>6} no response  {:>6} bounced  {:>6} pending{}",
                    c.campaign.id,
                    c.campaign.started_at,
                    c.campaign.trigger.as_str(),
                    c.counts.challenges,
                    c.counts.sent,
                    c.counts.acknowledged,
                    c.counts.late,
                    c.counts.no_response,
                    c.counts.bounced,
                    c.counts.pending,
                    if c.campaign.closed_at.is_some() {
                        "  closed"
                    } else {
                        ""
                    }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// What the options say, checked before the server starts.
pub struct PingSetup {
    pub settings: PingSettings,
    pgp_mime_bridge: bool,
    relay: Option<liaison_mail::Relay>,
    reply_domain: Option<String>,
    inbound: Option<SocketAddr>,
    send: SendOptions,
    sweep: Duration,
}

impl PingArgs {
    /// `default_every`: what `--ping-every` means when absent (`serve`: 6mo, `demo`: off).
    pub fn setup(&self, default_every: &str) -> Result<PingSetup> {
        let window = liaison_core::ping::check_window(
            duration::parse(&self.ping_window).map_err(|e| anyhow!("--ping-window: {e}"))?,
        )
        .map_err(|_| anyhow!("--ping-window must be at most 30 days"))?;
        let every = self.ping_every.as_deref().unwrap_or(default_every);
        let schedule = match every {
            "off" => None,
            s => Some(PingSchedule::parse(s).ok_or_else(|| {
                anyhow!("--ping-every: {s:?} is not 1mo…12mo, a duration such as 7d, or off")
            })?),
        };
        let relay = match &self.smtp_url {
            None => None,
            Some(url) => {
                let Some(from) = &self.mail_from else {
                    bail!("--smtp-url needs --mail-from (the sender address)");
                };
                let config = liaison_mail::RelayConfig::parse(&liaison_mail::RelayOptions {
                    url: url.clone(),
                    tls: self.smtp_tls.clone(),
                    user: self.smtp_user.clone(),
                    password_file: self.smtp_password_file.clone(),
                    password_env: self.smtp_password_env.clone(),
                    ca_file: self.smtp_ca_file.clone(),
                    helo_name: self.smtp_helo.clone(),
                    mail_from: from.clone(),
                    connect_timeout: None,
                    command_timeout: None,
                    max_connections: Some(self.mail_connections.max(1)),
                })
                .map_err(|e| anyhow!("SMTP relay: {e}"))?;
                Some(liaison_mail::Relay::new(config).map_err(|e| anyhow!("SMTP relay: {e}"))?)
            }
        };
        if let Some(d) = &self.reply_domain
            && liaison_mail::Address::from_parts("postmaster", d).is_err()
        {
            bail!("--reply-domain {d:?} is not a domain name");
        }
        if self.inbound_smtp.is_some() && self.reply_domain.is_none() {
            bail!("--inbound-smtp needs --reply-domain (the domain replies are addressed to)");
        }
        let lease = duration::parse(&self.mail_lease).map_err(|e| anyhow!("--mail-lease: {e}"))?;
        let sweep = duration::parse(&self.ping_sweep_interval)
            .map_err(|e| anyhow!("--ping-sweep-interval: {e}"))?;
        if !self.mail_rate.is_finite() || self.mail_rate <= 0.0 {
            bail!("--mail-rate must be positive");
        }
        Ok(PingSetup {
            pgp_mime_bridge: self.pgp_mime_bridge,
            settings: PingSettings { window, schedule },
            relay,
            reply_domain: self.reply_domain.clone(),
            inbound: self.inbound_smtp,
            send: SendOptions {
                worker: SendOptions::worker_id(),
                concurrency: self.mail_connections.max(1),
                lease,
                rate: Some(self.mail_rate),
            },
            sweep: Duration::from_secs(sweep.as_secs().unsigned_abs().max(1)),
        })
    }
}

/// The ping work of a running server, stopped by `stop`.
pub struct Background {
    stop: tokio::sync::watch::Sender<bool>,
    tasks: Vec<tokio::task::JoinHandle<()>>,
}

impl PingSetup {
    pub async fn start(self, app: &Arc<Liaison>, public_url: &str) -> Result<Background> {
        app.configure_pings(self.settings.clone());
        app.set_pgp_mime_bridge(self.pgp_mime_bridge);
        let (stop, stop_rx) = tokio::sync::watch::channel(false);
        let mut tasks = Vec::new();
        match self.relay {
            Some(relay) => {
                tracing::info!(
                    relay = %format!("{}:{}", relay.config().host(), relay.config().port()),
                    rate = self.send.rate.unwrap_or(0.0),
                    connections = self.send.concurrency,
                    "sending pings through the relay"
                );
                let mailer: Arc<dyn Mailer> = Arc::new(liaison_mailer::SmtpMailer::new(
                    relay,
                    liaison_mailer::MailSettings {
                        public_url: public_url.to_owned(),
                        reply_domain: self.reply_domain.clone(),
                    },
                ));
                tasks.push(tokio::spawn(Arc::clone(app).run_mail_worker(
                    mailer,
                    self.send.clone(),
                    stop_rx.clone(),
                )));
            }
            None => {
                tracing::warn!(
                    "no --smtp-url: ping campaigns are queued, not sent (start with --smtp-url and --mail-from to send them)"
                );
                eprintln!(
                    "note: no --smtp-url given: ping messages are queued, not sent, until the server runs with a relay"
                );
            }
        }
        match self.settings.schedule {
            Some(s) => {
                tracing::info!(every = %s.label(), window_secs = self.settings.window.as_secs(), "ping campaigns on schedule")
            }
            None => tracing::info!("scheduled ping campaigns are off"),
        }
        {
            let app = Arc::clone(app);
            let mut stop = stop_rx.clone();
            let every = self.sweep;
            tasks.push(tokio::spawn(async move {
                loop {
                    if let Err(e) = app.ping_schedule_tick().await {
                        tracing::warn!(error = %e, "ping schedule failed; will retry");
                    }
                    match app.sweep_pings().await {
                        Ok(r) if r.no_response > 0 || !r.escalated.is_empty() || r.closed > 0 => {
                            tracing::info!(?r, "ping deadlines")
                        }
                        Ok(_) => {}
                        Err(e) => tracing::warn!(error = %e, "ping sweep failed; will retry"),
                    }
                    tokio::select! {
                        _ = tokio::time::sleep(every) => {}
                        _ = stop.changed() => return,
                    }
                }
            }));
        }
        if let (Some(addr), Some(domain)) = (self.inbound, &self.reply_domain) {
            let handler = Arc::new(liaison_mailer::ReplyHandler::new(Arc::clone(app), domain));
            let server = liaison_mail::InboundServer::bind(
                addr,
                liaison_mail::InboundLimits::default(),
                handler,
            )
            .await
            .with_context(|| format!("listening for replies on {addr}"))?
            .with_hostname(domain);
            tracing::info!(%addr, %domain, "listening for replies and bounces");
            let mut stop = stop_rx.clone();
            tasks.push(tokio::spawn(async move {
                let shutdown = async move {
                    let _ = stop.changed().await;
                };
                if let Err(e) = server.run(shutdown).await {
                    tracing::error!(error = %e, "the reply listener stopped");
                }
            }));
        }
        Ok(Background { stop, tasks })
    }
}

impl Background {
    /// Stop claiming new work and let sends in flight finish (at most 30 s).
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        let all = futures_join(self.tasks);
        if tokio::time::timeout(Duration::from_secs(30), all)
            .await
            .is_err()
        {
            tracing::warn!("background work did not stop within 30 s");
        }
    }
}

async fn futures_join(tasks: Vec<tokio::task::JoinHandle<()>>) {
    for t in tasks {
        let _ = t.await;
    }
}

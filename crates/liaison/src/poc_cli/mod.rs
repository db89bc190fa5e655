//! `liaison poc …`: the POC's own command-line client (issue 5 item 9). It talks to a server's
//! JSON API with a POC token and does on the POC's device what the server must never do:
//! key generation and protection, encryption to every recipient's published key and its own,
//! signing, decryption and signature checks, and the signed records archive. The server only
//! ever sees ciphertext (Annex A §7(b), COM-10).
//!
//! Secrets never come from the command line (they would show in `ps` and shell history): the
//! token from `--token-file` or `LIAISON_TOKEN`, the passphrase from `--passphrase-file`,
//! `LIAISON_PASSPHRASE` or a prompt on the terminal. Every line written for people is a Fluent
//! message of `cli-poc.ftl` in the language of `--lang` (default from `LANG`).

mod commands;
mod home;
mod http;
mod records;
mod render;

use clap::{Args, Subcommand};
use liaison_i18n::{UiLanguage, tr};
use std::path::PathBuf;
use std::process::ExitCode;
use uuid::Uuid;

#[derive(Args)]
pub struct PocArgs {
    /// The Liaison server, `https://host[:port]`.
    #[arg(long, env = "LIAISON_SERVER", global = true)]
    server: Option<String>,
    /// A file holding the POC's API token (or set LIAISON_TOKEN; never on the command line).
    #[arg(long, env = "LIAISON_TOKEN_FILE", global = true)]
    token_file: Option<PathBuf>,
    /// The local key directory (default `$XDG_DATA_HOME/liaison`).
    #[arg(long, env = "LIAISON_HOME", global = true)]
    home: Option<PathBuf>,
    /// A file holding the key's passphrase (or set LIAISON_PASSPHRASE, or type it when asked).
    #[arg(long, env = "LIAISON_PASSPHRASE_FILE", global = true)]
    passphrase_file: Option<PathBuf>,
    /// ar, zh, en, fr, ru or es (default from LANG).
    #[arg(long, global = true)]
    lang: Option<String>,
    /// This device's name in the thread's delivery record.
    #[arg(long, default_value = "cli", global = true)]
    device: String,
    #[command(subcommand)]
    command: PocCommand,
}

#[derive(Subcommand)]
pub enum PocCommand {
    /// The POC's OpenPGP key.
    Key {
        #[command(subcommand)]
        command: KeyCommand,
    },
    /// Example documents of the templates.
    Template {
        #[command(subcommand)]
        command: TemplateCommand,
    },
    /// Send a new inquiry.
    Send {
        #[command(subcommand)]
        command: SendCommand,
    },
    /// Respond in a thread with a response document.
    Respond {
        thread: Uuid,
        #[arg(long)]
        file: PathBuf,
    },
    /// The POC's threads.
    Threads {
        #[command(subcommand)]
        command: ThreadsCommand,
    },
    /// One thread.
    Thread {
        #[command(subcommand)]
        command: ThreadCommand,
    },
    /// Acknowledge receipt (Annex A §10: not agreement).
    Acknowledge { thread: Uuid },
    /// Close a thread for every participant.
    Close { thread: Uuid },
    /// The signed record of the POC's exchanges (Annex A §11).
    Record {
        #[command(subcommand)]
        command: RecordCommand,
    },
}

#[derive(Subcommand)]
pub enum KeyCommand {
    /// Make a new key pair (Ed25519 + Curve25519, two years), protected by a passphrase.
    Generate {
        /// Name in the key's user ID (default: the entry's person or entity).
        #[arg(long)]
        name: Option<String>,
        /// Entity in the user ID (default: the entry's entity).
        #[arg(long)]
        entity: Option<String>,
        /// E-mail in the user ID (default: the entry's first address).
        #[arg(long)]
        email: Option<String>,
        /// Replace a key already in the home.
        #[arg(long)]
        force: bool,
    },
    /// Bring an existing secret key (`gpg --export-secret-keys --armor`).
    Import {
        file: PathBuf,
        #[arg(long)]
        force: bool,
    },
    /// Publish the public key on the POC's entry.
    Publish,
    /// The key in the home, and whether it is the one published.
    Show,
}

#[derive(Subcommand)]
pub enum TemplateCommand {
    /// Print an example document to fill in.
    Show {
        #[arg(value_parser = ["inquiry", "response"])]
        template: String,
    },
}

#[derive(Subcommand)]
pub enum SendCommand {
    /// An inquiry document (template `inquiry`), encrypted to every recipient and signed.
    Inquiry {
        /// Entry ids of the recipients (POCs of the same role in other states).
        #[arg(long = "to", required = true, num_args = 1..)]
        to: Vec<Uuid>,
        #[arg(long)]
        file: PathBuf,
        /// low, normal, high or critical.
        #[arg(long)]
        urgency: Option<String>,
        /// RFC 3339, e.g. 2027-03-01T12:00:00Z.
        #[arg(long)]
        respond_by: Option<String>,
        /// A simulation exercise (labelled EXERCISE everywhere).
        #[arg(long)]
        exercise: bool,
    },
}

#[derive(Subcommand)]
pub enum ThreadsCommand {
    List,
}

#[derive(Subcommand)]
pub enum ThreadCommand {
    /// Decrypt and print a thread, with its signatures checked.
    Read { thread: Uuid },
}

#[derive(Subcommand)]
pub enum RecordCommand {
    /// Decrypt every exchange here and write records.json, records.json.asc and records.html.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Check a records archive: exit 0 when valid.
    Verify {
        /// records.json (its signature is FILE.asc unless --signature says otherwise).
        file: PathBuf,
        #[arg(long)]
        signature: Option<PathBuf>,
        /// The exporting POC's public key (default: the key in the home).
        #[arg(long)]
        key: Option<PathBuf>,
    },
}

/// A failure, said in the reader's language.
#[derive(Debug)]
pub enum CliError {
    /// A message of `cli-poc.ftl` with its arguments.
    Msg {
        id: &'static str,
        args: Vec<(&'static str, String)>,
    },
    /// The server refused: its message is already in the reader's language.
    Server {
        status: u16,
        code: String,
        message: String,
    },
    Connection {
        url: String,
        detail: String,
    },
}

impl CliError {
    pub fn msg(id: &'static str) -> CliError {
        CliError::Msg {
            id,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl Into<String>) -> CliError {
        if let CliError::Msg { args, .. } = &mut self {
            args.push((name, value.into()));
        }
        self
    }

    /// An OpenPGP failure; its detail is the crate's developer text (no secrets in it).
    pub fn key(e: liaison_openpgp::Error) -> CliError {
        match e {
            liaison_openpgp::Error::WrongPassphrase => CliError::msg("poc-cli-wrong-passphrase"),
            other => CliError::msg("poc-cli-key-problem").arg("detail", other.to_string()),
        }
    }

    pub fn bad_answer() -> CliError {
        CliError::msg("poc-cli-bad-answer")
    }

    pub fn say(&self, l: UiLanguage) -> String {
        match self {
            CliError::Msg { id, args } => {
                let a: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
                tr(l, id, &a)
            }
            CliError::Server {
                status,
                code,
                message,
            } => {
                let status = status.to_string();
                let message = if message.is_empty() { code } else { message };
                tr(
                    l,
                    "poc-cli-server-refused",
                    &[("status", &status), ("message", message)],
                )
            }
            CliError::Connection { url, detail } => {
                tr(l, "poc-cli-connection", &[("url", url), ("detail", detail)])
            }
        }
    }
}

/// The language of every line: `--lang`, else `LC_ALL`/`LC_MESSAGES`/`LANG` (`fr_FR.UTF-8`).
fn language(explicit: Option<&str>) -> UiLanguage {
    if let Some(l) = explicit.and_then(liaison_core::EntryLanguage::parse) {
        return l;
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var)
            && !v.is_empty()
        {
            let primary = v.split(['_', '.', '@', '-']).next().unwrap_or("");
            return liaison_core::EntryLanguage::parse(&primary.to_ascii_lowercase())
                .unwrap_or(liaison_core::EntryLanguage::En);
        }
    }
    liaison_core::EntryLanguage::En
}

pub async fn run(args: PocArgs) -> ExitCode {
    let l = language(args.lang.as_deref());
    match commands::run(args, l).await {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{}", e.say(l));
            ExitCode::FAILURE
        }
    }
}

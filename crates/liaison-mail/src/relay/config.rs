//! Relay configuration: parsed from what the operator typed, validated once.

use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::address::{Address, AddressError, is_host_name};

/// How the connection to the relay is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// Plain TCP. Only for a relay on the same host or a trusted network; credentials are refused.
    None,
    /// Plain TCP upgraded with STARTTLS before anything else; the relay must offer it (no
    /// fallback to plain text). Default for `smtp://`.
    StartTls,
    /// TLS from the first byte (RFC 8314 "implicit TLS"). Default for `smtps://`.
    Tls,
}

impl TlsMode {
    pub fn parse(raw: &str) -> Result<TlsMode, RelayConfigError> {
        match raw {
            "none" => Ok(TlsMode::None),
            "starttls" => Ok(TlsMode::StartTls),
            "tls" => Ok(TlsMode::Tls),
            _ => Err(RelayConfigError::TlsMode),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TlsMode::None => "none",
            TlsMode::StartTls => "starttls",
            TlsMode::Tls => "tls",
        }
    }
}

/// A password held in memory: never printed, not even by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Secret {
        Secret(value)
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Relay credentials for AUTH PLAIN or LOGIN (sent over TLS only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credentials {
    pub user: String,
    pub password: Secret,
}

/// What the operator gave, unparsed — the CLI fills this from its flags (`--smtp-url`,
/// `--smtp-tls`, `--smtp-user`, `--smtp-password-file` or `--smtp-password-env`, `--smtp-ca-file`,
/// `--smtp-helo`, `--mail-from`, ...). There is deliberately no field for a password itself: a
/// password on the command line is visible to every user of the host (`ps`).
#[derive(Debug, Clone, Default)]
pub struct RelayOptions {
    /// `smtp://HOST:PORT` or `smtps://HOST:PORT` (the port may be left out: 587 and 465).
    pub url: String,
    /// `none`, `starttls` or `tls`; default from the URL scheme.
    pub tls: Option<String>,
    pub user: Option<String>,
    /// A file whose content (trailing newline removed) is the password.
    pub password_file: Option<PathBuf>,
    /// The name of an environment variable holding the password.
    pub password_env: Option<String>,
    /// Extra trust anchors (PEM certificates) for a relay with a private CA; the public web
    /// roots stay trusted too.
    pub ca_file: Option<PathBuf>,
    /// The name said in EHLO; default `localhost`.
    pub helo_name: Option<String>,
    /// The envelope sender used unless a message names its own (e.g. a VERP return path).
    pub mail_from: String,
    pub connect_timeout: Option<Duration>,
    pub command_timeout: Option<Duration>,
    /// Most connections open to the relay at once (default 4).
    pub max_connections: Option<usize>,
}

/// A validated relay configuration.
#[derive(Debug, Clone)]
pub struct RelayConfig {
    pub(crate) host: String,
    pub(crate) port: u16,
    pub(crate) tls: TlsMode,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) extra_ca_pem: Option<Vec<u8>>,
    pub(crate) helo_name: String,
    pub(crate) mail_from: Address,
    pub(crate) connect_timeout: Duration,
    pub(crate) command_timeout: Duration,
    /// The wait for the reply to the final dot, which RFC 5321 §4.5.3.2.6 puts at 10 minutes.
    pub(crate) data_end_timeout: Duration,
    pub(crate) max_connections: usize,
    pub(crate) idle_keep: Duration,
}

/// Why a relay configuration was refused. Messages never contain the password.
#[derive(Debug, thiserror::Error)]
pub enum RelayConfigError {
    #[error("the SMTP URL must look like smtp://HOST:PORT or smtps://HOST:PORT")]
    Url,
    #[error("the SMTP host must be an ASCII host name or an IP address")]
    Host,
    #[error("the SMTP port must be a number from 1 to 65535")]
    Port,
    #[error("the TLS mode must be one of: none, starttls, tls")]
    TlsMode,
    #[error("smtps:// needs TLS mode 'tls'")]
    SchemeConflict,
    #[error("credentials need TLS (starttls or tls): a password is never sent in plain text")]
    CredentialsWithoutTls,
    #[error("a password needs a user, and a user needs a password (from a file or a variable)")]
    IncompleteCredentials,
    #[error("give the password either from a file or from a variable, not both")]
    TwoPasswordSources,
    #[error("cannot read the password file {path}: {source}")]
    PasswordFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the environment variable {name} holding the password is not set or not UTF-8")]
    PasswordEnv { name: String },
    #[error("the password is empty or contains control characters")]
    PasswordValue,
    #[error("the user name is empty, too long or contains control characters")]
    User,
    #[error("cannot read the CA file {path}: {source}")]
    CaFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the CA file {path} holds no usable PEM certificate")]
    CaFileContent { path: PathBuf },
    #[error("the HELO name must be an ASCII host name")]
    HeloName,
    #[error("the sender address (--mail-from) is not valid: {0}")]
    MailFrom(AddressError),
    #[error("timeouts must be between 1 second and 10 minutes")]
    Timeout,
    #[error("the number of relay connections must be between 1 and 64")]
    MaxConnections,
    #[error("cannot set up TLS: {0}")]
    TlsSetup(String),
}

const MAX_SECRET_FILE: u64 = 4096;

impl RelayConfig {
    /// Validates everything the operator gave; reads the password file or variable and the CA
    /// file now, so a mistake stops the server at start rather than at the first ping.
    pub fn parse(options: &RelayOptions) -> Result<RelayConfig, RelayConfigError> {
        let (implicit_tls, rest) = if let Some(rest) = options.url.strip_prefix("smtp://") {
            (false, rest)
        } else if let Some(rest) = options.url.strip_prefix("smtps://") {
            (true, rest)
        } else {
            return Err(RelayConfigError::Url);
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.is_empty() || rest.contains(['/', '?', '#', '@']) {
            return Err(RelayConfigError::Url);
        }
        let (host, port) = split_host_port(rest)?;
        let port = match port {
            Some(p) => p,
            None if implicit_tls => 465,
            None => 587,
        };
        let tls = match options.tls.as_deref() {
            Some(raw) => TlsMode::parse(raw)?,
            None if implicit_tls => TlsMode::Tls,
            None => TlsMode::StartTls,
        };
        if implicit_tls && tls != TlsMode::Tls {
            return Err(RelayConfigError::SchemeConflict);
        }

        let password = match (&options.password_file, &options.password_env) {
            (Some(_), Some(_)) => return Err(RelayConfigError::TwoPasswordSources),
            (Some(path), None) => Some(read_password_file(path)?),
            (None, Some(name)) => {
                Some(Secret(std::env::var(name).map_err(|_| {
                    RelayConfigError::PasswordEnv { name: name.clone() }
                })?))
            }
            (None, None) => None,
        };
        let credentials = match (&options.user, password) {
            (None, None) => None,
            (Some(user), Some(password)) => {
                if user.is_empty() || user.len() > 256 || user.chars().any(char::is_control) {
                    return Err(RelayConfigError::User);
                }
                if password.0.is_empty() || password.0.chars().any(char::is_control) {
                    return Err(RelayConfigError::PasswordValue);
                }
                Some(Credentials {
                    user: user.clone(),
                    password,
                })
            }
            _ => return Err(RelayConfigError::IncompleteCredentials),
        };
        if credentials.is_some() && tls == TlsMode::None {
            return Err(RelayConfigError::CredentialsWithoutTls);
        }

        let extra_ca_pem = match &options.ca_file {
            None => None,
            Some(path) => {
                let pem = std::fs::read(path).map_err(|source| RelayConfigError::CaFile {
                    path: path.clone(),
                    source,
                })?;
                if crate::relay::tls::parse_certificates(&pem).is_empty() {
                    return Err(RelayConfigError::CaFileContent { path: path.clone() });
                }
                Some(pem)
            }
        };

        let helo_name = match &options.helo_name {
            Some(name) if is_host_name(name) || name == "localhost" => name.to_ascii_lowercase(),
            Some(_) => return Err(RelayConfigError::HeloName),
            None => "localhost".to_owned(),
        };
        let mail_from = Address::parse(&options.mail_from).map_err(RelayConfigError::MailFrom)?;
        let timeout = |t: Option<Duration>, default: u64| match t {
            None => Ok(Duration::from_secs(default)),
            Some(t) if (Duration::from_secs(1)..=Duration::from_secs(600)).contains(&t) => Ok(t),
            Some(_) => Err(RelayConfigError::Timeout),
        };
        let max_connections = match options.max_connections {
            None => 4,
            Some(n) if (1..=64).contains(&n) => n,
            Some(_) => return Err(RelayConfigError::MaxConnections),
        };
        Ok(RelayConfig {
            host,
            port,
            tls,
            credentials,
            extra_ca_pem,
            helo_name,
            mail_from,
            connect_timeout: timeout(options.connect_timeout, 30)?,
            command_timeout: timeout(options.command_timeout, 60)?,
            data_end_timeout: Duration::from_secs(600),
            max_connections,
            idle_keep: Duration::from_secs(30),
        })
    }

    pub fn host(&self) -> &str {
        &self.host
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn tls(&self) -> TlsMode {
        self.tls
    }

    pub fn user(&self) -> Option<&str> {
        self.credentials.as_ref().map(|c| c.user.as_str())
    }

    pub fn helo_name(&self) -> &str {
        &self.helo_name
    }

    /// The envelope sender from `--mail-from`.
    pub fn mail_from(&self) -> &Address {
        &self.mail_from
    }

    pub fn max_connections(&self) -> usize {
        self.max_connections
    }
}

fn split_host_port(s: &str) -> Result<(String, Option<u16>), RelayConfigError> {
    let (host, port) = if let Some(rest) = s.strip_prefix('[') {
        // [IPv6]:port
        let (ip, after) = rest.split_once(']').ok_or(RelayConfigError::Host)?;
        if ip.parse::<std::net::Ipv6Addr>().is_err() {
            return Err(RelayConfigError::Host);
        }
        let port = match after {
            "" => None,
            p => Some(p.strip_prefix(':').ok_or(RelayConfigError::Port)?),
        };
        (ip.to_owned(), port)
    } else {
        match s.rsplit_once(':') {
            Some((h, p)) => (h.to_owned(), Some(p)),
            None => (s.to_owned(), None),
        }
    };
    let port = match port {
        None => None,
        Some(p) => {
            if p.is_empty() || p.len() > 5 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return Err(RelayConfigError::Port);
            }
            match p.parse::<u16>() {
                Ok(0) | Err(_) => return Err(RelayConfigError::Port),
                Ok(n) => Some(n),
            }
        }
    };
    let ok = host.parse::<std::net::IpAddr>().is_ok() || is_host_name(&host) || host == "localhost";
    if !ok {
        return Err(RelayConfigError::Host);
    }
    Ok((host.to_ascii_lowercase(), port))
}

fn read_password_file(path: &Path) -> Result<Secret, RelayConfigError> {
    use std::io::Read;
    let err = |source| RelayConfigError::PasswordFile {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(err)?;
    let mut text = String::new();
    file.take(MAX_SECRET_FILE)
        .read_to_string(&mut text)
        .map_err(err)?;
    let trimmed = text.strip_suffix('\n').unwrap_or(&text);
    let trimmed = trimmed.strip_suffix('\r').unwrap_or(trimmed);
    Ok(Secret(trimmed.to_owned()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(url: &str) -> RelayOptions {
        RelayOptions {
            url: url.to_owned(),
            mail_from: "directory@un.example".to_owned(),
            ..RelayOptions::default()
        }
    }

    #[test]
    fn scheme_gives_default_port_and_tls() {
        let c = RelayConfig::parse(&opts("smtp://relay.example")).unwrap();
        assert_eq!(
            (c.host(), c.port(), c.tls()),
            ("relay.example", 587, TlsMode::StartTls)
        );
        let c = RelayConfig::parse(&opts("smtps://relay.example")).unwrap();
        assert_eq!((c.port(), c.tls()), (465, TlsMode::Tls));
        let c = RelayConfig::parse(&opts("smtp://127.0.0.1:2525")).unwrap();
        assert_eq!((c.host(), c.port()), ("127.0.0.1", 2525));
        let c = RelayConfig::parse(&opts("smtp://[::1]:25")).unwrap();
        assert_eq!((c.host(), c.port()), ("::1", 25));
        let mut o = opts("smtp://localhost:25");
        o.tls = Some("none".into());
        assert_eq!(RelayConfig::parse(&o).unwrap().tls(), TlsMode::None);
    }

    #[test]
    fn bad_urls_hosts_and_ports_are_refused() {
        for (url, want) in [
            ("http://relay.example", "Url"),
            ("smtp://", "Url"),
            ("smtp://user@relay.example", "Url"),
            ("smtp://relay.example/path", "Url"),
            ("smtp://rélay.example:25", "Host"),
            ("smtp://relay_x.example:25", "Host"),
            ("smtp://relay.example:0", "Port"),
            ("smtp://relay.example:65536", "Port"),
            ("smtp://relay.example:+25", "Port"),
            ("smtp://relay.example:", "Port"),
            ("smtp://[::1", "Host"),
        ] {
            let err = RelayConfig::parse(&opts(url)).unwrap_err();
            assert!(format!("{err:?}").starts_with(want), "{url}: {err:?}");
        }
        let mut o = opts("smtps://relay.example");
        o.tls = Some("starttls".into());
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::SchemeConflict)
        ));
        let mut o = opts("smtp://relay.example");
        o.tls = Some("ssl".into());
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::TlsMode)
        ));
        let mut o = opts("smtp://relay.example");
        o.mail_from = "not an address".into();
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::MailFrom(_))
        ));
        let mut o = opts("smtp://relay.example");
        o.command_timeout = Some(Duration::from_millis(10));
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::Timeout)
        ));
    }

    #[test]
    fn password_comes_from_a_file_or_a_variable_and_is_never_printed() {
        let dir = std::env::temp_dir().join(format!("liaison-mail-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("pw");
        std::fs::write(&file, "s3cret-pw\n").unwrap();
        let mut o = opts("smtp://relay.example");
        o.user = Some("liaison".into());
        o.password_file = Some(file.clone());
        let c = RelayConfig::parse(&o).unwrap();
        let creds = c.credentials.as_ref().unwrap();
        assert_eq!(creds.password.expose(), "s3cret-pw");
        assert!(!format!("{c:?}").contains("s3cret"));

        o.tls = Some("none".into());
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::CredentialsWithoutTls)
        ));
        o.tls = None;
        o.password_env = Some("LIAISON_MAIL_TEST_UNSET_VARIABLE".into());
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::TwoPasswordSources)
        ));
        o.password_file = None;
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::PasswordEnv { .. })
        ));
        o.password_env = None;
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::IncompleteCredentials)
        ));
        std::fs::write(&file, "").unwrap();
        o.password_file = Some(file);
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::PasswordValue)
        ));
        let mut o = opts("smtp://relay.example");
        o.ca_file = Some(dir.join("missing.pem"));
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::CaFile { .. })
        ));
        std::fs::write(dir.join("empty.pem"), "no certificate here").unwrap();
        o.ca_file = Some(dir.join("empty.pem"));
        assert!(matches!(
            RelayConfig::parse(&o),
            Err(RelayConfigError::CaFileContent { .. })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }
}

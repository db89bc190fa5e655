//! Test helper: `scripts/lib/smtp-sink.py` (Debian's aiosmtpd) as a child process on loopback.
//!
//! Tests that need it call [`Sink::start`]; when python3-aiosmtpd is missing they are skipped
//! with a message, unless `LIAISON_REQUIRE_SMTP_SINK` is set (the test command sets it), in which
//! case they fail — CI never skips them silently.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub(crate) struct Sink {
    child: Child,
    pub(crate) port: u16,
    pub(crate) dir: PathBuf,
}

/// One stored message: its bytes and its envelope record.
pub(crate) struct Stored {
    pub(crate) bytes: Vec<u8>,
    pub(crate) meta: serde_json::Value,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Debian's python (which sees python3-aiosmtpd) before whatever `python3` is on PATH.
pub(crate) fn python_with_aiosmtpd() -> Option<PathBuf> {
    ["/usr/bin/python3", "python3"].into_iter().find_map(|py| {
        let ok = Command::new(py)
            .args(["-c", "import aiosmtpd"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| PathBuf::from(py))
    })
}

/// A fresh, empty directory under the target directory.
pub(crate) fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "liaison-mail-{name}-{}-{}",
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

impl Sink {
    /// Starts the sink with extra flags; `None` means "skip this test" (message printed).
    pub(crate) fn start(name: &str, flags: &[&str]) -> Option<Sink> {
        let Some(python) = python_with_aiosmtpd() else {
            assert!(
                std::env::var_os("LIAISON_REQUIRE_SMTP_SINK").is_none(),
                "LIAISON_REQUIRE_SMTP_SINK is set but python3-aiosmtpd is not installed"
            );
            eprintln!(
                "SKIPPED {name}: python3-aiosmtpd is not installed \
                 (apt-get install -y --no-install-recommends python3-aiosmtpd)"
            );
            return None;
        };
        let dir = scratch_dir(name).join("sink");
        let mut child = Command::new(python)
            .arg(repo_root().join("scripts/lib/smtp-sink.py"))
            .arg("--dir")
            .arg(&dir)
            .arg("--quiet")
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line.trim().parse().unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("smtp-sink did not print its port (got {line:?})")
        });
        Some(Sink { child, port, dir })
    }

    /// Messages stored so far, in order (a message counts once its envelope file exists).
    pub(crate) fn messages(&self) -> Vec<Stored> {
        let mut out = Vec::new();
        for n in 1.. {
            let meta = self.dir.join(format!("{n}.json"));
            let Ok(text) = std::fs::read_to_string(&meta) else {
                break;
            };
            out.push(Stored {
                bytes: std::fs::read(self.dir.join(format!("{n}.eml"))).unwrap(),
                meta: serde_json::from_str(&text).unwrap(),
            });
        }
        out
    }

    /// Records of the connections the sink has finished with.
    pub(crate) fn closed_sessions(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for n in 1.. {
            let Ok(text) = std::fs::read_to_string(self.dir.join(format!("sessions/{n}.json")))
            else {
                break;
            };
            out.push(serde_json::from_str(&text).unwrap());
        }
        out
    }

    /// Waits (bounded, not timed: the bound only stops a broken test) until `n` connections are
    /// finished.
    pub(crate) async fn wait_closed_sessions(&self, n: usize) -> Vec<serde_json::Value> {
        for _ in 0..600 {
            let sessions = self.closed_sessions();
            if sessions.len() >= n {
                return sessions;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the sink did not finish {n} connection(s)");
    }
}

impl Drop for Sink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(parent) = self.dir.parent() {
            let _ = std::fs::remove_dir_all(parent);
        }
    }
}

/// A private CA and a `localhost` certificate it signed (openssl CLI), as PEM files in `dir`:
/// `ca.pem`, `cert.pem` (leaf then CA), `key.pem`. `None` when openssl is missing.
pub(crate) fn make_certificates(dir: &Path) -> Option<()> {
    let run = |args: &[&str]| {
        Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !run(&["version"]) {
        return None;
    }
    std::fs::write(
        dir.join("leaf.ext"),
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\n\
         extendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n",
    )
    .ok()?;
    let ok = run(&[
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=Liaison test CA",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign",
    ]) && run(&[
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-subj",
        "/CN=localhost",
        "-keyout",
        "key.pem",
        "-out",
        "leaf.csr",
    ]) && run(&[
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "leaf.pem",
    ]);
    if !ok {
        return None;
    }
    let chain = [
        std::fs::read(dir.join("leaf.pem")).ok()?,
        std::fs::read(dir.join("ca.pem")).ok()?,
    ]
    .concat();
    std::fs::write(dir.join("cert.pem"), chain).ok()?;
    Some(())
}

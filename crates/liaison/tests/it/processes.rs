//! The real server process: durability across `kill -9`, and tokens issued by the CLI while it
//! runs.

use crate::on_both_backends;
use crate::support::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

on_both_backends!(acknowledged_writes_survive_kill_9);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn start(db: &str, port: u16) -> Spawned {
    let mut child = Spawned(
        Command::new(bin())
            .args([
                "serve",
                "--database",
                db,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .env("LIAISON_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if http(port, "GET", "/healthz", None, None).0 == 200 {
            return child;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("server did not start");
}

/// A minimal HTTP/1.1 client (one request per connection).
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> (u16, String) {
    let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) else {
        return (0, String::new());
    };
    let body = body.unwrap_or("");
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    if s.write_all(req.as_bytes()).is_err() {
        return (0, String::new());
    }
    let mut out = String::new();
    let _ = s.read_to_string(&mut out);
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = out
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

fn cli(args: &[&str]) -> String {
    let out = Command::new(bin())
        .args(args)
        .env("LIAISON_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Every write the server acknowledged (201) is there after the process is killed with
/// SIGKILL and restarted; the audit chain is intact.
async fn acknowledged_writes_survive_kill_9(backend: Backend) {
    let db = test_db(backend).await;
    cli(&["states", "admit", "KE", "--database", &db.url]);
    let port = free_port();
    let mut server = start(&db.url, port);
    // A token issued by the operator while the server runs is usable at once.
    let token = cli(&[
        "token",
        "issue",
        "--database",
        &db.url,
        "--role",
        "state-admin",
        "--state",
        "KE",
    ]);
    let mut ids = Vec::new();
    for i in 0..20 {
        let mut e = arabic_entry("KE");
        e["person_name"] = serde_json::json!(format!("Wanjiku Otieno {i}"));
        e["entry_language"] = serde_json::json!("en");
        e["entity_name"] = serde_json::json!("Kenya National CERT");
        e["title"] = serde_json::json!(null);
        e["translation_en"] = serde_json::json!(null);
        let (status, body) = http(
            port,
            "POST",
            "/api/v1/pocs",
            Some(&token),
            Some(&e.to_string()),
        );
        assert_eq!(status, 201, "{body}");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        ids.push(v["id"].as_str().unwrap().to_owned());
    }
    server.kill().unwrap(); // SIGKILL: no shutdown, no flush
    server.wait().unwrap();

    let port = free_port();
    let mut server = start(&db.url, port);
    for id in &ids {
        let (status, body) = http(
            port,
            "GET",
            &format!("/api/v1/pocs/{id}"),
            Some(&token),
            None,
        );
        assert_eq!(status, 200, "entry {id} lost after kill -9: {body}");
    }
    // Revoking from the CLI reaches the running server.
    let list = cli(&["token", "list", "--database", &db.url]);
    let token_id = list
        .lines()
        .find(|l| l.contains("state-admin"))
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();
    cli(&["token", "revoke", "--database", &db.url, &token_id]);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, _) = http(port, "GET", "/api/v1/me", Some(&token), None);
        if status == 401 {
            break;
        }
        assert!(Instant::now() < deadline, "revoked token still accepted");
        std::thread::sleep(Duration::from_millis(200));
    }
    server.kill().unwrap();
    server.wait().unwrap();
    let out = Command::new(bin())
        .args(["audit", "verify", "--database", &db.url])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

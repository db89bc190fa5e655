//! The listener on a real socket, spoken to by an independent client: Python's `smtplib`.

use std::sync::Arc;

use super::session::tests::Recorder;
use super::*;

const CLIENT: &str = r#"
import json, smtplib, sys
port = int(sys.argv[1])
out = {}
s = smtplib.SMTP("127.0.0.1", port, local_hostname="client.example", timeout=30)
code, ehlo = s.ehlo()
out["ehlo"] = [code, ehlo.decode()]
msg = ("From: CERT-FR <cert@fr.example>\r\nTo: ping-Tok3n@reply.un.example\r\n"
       "Subject: =?utf-8?B?UmU6INin2K7Yqtio2KfYsQ==?=\r\nIn-Reply-To: <ping-1@un.example>\r\n"
       "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
       "Bien reçu — تم الاستلام\r\n.leading dot\r\n").encode()
out["refused"] = {k: [v[0], v[1].decode()] for k, v in
                  s.sendmail("cert@fr.example", ["ping-Tok3n@reply.un.example", "victim@gmail.example"],
                             msg, mail_options=["BODY=8BITMIME"]).items()}
try:
    s.sendmail("", ["someone@else.example"], b"Subject: relay?\r\n\r\nx\r\n")
    out["relay"] = "accepted"
except smtplib.SMTPRecipientsRefused as e:
    out["relay"] = {k: v[0] for k, v in e.recipients.items()}
try:
    s.sendmail("", ["ping-big@reply.un.example"], b"Subject: big\r\n\r\n" + (b"x" * 998 + b"\r\n") * 2000)
    out["big"] = "accepted"
except smtplib.SMTPSenderRefused as e:
    out["big"] = e.smtp_code
except smtplib.SMTPDataError as e:
    out["big"] = e.smtp_code
code, _ = s.docmd("VRFY", "root")
out["vrfy"] = code
s.quit()
print(json.dumps(out))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn python_smtplib_delivers_a_reply_and_is_refused_relaying() {
    let python = crate::test_sink::python_with_aiosmtpd()
        .unwrap_or_else(|| std::path::PathBuf::from("python3"));
    let handler = Arc::new(Recorder::default());
    let server = InboundServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        InboundLimits::default(),
        Arc::clone(&handler) as Arc<dyn InboundHandler>,
    )
    .await
    .unwrap()
    .with_hostname("mx.un.example");
    let port = server.local_addr().unwrap().port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));

    let output = tokio::process::Command::new(&python)
        .args(["-c", CLIENT, &port.to_string()])
        .output()
        .await
        .unwrap();
    assert!(
        output.status.success(),
        "smtplib client failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let out: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(out["ehlo"][0], 250);
    let ehlo = out["ehlo"][1].as_str().unwrap();
    assert!(
        ehlo.contains("SIZE 1048576") && ehlo.contains("8BITMIME") && ehlo.contains("PIPELINING")
    );
    assert!(!ehlo.contains("AUTH") && !ehlo.contains("STARTTLS"));
    assert_eq!(out["refused"]["victim@gmail.example"][0], 550);
    assert_eq!(out["relay"]["someone@else.example"], 550, "open relay");
    assert_eq!(out["big"], 552);
    assert_eq!(out["vrfy"], 502);

    let delivered = handler.delivered.lock().unwrap().clone();
    assert_eq!(delivered.len(), 1, "only the reply is delivered");
    let (envelope, message) = &delivered[0];
    assert_eq!(envelope.helo, "client.example");
    assert_eq!(envelope.recipients.len(), 1);
    assert_eq!(envelope.recipients[0].local_part(), "ping-Tok3n");
    let parsed = crate::message::parse(message).unwrap();
    assert_eq!(parsed.subject.as_deref(), Some("Re: اختبار"));
    assert_eq!(parsed.in_reply_to, ["ping-1@un.example"]);
    let text = parsed.text.unwrap();
    assert!(text.contains("Bien reçu — تم الاستلام"));
    assert!(text.contains("\n.leading dot"), "dot unstuffed: {text:?}");

    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_over_the_limit_get_421() {
    use tokio::io::{AsyncBufReadExt, BufReader};
    let handler: Arc<dyn InboundHandler> = Arc::new(Recorder::default());
    let limits = InboundLimits {
        max_connections: 1,
        ..InboundLimits::default()
    };
    let server = InboundServer::bind("127.0.0.1:0".parse().unwrap(), limits, handler)
        .await
        .unwrap();
    let addr = server.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let first = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut first = BufReader::new(first);
    let mut line = String::new();
    first.read_line(&mut line).await.unwrap();
    assert!(line.starts_with("220 "), "{line}");
    let second = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut second = BufReader::new(second);
    let mut line = String::new();
    second.read_line(&mut line).await.unwrap();
    assert!(line.starts_with("421 4.3.2"), "{line}");
    drop(first);
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

/// Our relay client against our listener: the listener announces PIPELINING (aiosmtpd does not),
/// so this is where the pipelined MAIL/RCPT path meets a server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_relay_client_pipelines_to_the_listener() {
    use crate::relay::{Envelope, Relay, RelayConfig, RelayOptions, SendError};
    let handler = Arc::new(Recorder::default());
    let server = InboundServer::bind(
        "127.0.0.1:0".parse().unwrap(),
        InboundLimits::default(),
        Arc::clone(&handler) as Arc<dyn InboundHandler>,
    )
    .await
    .unwrap();
    let port = server.local_addr().unwrap().port();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = tokio::spawn(server.run(async {
        let _ = stopped.await;
    }));
    let relay = Relay::new(
        RelayConfig::parse(&RelayOptions {
            url: format!("smtp://127.0.0.1:{port}"),
            tls: Some("none".into()),
            mail_from: "cert@fr.example".into(),
            ..RelayOptions::default()
        })
        .unwrap(),
    )
    .unwrap();
    let a = |s: &str| crate::Address::parse(s).unwrap();
    let message = b"From: cert@fr.example\r\nSubject: Re: ping\r\n\r\n.Received\r\n".to_vec();

    let env = Envelope::new(
        a("cert@fr.example"),
        vec![
            a("ping-1@reply.un.example"),
            a("nobody@reply.un.example"),
            a("ping-2@reply.un.example"),
        ],
    )
    .unwrap();
    let accepted = relay
        .send(&env, &message, || async { Ok(()) })
        .await
        .unwrap();
    assert_eq!(accepted.refused.len(), 1);
    assert_eq!(
        accepted.refused[0].address.as_str(),
        "nobody@reply.un.example"
    );
    assert!(accepted.refused[0].is_permanent());

    let env = Envelope::null_sender(vec![a("nobody@reply.un.example")]).unwrap();
    let err = relay
        .send(&env, &message, || async { Ok(()) })
        .await
        .unwrap_err();
    assert!(
        matches!(err, SendError::RecipientsRefused { .. }),
        "{err:?}"
    );

    // The same connection carries on after the refusal (RSET).
    let env = Envelope::new(a("cert@fr.example"), vec![a("ping-3@reply.un.example")]).unwrap();
    relay
        .send(&env, &message, || async { Ok(()) })
        .await
        .unwrap();

    let delivered = handler.delivered.lock().unwrap().clone();
    assert_eq!(delivered.len(), 2);
    assert_eq!(delivered[0].0.recipients.len(), 2);
    assert_eq!(
        delivered[0].1, message,
        "dot-stuffing undone by the listener"
    );
    assert_eq!(
        delivered[0].0.peer.port(),
        delivered[1].0.peer.port(),
        "one pooled connection"
    );
    drop(relay);
    let _ = stop.send(());
    serving.await.unwrap().unwrap();
}

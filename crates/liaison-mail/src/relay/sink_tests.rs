//! The relay client against a real SMTP server (aiosmtpd, `scripts/lib/smtp-sink.py`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use super::*;
use crate::message::{Mailbox, MessageBuilder};
use crate::test_sink::{Sink, make_certificates, scratch_dir};

fn addr(s: &str) -> Address {
    Address::parse(s).unwrap()
}

fn relay_to(sink: &Sink, tweak: impl FnOnce(&mut RelayOptions)) -> Relay {
    let mut options = RelayOptions {
        url: format!("smtp://127.0.0.1:{}", sink.port),
        tls: Some("none".into()),
        mail_from: "directory@un.example".into(),
        ..RelayOptions::default()
    };
    tweak(&mut options);
    Relay::new(RelayConfig::parse(&options).unwrap()).unwrap()
}

fn ping_message(to: &str, subject: &str, body: &str) -> Vec<u8> {
    MessageBuilder::new(
        Mailbox::new(
            Some("Directory of POCs".into()),
            addr("directory@un.example"),
        ),
        "2026-03-01T09:30:00Z".parse().unwrap(),
    )
    .to(addr(to).into())
    .reply_to(addr("ping-Tok3n@reply.un.example").into())
    .subject(subject)
    .text(body)
    .build()
    .unwrap()
    .bytes
}

async fn ok() -> Result<(), HandoverError> {
    Ok(())
}

#[tokio::test]
async fn a_message_arrives_intact_and_the_handover_runs_before_the_final_dot() {
    let Some(sink) = Sink::start("intact", &[]) else {
        return;
    };
    let relay = relay_to(&sink, |_| {});
    let message = ping_message(
        "cert@eg.example",
        "اختبار الاتصال — 联络点测试 — Ping test",
        "يرجى تأكيد الاستلام خلال 48 ساعة.\nPlease acknowledge within 48 hours.\n请在48小时内确认。\n.\n..",
    );
    let envelope = Envelope::new(
        addr("bounce-Tok3n@reply.un.example"),
        vec![addr("cert@eg.example")],
    )
    .unwrap();
    let seen_before_dot = Arc::new(AtomicUsize::new(usize::MAX));
    let seen = Arc::clone(&seen_before_dot);
    let sink_ref = &sink;
    let accepted = relay
        .send(&envelope, &message, || async move {
            // The relay has the whole message but not the dot: it has stored nothing.
            seen.store(sink_ref.messages().len(), Ordering::SeqCst);
            Ok(())
        })
        .await
        .unwrap();
    assert_eq!(
        seen_before_dot.load(Ordering::SeqCst),
        0,
        "handover ran after delivery"
    );
    assert_eq!(accepted.reply.code, 250);
    assert!(accepted.refused.is_empty());
    // aiosmtpd stores before it answers the dot, so the message is there now.
    let stored = sink.messages();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].bytes, message, "the message changed on the way");
    assert_eq!(stored[0].meta["mail_from"], "bounce-Tok3n@reply.un.example");
    assert_eq!(
        stored[0].meta["rcpt_to"],
        serde_json::json!(["cert@eg.example"])
    );
    let parsed = crate::message::parse(&stored[0].bytes).unwrap();
    assert_eq!(
        parsed.subject.as_deref(),
        Some("اختبار الاتصال — 联络点测试 — Ping test")
    );
    assert!(parsed.text.unwrap().contains("请在48小时内确认。"));

    // A raw message with dot lines survives dot-stuffing unchanged.
    let raw = b"From: directory@un.example\r\nTo: cert@eg.example\r\nSubject: dots\r\n\r\n.\r\n..\r\n.leading\r\nend\r\n".to_vec();
    relay.send(&envelope, &raw, ok).await.unwrap();
    assert_eq!(sink.messages()[1].bytes, raw);
}

#[tokio::test]
async fn when_the_handover_fails_nothing_arrives() {
    let Some(sink) = Sink::start("handover-fails", &[]) else {
        return;
    };
    let relay = relay_to(&sink, |_| {});
    let envelope =
        Envelope::new(addr("directory@un.example"), vec![addr("cert@eg.example")]).unwrap();
    let message = ping_message("cert@eg.example", "Ping", "Please acknowledge.");
    let err = relay
        .send(&envelope, &message, || async {
            Err(HandoverError::new("database unavailable"))
        })
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::Handover(_)), "{err:?}");
    assert!(!err.was_handed_over());
    // The sink has finished with that connection — in the middle of DATA — and stored nothing.
    let sessions = sink.wait_closed_sessions(1).await;
    assert_eq!(sessions[0]["data_started"], true);
    assert_eq!(sessions[0]["messages"], 0);
    assert!(
        sink.messages().is_empty(),
        "a message arrived although the handover failed"
    );
    assert!(
        !std::fs::read_dir(&sink.dir)
            .unwrap()
            .any(|e| { e.unwrap().file_name().to_string_lossy().ends_with(".eml") })
    );

    // The relay recovers with a new connection.
    relay.send(&envelope, &message, ok).await.unwrap();
    assert_eq!(sink.messages().len(), 1);
}

#[tokio::test]
async fn temporary_and_permanent_failures_are_told_apart() {
    let Some(sink) = Sink::start(
        "failures",
        &[
            "--temp-fail",
            "busy@eg.example",
            "--perm-fail",
            "gone@eg.example",
            "--data-temp-fail",
            "later@eg.example",
            "--data-perm-fail",
            "never@eg.example",
        ],
    ) else {
        return;
    };
    let relay = relay_to(&sink, |_| {});
    let message = ping_message("cert@eg.example", "Ping", "Please acknowledge.");
    let from = addr("directory@un.example");
    let called = Arc::new(AtomicBool::new(false));
    let handover = |flag: &Arc<AtomicBool>| {
        let flag = Arc::clone(flag);
        move || async move {
            flag.store(true, Ordering::SeqCst);
            Ok(())
        }
    };

    // Every recipient refused at RCPT: nothing sent, no handover.
    for (rcpt, permanent) in [("gone@eg.example", true), ("busy@eg.example", false)] {
        called.store(false, Ordering::SeqCst);
        let env = Envelope::new(from.clone(), vec![addr(rcpt)]).unwrap();
        let err = relay
            .send(&env, &message, handover(&called))
            .await
            .unwrap_err();
        let SendError::RecipientsRefused { refused } = &err else {
            panic!("{rcpt}: {err:?}");
        };
        assert_eq!(refused.len(), 1);
        assert_eq!(refused[0].address.as_str(), rcpt);
        assert_eq!(refused[0].is_permanent(), permanent, "{rcpt}");
        assert_eq!(err.is_temporary(), !permanent);
        assert!(
            !called.load(Ordering::SeqCst),
            "handover called for a refused envelope"
        );
    }

    // Some refused: the others get the message, the refusals are reported.
    let env = Envelope::new(
        from.clone(),
        vec![addr("cert@eg.example"), addr("gone@eg.example")],
    )
    .unwrap();
    let accepted = relay.send(&env, &message, ok).await.unwrap();
    assert_eq!(accepted.refused.len(), 1);
    assert!(accepted.refused[0].is_permanent());
    assert_eq!(
        sink.messages()[0].meta["rcpt_to"],
        serde_json::json!(["cert@eg.example"])
    );

    // Refused at the final dot: after the handover, so `handed_over` is set.
    let env = Envelope::new(from.clone(), vec![addr("later@eg.example")]).unwrap();
    let err = relay.send(&env, &message, ok).await.unwrap_err();
    assert!(
        matches!(
            err,
            SendError::Temporary {
                handed_over: true,
                reply: Some(Reply { code: 451, .. }),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_temporary() && err.was_handed_over());
    let env = Envelope::new(from.clone(), vec![addr("never@eg.example")]).unwrap();
    let err = relay.send(&env, &message, ok).await.unwrap_err();
    assert!(
        matches!(
            err,
            SendError::Permanent {
                handed_over: true,
                reply: Reply { code: 554, .. }
            }
        ),
        "{err:?}"
    );
    assert!(!err.is_temporary());
    assert_eq!(sink.messages().len(), 1, "refused messages were stored");

    // The connection survives all of that: one connection was used.
    relay
        .send(
            &Envelope::new(from.clone(), vec![addr("cert@eg.example")]).unwrap(),
            &message,
            ok,
        )
        .await
        .unwrap();
    let msgs = sink.messages();
    assert_eq!(msgs[0].meta["peer_port"], msgs[1].meta["peer_port"]);

    // Nobody listening: temporary, nothing handed over.
    let closed_port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let nowhere = Relay::new(
        RelayConfig::parse(&RelayOptions {
            url: format!("smtp://127.0.0.1:{closed_port}"),
            tls: Some("none".into()),
            mail_from: "directory@un.example".into(),
            ..RelayOptions::default()
        })
        .unwrap(),
    )
    .unwrap();
    let err = nowhere.send(&env, &message, ok).await.unwrap_err();
    assert!(
        matches!(
            err,
            SendError::Temporary {
                handed_over: false,
                ..
            }
        ),
        "{err:?}"
    );

    // A message that is not CRLF is refused before anything is sent.
    let err = relay
        .send(&env, b"Subject: x\n\nbare\n", ok)
        .await
        .unwrap_err();
    assert!(matches!(
        err,
        SendError::Message(MessageRejected::BareNewline)
    ));
}

#[tokio::test]
async fn starttls_with_a_private_ca_and_authentication() {
    let certs = scratch_dir("certs");
    if make_certificates(&certs).is_none() {
        assert!(
            std::env::var_os("LIAISON_REQUIRE_SMTP_SINK").is_none(),
            "openssl is missing"
        );
        eprintln!("SKIPPED starttls: openssl is not installed");
        return;
    }
    let pw = certs.join("pw");
    std::fs::write(&pw, "relay-pass\n").unwrap();
    let cert = certs.join("cert.pem");
    let key = certs.join("key.pem");
    let (cert, key, pw_s) = (
        cert.to_str().unwrap(),
        key.to_str().unwrap(),
        pw.to_str().unwrap(),
    );
    let Some(sink) = Sink::start(
        "starttls",
        &[
            "--tls-cert",
            cert,
            "--tls-key",
            key,
            "--require-starttls",
            "--auth-user",
            "liaison",
            "--auth-password-file",
            pw_s,
        ],
    ) else {
        return;
    };
    let ca = certs.join("ca.pem");
    let relay = relay_to(&sink, |o| {
        o.url = format!("smtp://localhost:{}", sink.port);
        o.tls = None; // starttls by default
        o.user = Some("liaison".into());
        o.password_file = Some(pw.clone());
        o.ca_file = Some(ca.clone());
    });
    relay.check().await.unwrap();
    let env = Envelope::new(addr("directory@un.example"), vec![addr("cert@eg.example")]).unwrap();
    let message = ping_message("cert@eg.example", "Ping", "Over TLS.");
    relay.send(&env, &message, ok).await.unwrap();
    let stored = sink.messages();
    assert_eq!(stored[0].meta["tls"], true);
    assert_eq!(stored[0].meta["auth_user"], "liaison");
    assert_eq!(stored[0].bytes, message);

    // A wrong password: temporary (the operator fixes it), nothing stored.
    std::fs::write(certs.join("wrong"), "nope").unwrap();
    let wrong = relay_to(&sink, |o| {
        o.url = format!("smtp://localhost:{}", sink.port);
        o.tls = None;
        o.user = Some("liaison".into());
        o.password_file = Some(certs.join("wrong"));
        o.ca_file = Some(ca.clone());
    });
    let err = wrong.send(&env, &message, ok).await.unwrap_err();
    assert!(
        matches!(
            err,
            SendError::Temporary {
                handed_over: false,
                ..
            }
        ),
        "{err:?}"
    );
    // Without the private CA the certificate is not trusted: no mail, temporary.
    let untrusted = relay_to(&sink, |o| {
        o.url = format!("smtp://localhost:{}", sink.port);
        o.tls = None;
        o.user = Some("liaison".into());
        o.password_file = Some(pw.clone());
    });
    let err = untrusted.send(&env, &message, ok).await.unwrap_err();
    assert!(
        matches!(&err, SendError::Temporary { reason, .. } if reason.contains("TLS")),
        "{err:?}"
    );
    assert_eq!(sink.messages().len(), 1);
    drop(sink);

    // Implicit TLS (smtps://).
    let Some(sink) = Sink::start(
        "implicit-tls",
        &["--tls-cert", cert, "--tls-key", key, "--implicit-tls"],
    ) else {
        return;
    };
    let relay = relay_to(&sink, |o| {
        o.url = format!("smtps://localhost:{}", sink.port);
        o.tls = None;
        o.ca_file = Some(ca.clone());
    });
    relay.send(&env, &message, ok).await.unwrap();
    assert_eq!(sink.messages()[0].meta["tls"], true);
    let _ = std::fs::remove_dir_all(&certs);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_senders_share_a_few_pooled_connections() {
    let Some(sink) = Sink::start("pool", &[]) else {
        return;
    };
    let relay = relay_to(&sink, |o| o.max_connections = Some(3));
    let message = ping_message("cert@eg.example", "Ping", "Please acknowledge.");
    let mut tasks = Vec::new();
    for worker in 0..6 {
        let relay = relay.clone();
        let message = message.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..25 {
                let to = addr(&format!("poc-{worker}-{i}@eg.example"));
                let env = Envelope::new(relay.default_sender().clone(), vec![to]).unwrap();
                relay.send(&env, &message, ok).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let stored = sink.messages();
    assert_eq!(stored.len(), 150);
    let ports: std::collections::HashSet<_> = stored
        .iter()
        .map(|m| m.meta["peer_port"].as_u64().unwrap())
        .collect();
    assert!(
        ports.len() <= 3,
        "{} connections for 150 messages",
        ports.len()
    );
    let mut rcpts: Vec<_> = stored
        .iter()
        .map(|m| m.meta["rcpt_to"][0].as_str().unwrap().to_owned())
        .collect();
    rcpts.sort();
    rcpts.dedup();
    assert_eq!(rcpts.len(), 150, "a message was sent twice or skipped");
}

/// A measurement, not a check (run with `--ignored --nocapture`): messages per second into the
/// aiosmtpd sink over 4 pooled connections.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement; prints messages per second"]
async fn measure_throughput_into_the_sink() {
    let Some(sink) = Sink::start("throughput", &[]) else {
        return;
    };
    let relay = relay_to(&sink, |o| o.max_connections = Some(4));
    let message = ping_message(
        "cert@eg.example",
        "Ping",
        &"Please acknowledge.\n".repeat(40),
    );
    let total = 2000;
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..4 {
        let relay = relay.clone();
        let message = message.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..total / 4 {
                let to = addr(&format!("poc-{worker}-{i}@eg.example"));
                let env = Envelope::new(relay.default_sender().clone(), vec![to]).unwrap();
                relay.send(&env, &message, ok).await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = started.elapsed().as_secs_f64();
    assert_eq!(sink.messages().len(), total);
    eprintln!(
        "{total} messages of {} bytes in {secs:.2} s: {:.0} messages/s",
        message.len(),
        f64::from(u32::try_from(total).unwrap()) / secs
    );
}

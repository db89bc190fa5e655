//! Reading received messages: the headers a caller decides on, the text, and whether the
//! message is a delivery status notification or an auto-reply.

use crate::address::Address;

/// Why a received message could not be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the message has no readable header section")]
    Unreadable,
    #[error("the message is larger than {max} bytes")]
    TooLarge { max: usize },
}

/// What a received message is, so the caller can decide what to do with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageKind {
    /// Written by a person, as far as the headers tell.
    Personal,
    /// An automatic answer (out of office, vacation, list or bulk precedence).
    AutoReply(AutoReplyReason),
    /// A delivery status notification (RFC 3464 `multipart/report; report-type=delivery-status`).
    DeliveryStatus(DeliveryReport),
}

/// Which header marked the message as automatic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AutoReplyReason {
    /// `Auto-Submitted` other than `no` (RFC 3834), with its value.
    AutoSubmitted(String),
    /// `X-Autoreply`, `X-Autorespond` or a similar vendor header.
    VendorHeader(String),
    /// `Precedence: auto_reply | bulk | junk | list`.
    Precedence(String),
    /// Exchange's `X-Auto-Response-Suppress` on the reply itself (its out-of-office answers
    /// carry it) or `X-MS-Exchange-Generated-Message-Source`.
    Exchange(String),
}

/// The machine-readable part of a DSN.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeliveryReport {
    /// `Original-Envelope-Id` when the sender gave one.
    pub original_envelope_id: Option<String>,
    /// `Reporting-MTA`.
    pub reporting_mta: Option<String>,
    pub recipients: Vec<RecipientStatus>,
    /// The Message-ID of the returned message, when the DSN includes its headers.
    pub original_message_id: Option<String>,
}

/// One per-recipient block of a DSN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientStatus {
    /// `Final-Recipient`, without its `rfc822;` type.
    pub final_recipient: Option<String>,
    /// `Original-Recipient`, without its `rfc822;` type.
    pub original_recipient: Option<String>,
    pub action: DsnAction,
    /// The RFC 3463 status, e.g. `5.1.1`.
    pub status: Option<String>,
    /// `Diagnostic-Code`, without its type (e.g. `smtp; 550 5.1.1 no such user`).
    pub diagnostic: Option<String>,
}

impl RecipientStatus {
    /// A failed delivery with a 5.x.x status (or `Action: failed` without a status).
    pub fn is_permanent_failure(&self) -> bool {
        self.action == DsnAction::Failed
            && self.status.as_deref().is_none_or(|s| s.starts_with('5'))
    }
}

/// `Action` of a DSN recipient block (RFC 3464 §2.3.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DsnAction {
    Failed,
    Delayed,
    Delivered,
    Relayed,
    Expanded,
    Other(String),
}

/// A received message, decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedMessage {
    /// The From address when it is a valid [`Address`].
    pub from: Option<Address>,
    pub from_name: Option<String>,
    /// The To addresses that are valid [`Address`]es.
    pub to: Vec<Address>,
    pub subject: Option<String>,
    /// Without angle brackets.
    pub message_id: Option<String>,
    /// Without angle brackets.
    pub in_reply_to: Vec<String>,
    /// Without angle brackets.
    pub references: Vec<String>,
    pub auto_submitted: Option<String>,
    /// `type/subtype` in lower case.
    pub content_type: Option<String>,
    /// The first text/plain part (or text/html converted to text), decoded to UTF-8.
    pub text: Option<String>,
    pub kind: MessageKind,
}

/// Most bytes [`parse`] reads (the inbound listener's default limit is 1 MiB).
pub const MAX_PARSE_BYTES: usize = 16 * 1024 * 1024;

/// Parses a received message. Never panics; malformed parts are skipped rather than fatal.
pub fn parse(raw: &[u8]) -> Result<ReceivedMessage, ParseError> {
    use mail_parser::MimeHeaders;

    if raw.len() > MAX_PARSE_BYTES {
        return Err(ParseError::TooLarge {
            max: MAX_PARSE_BYTES,
        });
    }
    let message = mail_parser::MessageParser::default()
        .parse(raw)
        .filter(|m| !m.headers().is_empty())
        .ok_or(ParseError::Unreadable)?;

    let first_from = message.from().and_then(|a| a.first());
    let from = first_from
        .and_then(|a| a.address())
        .and_then(|a| Address::parse(a).ok());
    let from_name = first_from
        .and_then(|a| a.name())
        .map(clean_line)
        .filter(|n| !n.is_empty());
    let to = message
        .to()
        .map(|list| {
            list.iter()
                .filter_map(|a| a.address())
                .filter_map(|a| Address::parse(a).ok())
                .collect()
        })
        .unwrap_or_default();
    let ids = |v: &mail_parser::HeaderValue<'_>| -> Vec<String> {
        match v {
            mail_parser::HeaderValue::Text(t) => vec![clean_line(t)],
            mail_parser::HeaderValue::TextList(list) => {
                list.iter().map(|t| clean_line(t)).collect()
            }
            _ => Vec::new(),
        }
    };
    let auto_submitted = raw_header(&message, "Auto-Submitted");
    let content_type = message.content_type().map(|ct| {
        match ct.subtype() {
            Some(sub) => format!("{}/{}", ct.ctype(), sub),
            None => ct.ctype().to_owned(),
        }
        .to_ascii_lowercase()
    });

    let kind = if let Some(report) = delivery_report(&message) {
        MessageKind::DeliveryStatus(report)
    } else if let Some(reason) = auto_reply_reason(&message, auto_submitted.as_deref()) {
        MessageKind::AutoReply(reason)
    } else {
        MessageKind::Personal
    };

    Ok(ReceivedMessage {
        from,
        from_name,
        to,
        subject: message.subject().map(clean_line),
        message_id: message.message_id().map(clean_line),
        in_reply_to: ids(message.in_reply_to()),
        references: ids(message.references()),
        auto_submitted,
        content_type,
        text: message.body_text(0).map(|t| t.into_owned()),
        kind,
    })
}

/// A header's raw value, unfolded and trimmed, when present.
fn raw_header(message: &mail_parser::Message<'_>, name: &str) -> Option<String> {
    message
        .header_raw(name)
        .map(|v| clean_line(&v.replace("\r\n", "").replace('\n', "")))
}

/// Text for one line: control characters (CR, LF, bidi controls stay) removed, trimmed.
fn clean_line(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_owned()
}

fn auto_reply_reason(
    message: &mail_parser::Message<'_>,
    auto_submitted: Option<&str>,
) -> Option<AutoReplyReason> {
    if let Some(value) = auto_submitted {
        let keyword = value.split(';').next().unwrap_or("").trim();
        if !keyword.eq_ignore_ascii_case("no") {
            return Some(AutoReplyReason::AutoSubmitted(value.to_owned()));
        }
    }
    for name in [
        "X-Autoreply",
        "X-Autorespond",
        "X-Autoresponder",
        "X-Auto-Reply",
    ] {
        if let Some(v) = raw_header(message, name) {
            return Some(AutoReplyReason::VendorHeader(format!("{name}: {v}")));
        }
    }
    if let Some(v) = raw_header(message, "Precedence") {
        let p = v.to_ascii_lowercase();
        if ["auto_reply", "bulk", "junk", "list"].contains(&p.as_str()) {
            return Some(AutoReplyReason::Precedence(p));
        }
    }
    for name in [
        "X-Auto-Response-Suppress",
        "X-MS-Exchange-Generated-Message-Source",
    ] {
        if let Some(v) = raw_header(message, name) {
            return Some(AutoReplyReason::Exchange(format!("{name}: {v}")));
        }
    }
    None
}

fn is_type(ct: Option<&mail_parser::ContentType<'_>>, ctype: &str, subtypes: &[&str]) -> bool {
    ct.is_some_and(|ct| {
        ct.ctype().eq_ignore_ascii_case(ctype)
            && ct
                .subtype()
                .is_some_and(|s| subtypes.iter().any(|want| s.eq_ignore_ascii_case(want)))
    })
}

/// RFC 3464: a `message/delivery-status` part (inside `multipart/report`, but any position is
/// taken: some MTAs nest it) with its per-message block and one block per recipient.
fn delivery_report(message: &mail_parser::Message<'_>) -> Option<DeliveryReport> {
    use mail_parser::MimeHeaders;

    let status_part = message.parts.iter().find(|p| {
        is_type(
            p.content_type(),
            "message",
            &["delivery-status", "global-delivery-status"],
        )
    })?;
    let fields = String::from_utf8_lossy(status_part.contents());
    let mut blocks = field_blocks(&fields).into_iter();
    let mut report = DeliveryReport::default();
    if let Some(per_message) = blocks.next() {
        report.reporting_mta = field(&per_message, "reporting-mta").map(strip_type);
        report.original_envelope_id = field(&per_message, "original-envelope-id");
    }
    for block in blocks {
        let action = match field(&block, "action") {
            Some(a) => match a.to_ascii_lowercase().as_str() {
                "failed" => DsnAction::Failed,
                "delayed" => DsnAction::Delayed,
                "delivered" => DsnAction::Delivered,
                "relayed" => DsnAction::Relayed,
                "expanded" => DsnAction::Expanded,
                other => DsnAction::Other(other.to_owned()),
            },
            None => continue,
        };
        report.recipients.push(RecipientStatus {
            final_recipient: field(&block, "final-recipient").map(strip_type),
            original_recipient: field(&block, "original-recipient").map(strip_type),
            action,
            status: field(&block, "status")
                .map(|s| s.split_whitespace().next().unwrap_or("").to_owned()),
            diagnostic: field(&block, "diagnostic-code").map(strip_type),
        });
    }
    // The returned message (message/rfc822) or its headers (text/rfc822-headers).
    report.original_message_id = message.parts.iter().find_map(|p| {
        if let Some(inner) = p.message() {
            return inner.message_id().map(clean_line);
        }
        if is_type(p.content_type(), "text", &["rfc822-headers"]) {
            let headers = mail_parser::MessageParser::default().parse(p.contents())?;
            return headers.message_id().map(clean_line);
        }
        None
    });
    Some(report)
}

/// Splits `name: value` lines into blocks at empty lines, unfolding continuation lines; names
/// are lower-cased.
fn field_blocks(text: &str) -> Vec<Vec<(String, String)>> {
    let mut blocks = Vec::new();
    let mut current: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if line.trim().is_empty() {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = current.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
            continue;
        }
        if let Some((name, value)) = line.split_once(':') {
            current.push((name.trim().to_ascii_lowercase(), clean_line(value)));
        }
        if blocks.len() > 1000 {
            break;
        }
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    blocks
}

fn field(block: &[(String, String)], name: &str) -> Option<String> {
    block
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.is_empty())
}

/// `rfc822; user@example` → `user@example`.
fn strip_type(value: String) -> String {
    match value.split_once(';') {
        Some((_, rest)) => rest.trim().to_owned(),
        None => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::{Mailbox, MessageBuilder};
    use proptest::prelude::*;

    const DSN: &str = "Return-Path: <>\r\n\
From: Mail Delivery System <MAILER-DAEMON@mx.eg.example>\r\n\
To: bounce-abc@reply.un.example\r\n\
Subject: Undelivered Mail Returned to Sender\r\n\
Auto-Submitted: auto-replied\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/report; report-type=delivery-status;\r\n\
\tboundary=\"B1\"\r\n\
\r\n\
--B1\r\n\
Content-Type: text/plain; charset=us-ascii\r\n\
\r\n\
I'm sorry to have to inform you that your message could not be delivered.\r\n\
--B1\r\n\
Content-Type: message/delivery-status\r\n\
\r\n\
Reporting-MTA: dns; mx.eg.example\r\n\
Original-Envelope-Id: ping-42\r\n\
\r\n\
Final-Recipient: rfc822; cert@eg.example\r\n\
Original-Recipient: rfc822;cert@eg.example\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <cert@eg.example>: Recipient address\r\n\
\trejected: User unknown\r\n\
\r\n\
Final-Recipient: rfc822; soc@eg.example\r\n\
Action: delayed\r\n\
Status: 4.4.1\r\n\
--B1\r\n\
Content-Type: text/rfc822-headers\r\n\
\r\n\
From: directory@un.example\r\n\
Message-ID: <ping-42@un.example>\r\n\
Subject: Ping\r\n\
--B1--\r\n";

    #[test]
    fn delivery_status_notifications_are_read() {
        let m = parse(DSN.as_bytes()).unwrap();
        assert_eq!(m.content_type.as_deref(), Some("multipart/report"));
        let MessageKind::DeliveryStatus(report) = &m.kind else {
            panic!("not a DSN: {:?}", m.kind);
        };
        assert_eq!(report.reporting_mta.as_deref(), Some("mx.eg.example"));
        assert_eq!(report.original_envelope_id.as_deref(), Some("ping-42"));
        assert_eq!(
            report.original_message_id.as_deref(),
            Some("ping-42@un.example")
        );
        assert_eq!(report.recipients.len(), 2);
        let first = &report.recipients[0];
        assert_eq!(first.final_recipient.as_deref(), Some("cert@eg.example"));
        assert_eq!(first.original_recipient.as_deref(), Some("cert@eg.example"));
        assert_eq!(first.action, DsnAction::Failed);
        assert_eq!(first.status.as_deref(), Some("5.1.1"));
        assert_eq!(
            first.diagnostic.as_deref(),
            Some("550 5.1.1 <cert@eg.example>: Recipient address rejected: User unknown")
        );
        assert!(first.is_permanent_failure());
        assert_eq!(report.recipients[1].action, DsnAction::Delayed);
        assert!(!report.recipients[1].is_permanent_failure());
        assert!(m.text.unwrap().contains("could not be delivered"));
        assert_eq!(m.auto_submitted.as_deref(), Some("auto-replied"));
    }

    #[test]
    fn auto_replies_are_recognised() {
        let base = "From: poc@fr.example\r\nTo: ping-x@reply.un.example\r\nSubject: Absence\r\n";
        for (extra, want) in [
            ("Auto-Submitted: auto-replied\r\n", "AutoSubmitted"),
            (
                "Auto-Submitted: auto-generated; owner-email=x@y.example\r\n",
                "AutoSubmitted",
            ),
            ("X-Autoreply: yes\r\n", "VendorHeader"),
            ("Precedence: bulk\r\n", "Precedence"),
            ("X-Auto-Response-Suppress: All\r\n", "Exchange"),
        ] {
            let raw = format!("{base}{extra}\r\nJe suis absent.\r\n");
            let m = parse(raw.as_bytes()).unwrap();
            let MessageKind::AutoReply(reason) = &m.kind else {
                panic!("{extra}: {:?}", m.kind);
            };
            assert!(
                format!("{reason:?}").starts_with(want),
                "{extra}: {reason:?}"
            );
        }
        let raw = format!("{base}Auto-Submitted: no\r\n\r\nReçu, merci.\r\n");
        let m = parse(raw.as_bytes()).unwrap();
        assert_eq!(m.kind, MessageKind::Personal);
        assert_eq!(m.text.as_deref().map(str::trim), Some("Reçu, merci."));
    }

    #[test]
    fn replies_carry_their_thread_headers() {
        let raw = "From: \"Équipe CERT\" <cert@fr.example>\r\nTo: <ping-Ab1@reply.un.example>, other@x.example\r\nSubject: =?utf-8?B?UmU6INin2K7Yqtio2KfYsQ==?=\r\nMessage-ID: <r1@fr.example>\r\nIn-Reply-To: <ping-1@un.example>\r\nReferences: <a@un.example> <ping-1@un.example>\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\nبرجاء العلم — received\r\n";
        let m = parse(raw.as_bytes()).unwrap();
        assert_eq!(m.from.as_ref().unwrap().as_str(), "cert@fr.example");
        assert_eq!(m.from_name.as_deref(), Some("Équipe CERT"));
        assert_eq!(m.to.len(), 2);
        assert_eq!(m.to[0].local_part(), "ping-Ab1");
        assert_eq!(m.subject.as_deref(), Some("Re: اختبار"));
        assert_eq!(m.message_id.as_deref(), Some("r1@fr.example"));
        assert_eq!(m.in_reply_to, ["ping-1@un.example"]);
        assert_eq!(m.references, ["a@un.example", "ping-1@un.example"]);
        assert_eq!(m.content_type.as_deref(), Some("text/plain"));
        assert_eq!(m.kind, MessageKind::Personal);
        assert!(m.text.unwrap().contains("برجاء العلم"));
    }

    #[test]
    fn built_messages_round_trip_through_the_parser() {
        let texts = [
            "نقطة الاتصال الوطنية — National point of contact\nالرجاء التأكيد\nPlease acknowledge.",
            "联络点测试 — ping test of the directory\n请在48小时内确认。 Please confirm within 48 hours.",
            "Проверка связи\n.a line with a leading dot\n\nFrom the directory",
            "Plain ASCII body with a very long line that goes on and on and on beyond seventy-six characters for sure",
        ];
        for text in texts {
            let built = MessageBuilder::new(
                Mailbox::new(
                    Some("Répertoire des PdC".into()),
                    Address::parse("directory@un.example").unwrap(),
                ),
                "2026-03-01T09:30:00Z".parse().unwrap(),
            )
            .to(Mailbox::new(
                Some("مركز الاستجابة".into()),
                Address::parse("cert@eg.example").unwrap(),
            ))
            .subject("اختبار الاتصال — 联络点 — Ping")
            .text(text)
            .build()
            .unwrap();
            let m = parse(&built.bytes).unwrap();
            assert_eq!(m.subject.as_deref(), Some("اختبار الاتصال — 联络点 — Ping"));
            assert_eq!(m.from_name.as_deref(), Some("Répertoire des PdC"));
            assert_eq!(m.to[0].as_str(), "cert@eg.example");
            assert_eq!(m.message_id.as_deref(), Some(built.message_id.as_str()));
            assert_eq!(m.auto_submitted.as_deref(), Some("auto-generated"));
            let got = m.text.unwrap().replace("\r\n", "\n");
            assert_eq!(got.trim_end(), text, "body changed");
        }
        let html = MessageBuilder::new(
            Address::parse("directory@un.example").unwrap().into(),
            "2026-03-01T09:30:00Z".parse().unwrap(),
        )
        .to(Address::parse("cert@eg.example").unwrap().into())
        .text("Texte brut — é")
        .html("<p>Texte <b>HTML</b> — é</p>")
        .build()
        .unwrap();
        let m = parse(&html.bytes).unwrap();
        assert_eq!(m.content_type.as_deref(), Some("multipart/alternative"));
        assert_eq!(m.text.unwrap().trim_end(), "Texte brut — é");
    }

    #[test]
    fn garbage_is_unreadable_not_a_panic() {
        assert_eq!(parse(b""), Err(ParseError::Unreadable));
        let big = vec![b'a'; MAX_PARSE_BYTES + 1];
        assert!(matches!(parse(&big), Err(ParseError::TooLarge { .. })));
    }

    proptest! {
        #[test]
        fn parse_never_panics(raw in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = parse(&raw);
        }

        #[test]
        fn parse_never_panics_on_near_dsn(cut in 0usize..2000, flip in 0usize..2000, byte in any::<u8>()) {
            let mut raw = DSN.as_bytes().to_vec();
            let f = flip % raw.len();
            raw[f] = byte;
            raw.truncate(cut.min(raw.len()));
            let _ = parse(&raw);
        }
    }
}

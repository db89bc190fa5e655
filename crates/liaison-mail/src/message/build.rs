//! The message builder: RFC 5322 headers, MIME bodies, CRLF everywhere, 7-bit output only.

use super::encode::{self, Encoded};
use super::{Mailbox, MessageId};

/// Why a message could not be built. Nothing is written for a refused message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MessageError {
    #[error("a message needs at least one To address")]
    NoRecipient,
    #[error("a message needs a body")]
    NoBody,
    #[error("the {field} contains a control character (CR, LF and the like are never allowed)")]
    ControlCharacter { field: String },
    #[error("{0:?} is not a valid header name")]
    HeaderName(String),
    #[error("the header {0} is set by the builder and cannot be given as an extra header")]
    ReservedHeader(String),
    #[error("the {field} is longer than {max} bytes")]
    TooLong { field: String, max: usize },
    #[error("the ciphertext is not an ASCII-armored OpenPGP message")]
    NotArmored,
    #[error("an HTML part needs a plain-text part too")]
    HtmlWithoutText,
    #[error("cannot make a Message-ID for the sender's domain")]
    MessageId,
}

/// A finished message: the bytes to hand to [`crate::relay::Relay::send`] and its Message-ID
/// (to store, so replies can be matched through In-Reply-To/References).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltMessage {
    pub bytes: Vec<u8>,
    pub message_id: MessageId,
}

#[derive(Debug, Clone)]
enum Body {
    Text { text: String, html: Option<String> },
    PgpEncrypted { armored: String },
}

/// Builds one message. Everything given is checked in [`MessageBuilder::build`]; the output is
/// 7-bit ASCII with CRLF line endings, so any relay takes it without 8BITMIME.
///
/// Defaults that matter for automated mail: `Auto-Submitted: auto-generated` (RFC 3834: auto
/// responders must not answer it) and `X-Auto-Response-Suppress: OOF, AutoReply` (Exchange's
/// equivalent; delivery reports are deliberately not suppressed, since bounces are wanted).
/// `Precedence: bulk` is not written: it is non-standard and some filters treat it as spam.
#[derive(Debug, Clone)]
pub struct MessageBuilder {
    from: Mailbox,
    date: jiff::Timestamp,
    to: Vec<Mailbox>,
    reply_to: Option<Mailbox>,
    subject: String,
    message_id: Option<MessageId>,
    in_reply_to: Option<MessageId>,
    references: Vec<MessageId>,
    auto_submitted: bool,
    extra: Vec<(String, String)>,
    body: Option<Body>,
}

/// Headers the builder writes itself; an extra header with one of these names is refused so a
/// caller cannot produce two From or Content-Type headers.
const RESERVED: &[&str] = &[
    "from",
    "sender",
    "to",
    "cc",
    "bcc",
    "reply-to",
    "subject",
    "date",
    "message-id",
    "in-reply-to",
    "references",
    "mime-version",
    "content-type",
    "content-transfer-encoding",
    "content-disposition",
    "auto-submitted",
    "x-auto-response-suppress",
    "return-path",
    "received",
];

const MAX_SUBJECT: usize = 998;
const MAX_EXTRA_VALUE: usize = 900;
const MAX_EXTRA_HEADERS: usize = 32;
const MAX_NAME: usize = 256;
const MAX_TO: usize = 100;

impl MessageBuilder {
    /// `date` is the moment of writing (from the caller's clock, so tests are deterministic).
    pub fn new(from: Mailbox, date: jiff::Timestamp) -> MessageBuilder {
        MessageBuilder {
            from,
            date,
            to: Vec::new(),
            reply_to: None,
            subject: String::new(),
            message_id: None,
            in_reply_to: None,
            references: Vec::new(),
            auto_submitted: true,
            extra: Vec::new(),
            body: None,
        }
    }

    pub fn to(mut self, to: Mailbox) -> Self {
        self.to.push(to);
        self
    }

    pub fn reply_to(mut self, reply_to: Mailbox) -> Self {
        self.reply_to = Some(reply_to);
        self
    }

    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = subject.into();
        self
    }

    /// Without one, `<uuid@sender-domain>` is generated.
    pub fn message_id(mut self, id: MessageId) -> Self {
        self.message_id = Some(id);
        self
    }

    pub fn in_reply_to(mut self, id: MessageId) -> Self {
        self.in_reply_to = Some(id);
        self
    }

    pub fn references(mut self, ids: Vec<MessageId>) -> Self {
        self.references = ids;
        self
    }

    /// `false` for mail a person writes (e.g. an inquiry relayed on a POC's behalf).
    pub fn auto_submitted(mut self, yes: bool) -> Self {
        self.auto_submitted = yes;
        self
    }

    /// An extra header such as `X-Liaison-Campaign` or `List-Unsubscribe`. The name must be
    /// printable ASCII without `:`; the value must not contain control characters (so no CR or
    /// LF: no header injection); non-ASCII values are RFC 2047-encoded.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.extra.push((name.into(), value.into()));
        self
    }

    /// The plain-text body (any line endings; written as CRLF).
    pub fn text(mut self, text: impl Into<String>) -> Self {
        let html = match self.body.take() {
            Some(Body::Text { html, .. }) => html,
            _ => None,
        };
        self.body = Some(Body::Text {
            text: text.into(),
            html,
        });
        self
    }

    /// An HTML alternative to the text body (`multipart/alternative`); needs [`Self::text`].
    pub fn html(mut self, html: impl Into<String>) -> Self {
        let text = match self.body.take() {
            Some(Body::Text { text, .. }) => Some(text),
            _ => None,
        };
        self.body = Some(Body::Text {
            text: text.unwrap_or_default(),
            html: Some(html.into()),
        });
        self
    }

    /// A PGP/MIME encrypted body (RFC 3156 §4): `armored` is the ASCII-armored OpenPGP message
    /// the caller encrypted; the server never sees the plain text. Replaces any text body.
    pub fn pgp_encrypted(mut self, armored: impl Into<String>) -> Self {
        self.body = Some(Body::PgpEncrypted {
            armored: armored.into(),
        });
        self
    }

    pub fn build(self) -> Result<BuiltMessage, MessageError> {
        if self.to.is_empty() {
            return Err(MessageError::NoRecipient);
        }
        if self.to.len() > MAX_TO {
            return Err(MessageError::TooLong {
                field: "To list".into(),
                max: MAX_TO,
            });
        }
        check_text("Subject", &self.subject, MAX_SUBJECT)?;
        for m in self.to.iter().chain(&self.reply_to).chain([&self.from]) {
            if let Some(name) = &m.name {
                check_text("display name", name, MAX_NAME)?;
            }
        }
        if self.extra.len() > MAX_EXTRA_HEADERS {
            return Err(MessageError::TooLong {
                field: "list of extra headers".into(),
                max: MAX_EXTRA_HEADERS,
            });
        }
        for (name, value) in &self.extra {
            let valid_name = !name.is_empty()
                && name.len() <= 76
                && name.bytes().all(|b| b.is_ascii_graphic() && b != b':');
            if !valid_name {
                return Err(MessageError::HeaderName(name.clone()));
            }
            if RESERVED.contains(&name.to_ascii_lowercase().as_str()) {
                return Err(MessageError::ReservedHeader(name.clone()));
            }
            check_text(&format!("{name} header"), value, MAX_EXTRA_VALUE)?;
        }
        let body = self.body.as_ref().ok_or(MessageError::NoBody)?;
        let message_id = match &self.message_id {
            Some(id) => id.clone(),
            None => MessageId::generate(self.from.address.domain())
                .map_err(|_| MessageError::MessageId)?,
        };

        let mut out = String::with_capacity(1024);
        header(
            &mut out,
            "Date",
            &self
                .date
                .strftime("%a, %d %b %Y %H:%M:%S +0000")
                .to_string(),
        );
        header(&mut out, "From", &mailbox(&self.from));
        header(&mut out, "To", &mailbox_list(&self.to));
        if let Some(r) = &self.reply_to {
            header(&mut out, "Reply-To", &mailbox(r));
        }
        header(&mut out, "Subject", &encode::unstructured(7, &self.subject));
        header(&mut out, "Message-ID", &message_id.to_string());
        if let Some(id) = &self.in_reply_to {
            header(&mut out, "In-Reply-To", &id.to_string());
        }
        if !self.references.is_empty() {
            let refs: Vec<String> = self.references.iter().map(ToString::to_string).collect();
            header(&mut out, "References", &refs.join("\r\n "));
        }
        if self.auto_submitted {
            header(&mut out, "Auto-Submitted", "auto-generated");
            header(&mut out, "X-Auto-Response-Suppress", "OOF, AutoReply");
        }
        for (name, value) in &self.extra {
            header(&mut out, name, &encode::unstructured(name.len(), value));
        }
        header(&mut out, "MIME-Version", "1.0");

        match body {
            Body::Text { text, html: None } => {
                let enc = encode::text_body(text);
                header(&mut out, "Content-Type", "text/plain; charset=utf-8");
                header(&mut out, "Content-Transfer-Encoding", enc.cte);
                out.push_str("\r\n");
                out.push_str(&enc.body);
            }
            Body::Text {
                text,
                html: Some(html),
            } => {
                if text.is_empty() {
                    return Err(MessageError::HtmlWithoutText);
                }
                let plain = encode::text_body(text);
                let html = encode::text_body(html);
                let boundary = boundary(&[&plain.body, &html.body]);
                header(
                    &mut out,
                    "Content-Type",
                    &format!("multipart/alternative;\r\n boundary=\"{boundary}\""),
                );
                out.push_str("\r\n");
                part(
                    &mut out,
                    &boundary,
                    "text/plain; charset=utf-8",
                    None,
                    &plain,
                );
                part(&mut out, &boundary, "text/html; charset=utf-8", None, &html);
                out.push_str(&format!("--{boundary}--\r\n"));
            }
            Body::PgpEncrypted { armored } => {
                let armored = check_armor(armored)?;
                let boundary = boundary(&[&armored]);
                header(
                    &mut out,
                    "Content-Type",
                    &format!(
                        "multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n boundary=\"{boundary}\""
                    ),
                );
                out.push_str("\r\nThis is an OpenPGP/MIME encrypted message (RFC 3156).\r\n");
                let version = Encoded {
                    cte: "7bit",
                    body: "Version: 1\r\n".into(),
                };
                part(
                    &mut out,
                    &boundary,
                    "application/pgp-encrypted",
                    Some("PGP/MIME version identification"),
                    &version,
                );
                let cipher = Encoded {
                    cte: "7bit",
                    body: armored,
                };
                out.push_str(&format!(
                    "--{boundary}\r\nContent-Type: application/octet-stream; name=\"encrypted.asc\"\r\n\
                     Content-Description: OpenPGP encrypted message\r\n\
                     Content-Disposition: inline; filename=\"encrypted.asc\"\r\n\
                     Content-Transfer-Encoding: {}\r\n\r\n{}",
                    cipher.cte, cipher.body
                ));
                out.push_str(&format!("--{boundary}--\r\n"));
            }
        }
        Ok(BuiltMessage {
            bytes: out.into_bytes(),
            message_id,
        })
    }
}

fn check_text(field: &str, text: &str, max: usize) -> Result<(), MessageError> {
    if text.chars().any(|c| c.is_control()) {
        return Err(MessageError::ControlCharacter {
            field: field.to_owned(),
        });
    }
    if text.len() > max {
        return Err(MessageError::TooLong {
            field: field.to_owned(),
            max,
        });
    }
    Ok(())
}

/// Armored text with CRLF line endings; anything that is not one OpenPGP message block in
/// printable ASCII lines of sane length is refused.
fn check_armor(armored: &str) -> Result<String, MessageError> {
    const MAX_ARMOR: usize = 16 * 1024 * 1024;
    let text = encode::crlf_text(armored.trim());
    let printable = text
        .split("\r\n")
        .all(|l| l.len() <= 998 && l.bytes().all(|b| b.is_ascii_graphic() || b == b' '));
    if text.len() > MAX_ARMOR
        || !printable
        || !text.starts_with("-----BEGIN PGP MESSAGE-----\r\n")
        || !text.ends_with("-----END PGP MESSAGE-----\r\n")
    {
        return Err(MessageError::NotArmored);
    }
    Ok(text)
}

fn header(out: &mut String, name: &str, value: &str) {
    out.push_str(name);
    out.push_str(": ");
    out.push_str(value);
    out.push_str("\r\n");
}

fn mailbox(m: &Mailbox) -> String {
    match &m.name {
        Some(name) if !name.is_empty() => format!("{} <{}>", encode::phrase(name), m.address),
        _ => m.address.to_string(),
    }
}

fn mailbox_list(list: &[Mailbox]) -> String {
    let items: Vec<String> = list.iter().map(mailbox).collect();
    items.join(",\r\n ")
}

fn part(
    out: &mut String,
    boundary: &str,
    content_type: &str,
    description: Option<&str>,
    e: &Encoded,
) {
    out.push_str(&format!("--{boundary}\r\nContent-Type: {content_type}\r\n"));
    if let Some(d) = description {
        out.push_str(&format!("Content-Description: {d}\r\n"));
    }
    out.push_str(&format!("Content-Transfer-Encoding: {}\r\n\r\n", e.cte));
    out.push_str(&e.body);
}

/// A boundary that none of the parts contains (RFC 2046 §5.1.1). `=_` cannot occur in base64 or
/// quoted-printable output; 7-bit parts are checked.
fn boundary(parts: &[&str]) -> String {
    loop {
        let b = format!("=_liaison_{}", uuid::Uuid::new_v4().simple());
        if !parts.iter().any(|p| p.contains(&b)) {
            return b;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::address::Address;

    fn addr(s: &str) -> Address {
        Address::parse(s).unwrap()
    }

    fn when() -> jiff::Timestamp {
        "2026-03-01T09:30:00Z".parse().unwrap()
    }

    fn base() -> MessageBuilder {
        MessageBuilder::new(
            Mailbox::new(
                Some("Directory of POCs".into()),
                addr("directory@un.example"),
            ),
            when(),
        )
        .to(Mailbox::new(
            Some("CERT-EG".into()),
            addr("cert@eg.example"),
        ))
        .message_id(MessageId::parse("<m1@un.example>").unwrap())
    }

    fn text_of(m: &BuiltMessage) -> String {
        String::from_utf8(m.bytes.clone()).unwrap()
    }

    fn assert_wire_safe(bytes: &[u8]) {
        assert!(bytes.is_ascii(), "8-bit output");
        let s = std::str::from_utf8(bytes).unwrap();
        assert!(s.ends_with("\r\n"));
        for line in s.split("\r\n") {
            assert!(!line.contains('\r') && !line.contains('\n'), "bare newline");
            assert!(line.len() <= 998);
        }
    }

    #[test]
    fn plain_ascii_message_has_the_expected_headers() {
        let m = base()
            .subject("Ping test")
            .text("Hello\nworld")
            .build()
            .unwrap();
        let s = text_of(&m);
        assert_wire_safe(&m.bytes);
        assert!(
            s.starts_with("Date: Sun, 01 Mar 2026 09:30:00 +0000\r\n"),
            "{s}"
        );
        for h in [
            "From: Directory of POCs <directory@un.example>\r\n",
            "To: CERT-EG <cert@eg.example>\r\n",
            "Subject: Ping test\r\n",
            "Message-ID: <m1@un.example>\r\n",
            "Auto-Submitted: auto-generated\r\n",
            "MIME-Version: 1.0\r\n",
            "Content-Type: text/plain; charset=utf-8\r\n",
            "Content-Transfer-Encoding: 7bit\r\n\r\nHello\r\nworld\r\n",
        ] {
            assert!(s.contains(h), "missing {h:?} in {s}");
        }
        assert_eq!(m.message_id.as_str(), "m1@un.example");
    }

    #[test]
    fn generated_message_id_uses_the_sender_domain() {
        let m = MessageBuilder::new(addr("directory@un.example").into(), when())
            .to(addr("a@b.example").into())
            .text("x")
            .build()
            .unwrap();
        assert!(m.message_id.as_str().ends_with("@un.example"));
    }

    #[test]
    fn header_injection_is_refused() {
        let cases = [
            base().subject("Hi\r\nBcc: victim@x.example"),
            base().subject("Hi\nBcc: victim@x.example"),
            base().subject("tab\tnot allowed either"),
            base().header("X-Test", "a\r\nBcc: victim@x.example"),
            base().header("X-Test", "nul\0"),
            MessageBuilder::new(
                Mailbox::new(Some("Evil\r\nBcc: x@y.example".into()), addr("a@b.example")),
                when(),
            )
            .to(addr("c@d.example").into()),
        ];
        for b in cases {
            let err = b.text("body").build().unwrap_err();
            assert!(
                matches!(err, MessageError::ControlCharacter { .. }),
                "{err:?}"
            );
        }
        assert!(matches!(
            base().header("Bad Name", "v").text("x").build(),
            Err(MessageError::HeaderName(_))
        ));
        assert!(matches!(
            base().header("X-A:b", "v").text("x").build(),
            Err(MessageError::HeaderName(_))
        ));
        assert!(matches!(
            base().header("bcc", "v@x.example").text("x").build(),
            Err(MessageError::ReservedHeader(_))
        ));
        assert!(matches!(
            base().text("x").subject("s".repeat(999)).build(),
            Err(MessageError::TooLong { .. })
        ));
        assert!(matches!(base().build(), Err(MessageError::NoBody)));
        assert!(matches!(
            MessageBuilder::new(addr("a@b.example").into(), when())
                .text("x")
                .build(),
            Err(MessageError::NoRecipient)
        ));
    }

    #[test]
    fn non_ascii_subject_names_and_bodies_are_encoded() {
        let m = base()
            .subject("اختبار الاتصال — Ping test")
            .to(Mailbox::new(
                Some("Российская Федерация".into()),
                addr("poc@ru.example"),
            ))
            .header("X-Campaign-Name", "Campagne de mars — 2026")
            .text("نص عربي\nEnglish text below\n联络点测试")
            .build()
            .unwrap();
        assert_wire_safe(&m.bytes);
        let s = text_of(&m);
        assert!(s.contains("Subject: =?utf-8?B?"));
        assert!(s.contains("=?utf-8?B?"));
        assert!(s.contains("Content-Transfer-Encoding: base64"));
    }

    #[test]
    fn html_alternative_is_multipart() {
        let m = base()
            .text("Bonjour à tous")
            .html("<p>Bonjour à tous</p>")
            .build()
            .unwrap();
        assert_wire_safe(&m.bytes);
        let s = text_of(&m);
        assert!(s.contains("Content-Type: multipart/alternative;\r\n boundary=\"=_liaison_"));
        assert!(s.contains(
            "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable"
        ));
        assert!(s.contains("Content-Type: text/html; charset=utf-8"));
        assert!(s.trim_end().ends_with("--"));
        assert!(matches!(
            base().html("<p>x</p>").build(),
            Err(MessageError::HtmlWithoutText)
        ));
    }

    #[test]
    fn pgp_mime_follows_rfc_3156() {
        let armored = "-----BEGIN PGP MESSAGE-----\n\nwV4DAAAAAAAAAAASAQdA\n=abcd\n-----END PGP MESSAGE-----\n";
        let m = base()
            .subject("...")
            .pgp_encrypted(armored)
            .build()
            .unwrap();
        assert_wire_safe(&m.bytes);
        let s = text_of(&m);
        assert!(s.contains(
            "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\";\r\n boundary=\"=_liaison_"
        ));
        let ver = s
            .find("Content-Type: application/pgp-encrypted\r\n")
            .unwrap();
        let oct = s.find("Content-Type: application/octet-stream").unwrap();
        assert!(ver < oct, "the version part comes first");
        assert!(s.contains("\r\n\r\nVersion: 1\r\n"));
        assert!(s.contains("-----BEGIN PGP MESSAGE-----\r\n\r\nwV4DAAAAAAAAAAASAQdA\r\n=abcd\r\n-----END PGP MESSAGE-----\r\n--=_liaison_"));
        for bad in [
            "hello",
            "-----BEGIN PGP MESSAGE-----\nü\n-----END PGP MESSAGE-----",
        ] {
            assert!(matches!(
                base().pgp_encrypted(bad).build(),
                Err(MessageError::NotArmored)
            ));
        }
    }
}

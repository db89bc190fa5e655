//! One SMTP client connection to the relay: greeting, EHLO, STARTTLS, AUTH, and the mail
//! transaction split around the caller's handover.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use super::{
    Accepted, Envelope, HandoverError, MessageRejected, RefusedRecipient, RelayConfig, Reply,
    SendError, TlsMode,
};

/// A reply line longer than this, or a reply longer than `MAX_REPLY_BYTES` or `MAX_REPLY_LINES`,
/// ends the connection: a relay has no reason to send more, and a hostile one must not make us
/// buffer without bound.
const MAX_REPLY_LINE: usize = 4096;
const MAX_REPLY_BYTES: usize = 64 * 1024;
const MAX_REPLY_LINES: usize = 128;

pub(crate) enum Stream {
    Plain(TcpStream),
    Tls(Box<TlsStream<TcpStream>>),
}

impl AsyncRead for Stream {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_read(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl AsyncWrite for Stream {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        match self.get_mut() {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// A failure inside the client, before it is classified for the caller.
#[derive(Debug)]
pub(crate) enum ClientError {
    /// The connection broke, timed out or the relay spoke nonsense: not the message's fault.
    Link(String),
    /// The relay answered with a negative reply.
    Reply(Reply),
}

impl ClientError {
    fn into_send_error(self, what: &str) -> SendError {
        match self {
            ClientError::Link(reason) => SendError::Temporary {
                reason: format!("{what}: {reason}"),
                reply: None,
                handed_over: false,
            },
            ClientError::Reply(reply) if reply.is_permanent() => SendError::Permanent {
                reply,
                handed_over: false,
            },
            ClientError::Reply(reply) => SendError::Temporary {
                reason: format!("{what}: {reply}"),
                reply: Some(reply),
                handed_over: false,
            },
        }
    }
}

/// What the relay announced in its EHLO reply.
#[derive(Debug, Default, Clone)]
pub(crate) struct Extensions {
    pub(crate) size: Option<usize>,
    pub(crate) eight_bit_mime: bool,
    pub(crate) pipelining: bool,
    pub(crate) starttls: bool,
    pub(crate) auth_plain: bool,
    pub(crate) auth_login: bool,
}

impl Extensions {
    fn from_ehlo(reply: &Reply) -> Extensions {
        let mut ext = Extensions::default();
        // The first line is the greeting name; each further line one extension.
        for line in reply.text.split('\n').skip(1) {
            let mut words = line.split_ascii_whitespace();
            let Some(keyword) = words.next() else {
                continue;
            };
            match keyword.to_ascii_uppercase().as_str() {
                "SIZE" => ext.size = words.next().and_then(|n| n.parse().ok()).filter(|n| *n > 0),
                "8BITMIME" => ext.eight_bit_mime = true,
                "PIPELINING" => ext.pipelining = true,
                "STARTTLS" => ext.starttls = true,
                "AUTH" => {
                    for mech in words {
                        match mech.to_ascii_uppercase().as_str() {
                            "PLAIN" => ext.auth_plain = true,
                            "LOGIN" => ext.auth_login = true,
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        ext
    }
}

pub(crate) struct Connection {
    io: BufReader<Stream>,
    ext: Extensions,
    command_timeout: Duration,
    data_end_timeout: Duration,
    pub(crate) last_used: Instant,
    /// Set when the connection must not be reused (I/O failure, aborted DATA, 421).
    pub(crate) broken: bool,
}

/// A message ready for DATA: dot-stuffed, ending in CRLF, with facts for MAIL FROM.
pub(crate) struct Prepared {
    pub(crate) stuffed: Vec<u8>,
    pub(crate) size: usize,
    pub(crate) eight_bit: bool,
}

/// Checks the message and dot-stuffs it (RFC 5321 §4.5.2). Bare CR or LF are refused rather than
/// repaired: a message that is not what the caller thinks it is should not be sent, and bare
/// newlines around a dot are how SMTP smuggling works.
pub(crate) fn prepare(message: &[u8]) -> Result<Prepared, MessageRejected> {
    if message.is_empty() {
        return Err(MessageRejected::Empty);
    }
    let mut stuffed = Vec::with_capacity(message.len() + message.len() / 64 + 8);
    let body = message.strip_suffix(b"\r\n").unwrap_or(message);
    for (n, line) in split_crlf(body).enumerate() {
        if line.contains(&b'\r') || line.contains(&b'\n') {
            return Err(MessageRejected::BareNewline);
        }
        if line.len() > 998 {
            return Err(MessageRejected::LineTooLong { line: n + 1 });
        }
        if line.first() == Some(&b'.') {
            stuffed.push(b'.');
        }
        stuffed.extend_from_slice(line);
        stuffed.extend_from_slice(b"\r\n");
    }
    Ok(Prepared {
        size: message.len(),
        eight_bit: !message.is_ascii(),
        stuffed,
    })
}

fn split_crlf(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
    let mut rest = Some(bytes);
    std::iter::from_fn(move || {
        let current = rest?;
        match current.windows(2).position(|w| w == b"\r\n") {
            Some(i) => {
                rest = Some(&current[i + 2..]);
                Some(&current[..i])
            }
            None => {
                rest = None;
                Some(current)
            }
        }
    })
}

impl Connection {
    /// Connects, reads the greeting, says EHLO, upgrades with STARTTLS and authenticates as the
    /// configuration says.
    pub(crate) async fn open(
        config: &RelayConfig,
        tls: &Arc<rustls::ClientConfig>,
    ) -> Result<Connection, ClientError> {
        let addr = (config.host.as_str(), config.port);
        let tcp = tokio::time::timeout(config.connect_timeout, TcpStream::connect(addr))
            .await
            .map_err(|_| ClientError::Link("connection timed out".into()))?
            .map_err(|e| ClientError::Link(format!("cannot connect: {e}")))?;
        let _ = tcp.set_nodelay(true);
        let stream = match config.tls {
            TlsMode::Tls => Stream::Tls(Box::new(
                tokio::time::timeout(config.connect_timeout, handshake(config, tls, tcp))
                    .await
                    .map_err(|_| ClientError::Link("TLS handshake timed out".into()))??,
            )),
            TlsMode::None | TlsMode::StartTls => Stream::Plain(tcp),
        };
        let mut conn = Connection {
            io: BufReader::new(stream),
            ext: Extensions::default(),
            command_timeout: config.command_timeout,
            data_end_timeout: config.data_end_timeout,
            last_used: Instant::now(),
            broken: false,
        };
        let greeting = conn.read_reply(conn.command_timeout).await?;
        if greeting.code != 220 {
            return Err(ClientError::Reply(greeting));
        }
        conn.ehlo(&config.helo_name).await?;
        if config.tls == TlsMode::StartTls {
            if !conn.ext.starttls {
                return Err(ClientError::Link(
                    "the relay does not offer STARTTLS (no fallback to plain text)".into(),
                ));
            }
            let reply = conn.command(b"STARTTLS\r\n").await?;
            if reply.code != 220 {
                return Err(ClientError::Reply(reply));
            }
            // Anything the relay sent after its 220 would be read as if it came over TLS.
            if !conn.io.buffer().is_empty() {
                return Err(ClientError::Link("data after the STARTTLS reply".into()));
            }
            let Stream::Plain(tcp) = conn.io.into_inner() else {
                return Err(ClientError::Link("STARTTLS on a TLS connection".into()));
            };
            let tls_stream =
                tokio::time::timeout(config.connect_timeout, handshake(config, tls, tcp))
                    .await
                    .map_err(|_| ClientError::Link("TLS handshake timed out".into()))??;
            conn.io = BufReader::new(Stream::Tls(Box::new(tls_stream)));
            conn.ext = Extensions::default();
            conn.ehlo(&config.helo_name).await?;
        }
        if let Some(creds) = &config.credentials {
            if !matches!(conn.io.get_ref(), Stream::Tls(_)) {
                return Err(ClientError::Link(
                    "refusing to authenticate without TLS".into(),
                ));
            }
            conn.authenticate(&creds.user, creds.password.expose())
                .await?;
        }
        Ok(conn)
    }

    async fn ehlo(&mut self, helo_name: &str) -> Result<(), ClientError> {
        let reply = self
            .command(format!("EHLO {helo_name}\r\n").as_bytes())
            .await?;
        if reply.code == 250 {
            self.ext = Extensions::from_ehlo(&reply);
            return Ok(());
        }
        if reply.is_permanent() {
            // A relay from before ESMTP: no extensions.
            let reply = self
                .command(format!("HELO {helo_name}\r\n").as_bytes())
                .await?;
            if reply.code == 250 {
                self.ext = Extensions::default();
                return Ok(());
            }
            return Err(ClientError::Reply(reply));
        }
        Err(ClientError::Reply(reply))
    }

    async fn authenticate(&mut self, user: &str, password: &str) -> Result<(), ClientError> {
        let reply = if self.ext.auth_plain {
            let token = B64.encode(format!("\0{user}\0{password}"));
            self.command(format!("AUTH PLAIN {token}\r\n").as_bytes())
                .await?
        } else if self.ext.auth_login {
            let r = self.command(b"AUTH LOGIN\r\n").await?;
            if r.code != 334 {
                return Err(ClientError::Reply(r));
            }
            let r = self
                .command(format!("{}\r\n", B64.encode(user)).as_bytes())
                .await?;
            if r.code != 334 {
                return Err(ClientError::Reply(r));
            }
            self.command(format!("{}\r\n", B64.encode(password)).as_bytes())
                .await?
        } else {
            return Err(ClientError::Link(
                "the relay offers neither AUTH PLAIN nor AUTH LOGIN".into(),
            ));
        };
        if reply.code == 235 {
            Ok(())
        } else {
            Err(ClientError::Reply(reply))
        }
    }

    /// Sends NOOP; used to check a connection.
    pub(crate) async fn noop(&mut self) -> Result<(), ClientError> {
        let r = self.command(b"NOOP\r\n").await?;
        if r.code == 250 {
            Ok(())
        } else {
            Err(ClientError::Reply(r))
        }
    }

    pub(crate) async fn quit(mut self) {
        let _ = self.command(b"QUIT\r\n").await;
        let _ = self.io.get_mut().shutdown().await;
    }

    /// Resets after a transaction that ended early, so the connection can be reused.
    async fn reset(&mut self) {
        match self.command(b"RSET\r\n").await {
            Ok(r) if r.code == 250 => {}
            _ => self.broken = true,
        }
    }

    /// One mail transaction. `Err(ClientError)` is returned only for failures before anything
    /// but MAIL FROM was attempted, so the pool may retry those on a fresh connection (the
    /// handover has not run); everything else is already a `SendError`.
    pub(crate) async fn transaction<H, F>(
        &mut self,
        envelope: &Envelope,
        message: &Prepared,
        handover: &mut Option<H>,
    ) -> Result<Result<Accepted, SendError>, ClientError>
    where
        H: FnOnce() -> F + Send,
        F: Future<Output = Result<(), HandoverError>> + Send,
    {
        if message.eight_bit && !self.ext.eight_bit_mime {
            return Ok(Err(MessageRejected::EightBitUnsupported.into()));
        }
        if let Some(limit) = self.ext.size
            && message.size > limit
        {
            return Ok(Err(MessageRejected::TooLarge {
                size: message.size,
                limit,
            }
            .into()));
        }
        let mut mail = format!(
            "MAIL FROM:<{}>",
            envelope.mail_from().map(|a| a.as_str()).unwrap_or("")
        );
        if self.ext.size.is_some() {
            mail.push_str(&format!(" SIZE={}", message.size));
        }
        if message.eight_bit {
            mail.push_str(" BODY=8BITMIME");
        }
        mail.push_str("\r\n");

        let mut refused = Vec::new();
        let mut accepted = 0usize;
        if self.ext.pipelining {
            // RFC 2920: MAIL and every RCPT in one write, replies read in order; DATA waits for
            // them so a refused recipient set never starts a DATA phase.
            let mut batch = mail.into_bytes();
            for rcpt in envelope.recipients() {
                batch.extend_from_slice(format!("RCPT TO:<{rcpt}>\r\n").as_bytes());
            }
            self.write(&batch).await?;
            let mail_reply = self.read_reply(self.command_timeout).await?;
            let mail_ok = mail_reply.code == 250;
            let mut rcpt_replies = Vec::with_capacity(envelope.recipients().len());
            for _ in envelope.recipients() {
                match self.read_reply(self.command_timeout).await {
                    Ok(r) => rcpt_replies.push(r),
                    Err(e) => return Ok(Err(self.link_failure(e, "RCPT TO"))),
                }
            }
            if !mail_ok {
                self.after_refusal(&mail_reply).await;
                return Err(ClientError::Reply(mail_reply));
            }
            for (rcpt, reply) in envelope.recipients().iter().zip(rcpt_replies) {
                if reply.code == 250 || reply.code == 251 {
                    accepted += 1;
                } else {
                    refused.push(RefusedRecipient {
                        address: rcpt.clone(),
                        reply,
                    });
                }
            }
        } else {
            let reply = self.command(mail.as_bytes()).await?;
            if reply.code != 250 {
                self.after_refusal(&reply).await;
                return Err(ClientError::Reply(reply));
            }
            for rcpt in envelope.recipients() {
                let reply = match self
                    .command(format!("RCPT TO:<{rcpt}>\r\n").as_bytes())
                    .await
                {
                    Ok(r) => r,
                    Err(e) => return Ok(Err(self.link_failure(e, "RCPT TO"))),
                };
                if reply.code == 250 || reply.code == 251 {
                    accepted += 1;
                } else {
                    if reply.code == 421 {
                        self.broken = true;
                        return Ok(Err(ClientError::Reply(reply).into_send_error("RCPT TO")));
                    }
                    refused.push(RefusedRecipient {
                        address: rcpt.clone(),
                        reply,
                    });
                }
            }
        }
        if accepted == 0 {
            self.reset().await;
            return Ok(Err(SendError::RecipientsRefused { refused }));
        }

        let reply = match self.command(b"DATA\r\n").await {
            Ok(r) => r,
            Err(e) => return Ok(Err(self.link_failure(e, "DATA"))),
        };
        if reply.code != 354 {
            self.after_refusal(&reply).await;
            return Ok(Err(ClientError::Reply(reply).into_send_error("DATA")));
        }
        let sent = tokio::time::timeout(self.data_end_timeout, async {
            self.io.get_mut().write_all(&message.stuffed).await?;
            self.io.get_mut().flush().await
        })
        .await;
        match sent {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                return Ok(Err(
                    self.link_failure(ClientError::Link(e.to_string()), "message")
                ));
            }
            Err(_) => {
                return Ok(Err(
                    self.link_failure(ClientError::Link("timed out".into()), "message")
                ));
            }
        }

        // The whole message is with the relay except the final dot: now the caller records
        // "handed over". Without a handover (already taken), nothing is sent.
        let Some(handover) = handover.take() else {
            self.broken = true;
            return Ok(Err(SendError::Handover(HandoverError::new(
                "handover already used",
            ))));
        };
        if let Err(e) = handover().await {
            // Never the dot: closing mid-DATA makes the relay discard the transaction
            // (RFC 5321 §3.8). RSET cannot be sent here; it would be message text.
            self.broken = true;
            let _ = self.io.get_mut().shutdown().await;
            return Ok(Err(SendError::Handover(e)));
        }

        let dot = tokio::time::timeout(self.command_timeout, async {
            self.io.get_mut().write_all(b".\r\n").await?;
            self.io.get_mut().flush().await
        })
        .await;
        if !matches!(dot, Ok(Ok(()))) {
            self.broken = true;
            return Ok(Err(SendError::Unconfirmed {
                reason: "the connection failed while writing the end of data".into(),
            }));
        }
        let reply = match self.read_reply(self.data_end_timeout).await {
            Ok(r) => r,
            Err(ClientError::Link(reason))
            | Err(ClientError::Reply(Reply { text: reason, .. })) => {
                self.broken = true;
                return Ok(Err(SendError::Unconfirmed { reason }));
            }
        };
        self.last_used = Instant::now();
        Ok(match reply.code {
            250..=299 => Ok(Accepted { reply, refused }),
            400..=499 => {
                if reply.code == 421 {
                    self.broken = true;
                }
                Err(SendError::Temporary {
                    reason: format!("end of data: {reply}"),
                    reply: Some(reply),
                    handed_over: true,
                })
            }
            500..=599 => Err(SendError::Permanent {
                reply,
                handed_over: true,
            }),
            _ => {
                self.broken = true;
                Err(SendError::Unconfirmed {
                    reason: format!("unexpected reply to the end of data: {reply}"),
                })
            }
        })
    }

    fn link_failure(&mut self, e: ClientError, what: &str) -> SendError {
        self.broken = true;
        e.into_send_error(what)
    }

    /// After a refused MAIL or DATA: 421 means the relay is closing; otherwise RSET.
    async fn after_refusal(&mut self, reply: &Reply) {
        if reply.code == 421 {
            self.broken = true;
        } else {
            self.reset().await;
        }
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        let result = tokio::time::timeout(self.command_timeout, async {
            self.io.get_mut().write_all(bytes).await?;
            self.io.get_mut().flush().await
        })
        .await;
        match result {
            Ok(Ok(())) => Ok(()),
            Ok(Err(e)) => {
                self.broken = true;
                Err(ClientError::Link(format!("write failed: {e}")))
            }
            Err(_) => {
                self.broken = true;
                Err(ClientError::Link("write timed out".into()))
            }
        }
    }

    async fn command(&mut self, line: &[u8]) -> Result<Reply, ClientError> {
        self.write(line).await?;
        self.read_reply(self.command_timeout).await
    }

    /// Reads one (possibly multi-line) reply. Protocol errors and I/O failures mark the
    /// connection broken.
    async fn read_reply(&mut self, limit: Duration) -> Result<Reply, ClientError> {
        match tokio::time::timeout(limit, read_reply(&mut self.io)).await {
            Ok(Ok(r)) => Ok(r),
            Ok(Err(reason)) => {
                self.broken = true;
                Err(ClientError::Link(reason))
            }
            Err(_) => {
                self.broken = true;
                Err(ClientError::Link("no reply in time".into()))
            }
        }
    }
}

use std::future::Future;

async fn handshake(
    config: &RelayConfig,
    tls: &Arc<rustls::ClientConfig>,
    tcp: TcpStream,
) -> Result<TlsStream<TcpStream>, ClientError> {
    let name = rustls::pki_types::ServerName::try_from(config.host.clone())
        .map_err(|_| ClientError::Link("the relay host is not a valid TLS name".into()))?;
    TlsConnector::from(Arc::clone(tls))
        .connect(name, tcp)
        .await
        .map_err(|e| ClientError::Link(format!("TLS handshake failed: {e}")))
}

/// Reads a reply: lines `CODE-text` ending with `CODE text`, all with the same code.
pub(crate) async fn read_reply<R: AsyncBufReadExt + Unpin>(io: &mut R) -> Result<Reply, String> {
    let mut code = None;
    let mut lines: Vec<String> = Vec::new();
    let mut total = 0usize;
    loop {
        let line = read_line(io, MAX_REPLY_LINE).await?;
        total += line.len();
        if total > MAX_REPLY_BYTES || lines.len() >= MAX_REPLY_LINES {
            return Err("reply too long".into());
        }
        let line = line
            .strip_suffix(b"\r\n")
            .or_else(|| line.strip_suffix(b"\n"))
            .unwrap_or(&line);
        if line.len() < 3 || !line[..3].iter().all(u8::is_ascii_digit) {
            return Err("malformed reply".into());
        }
        let this_code = u16::from(line[0] - b'0') * 100
            + u16::from(line[1] - b'0') * 10
            + u16::from(line[2] - b'0');
        if !(200..=599).contains(&this_code) {
            return Err("reply code out of range".into());
        }
        if code.is_some_and(|c| c != this_code) {
            return Err("reply lines with different codes".into());
        }
        code = Some(this_code);
        let (last, text) = match line.get(3) {
            None => (true, &[][..]),
            Some(b' ') => (true, &line[4..]),
            Some(b'-') => (false, &line[4..]),
            Some(_) => return Err("malformed reply".into()),
        };
        let text: String = String::from_utf8_lossy(text)
            .chars()
            .filter(|c| !c.is_control())
            .collect();
        lines.push(text);
        if last {
            break;
        }
    }
    let code = code.ok_or_else(|| "empty reply".to_owned())?;
    let (enhanced, first) = split_enhanced(code, lines.first().map(String::as_str).unwrap_or(""));
    let mut text = first.to_owned();
    for l in lines.iter().skip(1) {
        text.push('\n');
        // Continuation lines repeat the enhanced code; keep only the text.
        text.push_str(split_enhanced(code, l).1);
    }
    Ok(Reply {
        code,
        enhanced,
        text,
    })
}

/// `5.1.1 text` → (`Some("5.1.1")`, `text`) when the class matches the reply code.
fn split_enhanced(code: u16, text: &str) -> (Option<String>, &str) {
    let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
    let parts: Vec<&str> = word.split('.').collect();
    let valid = parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        && parts[0].len() == 1
        && u16::from(parts[0].as_bytes()[0] - b'0') == code / 100;
    if valid {
        (Some(word.to_owned()), rest)
    } else {
        (None, text)
    }
}

/// Reads up to and including LF, refusing lines longer than `max` bytes.
pub(crate) async fn read_line<R: AsyncBufReadExt + Unpin>(
    io: &mut R,
    max: usize,
) -> Result<Vec<u8>, String> {
    let mut line = Vec::new();
    loop {
        let buf = io
            .fill_buf()
            .await
            .map_err(|e| format!("read failed: {e}"))?;
        if buf.is_empty() {
            return Err("connection closed".into());
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if line.len() + take > max {
            return Err("line too long".into());
        }
        line.extend_from_slice(&buf[..take]);
        io.consume(take);
        if done {
            return Ok(line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn reply_of(bytes: &[u8]) -> Result<Reply, String> {
        let mut r = BufReader::new(bytes);
        read_reply(&mut r).await
    }

    #[tokio::test]
    async fn multi_line_replies_and_enhanced_codes() {
        let r = reply_of(b"250-relay.example hello\r\n250-SIZE 1000\r\n250 8BITMIME\r\n")
            .await
            .unwrap();
        assert_eq!(r.code, 250);
        assert_eq!(r.text, "relay.example hello\nSIZE 1000\n8BITMIME");
        let ext = Extensions::from_ehlo(&r);
        assert_eq!(ext.size, Some(1000));
        assert!(ext.eight_bit_mime && !ext.pipelining);

        let r = reply_of(b"550 5.1.1 <x@y.example>: no such user\r\n")
            .await
            .unwrap();
        assert_eq!((r.code, r.enhanced.as_deref()), (550, Some("5.1.1")));
        assert_eq!(r.text, "<x@y.example>: no such user");
        assert!(r.is_permanent());
        let r = reply_of(b"451 4.3.0 try later\r\n").await.unwrap();
        assert!(r.is_temporary());
        let r = reply_of(b"250 2.0.0\r\n").await.unwrap();
        assert_eq!(r.enhanced.as_deref(), Some("2.0.0"));
        let r = reply_of(b"250\r\n").await.unwrap();
        assert_eq!(r.text, "");
    }

    #[tokio::test]
    async fn hostile_replies_are_refused() {
        for bad in [
            &b"25 short\r\n"[..],
            b"abc text\r\n",
            b"250-one\r\n251 two\r\n",
            b"250xtext\r\n",
            b"999 nope\r\n",
            b"250-unfinished\r\n",
            b"",
        ] {
            assert!(
                reply_of(bad).await.is_err(),
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        let long = format!("250 {}\r\n", "x".repeat(5000));
        assert!(reply_of(long.as_bytes()).await.is_err());
        let many = "250-x\r\n".repeat(200) + "250 x\r\n";
        assert!(reply_of(many.as_bytes()).await.is_err());
        let r = reply_of(b"250 a\x1b[31mb\r\n").await.unwrap();
        assert_eq!(r.text, "a[31mb");
    }

    #[test]
    fn prepare_dot_stuffs_and_refuses_bare_newlines() {
        let p = prepare(b"Subject: x\r\n\r\n.line\r\n..two\r\nend").unwrap();
        assert_eq!(p.stuffed, b"Subject: x\r\n\r\n..line\r\n...two\r\nend\r\n");
        assert!(!p.eight_bit);
        let p = prepare(b"a\r\n.\r\n").unwrap();
        assert_eq!(p.stuffed, b"a\r\n..\r\n");
        assert_eq!(prepare(b"a\nb").err(), Some(MessageRejected::BareNewline));
        assert_eq!(
            prepare(b"a\rb\r\n").err(),
            Some(MessageRejected::BareNewline)
        );
        assert_eq!(
            prepare(b"a\r\n\n.\n").err(),
            Some(MessageRejected::BareNewline)
        );
        assert_eq!(prepare(b"").err(), Some(MessageRejected::Empty));
        let long = vec![b'x'; 999];
        assert_eq!(
            prepare(&long).err(),
            Some(MessageRejected::LineTooLong { line: 1 })
        );
        assert!(prepare("é\r\n".as_bytes()).unwrap().eight_bit);
    }
}

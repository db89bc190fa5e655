//! One inbound SMTP session, over any byte stream (a TCP connection, or a scripted buffer in
//! tests and the fuzz target).
//!
//! Choices, all for a listener that only takes replies and bounces addressed to Liaison:
//! - Lines must end in CRLF. A command with a bare LF is refused (500); a message containing a bare
//!   CR or LF is refused after its end (554 5.6.0), and only `CRLF.CRLF` ends DATA — the
//!   inconsistent handling of bare newlines is what SMTP smuggling exploits.
//! - 8BITMIME is announced: bytes are passed to the handler unchanged (replies from modern
//!   clients are often 8-bit). SMTPUTF8 is not: non-ASCII addresses are refused (553), since every
//!   address Liaison hands out is ASCII.
//! - PIPELINING is announced: commands are answered in order and replies are flushed when the
//!   client's pipelined input is used up.
//! - No AUTH, no STARTTLS (yet), no VRFY/EXPN (502), no BDAT/CHUNKING.
//! - Every refused recipient counts as an error, so guessing reply tokens ends the connection
//!   after `max_errors` tries.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

use super::{DeliverVerdict, InboundEnvelope, InboundHandler, InboundLimits, RecipientVerdict};
use crate::address::Address;

/// How a session ended, for the connection log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum End {
    Quit,
    ClientClosed,
    IdleTimeout,
    SessionTimeout,
    TooManyCommands,
    TooManyErrors,
    Io,
}

enum Line {
    /// A line with its terminator removed; `bare_lf` when it ended in LF without CR.
    Text {
        bytes: Vec<u8>,
        bare_lf: bool,
    },
    /// Longer than the limit; the rest up to LF was read and dropped.
    TooLong,
    Closed,
    Timeout,
    Failed,
}

struct Transaction {
    mail_from: Option<Address>,
    recipients: Vec<Address>,
}

pub(crate) struct Session<'a, S> {
    io: BufReader<S>,
    peer: SocketAddr,
    limits: &'a InboundLimits,
    handler: &'a dyn InboundHandler,
    hostname: &'a str,
    helo: Option<String>,
    tx: Option<Transaction>,
    commands: usize,
    errors: usize,
    out: Vec<u8>,
}

/// Serves one connection to its end; never panics, whatever the client sends.
pub(crate) async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    stream: S,
    peer: SocketAddr,
    limits: &InboundLimits,
    handler: &dyn InboundHandler,
    hostname: &str,
) -> End {
    let mut session = Session {
        io: BufReader::with_capacity(8 * 1024, stream),
        peer,
        limits,
        handler,
        hostname,
        helo: None,
        tx: None,
        commands: 0,
        errors: 0,
        out: Vec::with_capacity(512),
    };
    let result = tokio::time::timeout(limits.session_timeout, session.run()).await;
    let end = match result {
        Ok(end) => end,
        Err(_) => {
            session.reply("421 4.4.2 session time limit reached, closing");
            End::SessionTimeout
        }
    };
    let _ = session.flush().await;
    let _ = session.io.get_mut().shutdown().await;
    end
}

impl<S: AsyncRead + AsyncWrite + Unpin> Session<'_, S> {
    async fn run(&mut self) -> End {
        let greeting = format!(
            "220 {} ESMTP Liaison (replies and bounces only)",
            self.hostname
        );
        self.reply(&greeting);
        loop {
            if self.io.buffer().is_empty() && self.flush().await.is_err() {
                return End::Io;
            }
            let line = self.read_line().await;
            let (bytes, bare_lf) = match line {
                Line::Text { bytes, bare_lf } => (bytes, bare_lf),
                Line::TooLong => {
                    self.reply("500 5.5.2 line too long");
                    if let Some(end) = self.count_error() {
                        return end;
                    }
                    continue;
                }
                Line::Closed => return End::ClientClosed,
                Line::Failed => return End::Io,
                Line::Timeout => {
                    self.reply("421 4.4.2 idle too long, closing");
                    return End::IdleTimeout;
                }
            };
            self.commands += 1;
            if self.commands > self.limits.max_commands {
                self.reply("421 4.7.0 too many commands, closing");
                return End::TooManyCommands;
            }
            if bare_lf {
                self.reply("500 5.5.2 lines must end with CRLF");
                if let Some(end) = self.count_error() {
                    return end;
                }
                continue;
            }
            match self.command(&bytes).await {
                Step::Continue => {}
                Step::Error => {
                    if let Some(end) = self.count_error() {
                        return end;
                    }
                }
                Step::End(end) => return end,
            }
        }
    }

    fn count_error(&mut self) -> Option<End> {
        self.errors += 1;
        if self.errors >= self.limits.max_errors {
            self.reply("421 4.7.0 too many errors, closing");
            Some(End::TooManyErrors)
        } else {
            None
        }
    }

    async fn command(&mut self, line: &[u8]) -> Step {
        let Ok(line) = std::str::from_utf8(line) else {
            self.reply("500 5.5.2 command is not ASCII");
            return Step::Error;
        };
        if !line.is_ascii() || line.bytes().any(|b| b.is_ascii_control() && b != b'\t') {
            self.reply("500 5.5.2 command is not printable ASCII");
            return Step::Error;
        }
        let (verb, arg) = match line.split_once(' ') {
            Some((v, a)) => (v, a.trim()),
            None => (line, ""),
        };
        match verb.to_ascii_uppercase().as_str() {
            "EHLO" | "HELO" => self.helo(verb.eq_ignore_ascii_case("EHLO"), arg),
            "MAIL" => self.mail(arg),
            "RCPT" => self.rcpt(arg).await,
            "DATA" => self.data(arg).await,
            "RSET" => {
                if !arg.is_empty() {
                    self.reply("501 5.5.4 RSET takes no argument");
                    return Step::Error;
                }
                self.tx = None;
                self.reply("250 2.0.0 reset");
                Step::Continue
            }
            "NOOP" => {
                self.reply("250 2.0.0 ok");
                Step::Continue
            }
            "QUIT" => {
                self.reply("221 2.0.0 bye");
                Step::End(End::Quit)
            }
            "HELP" => {
                self.reply("214 2.0.0 this server takes replies and bounces for Liaison only");
                Step::Continue
            }
            "VRFY" | "EXPN" => {
                self.reply("502 5.5.1 command disabled");
                Step::Error
            }
            "AUTH" | "STARTTLS" | "BDAT" | "ETRN" | "TURN" => {
                self.reply("502 5.5.1 command not implemented");
                Step::Error
            }
            "" => {
                self.reply("500 5.5.2 empty command");
                Step::Error
            }
            _ => {
                self.reply("500 5.5.2 command not recognized");
                Step::Error
            }
        }
    }

    fn helo(&mut self, extended: bool, arg: &str) -> Step {
        if arg.is_empty() || arg.len() > 255 || arg.contains(' ') {
            self.reply("501 5.5.4 give your host name");
            return Step::Error;
        }
        self.helo = Some(arg.to_owned());
        self.tx = None;
        if extended {
            let lines = format!(
                "250-{} hello\r\n250-PIPELINING\r\n250-SIZE {}\r\n250-8BITMIME\r\n250 ENHANCEDSTATUSCODES",
                self.hostname, self.limits.max_message_bytes
            );
            self.reply(&lines);
        } else {
            let line = format!("250 {} hello", self.hostname);
            self.reply(&line);
        }
        Step::Continue
    }

    fn mail(&mut self, arg: &str) -> Step {
        if self.helo.is_none() {
            self.reply("503 5.5.1 say EHLO first");
            return Step::Error;
        }
        if self.tx.is_some() {
            self.reply("503 5.5.1 a transaction is already open");
            return Step::Error;
        }
        let Some(rest) = strip_prefix_ignore_case(arg, "FROM:") else {
            self.reply("501 5.5.4 syntax: MAIL FROM:<address>");
            return Step::Error;
        };
        let Some((path, params)) = split_path(rest.trim_start()) else {
            self.reply("501 5.5.4 syntax: MAIL FROM:<address>");
            return Step::Error;
        };
        for param in params.split_ascii_whitespace() {
            let (key, value) = param.split_once('=').unwrap_or((param, ""));
            match key.to_ascii_uppercase().as_str() {
                "SIZE" => match value.parse::<usize>() {
                    Ok(n) if n > self.limits.max_message_bytes => {
                        self.reply("552 5.3.4 message too big");
                        return Step::Error;
                    }
                    Ok(_) => {}
                    Err(_) => {
                        self.reply("501 5.5.4 bad SIZE");
                        return Step::Error;
                    }
                },
                "BODY"
                    if value.eq_ignore_ascii_case("7BIT")
                        || value.eq_ignore_ascii_case("8BITMIME") => {}
                "SMTPUTF8" => {
                    self.reply("555 5.6.7 SMTPUTF8 is not supported");
                    return Step::Error;
                }
                _ => {
                    self.reply("555 5.5.4 unsupported MAIL parameter");
                    return Step::Error;
                }
            }
        }
        let mail_from = if path.is_empty() {
            None
        } else {
            match Address::parse(path) {
                Ok(a) => Some(a),
                Err(_) => {
                    self.reply("553 5.1.7 sender address not accepted");
                    return Step::Error;
                }
            }
        };
        self.tx = Some(Transaction {
            mail_from,
            recipients: Vec::new(),
        });
        self.reply("250 2.1.0 sender ok");
        Step::Continue
    }

    async fn rcpt(&mut self, arg: &str) -> Step {
        let Some(count) = self.tx.as_ref().map(|t| t.recipients.len()) else {
            self.reply("503 5.5.1 MAIL first");
            return Step::Error;
        };
        let Some(rest) = strip_prefix_ignore_case(arg, "TO:") else {
            self.reply("501 5.5.4 syntax: RCPT TO:<address>");
            return Step::Error;
        };
        let Some((path, params)) = split_path(rest.trim_start()) else {
            self.reply("501 5.5.4 syntax: RCPT TO:<address>");
            return Step::Error;
        };
        if !params.trim().is_empty() {
            self.reply("555 5.5.4 RCPT parameters are not supported");
            return Step::Error;
        }
        if count >= self.limits.max_recipients {
            self.reply("452 4.5.3 too many recipients");
            return Step::Error;
        }
        let Ok(rcpt) = Address::parse(path) else {
            self.reply("553 5.1.3 recipient address not accepted");
            return Step::Error;
        };
        match self.handler.accept_recipient(&rcpt).await {
            RecipientVerdict::Accept => {
                if let Some(tx) = self.tx.as_mut()
                    && !tx.recipients.contains(&rcpt)
                {
                    tx.recipients.push(rcpt);
                }
                self.reply("250 2.1.5 recipient ok");
                Step::Continue
            }
            RecipientVerdict::Reject(text) => {
                let line = format!("550 5.1.1 {}", reply_text(&text, "no such recipient"));
                self.reply(&line);
                Step::Error
            }
        }
    }

    async fn data(&mut self, arg: &str) -> Step {
        if !arg.is_empty() {
            self.reply("501 5.5.4 DATA takes no argument");
            return Step::Error;
        }
        let Some(tx) = self.tx.take() else {
            self.reply("503 5.5.1 MAIL first");
            return Step::Error;
        };
        if tx.recipients.is_empty() {
            self.tx = Some(tx);
            self.reply("554 5.5.1 no valid recipients");
            return Step::Error;
        }
        self.reply("354 end data with <CR><LF>.<CR><LF>");
        if self.flush().await.is_err() {
            return Step::End(End::Io);
        }

        let mut message = Vec::with_capacity(8 * 1024);
        let mut too_big = false;
        let mut bad_newline = false;
        let mut too_long = false;
        loop {
            match self.read_line().await {
                Line::Text { bytes, bare_lf } => {
                    if bare_lf {
                        // `.\n` does not end the message; it is refused with the rest.
                        bad_newline = true;
                    }
                    if !bare_lf && bytes == b"." {
                        break;
                    }
                    if bytes.contains(&b'\r') || bytes.contains(&b'\n') {
                        bad_newline = true;
                    }
                    let line = bytes.strip_prefix(b".").unwrap_or(&bytes);
                    if message.len() + line.len() + 2 > self.limits.max_message_bytes {
                        too_big = true;
                    } else if !too_big {
                        message.extend_from_slice(line);
                        message.extend_from_slice(b"\r\n");
                    }
                }
                Line::TooLong => too_long = true,
                Line::Closed => return Step::End(End::ClientClosed),
                Line::Failed => return Step::End(End::Io),
                Line::Timeout => {
                    self.reply("421 4.4.2 idle too long, closing");
                    return Step::End(End::IdleTimeout);
                }
            }
        }

        let sender_domain = tx.mail_from.as_ref().map(|a| a.domain().to_owned());
        let refusal = if too_big {
            Some("552 5.3.4 message too big".to_owned())
        } else if too_long {
            Some("500 5.5.2 line too long in message".to_owned())
        } else if bad_newline {
            Some("554 5.6.0 bare CR or LF in message".to_owned())
        } else {
            None
        };
        let reply = match refusal {
            Some(r) => r,
            None => {
                let envelope = InboundEnvelope {
                    peer: self.peer,
                    helo: self.helo.clone().unwrap_or_default(),
                    mail_from: tx.mail_from,
                    recipients: tx.recipients.clone(),
                };
                match self.handler.deliver(&envelope, &message).await {
                    DeliverVerdict::Accepted => "250 2.0.0 accepted".to_owned(),
                    DeliverVerdict::Temporary(t) => {
                        format!("451 4.3.0 {}", reply_text(&t, "try again later"))
                    }
                    DeliverVerdict::Permanent(t) => {
                        format!("554 5.7.1 {}", reply_text(&t, "message refused"))
                    }
                }
            }
        };
        // One line per message, never its content nor the recipients' local parts: those are
        // reply tokens, which acknowledge a ping.
        tracing::info!(
            peer = %self.peer.ip(),
            sender_domain = sender_domain.as_deref().unwrap_or("<>"),
            recipients = tx.recipients.len(),
            bytes = message.len(),
            reply = %reply.get(..3).unwrap_or(""),
            "inbound message"
        );
        let accepted = reply.starts_with('2');
        self.reply(&reply);
        if accepted {
            Step::Continue
        } else {
            Step::Error
        }
    }

    fn reply(&mut self, text: &str) {
        self.out.extend_from_slice(text.as_bytes());
        self.out.extend_from_slice(b"\r\n");
    }

    async fn flush(&mut self) -> std::io::Result<()> {
        if self.out.is_empty() {
            return Ok(());
        }
        let out = std::mem::take(&mut self.out);
        let limit = self.limits.idle_timeout;
        match tokio::time::timeout(limit, async {
            self.io.get_mut().write_all(&out).await?;
            self.io.get_mut().flush().await
        })
        .await
        {
            Ok(r) => r,
            Err(_) => Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "write timed out",
            )),
        }
    }

    async fn read_line(&mut self) -> Line {
        read_line(
            &mut self.io,
            self.limits.max_line_bytes,
            self.limits.idle_timeout,
        )
        .await
    }
}

enum Step {
    Continue,
    Error,
    End(End),
}

/// Reads one line of at most `max` bytes including its CRLF. An over-long line is read to its
/// end and dropped, so the session stays in step with the client.
async fn read_line<R: AsyncBufReadExt + Unpin>(io: &mut R, max: usize, idle: Duration) -> Line {
    let mut line = Vec::new();
    let mut overflow = false;
    loop {
        let buf = match tokio::time::timeout(idle, io.fill_buf()).await {
            Err(_) => return Line::Timeout,
            Ok(Err(_)) => return Line::Failed,
            Ok(Ok(buf)) => buf,
        };
        if buf.is_empty() {
            return Line::Closed;
        }
        let (take, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => (i + 1, true),
            None => (buf.len(), false),
        };
        if !overflow {
            if line.len() + take > max {
                overflow = true;
                line.clear();
            } else {
                line.extend_from_slice(&buf[..take]);
            }
        }
        io.consume(take);
        if done {
            if overflow {
                return Line::TooLong;
            }
            line.pop(); // the LF
            let bare_lf = line.last() != Some(&b'\r');
            if !bare_lf {
                line.pop();
            }
            return Line::Text {
                bytes: line,
                bare_lf,
            };
        }
    }
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// `<path> params` → (`path`, `params`); source routes (`<@a:b@c>`) are refused.
fn split_path(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix('<')?;
    let end = rest.find('>')?;
    let path = &rest[..end];
    if path.starts_with('@') || path.contains(['<', ' ']) {
        return None;
    }
    let params = &rest[end + 1..];
    if !params.is_empty() && !params.starts_with(' ') {
        return None;
    }
    Some((path, params))
}

/// Handler text made safe for a reply line: printable ASCII, bounded.
fn reply_text(text: &str, fallback: &str) -> String {
    let clean: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '?'
            }
        })
        .take(200)
        .collect();
    if clean.trim().is_empty() {
        fallback.to_owned()
    } else {
        clean
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::inbound::scripted::Scripted;
    use std::sync::Mutex;

    /// Accepts `ping-*@reply.un.example`, records deliveries.
    #[derive(Default)]
    pub(crate) struct Recorder {
        pub(crate) delivered: Mutex<Vec<(InboundEnvelope, Vec<u8>)>>,
        pub(crate) verdict: Mutex<Option<DeliverVerdict>>,
    }

    #[async_trait::async_trait]
    impl InboundHandler for Recorder {
        async fn accept_recipient(&self, rcpt: &Address) -> RecipientVerdict {
            if rcpt.domain() == "reply.un.example" && rcpt.local_part().starts_with("ping-") {
                RecipientVerdict::Accept
            } else {
                RecipientVerdict::Reject("not a reply address\r\n250 injected".into())
            }
        }
        async fn deliver(&self, envelope: &InboundEnvelope, message: &[u8]) -> DeliverVerdict {
            self.delivered
                .lock()
                .unwrap()
                .push((envelope.clone(), message.to_vec()));
            self.verdict
                .lock()
                .unwrap()
                .clone()
                .unwrap_or(DeliverVerdict::Accepted)
        }
    }

    fn peer() -> SocketAddr {
        "192.0.2.7:40000".parse().unwrap()
    }

    async fn dialogue_with(
        limits: &InboundLimits,
        handler: &Recorder,
        input: &str,
    ) -> (End, Vec<String>) {
        let mut stream = Scripted::new(input.as_bytes());
        let end = serve(&mut stream, peer(), limits, handler, "mx.un.example").await;
        let out = String::from_utf8(stream.output).unwrap();
        let codes = out
            .split("\r\n")
            .filter(|l| l.len() >= 4 && l.as_bytes()[3] == b' ')
            .map(|l| l[..3].to_owned())
            .collect();
        (end, codes)
    }

    async fn dialogue(input: &str) -> (End, Vec<String>, Recorder) {
        let h = Recorder::default();
        let (end, codes) = dialogue_with(&InboundLimits::default(), &h, input).await;
        (end, codes, h)
    }

    const MSG: &str =
        "From: a@b.example\r\nSubject: Re: ping\r\n\r\nReceived, thank you.\r\n..dot line\r\n";

    #[tokio::test]
    async fn a_reply_is_accepted_and_handed_to_the_handler() {
        let input = format!(
            "EHLO client.example\r\nMAIL FROM:<poc@eg.example> SIZE=100 BODY=8BITMIME\r\nRCPT TO:<ping-AbC123@reply.un.example>\r\nDATA\r\n{MSG}.\r\nQUIT\r\n"
        );
        let (end, codes, h) = dialogue(&input).await;
        assert_eq!(end, End::Quit);
        assert_eq!(codes, ["220", "250", "250", "250", "354", "250", "221"]);
        let delivered = h.delivered.lock().unwrap();
        let (env, msg) = &delivered[0];
        assert_eq!(env.helo, "client.example");
        assert_eq!(env.mail_from.as_ref().unwrap().as_str(), "poc@eg.example");
        assert_eq!(env.recipients[0].local_part(), "ping-AbC123");
        assert_eq!(
            String::from_utf8_lossy(msg),
            MSG.replace("\r\n..dot", "\r\n.dot")
        );
    }

    #[tokio::test]
    async fn pipelined_commands_are_answered_in_order() {
        let input = format!(
            "EHLO c.example\r\nMAIL FROM:<>\r\nRCPT TO:<ping-1@reply.un.example>\r\nRCPT TO:<other@elsewhere.example>\r\nRCPT TO:<ping-2@reply.un.example>\r\nDATA\r\n{MSG}.\r\nMAIL FROM:<x@y.example>\r\nRSET\r\nQUIT\r\n"
        );
        let (end, codes, h) = dialogue(&input).await;
        assert_eq!(end, End::Quit);
        assert_eq!(
            codes,
            [
                "220", "250", "250", "250", "550", "250", "354", "250", "250", "250", "221"
            ]
        );
        let delivered = h.delivered.lock().unwrap();
        assert_eq!(
            delivered[0].0.mail_from, None,
            "null reverse path of a bounce"
        );
        assert_eq!(delivered[0].0.recipients.len(), 2);
    }

    #[tokio::test]
    async fn handler_reject_text_cannot_inject_replies() {
        let (_, _, _) = dialogue("").await;
        let h = Recorder::default();
        let mut stream = Scripted::new(
            b"EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<x@y.example>\r\nQUIT\r\n",
        );
        serve(
            &mut stream,
            peer(),
            &InboundLimits::default(),
            &h,
            "mx.un.example",
        )
        .await;
        let out = String::from_utf8(stream.output).unwrap();
        assert!(
            out.contains("550 5.1.1 not a reply address??250 injected\r\n"),
            "{out}"
        );
    }

    #[tokio::test]
    async fn open_relay_auth_vrfy_and_bad_order_are_refused() {
        let input = "MAIL FROM:<a@b.example>\r\nEHLO c.example\r\nRCPT TO:<ping-1@reply.un.example>\r\nVRFY root\r\nEXPN staff\r\nAUTH PLAIN AGFkbWluAHNlY3JldA==\r\nSTARTTLS\r\nDATA\r\nMAIL FROM:<a@b.example>\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<victim@gmail.example>\r\nDATA\r\nQUIT\r\n";
        let (end, codes, h) = dialogue(input).await;
        assert_eq!(end, End::TooManyErrors);
        assert_eq!(
            codes,
            [
                "220", "503", "250", "503", "502", "502", "502", "502", "503", "250", "503", "550",
                "554", "421"
            ]
        );
        assert!(h.delivered.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn syntax_errors_and_unsupported_parameters() {
        let input = "EHLO\r\nHELO c.example\r\nMAIL FROM:a@b.example\r\nMAIL FROM:<a@b.example> SMTPUTF8\r\nMAIL FROM:<a@b.example> SIZE=99999999\r\nMAIL FROM:<@route:a@b.example>\r\nMAIL FROM:<bad address>\r\nmail from: <a@b.example>\r\nRCPT TO:<ping-1@reply.un.example> NOTIFY=NEVER\r\nQUIT\r\n";
        let (end, codes, _) = dialogue(input).await;
        assert_eq!(end, End::Quit);
        assert_eq!(
            codes,
            [
                "220", "501", "250", "501", "555", "552", "501", "501", "250", "555", "221"
            ]
        );
    }

    #[tokio::test]
    async fn too_many_recipients() {
        let limits = InboundLimits {
            max_recipients: 2,
            ..InboundLimits::default()
        };
        let h = Recorder::default();
        let input = "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<ping-1@reply.un.example>\r\nRCPT TO:<ping-2@reply.un.example>\r\nRCPT TO:<ping-3@reply.un.example>\r\nQUIT\r\n";
        let (_, codes) = dialogue_with(&limits, &h, input).await;
        assert_eq!(codes, ["220", "250", "250", "250", "250", "452", "221"]);
    }

    #[tokio::test]
    async fn oversize_message_is_refused_after_its_end_and_nothing_is_delivered() {
        let limits = InboundLimits {
            max_message_bytes: 1000,
            ..InboundLimits::default()
        };
        let h = Recorder::default();
        let body = "x".repeat(900) + "\r\n";
        let input = format!(
            "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<ping-1@reply.un.example>\r\nDATA\r\n{body}{body}.\r\nNOOP\r\nQUIT\r\n"
        );
        let (end, codes) = dialogue_with(&limits, &h, &input).await;
        assert_eq!(end, End::Quit);
        assert_eq!(
            codes,
            ["220", "250", "250", "250", "354", "552", "250", "221"]
        );
        assert!(h.delivered.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn long_lines_and_bare_newlines_are_refused() {
        let long = "x".repeat(1200);
        let input = format!(
            "EHLO c.example\r\nNOOP {long}\r\nNOOP\nMAIL FROM:<a@b.example>\r\nRCPT TO:<ping-1@reply.un.example>\r\nDATA\r\n{long}\r\n.\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<ping-1@reply.un.example>\r\nDATA\r\nSmuggled\n.\nMAIL FROM:<evil@x.example>\r\nbare\rcr\r\n.\r\nQUIT\r\n"
        );
        let (end, codes, h) = dialogue(&input).await;
        assert_eq!(end, End::Quit);
        assert_eq!(
            codes,
            [
                "220", "250", "500", "500", "250", "250", "354", "500", "250", "250", "354", "554",
                "221"
            ]
        );
        assert!(h.delivered.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn temporary_and_permanent_handler_verdicts() {
        let h = Recorder::default();
        *h.verdict.lock().unwrap() = Some(DeliverVerdict::Temporary("database busy".into()));
        let input = format!(
            "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<ping-1@reply.un.example>\r\nDATA\r\n{MSG}.\r\nQUIT\r\n"
        );
        let (_, codes) = dialogue_with(&InboundLimits::default(), &h, &input).await;
        assert_eq!(codes[5], "451");
        *h.verdict.lock().unwrap() = Some(DeliverVerdict::Permanent(String::new()));
        let (_, codes) = dialogue_with(&InboundLimits::default(), &h, &input).await;
        assert_eq!(codes[5], "554");
    }

    #[tokio::test]
    async fn command_limit_closes_the_connection() {
        let limits = InboundLimits {
            max_commands: 5,
            ..InboundLimits::default()
        };
        let h = Recorder::default();
        let (end, codes) = dialogue_with(&limits, &h, &"NOOP\r\n".repeat(20)).await;
        assert_eq!(end, End::TooManyCommands);
        assert_eq!(codes.len(), 1 + 5 + 1);
        assert_eq!(codes.last().unwrap(), "421");
    }

    #[tokio::test(start_paused = true)]
    async fn idle_client_is_closed() {
        let (client, server) = tokio::io::duplex(1024);
        let h = Recorder::default();
        let limits = InboundLimits::default();
        let end = serve(server, peer(), &limits, &h, "mx.un.example").await;
        assert_eq!(end, End::IdleTimeout);
        drop(client);
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(200))]
        #[test]
        fn never_panics_on_random_input(
            chunks in proptest::collection::vec(
                proptest::prop_oneof![
                    proptest::arbitrary::any::<Vec<u8>>(),
                    proptest::sample::select(vec![
                        b"EHLO x.example\r\n".to_vec(), b"MAIL FROM:<a@b.example>\r\n".to_vec(),
                        b"RCPT TO:<ping-1@reply.un.example>\r\n".to_vec(), b"DATA\r\n".to_vec(),
                        b".\r\n".to_vec(), b"\r\n".to_vec(), b"\n".to_vec(), b"RSET\r\n".to_vec(),
                        b"MAIL FROM:<>\r\n".to_vec(),
                    ]),
                ],
                0..40,
            )
        ) {
            let input: Vec<u8> = chunks.concat();
            let rt = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
            let h = Recorder::default();
            let limits = InboundLimits { max_message_bytes: 2000, ..InboundLimits::default() };
            let out = rt.block_on(async {
                let mut s = Scripted::new(&input);
                serve(&mut s, peer(), &limits, &h, "mx.un.example").await;
                s.output
            });
            // Every reply line is CRLF-terminated printable ASCII starting with a code.
            let text = String::from_utf8(out).unwrap();
            proptest::prop_assert!(text.ends_with("\r\n"));
            for line in text.trim_end_matches("\r\n").split("\r\n") {
                proptest::prop_assert!(line.len() >= 4 && line.as_bytes()[..3].iter().all(u8::is_ascii_digit), "{:?}", line);
                proptest::prop_assert!(line.bytes().all(|b| b.is_ascii_graphic() || b == b' '));
            }
        }
    }
}

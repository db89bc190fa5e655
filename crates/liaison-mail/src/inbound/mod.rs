//! A small inbound SMTP listener for replies to per-challenge addresses and for bounces.

pub(crate) mod scripted;
mod session;

#[cfg(test)]
mod client_tests;

use std::future::Future;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use crate::address::Address;

/// Limits of the listener; the defaults suit replies and bounces, which are small.
#[derive(Debug, Clone)]
pub struct InboundLimits {
    /// Largest message accepted, announced with SIZE (default 1 MiB).
    pub max_message_bytes: usize,
    /// Longest line, CRLF included (RFC 5321's 1000).
    pub max_line_bytes: usize,
    /// Most accepted recipients per message (default 10).
    pub max_recipients: usize,
    /// Most commands on one connection before it is closed (default 100).
    pub max_commands: usize,
    /// Most failed commands on one connection before it is closed (default 10).
    pub max_errors: usize,
    /// Most connections served at once; more are answered 421 and closed (default 32).
    pub max_connections: usize,
    /// Longest wait for the client's next line (default 60 s).
    pub idle_timeout: Duration,
    /// Longest a connection may last in all (default 5 min).
    pub session_timeout: Duration,
}

impl Default for InboundLimits {
    fn default() -> Self {
        InboundLimits {
            max_message_bytes: 1024 * 1024,
            max_line_bytes: 1000,
            max_recipients: 10,
            max_commands: 100,
            max_errors: 10,
            max_connections: 32,
            idle_timeout: Duration::from_secs(60),
            session_timeout: Duration::from_secs(300),
        }
    }
}

/// The envelope of a received message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundEnvelope {
    pub peer: SocketAddr,
    /// The name the client gave in EHLO/HELO (as given, checked for printable ASCII only).
    pub helo: String,
    /// `None` for the null reverse path `<>` (bounces and other notifications).
    pub mail_from: Option<Address>,
    /// The recipients the handler accepted, in order.
    pub recipients: Vec<Address>,
}

/// The handler's answer to `RCPT TO`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecipientVerdict {
    Accept,
    /// Refused with 550 and this text (control characters are removed before it is sent).
    Reject(String),
}

/// The handler's answer to a whole message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliverVerdict {
    /// 250: the handler has taken responsibility (recorded it).
    Accepted,
    /// 451: the sender should try again later (e.g. the database is unavailable).
    Temporary(String),
    /// 554: refused for good.
    Permanent(String),
}

/// What the listener asks the application. Only recipients the handler accepts are taken (no
/// open relay), and `deliver` is called only after the whole message arrived within limits.
#[async_trait::async_trait]
pub trait InboundHandler: Send + Sync {
    async fn accept_recipient(&self, rcpt: &Address) -> RecipientVerdict;
    async fn deliver(&self, envelope: &InboundEnvelope, message: &[u8]) -> DeliverVerdict;
}

/// A bound listener; call [`InboundServer::run`] to serve.
pub struct InboundServer {
    listener: tokio::net::TcpListener,
    limits: InboundLimits,
    handler: Arc<dyn InboundHandler>,
    hostname: String,
}

impl InboundServer {
    pub async fn bind(
        addr: SocketAddr,
        limits: InboundLimits,
        handler: Arc<dyn InboundHandler>,
    ) -> std::io::Result<InboundServer> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        Ok(InboundServer {
            listener,
            limits,
            handler,
            hostname: "localhost".to_owned(),
        })
    }

    /// The name in the greeting and EHLO reply (default `localhost`); must be a host name.
    pub fn with_hostname(mut self, hostname: &str) -> Self {
        if crate::address::is_host_name(hostname) {
            hostname.clone_into(&mut self.hostname);
        }
        self
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes; connections in progress are then given up to the
    /// idle timeout to finish, and cut after that.
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send) -> std::io::Result<()> {
        let InboundServer {
            listener,
            limits,
            handler,
            hostname,
        } = self;
        let limits = Arc::new(limits);
        let hostname: Arc<str> = Arc::from(hostname);
        let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
        let mut sessions = tokio::task::JoinSet::new();
        tokio::pin!(shutdown);
        loop {
            while sessions.try_join_next().is_some() {}
            let (stream, peer) = tokio::select! {
                () = &mut shutdown => break,
                accepted = listener.accept() => match accepted {
                    Ok(pair) => pair,
                    // Per-connection failures (reset before accept, out of descriptors) must not
                    // stop the listener; a short pause keeps a persistent one from spinning.
                    Err(e) => {
                        tracing::warn!(error = %e, "inbound SMTP accept failed");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
            };
            let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                tracing::warn!(peer = %peer.ip(), "inbound SMTP connection refused: too many connections");
                sessions.spawn(async move {
                    let mut stream = stream;
                    let _ = tokio::time::timeout(Duration::from_secs(5), async {
                        use tokio::io::AsyncWriteExt;
                        let _ = stream
                            .write_all(b"421 4.3.2 too many connections, try later\r\n")
                            .await;
                        let _ = stream.shutdown().await;
                    })
                    .await;
                });
                continue;
            };
            let limits = Arc::clone(&limits);
            let handler = Arc::clone(&handler);
            let hostname = Arc::clone(&hostname);
            sessions.spawn(async move {
                let _ = stream.set_nodelay(true);
                let end = session::serve(stream, peer, &limits, handler.as_ref(), &hostname).await;
                if !matches!(end, session::End::Quit | session::End::ClientClosed) {
                    tracing::info!(peer = %peer.ip(), end = ?end, "inbound SMTP connection closed");
                }
                drop(slot);
            });
        }
        drop(listener);
        let idle = limits.idle_timeout;
        let _ = tokio::time::timeout(idle, async {
            while sessions.join_next().await.is_some() {}
        })
        .await;
        sessions.abort_all();
        Ok(())
    }
}

//! A small pool of relay connections: at most `max_connections` open, idle ones reused so that
//! sending thousands of messages costs one connection setup per worker, not per message.

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tokio::sync::Semaphore;

use super::client::{self, ClientError, Connection};
use super::{Accepted, Envelope, HandoverError, RelayConfig, RelayConfigError, SendError};

pub(crate) struct Pool {
    config: RelayConfig,
    tls: Arc<rustls::ClientConfig>,
    idle: Mutex<Vec<Connection>>,
    permits: Semaphore,
}

impl Pool {
    pub(crate) fn new(config: RelayConfig) -> Result<Pool, RelayConfigError> {
        let tls = super::tls::client_config(config.extra_ca_pem.as_deref())
            .map_err(|e| RelayConfigError::TlsSetup(e.to_string()))?;
        Ok(Pool {
            permits: Semaphore::new(config.max_connections),
            config,
            tls,
            idle: Mutex::new(Vec::new()),
        })
    }

    pub(crate) fn config(&self) -> &RelayConfig {
        &self.config
    }

    pub(crate) async fn check(&self) -> Result<(), SendError> {
        let mut conn = Connection::open(&self.config, &self.tls)
            .await
            .map_err(|e| classify(e, "connect"))?;
        conn.noop().await.map_err(|e| classify(e, "NOOP"))?;
        conn.quit().await;
        Ok(())
    }

    fn take_idle(&self) -> Option<Connection> {
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        while let Some(conn) = idle.pop() {
            // Relays drop idle clients after a while (often 60–300 s); a connection idle for
            // longer than `idle_keep` is more likely dead than alive.
            if conn.last_used.elapsed() <= self.config.idle_keep {
                return Some(conn);
            }
        }
        None
    }

    fn give_back(&self, mut conn: Connection) {
        if conn.broken {
            return;
        }
        conn.last_used = Instant::now();
        let mut idle = self.idle.lock().unwrap_or_else(|p| p.into_inner());
        idle.push(conn);
    }

    pub(crate) async fn send<H, F>(
        &self,
        envelope: &Envelope,
        message: &[u8],
        handover: H,
    ) -> Result<Accepted, SendError>
    where
        H: FnOnce() -> F + Send,
        F: Future<Output = Result<(), HandoverError>> + Send,
    {
        let prepared = client::prepare(message)?;
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| SendError::Temporary {
                reason: "the relay client is shut down".into(),
                reply: None,
                handed_over: false,
            })?;
        let mut handover = Some(handover);
        // A reused connection may have been closed by the relay while idle; that shows at the
        // first command, before anything of this message was sent, so one fresh try is safe.
        let mut fresh_tried = false;
        loop {
            let (mut conn, reused) = match self.take_idle() {
                Some(c) => (c, true),
                None => {
                    fresh_tried = true;
                    let c = Connection::open(&self.config, &self.tls)
                        .await
                        .map_err(|e| classify(e, "connect"))?;
                    tracing::debug!(
                        host = %self.config.host,
                        port = self.config.port,
                        tls = self.config.tls.as_str(),
                        "connected to the SMTP relay"
                    );
                    (c, false)
                }
            };
            match conn.transaction(envelope, &prepared, &mut handover).await {
                Ok(outcome) => {
                    self.give_back(conn);
                    return outcome;
                }
                Err(e) => {
                    let stale = matches!(&e, ClientError::Link(_))
                        || matches!(&e, ClientError::Reply(r) if r.code == 421);
                    self.give_back(conn);
                    if reused && stale && !fresh_tried {
                        continue;
                    }
                    return Err(classify(e, "MAIL FROM"));
                }
            }
        }
    }
}

fn classify(e: ClientError, what: &str) -> SendError {
    match e {
        ClientError::Link(reason) => SendError::Temporary {
            reason: format!("{what}: {reason}"),
            reply: None,
            handed_over: false,
        },
        // Connection-level refusals (greeting, EHLO, STARTTLS, AUTH) are never the recipient's
        // fault, so they stay temporary even when 5xx: the operator fixes the relay or the
        // credentials and the messages go out. A 5xx to MAIL FROM is the message's.
        ClientError::Reply(reply) if reply.is_permanent() && what == "MAIL FROM" => {
            SendError::Permanent {
                reply,
                handed_over: false,
            }
        }
        ClientError::Reply(reply) => SendError::Temporary {
            reason: format!("{what}: {reply}"),
            reply: Some(reply),
            handed_over: false,
        },
    }
}

//! An in-memory stream for driving a session without a socket: tests and the fuzz target.

use std::pin::Pin;
use std::task::{Context, Poll};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Yields a fixed input, then end of stream; records what the server writes.
pub(crate) struct Scripted {
    input: std::io::Cursor<Vec<u8>>,
    pub(crate) output: Vec<u8>,
}

impl Scripted {
    pub(crate) fn new(input: &[u8]) -> Scripted {
        Scripted {
            input: std::io::Cursor::new(input.to_vec()),
            output: Vec::new(),
        }
    }
}

impl AsyncRead for Scripted {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.input).poll_read(cx, buf)
    }
}

impl AsyncWrite for Scripted {
    fn poll_write(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.output.extend_from_slice(buf);
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

/// Accepts `ping-*@reply.example` and every message: enough to reach every state.
struct AcceptPings;

#[async_trait::async_trait]
impl super::InboundHandler for AcceptPings {
    async fn accept_recipient(&self, rcpt: &crate::Address) -> super::RecipientVerdict {
        if rcpt.local_part().starts_with("ping-") {
            super::RecipientVerdict::Accept
        } else {
            super::RecipientVerdict::Reject("no".into())
        }
    }

    async fn deliver(&self, _: &super::InboundEnvelope, _: &[u8]) -> super::DeliverVerdict {
        super::DeliverVerdict::Accepted
    }
}

/// Runs one session over `input` with small limits; returns what the server wrote.
pub(crate) fn run_session(input: &[u8]) -> Vec<u8> {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
    else {
        return Vec::new();
    };
    let limits = super::InboundLimits {
        max_message_bytes: 4096,
        ..super::InboundLimits::default()
    };
    let peer = std::net::SocketAddr::from(([192, 0, 2, 1], 25));
    rt.block_on(async {
        let mut stream = Scripted::new(input);
        super::session::serve(&mut stream, peer, &limits, &AcceptPings, "mx.example").await;
        stream.output
    })
}

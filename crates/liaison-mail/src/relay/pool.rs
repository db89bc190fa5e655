//! A small pool of relay connections (skeleton: filled in by the next commit).

use std::future::Future;

use super::{Accepted, Envelope, HandoverError, RelayConfig, RelayConfigError, SendError};

pub(crate) struct Pool {
    config: RelayConfig,
}

impl Pool {
    pub(crate) fn new(config: RelayConfig) -> Result<Pool, RelayConfigError> {
        Ok(Pool { config })
    }

    pub(crate) fn config(&self) -> &RelayConfig {
        &self.config
    }

    pub(crate) async fn check(&self) -> Result<(), SendError> {
        Err(not_yet())
    }

    pub(crate) async fn send<H, F>(
        &self,
        _envelope: &Envelope,
        _message: &[u8],
        _handover: H,
    ) -> Result<Accepted, SendError>
    where
        H: FnOnce() -> F + Send,
        F: Future<Output = Result<(), HandoverError>> + Send,
    {
        Err(not_yet())
    }
}

fn not_yet() -> SendError {
    SendError::Temporary {
        reason: "not implemented yet".into(),
        reply: None,
        handed_over: false,
    }
}

//! The audit log: append-only and hash-chained (A§7(d), invariant 2). Each record's hash covers
//! its sequence number, content and the previous record's hash, so altering, removing or
//! reordering a stored row breaks the chain at that row.

use jiff::Timestamp;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The hash "before" the first record.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// Something that happened, as the application describes it; the store gives it a sequence
/// number and chains it in the same transaction as the change itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditEvent {
    pub actor: String,
    /// Dotted verb, e.g. `poc.create`, `state.admit`, `token.issue`.
    pub action: String,
    /// The state the record concerns, so a state administrator can read its own state's records.
    pub state: Option<String>,
    /// What the action was applied to: an entry id, a token id, a state code.
    pub subject: Option<String>,
    pub detail: serde_json::Value,
}

/// A stored record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: Timestamp,
    pub actor: String,
    pub action: String,
    pub state: Option<String>,
    pub subject: Option<String>,
    /// JSON text exactly as stored and hashed.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRecord {
    pub fn expected_hash(&self) -> String {
        chain_hash(
            self.seq,
            self.at.as_microsecond(),
            &self.actor,
            &self.action,
            self.state.as_deref(),
            self.subject.as_deref(),
            &self.detail,
            &self.prev_hash,
        )
    }
}

/// SHA-256 over length-prefixed fields, so no choice of field contents can make two different
/// records hash alike.
#[allow(clippy::too_many_arguments)]
pub fn chain_hash(
    seq: i64,
    at_micros: i64,
    actor: &str,
    action: &str,
    state: Option<&str>,
    subject: Option<&str>,
    detail: &str,
    prev_hash: &str,
) -> String {
    let mut h = Sha256::new();
    h.update(b"liaison-audit-v1");
    h.update(seq.to_be_bytes());
    h.update(at_micros.to_be_bytes());
    for field in [
        Some(actor),
        Some(action),
        state,
        subject,
        Some(detail),
        Some(prev_hash),
    ] {
        match field {
            None => h.update([0u8]),
            Some(s) => {
                h.update([1u8]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
        }
    }
    hex::encode(h.finalize())
}

/// Where and why a chain check failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("audit record {seq}: {reason}")]
pub struct ChainBreak {
    pub seq: i64,
    pub reason: BreakReason,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BreakReason {
    #[error("its content does not match its hash (altered)")]
    Altered,
    #[error(
        "it does not follow the previous record (a record before it was removed or reordered; expected sequence {expected})"
    )]
    Gap { expected: i64 },
    #[error("its previous-hash link does not match the record before it (removed or reordered)")]
    BrokenLink,
    #[error(
        "the log ends before the recorded head (records at the end were removed; head is {head_seq})"
    )]
    Truncated { head_seq: i64 },
    #[error("the log continues past the recorded head")]
    PastHead,
    #[error("the record could not be read: {0}")]
    Unreadable(String),
    #[error(
        "the log does not hold the anchored record with its published hash (rewritten or truncated)"
    )]
    AnchorMismatch,
}

/// Incremental verifier: feed records in sequence order.
pub struct ChainVerifier {
    expected_seq: i64,
    prev_hash: String,
    pub checked: u64,
}

impl Default for ChainVerifier {
    fn default() -> Self {
        Self {
            expected_seq: 1,
            prev_hash: GENESIS_HASH.to_owned(),
            checked: 0,
        }
    }
}

impl ChainVerifier {
    pub fn check(&mut self, r: &AuditRecord) -> Result<(), ChainBreak> {
        if r.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: r.seq,
                reason: BreakReason::Gap {
                    expected: self.expected_seq,
                },
            });
        }
        if r.prev_hash != self.prev_hash {
            return Err(ChainBreak {
                seq: r.seq,
                reason: BreakReason::BrokenLink,
            });
        }
        if r.expected_hash() != r.hash {
            return Err(ChainBreak {
                seq: r.seq,
                reason: BreakReason::Altered,
            });
        }
        self.expected_seq += 1;
        self.prev_hash = r.hash.clone();
        self.checked += 1;
        Ok(())
    }

    /// Compare the end of the log with the head the store keeps (catches removal of the last
    /// records).
    pub fn finish(&self, head: Option<(i64, &str)>) -> Result<(), ChainBreak> {
        let last = self.expected_seq - 1;
        match head {
            None if last == 0 => Ok(()),
            None => Err(ChainBreak {
                seq: last,
                reason: BreakReason::PastHead,
            }),
            Some((seq, hash)) if seq == last && hash == self.prev_hash => Ok(()),
            Some((seq, _)) if seq > last => Err(ChainBreak {
                seq: last + 1,
                reason: BreakReason::Truncated { head_seq: seq },
            }),
            Some((seq, _)) if seq < last => Err(ChainBreak {
                seq: seq + 1,
                reason: BreakReason::PastHead,
            }),
            Some((seq, _)) => Err(ChainBreak {
                seq,
                reason: BreakReason::Altered,
            }),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<AuditRecord> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut r = AuditRecord {
                    seq,
                    at: Timestamp::from_second(1_700_000_000 + seq).unwrap(),
                    actor: "operator:test".into(),
                    action: "poc.create".into(),
                    state: Some("FR".into()),
                    subject: Some(format!("id-{seq}")),
                    detail: format!("{{\"n\":{seq}}}"),
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                r.hash = r.expected_hash();
                prev = r.hash.clone();
                r
            })
            .collect()
    }

    fn verify(rs: &[AuditRecord]) -> Result<(), ChainBreak> {
        let mut v = ChainVerifier::default();
        for r in rs {
            v.check(r)?;
        }
        let last = rs.last().map(|r| (r.seq, r.hash.as_str()));
        v.finish(last)
    }

    #[test]
    fn intact_chain_verifies() {
        assert!(verify(&chain(5)).is_ok());
    }

    #[test]
    fn tampering_is_located() {
        let mut c = chain(5);
        c[2].detail = "{\"n\":99}".into();
        assert_eq!(verify(&c).unwrap_err().seq, 3);

        let mut c = chain(5);
        c.remove(1);
        assert_eq!(verify(&c).unwrap_err().seq, 3);

        let mut c = chain(5);
        c.swap(1, 2);
        assert_eq!(verify(&c).unwrap_err().seq, 3);

        // Renumbering after a removal still breaks the link.
        let mut c = chain(5);
        c.remove(1);
        for (i, r) in c.iter_mut().enumerate() {
            r.seq = i as i64 + 1;
        }
        assert_eq!(verify(&c).unwrap_err().seq, 2);
    }

    #[test]
    fn truncation_against_head() {
        let c = chain(5);
        let mut v = ChainVerifier::default();
        for r in &c[..3] {
            v.check(r).unwrap();
        }
        let e = v.finish(Some((5, &c[4].hash))).unwrap_err();
        assert_eq!(e.seq, 4);
    }
}

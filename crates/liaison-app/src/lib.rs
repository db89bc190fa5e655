//! Use cases: one function per thing a person or operator does. The web API, the CLI and (later)
//! the HTML pages all call these; none of them adds rules of its own.
//!
//! `Liaison` also keeps a read model of the directory in memory (entries, participation, a
//! search index), fed by its own writes and by the audit log, which doubles as a change feed so
//! several replicas on one PostgreSQL database converge within a poll interval.

pub mod accounts;
pub mod auth;
mod cache;
mod error;
pub mod import;
mod keys;
pub mod passkeys;
pub mod people;
pub mod ping;
mod sessions;
pub mod threads;
mod tokens;
mod usecases;

pub use error::AppError;
pub use import::{ImportLineResult, ImportReport, NormalisedLine, RawLine};
pub use sessions::{SignedIn, user_actor};
pub use tokens::{IssuedToken, operator};
pub use usecases::{Page, PocFilter, StateOverview, verify_audit_chain};

use cache::Directory;
use liaison_core::Clock;
use liaison_search::SearchIndex;
use liaison_store::Store;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// The application: store, clock, and the in-memory read model.
pub struct Liaison {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    directory: RwLock<Directory>,
    search: SearchIndex,
    /// Last audit sequence number reflected in the read model.
    feed_seq: AtomicI64,
    /// Moves on after every change to the read model (`directory_generation`).
    generation: AtomicU64,
    /// Authenticated tokens by secret hash, with when they were looked up.
    token_cache: Mutex<HashMap<String, (liaison_core::token::ApiToken, std::time::Instant)>>,
    /// How this server runs ping campaigns (`--ping-window`, `--ping-every`).
    ping: RwLock<ping::PingSettings>,
    /// `--pgp-mime-bridge`: every message's ciphertext is also e-mailed to its recipients.
    pgp_mime_bridge: std::sync::atomic::AtomicBool,
}

impl Liaison {
    /// Turns the PGP/MIME bridge on: from now on, each copy of a thread message is also
    /// queued as an RFC 3156 e-mail to every address of the entries it is encrypted for.
    pub fn set_pgp_mime_bridge(&self, on: bool) {
        self.pgp_mime_bridge
            .store(on, std::sync::atomic::Ordering::SeqCst);
    }

    pub fn pgp_mime_bridge(&self) -> bool {
        self.pgp_mime_bridge
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Build the read model from the store (start-up).
    pub async fn open(store: Arc<dyn Store>, clock: Arc<dyn Clock>) -> Result<Arc<Self>, AppError> {
        let search = SearchIndex::in_memory()?;
        let app = Liaison {
            store,
            clock,
            directory: RwLock::new(Directory::default()),
            search,
            feed_seq: AtomicI64::new(0),
            generation: AtomicU64::new(0),
            token_cache: Mutex::new(HashMap::new()),
            ping: RwLock::new(ping::PingSettings::default()),
            pgp_mime_bridge: std::sync::atomic::AtomicBool::new(false),
        };
        app.reload_all().await?;
        Ok(Arc::new(app))
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Set how this server runs ping campaigns (at start-up).
    pub fn configure_pings(&self, settings: ping::PingSettings) {
        *self.ping.write().unwrap_or_else(|p| p.into_inner()) = settings;
    }

    pub fn ping_settings(&self) -> ping::PingSettings {
        self.ping.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }

    /// Number of entries (active and retired) in the read model.
    pub fn entry_count(&self) -> usize {
        self.read_dir().len()
    }

    async fn reload_all(&self) -> Result<(), AppError> {
        // Read the head first: anything committed after it is picked up by the feed.
        let (head, _) = self.store.audit_head().await?;
        let pocs = self.store.all_pocs().await?;
        let participation = self.store.participation().await?;
        let acknowledged = self.store.last_acknowledgements().await?;
        let docs: Vec<_> = pocs.iter().map(cache::search_doc).collect();
        self.search.upsert(&docs)?;
        let mut d = Directory::default();
        d.replace_all(pocs, participation);
        for (poc, at) in acknowledged {
            d.set_verified(poc, at);
        }
        *self.write_dir() = d;
        self.feed_seq.store(head, Ordering::SeqCst);
        Ok(())
    }

    /// Apply what other processes wrote since the last call (run periodically by the server).
    pub async fn follow_changes(&self) -> Result<usize, AppError> {
        let mut applied = 0;
        loop {
            let after = self.feed_seq.load(Ordering::SeqCst);
            let records = self.store.audit_after(after, 500).await?;
            if records.is_empty() {
                return Ok(applied);
            }
            let mut pocs = Vec::new();
            let mut verified = Vec::new();
            let mut participation = false;
            for r in &records {
                match (r.action.split('.').next(), r.subject.as_deref()) {
                    (Some("poc"), Some(id)) => {
                        if let Ok(id) = uuid::Uuid::parse_str(id) {
                            pocs.push(id);
                        }
                    }
                    (Some("state"), _) => participation = true,
                    (Some("token"), Some(id)) if r.action == "token.revoke" => {
                        self.forget_token(id)
                    }
                    // Another process recorded an acknowledgement: the entry's freshness moves.
                    (Some("ping"), _) if r.action == "ping.acknowledge" => {
                        let poc = serde_json::from_str::<serde_json::Value>(&r.detail)
                            .ok()
                            .and_then(|d| d["poc"].as_str().map(str::to_owned))
                            .and_then(|s| uuid::Uuid::parse_str(&s).ok());
                        if let Some(poc) = poc {
                            verified.push((poc, r.at));
                        }
                    }
                    _ => {}
                }
            }
            pocs.sort();
            pocs.dedup();
            let fresh = self.store.pocs_by_ids(&pocs).await?;
            self.absorb(fresh)?;
            if !verified.is_empty() {
                let mut d = self.write_dir();
                for (poc, at) in verified {
                    d.set_verified(poc, at);
                }
            }
            if participation {
                let p = self.store.participation().await?;
                self.write_dir().set_participation(p);
            }
            applied += records.len();
            if let Some(last) = records.last() {
                self.feed_seq.fetch_max(last.seq, Ordering::SeqCst);
            }
        }
    }

    /// Put fresh entries into the read model and the search index.
    fn absorb(&self, pocs: Vec<liaison_core::poc::PointOfContact>) -> Result<(), AppError> {
        if pocs.is_empty() {
            return Ok(());
        }
        let docs: Vec<_> = pocs.iter().map(cache::search_doc).collect();
        self.search.upsert(&docs)?;
        let mut d = self.write_dir();
        for p in pocs {
            d.upsert(p);
        }
        d.resort();
        Ok(())
    }

    /// After a local commit: advance the feed position when nothing else was written in
    /// between, so the poller does not reload what we already hold.
    fn advance_feed(&self, records: &[liaison_core::audit::AuditRecord]) {
        if let (Some(first), Some(last)) = (records.first(), records.last()) {
            let _ = self.feed_seq.compare_exchange(
                first.seq - 1,
                last.seq,
                Ordering::SeqCst,
                Ordering::SeqCst,
            );
        }
    }

    fn read_dir(&self) -> std::sync::RwLockReadGuard<'_, Directory> {
        self.directory.read().unwrap_or_else(|p| p.into_inner())
    }

    fn write_dir(&self) -> DirectoryWrite<'_> {
        DirectoryWrite {
            guard: self.directory.write().unwrap_or_else(|p| p.into_inner()),
            _bump: Bump(&self.generation),
        }
    }

    /// A number that changes whenever what a reader of the directory can see changes
    /// (entries, participation, the search index). Read it BEFORE reading the directory:
    /// anything computed then is current for that number (pages cache on it).
    pub fn directory_generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}

/// The directory being written. Fields drop in order: the lock is released first, then the
/// generation moves on, so a reader that saw the new number also sees the new data.
struct DirectoryWrite<'a> {
    guard: std::sync::RwLockWriteGuard<'a, Directory>,
    _bump: Bump<'a>,
}

struct Bump<'a>(&'a AtomicU64);

impl Drop for Bump<'_> {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

impl std::ops::Deref for DirectoryWrite<'_> {
    type Target = Directory;
    fn deref(&self) -> &Directory {
        &self.guard
    }
}

impl std::ops::DerefMut for DirectoryWrite<'_> {
    fn deref_mut(&mut self) -> &mut Directory {
        &mut self.guard
    }
}

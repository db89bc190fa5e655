//! Sessions and users as read a moment ago. A signed-in page view reads its session and its
//! user; without this every page view pays two database round trips (on SQLite each one a
//! hand-off to sqlx's worker thread and back), which cost more than rendering the page.
//!
//! What this process writes is never stale here: revoking or touching a session updates the
//! entry, and every `apply` (the only write path for users) forgets every user. What another
//! process writes (another replica, the command line) is seen within `FRESH_FOR`, the bound
//! that API tokens already have. A read that raced with a local write is not remembered:
//! every forgetting moves `generation` on, and a value read before that is dropped.

use liaison_core::account::{Session, User};
use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub(super) const FRESH_FOR: Duration = Duration::from_secs(5);
/// Beyond this many entries the cache starts over (it only ever holds live sign-ins).
const MAX_ENTRIES: usize = 20_000;

#[derive(Default)]
pub(super) struct Recent {
    sessions: Mutex<HashMap<String, (Session, Instant)>>,
    users: Mutex<HashMap<Uuid, (User, Instant)>>,
    generation: AtomicU64,
}

fn remember<K: std::hash::Hash + Eq, V>(
    map: &Mutex<HashMap<K, (V, Instant)>>,
    generation: &AtomicU64,
    read_at: u64,
    key: K,
    value: V,
) {
    let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
    // Checked under the lock that forgetting takes too.
    if generation.load(Ordering::SeqCst) != read_at {
        return;
    }
    if map.len() >= MAX_ENTRIES {
        map.retain(|_, (_, at)| at.elapsed() < FRESH_FOR);
        if map.len() >= MAX_ENTRIES {
            map.clear();
        }
    }
    map.insert(key, (value, Instant::now()));
}

impl Recent {
    /// Take before reading from the database; pass to `remember_*` with what was read.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    pub fn session(&self, id_hash: &str) -> Option<Session> {
        let map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        map.get(id_hash)
            .filter(|(_, at)| at.elapsed() < FRESH_FOR)
            .map(|(s, _)| s.clone())
    }

    pub fn remember_session(&self, session: &Session, read_at: u64) {
        remember(
            &self.sessions,
            &self.generation,
            read_at,
            session.id_hash.clone(),
            session.clone(),
        );
    }

    /// After `last_seen_at` moved forward in the database (never backwards, as there).
    pub fn touched(&self, id_hash: &str, at: jiff::Timestamp) {
        let mut map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((s, _)) = map.get_mut(id_hash)
            && s.revoked_at.is_none()
            && s.last_seen_at < at
        {
            s.last_seen_at = at;
        }
    }

    pub fn forget_session(&self, id_hash: &str) {
        let mut map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        map.remove(id_hash);
    }

    pub fn forget_sessions_of(&self, user: Uuid) {
        let mut map = self.sessions.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        map.retain(|_, (s, _)| s.user != user);
    }

    pub fn user(&self, id: Uuid) -> Option<User> {
        let map = self.users.lock().unwrap_or_else(|p| p.into_inner());
        map.get(&id)
            .filter(|(_, at)| at.elapsed() < FRESH_FOR)
            .map(|(u, _)| u.clone())
    }

    pub fn remember_user(&self, user: &User, read_at: u64) {
        remember(
            &self.users,
            &self.generation,
            read_at,
            user.id,
            user.clone(),
        );
    }

    /// After any write through `apply`: users are created and changed only there.
    pub fn forget_users(&self) {
        let mut map = self.users.lock().unwrap_or_else(|p| p.into_inner());
        self.generation.fetch_add(1, Ordering::SeqCst);
        map.clear();
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn session(user: Uuid) -> Session {
        Session {
            id_hash: "h".into(),
            user,
            created_at: Timestamp::UNIX_EPOCH,
            last_seen_at: Timestamp::UNIX_EPOCH,
            revoked_at: None,
        }
    }

    #[test]
    fn local_writes_are_never_stale() {
        let r = Recent::default();
        let u = Uuid::from_u128(7);
        r.remember_session(&session(u), r.generation());
        let later = Timestamp::from_second(60).unwrap();
        r.touched("h", later);
        assert_eq!(r.session("h").unwrap().last_seen_at, later);
        // Never backwards.
        r.touched("h", Timestamp::UNIX_EPOCH);
        assert_eq!(r.session("h").unwrap().last_seen_at, later);
        r.forget_sessions_of(u);
        assert!(r.session("h").is_none());
        r.remember_session(&session(u), r.generation());
        r.forget_session("h");
        assert!(r.session("h").is_none());
    }

    #[test]
    fn a_read_that_raced_with_a_write_is_not_remembered() {
        let r = Recent::default();
        let u = Uuid::from_u128(7);
        let before = r.generation();
        r.forget_sessions_of(u); // a sign-out lands while the read is in flight
        r.remember_session(&session(u), before);
        assert!(r.session("h").is_none());
    }
}

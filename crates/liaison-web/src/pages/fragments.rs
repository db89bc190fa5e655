//! Rendered parts of pages that every reader sees alike — the directory listing's filters and
//! results — kept until the directory changes. A page view then renders only what is its own
//! (the navigation with the reader's name, the CSRF token) around the stored part. The
//! directory is read far more often than written, and rendering fifty rows and two hundred
//! state names on every view cost more than everything else a page view does.
//!
//! Correctness rests on `Liaison::directory_generation`: the caller reads it BEFORE reading
//! the directory, and a part is only ever served for the generation it was made at.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};

/// Beyond this many stored parts (each a few tens of kilobytes) the store starts over.
const MAX_PARTS: usize = 256;

/// Markup rendered by our own escaping templates, put into a page as it is (`|safe`).
#[derive(Clone)]
pub struct Rendered(pub Arc<str>);

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[derive(Default)]
pub struct Fragments {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    parts: HashMap<String, Arc<str>>,
}

impl Fragments {
    /// The part stored under `key` for `generation`, if any.
    pub fn get(&self, generation: u64, key: &str) -> Option<Rendered> {
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        // Generations only move forward; a request that read an older one renders its own.
        if generation > inner.generation {
            inner.parts.clear();
            inner.generation = generation;
        }
        (inner.generation == generation)
            .then(|| inner.parts.get(key).cloned())
            .flatten()
            .map(Rendered)
    }

    /// Keep `part`, rendered from the directory as it was at `generation`, unless the
    /// directory has changed since; either way it is what this request shows.
    pub fn put(&self, generation: u64, key: String, part: String) -> Rendered {
        let part: Arc<str> = part.into();
        let mut inner = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if generation > inner.generation {
            inner.parts.clear();
            inner.generation = generation;
        }
        if inner.generation == generation {
            if inner.parts.len() >= MAX_PARTS {
                inner.parts.clear();
            }
            inner.parts.insert(key, part.clone());
        }
        Rendered(part)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_served_only_for_its_generation() {
        let f = Fragments::default();
        assert!(f.get(1, "k").is_none());
        f.put(1, "k".into(), "one".into());
        assert_eq!(
            f.get(1, "k").map(|r| r.0.to_string()).as_deref(),
            Some("one")
        );
        // The directory changed: nothing from before is served.
        assert!(f.get(2, "k").is_none());
        f.put(2, "k".into(), "two".into());
        // A request that read the older generation finds nothing and keeps nothing, and
        // does not throw away what is current.
        assert!(f.get(1, "k").is_none());
        let late = f.put(1, "k".into(), "stale".into());
        assert_eq!(&*late.0, "stale");
        assert_eq!(
            f.get(2, "k").map(|r| r.0.to_string()).as_deref(),
            Some("two")
        );
    }
}

//! Multilingual ranked full-text search over POC entries.
//!
//! * [`fold()`] (module `fold`) — the normalisation shared by indexing and
//!   queries: case, diacritics, Arabic letter variants, ё → е, traditional →
//!   simplified Chinese.
//! * module `tokenize` — folded text → index terms (words, CJK uni/bigrams,
//!   Arabic article variants) and raw query → query units.
//! * module `query` — units → tantivy queries (never through the query
//!   parser), with tiered ranking: all units > some units; exact > prefix;
//!   then BM25.
//! * module `index` — [`SearchIndex`]: schema, upsert, search, filters.

mod fold;
mod index;
mod query;
mod tokenize;

pub use fold::fold;
pub use index::SearchIndex;

/// One POC entry as seen by the search index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchDoc {
    pub id: uuid::Uuid,
    /// Text in the entry's original language: entity name, person name, title (any may be empty).
    pub original: Vec<String>,
    /// Informal English translation of those fields (may be empty).
    pub translation: Vec<String>,
    pub emails: Vec<String>,
    // Filter fields (exact match):
    /// ISO 3166-1 alpha-2, e.g. "FR".
    pub state: String,
    /// "diplomatic" | "technical".
    pub role: String,
    /// Entry language + working languages, e.g. ["ar","en","fr"].
    pub languages: Vec<String>,
    /// UN regional group, e.g. "African" (matched exactly as given).
    pub regional_group: Option<String>,
    /// Retired entries are indexed with false.
    pub active: bool,
}

/// Exact-match filters, combined with AND. Retired entries are excluded
/// unless `include_retired`.
#[derive(Debug, Default, Clone)]
pub struct SearchFilters {
    pub state: Option<String>,
    pub role: Option<String>,
    pub language: Option<String>,
    pub regional_group: Option<String>,
    pub include_retired: bool,
}

/// One page of results.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SearchHits {
    /// Number of matching documents (all pages).
    pub total: usize,
    /// Ids ranked best first, already paged.
    pub ids: Vec<uuid::Uuid>,
}

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The underlying search engine failed (I/O in the in-memory directory,
    /// a writer thread died, …).
    #[error("search index error: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index content is not what this crate wrote.
    #[error("corrupt search index: {0}")]
    Corrupt(String),
}

#[cfg(test)]
mod tests;

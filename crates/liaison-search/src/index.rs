//! The tantivy index: schema, writes (upsert by id) and searches.
//!
//! Schema (nothing is stored: ids come back through a fast field, so the
//! document store stays empty and indexing stays fast):
//! * `id`     — uuid string, raw-indexed, for delete-by-id;
//! * `id_hi`, `id_lo` — the uuid as two u64 fast columns, to return ids and
//!   to order empty-query results by id. (A string fast column would work
//!   too, but reading it decompresses a zstd dictionary block per hit,
//!   which dominated the cost of small searches.)
//! * `text`   — original + translation + e-mails, through the `liaison`
//!   tokenizer (fold + tokenize), frequencies but no positions (no phrase
//!   queries are needed, and positions would double the postings size);
//! * `email`  — whole addresses, local parts and domains, folded, raw;
//! * `state`, `role`, `lang` (multi-valued), `group` — raw strings for
//!   exact-match filters;
//! * `retired` — the term `1` on retired entries only. Excluding retired
//!   entries is then a `MustNot` over a short posting list, much cheaper
//!   than intersecting every query with an "active" list holding ~all docs.
//!
//! Concurrency: searches take a cheap `Searcher` snapshot from the
//! `IndexReader` and need no lock; writes are serialised by a mutex around
//! the single `IndexWriter`, and each write ends with commit + reader reload
//! so it is visible when `upsert` returns.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use tantivy::collector::sort_key::SortByStaticFastValue;
use tantivy::collector::{Count, TopDocs};
use tantivy::columnar::Column;
use tantivy::indexer::IndexWriterOptions;
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument,
    Term,
};
use uuid::Uuid;

use crate::query::{TextFields, text_query};
use crate::tokenize::{email_terms, index_terms, query_units};
use crate::{SearchDoc, SearchError, SearchFilters, SearchHits, fold};

/// Fast columns holding the uuid's high and low 64 bits.
const ID_HI: &str = "id_hi";
const ID_LO: &str = "id_lo";
/// Name under which the folding tokenizer is registered.
const TOKENIZER: &str = "liaison";
/// Indexing memory per writer thread. 100 000 entries need well under this,
/// so a start-up batch becomes one segment per thread.
const WRITER_MEMORY_PER_THREAD: usize = 64 * 1024 * 1024;
/// Writer threads: tokenising is the costly part of indexing and it runs in
/// these threads, so use the cores, but not more than a few.
const MAX_WRITER_THREADS: usize = 4;

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    id_hi: Field,
    id_lo: Field,
    text: Field,
    email: Field,
    state: Field,
    role: Field,
    lang: Field,
    group: Field,
    retired: Field,
}

/// Multilingual full-text index over POC entries. `Send + Sync`; share it
/// behind an `Arc`. Searches run concurrently; writes are serialised.
pub struct SearchIndex {
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

fn build_schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let text_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let email_options = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let fields = Fields {
        id: builder.add_text_field("id", STRING),
        id_hi: builder.add_u64_field(ID_HI, FAST),
        id_lo: builder.add_u64_field(ID_LO, FAST),
        text: builder.add_text_field("text", text_options),
        email: builder.add_text_field("email", email_options),
        state: builder.add_text_field("state", STRING),
        role: builder.add_text_field("role", STRING),
        lang: builder.add_text_field("lang", STRING),
        group: builder.add_text_field("group", STRING),
        retired: builder.add_text_field("retired", STRING),
    };
    (builder.build(), fields)
}

impl SearchIndex {
    /// A new, empty index held in memory (rebuilt from the store at start-up).
    pub fn in_memory() -> Result<Self, SearchError> {
        let (schema, fields) = build_schema();
        let index = Index::create_in_ram(schema);
        index
            .tokenizers()
            .register(TOKENIZER, FoldingTokenizer::default());
        let threads = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
            .clamp(1, MAX_WRITER_THREADS);
        let options = IndexWriterOptions::builder()
            .num_worker_threads(threads)
            .memory_budget_per_thread(WRITER_MEMORY_PER_THREAD)
            .num_merge_threads(1)
            .build();
        let writer = index.writer_with_options(options)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        // Load the OpenCC and jieba dictionaries now rather than in the first
        // request that happens to contain Chinese.
        crate::fold::warm_up();
        let _ = query_units("中文");
        Ok(SearchIndex {
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// Insert or replace (by id) a batch of documents. When the same id
    /// appears several times in the batch, the last one wins. The documents
    /// are visible to searches when this returns.
    pub fn upsert(&self, docs: &[SearchDoc]) -> Result<(), SearchError> {
        if docs.is_empty() {
            return Ok(());
        }
        let mut last_index: HashMap<Uuid, usize> = HashMap::with_capacity(docs.len());
        for (i, doc) in docs.iter().enumerate() {
            last_index.insert(doc.id, i);
        }

        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        // The reader is reloaded after every commit under this lock, so it
        // reflects the latest state. An empty index (the start-up bulk load)
        // has nothing to replace: skip the per-document delete operations.
        let replace = self.reader.searcher().num_docs() > 0;
        let result = (|| -> Result<(), SearchError> {
            for (i, doc) in docs.iter().enumerate() {
                if last_index.get(&doc.id) != Some(&i) {
                    continue;
                }
                let id = doc.id.hyphenated().to_string();
                if replace {
                    writer.delete_term(Term::from_field_text(self.fields.id, &id));
                }
                writer.add_document(self.to_document(&id, doc))?;
            }
            writer.commit()?;
            Ok(())
        })();
        if let Err(error) = result {
            // Drop the half-written batch; the index stays at its last commit.
            let _ = writer.rollback();
            return Err(error);
        }
        self.reader.reload()?;
        Ok(())
    }

    fn to_document(&self, id: &str, doc: &SearchDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.id, id);
        let (hi, lo) = doc.id.as_u64_pair();
        d.add_u64(f.id_hi, hi);
        d.add_u64(f.id_lo, lo);
        for value in doc
            .original
            .iter()
            .chain(&doc.translation)
            .chain(&doc.emails)
        {
            if !value.trim().is_empty() {
                d.add_text(f.text, value);
            }
        }
        let mut terms = Vec::new();
        for email in &doc.emails {
            email_terms(email, &mut terms);
        }
        for term in &terms {
            d.add_text(f.email, term);
        }
        d.add_text(f.state, &doc.state);
        d.add_text(f.role, &doc.role);
        for lang in &doc.languages {
            d.add_text(f.lang, lang);
        }
        if let Some(group) = &doc.regional_group {
            d.add_text(f.group, group);
        }
        if !doc.active {
            d.add_text(f.retired, "1");
        }
        d
    }

    /// Ranked search. `query` is free text (never parsed as query syntax);
    /// an empty or whitespace-only query returns every document passing the
    /// filters, ordered by id. `offset`/`limit` page the ranked ids;
    /// `total` counts all matching documents.
    pub fn search(
        &self,
        query: &str,
        filters: &SearchFilters,
        offset: usize,
        limit: usize,
    ) -> Result<SearchHits, SearchError> {
        let searcher = self.reader.searcher();
        let units = query_units(query);
        let blank = units.is_empty() && fold(query).trim().is_empty();
        if units.is_empty() && !blank {
            // Only punctuation/symbols: nothing can match.
            return Ok(SearchHits::default());
        }

        let mut clauses: Vec<(Occur, Box<dyn Query>)> = self.filter_clauses(filters);
        let text: Box<dyn Query> = if blank {
            Box::new(AllQuery)
        } else {
            text_query(
                TextFields {
                    text: self.fields.text,
                    email: self.fields.email,
                },
                &units,
            )
        };
        clauses.push((Occur::Must, text));
        let query = BooleanQuery::new(clauses);

        // Bound the page by the index size: tantivy's top-k collector
        // allocates for offset + limit, and panics on a limit of 0.
        let num_docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let limit = limit.min(num_docs.saturating_sub(offset));
        if limit == 0 {
            let total = query.count(&searcher)?;
            return Ok(SearchHits {
                total,
                ids: Vec::new(),
            });
        }
        let top = TopDocs::with_limit(limit).and_offset(offset);
        if blank {
            // Order by (hi, lo) = by uuid; the sort key is the id itself.
            let by_id = top.order_by((
                (SortByStaticFastValue::<u64>::for_field(ID_HI), Order::Asc),
                (SortByStaticFastValue::<u64>::for_field(ID_LO), Order::Asc),
            ));
            let (total, hits) = searcher.search(&query, &(Count, by_id))?;
            let ids = hits
                .into_iter()
                .map(|((hi, lo), _)| match (hi, lo) {
                    (Some(hi), Some(lo)) => Ok(Uuid::from_u64_pair(hi, lo)),
                    _ => Err(SearchError::Corrupt("document without id".into())),
                })
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(SearchHits { total, ids });
        }
        let (total, hits) = searcher.search(&query, &(Count, top.order_by_score()))?;
        let addresses: Vec<DocAddress> = hits.into_iter().map(|(_, a)| a).collect();
        let ids = resolve_ids(&searcher, &addresses)?;
        Ok(SearchHits { total, ids })
    }

    /// Exact-match filters, scored 0 so they do not disturb ranking.
    fn filter_clauses(&self, filters: &SearchFilters) -> Vec<(Occur, Box<dyn Query>)> {
        let f = &self.fields;
        let mut pairs: Vec<(Field, &str)> = Vec::new();
        if let Some(state) = &filters.state {
            pairs.push((f.state, state));
        }
        if let Some(role) = &filters.role {
            pairs.push((f.role, role));
        }
        if let Some(language) = &filters.language {
            pairs.push((f.lang, language));
        }
        if let Some(group) = &filters.regional_group {
            pairs.push((f.group, group));
        }
        let term_query = |field: Field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, value),
                IndexRecordOption::Basic,
            ))
        };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = pairs
            .into_iter()
            .map(|(field, value)| {
                let q: Box<dyn Query> =
                    Box::new(ConstScoreQuery::new(term_query(field, value), 0.0));
                (Occur::Must, q)
            })
            .collect();
        if !filters.include_retired {
            clauses.push((Occur::MustNot, term_query(f.retired, "1")));
        }
        clauses
    }

    /// Number of live (searchable) documents, retired ones included.
    pub fn len(&self) -> usize {
        usize::try_from(self.reader.searcher().num_docs()).unwrap_or(usize::MAX)
    }

    /// True when the index holds no documents.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Read the uuid of each hit from the `id_hi`/`id_lo` fast columns.
fn resolve_ids(searcher: &Searcher, addresses: &[DocAddress]) -> Result<Vec<Uuid>, SearchError> {
    let mut columns: HashMap<u32, (Column<u64>, Column<u64>)> = HashMap::new();
    let mut ids = Vec::with_capacity(addresses.len());
    for address in addresses {
        let (hi, lo) = match columns.get(&address.segment_ord) {
            Some(pair) => pair,
            None => {
                let fast = searcher.segment_reader(address.segment_ord).fast_fields();
                let pair = (fast.u64(ID_HI)?, fast.u64(ID_LO)?);
                columns.entry(address.segment_ord).or_insert(pair)
            }
        };
        match (hi.first(address.doc_id), lo.first(address.doc_id)) {
            (Some(hi), Some(lo)) => ids.push(Uuid::from_u64_pair(hi, lo)),
            _ => return Err(SearchError::Corrupt("document without id".into())),
        }
    }
    Ok(ids)
}

/// Tantivy tokenizer for the `text` field: [`index_terms`] (fold + split +
/// CJK n-grams + Arabic article variants). Registered on the index so
/// tokenising runs in tantivy's indexing threads.
#[derive(Clone, Default)]
struct FoldingTokenizer {
    terms: Vec<String>,
}

struct FoldingTokenStream<'a> {
    terms: &'a [String],
    next: usize,
    token: Token,
}

impl Tokenizer for FoldingTokenizer {
    type TokenStream<'a> = FoldingTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> FoldingTokenStream<'a> {
        self.terms.clear();
        index_terms(text, &mut self.terms);
        FoldingTokenStream {
            terms: &self.terms,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for FoldingTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(term) = self.terms.get(self.next) else {
            return false;
        };
        self.token.text.clear();
        self.token.text.push_str(term);
        // Positions are not indexed; keep them increasing anyway.
        self.token.position = self.next;
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

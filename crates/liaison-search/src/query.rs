//! Building tantivy queries programmatically from query units.
//!
//! We never hand user text to tantivy's `QueryParser`: its syntax (`"`, `:`,
//! `*`, `AND`, …) would turn typos into errors or surprising semantics.
//! Instead every term is looked up literally.
//!
//! Ranking is lexicographic, implemented with additive score tiers:
//! 1. every query unit must match (`UNIT_TIER` each, so the tier is the same
//!    for all hits; it stays so the exact/prefix tier below remains strict);
//! 2. for the last unit, an exact match (`EXACT_TIER`) beats a prefix-only
//!    match (which scores small constants: `PREFIX_SCORE`, plus
//!    `EMAIL_PREFIX_SCORE` when a partly typed address matches an address);
//! 3. BM25 of the exact terms, to order documents within a tier.
//!
//! The tiers are far larger than any BM25 sum the caps in `tokenize` allow
//! (a term scores at most ~2.2·ln(N) ≈ 25 at N = 100 000), so the order is
//! strict. Scores are f32: 16 units × 1e5 = 1.6e6 still resolves ~0.1.

use std::sync::Arc;

use tantivy::query::{
    AutomatonWeight, BooleanQuery, ConstScoreQuery, DisjunctionMaxQuery, EnableScoring,
    Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{COLLECT_BLOCK_BUFFER_LEN, DocId, DocSet, Score, SegmentReader, Term};

use crate::tokenize::{MIN_PREFIX_CHARS, Piece, Unit};

const UNIT_TIER: Score = 100_000.0;
const EXACT_TIER: Score = 10_000.0;
const PREFIX_SCORE: Score = 0.5;
const EMAIL_PREFIX_SCORE: Score = 1.0;

/// Fields the query builder needs.
#[derive(Clone, Copy)]
pub(crate) struct TextFields {
    pub text: Field,
    pub email: Field,
}

fn term_query(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

fn should(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn must(clauses: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        clauses.into_iter().map(|q| (Occur::Must, q)).collect(),
    ))
}

fn const_score(query: Box<dyn Query>, score: Score) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, score))
}

/// Exact (BM25-scored) query for one piece.
fn piece_query(fields: TextFields, piece: &Piece) -> Box<dyn Query> {
    match piece {
        Piece::Word { term, alt: None } => term_query(fields.text, term),
        Piece::Word {
            term,
            alt: Some(alt),
        } => should(vec![
            term_query(fields.text, term),
            term_query(fields.text, alt),
        ]),
        Piece::Cjk(grams) => must(grams.iter().map(|g| term_query(fields.text, g)).collect()),
    }
}

/// Exact alternatives of a unit: all pieces, or the whole chunk as an e-mail
/// (address, local part or domain).
fn unit_exact(fields: TextFields, unit: &Unit) -> Box<dyn Query> {
    let pieces = must(unit.pieces.iter().map(|p| piece_query(fields, p)).collect());
    match &unit.email {
        Some(email) => should(vec![pieces, term_query(fields.email, email)]),
        None => pieces,
    }
}

/// Prefix alternatives of a unit, each with its constant score: the leading
/// pieces exactly and the last word as a prefix; or the whole e-mail chunk as
/// a prefix of an address/domain, which is more specific and scores more.
fn unit_prefix(fields: TextFields, unit: &Unit) -> Vec<(Box<dyn Query>, Score)> {
    if !unit.prefix {
        return Vec::new();
    }
    // A unit ending in CJK has no prefix form: IMEs produce whole characters
    // and the unigrams already match any single character.
    let Some((Piece::Word { term, .. }, leading)) = unit.pieces.split_last() else {
        return Vec::new();
    };
    let mut alternatives = Vec::new();
    if term.chars().count() >= MIN_PREFIX_CHARS {
        let mut clauses: Vec<Box<dyn Query>> =
            leading.iter().map(|p| piece_query(fields, p)).collect();
        clauses.push(Box::new(PrefixQuery::new(fields.text, term)));
        alternatives.push((must(clauses), PREFIX_SCORE));
    }
    if let Some(email) = &unit.email
        && email.chars().count() >= MIN_PREFIX_CHARS
    {
        let email_prefix: Box<dyn Query> = Box::new(PrefixQuery::new(fields.email, email));
        alternatives.push((email_prefix, EMAIL_PREFIX_SCORE));
    }
    alternatives
}

/// The full-text part of a search: matches documents matching every unit
/// (a directory search narrows as the reader types more words), scored as
/// described in the module documentation.
///
/// Each unit contributes `UNIT_TIER` + its exact BM25 when it matches
/// exactly. For the unit being typed, the best of: exact (`UNIT_TIER +
/// EXACT_TIER` + BM25) or a prefix alternative (`UNIT_TIER` + a small
/// constant) — a disjunction-max, so a unit never counts twice. Every posting
/// list is read once.
pub(crate) fn text_query(fields: TextFields, units: &[Unit]) -> Box<dyn Query> {
    let mut clauses: Vec<Box<dyn Query>> = Vec::new();
    for unit in units {
        let exact = unit_exact(fields, unit);
        let prefixes = unit_prefix(fields, unit);
        if prefixes.is_empty() {
            clauses.push(Box::new(TierQuery::new(exact, UNIT_TIER)));
        } else {
            let mut best_of: Vec<Box<dyn Query>> =
                vec![Box::new(TierQuery::new(exact, UNIT_TIER + EXACT_TIER))];
            for (prefix, score) in prefixes {
                best_of.push(const_score(prefix, UNIT_TIER + score));
            }
            clauses.push(Box::new(DisjunctionMaxQuery::new(best_of)));
        }
    }
    must(clauses)
}

/// Adds a constant to the score of every document the inner query matches
/// (tantivy only has multiplicative boosts). Used for the ranking tiers.
#[derive(Debug)]
struct TierQuery {
    inner: Box<dyn Query>,
    add: Score,
}

impl TierQuery {
    fn new(inner: Box<dyn Query>, add: Score) -> Self {
        TierQuery { inner, add }
    }
}

impl Clone for TierQuery {
    fn clone(&self) -> Self {
        TierQuery {
            inner: self.inner.box_clone(),
            add: self.add,
        }
    }
}

impl Query for TierQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let inner = self.inner.weight(enable_scoring)?;
        Ok(Box::new(TierWeight {
            inner,
            add: self.add,
        }))
    }
}

struct TierWeight {
    inner: Box<dyn Weight>,
    add: Score,
}

impl Weight for TierWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(TierScorer {
            inner: self.inner.scorer(reader, boost)?,
            add: self.add * boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let inner = self.inner.explain(reader, doc)?;
        let mut explanation = Explanation::new("Tier", inner.value() + self.add);
        explanation.add_detail(inner);
        Ok(explanation)
    }

    fn count(&self, reader: &SegmentReader) -> tantivy::Result<u32> {
        self.inner.count(reader)
    }
}

struct TierScorer {
    inner: Box<dyn Scorer>,
    add: Score,
}

impl DocSet for TierScorer {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        self.inner.seek(target)
    }

    fn fill_buffer(&mut self, buffer: &mut [DocId; COLLECT_BLOCK_BUFFER_LEN]) -> usize {
        self.inner.fill_buffer(buffer)
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }

    fn cost(&self) -> u64 {
        self.inner.cost()
    }
}

impl Scorer for TierScorer {
    fn score(&mut self) -> Score {
        self.inner.score() + self.add
    }
}

/// Matches every term of `field` starting with `prefix` (constant score).
/// Implemented with tantivy's automaton weight over the term dictionary, so
/// no regex has to be built (and escaped) from user text.
#[derive(Debug, Clone)]
pub(crate) struct PrefixQuery {
    field: Field,
    automaton: Arc<PrefixAutomaton>,
}

impl PrefixQuery {
    pub(crate) fn new(field: Field, prefix: &str) -> Self {
        PrefixQuery {
            field,
            automaton: Arc::new(PrefixAutomaton(prefix.as_bytes().to_vec())),
        }
    }
}

impl Query for PrefixQuery {
    fn weight(&self, _enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(AutomatonWeight::<PrefixAutomaton>::new(
            self.field,
            Arc::clone(&self.automaton),
        )))
    }
}

/// Byte automaton accepting every string that starts with the given bytes.
/// State: `Some(n)` = the first `n` bytes matched, `None` = dead.
#[derive(Debug)]
pub(crate) struct PrefixAutomaton(Vec<u8>);

impl tantivy_fst::Automaton for PrefixAutomaton {
    type State = Option<usize>;

    fn start(&self) -> Self::State {
        Some(0)
    }

    fn is_match(&self, state: &Self::State) -> bool {
        state.is_some_and(|n| n >= self.0.len())
    }

    fn can_match(&self, state: &Self::State) -> bool {
        state.is_some()
    }

    fn will_always_match(&self, state: &Self::State) -> bool {
        self.is_match(state)
    }

    fn accept(&self, state: &Self::State, byte: u8) -> Self::State {
        match *state {
            Some(n) if n >= self.0.len() => Some(n),
            Some(n) if self.0.get(n) == Some(&byte) => Some(n + 1),
            _ => None,
        }
    }
}

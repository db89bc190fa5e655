//! Turning folded text into index terms, and queries into "units".
//!
//! Index side (`index_terms`, used by the tantivy tokenizer registered in
//! `index.rs`):
//! * text is [`fold`]ed, then cut into runs of word characters (letters,
//!   digits, kept combining marks) and runs of CJK characters; everything
//!   else (spaces, punctuation, `@`, `.`, `-`, …) separates terms. So
//!   `poc.ict@mfa.fr.example` yields `poc ict mfa fr example`.
//! * CJK runs (Han, kana) are indexed as **unigrams + bigrams** of characters.
//!   This does not depend on a dictionary, so any contiguous 1–2 character
//!   piece of a name can be found (`外交` inside `外交部网络安全办公室`),
//!   whatever word boundaries a segmenter would have chosen for the long name.
//! * Arabic words beginning with the article (`ال`, `وال`, `بال`, `كال`,
//!   `فال`, `لل`) are also indexed without it, so `امن` finds `الامن`.
//!
//! Query side (`query_units`): the folded query is split on whitespace into
//! chunks. A chunk made only of CJK text is segmented into words with jieba
//! (charabia's Chinese segmenter); each word is one unit, matched through its
//! bigrams (or its unigram). Any other chunk is one unit whose pieces must all
//! match (`jean-pierre`, `poc.ict@mfa.fr.example`); chunks containing `@` or
//! `.` also try the whole string against the e-mail field. Units are what the
//! ranking counts: documents matching all units rank above those matching
//! only some.

use charabia::segmenter::{ChineseSegmenter, Segmenter};

use crate::fold::{fold, is_han, is_word_char};

/// Longest indexed term, in bytes. Longer words are cut (on a char boundary)
/// identically on both sides; this bounds the term dictionary and protects
/// against absurdly long query words.
pub(crate) const MAX_TERM_BYTES: usize = 64;
/// Longest e-mail term, in bytes (RFC 5321 path limit).
pub(crate) const MAX_EMAIL_BYTES: usize = 254;
/// Caps that keep hostile queries (1000 characters of anything) cheap.
pub(crate) const MAX_UNITS: usize = 16;
pub(crate) const MAX_PIECES_PER_UNIT: usize = 16;
/// Prefix expansion of the last word needs at least this many characters;
/// one letter would expand to a large part of the dictionary.
pub(crate) const MIN_PREFIX_CHARS: usize = 2;

/// Arabic proclitic + article prefixes stripped as an extra index/query term.
const ARABIC_ARTICLES: [&str; 6] = ["وال", "بال", "كال", "فال", "ال", "لل"];

/// A run of the folded text.
#[derive(Debug, PartialEq, Eq)]
enum Run<'a> {
    Word(&'a str),
    Cjk(&'a str),
}

/// Kana and Han are written without spaces: they are handled as CJK runs.
fn is_cjk(c: char) -> bool {
    is_han(c) || matches!(c, '\u{3040}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

/// Split folded text into word and CJK runs, dropping separators.
fn runs(text: &str) -> Vec<Run<'_>> {
    #[derive(PartialEq, Clone, Copy)]
    enum Class {
        Word,
        Cjk,
        Sep,
    }
    let class = |c: char| {
        if is_cjk(c) {
            Class::Cjk
        } else if is_word_char(c) {
            Class::Word
        } else {
            Class::Sep
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut current = Class::Sep;
    for (i, c) in text.char_indices() {
        let k = class(c);
        if k != current {
            push_run(&mut out, current, &text[start..i]);
            start = i;
            current = k;
        }
    }
    push_run(&mut out, current, &text[start..]);

    fn push_run<'a>(out: &mut Vec<Run<'a>>, class: Class, s: &'a str) {
        if s.is_empty() {
            return;
        }
        match class {
            Class::Word => out.push(Run::Word(s)),
            Class::Cjk => out.push(Run::Cjk(s)),
            Class::Sep => {}
        }
    }
    out
}

/// Cut `s` to at most `max` bytes on a char boundary.
pub(crate) fn clip(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The word without its Arabic article, if it has one and enough remains.
fn strip_arabic_article(word: &str) -> Option<&str> {
    ARABIC_ARTICLES.iter().find_map(|article| {
        let rest = word.strip_prefix(article)?;
        (rest.chars().count() >= 2).then_some(rest)
    })
}

/// Unigrams and bigrams of a CJK run.
fn cjk_grams(run: &str, out: &mut Vec<String>) {
    let chars: Vec<char> = run.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        out.push(c.to_string());
        if let Some(next) = chars.get(i + 1) {
            out.push([*c, *next].iter().collect());
        }
    }
}

/// Bigrams of a CJK word (the unigram if it is one character): the terms a
/// query word must all match.
fn cjk_query_terms(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    if chars.len() <= 1 {
        return vec![word.to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// All terms to index for one field value (raw, unfolded text).
pub(crate) fn index_terms(raw: &str, out: &mut Vec<String>) {
    let folded = fold(raw);
    for run in runs(&folded) {
        match run {
            Run::Word(w) => {
                out.push(clip(w, MAX_TERM_BYTES).to_string());
                if let Some(stripped) = strip_arabic_article(w) {
                    out.push(clip(stripped, MAX_TERM_BYTES).to_string());
                }
            }
            Run::Cjk(c) => cjk_grams(c, out),
        }
    }
}

/// Terms for the e-mail field: the whole folded address, its local part, its
/// domain and the domain's parent domains with at least two labels. These
/// let a query that *is* an address (or a domain) hit that address exactly.
pub(crate) fn email_terms(raw: &str, out: &mut Vec<String>) {
    let folded = fold(raw);
    let address = folded.trim();
    if address.is_empty() {
        return;
    }
    out.push(clip(address, MAX_EMAIL_BYTES).to_string());
    if let Some((local, domain)) = address.rsplit_once('@') {
        if !local.is_empty() {
            out.push(clip(local, MAX_EMAIL_BYTES).to_string());
        }
        let mut rest = domain;
        while rest.contains('.') {
            out.push(clip(rest, MAX_EMAIL_BYTES).to_string());
            match rest.split_once('.') {
                Some((_, parent)) => rest = parent,
                None => break,
            }
        }
    }
}

/// One query word: its folded term and, for Arabic words with an article,
/// the term without it (either matches).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Word {
        term: String,
        alt: Option<String>,
    },
    /// A CJK word: all these bigrams (or the single unigram) must match.
    Cjk(Vec<String>),
}

/// A unit of the query: all `pieces` must match (or the e-mail alternative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    pub pieces: Vec<Piece>,
    /// Folded chunk to try against the e-mail field (addresses, domains).
    pub email: Option<String>,
    /// This is the word being typed: its last piece (if a `Piece::Word` of
    /// at least `MIN_PREFIX_CHARS`) may also match as a prefix, and so may
    /// the e-mail alternative.
    pub prefix: bool,
}

/// Parse a raw query into units. Never fails; returns no units for queries
/// without any searchable character.
pub(crate) fn query_units(raw: &str) -> Vec<Unit> {
    let folded = fold(raw);
    // Prefix matching applies to the word being typed: not if the user ended
    // the query with a space (the word is finished).
    let typing_last_word = folded
        .chars()
        .next_back()
        .is_some_and(|c| !c.is_whitespace());
    let chunks: Vec<&str> = folded.split_whitespace().collect();
    let mut units = Vec::new();
    for (ci, chunk) in chunks.iter().enumerate() {
        let is_last_chunk = ci + 1 == chunks.len();
        let chunk_runs = runs(chunk);
        if chunk_runs.is_empty() {
            continue;
        }
        if chunk_runs.iter().all(|r| matches!(r, Run::Cjk(_))) {
            // Chinese/Japanese typed without spaces: one unit per word.
            for run in &chunk_runs {
                if let Run::Cjk(text) = run {
                    for word in ChineseSegmenter.segment_str(text) {
                        units.push(Unit {
                            pieces: vec![Piece::Cjk(cjk_query_terms(word))],
                            email: None,
                            prefix: false,
                        });
                    }
                }
            }
            continue;
        }
        let mut pieces = Vec::new();
        for run in &chunk_runs {
            match run {
                Run::Word(w) => pieces.push(Piece::Word {
                    term: clip(w, MAX_TERM_BYTES).to_string(),
                    alt: strip_arabic_article(w).map(|s| clip(s, MAX_TERM_BYTES).to_string()),
                }),
                Run::Cjk(text) => {
                    for word in ChineseSegmenter.segment_str(text) {
                        pieces.push(Piece::Cjk(cjk_query_terms(word)));
                    }
                }
            }
        }
        pieces.truncate(MAX_PIECES_PER_UNIT);
        let trimmed = chunk.trim_matches(|c: char| !is_word_char(c) && !is_cjk(c));
        let email = (trimmed.contains('@') || trimmed.contains('.'))
            .then(|| clip(trimmed, MAX_EMAIL_BYTES).to_string());
        // Length limits on what may be expanded are applied in `query`.
        let prefix = is_last_chunk && typing_last_word;
        units.push(Unit {
            pieces,
            email,
            prefix,
        });
    }
    // A repeated word adds nothing to matching or to the tiers, only cost.
    let mut unique: Vec<Unit> = Vec::with_capacity(units.len());
    for unit in units {
        match unique
            .iter_mut()
            .find(|u| u.pieces == unit.pieces && u.email == unit.email)
        {
            Some(existing) => existing.prefix |= unit.prefix,
            None => unique.push(unit),
        }
    }
    let mut units = unique;
    if units.len() > MAX_UNITS {
        // Keep the first units; a prefix flag only makes sense on the last
        // unit the user typed, which was just cut off.
        units.truncate(MAX_UNITS);
        for unit in &mut units {
            unit.prefix = false;
        }
    }
    units
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn terms(raw: &str) -> Vec<String> {
        let mut out = Vec::new();
        index_terms(raw, &mut out);
        out
    }

    #[test]
    fn latin_words_split_on_punctuation() {
        assert_eq!(
            terms("Ministère des Affaires étrangères, Côte d’Ivoire"),
            [
                "ministere",
                "des",
                "affaires",
                "etrangeres",
                "cote",
                "d",
                "ivoire"
            ]
        );
        assert_eq!(
            terms("poc.ict@mfa.fr.example"),
            ["poc", "ict", "mfa", "fr", "example"]
        );
    }

    #[test]
    fn arabic_article_variant() {
        assert_eq!(terms("الأمن والسلام"), ["الامن", "امن", "والسلام", "سلام"]);
        // Too short to strip.
        assert_eq!(terms("الم"), ["الم"]);
    }

    #[test]
    fn cjk_unigrams_and_bigrams() {
        assert_eq!(terms("外交部"), ["外", "外交", "交", "交部", "部"]);
        assert_eq!(terms("UN外交"), ["un", "外", "外交", "交"]);
    }

    #[test]
    fn email_field_terms() {
        let mut out = Vec::new();
        email_terms("POC.ICT@mfa.fr.example", &mut out);
        assert_eq!(
            out,
            [
                "poc.ict@mfa.fr.example",
                "poc.ict",
                "mfa.fr.example",
                "fr.example"
            ]
        );
    }

    #[test]
    fn query_units_shape() {
        let units = query_units("Ministry minist");
        assert_eq!(units.len(), 2);
        assert!(!units[0].prefix);
        assert!(units[1].prefix);
        // Trailing space: the last word is complete.
        assert!(!query_units("minist ")[0].prefix);

        let units = query_units("poc.ict@mfa.fr.example");
        assert_eq!(units.len(), 1);
        assert_eq!(units[0].pieces.len(), 5);
        assert_eq!(units[0].email.as_deref(), Some("poc.ict@mfa.fr.example"));

        // Chinese without spaces: several units (words), each through bigrams.
        let units = query_units("外交部网络安全");
        assert!(units.len() >= 2, "{units:?}");
        assert!(units.iter().all(|u| u.email.is_none() && !u.prefix));

        assert!(query_units("   ").is_empty());
        assert!(query_units("\"():*").is_empty());
    }

    #[test]
    fn query_caps() {
        let long: String = (0..300).map(|i| format!("word{i} ")).collect();
        assert_eq!(query_units(&long).len(), MAX_UNITS);
        // Repeated words collapse into one unit.
        assert_eq!(query_units(&"word ".repeat(300)).len(), 1);
        let units = query_units("minist foreign minist");
        assert_eq!(units.len(), 2);
        assert!(units[0].prefix);
        let long_word = "a".repeat(1000);
        let units = query_units(&long_word);
        assert!(
            matches!(&units[0].pieces[0], Piece::Word { term, .. } if term.len() == MAX_TERM_BYTES)
        );
    }
}

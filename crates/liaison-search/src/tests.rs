//! Behavioural tests of the public API: one test (at least) per matching rule
//! of the spec, plus filters, paging, upsert semantics and property tests.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, OnceLock};

use proptest::prelude::*;
use uuid::Uuid;

use crate::{SearchDoc, SearchFilters, SearchIndex, fold};

fn id(n: u128) -> Uuid {
    Uuid::from_u128(n)
}

/// A document with sensible defaults; tests override what they need.
fn doc(n: u128, original: &[&str], translation: &[&str], emails: &[&str]) -> SearchDoc {
    SearchDoc {
        id: id(n),
        original: original.iter().map(|s| s.to_string()).collect(),
        translation: translation.iter().map(|s| s.to_string()).collect(),
        emails: emails.iter().map(|s| s.to_string()).collect(),
        state: "FR".into(),
        role: "diplomatic".into(),
        languages: vec!["en".into()],
        regional_group: Some("Western European and Others".into()),
        active: true,
    }
}

fn index_of(docs: &[SearchDoc]) -> SearchIndex {
    let index = SearchIndex::in_memory().unwrap();
    index.upsert(docs).unwrap();
    index
}

fn ids(index: &SearchIndex, query: &str) -> Vec<Uuid> {
    index
        .search(query, &SearchFilters::default(), 0, 100)
        .unwrap()
        .ids
}

fn finds(index: &SearchIndex, query: &str, n: u128) -> bool {
    ids(index, query).contains(&id(n))
}

/// Shared, realistic multilingual index.
fn sample() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        index_of(&[
            doc(
                1,
                &[
                    "Ministère de l'Europe et des Affaires étrangères",
                    "Émilie Müller",
                    "Sous-directrice",
                ],
                &[
                    "Ministry for Europe and Foreign Affairs",
                    "",
                    "Deputy Director",
                ],
                &["poc.ict@mfa.fr.example"],
            ),
            doc(
                2,
                &["وزارة الخارجية", "أحمد الأمين", "مدير إدارة الأمن السيبراني"],
                &[
                    "Ministry of Foreign Affairs",
                    "Ahmed Al-Amin",
                    "Director of Cyber Security",
                ],
                &["cyber@mofa.ae.example"],
            ),
            doc(
                3,
                &["外交部網絡安全辦公室", "王毅", "主任"],
                &[
                    "Ministry of Foreign Affairs Cyber Security Office",
                    "Wang Yi",
                    "Director",
                ],
                &["cyber@mfa.cn.example"],
            ),
            doc(
                4,
                &[
                    "Министерство иностранных дёл",
                    "Пётр Сергеевич Ёлкин",
                    "Посол",
                ],
                &["Ministry of Foreign Affairs", "Pyotr Yolkin", "Ambassador"],
                &["mid@mid.ru.example"],
            ),
            doc(
                5,
                &[
                    "Secretaría de Relaciones Exteriores",
                    "José Núñez",
                    "Señor Director",
                ],
                &["Secretariat of Foreign Relations", "", ""],
                &["poc.ict@mfa.mx.example"],
            ),
            doc(
                6,
                &[
                    "National Cyber Security Centre",
                    "Jane Doe",
                    "Head of International",
                ],
                &[],
                &["international@ncsc.gb.example"],
            ),
            doc(
                7,
                &["国家互联网信息办公室"],
                &["Cyberspace Administration"],
                &["poc@cac.cn.example"],
            ),
        ])
    })
}

// ---------------------------------------------------------------- fields

#[test]
fn finds_entity_person_title_email_in_original_and_translation() {
    let index = sample();
    assert!(finds(index, "Affaires", 1), "entity, original");
    assert!(
        finds(index, "Europe", 1),
        "entity, translation and original"
    );
    assert!(finds(index, "Émilie", 1), "person");
    assert!(finds(index, "Sous-directrice", 1), "title, original");
    assert!(finds(index, "Deputy", 1), "title, translation");
    assert!(
        finds(index, "Ambassador", 4),
        "title, translation of Russian"
    );
    assert!(finds(index, "Yolkin", 4), "person, transliteration");
    assert!(finds(index, "poc.ict@mfa.fr.example", 1), "e-mail");
    assert!(!finds(index, "Ambassador", 1));
}

// ------------------------------------------------------- case, diacritics

#[test]
fn insensitive_to_case_and_diacritics() {
    let index = sample();
    assert!(finds(index, "ministere", 1));
    assert!(finds(index, "MINISTÈRE", 1));
    assert!(finds(index, "affaires etrangeres", 1));
    assert!(finds(index, "emilie muller", 1));
    assert!(finds(index, "EMILIE MÜLLER", 1));
    assert!(finds(index, "jose nunez", 5));
    assert!(finds(index, "senor", 5));
    assert!(finds(index, "secretaria", 5));
    // And the other way round: accents in the query, none in the text.
    assert!(finds(index, "Séçrétâriät", 5));
    assert!(finds(index, "Natiönal Cybér", 6));
}

// ------------------------------------------------------------------ Arabic

#[test]
fn arabic_normalisation() {
    let index = sample();
    // Teh marbuta at the end of words, typed as heh.
    assert!(finds(index, "وزاره الخارجيه", 2));
    assert!(finds(index, "وزارة الخارجية", 2));
    // Hamza on alef.
    assert!(finds(index, "الامن", 2));
    assert!(finds(index, "احمد الامين", 2));
    assert!(finds(index, "إدارة", 2));
    // Harakat and tatweel in the query.
    assert!(finds(index, "وَزَارَةُ الخـــارجية", 2));
    // Without the article.
    assert!(finds(index, "امن", 2));
    assert!(finds(index, "خارجيه", 2));
    assert!(!finds(index, "وزاره", 1));
}

#[test]
fn arabic_alef_maqsura_waw_yeh_hamza() {
    let index = index_of(&[
        doc(1, &["مصطفى", "مؤتمر", "رئيس"], &[], &[]),
        doc(2, &["ٱلقاهرة", "آمنة"], &[], &[]),
    ]);
    assert!(finds(&index, "مصطفي", 1));
    assert!(finds(&index, "موتمر", 1));
    assert!(finds(&index, "رييس", 1));
    assert!(finds(&index, "القاهره", 2));
    assert!(finds(&index, "امنه", 2));
}

// ----------------------------------------------------------------- Chinese

#[test]
fn chinese_traditional_and_simplified() {
    let index = sample();
    // Indexed in traditional characters, queried in simplified and traditional.
    assert!(finds(index, "外交部", 3));
    assert!(finds(index, "网络", 3));
    assert!(finds(index, "網絡", 3));
    assert!(finds(index, "外交部网络安全办公室", 3));
    assert!(finds(index, "外交部網絡安全辦公室", 3));
    // Indexed in simplified, queried in traditional.
    assert_eq!(ids(index, "國家互聯網")[0], id(7));
    assert!(!finds(index, "網絡安全", 7));
}

#[test]
fn chinese_word_inside_longer_name() {
    let index = sample();
    // A 2-character word inside a long name, and single characters.
    assert_eq!(ids(index, "外交")[0], id(3));
    assert!(finds(index, "安全", 3));
    assert!(finds(index, "办公室", 3));
    assert!(finds(index, "办公室", 7));
    assert!(finds(index, "王毅", 3));
    assert!(finds(index, "王", 3));
    // Names sharing "办公室": the one matching every word comes first.
    assert_eq!(ids(index, "网络 办公室")[0], id(3));
    assert_eq!(ids(index, "互联网 办公室")[0], id(7));
}

// ---------------------------------------------------------- Cyrillic/Greek

#[test]
fn cyrillic_yo_and_case() {
    let index = sample();
    assert!(finds(index, "иностранных дел", 4));
    assert!(finds(index, "ДЁЛ", 4));
    assert!(finds(index, "МИНИСТЕРСТВО", 4));
    assert!(finds(index, "петр елкин", 4));
    assert!(finds(index, "Сергеевич", 4));

    let greek = index_of(&[doc(1, &["Υπουργείο Εξωτερικών"], &[], &[])]);
    assert!(finds(&greek, "ΥΠΟΥΡΓΕΙΟ ΕΞΩΤΕΡΙΚΩΝ", 1));
    assert!(finds(&greek, "υπουργειο", 1));
}

// ------------------------------------------------------------------ e-mail

#[test]
fn email_full_and_parts() {
    let index = sample();
    let hits = index
        .search("poc.ict@mfa.fr.example", &SearchFilters::default(), 0, 10)
        .unwrap();
    assert_eq!(hits.ids, vec![id(1)], "the MX address must not match");
    assert_eq!(hits.total, 1);
    assert!(finds(index, "POC.ICT@MFA.FR.EXAMPLE", 1));
    assert!(finds(index, "<poc.ict@mfa.fr.example>,", 1));
    assert_eq!(ids(index, "mfa.fr.example"), vec![id(1)]);
    let poc_ict = ids(index, "poc.ict");
    assert!(
        poc_ict.contains(&id(1)) && poc_ict.contains(&id(5)),
        "{poc_ict:?}"
    );
    assert!(finds(index, "mofa.ae.example", 2));
    // While the address is being typed.
    assert_eq!(ids(index, "poc.ict@mfa.f")[0], id(1));
}

// ------------------------------------------------------------------ prefix

#[test]
fn prefix_on_last_term() {
    let index = sample();
    let hits = ids(index, "minist");
    for n in [1, 2, 3, 4] {
        assert!(hits.contains(&id(n)), "minist → {n}: {hits:?}");
    }
    assert!(finds(index, "foreign affa", 2));
    assert!(finds(index, "Secretar", 5));
    assert!(finds(index, "وزا", 2));
    assert!(finds(index, "минис", 4));
    // Only the last term is a prefix, and every term must match.
    assert!(ids(index, "minist xyzzy").is_empty());
    assert!(ids(index, "xyzzy minist").is_empty());
    // A trailing space means the word is complete.
    assert!(!finds(index, "minist ", 1));
}

#[test]
fn exact_term_ranks_above_prefix() {
    let index = index_of(&[
        // Prefix-only matches, with high term frequency and short fields.
        doc(1, &["Ministerial Ministerial"], &[], &[]),
        doc(2, &["Ministers"], &[], &[]),
        // The exact term, in a long field.
        doc(
            3,
            &["Office of the Minister for Digital Affairs and Cyber Security"],
            &[],
            &[],
        ),
    ]);
    let hits = ids(&index, "minister");
    assert_eq!(hits.len(), 3);
    assert_eq!(hits[0], id(3));
}

// ----------------------------------------------------------------- ranking

#[test]
fn every_term_must_match() {
    let index = index_of(&[
        doc(1, &["Cyber Cyber Cyber Diplomacy Division"], &[], &[]),
        doc(2, &["Security Council Security"], &[], &[]),
        doc(
            3,
            &["National Agency for Cyber and Information Security of the Republic"],
            &[],
            &[],
        ),
        doc(4, &["Ministry of Health"], &[], &[]),
    ]);
    let hits = index
        .search("cyber security", &SearchFilters::default(), 0, 10)
        .unwrap();
    // A directory search narrows as words are added: only the entry with both.
    assert_eq!(hits.total, 1);
    assert_eq!(hits.ids, vec![id(3)]);
}

#[test]
fn bm25_orders_within_a_tier() {
    let index = index_of(&[
        doc(
            1,
            &[
                "Ministry of Foreign Affairs, Directorate of Multilateral Affairs and International Organisations",
            ],
            &[],
            &[],
        ),
        doc(2, &["Cyber Directorate"], &[], &[]),
    ]);
    // Same tier (one unit matched); the shorter field wins.
    assert_eq!(ids(&index, "directorate"), vec![id(2), id(1)]);
}

// ------------------------------------------------------------- empty query

#[test]
fn empty_query_returns_all_filtered_by_id() {
    let mut docs: Vec<SearchDoc> = [9u128, 3, 7, 1, 5]
        .iter()
        .map(|&n| doc(n, &["Ministry"], &[], &[]))
        .collect();
    docs[1].state = "DE".into();
    docs[2].active = false;
    let index = index_of(&docs);
    for q in ["", "   ", "\t\n", "\u{200F}"] {
        let hits = index.search(q, &SearchFilters::default(), 0, 10).unwrap();
        assert_eq!(hits.ids, vec![id(1), id(3), id(5), id(9)], "{q:?}");
        assert_eq!(hits.total, 4);
    }
    let fr = SearchFilters {
        state: Some("FR".into()),
        include_retired: true,
        ..SearchFilters::default()
    };
    let hits = index.search("", &fr, 1, 2).unwrap();
    assert_eq!(hits.total, 4);
    assert_eq!(hits.ids, vec![id(5), id(7)]);
    // A query of symbols only has nothing to match.
    let hits = index
        .search("\"():*", &SearchFilters::default(), 0, 10)
        .unwrap();
    assert_eq!(hits.total, 0);
    assert!(hits.ids.is_empty());
}

// --------------------------------------------------------- hostile queries

#[test]
fn hostile_queries_never_fail() {
    let index = sample();
    let long = "a".repeat(1000);
    let long_words = "ministry ".repeat(120);
    let long_han = "外交部網絡".repeat(200);
    let long_ar = "وزارة ".repeat(170);
    let queries = [
        "\"",
        "\"unterminated",
        "title:foo",
        ":",
        "(",
        ")",
        "((a OR b) AND",
        "*",
        "mini*",
        "AND",
        "OR NOT",
        "+-!^~[]{}\\/",
        "a:b:c",
        "\u{0000}\u{0001}\u{001B}[31m",
        "\u{202E}gnp.exe",
        "\u{200F}وزارة\u{200E}",
        "\u{FEFF}",
        "🙂🙂",
        "Ministry\u{0000}of",
        "%00",
        "' OR 1=1 --",
        "poc.ict@",
        "@",
        "..",
        "a@b@c",
        &long,
        &long_words,
        &long_han,
        &long_ar,
    ];
    for q in queries {
        let hits = index.search(q, &SearchFilters::default(), 0, 20);
        assert!(hits.is_ok(), "{q:?}: {hits:?}");
    }
    // Query syntax is taken literally, not as an operator.
    // `field:value` is not a field selector: both words are searched.
    assert!(finds(index, "ministry:affairs", 2));
    assert!(!finds(index, "title:ministry", 2));
    assert!(finds(index, "\"Ministère\"", 1));
    assert!(finds(index, "(affaires)", 1));
    assert!(finds(index, "minist*", 1));
}

// ----------------------------------------------------------------- filters

#[test]
fn filters_are_exact_and_combine() {
    let mut docs = vec![
        doc(1, &["Ministry of Foreign Affairs"], &[], &[]),
        doc(2, &["Ministry of Foreign Affairs"], &[], &[]),
        doc(3, &["Ministry of Foreign Affairs"], &[], &[]),
        doc(4, &["Ministry of Foreign Affairs"], &[], &[]),
    ];
    docs[1].state = "DE".into();
    docs[2].role = "technical".into();
    docs[2].languages = vec!["ar".into(), "en".into(), "fr".into()];
    docs[2].regional_group = Some("African".into());
    docs[3].active = false;
    docs[3].regional_group = None;
    let index = index_of(&docs);
    let search = |filters: SearchFilters| {
        let mut got = index.search("ministry", &filters, 0, 10).unwrap().ids;
        got.sort();
        got
    };
    assert_eq!(search(SearchFilters::default()), vec![id(1), id(2), id(3)]);
    assert_eq!(
        search(SearchFilters {
            include_retired: true,
            ..Default::default()
        }),
        vec![id(1), id(2), id(3), id(4)]
    );
    assert_eq!(
        search(SearchFilters {
            state: Some("DE".into()),
            ..Default::default()
        }),
        vec![id(2)]
    );
    // Exact: no case folding on filter values.
    assert!(
        search(SearchFilters {
            state: Some("de".into()),
            ..Default::default()
        })
        .is_empty()
    );
    assert_eq!(
        search(SearchFilters {
            role: Some("technical".into()),
            ..Default::default()
        }),
        vec![id(3)]
    );
    assert_eq!(
        search(SearchFilters {
            language: Some("ar".into()),
            ..Default::default()
        }),
        vec![id(3)]
    );
    assert_eq!(
        search(SearchFilters {
            language: Some("en".into()),
            ..Default::default()
        }),
        vec![id(1), id(2), id(3)]
    );
    assert_eq!(
        search(SearchFilters {
            regional_group: Some("African".into()),
            ..Default::default()
        }),
        vec![id(3)]
    );
    // AND: technical + FR + African → 3; technical + DE → nothing.
    assert_eq!(
        search(SearchFilters {
            role: Some("technical".into()),
            state: Some("FR".into()),
            regional_group: Some("African".into()),
            language: Some("fr".into()),
            include_retired: false,
        }),
        vec![id(3)]
    );
    assert!(
        search(SearchFilters {
            role: Some("technical".into()),
            state: Some("DE".into()),
            ..Default::default()
        })
        .is_empty()
    );
    assert_eq!(
        search(SearchFilters {
            state: Some("FR".into()),
            include_retired: true,
            ..Default::default()
        }),
        vec![id(1), id(3), id(4)]
    );
}

// ---------------------------------------------------------- upsert, paging

#[test]
fn upsert_replaces_by_id() {
    let index = index_of(&[
        doc(1, &["Ministry of Defence"], &[], &[]),
        doc(2, &["Ministry of Justice"], &[], &[]),
    ]);
    assert_eq!(index.len(), 2);
    assert!(!index.is_empty());
    index
        .upsert(&[doc(1, &["Ministry of Digital Affairs"], &[], &[])])
        .unwrap();
    assert_eq!(index.len(), 2);
    assert!(!finds(&index, "defence", 1));
    assert!(finds(&index, "digital", 1));

    // Retiring an entry hides it from default searches but keeps it indexed.
    let mut retired = doc(2, &["Ministry of Justice"], &[], &[]);
    retired.active = false;
    index.upsert(&[retired]).unwrap();
    assert_eq!(index.len(), 2);
    assert!(!finds(&index, "justice", 2));
    let all = SearchFilters {
        include_retired: true,
        ..Default::default()
    };
    assert_eq!(
        index.search("justice", &all, 0, 10).unwrap().ids,
        vec![id(2)]
    );

    // Duplicates inside one batch: the last one wins.
    index
        .upsert(&[
            doc(3, &["First version"], &[], &[]),
            doc(3, &["Second version"], &[], &[]),
        ])
        .unwrap();
    assert_eq!(index.len(), 3);
    assert!(finds(&index, "second", 3));
    assert!(!finds(&index, "first", 3));
    index.upsert(&[]).unwrap();
    assert_eq!(index.len(), 3);
}

#[test]
fn paging() {
    let docs: Vec<SearchDoc> = (1..=25)
        .map(|n| doc(n, &["Cyber Office"], &[], &[]))
        .collect();
    let index = index_of(&docs);
    let f = SearchFilters::default();
    let page1 = index.search("cyber", &f, 0, 10).unwrap();
    let page2 = index.search("cyber", &f, 10, 10).unwrap();
    let page3 = index.search("cyber", &f, 20, 10).unwrap();
    assert_eq!(page1.total, 25);
    assert_eq!(
        (page1.ids.len(), page2.ids.len(), page3.ids.len()),
        (10, 10, 5)
    );
    let mut all: Vec<Uuid> = [page1.ids, page2.ids, page3.ids].concat();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 25);
    let none = index.search("cyber", &f, 0, 0).unwrap();
    assert_eq!((none.total, none.ids.len()), (25, 0));
    let beyond = index.search("cyber", &f, 1000, 10).unwrap();
    assert_eq!((beyond.total, beyond.ids.len()), (25, 0));
    let huge = index.search("cyber", &f, usize::MAX, usize::MAX).unwrap();
    assert_eq!((huge.total, huge.ids.len()), (25, 0));
    let all = index.search("", &f, 0, usize::MAX).unwrap();
    assert_eq!(all.ids.len(), 25);
}

#[test]
fn concurrent_searches_and_writes() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();

    let index = Arc::new(index_of(&[doc(
        1,
        &["Ministry of Foreign Affairs"],
        &[],
        &[],
    )]));
    std::thread::scope(|scope| {
        for t in 0..4u128 {
            let index = Arc::clone(&index);
            scope.spawn(move || {
                for i in 0..20u128 {
                    if t == 0 {
                        index
                            .upsert(&[doc(100 + i, &["Cyber Agency"], &[], &[])])
                            .unwrap();
                    } else {
                        let hits = index
                            .search("ministry", &SearchFilters::default(), 0, 10)
                            .unwrap();
                        assert_eq!(hits.ids, vec![id(1)]);
                    }
                }
            });
        }
    });
    assert_eq!(index.len(), 21);
    assert_eq!(
        index
            .search("cyber agency", &SearchFilters::default(), 0, 5)
            .unwrap()
            .total,
        20
    );
}

// --------------------------------------------------------- property tests

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn search_never_fails(q in "\\PC{0,60}|[\\x00-\\x7F]{0,200}|.{0,1000}") {
        let index = sample();
        let hits = index.search(&q, &SearchFilters::default(), 0, 10);
        prop_assert!(hits.is_ok(), "{:?}", hits);
    }

    #[test]
    fn search_never_fails_on_multiscript_noise(
        q in "[a-zA-Z0-9 àéüñёЁ\\u{0600}-\\u{06FF}\\u{4E00}-\\u{4E80}網絡\"():*@.\\-\\u{200E}\\u{200F}\\u{0000}]{0,80}",
        offset in 0usize..30,
        limit in 0usize..30,
    ) {
        let index = sample();
        prop_assert!(index.search(&q, &SearchFilters::default(), offset, limit).is_ok());
    }

    #[test]
    fn fold_is_idempotent(s in "\\PC{0,40}|.{0,40}") {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }

    #[test]
    fn fold_is_idempotent_multiscript(
        s in "[A-Za-zÀ-ÿĀ-žЀ-ӿͰ-Ͽ\\u{0600}-\\u{06FF}\\u{0750}-\\u{077F}\\u{FB50}-\\u{FDFF}\\u{FE70}-\\u{FEFF}\\u{4E00}-\\u{9FFF}\\u{3040}-\\u{30FF}\\u{AC00}-\\u{AD00}\\u{0300}-\\u{036F}\\u{0900}-\\u{097F} ]{0,40}"
    ) {
        let once = fold(&s);
        prop_assert_eq!(fold(&once), once);
    }
}

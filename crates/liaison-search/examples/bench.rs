//! Build time and search latency at 100 000 entries.
//!
//! Reads the 10 000 synthetic entries of
//! `/work/shared/data/pocs-10000-seed1.jsonl` (override with the first
//! argument), replicates them 10× with fresh uuids (override the factor with
//! the second argument), bulk-loads them with one `upsert`, then times a mix
//! of typical queries (Latin / Arabic / Chinese / Cyrillic, one or two
//! words, prefixes, e-mails, with and without filters).
//!
//! Run: `CARGO_TARGET_DIR=/tmp/target-search cargo run --release -p liaison-search --example bench`

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use liaison_search::{SearchDoc, SearchFilters, SearchIndex};
use serde_json::Value;
use uuid::Uuid;

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn text(v: &Value, key: &str) -> String {
    v.get(key).and_then(Value::as_str).unwrap_or("").to_string()
}

fn load(path: &str, copies: usize) -> Vec<SearchDoc> {
    let groups: HashMap<String, String> =
        std::fs::read_to_string("/work/shared/data/un-member-states.json")
            .ok()
            .and_then(|s| serde_json::from_str::<Value>(&s).ok())
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|s| {
                Some((
                    text(s, "iso2"),
                    s.get("un_regional_group")?.as_str()?.to_string(),
                ))
            })
            .collect();

    let raw = std::fs::read_to_string(path).expect("read jsonl");
    let rows: Vec<Value> = raw
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect();
    let mut docs = Vec::with_capacity(rows.len() * copies);
    for copy in 0..copies {
        for (i, row) in rows.iter().enumerate() {
            let original = vec![
                text(row, "entity_name"),
                text(row, "person_name"),
                text(row, "title"),
            ];
            let translation = row
                .get("translation_en")
                .filter(|t| t.is_object())
                .map(|t| {
                    vec![
                        text(t, "entity_name"),
                        text(t, "person_name"),
                        text(t, "title"),
                    ]
                })
                .unwrap_or_default();
            let mut languages = vec![text(row, "entry_language")];
            for l in strings(row.get("working_languages").unwrap_or(&Value::Null)) {
                if !languages.contains(&l) {
                    languages.push(l);
                }
            }
            let state = text(row, "state");
            docs.push(SearchDoc {
                id: Uuid::new_v4(),
                original,
                translation,
                emails: strings(row.get("emails").unwrap_or(&Value::Null)),
                regional_group: groups.get(&state).cloned(),
                state,
                role: text(row, "role"),
                languages,
                // A few retired entries, as in a real directory.
                active: (i + copy) % 20 != 0,
            });
        }
    }
    docs
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("/work/shared/data/pocs-10000-seed1.jsonl");
    let copies: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10);

    let docs = load(path, copies);
    let index = SearchIndex::in_memory().unwrap();
    let start = Instant::now();
    index.upsert(&docs).unwrap();
    let build = start.elapsed();
    println!(
        "bulk upsert: {} docs in {:.2} s ({:.0} docs/s), len() = {}",
        docs.len(),
        build.as_secs_f64(),
        docs.len() as f64 / build.as_secs_f64(),
        index.len()
    );

    // Single-document writes (commit + reader reload each).
    let mut single = Vec::new();
    for doc in docs.iter().take(20) {
        let mut d = doc.clone();
        d.original.push("Updated".into());
        let t = Instant::now();
        index.upsert(&[d]).unwrap();
        single.push(t.elapsed());
    }
    single.sort();
    println!(
        "single upsert: p50 {:.2} ms, max {:.2} ms",
        percentile(&single, 0.5).as_secs_f64() * 1e3,
        single[single.len() - 1].as_secs_f64() * 1e3
    );

    // Let background merges of the small segments settle before timing.
    std::thread::sleep(Duration::from_millis(500));

    // Profiling aid: `BENCH_LOOP=<query>` runs just that query in a loop.
    if let Ok(q) = std::env::var("BENCH_LOOP") {
        let t = Instant::now();
        let n = 5000;
        for _ in 0..n {
            std::hint::black_box(index.search(&q, &SearchFilters::default(), 0, 20).unwrap());
        }
        println!(
            "{q:?}: {:.3} ms/search",
            t.elapsed().as_secs_f64() * 1e3 / n as f64
        );
        return;
    }

    let none = SearchFilters::default();
    let fr = SearchFilters {
        state: Some("FR".into()),
        ..Default::default()
    };
    let ar_lang = SearchFilters {
        language: Some("ar".into()),
        ..Default::default()
    };
    let technical_african = SearchFilters {
        role: Some("technical".into()),
        regional_group: Some("African".into()),
        ..Default::default()
    };
    let queries: Vec<(&str, &str, &SearchFilters)> = vec![
        ("latin", "ministry", &none),
        ("latin", "foreign affairs", &none),
        ("latin", "cyber security", &none),
        ("latin", "minist", &none),
        ("latin", "mi", &none),
        ("latin", "ministère", &none),
        ("latin", "affaires etrangeres", &fr),
        ("latin", "ministerio relaciones", &none),
        ("latin", "cert", &technical_african),
        ("latin", "incident response", &none),
        ("latin", "national", &none),
        ("latin", "directorate multilateral", &none),
        ("latin", "ambassador", &none),
        ("latin", "kamau", &none),
        ("latin", "sanne maes", &none),
        ("latin", "garcia", &none),
        ("latin", "poc.ict@mfa.fr.example", &none),
        ("latin", "mfa.fr.example", &none),
        ("latin", "poc.ict", &none),
        ("latin", "secu", &none),
        ("arabic", "وزارة", &none),
        ("arabic", "الامن الوطني", &none),
        ("arabic", "وزاره الخارجيه", &none),
        ("arabic", "الأمانة العامة", &ar_lang),
        ("arabic", "امن", &none),
        ("arabic", "مدير", &none),
        ("arabic", "السيبراني", &none),
        ("arabic", "الدب", &none),
        ("chinese", "外交部", &none),
        ("chinese", "网络安全", &none),
        ("chinese", "網絡", &none),
        ("chinese", "国家安全委员会", &none),
        ("chinese", "应急", &none),
        ("chinese", "秘书", &none),
        ("cyrillic", "министерство", &none),
        ("cyrillic", "иностранных дел", &none),
        ("cyrillic", "объединённых", &none),
        ("cyrillic", "кибер", &none),
    ];

    // Warm-up: first use of every query (and of the dictionaries).
    for (_, q, f) in &queries {
        index.search(q, f, 0, 20).unwrap();
    }

    let rounds = 50;
    let mut all = Vec::new();
    let mut by_kind: HashMap<&str, Vec<Duration>> = HashMap::new();
    let mut by_query: Vec<(String, usize, Vec<Duration>)> = Vec::new();
    for (_, q, f) in &queries {
        by_query.push((
            q.to_string(),
            index.search(q, f, 0, 20).unwrap().total,
            Vec::new(),
        ));
    }
    for _ in 0..rounds {
        for (qi, (kind, q, f)) in queries.iter().enumerate() {
            let t = Instant::now();
            let hits = index.search(q, f, 0, 20).unwrap();
            let d = t.elapsed();
            std::hint::black_box(hits);
            all.push(d);
            by_kind.entry(kind).or_default().push(d);
            by_query[qi].2.push(d);
        }
    }
    all.sort();
    println!(
        "search, {} queries x {} rounds: p50 {:.3} ms, p99 {:.3} ms, max {:.3} ms",
        queries.len(),
        rounds,
        percentile(&all, 0.5).as_secs_f64() * 1e3,
        percentile(&all, 0.99).as_secs_f64() * 1e3,
        all[all.len() - 1].as_secs_f64() * 1e3
    );
    let mut kinds: Vec<_> = by_kind.into_iter().collect();
    kinds.sort_by_key(|(k, _)| *k);
    for (kind, mut v) in kinds {
        v.sort();
        println!(
            "  {kind:9} p50 {:.3} ms  p99 {:.3} ms",
            percentile(&v, 0.5).as_secs_f64() * 1e3,
            percentile(&v, 0.99).as_secs_f64() * 1e3
        );
    }
    println!("per query (p50 / p99 ms, total hits):");
    for (q, total, mut v) in by_query {
        v.sort();
        println!(
            "  {:>7.3} {:>7.3} {:>7}  {q}",
            percentile(&v, 0.5).as_secs_f64() * 1e3,
            percentile(&v, 0.99).as_secs_f64() * 1e3,
            total
        );
    }

    // Atypical, expensive queries (not part of the mix above): the empty
    // query (all docs ordered by id) and long queries of common words.
    let long_common = "ministry of foreign affairs national cyber security agency directorate \
        incident response team office department international division";
    let long_mixed = format!("{long_common} وزارة الخارجية الامن 外交部网络安全办公室 министерство");
    let hostile = "a".repeat(1000);
    let stress: Vec<(&str, &str, &SearchFilters)> = vec![
        ("empty", "", &none),
        ("empty+filter", "", &fr),
        ("16 common words", long_common, &none),
        ("long mixed", &long_mixed, &none),
        ("1000 x 'a'", &hostile, &none),
    ];
    println!("atypical queries (p50 / p99 ms, total hits):");
    for (name, q, f) in &stress {
        let total = index.search(q, f, 0, 20).unwrap().total;
        let mut v: Vec<Duration> = (0..30)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(index.search(q, f, 0, 20).unwrap());
                t.elapsed()
            })
            .collect();
        v.sort();
        println!(
            "  {:>7.3} {:>7.3} {:>7}  {name}",
            percentile(&v, 0.5).as_secs_f64() * 1e3,
            percentile(&v, 0.99).as_secs_f64() * 1e3,
            total
        );
    }

    // Two threads searching at once (the machine has 2 cores).
    let t = Instant::now();
    let per_thread: Vec<Vec<Duration>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    let mut v = Vec::new();
                    for _ in 0..20 {
                        for (_, q, f) in &queries {
                            let t = Instant::now();
                            std::hint::black_box(index.search(q, f, 0, 20).unwrap());
                            v.push(t.elapsed());
                        }
                    }
                    v
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut conc: Vec<Duration> = per_thread.into_iter().flatten().collect();
    conc.sort();
    println!(
        "2 concurrent threads: {} searches in {:.2} s, p50 {:.3} ms, p99 {:.3} ms",
        conc.len(),
        t.elapsed().as_secs_f64(),
        percentile(&conc, 0.5).as_secs_f64() * 1e3,
        percentile(&conc, 0.99).as_secs_f64() * 1e3
    );
}

//! Bulk import (the operator's migration path) and export, through the real binary.

use crate::on_both_backends;
use crate::support::*;
use serde_json::Value;
use std::process::Command;

on_both_backends!(round_trip_of_ten_thousand_entries_is_lossless);

fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(bin())
        .args(args)
        .env("LIAISON_LOG", "warn")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// gen_pocs.py's hostile corpus: every `reject` line refused, every `accept` line kept, every
/// `policy` line refused or normalised — never stored as it came (issue 2 §10).
#[tokio::test]
async fn malformed_corpus_follows_its_manifest() {
    let db = test_db(Backend::Sqlite).await;
    let corpus = shared("data/pocs-malformed-seed1.jsonl");
    let (code, stdout, stderr) = run(&[
        "import",
        "pocs",
        corpus.to_str().unwrap(),
        "--database",
        &db.url,
        "--json",
    ]);
    assert_eq!(code, 2, "some lines must be refused: {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let rejected: Vec<u64> = report["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    let normalised: Vec<u64> = report["normalised"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    let manifest: Value = serde_json::from_str(
        &std::fs::read_to_string(shared("data/pocs-malformed-seed1.manifest.json")).unwrap(),
    )
    .unwrap();
    let mut accepted = 0;
    for e in manifest["entries"].as_array().unwrap() {
        let line = e["line"].as_u64().unwrap();
        let what = format!("line {line} ({})", e["defect"]);
        match e["expect"].as_str().unwrap() {
            "reject" => assert!(rejected.contains(&line), "{what} should be refused"),
            "accept" => {
                assert!(
                    !rejected.contains(&line) && !normalised.contains(&line),
                    "{what} should be kept as is"
                );
                accepted += 1;
            }
            "policy" => assert!(
                rejected.contains(&line) || normalised.contains(&line),
                "{what} stored as it came"
            ),
            other => panic!("unknown verdict {other}"),
        }
    }
    assert_eq!(accepted, 40);
    assert_eq!(
        report["imported"].as_u64().unwrap() + rejected.len() as u64,
        200
    );

    // Raw invalid UTF-8: every line refused, nothing written.
    let bad = shared("data/pocs-malformed-seed1.invalid-utf8.jsonl");
    let (code, stdout, _) = run(&[
        "import",
        "pocs",
        bad.to_str().unwrap(),
        "--database",
        &db.url,
        "--json",
    ]);
    assert_eq!(code, 2);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["imported"], 0);
    assert_eq!(report["rejected"].as_array().unwrap().len(), 7);
    for r in report["rejected"].as_array().unwrap() {
        assert_eq!(r["errors"][0]["code"], "invalid_utf8");
    }

    // The import is on the audit trail and the chain is intact.
    let (code, stdout, _) = run(&["audit", "verify", "--database", &db.url]);
    assert_eq!(code, 0, "{stdout}");
}

/// Import the 10 000 generated entries, export them, and get the same bytes back.
async fn round_trip_of_ten_thousand_entries_is_lossless(backend: Backend) {
    let db = test_db(backend).await;
    let input = shared("data/pocs-10000-seed1.jsonl");
    let (code, _, stderr) = run(&[
        "import",
        "pocs",
        input.to_str().unwrap(),
        "--database",
        &db.url,
        "--dry-run",
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("dry run"), "{stderr}");
    let (code, out, _) = run(&["export", "pocs", "--database", &db.url]);
    assert_eq!((code, out.len()), (0, 0), "a dry run writes nothing");

    let (code, _, stderr) = run(&[
        "import",
        "pocs",
        input.to_str().unwrap(),
        "--database",
        &db.url,
    ]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("10000 imported"), "{stderr}");
    let dir = scratch_dir("export");
    let out = dir.join("export.jsonl");
    let (code, _, stderr) = run(&[
        "export",
        "pocs",
        "--database",
        &db.url,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let original = std::fs::read(&input).unwrap();
    let exported = std::fs::read(&out).unwrap();
    assert!(
        original == exported,
        "export differs from the imported file"
    );

    // Importing the same file again refuses every line as a duplicate and changes nothing.
    let (code, _, stderr) = run(&[
        "import",
        "pocs",
        input.to_str().unwrap(),
        "--database",
        &db.url,
    ]);
    assert_eq!(code, 2);
    assert!(stderr.contains("0 imported"), "{stderr}");
    let (code, stdout, _) = run(&["audit", "verify", "--database", &db.url]);
    assert_eq!(code, 0, "{stdout}");
    let _ = std::fs::remove_dir_all(dir);
}

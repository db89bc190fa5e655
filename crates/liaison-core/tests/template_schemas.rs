//! The inquiry and response templates have one description in `liaison_core::inquiry`, from
//! which both the Rust validator and the JSON Schemas in `docs/schemas/` come (the browser
//! validates with the schema, the command line with the Rust code). This test checks that the
//! published schema files are the ones the code generates, and that the Rust validator and an
//! independent JSON Schema validator (boon, draft 2020-12) give the same verdict on every
//! fixture in `docs/schemas/fixtures/` (COM-08, COM-09).
//!
//! `LIAISON_WRITE_SCHEMAS=1 cargo test -p liaison-core --test template_schemas` rewrites the
//! schema files after a change to the templates.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use liaison_core::inquiry::{Template, json_schema, validate};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schemas")
}

fn pretty(v: &Value) -> String {
    serde_json::to_string_pretty(v).unwrap() + "\n"
}

#[test]
fn published_schemas_are_generated_from_the_templates() {
    for t in Template::ALL {
        let path = docs().join(t.schema_file());
        let want = pretty(&json_schema(t));
        if std::env::var_os("LIAISON_WRITE_SCHEMAS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let got = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            got == want,
            "{} is not what the code generates: rerun with LIAISON_WRITE_SCHEMAS=1",
            path.display()
        );
    }
}

fn fixtures(kind: &str) -> Vec<(String, Value)> {
    let mut out: Vec<(String, Value)> = std::fs::read_dir(docs().join("fixtures").join(kind))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let v = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
            (name, v)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(!out.is_empty(), "no {kind} fixtures");
    out
}

/// Whether `schema` (as generated) accepts `doc`, according to boon.
fn schema_accepts(template: Template, doc: &Value) -> bool {
    let mut schemas = boon::Schemas::new();
    let mut compiler = boon::Compiler::new();
    compiler.set_default_draft(boon::Draft::V2020_12);
    let url = format!("urn:liaison:schema:{}", template.schema_file());
    compiler.add_resource(&url, json_schema(template)).unwrap();
    let index = compiler.compile(&url, &mut schemas).unwrap();
    schemas.validate(doc, index).is_ok()
}

fn template_of(name: &str) -> Template {
    if name.starts_with("response") {
        Template::ResponseV1
    } else {
        Template::InquiryV1
    }
}

#[test]
fn rust_and_schema_accept_the_valid_fixtures() {
    for (name, doc) in fixtures("valid") {
        let rust = validate(&doc);
        assert!(rust.is_ok(), "{name}: Rust refuses it: {rust:?}");
        assert!(
            schema_accepts(template_of(&name), &doc),
            "{name}: the schema refuses it"
        );
        // What the validator returns is the document as written.
        assert_eq!(rust.unwrap().to_json(), doc, "{name}");
    }
}

#[test]
fn rust_and_schema_refuse_the_invalid_fixtures() {
    for (name, doc) in fixtures("invalid") {
        assert!(validate(&doc).is_err(), "{name}: Rust accepts it");
        assert!(
            !schema_accepts(template_of(&name), &doc),
            "{name}: the schema accepts it"
        );
    }
}

//! The translations live in `liaison-i18n` (shared with the command line and e-mails); the
//! pages and the API use them as `crate::i18n`. This module adds the check that needs the
//! adapters' code: every message is used somewhere, and everything used has a message.

pub use liaison_i18n::*;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use liaison_core::ErrorCode;
    use std::collections::BTreeSet;

    /// The text of every Rust file under `crates/*/src/` of the workspace: any adapter (pages,
    /// API, command line, e-mail) may name a message with a string literal.
    fn rust_sources() -> String {
        fn walk(dir: &std::path::Path, out: &mut String) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries {
                let path = e.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|x| x == "rs") {
                    out.push_str(&std::fs::read_to_string(&path).unwrap());
                }
            }
        }
        let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .unwrap();
        let mut out = String::new();
        for krate in std::fs::read_dir(crates).unwrap() {
            let krate = krate.unwrap().path();
            // The translation crate itself defines messages, it does not use them.
            if krate.file_name().is_some_and(|n| n != "liaison-i18n") {
                walk(&krate.join("src"), &mut out);
            }
        }
        out
    }

    #[test]
    fn every_error_code_has_a_message_and_every_message_is_used() {
        let en: BTreeSet<String> = english_message_ids().into_iter().collect();
        let mut used: BTreeSet<String> = ErrorCode::ALL.iter().map(|c| c.message_id()).collect();
        for id in crate::error::API_MESSAGE_IDS {
            used.insert((*id).to_owned());
        }
        // The pages: what their templates ask for, and what Rust code asks for (any string
        // literal in the workspace's sources that names a message).
        for (_, src) in crate::pages::template_sources() {
            used.extend(crate::pages::template_message_ids(&src));
        }
        let code = rust_sources();
        for id in &en {
            if code.contains(&format!("\"{id}\"")) {
                used.insert(id.clone());
            }
        }
        let missing: Vec<_> = used.difference(&en).collect();
        let unused: Vec<_> = en.difference(&used).collect();
        assert!(missing.is_empty(), "no message for {missing:?}");
        assert!(unused.is_empty(), "unused messages {unused:?}");
    }
}

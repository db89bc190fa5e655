//! Translations: every user-facing message comes from `locales/<lang>/*.ftl` in the six UN
//! languages, for every adapter that writes to people (the pages and API errors in
//! `liaison-web`, the command line, e-mails). `format` writes dates and numbers per language. Fluent's bidi isolation marks around arguments are kept on purpose: an English
//! field name inside an Arabic sentence must not reorder it.

pub mod format;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use liaison_core::EntryLanguage;
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

/// The language a reader gets: one of the six UN languages.
pub type UiLanguage = EntryLanguage;

/// The translation files of each language: `main.ftl` (API and command-line messages),
/// `pages.ftl` (layout, public page, error pages), `auth.ftl` (enrolment, sign-in, account),
/// `directory.ftl` (browsing and managing entries), `admin.ftl` (administration), `ping.ftl`
/// (the page a ping's link opens), `mail.ftl` (e-mails: pings and escalations),
/// `threads.ftl` (threads between POCs: the A§10 notice, templates, notifications),
/// `ping-pages.ftl` (the ping test pages and freshness in the directory),
/// `thread-pages.ftl` (the thread pages) and `cli-poc.ftl` (the POC's command-line client,
/// `liaison poc`). A message
/// id is defined in exactly one file; every language has the same files with the same ids.
macro_rules! locale_files {
    ($dir:literal) => {
        &[
            (
                "main.ftl",
                include_str!(concat!("../locales/", $dir, "/main.ftl")),
            ),
            (
                "pages.ftl",
                include_str!(concat!("../locales/", $dir, "/pages.ftl")),
            ),
            (
                "auth.ftl",
                include_str!(concat!("../locales/", $dir, "/auth.ftl")),
            ),
            (
                "directory.ftl",
                include_str!(concat!("../locales/", $dir, "/directory.ftl")),
            ),
            (
                "admin.ftl",
                include_str!(concat!("../locales/", $dir, "/admin.ftl")),
            ),
            (
                "ping.ftl",
                include_str!(concat!("../locales/", $dir, "/ping.ftl")),
            ),
            (
                "mail.ftl",
                include_str!(concat!("../locales/", $dir, "/mail.ftl")),
            ),
            (
                "threads.ftl",
                include_str!(concat!("../locales/", $dir, "/threads.ftl")),
            ),
            (
                "ping-pages.ftl",
                include_str!(concat!("../locales/", $dir, "/ping-pages.ftl")),
            ),
            (
                "thread-pages.ftl",
                include_str!(concat!("../locales/", $dir, "/thread-pages.ftl")),
            ),
            (
                "cli-poc.ftl",
                include_str!(concat!("../locales/", $dir, "/cli-poc.ftl")),
            ),
        ]
    };
}

pub const SOURCES: &[(EntryLanguage, &[(&str, &str)])] = &[
    (EntryLanguage::Ar, locale_files!("ar")),
    (EntryLanguage::Zh, locale_files!("zh")),
    (EntryLanguage::En, locale_files!("en")),
    (EntryLanguage::Fr, locale_files!("fr")),
    (EntryLanguage::Ru, locale_files!("ru")),
    (EntryLanguage::Es, locale_files!("es")),
];

struct Bundles(Vec<(EntryLanguage, FluentBundle<FluentResource>)>);

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| {
    Bundles(
        SOURCES
            .iter()
            .map(|(lang, files)| {
                let id: LanguageIdentifier = lang.as_str().parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![id]);
                for (_, src) in *files {
                    // A file with a syntax error still yields its good messages; the
                    // `translations_parse` test makes such an error fail the build's tests.
                    let res =
                        FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(res, _)| res);
                    let _ = b.add_resource(res);
                }
                (*lang, b)
            })
            .collect(),
    )
});

fn bundle(lang: UiLanguage) -> Option<&'static FluentBundle<FluentResource>> {
    BUNDLES.0.iter().find(|(l, _)| *l == lang).map(|(_, b)| b)
}

/// The message `id` in `lang`, falling back to English, then to the id itself.
pub fn tr(lang: UiLanguage, id: &str, args: &[(&str, &str)]) -> String {
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(*k, *v);
    }
    for l in [lang, EntryLanguage::En] {
        if let Some(b) = bundle(l)
            && let Some(pattern) = b.get_message(id).and_then(|m| m.value())
        {
            {
                let mut errors = Vec::new();
                return b
                    .format_pattern(pattern, Some(&fa), &mut errors)
                    .into_owned();
            }
        }
    }
    id.to_owned()
}

/// The writing direction of a language, for `<html dir=…>`.
pub fn direction(lang: UiLanguage) -> &'static str {
    if lang.is_rtl() { "rtl" } else { "ltr" }
}

/// Pick the reader's language: an explicit choice first, then `Accept-Language` (with
/// q-values), then English.
pub fn negotiate(explicit: Option<&str>, accept_language: Option<&str>) -> UiLanguage {
    if let Some(l) = explicit.and_then(EntryLanguage::parse) {
        return l;
    }
    let Some(header) = accept_language else {
        return EntryLanguage::En;
    };
    let mut best: Option<(f32, EntryLanguage)> = None;
    for part in header.split(',').take(20) {
        let mut it = part.split(';');
        let tag = it.next().unwrap_or("").trim();
        let q = it
            .find_map(|p| p.trim().strip_prefix("q="))
            .and_then(|v| v.parse::<f32>().ok())
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("").to_ascii_lowercase();
        if let Some(l) = EntryLanguage::parse(&primary)
            && q > 0.0
            && best.is_none_or(|(bq, _)| q > bq)
        {
            best = Some((q, l));
        }
    }
    best.map(|(_, l)| l).unwrap_or(EntryLanguage::En)
}

/// The names of the six languages, each written in its own language and therefore the same in
/// every translation file.
pub const AUTONYMS: &[&str] = &[
    "language-ar",
    "language-zh",
    "language-en",
    "language-fr",
    "language-ru",
    "language-es",
];

/// Messages that may read the same in French or Spanish as in English because the word is the
/// same there (checked by a speaker, not a leftover). Arabic, Chinese and Russian never share a
/// message with English.
pub const SAME_AS_ENGLISH: &[(EntryLanguage, &str)] = &[
    (EntryLanguage::Fr, "template-field-incident-description"),
    (EntryLanguage::Fr, "inquiry-category-intrusion"),
    (EntryLanguage::Es, "urgency-normal"),
    // Chinese writes a percentage as English does: 85%.
    (EntryLanguage::Zh, "pings-percent"),
    // The same word in both languages.
    (EntryLanguage::Fr, "threads-notifications"),
    (EntryLanguage::Fr, "threads-messages"),
    (EntryLanguage::Fr, "threads-col-participant"),
    (EntryLanguage::Es, "threads-js-no"),
    (EntryLanguage::Es, "poc-cli-no"),
];

/// Every message id of English, the reference language, across its files (for the tests of the
/// adapters that check that each message is used).
pub fn english_message_ids() -> Vec<String> {
    SOURCES
        .iter()
        .filter(|(l, _)| *l == EntryLanguage::En)
        .flat_map(|(_, files)| files.iter().flat_map(|(_, src)| message_ids(src)))
        .collect()
}

/// Message ids defined in one FTL source (for the completeness tests).
pub fn message_ids(src: &str) -> Vec<String> {
    src.lines()
        .filter_map(|l| {
            let id = l.split('=').next()?.trim_end();
            let first = id.chars().next()?;
            (first.is_ascii_lowercase()
                && l.contains('=')
                && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            .then(|| id.to_owned())
        })
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn translations_parse() {
        for (lang, files) in SOURCES {
            for (file, src) in *files {
                if let Err((_, errors)) = FluentResource::try_new((*src).to_owned()) {
                    panic!("{lang:?} {file}: {errors:?}");
                }
            }
        }
    }

    /// Every message id of a language, across its files; an id defined twice (in one file or
    /// in two) is an error, since Fluent would silently keep only the first.
    fn ids_of(lang: EntryLanguage) -> BTreeSet<String> {
        let (_, files) = SOURCES.iter().find(|(l, _)| *l == lang).unwrap();
        let mut ids = BTreeSet::new();
        for (file, src) in *files {
            for id in message_ids(src) {
                assert!(
                    ids.insert(id.clone()),
                    "{lang:?} {file}: {id} is defined twice"
                );
            }
        }
        ids
    }

    fn ids_of_file(lang: EntryLanguage, name: &str) -> BTreeSet<String> {
        let (_, files) = SOURCES.iter().find(|(l, _)| *l == lang).unwrap();
        let (_, src) = files.iter().find(|(f, _)| *f == name).unwrap();
        message_ids(src).into_iter().collect()
    }

    #[test]
    fn every_language_has_every_message() {
        assert_eq!(SOURCES.len(), EntryLanguage::ALL.len());
        let en_files: Vec<&str> = SOURCES[2].1.iter().map(|(f, _)| *f).collect();
        for (lang, files) in SOURCES {
            let names: Vec<&str> = files.iter().map(|(f, _)| *f).collect();
            assert_eq!(names, en_files, "{lang:?}");
            // File by file, so a message cannot drift from pages.ftl into main.ftl.
            for file in &en_files {
                let en = ids_of_file(EntryLanguage::En, file);
                let ids = ids_of_file(*lang, file);
                let missing: Vec<_> = en.difference(&ids).collect();
                let extra: Vec<_> = ids.difference(&en).collect();
                assert!(
                    missing.is_empty() && extra.is_empty(),
                    "{lang:?} {file}: missing {missing:?}, extra {extra:?}"
                );
            }
            ids_of(*lang);
        }
    }

    #[test]
    fn messages_are_translated_not_copied() {
        // Every message but the language names (each written in its own language, the same in
        // every file) must differ from the English text in every other language: a copied
        // English message is a missing translation.
        for (_, files) in SOURCES {
            for (file, _) in *files {
                for id in ids_of_file(EntryLanguage::En, file) {
                    if AUTONYMS.contains(&id.as_str()) {
                        continue;
                    }
                    let en = tr(EntryLanguage::En, &id, &[]);
                    for lang in EntryLanguage::ALL {
                        if *lang != EntryLanguage::En
                            && !SAME_AS_ENGLISH.contains(&(*lang, id.as_str()))
                        {
                            assert_ne!(tr(*lang, &id, &[]), en, "{lang:?} {file} {id}");
                        }
                    }
                }
            }
        }
        for lang in EntryLanguage::ALL {
            assert_eq!(tr(*lang, "language-ar", &[]), "العربية", "{lang:?}");
        }
    }

    #[test]
    fn direction_follows_the_script() {
        for lang in EntryLanguage::ALL {
            let expected = if *lang == EntryLanguage::Ar {
                "rtl"
            } else {
                "ltr"
            };
            assert_eq!(direction(*lang), expected, "{lang:?}");
        }
    }

    #[test]
    fn negotiation() {
        assert_eq!(negotiate(Some("ar"), Some("fr")), EntryLanguage::Ar);
        assert_eq!(
            negotiate(None, Some("de-DE, fr;q=0.8, ru;q=0.9")),
            EntryLanguage::Ru
        );
        assert_eq!(negotiate(None, Some("zh-CN")), EntryLanguage::Zh);
        assert_eq!(negotiate(None, Some("de")), EntryLanguage::En);
        assert_eq!(negotiate(Some("xx"), None), EntryLanguage::En);
    }
}

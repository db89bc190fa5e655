//! Translations: every user-facing message comes from `locales/<lang>/*.ftl` in the six UN
//! languages. Fluent's bidi isolation marks around arguments are kept on purpose: an English
//! field name inside an Arabic sentence must not reorder it.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use liaison_core::EntryLanguage;
use std::sync::LazyLock;
use unic_langid::LanguageIdentifier;

/// The language a reader gets: one of the six UN languages.
pub type UiLanguage = EntryLanguage;

pub const SOURCES: &[(EntryLanguage, &str)] = &[
    (EntryLanguage::Ar, include_str!("../locales/ar/main.ftl")),
    (EntryLanguage::Zh, include_str!("../locales/zh/main.ftl")),
    (EntryLanguage::En, include_str!("../locales/en/main.ftl")),
    (EntryLanguage::Fr, include_str!("../locales/fr/main.ftl")),
    (EntryLanguage::Ru, include_str!("../locales/ru/main.ftl")),
    (EntryLanguage::Es, include_str!("../locales/es/main.ftl")),
];

struct Bundles(Vec<(EntryLanguage, FluentBundle<FluentResource>)>);

static BUNDLES: LazyLock<Bundles> = LazyLock::new(|| {
    Bundles(
        SOURCES
            .iter()
            .map(|(lang, src)| {
                let id: LanguageIdentifier = lang.as_str().parse().unwrap_or_default();
                let mut b = FluentBundle::new_concurrent(vec![id]);
                // A file with a syntax error still yields its good messages; the
                // `translations_parse` test makes such an error fail the build's tests.
                let res = FluentResource::try_new((*src).to_owned()).unwrap_or_else(|(res, _)| res);
                let _ = b.add_resource(res);
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
    use liaison_core::ErrorCode;
    use std::collections::BTreeSet;

    #[test]
    fn translations_parse() {
        for (lang, src) in SOURCES {
            if let Err((_, errors)) = FluentResource::try_new((*src).to_owned()) {
                panic!("{lang:?}: {errors:?}");
            }
        }
    }

    #[test]
    fn every_language_has_every_message() {
        let en: BTreeSet<_> = message_ids(SOURCES[2].1).into_iter().collect();
        assert!(!en.is_empty());
        for (lang, src) in SOURCES {
            let ids: BTreeSet<_> = message_ids(src).into_iter().collect();
            let missing: Vec<_> = en.difference(&ids).collect();
            let extra: Vec<_> = ids.difference(&en).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang:?}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    #[test]
    fn every_error_code_has_a_message_and_every_message_is_used() {
        let en: BTreeSet<_> = message_ids(SOURCES[2].1).into_iter().collect();
        let mut used: BTreeSet<String> = ErrorCode::ALL.iter().map(|c| c.message_id()).collect();
        for id in crate::error::API_MESSAGE_IDS {
            used.insert((*id).to_owned());
        }
        let missing: Vec<_> = used.difference(&en).collect();
        let unused: Vec<_> = en.difference(&used).collect();
        assert!(missing.is_empty(), "no message for {missing:?}");
        assert!(unused.is_empty(), "unused messages {unused:?}");
    }

    #[test]
    fn messages_are_translated_not_copied() {
        // Arabic, Chinese and Russian share no script with English: a copied English message
        // would show up as identical text.
        for lang in [
            EntryLanguage::Ar,
            EntryLanguage::Zh,
            EntryLanguage::Ru,
            EntryLanguage::Fr,
            EntryLanguage::Es,
        ] {
            let a = tr(lang, "api-not-found", &[]);
            assert_ne!(a, tr(EntryLanguage::En, "api-not-found", &[]), "{lang:?}");
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

//! Server-rendered HTML pages. Templates (askama, compiled into the binary, escaped by default)
//! live in `templates/`; every word a reader sees comes from `locales/<lang>/pages.ftl` through
//! `Tr`, so a template holds markup only (a test enforces it). Pages carry a strict CSP: no
//! inline script or style, everything self-hosted under `/static`.

pub mod admin;
pub mod assets;
pub mod auth;
pub mod directory;
pub mod fragments;
pub mod ping;
pub mod pings;
pub mod session;
pub mod threads;

pub use session::{PageError, PageFailure, Viewer, see_other};

use crate::AppState;
use crate::i18n::{self, UiLanguage};
use askama::Template;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use liaison_core::EntryLanguage;
use tower_http::set_header::SetResponseHeaderLayer;

/// The policy of every page: nothing inline, nothing from elsewhere, no framing, forms post
/// only back to us.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
    script-src 'self'; connect-src 'self'; \
    form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The language cookie lasts a year: it records a preference, not an identity.
const LANG_COOKIE_MAX_AGE: u32 = 365 * 24 * 3600;

/// One stylesheet for the whole site (one request, cached a day), assembled from one file per
/// group of pages so each can be changed on its own.
const SITE_CSS: &str = concat!(
    include_str!("../../static/css/base.css"),
    include_str!("../../static/css/auth.css"),
    include_str!("../../static/css/directory.css"),
    include_str!("../../static/css/admin.css"),
    include_str!("../../static/css/ping.css"),
    include_str!("../../static/css/pings.css"),
    include_str!("../../static/css/threads.css"),
);

/// Every template on disk, for the tests that check them (literal text, message ids, no
/// inline code). Read from the directory so a new template cannot escape the checks.
#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) fn template_sources() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut out: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&path).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn language_name_id(lang: UiLanguage) -> &'static str {
    match lang {
        EntryLanguage::Ar => "language-ar",
        EntryLanguage::Zh => "language-zh",
        EntryLanguage::En => "language-en",
        EntryLanguage::Fr => "language-fr",
        EntryLanguage::Ru => "language-ru",
        EntryLanguage::Es => "language-es",
    }
}

/// How the page's language was decided, and whether to remember it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LanguageChoice {
    pub lang: UiLanguage,
    /// Set when the reader chose explicitly (`?lang=`): the choice is stored in the cookie.
    pub explicit: bool,
}

fn query_param<'a>(query: Option<&'a str>, name: &str) -> Option<&'a str> {
    query?.split('&').find_map(|kv| {
        let (k, v) = kv.split_once('=')?;
        (k == name).then_some(v)
    })
}

pub(crate) fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|kv| {
            let (k, v) = kv.trim().split_once('=')?;
            (k == name).then_some(v)
        })
}

/// Explicit choice (`?lang=`), then the `lang` cookie, then `Accept-Language`, then English.
/// A value that is not one of the six languages counts as no choice at all.
pub fn choose_language(uri: &Uri, headers: &HeaderMap) -> LanguageChoice {
    if let Some(lang) = query_param(uri.query(), "lang").and_then(EntryLanguage::parse) {
        return LanguageChoice {
            lang,
            explicit: true,
        };
    }
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    LanguageChoice {
        lang: i18n::negotiate(cookie(headers, "lang"), accept),
        explicit: false,
    }
}

/// What the templates call to get text: `{{ t.msg("id") }}`.
pub struct Tr(UiLanguage);

impl Tr {
    pub fn msg(&self, id: &str) -> String {
        i18n::tr(self.0, id, &[])
    }
}

pub struct LanguageLink {
    pub code: &'static str,
    pub name: String,
    pub current: bool,
    /// This page in that language (its query kept, `lang` replaced).
    pub href: String,
}

/// The signed-in person as the navigation shows them.
pub struct NavUser {
    pub name: String,
    /// Their state's code, for the link to its page.
    pub state: Option<String>,
    pub is_admin: bool,
    /// Sees its state's ping results (`/admin/pings`, scoped).
    pub is_state_admin: bool,
    /// A POC user: answers its entry's pings (`/pings`).
    pub is_poc: bool,
}

/// What the base layout needs on every page.
pub struct Layout {
    pub lang: &'static str,
    pub dir: &'static str,
    /// The page's own path, so the language switcher stays on it.
    pub path: String,
    pub languages: Vec<LanguageLink>,
    pub user: Option<NavUser>,
    /// For the sign-out form in the navigation.
    pub csrf: String,
}

impl Layout {
    pub fn new(
        lang: UiLanguage,
        uri: &Uri,
        signed_in: Option<&liaison_app::SignedIn>,
        csrf: &str,
    ) -> Layout {
        let kept: Vec<&str> = uri
            .query()
            .unwrap_or("")
            .split('&')
            .filter(|kv| !kv.is_empty() && !kv.starts_with("lang="))
            .collect();
        Layout {
            lang: lang.as_str(),
            dir: i18n::direction(lang),
            path: uri.path().to_owned(),
            languages: EntryLanguage::ALL
                .iter()
                .map(|l| {
                    let mut query = kept.clone();
                    let lang_kv = format!("lang={}", l.as_str());
                    query.push(&lang_kv);
                    LanguageLink {
                        code: l.as_str(),
                        // Each language is named in itself, whatever the page's language.
                        name: i18n::tr(*l, language_name_id(*l), &[]),
                        current: *l == lang,
                        href: format!("{}?{}", uri.path(), query.join("&")),
                    }
                })
                .collect(),
            user: signed_in.map(|s| NavUser {
                name: s.user.display_name.clone(),
                state: s.user.state.map(|c| c.as_str().to_owned()),
                is_admin: session::is_admin(&s.principal),
                is_state_admin: s.principal.role == liaison_core::permission::Role::StateAdmin,
                is_poc: s.principal.role == liaison_core::permission::Role::Poc
                    && s.principal.poc.is_some(),
            }),
            csrf: csrf.to_owned(),
        }
    }
}

/// The public page on the directory's mandate (Annex A §1–7). It shows no directory content.
#[derive(Template)]
#[template(path = "mandate.html")]
pub struct MandatePage {
    pub t: Tr,
    pub page: Layout,
}

/// Options of the web adapter that depend on how it is deployed.
#[derive(Debug, Clone, Copy)]
pub struct WebOptions {
    /// `Secure` on cookies. Only a plain-http loopback development server turns it off.
    pub secure_cookies: bool,
}

impl Default for WebOptions {
    fn default() -> Self {
        WebOptions {
            secure_cookies: true,
        }
    }
}

fn lang_cookie(lang: UiLanguage, options: WebOptions) -> String {
    format!(
        "lang={}; Path=/; Max-Age={LANG_COOKIE_MAX_AGE}; SameSite=Lax; HttpOnly{}",
        lang.as_str(),
        if options.secure_cookies {
            "; Secure"
        } else {
            ""
        }
    )
}

/// A rendered page with the headers every page carries.
pub(crate) fn html(
    choice: LanguageChoice,
    options: WebOptions,
    rendered: askama::Result<String>,
) -> Response {
    let body = match rendered {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "page rendering failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let mut resp = body.into_response();
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(choice.lang.as_str()),
    );
    // The same address answers in several languages: caches must key on what decides it,
    // and revalidate (a reader who switches language must not get the old one).
    h.insert(
        header::VARY,
        HeaderValue::from_static("Accept-Language, Cookie"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if choice.explicit
        && let Ok(v) = HeaderValue::from_str(&lang_cookie(choice.lang, options))
    {
        h.insert(header::SET_COOKIE, v);
    }
    resp
}

async fn mandate(viewer: Viewer) -> Response {
    viewer.render(&MandatePage {
        t: viewer.t(),
        page: viewer.layout(),
    })
}

async fn site_css() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        SITE_CSS,
    )
        .into_response()
}

/// The page routes with their security headers (the outer router adds HSTS, nosniff and
/// Referrer-Policy to every answer) and the pre-session CSRF cookie.
pub fn routes(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/", get(mandate))
        .route("/static/site.css", get(site_css))
        .merge(auth::routes())
        .merge(directory::routes())
        .merge(admin::routes())
        .merge(ping::routes())
        .merge(pings::routes())
        .merge(threads::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            session::ensure_csrf_cookie,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(PAGE_CSP),
        ))
}

/// Compression for pages and their stylesheet (slow links; the 50 KB page budget counts
/// compressed bytes). It wraps the whole router, outside the error renderer, so an error
/// body rewritten there is never labelled with an encoding it does not have; the JSON API
/// stays uncompressed as before.
pub fn compression()
-> tower_http::compression::CompressionLayer<impl tower_http::compression::Predicate> {
    tower_http::compression::CompressionLayer::new().compress_when(
        |_: StatusCode, _: axum::http::Version, h: &HeaderMap, _: &axum::http::Extensions| {
            h.get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| {
                    ct.starts_with("text/html")
                        || ct.starts_with("text/css")
                        || ct.starts_with("text/javascript")
                })
        },
    )
}

/// Message ids a template uses: the string argument of every `t.msg("…")`.
pub fn template_message_ids(src: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = src;
    while let Some(at) = rest.find("t.msg(\"") {
        rest = &rest[at + "t.msg(\"".len()..];
        if let Some(end) = rest.find('"') {
            ids.push(rest[..end].to_owned());
            rest = &rest[end..];
        }
    }
    ids
}

/// Attributes whose values a reader sees or hears.
const TEXT_ATTRIBUTES: &[&str] = &["alt", "title", "aria-label", "placeholder", "value"];

/// Literal user-facing text in a template: words between tags or in a readable attribute,
/// once template code (`{{ }}`, `{% %}`, `{# #}`) is taken out. Markup, punctuation and
/// digits are allowed; a letter in any script is not.
pub fn literal_text(src: &str) -> Vec<String> {
    let code_free = strip_template_code(src);
    let mut found = Vec::new();
    let mut text = String::new();
    let mut chars = code_free.chars().peekable();
    let flush = |text: &mut String, found: &mut Vec<String>| {
        if text.chars().any(char::is_alphabetic) {
            found.push(text.trim().to_owned());
        }
        text.clear();
    };
    while let Some(c) = chars.next() {
        if c != '<' {
            text.push(c);
            continue;
        }
        flush(&mut text, &mut found);
        let mut tag = String::new();
        for c in chars.by_ref() {
            if c == '>' {
                break;
            }
            tag.push(c);
        }
        for value in readable_attribute_values(&tag) {
            if value.chars().any(char::is_alphabetic) {
                found.push(value);
            }
        }
    }
    flush(&mut text, &mut found);
    found
}

fn strip_template_code(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut rest = src;
    loop {
        let next = ["{{", "{%", "{#"]
            .iter()
            .filter_map(|open| rest.find(open).map(|at| (at, *open)))
            .min();
        let Some((at, open)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..at]);
        let close = match open {
            "{{" => "}}",
            "{%" => "%}",
            _ => "#}",
        };
        match rest[at..].find(close) {
            Some(end) => {
                out.push(' ');
                rest = &rest[at + end + close.len()..];
            }
            None => return out,
        }
    }
}

/// The values of `TEXT_ATTRIBUTES` in one tag's inside (`a href="…" title="…"`).
fn readable_attribute_values(tag: &str) -> Vec<String> {
    let mut values = Vec::new();
    // `<meta content>` is machine-read (viewport, referrer) except for a page description.
    let description = tag.contains("name=\"description\"");
    let names = TEXT_ATTRIBUTES
        .iter()
        .chain(description.then_some(&"content"));
    for name in names {
        let mut rest = tag;
        while let Some(at) = rest.find(&format!("{name}=\"")) {
            let boundary = rest[..at].chars().last().is_none_or(|c| c.is_whitespace());
            rest = &rest[at + name.len() + 2..];
            let end = rest.find('"').unwrap_or(rest.len());
            if boundary {
                values.push(rest[..end].to_owned());
            }
            rest = &rest[end..];
        }
    }
    values
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn templates_contain_no_literal_text() {
        for (name, src) in template_sources() {
            let literal = literal_text(&src);
            assert!(
                literal.is_empty(),
                "{name} has text that does not come from pages.ftl: {literal:?}"
            );
        }
    }

    #[test]
    fn the_literal_text_check_catches_text() {
        assert_eq!(
            literal_text("<p>{{ t.msg(\"x\") }}</p>"),
            Vec::<String>::new()
        );
        assert_eq!(literal_text("<p>Welcome</p>"), vec!["Welcome"]);
        assert_eq!(literal_text("<p>{{ a }} مرحبا</p>"), vec!["مرحبا"]);
        assert_eq!(
            literal_text("<img src=\"/a.png\" alt=\"Logo\">"),
            vec!["Logo"]
        );
        assert_eq!(
            literal_text("<nav aria-label=\"{{ t.msg(\"n\") }}\">"),
            Vec::<String>::new()
        );
        // An attribute that is not read out (a class, a link) is markup.
        assert_eq!(
            literal_text("<a class=\"brand\" href=\"/static/site.css\"></a>"),
            Vec::<String>::new()
        );
        assert_eq!(
            literal_text("<meta name=\"description\" content=\"A directory\">"),
            vec!["A directory"]
        );
        assert_eq!(
            literal_text("<meta name=\"viewport\" content=\"width=device-width\">"),
            Vec::<String>::new()
        );
        assert_eq!(
            literal_text("{# a comment in English #}<br>"),
            Vec::<String>::new()
        );
    }

    /// An event-handler attribute (`onclick=`, `onload=`…): inline script by another name.
    fn has_event_handler(lower: &str) -> bool {
        lower.match_indices(" on").any(|(i, _)| {
            let rest = &lower[i + 3..];
            let name_len = rest.chars().take_while(char::is_ascii_lowercase).count();
            name_len > 0 && rest[name_len..].starts_with('=')
        })
    }

    #[test]
    fn templates_have_no_inline_script_or_style() {
        assert!(has_event_handler("<body onload=\"x()\">"));
        assert!(!has_event_handler("<p>{{ t.msg(\"on-x\") }} one two</p>"));
        for (name, src) in template_sources() {
            // A self-hosted script file is allowed (the CSP allows 'self'); inline code is not.
            let lower = src
                .to_ascii_lowercase()
                .replace("<script src=\"/static/", "");
            for bad in ["<script", "<style", " style=", "javascript:"] {
                assert!(!lower.contains(bad), "{name} contains {bad:?}");
            }
            assert!(!has_event_handler(&lower), "{name} has an event handler");
        }
    }

    fn strip_css_comments(css: &str) -> String {
        let mut out = String::new();
        let mut rest = css;
        while let Some(at) = rest.find("/*") {
            out.push_str(&rest[..at]);
            rest = rest[at..]
                .find("*/")
                .map_or("", |end| &rest[at + end + 2..]);
        }
        out.push_str(rest);
        out
    }

    #[test]
    fn stylesheet_uses_logical_properties_only() {
        // Physical sides break right-to-left layout; `inline-start`/`inline-end` follow `dir`.
        let css = strip_css_comments(&SITE_CSS.to_ascii_lowercase());
        assert!(
            css.contains("margin-inline"),
            "comments stripped, rules kept"
        );
        for physical in [
            "margin-left",
            "margin-right",
            "padding-left",
            "padding-right",
            "border-left",
            "border-right",
            "text-align: left",
            "text-align: right",
            "float: left",
            "float: right",
            " left:",
            " right:",
            "\tleft:",
            "\tright:",
        ] {
            assert!(!css.contains(physical), "site.css uses {physical:?}");
        }
        assert!(!css.contains("@import") && !css.contains("url(http"));
    }

    #[test]
    fn language_precedence() {
        let uri = |s: &str| s.parse::<Uri>().unwrap();
        let headers = |pairs: &[(&str, &str)]| {
            let mut h = HeaderMap::new();
            for (k, v) in pairs {
                h.append(
                    axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                    HeaderValue::from_str(v).unwrap(),
                );
            }
            h
        };
        let all = headers(&[("cookie", "a=b; lang=ru"), ("accept-language", "fr")]);
        let c = choose_language(&uri("/?lang=ar"), &all);
        assert_eq!((c.lang, c.explicit), (EntryLanguage::Ar, true));
        let c = choose_language(&uri("/"), &all);
        assert_eq!((c.lang, c.explicit), (EntryLanguage::Ru, false));
        let c = choose_language(&uri("/?lang=xx"), &all);
        assert_eq!((c.lang, c.explicit), (EntryLanguage::Ru, false));
        let c = choose_language(&uri("/"), &headers(&[("accept-language", "fr")]));
        assert_eq!(c.lang, EntryLanguage::Fr);
        let c = choose_language(
            &uri("/"),
            &headers(&[("cookie", "lang=klingon"), ("accept-language", "es")]),
        );
        assert_eq!(c.lang, EntryLanguage::Es);
        // `slang=` is another cookie, not `lang=`.
        let c = choose_language(&uri("/?slang=zh"), &headers(&[("cookie", "xlang=zh")]));
        assert_eq!(c.lang, EntryLanguage::En);
    }

    #[test]
    fn the_language_cookie_is_secure_unless_told_otherwise() {
        let c = lang_cookie(EntryLanguage::Ar, WebOptions::default());
        assert!(
            c.starts_with("lang=ar; Path=/;") && c.ends_with("; Secure"),
            "{c}"
        );
        let c = lang_cookie(
            EntryLanguage::Ar,
            WebOptions {
                secure_cookies: false,
            },
        );
        assert!(!c.contains("Secure"), "{c}");
    }
}

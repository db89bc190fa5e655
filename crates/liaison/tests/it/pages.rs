//! The server-rendered pages: the public mandate page in six languages, language choice,
//! right-to-left Arabic, security headers and page weight. Pages read no data from the
//! database, so these run on SQLite only.

use crate::support::*;
use liaison_core::EntryLanguage;
use liaison_core::permission::Role;
use liaison_web::i18n::tr;

const LANGS: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

fn body(r: &Resp) -> String {
    String::from_utf8(r.raw.clone()).unwrap()
}

fn header<'a>(r: &'a Resp, name: &str) -> &'a str {
    r.headers
        .get(name)
        .map(|v| v.to_str().unwrap())
        .unwrap_or("")
}

/// The opening `<html …>` tag of a page.
fn html_tag(page: &str) -> &str {
    let start = page.find("<html").unwrap();
    let end = start + page[start..].find('>').unwrap();
    &page[start..=end]
}

/// `/` in every language: its own `lang`, its translated text, a switcher to all six, and no
/// directory content even when the directory has entries (A§7(c): a public overview only).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mandate_page_in_every_language() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("EG").await;
    let eg = env.token(Role::StateAdmin, Some("EG"), None).await;
    let r = env
        .call("POST", "/api/v1/pocs", Some(&eg), Some(&arabic_entry("EG")))
        .await;
    assert_eq!(r.status, 201);

    for code in LANGS {
        let lang = EntryLanguage::parse(code).unwrap();
        let r = env
            .call_with("GET", &format!("/?lang={code}"), None, None, &[])
            .await;
        assert_eq!(r.status, 200, "{code}");
        assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
        assert_eq!(header(&r, "content-language"), code);
        let page = body(&r);
        assert!(
            html_tag(&page).contains(&format!("lang=\"{code}\"")),
            "{code}"
        );
        for id in [
            "mandate-title",
            "mandate-purpose-heading",
            "mandate-joining-heading",
        ] {
            let text = tr(lang, id, &[]);
            assert!(page.contains(&text), "{code}: {id} ({text}) missing");
        }
        // The switcher names every language in itself and marks the current one.
        for other in LANGS {
            assert!(
                page.contains(&format!("href=\"/?lang={other}\" lang=\"{other}\"")),
                "{code}: no link to {other}"
            );
        }
        assert!(page.contains(&format!(
            "href=\"/?lang={code}\" lang=\"{code}\" hreflang=\"{code}\" aria-current=\"true\""
        )));
        assert_eq!(page.matches("aria-current").count(), 1);
        // Nothing from the directory.
        for secret in [
            "أحمد المنصوري",
            "a.mansouri@cert.eg.example",
            "+20223456789",
        ] {
            assert!(
                !page.contains(secret),
                "{code}: the public page shows {secret}"
            );
        }
        // No third-party assets.
        assert!(!page.contains("src=\"http") && !page.contains("href=\"http"));
    }
}

/// Arabic pages are right to left; the other five left to right; the layout carries the same
/// stylesheet, whose logical properties follow `dir` (checked in liaison-web's unit tests).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arabic_is_right_to_left() {
    let env = Env::new(Backend::Sqlite).await;
    let r = env
        .call_with(
            "GET",
            "/",
            None,
            None,
            &[("accept-language", "ar-EG,ar;q=0.9")],
        )
        .await;
    let page = body(&r);
    assert_eq!(html_tag(&page), "<html lang=\"ar\" dir=\"rtl\">");
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/static/site.css\">"));
    for code in ["zh", "en", "fr", "ru", "es"] {
        let r = env
            .call_with("GET", &format!("/?lang={code}"), None, None, &[])
            .await;
        assert_eq!(
            html_tag(&body(&r)),
            format!("<html lang=\"{code}\" dir=\"ltr\">")
        );
    }
}

/// Pages: a strict CSP without `unsafe-inline`, HSTS, no referrer, nosniff. The stylesheet is
/// served from here. The JSON API keeps its own policy that loads nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_security_headers() {
    let env = Env::new(Backend::Sqlite).await;
    let r = env.call_with("GET", "/", None, None, &[]).await;
    let csp = header(&r, "content-security-policy");
    assert_eq!(csp, liaison_web::pages::PAGE_CSP);
    assert!(!csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"));
    for directive in [
        "default-src 'none'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{directive}");
    }
    assert!(header(&r, "strict-transport-security").starts_with("max-age="));
    assert_eq!(header(&r, "referrer-policy"), "no-referrer");
    assert_eq!(header(&r, "x-content-type-options"), "nosniff");
    assert!(header(&r, "vary").contains("Accept-Language"));
    let page = body(&r);
    assert!(!page.contains("<script") && !page.contains("style="));

    let css = env
        .call_with("GET", "/static/site.css", None, None, &[])
        .await;
    assert_eq!(css.status, 200);
    assert_eq!(header(&css, "content-type"), "text/css; charset=utf-8");
    assert!(body(&css).contains("margin-inline"));

    let api = env
        .call_with("GET", "/api/v1/states", None, None, &[])
        .await;
    assert_eq!(
        header(&api, "content-security-policy"),
        "default-src 'none'; frame-ancestors 'none'"
    );
    assert!(header(&api, "strict-transport-security").starts_with("max-age="));
}

/// Explicit choice, then the cookie, then Accept-Language, then English. Only an explicit
/// choice sets the cookie; an unknown language is no choice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn language_choice_precedence() {
    let env = Env::new(Backend::Sqlite).await;
    let lang_of = |r: &Resp| header(r, "content-language").to_owned();

    let r = env
        .call_with(
            "GET",
            "/?lang=es",
            None,
            None,
            &[("cookie", "lang=ru"), ("accept-language", "fr")],
        )
        .await;
    assert_eq!(lang_of(&r), "es");
    let cookie = header(&r, "set-cookie");
    assert!(cookie.starts_with("lang=es; Path=/;"), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite"),
        "{cookie}"
    );

    let r = env
        .call_with(
            "GET",
            "/",
            None,
            None,
            &[("cookie", "other=1; lang=ru"), ("accept-language", "fr")],
        )
        .await;
    assert_eq!(lang_of(&r), "ru");
    // Only an explicit choice is remembered (the pre-session CSRF cookie is another matter).
    assert!(
        r.headers
            .get_all("set-cookie")
            .iter()
            .all(|v| !v.to_str().unwrap().starts_with("lang=")),
    );

    let r = env
        .call_with(
            "GET",
            "/",
            None,
            None,
            &[("accept-language", "fr-CH, en;q=0.5")],
        )
        .await;
    assert_eq!(lang_of(&r), "fr");

    let r = env
        .call_with(
            "GET",
            "/?lang=de",
            None,
            None,
            &[("cookie", "lang=xx"), ("accept-language", "zh-CN")],
        )
        .await;
    assert_eq!(lang_of(&r), "zh");
    assert!(
        r.headers
            .get_all("set-cookie")
            .iter()
            .all(|v| !v.to_str().unwrap().starts_with("lang=")),
    );

    let r = env.call_with("GET", "/", None, None, &[]).await;
    assert_eq!(lang_of(&r), "en");
}

/// The mandate page with its stylesheet stays under 50 KB in every language, even
/// uncompressed; compressed, it is sent gzip-encoded and smaller.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mandate_page_weight() {
    let env = Env::new(Backend::Sqlite).await;
    let css = env
        .call_with("GET", "/static/site.css", None, None, &[])
        .await;
    for code in LANGS {
        let plain = env
            .call_with("GET", &format!("/?lang={code}"), None, None, &[])
            .await;
        let total = plain.raw.len() + css.raw.len();
        assert!(total < 50 * 1024, "{code}: {total} bytes");
        let gz = env
            .call_with(
                "GET",
                &format!("/?lang={code}"),
                None,
                None,
                &[("accept-encoding", "gzip")],
            )
            .await;
        assert_eq!(header(&gz, "content-encoding"), "gzip", "{code}");
        assert!(gz.raw.len() < plain.raw.len(), "{code}");
        eprintln!(
            "{code}: {} bytes HTML ({} gzip) + {} bytes CSS",
            plain.raw.len(),
            gz.raw.len(),
            css.raw.len()
        );
    }
    // The JSON API is not compressed (its clients and benchmarks expect plain bodies).
    let api = env
        .call_with(
            "GET",
            "/healthz",
            None,
            None,
            &[("accept-encoding", "gzip")],
        )
        .await;
    assert!(api.headers.get("content-encoding").is_none());
}

/// An address no page answers is a translated HTML page, not the API's JSON; the API keeps
/// its JSON errors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_answer_in_html_in_the_readers_language() {
    let env = Env::new(Backend::Sqlite).await;
    let r = env
        .call_with("GET", "/no-such-page?lang=ar", None, None, &[])
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(header(&r, "content-type"), "text/html; charset=utf-8");
    let page = body(&r);
    assert!(html_tag(&page).contains("dir=\"rtl\""));
    assert!(page.contains(&tr(EntryLanguage::Ar, "error-not-found-title", &[])));
    assert!(header(&r, "content-security-policy").contains("frame-ancestors 'none'"));

    let r = env.call_with("DELETE", "/?lang=fr", None, None, &[]).await;
    assert_eq!(r.status, 405);
    assert!(body(&r).contains(&tr(EntryLanguage::Fr, "error-not-found-title", &[])));

    let r = env.call_with("GET", "/api/v1/nope", None, None, &[]).await;
    assert_eq!(r.status, 404);
    assert_eq!(header(&r, "content-type"), "application/json");

    // The API follows the language a browser user chose too (cookie before Accept-Language).
    let r = env
        .call_with(
            "GET",
            "/api/v1/pocs",
            None,
            None,
            &[("cookie", "lang=ru"), ("accept-language", "fr")],
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(header(&r, "content-language"), "ru");
}

/// A browser without a session gets a pre-session CSRF cookie for the anonymous forms
/// (sign-in, enrolment): HttpOnly, SameSite=Strict, Secure, `__Host-` prefixed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_browsers_get_a_strict_csrf_cookie() {
    let env = Env::new(Backend::Sqlite).await;
    let r = env.call_with("GET", "/", None, None, &[]).await;
    let cookies: Vec<&str> = r
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap())
        .collect();
    let csrf = cookies
        .iter()
        .find(|c| c.starts_with("__Host-lsn_csrf="))
        .unwrap();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(csrf.contains(part), "{csrf}");
    }
    // Sent back, it is not replaced.
    let value = csrf.split(';').next().unwrap();
    let r = env
        .call_with("GET", "/", None, None, &[("cookie", value)])
        .await;
    assert!(r.headers.get("set-cookie").is_none());
}

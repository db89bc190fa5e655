//! The directory pages through the in-process router with signed-in sessions: listing, search
//! (Arabic and through the English translation), filters and pages; an entry with its tel:
//! links, local time, key expiry warning and revision diff; the states pages; nominating,
//! editing (stale forms refused) and retiring through the forms; another state's administrator
//! refused; CSRF; hostile input refused or escaped.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use liaison_core::Clock;
use liaison_core::account::{User, normalise_login};
use liaison_core::audit::AuditEvent;
use liaison_core::permission::Role;
use liaison_store::{Change, Store};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

on_both_backends!(
    listing_searches_filters_and_pages,
    entry_page_shows_contact_time_key_and_translation,
    nominate_edit_and_retire_through_the_forms,
    other_states_and_roles_are_refused,
    a_suspended_state_reads_nothing_from_the_stored_listing,
    hostile_input_is_refused_or_escaped,
    states_pages_list_entries_and_history
);

const EXPIRED_KEY: &str = include_str!("../../../liaison-core/tests/fixtures/openpgp/expired.asc");
/// The expiry of `EXPIRED_KEY` (see liaison-core's openpgp tests).
const EXPIRED_KEY_EXPIRES: i64 = 1_614_600_000;

/// A browser with a live session, reading pages in one language.
struct Browser<'a> {
    env: &'a Env,
    cookie: String,
    lang: &'static str,
}

struct Page {
    status: StatusCode,
    location: String,
    body: String,
}

async fn user(env: &Env, login: &str, role: Role, state_code: Option<&str>) -> User {
    let u = User {
        id: Uuid::new_v4(),
        login: normalise_login(login).unwrap(),
        role,
        state: state_code.map(state),
        poc: None,
        display_name: format!("Person {login}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        totp_secret: None,
        created_at: env.clock.now(),
        disabled_at: None,
        email: None,
        language: liaison_core::EntryLanguage::En,
    };
    env.store
        .apply(
            vec![Change::InsertUser(Box::new(u.clone()))],
            vec![AuditEvent {
                actor: "operator:test".into(),
                action: "user.create".into(),
                state: state_code.map(str::to_owned),
                subject: Some(u.id.to_string()),
                detail: json!({}),
            }],
            env.clock.now(),
        )
        .await
        .unwrap();
    u
}

async fn sign_in<'a>(
    env: &'a Env,
    login: &str,
    role: Role,
    state_code: Option<&str>,
) -> Browser<'a> {
    let u = user(env, login, role, state_code).await;
    let secret = env.app.open_session(&u).await.unwrap();
    Browser {
        env,
        cookie: format!("__Host-lsn_session={secret}"),
        lang: "en",
    }
}

async fn request(
    env: &Env,
    method: &str,
    path: &str,
    cookie: &str,
    lang: &str,
    body: Option<String>,
) -> Page {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("accept-language", lang);
    if !cookie.is_empty() {
        req = req.header("cookie", cookie);
    }
    if body.is_some() {
        req = req.header("content-type", "application/x-www-form-urlencoded");
    }
    let req = req
        .body(body.map(Body::from).unwrap_or_else(Body::empty))
        .unwrap();
    let resp = env.router.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let location = resp
        .headers()
        .get("location")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .unwrap();
    Page {
        status,
        location,
        // Without Fluent's bidi isolation marks around arguments, to compare plain text.
        body: String::from_utf8(bytes.to_vec())
            .unwrap()
            .replace(['\u{2068}', '\u{2069}'], ""),
    }
}

impl Browser<'_> {
    fn in_language(&self, lang: &'static str) -> Self {
        Browser {
            env: self.env,
            cookie: self.cookie.clone(),
            lang,
        }
    }

    async fn get(&self, path: &str) -> Page {
        request(self.env, "GET", path, &self.cookie, self.lang, None).await
    }

    /// Posts a form with this session's CSRF token (read from a page, as a browser would).
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = csrf_of(&self.get("/").await.body);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        request(
            self.env,
            "POST",
            path,
            &self.cookie,
            self.lang,
            Some(form(&all)),
        )
        .await
    }

    async fn post_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        request(
            self.env,
            "POST",
            path,
            &self.cookie,
            self.lang,
            Some(form(fields)),
        )
        .await
    }
}

/// Creates an entry through the API (as a state's own tool would) and returns its id.
async fn api_entry(env: &Env, code: &str, body: &Value) -> Uuid {
    let t = env.token(Role::StateAdmin, Some(code), None).await;
    let r = env.call("POST", "/api/v1/pocs", Some(&t), Some(body)).await;
    assert_eq!(r.status, 201, "{:?}", r.json);
    r.json["id"].as_str().unwrap().parse().unwrap()
}

fn english_entry(code: &str, n: usize) -> Value {
    json!({
        "state": code, "role": if n.is_multiple_of(2) { "technical" } else { "diplomatic" },
        "kind": "entity",
        "entity_name": format!("Computer Security Office number {n}"),
        "emails": [format!("office{n}@cert.example")],
        "working_languages": ["fr", "en"],
        "entry_language": "en"
    })
}

/// The fields of a complete nomination, as a person would fill in the form.
fn nomination<'a>() -> Vec<(&'a str, &'a str)> {
    vec![
        ("state", "EG"),
        ("role", "technical"),
        ("kind", "person"),
        ("entry_language", "ar"),
        ("entity_name", "المركز الوطني للأمن السيبراني"),
        ("person_name", "ليلى حسن"),
        ("person_title", "مديرة العمليات"),
        ("phone_number_0", "+20 2 2345 6789"),
        ("phone_type_0", "voice"),
        ("phone_number_1", ""),
        ("phone_type_1", "voice"),
        ("email_0", "l.hassan@ncsc.eg.example"),
        ("email_1", ""),
        ("working_languages", "ar"),
        ("working_languages", "en"),
        ("working_languages_other", ""),
        ("time_zone", "Africa/Cairo"),
        ("availability", "24/7"),
        ("openpgp_key", ""),
        ("en_entity_name", "National Cyber Security Centre"),
        ("en_person_name", "Layla Hassan"),
        ("en_title", "Director of Operations"),
        ("external_directory", ""),
        ("external_id", ""),
        ("reason", "Nomination by note verbale"),
    ]
}

fn with<'a>(
    base: &[(&'a str, &'a str)],
    changes: &[(&'a str, &'a str)],
) -> Vec<(&'a str, &'a str)> {
    base.iter()
        .map(|(k, v)| {
            changes
                .iter()
                .find(|(ck, _)| ck == k)
                .map_or((*k, *v), |(ck, cv)| (*ck, *cv))
        })
        .collect()
}

async fn listing_searches_filters_and_pages(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    env.admit("FR").await;
    let arabic = api_entry(&env, "EG", &arabic_entry("EG")).await;
    for n in 0..60 {
        api_entry(&env, "FR", &english_entry("FR", n)).await;
    }

    // Not signed in: to the sign-in page, coming back here.
    let r = request(&env, "GET", "/directory?q=x", "", "en", None).await;
    assert_eq!(r.status, 303);
    assert!(r.location.starts_with("/sign-in?next="), "{}", r.location);

    let b = sign_in(&env, "reader@cert.fr.example", Role::StateAdmin, Some("FR")).await;
    let r = b.get("/directory").await;
    assert_eq!(r.status, 200);
    // The search form: a GET form with the fields the browser tests use.
    assert!(
        r.body
            .contains("<form method=\"get\" action=\"/directory\"")
    );
    for field in ["q", "state", "role", "language", "group"] {
        assert!(
            r.body.contains(&format!("<label for=\"{field}\">")),
            "{field}"
        );
        assert!(r.body.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(r.body.contains("61 entries"));
    assert!(r.body.contains("page 1 of 2"));
    assert!(r.body.contains("href=\"/directory?page=2\""));
    assert_eq!(r.body.matches("<tr>").count(), 51, "50 rows and the header");
    // States by name in the reader's language in the filter.
    assert!(r.body.contains("<option value=\"EG\">Egypt</option>"));

    let r = b.get("/directory?page=2").await;
    assert_eq!(r.body.matches("<tr>").count(), 12);
    assert!(r.body.contains("aria-current=\"page\">2</a>"));

    // Arabic query finds the Arabic entry; an English query finds it through its translation.
    let link = format!("href=\"/directory/{arabic}\"");
    let r = b.get(&format!("/directory?q={}", encode("المنصوري"))).await;
    assert!(r.body.contains(&link), "arabic query");
    assert!(r.body.contains("1 entry"));
    assert!(r.body.contains("lang=\"ar\" dir=\"rtl\""));
    let r = b.get("/directory?q=Mansouri").await;
    assert!(
        r.body.contains(&link),
        "english query through the translation"
    );
    assert!(r.body.contains("National Computer Emergency Response Team"));
    // The search is kept in the form and in the page links.
    assert!(r.body.contains("value=\"Mansouri\""));

    // Filters.
    let r = b.get("/directory?state=EG").await;
    assert!(r.body.contains(&link) && r.body.contains("1 entry"));
    assert!(r.body.contains("<option value=\"EG\" selected>"));
    let r = b.get("/directory?group=african").await;
    assert!(r.body.contains(&link) && r.body.contains("1 entry"));
    let r = b.get("/directory?language=ar").await;
    assert!(r.body.contains("1 entry"));
    let r = b.get("/directory?role=diplomatic&state=FR").await;
    assert!(r.body.contains("30 entries"));
    assert!(!r.body.contains(&link));
    let r = b.get("/directory?role=diplomatic&state=FR&page=2").await;
    assert!(r.body.contains("30 entries"), "past the end: the last page");
    let r = b.get("/directory?state=EG&role=diplomatic").await;
    assert!(r.body.contains("No entry matches this search"));
    // A query with the filters kept in the page links.
    let r = b.get("/directory?q=office&state=FR").await;
    assert!(
        r.body
            .contains("href=\"/directory?q=office&#38;state=FR&#38;page=2\"")
    );
    // Invalid filter values are no filter; an unknown page number is the last page.
    let r = b.get("/directory?state=ZZ&role=boss&page=abc").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("61 entries"));

    // Numbers and names in the reader's language.
    let b = b.in_language("fr");
    let r = b.get("/directory").await;
    assert!(r.body.contains("61 fiches"));
    assert!(r.body.contains(">Égypte</option>"));
    let b = b.in_language("ar");
    let r = b.get("/directory").await;
    assert!(r.body.contains("<html lang=\"ar\" dir=\"rtl\">"));
}

async fn entry_page_shows_contact_time_key_and_translation(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    let mut body = arabic_entry("EG");
    body["openpgp_key"] = json!(EXPIRED_KEY);
    let id = api_entry(&env, "EG", &body).await;
    let b = sign_in(&env, "viewer@cert.eg.example", Role::StateAdmin, Some("EG")).await;

    let r = b.get(&format!("/directory/{id}")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // The Arabic text is marked as Arabic, right to left, on an English page.
    assert!(r.body.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(
        r.body
            .contains("lang=\"ar\" dir=\"rtl\">أحمد المنصوري</h1>")
    );
    assert!(
        r.body
            .contains("lang=\"ar\" dir=\"rtl\">رئيس قسم التنسيق الدولي</dd>")
    );
    assert!(r.body.contains("Written in Arabic"));
    assert!(
        r.body
            .contains(&format!("href=\"/directory/{id}?view=en\""))
    );
    // Typed phones as tel: links, e-mail as mailto:.
    assert!(r.body.contains("<a href=\"tel:+20223456789\" dir=\"ltr\">+20223456789</a> <span class=\"dir-hint\">(Voice)</span>"));
    assert!(r.body.contains("href=\"tel:+201001234567\""));
    assert!(r.body.contains("(Emergency)"));
    assert!(
        r.body
            .contains("href=\"mailto:a.mansouri@cert.eg.example\"")
    );
    assert!(r.body.contains("Arabic, English"));
    // Time zone and the POC's local time now (Cairo is UTC+2 or +3).
    assert!(r.body.contains("Africa/Cairo"));
    assert!(r.body.contains("local time now:"));
    assert!(
        r.body.contains("EET") || r.body.contains("EEST"),
        "zone abbreviation"
    );
    assert!(r.body.contains("Around the clock (24/7)"));
    // The key: fingerprint in groups of four, expired.
    let key = liaison_core::openpgp::OpenPgpKey::parse(EXPIRED_KEY).unwrap();
    assert!(r.body.contains(&format!(
        "{} {}",
        &key.fingerprint[..4],
        &key.fingerprint[4..8]
    )));
    assert!(r.body.contains("This key has expired."));
    // Revision history: the nomination, with the actor.
    assert!(r.body.contains("Revision 1: nominated"));
    assert!(r.body.contains("by token:"));

    // The informal English translation, marked as English.
    let r = b.get(&format!("/directory/{id}?view=en")).await;
    assert!(
        r.body
            .contains("lang=\"en\" dir=\"ltr\">Ahmed Al-Mansouri</h1>")
    );
    assert!(
        r.body
            .contains("Informal English translation provided by the State")
    );
    assert!(r.body.contains("Show the original (Arabic)"));

    // In Arabic, working languages and labels in Arabic.
    let r = b.in_language("ar").get(&format!("/directory/{id}")).await;
    assert!(r.body.contains("العربية، الإنكليزية"));

    // A key that expires within 30 days is announced too: move the clock before its expiry.
    let now = env.clock.now();
    let before = jiff::Timestamp::from_second(EXPIRED_KEY_EXPIRES - 10 * 86_400).unwrap();
    env.clock.advance(before.duration_since(now));
    let b = sign_in(&env, "later@cert.eg.example", Role::StateAdmin, Some("EG")).await;
    let r = b.get(&format!("/directory/{id}")).await;
    assert!(
        r.body.contains("This key expires within 30 days."),
        "{}",
        r.body
    );
    assert!(!r.body.contains("This key has expired."));

    // Unknown and malformed ids are not pages.
    assert_eq!(
        b.get(&format!("/directory/{}", Uuid::new_v4()))
            .await
            .status,
        404
    );
    assert_eq!(b.get("/directory/not-a-uuid").await.status, 404);
}

async fn nominate_edit_and_retire_through_the_forms(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    let b = sign_in(&env, "admin@cert.eg.example", Role::StateAdmin, Some("EG")).await;

    let r = b.get("/directory/new").await;
    assert_eq!(r.status, 200);
    for field in [
        "role",
        "kind",
        "entry_language",
        "entity_name",
        "person_name",
        "person_title",
        "phone_number_0",
        "phone_type_0",
        "email_0",
        "working_languages_other",
        "time_zone",
        "availability",
        "openpgp_key",
        "en_entity_name",
        "en_person_name",
        "en_title",
        "external_directory",
        "external_id",
        "reason",
    ] {
        assert!(
            r.body.contains(&format!("<label for=\"{field}\">")),
            "{field}"
        );
        assert!(r.body.contains(&format!("name=\"{field}\"")), "{field}");
    }
    assert!(r.body.contains("<label for=\"wl-ar\">"));
    assert!(r.body.contains("<button type=\"submit\">Nominate</button>"));
    assert!(r.body.contains("Nominate a point of contact for Egypt"));

    // Refused, in French: every problem next to its field and in the summary, values kept.
    let fr = Browser {
        env: &env,
        cookie: b.cookie.clone(),
        lang: "fr",
    };
    let bad = with(
        &nomination(),
        &[
            ("entity_name", ""),
            ("person_name", ""),
            ("phone_number_0", "0223456789"),
            ("email_0", "not an address"),
            ("time_zone", "Mars/Olympus"),
        ],
    );
    let r = fr.post("/directory/new", &bad).await;
    assert_eq!(r.status, 422, "{}", r.body);
    assert!(r.body.contains("<html lang=\"fr\""));
    assert!(r.body.contains("pas été enregistrée. Veuillez corriger"));
    assert!(
        r.body
            .contains("Entité ou institution\u{a0}» est obligatoire")
            || r.body.contains("Entité ou institution » est obligatoire"),
        "{}",
        r.body
    );
    assert!(r.body.contains("href=\"#entity_name\""));
    assert!(r.body.contains("id=\"entity_name-error\""));
    assert!(
        r.body.contains(
            "aria-describedby=\"person_name-hint person_name-error\" aria-invalid=\"true\""
        )
    );
    assert!(r.body.contains("id=\"phone_number_0-error\""));
    assert!(r.body.contains("id=\"email_0-error\""));
    assert!(r.body.contains("id=\"time_zone-error\""));
    // What was typed is kept.
    assert!(r.body.contains("value=\"0223456789\""));
    assert!(r.body.contains("value=\"not an address\""));
    assert!(r.body.contains("value=\"Mars/Olympus\""));
    assert!(r.body.contains("مديرة العمليات"));
    assert!(r.body.contains("value=\"Layla Hassan\""));
    assert!(r.body.contains("<option value=\"technical\" selected>"));
    assert!(r.body.contains("value=\"ar\" checked"));
    assert_eq!(env.app.entry_count(), 0);

    // Accepted: to the new entry.
    let r = b.post("/directory/new", &nomination()).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id: Uuid = r
        .location
        .strip_prefix("/directory/")
        .and_then(|s| s.strip_suffix("?done=created"))
        .unwrap()
        .parse()
        .unwrap();
    let r = b.get(&r.location).await;
    assert!(r.body.contains("The point of contact has been nominated."));
    assert!(
        r.body.contains("href=\"tel:+20223456789\""),
        "separators removed"
    );
    assert!(r.body.contains("Nomination by note verbale"));
    assert!(r.body.contains(&format!("href=\"/directory/{id}/edit\"")));
    assert!(r.body.contains(&format!("href=\"/directory/{id}/retire\"")));
    // An English query finds it through the translation.
    let r = b.get("/directory?q=Layla").await;
    assert!(r.body.contains(&format!("href=\"/directory/{id}\"")));

    // Edit: the form carries the entry and the revision it was opened at.
    let r = b.get(&format!("/directory/{id}/edit")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("name=\"revision\" value=\"1\""));
    assert!(r.body.contains("value=\"+20223456789\""));
    assert!(r.body.contains("value=\"l.hassan@ncsc.eg.example\""));
    assert!(
        r.body
            .contains("<button type=\"submit\">Save the changes</button>")
    );
    let edit = with(
        &nomination(),
        &[
            ("phone_number_1", "+201001234567"),
            ("phone_type_1", "mobile"),
            ("person_title", "مديرة الاستجابة للحوادث"),
            ("reason", "New title"),
        ],
    );
    let mut edit_rev1 = edit.clone();
    edit_rev1.push(("revision", "1"));
    let r = b.post(&format!("/directory/{id}/edit"), &edit_rev1).await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, format!("/directory/{id}?done=updated"));
    let r = b.get(&r.location).await;
    assert!(r.body.contains("The entry has been updated."));
    assert!(r.body.contains("Revision 2: updated"));
    assert!(r.body.contains("<del dir=\"auto\">مديرة العمليات</del>"));
    assert!(
        r.body
            .contains("<ins dir=\"auto\">مديرة الاستجابة للحوادث</ins>")
    );
    assert!(r.body.contains("+201001234567 (Mobile)</ins>"));
    assert!(r.body.contains("by user:admin@cert.eg.example"));

    // The same form again (opened at revision 1): refused, nothing changed.
    let r = b.post(&format!("/directory/{id}/edit"), &edit_rev1).await;
    assert_eq!(r.status, 409);
    assert!(
        r.body
            .contains("Someone else changed this entry while you were editing it")
    );
    assert!(r.body.contains("revision 2"));
    assert_eq!(
        env.app
            .get_poc(&liaison_app::operator("t"), id)
            .unwrap()
            .revision,
        2
    );
    // An edit without the revision is not a form this site made.
    assert_eq!(
        b.post(&format!("/directory/{id}/edit"), &edit).await.status,
        400
    );

    // Retire: a confirmation page, then the entry is retired and stays in history.
    let r = b.get(&format!("/directory/{id}/retire")).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Retire this entry?"));
    assert!(r.body.contains("name=\"revision\" value=\"2\""));
    assert!(r.body.contains("<label for=\"reason\">"));
    let r = b
        .post(
            &format!("/directory/{id}/retire"),
            &[("revision", "1"), ("reason", "Left the post")],
        )
        .await;
    assert_eq!(r.status, 409, "a stale confirmation is refused");
    let r = b
        .post(
            &format!("/directory/{id}/retire"),
            &[("revision", "2"), ("reason", "Left the post")],
        )
        .await;
    assert_eq!(r.status, 303);
    let r = b.get(&r.location).await;
    assert!(r.body.contains("The entry has been retired."));
    assert!(r.body.contains("Revision 3: retired"));
    assert!(r.body.contains("Left the post"));
    assert!(!r.body.contains(&format!("href=\"/directory/{id}/edit\"")));
    assert_eq!(b.get(&format!("/directory/{id}/edit")).await.status, 409);
    assert!(!b.get("/directory").await.body.contains(&id.to_string()));
    assert!(
        b.get("/directory?retired=1")
            .await
            .body
            .contains(&id.to_string())
    );
}

async fn other_states_and_roles_are_refused(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    env.admit("FR").await;
    let id = api_entry(&env, "EG", &arabic_entry("EG")).await;
    let fr = sign_in(&env, "admin@anssi.fr.example", Role::StateAdmin, Some("FR")).await;

    // Another state's administrator sees the entry but no management links, and is refused.
    let r = fr.get(&format!("/directory/{id}")).await;
    assert_eq!(r.status, 200);
    assert!(!r.body.contains(&format!("href=\"/directory/{id}/edit\"")));
    let r = fr.get(&format!("/directory/{id}/edit")).await;
    assert_eq!(r.status, 403);
    assert!(r.body.contains("<html lang=\"en\""));
    assert_eq!(
        fr.in_language("ru")
            .get(&format!("/directory/{id}/retire"))
            .await
            .status,
        403
    );
    let fr = sign_in(&env, "other@anssi.fr.example", Role::StateAdmin, Some("FR")).await;
    let mut edit = nomination();
    edit.push(("revision", "1"));
    let r = fr.post(&format!("/directory/{id}/edit"), &edit).await;
    assert_eq!(r.status, 403);
    let r = fr
        .post(&format!("/directory/{id}/retire"), &[("revision", "1")])
        .await;
    assert_eq!(r.status, 403);
    // Nominating for another state (the hidden state field changed) is refused.
    let r = fr.post("/directory/new", &nomination()).await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(env.app.entry_count(), 1);

    // The directory administrator does not write a state's entries (neutrality) but flags.
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None).await;
    assert_eq!(admin.get("/directory/new").await.status, 403);
    let r = admin.get(&format!("/directory/{id}")).await;
    assert!(r.body.contains(&format!("href=\"/directory/{id}/flag\"")));
    assert!(!r.body.contains(&format!("href=\"/directory/{id}/edit\"")));
    assert_eq!(
        admin.get(&format!("/directory/{id}/edit")).await.status,
        403
    );

    // A POST without the CSRF token is refused, whoever sends it.
    let eg = sign_in(&env, "admin@cert.eg.example", Role::StateAdmin, Some("EG")).await;
    let r = eg.post_without_csrf("/directory/new", &nomination()).await;
    assert_eq!(r.status, 403);
    let r = eg
        .post_without_csrf(
            &format!("/directory/{id}/retire"),
            &[("csrf", "0000"), ("revision", "1")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(env.app.entry_count(), 1);
    assert!(
        env.app
            .get_poc(&liaison_app::operator("t"), id)
            .unwrap()
            .is_active()
    );
}

/// The listing is rendered once and kept for every reader (`pages/fragments.rs`); a reader
/// whose state was suspended must still be refused (POC-18), even when another reader has just
/// made the stored part.
async fn a_suspended_state_reads_nothing_from_the_stored_listing(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    env.admit("FR").await;
    let id = api_entry(&env, "EG", &arabic_entry("EG")).await;
    // Two readers who see the same listing (neither may nominate), so they share one part.
    let eg = sign_in(&env, "poc@cert.eg.example", Role::Poc, Some("EG")).await;
    let fr = sign_in(&env, "poc@anssi.fr.example", Role::Poc, Some("FR")).await;
    assert!(fr.get("/directory").await.body.contains(&id.to_string()));

    env.app
        .suspend_state(&liaison_app::operator("test"), state("FR"), None)
        .await
        .unwrap();
    // EG reads first, so the part for this generation exists when FR asks.
    assert!(eg.get("/directory").await.body.contains(&id.to_string()));
    let r = fr.get("/directory").await;
    assert_eq!(r.status, 403);
    assert!(!r.body.contains(&id.to_string()));
}

async fn hostile_input_is_refused_or_escaped(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    let b = sign_in(&env, "admin@cert.eg.example", Role::StateAdmin, Some("EG")).await;

    // A bidirectional override hides what a reader sees: refused.
    let bidi = "Centre\u{202E}lanoitaN";
    let r = b
        .post(
            "/directory/new",
            &with(&nomination(), &[("entity_name", bidi)]),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"entity_name-error\""));
    assert!(
        r.body
            .contains("control characters and bidirectional override characters are refused")
    );
    // A 10,000-character name: refused with the limit.
    let long = "a".repeat(10_000);
    let r = b
        .post(
            "/directory/new",
            &with(&nomination(), &[("person_name", &long)]),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("is too long (at most 1000 characters)"));
    // Control characters in the reason.
    let r = b
        .post(
            "/directory/new",
            &with(&nomination(), &[("reason", "a\u{0007}b")]),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("id=\"reason-error\""));
    // Unknown form fields change nothing (the parser sees only the form's own).
    let mut extra = nomination();
    extra.push(("is_admin", "true"));
    // Markup is text: stored as typed, shown escaped.
    let script = "<script>alert(1)</script> CERT";
    let r = b
        .post(
            "/directory/new",
            &with(
                &extra,
                &[("entity_name", script), ("en_title", "\"><img src=x>")],
            ),
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = b.get(&r.location).await;
    assert!(!r.body.contains("<script>alert"));
    assert!(!r.body.contains("<img src=x>"));
    assert!(
        r.body
            .contains("&#60;script&#62;alert(1)&#60;/script&#62; CERT"),
        "{}",
        r.body
    );
    let r = b.get("/directory").await;
    assert!(!r.body.contains("<script>alert"));
    // A refused form shows markup typed into it escaped too.
    let r = b
        .post(
            "/directory/new",
            &with(
                &nomination(),
                &[("entity_name", ""), ("person_title", "<b onmouseover=x>")],
            ),
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(!r.body.contains("<b onmouseover"));
    // Oversized and odd search text.
    let r = b
        .get(&format!("/directory?q={}", "%E2%80%AE".repeat(2000)))
        .await;
    assert_eq!(r.status, 200);
    assert!(!r.body.contains('\u{202E}'), "no override shown back");
    let r = b.get("/directory?q=Ahm%E2%80%AEed").await;
    assert!(r.body.contains("value=\"Ahmed\""));
    let r = b.get(&format!("/directory?q={}", "x".repeat(5000))).await;
    assert_eq!(r.status, 200);
    // A form larger than the body limit is refused before any handler.
    let huge = "b".repeat(300 * 1024);
    let r = b
        .post(
            "/directory/new",
            &with(&nomination(), &[("openpgp_key", &huge)]),
        )
        .await;
    assert_eq!(r.status, 413);
}

async fn states_pages_list_entries_and_history(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("EG").await;
    env.admit("FR").await;
    let eg = api_entry(&env, "EG", &arabic_entry("EG")).await;
    let retired = api_entry(&env, "EG", &english_entry("EG", 1)).await;
    let t = env.token(Role::StateAdmin, Some("EG"), None).await;
    let r = env
        .call(
            "POST",
            &format!("/api/v1/pocs/{retired}/retire"),
            Some(&t),
            Some(&json!({})),
        )
        .await;
    assert!(r.status.is_success(), "{:?}", r.json);
    let b = sign_in(&env, "admin@cert.eg.example", Role::StateAdmin, Some("EG")).await;

    let r = b.get("/states").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("2 States participate in the directory."));
    assert!(r.body.contains("African States"));
    assert!(r.body.contains("Western European and other States"));
    assert!(r.body.contains("href=\"/states/EG\">Egypt</a>"));
    assert!(r.body.contains("href=\"/states/FR\">France</a>"));
    assert!(
        !r.body.contains(">Germany</a>"),
        "only participating states"
    );
    let r = b.get("/states?sort=count").await;
    let (eg_at, fr_at) = (
        r.body.find(">Egypt<").unwrap(),
        r.body.find(">France<").unwrap(),
    );
    assert!(eg_at < fr_at, "Egypt has more entries");
    let r = b.in_language("zh").get("/states?sort=name").await;
    assert!(r.body.contains(">埃及</a>"));

    let r = b.get("/states/EG").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<h1>Egypt</h1>"));
    assert!(r.body.contains(&format!("href=\"/directory/{eg}\"")));
    let retired_at = r.body.find("Retired entries").unwrap();
    assert!(r.body[retired_at..].contains(&format!("href=\"/directory/{retired}\"")));
    assert!(r.body.contains("Participation history"));
    assert!(r.body.contains("<strong>Admitted</strong>"));
    assert!(r.body.contains("href=\"/states/EG/people\""));
    assert!(r.body.contains("href=\"/directory/new\""));
    // Another state's page: no people link, no nominate link.
    let r = b.get("/states/FR").await;
    assert!(!r.body.contains("href=\"/states/FR/people\""));
    assert!(!r.body.contains("href=\"/directory/new\""));
    assert!(r.body.contains("This State has no active entries."));
    assert_eq!(b.get("/states/XX").await.status, 404);
}

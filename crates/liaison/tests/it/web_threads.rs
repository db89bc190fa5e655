//! The thread pages (issue 5) through the in-process router with signed-in sessions, on top of
//! the world of `threads.rs` (FR, DE, IT; real GnuPG ciphertext): every page for every role
//! (allowed, refused, metadata only), the no-JavaScript forms (acknowledge, consent, close,
//! notifications) with and without their CSRF token, the thread API through the session with
//! and without the `Liaison-CSRF` header, the versioned scripts, and hostile input.

use crate::on_both_backends;
use crate::support::*;
use crate::threads::{Poc, World, fr_to_de, get_thread, world};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use liaison_core::Clock;
use liaison_core::account::{User, normalise_login};
use liaison_core::audit::AuditEvent;
use liaison_core::permission::Role;
use liaison_store::{Change, Store};
use serde_json::json;
use tower::ServiceExt;
use uuid::Uuid;

on_both_backends!(thread_pages_by_role_forms_csrf_and_hostile_input);

struct Page {
    status: StatusCode,
    location: String,
    content_type: String,
    cache_control: String,
    body: String,
}

async fn request(env: &Env, method: &str, path: &str, cookie: &str, body: Option<String>) -> Page {
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .header("accept-language", "en");
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
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let (status, location) = (resp.status(), header("location"));
    let (content_type, cache_control) = (header("content-type"), header("cache-control"));
    let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .unwrap();
    Page {
        status,
        location,
        content_type,
        cache_control,
        body: String::from_utf8_lossy(&bytes).replace(['\u{2068}', '\u{2069}'], ""),
    }
}

/// A browser signed in as a user of `role` (bound to `poc` for a POC user).
struct Browser<'a> {
    env: &'a Env,
    cookie: String,
    secret: String,
}

async fn sign_in<'a>(
    env: &'a Env,
    login: &str,
    role: Role,
    state_code: Option<&str>,
    poc: Option<&Poc>,
) -> Browser<'a> {
    let u = User {
        id: Uuid::new_v4(),
        login: normalise_login(login).unwrap(),
        role,
        state: state_code.map(state),
        poc: poc.map(|p| p.id.parse().unwrap()),
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
    let secret = env.app.open_session(&u).await.unwrap();
    Browser {
        env,
        cookie: format!("__Host-lsn_session={secret}"),
        secret,
    }
}

impl Browser<'_> {
    async fn get(&self, path: &str) -> Page {
        request(self.env, "GET", path, &self.cookie, None).await
    }

    async fn post(&self, path: &str, csrf: &str, extra: &str) -> Page {
        let body = format!("csrf={csrf}{extra}");
        request(self.env, "POST", path, &self.cookie, Some(body)).await
    }

    /// The token of this session, as its pages carry it.
    async fn csrf(&self) -> String {
        csrf_of(&self.get("/threads/statistics").await.body)
    }

    /// The thread API as the pages' script calls it: session cookie, `Liaison-CSRF` header.
    async fn script(&self, path: &str, csrf: Option<&str>) -> Resp {
        let mut headers = vec![("cookie", self.cookie.as_str())];
        if let Some(c) = csrf {
            headers.push(("liaison-csrf", c));
        }
        self.env.call_with("GET", path, None, None, &headers).await
    }
}

fn stage(thread: &serde_json::Value, poc: &Poc) -> String {
    thread["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["poc"] == poc.id.as_str())
        .unwrap()["stage"]
        .as_str()
        .unwrap_or("")
        .to_owned()
}

async fn thread_pages_by_role_forms_csrf_and_hostile_input(backend: Backend) {
    let w: World = world(backend).await;
    let env = &w.env;
    let id = fr_to_de(&w).await;
    let thread = format!("/threads/{id}");

    let admin = sign_in(env, "admin@un.example", Role::Admin, None, None).await;
    let fr_admin = sign_in(env, "admin@fr.example", Role::StateAdmin, Some("FR"), None).await;
    let fr = sign_in(
        env,
        "tech@fr.example",
        Role::Poc,
        Some("FR"),
        Some(&w.fr_tech),
    )
    .await;
    let de = sign_in(
        env,
        "tech@de.example",
        Role::Poc,
        Some("DE"),
        Some(&w.de_tech),
    )
    .await;
    let de_dip = sign_in(
        env,
        "dip@de.example",
        Role::Poc,
        Some("DE"),
        Some(&w.de_dip),
    )
    .await;
    let it = sign_in(
        env,
        "tech@it.example",
        Role::Poc,
        Some("IT"),
        Some(&w.it_tech),
    )
    .await;

    // Anonymous: every page sends to the sign-in page, every form too.
    for path in [
        "/threads",
        "/threads/new",
        &thread,
        "/account/key",
        "/threads/export",
        "/threads/statistics",
    ] {
        let p = request(env, "GET", path, "", None).await;
        assert_eq!(p.status, StatusCode::SEE_OTHER, "{path}");
        assert!(p.location.starts_with("/sign-in"), "{path}: {}", p.location);
    }

    // The administrator: the statistics only, never a thread (invariant 11).
    let p = admin.get("/threads/statistics").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("Thread statistics") && !p.body.contains(&id));
    assert!(
        !p.body.contains("href=\"/threads\""),
        "no threads link for the administrator"
    );
    for path in [
        "/threads",
        "/threads/new",
        &thread,
        "/account/key",
        "/threads/export",
    ] {
        assert_eq!(
            admin.get(path).await.status,
            StatusCode::FORBIDDEN,
            "admin {path}"
        );
    }

    // A state administrator: its state's threads as metadata, no content, no composing.
    let p = fr_admin.get("/threads").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains(&thread), "the state's thread is listed");
    let p = fr_admin.get(&thread).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("Its content is for its participants only"));
    assert!(!p.body.contains("id=\"messages\"") && !p.body.contains("threads.mjs"));
    for path in [
        "/threads/new",
        "/account/key",
        "/threads/export",
        "/threads/statistics",
    ] {
        assert_eq!(
            fr_admin.get(path).await.status,
            StatusCode::FORBIDDEN,
            "state admin {path}"
        );
    }

    // The sender: its thread with stages, the A§10 notice, the script; composing to its role.
    let p = fr.get("/threads").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains(&thread) && p.body.contains("href=\"/account/key\""));
    let p = fr.get(&thread).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("does not imply"), "the A§10 notice");
    assert!(p.body.contains("id=\"stages\"") && p.body.contains(&w.de_tech.id));
    assert!(p.body.contains("/static/e2e/") && p.body.contains("JavaScript"));
    let p = fr.get("/threads/new").await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains(&format!("id=\"to-{}\"", w.de_tech.id)));
    for other in [&w.de_dip, &w.fr_dip] {
        assert!(!p.body.contains(&other.id), "not offered: {}", other.id);
    }
    // The compose form cannot be submitted without the script (no plaintext to the server).
    assert!(p.body.contains("<fieldset disabled>"));
    let p = fr.get(&format!("/threads/new?to={}", w.de_dip.id)).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.body.contains("id=\"refusal\"") && p.body.contains("other role"),
        "cross-role reason"
    );
    let p = fr.get(&format!("/threads/new?to={}", w.fr_dip.id)).await;
    assert!(p.body.contains("id=\"refusal\""), "own state refused");
    assert_eq!(fr.get("/account/key").await.status, StatusCode::OK);
    assert_eq!(fr.get("/threads/export").await.status, StatusCode::OK);
    assert_eq!(
        fr.get("/threads/statistics").await.status,
        StatusCode::FORBIDDEN
    );

    // A POC of a state taking part, of the other role: metadata only. Another state: refused.
    let p = de_dip.get(&thread).await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(p.body.contains("Its content is for its participants only"));
    assert!(
        p.body.contains("id=\"note\"") && !p.body.contains("id=\"respond\""),
        "notes, not responses"
    );
    assert!(
        !fr_admin.get(&thread).await.body.contains("id=\"note\""),
        "notes are for POCs"
    );
    let p = it.get(&thread).await;
    assert_eq!(p.status, StatusCode::FORBIDDEN);
    assert!(p.body.contains("Action refused"), "the translated reason");
    assert!(!it.get("/threads").await.body.contains(&thread));

    // The thread API through the session needs the CSRF header.
    let de_csrf = de.csrf().await;
    assert_eq!(
        de.script("/api/v1/threads", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        de.script("/api/v1/threads", Some(&"0".repeat(64)))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        de.script("/api/v1/threads", Some(&de_csrf)).await.status,
        StatusCode::OK
    );
    let r = de
        .script(&format!("/api/v1/pocs/{}", w.fr_tech.id), Some(&de_csrf))
        .await;
    assert_eq!(r.status, StatusCode::OK, "entries' keys for the script");
    assert!(r.json["openpgp_key"].as_str().is_some());
    assert!(!de.secret.is_empty());

    // Acknowledging without JavaScript: refused without the token, changing nothing.
    let ack = format!("{thread}/acknowledge");
    assert_eq!(de.post(&ack, "", "").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        de.post(&ack, &fr.csrf().await, "").await.status,
        StatusCode::FORBIDDEN,
        "another session's token"
    );
    let t = get_thread(&w, &w.fr_tech, &id, "cli").await;
    assert_eq!(stage(&t.json["thread"], &w.de_tech), "sent");
    let p = de.post(&ack, &de_csrf, "").await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    assert_eq!(p.location, thread);
    let t = get_thread(&w, &w.fr_tech, &id, "cli").await;
    assert_eq!(stage(&t.json["thread"], &w.de_tech), "acknowledged");
    let p = de.post(&ack, &de_csrf, "").await;
    assert_eq!(p.status, StatusCode::CONFLICT, "acknowledged once");
    assert!(p.body.contains("Action refused"));
    // Someone else's thread cannot be acknowledged.
    assert_eq!(
        it.post(&ack, &it.csrf().await, "").await.status,
        StatusCode::FORBIDDEN
    );

    // Consent: asked and decided through forms, checked by the use case.
    let fr_csrf = fr.csrf().await;
    let consents = format!("{thread}/consents");
    assert_eq!(
        fr.post(&consents, "", &format!("&target={}", w.it_tech.id))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let p = fr
        .post(
            &consents,
            &fr_csrf,
            "&target=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        )
        .await;
    assert_eq!(p.status, StatusCode::BAD_REQUEST);
    assert!(!p.body.contains("<script>alert"));
    let p = fr
        .post(&consents, &fr_csrf, &format!("&target={}", w.de_dip.id))
        .await;
    assert_eq!(
        p.status,
        StatusCode::FORBIDDEN,
        "a consent to another role is refused"
    );
    let p = fr
        .post(&consents, &fr_csrf, &format!("&target={}", w.it_tech.id))
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER, "{}", p.body);
    let p = de.get(&thread).await;
    let at = p.body.find("data-consent=\"").unwrap() + 14;
    let consent = p.body[at..at + 36].to_owned();
    let decide = |answer: &str| format!("{thread}/consents/{consent}/{answer}");
    assert_eq!(
        de.post(&decide("granted"), "", "").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        de.post(&decide("maybe"), &de_csrf, "").await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        fr.post(&decide("granted"), &fr_csrf, "").await.status,
        StatusCode::FORBIDDEN,
        "not one's own request"
    );
    assert_eq!(
        de.post(&decide("granted"), &de_csrf, "").await.status,
        StatusCode::SEE_OTHER
    );
    assert!(fr.get(&thread).await.body.contains("granted by everyone"));

    // Notifications: marked read by form; hostile ids refused.
    let p = de.get("/threads").await;
    assert!(p.body.contains("A new inquiry has arrived."));
    assert_eq!(
        de.post("/threads/notifications/read", &de_csrf, "&ids=x%2Cy")
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let at = p.body.find("name=\"ids\" value=\"").unwrap() + 18;
    let ids = p.body[at..at + p.body[at..].find('"').unwrap()].to_owned();
    assert!(!ids.is_empty());
    let p = de
        .post(
            "/threads/notifications/read",
            &de_csrf,
            &format!("&ids={ids}"),
        )
        .await;
    assert_eq!(p.status, StatusCode::SEE_OTHER);
    assert!(
        !de.get("/threads").await.body.contains("name=\"ids\""),
        "nothing unread"
    );

    // Closing: refused without the token; then closed.
    assert_eq!(
        fr.post(&format!("{thread}/close"), "", "").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        fr.post(&format!("{thread}/close"), &fr_csrf, "")
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    let p = fr.get(&thread).await;
    assert!(p.body.contains("Closed") && !p.body.contains("/close\""));

    // Hostile addresses and input: nothing found, nothing reflected.
    for path in [
        "/threads/not-a-uuid",
        "/threads/00000000-0000-0000-0000-000000000000",
    ] {
        assert_eq!(fr.get(path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let p = fr
        .get("/threads/new?to=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(!p.body.contains("<script>alert"));

    // The scripts: one versioned, immutable path; anything else is not found.
    let version = liaison_web::pages::assets::VERSION.as_str();
    let p = request(
        env,
        "GET",
        &format!("/static/e2e/{version}/threads.mjs"),
        "",
        None,
    )
    .await;
    assert_eq!(p.status, StatusCode::OK);
    assert!(
        p.content_type.starts_with("text/javascript"),
        "{}",
        p.content_type
    );
    assert_eq!(p.cache_control, "public, max-age=31536000, immutable");
    let p = request(
        env,
        "GET",
        &format!("/static/e2e/{version}/vendor/openpgp/openpgp.min.mjs"),
        "",
        None,
    )
    .await;
    assert_eq!(p.status, StatusCode::OK);
    for path in [
        "/static/e2e/0000000000000000/threads.mjs".to_owned(),
        format!("/static/e2e/{version}/../site.css"),
        format!("/static/e2e/{version}/vendor/openpgp/VENDORED.md"),
        format!("/static/e2e/{version}/vendor/openpgp/openpgp.min.mjs.map"),
    ] {
        assert_eq!(
            request(env, "GET", &path, "", None).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
}

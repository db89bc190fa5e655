//! The ping test pages through the in-process router with signed-in sessions, on both
//! backends (issue 4 items 4–6): every page for every role (allowed / 403 / sign-in), a
//! campaign started from the dashboard through its confirmation step, CSRF-less POSTs refused,
//! the follow-up form with hostile input (oversized, control and bidi characters, HTML/script,
//! another state's entry, dates), the CSV (BOM, formula cells neutralised, a state's own rows
//! only), the SVG charts parsed and labelled in English and Arabic, a POC user acknowledging
//! in the application (channel in_app), and freshness in the directory.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use liaison_core::Clock;
use liaison_core::account::{User, normalise_login};
use liaison_core::audit::AuditEvent;
use liaison_core::codes::Flag;
use liaison_core::permission::Role;
use liaison_core::ping::{AckChannel, PingStatus};
use liaison_store::{Change, Store};
use serde_json::{Value, json};
use tower::ServiceExt;
use uuid::Uuid;

on_both_backends!(
    ping_pages_for_every_role,
    follow_up_form_refuses_hostile_input
);

struct Page {
    status: StatusCode,
    location: String,
    content_type: String,
    body: String,
    raw: Vec<u8>,
}

/// A signed-in browser (or an anonymous one: empty cookie).
struct Browser<'a> {
    env: &'a Env,
    cookie: String,
    lang: &'static str,
    user: Option<User>,
}

impl Browser<'_> {
    /// A new session for the same person: moving the test clock past the deadline also ends
    /// the sessions (idle and absolute timeouts).
    async fn sign_in_again(&mut self) {
        let u = self.user.as_ref().unwrap();
        let secret = self.env.app.open_session(u).await.unwrap();
        self.cookie = format!("__Host-lsn_session={secret}");
    }

    async fn request(&self, method: &str, path: &str, body: Option<String>) -> Page {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("accept-language", self.lang);
        if !self.cookie.is_empty() {
            req = req.header("cookie", &self.cookie);
        }
        if body.is_some() {
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        let req = req
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        let resp = self.env.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let h = |n: &str| {
            resp.headers()
                .get(n)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default()
        };
        let location = h("location");
        let content_type = h("content-type");
        let raw = axum::body::to_bytes(resp.into_body(), 16 << 20)
            .await
            .unwrap()
            .to_vec();
        Page {
            status,
            location,
            content_type,
            body: String::from_utf8_lossy(&raw).replace(['\u{2068}', '\u{2069}'], ""),
            raw,
        }
    }

    async fn get(&self, path: &str) -> Page {
        self.request("GET", path, None).await
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = csrf_of(&self.get("/").await.body);
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.request("POST", path, Some(form(&all))).await
    }

    async fn post_without_csrf(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        self.request("POST", path, Some(form(fields))).await
    }
}

async fn sign_in<'a>(
    env: &'a Env,
    login: &str,
    role: Role,
    state_code: Option<&str>,
    poc: Option<Uuid>,
) -> Browser<'a> {
    let u = User {
        id: Uuid::new_v4(),
        login: normalise_login(login).unwrap(),
        role,
        state: state_code.map(state),
        poc,
        display_name: format!("Person {login}"),
        password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
        totp_secret: None,
        created_at: env.clock.now(),
        disabled_at: None,
        email: Some(liaison_core::contact::Email::parse(login).unwrap()),
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
        lang: "en",
        user: Some(u),
    }
}

async fn nominate(env: &Env, code: &str, doc: Value) -> Uuid {
    let t = env.token(Role::StateAdmin, Some(code), None).await;
    let r = env.call("POST", "/api/v1/pocs", Some(&t), Some(&doc)).await;
    assert_eq!(r.status, 201, "{:?}", r.json);
    r.json["id"].as_str().unwrap().parse().unwrap()
}

/// An entry without e-mail: its challenge is asked in the application at once (issued, with
/// a due time), so a POC user can answer it without a relay.
fn in_app_entry(code: &str, entity: &str) -> Value {
    json!({
        "state": code, "role": "technical", "kind": "entity",
        "entity_name": entity,
        "phones": ["+33123456789"],
        "working_languages": ["fr", "en"],
        "entry_language": "fr"
    })
}

/// The `<svg>…</svg>` pieces of a page.
fn svgs(body: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find("<svg") {
        let end = rest[at..].find("</svg>").unwrap() + at + 6;
        out.push(&rest[at..end]);
        rest = &rest[end..];
    }
    out
}

/// Parses a chart as XML and returns its title (checks that it is labelled for screen readers).
fn check_svg(svg: &str) -> String {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("{e}: {svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let labelled = root.attribute("aria-labelledby").unwrap();
    for id in labelled.split(' ') {
        let n = doc
            .descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no element {id}"));
        assert!(!n.text().unwrap_or_default().trim().is_empty(), "{id}");
    }
    assert!(
        !svg.contains("style="),
        "the page CSP allows no inline style"
    );
    assert!(doc.descendants().any(|n| n.has_tag_name("rect")));
    doc.descendants()
        .find(|n| n.has_tag_name("title"))
        .and_then(|n| n.text())
        .unwrap()
        .to_owned()
}

async fn ping_pages_for_every_role(backend: Backend) {
    let env = Env::new(backend).await;
    for code in ["FR", "DE"] {
        env.admit(code).await;
    }
    let fr = nominate(&env, "FR", in_app_entry("FR", "ANSSI – CERT-FR")).await;
    let fr_mail = nominate(&env, "FR", arabic_entry("FR")).await;
    // A name a spreadsheet would run as a formula.
    let de = nominate(
        &env,
        "DE",
        in_app_entry("DE", "=HYPERLINK(\"http://x.example\")"),
    )
    .await;

    let mut admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    let mut fr_admin = sign_in(&env, "sa@fr.example", Role::StateAdmin, Some("FR"), None).await;
    let mut de_admin = sign_in(&env, "sa@de.example", Role::StateAdmin, Some("DE"), None).await;
    let mut fr_poc = sign_in(&env, "poc@fr.example", Role::Poc, Some("FR"), Some(fr)).await;
    let mut de_poc = sign_in(&env, "poc@de.example", Role::Poc, Some("DE"), Some(de)).await;
    let anonymous = Browser {
        env: &env,
        cookie: String::new(),
        lang: "en",
        user: None,
    };

    // Navigation: each role sees the links it may use.
    let home = admin.get("/directory").await.body;
    assert!(home.contains("href=\"/admin/pings\">Ping tests</a>"));
    assert!(!home.contains("href=\"/pings\""));
    let home = fr_admin.get("/directory").await.body;
    assert!(home.contains("href=\"/admin/pings\"") && !home.contains("href=\"/pings\""));
    let home = fr_poc.get("/directory").await.body;
    assert!(home.contains("href=\"/pings\">My pings</a>") && !home.contains("/admin/pings"));

    // The dashboard before any campaign.
    let r = admin.get("/admin/pings").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("No ping test has been run yet."));
    assert!(r.body.contains("The next scheduled ping test starts on"));
    assert!(r.body.contains("Time allowed to acknowledge: 48 hours."));
    assert!(r.body.contains("<option value=\"FR\">France</option>"));
    // Only participating states are offered.
    assert!(!r.body.contains("<option value=\"IT\">"));
    assert_eq!(fr_admin.get("/admin/pings").await.status, 200);
    assert!(
        !fr_admin
            .get("/admin/pings")
            .await
            .body
            .contains("action=\"/admin/pings/start\"")
    );
    assert_eq!(fr_poc.get("/admin/pings").await.status, 403);
    let r = anonymous.get("/admin/pings").await;
    assert_eq!(r.status, 303);
    assert!(r.location.starts_with("/sign-in"), "{}", r.location);

    // The confirmation step: the target and how many entries it pings; nothing started yet.
    let r = admin
        .get("/admin/pings/start?state=FR&state=DE&role=")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains("Start this ping test?"));
    assert!(r.body.contains("<dd>3</dd>"), "{}", r.body);
    assert!(r.body.contains("name=\"state\" value=\"DE\""));
    let r = admin.get("/admin/pings/start?state=XX").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Choose States from the list."));
    assert_eq!(fr_admin.get("/admin/pings/start").await.status, 403);
    assert_eq!(fr_poc.get("/admin/pings/start").await.status, 403);
    assert!(env.store.ping_campaigns().await.unwrap().is_empty());

    // Starting: refused without the CSRF token and for anyone but the administrator.
    let fields = [("state", "FR"), ("state", "DE"), ("role", "")];
    assert_eq!(
        admin
            .post_without_csrf("/admin/pings/start", &fields)
            .await
            .status,
        403
    );
    assert_eq!(
        fr_admin.post("/admin/pings/start", &fields).await.status,
        403
    );
    assert_eq!(fr_poc.post("/admin/pings/start", &fields).await.status, 403);
    // A state outside participation: refused with a translated message, nothing started.
    let r = admin.post("/admin/pings/start", &[("state", "IT")]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("does not participate"));
    assert!(env.store.ping_campaigns().await.unwrap().is_empty());
    let r = admin.post("/admin/pings/start", &fields).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let campaigns = env.store.ping_campaigns().await.unwrap();
    assert_eq!(campaigns.len(), 1);
    let id = campaigns[0].id;
    assert_eq!(r.location, format!("/admin/pings/{id}?done=started"));
    let r = admin.get(&r.location).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("The ping test has started."));

    // The POC user's pending ping, acknowledged with one button (CSRF first).
    let r = fr_poc.get("/pings").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Please acknowledge by"));
    let challenge = {
        let at = r.body.find("action=\"/pings/").unwrap() + 15;
        r.body[at..at + 36].parse::<Uuid>().unwrap()
    };
    let path = format!("/pings/{challenge}/acknowledge");
    assert_eq!(fr_poc.post_without_csrf(&path, &[]).await.status, 403);
    // Another entry's user, a state administrator, the administrator: not theirs to answer.
    assert_eq!(de_poc.post(&path, &[]).await.status, 403);
    assert_eq!(fr_admin.post(&path, &[]).await.status, 403);
    assert_eq!(admin.post(&path, &[]).await.status, 403);
    assert_eq!(admin.get("/pings").await.status, 403);
    assert_eq!(fr_admin.get("/pings").await.status, 403);
    let r = fr_poc.post(&path, &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location, "/pings?done=on-time");
    let r = fr_poc.get(&r.location).await;
    assert!(r.body.contains("Your acknowledgement has been recorded."));
    assert!(r.body.contains("No ping is waiting for your answer."));
    assert_eq!(fr_poc.post(&path, &[]).await.status, 409);
    let c = env.store.ping_challenge(challenge).await.unwrap().unwrap();
    assert_eq!(c.ack_channel, Some(AckChannel::InApp));
    assert_eq!(c.status(), PingStatus::Acknowledged);

    // The deadline passes: DE's in-app entry did not answer.
    env.clock.advance(jiff::SignedDuration::from_hours(49));
    env.app.sweep_pings().await.unwrap();
    for b in [
        &mut admin,
        &mut fr_admin,
        &mut de_admin,
        &mut fr_poc,
        &mut de_poc,
    ] {
        b.sign_in_again().await;
    }

    // The report for the administrator: every state, charts parsed and labelled.
    let report = format!("/admin/pings/{id}");
    let r = admin.get(&report).await;
    assert_eq!(r.status, 200);
    for text in [
        "Results by State",
        ">France</th>",
        ">Germany</th>",
        "Western European and other States",
        "Acknowledged on time",
        "In the application",
        "No response",
        "Non-responding States",
        &format!("href=\"/admin/pings/{id}/states/DE\""),
        &format!("href=\"/admin/pings/{id}.csv\""),
    ] {
        assert!(r.body.contains(text), "{text}");
    }
    let charts = svgs(&r.body);
    assert_eq!(charts.len(), 2);
    assert_eq!(
        check_svg(charts[0]),
        "Acknowledgements by time taken to acknowledge"
    );
    assert_eq!(
        check_svg(charts[1]),
        "Share of points of contact that answered, per ping test"
    );
    // The entries a page at a time; a page out of range or not a number shows the first.
    assert!(r.body.contains("Entries 1 to 3 of 3"));
    assert!(!r.body.contains("rel=\"next\""));
    for q in ["?page=99", "?page=abc", "?page=0"] {
        let p = admin.get(&format!("{report}{q}")).await;
        assert_eq!(p.status, 200, "{q}");
        assert!(p.body.contains("Entries 1 to 3 of 3"), "{q}");
    }
    // The data table beside each chart.
    assert!(
        r.body
            .contains("Acknowledgements by time taken (the figures of the chart)")
    );
    // The same report in Arabic: right to left, labelled in Arabic, mirrored.
    let ar = Browser {
        env: &env,
        cookie: admin.cookie.clone(),
        lang: "ar",
        user: None,
    };
    let r = ar.get(&report).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("dir=\"rtl\""));
    let charts = svgs(&r.body);
    assert_eq!(
        check_svg(charts[0]),
        "تأكيدات الاستلام حسب الوقت المستغرق للرد"
    );
    assert_eq!(
        check_svg(charts[1]),
        "نسبة جهات الاتصال التي ردّت في كل اختبار اتصال"
    );

    // A state administrator reads its own state's part only.
    let r = fr_admin.get(&report).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Results for France only."));
    assert!(!r.body.contains(">Germany</th>"));
    assert!(!r.body.contains(&de.to_string()));
    assert_eq!(fr_poc.get(&report).await.status, 403);
    assert_eq!(anonymous.get(&report).await.status, 303);
    assert_eq!(
        admin
            .get(&format!("/admin/pings/{}", Uuid::new_v4()))
            .await
            .status,
        404
    );
    assert_eq!(admin.get("/admin/pings/not-a-uuid").await.status, 404);

    // CSV: UTF-8 with a BOM, formula cells neutralised, the state's own rows for its admin.
    let r = admin.get(&format!("/admin/pings/{id}.csv")).await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/csv"));
    assert!(r.raw.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(
        r.body
            .contains(",\"'=HYPERLINK(\"\"http://x.example\"\")\","),
        "{}",
        r.body
    );
    assert!(r.body.contains("أحمد المنصوري"));
    assert_eq!(r.body.lines().count(), 4);
    let r = fr_admin.get(&format!("/admin/pings/{id}.csv")).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body.lines().count(), 3);
    assert!(!r.body.contains(&de.to_string()) && r.body.contains(&fr_mail.to_string()));
    assert_eq!(
        fr_poc.get(&format!("/admin/pings/{id}.csv")).await.status,
        403
    );

    // The dashboard now: the campaign's progress and the latest non-responders.
    let r = admin.get("/admin/pings").await;
    assert!(r.body.contains(&format!("href=\"/admin/pings/{id}\"")));
    assert!(
        r.body
            .contains("Non-responding States in the latest ping test")
    );
    assert!(
        r.body
            .contains(&format!("href=\"/admin/pings/{id}/states/DE\">Germany</a>"))
    );
    // DE's administrator has an e-mail address: it can be written to.
    let r = fr_admin.get("/admin/pings").await;
    assert!(r.body.contains("for the points of contact of France."));
    assert!(!r.body.contains("/states/DE"));

    // The follow-up page: the administrator records, a state administrator of that state reads,
    // another state's administrator and a POC user are refused.
    let follow_up = format!("/admin/pings/{id}/states/DE");
    let r = admin.get(&follow_up).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Follow-up with Germany"));
    assert!(r.body.contains("No follow-up has been recorded yet."));
    assert!(r.body.contains(&format!("<option value=\"{de}\"")));
    assert_eq!(de_admin.get(&follow_up).await.status, 200);
    assert!(
        !de_admin
            .get(&follow_up)
            .await
            .body
            .contains("name=\"authority\"")
    );
    assert_eq!(fr_admin.get(&follow_up).await.status, 403);
    assert_eq!(de_poc.get(&follow_up).await.status, 403);
    let today = env
        .clock
        .now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let entry = [
        ("contacted_at", today.as_str()),
        ("authority", "Ständige Vertretung, Genf"),
        ("method", "note_verbale"),
        ("outcome", "update_promised"),
        ("poc", ""),
        ("note", ""),
    ];
    assert_eq!(
        admin.post_without_csrf(&follow_up, &entry).await.status,
        403
    );
    assert_eq!(de_admin.post(&follow_up, &entry).await.status, 403);
    let r = admin.post(&follow_up, &entry).await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin.get(&r.location).await;
    assert!(r.body.contains("The follow-up has been recorded."));
    assert!(r.body.contains("Ständige Vertretung, Genf"));
    assert!(r.body.contains("Diplomatic note (note verbale)"));
    assert!(r.body.contains("Update promised"));
    assert!(
        de_admin
            .get(&follow_up)
            .await
            .body
            .contains("Ständige Vertretung, Genf")
    );

    // Freshness: the acknowledged entry shows when it was verified; an unverified flag is
    // shown and explained on the list, the state page and the entry.
    let r = admin.get("/directory").await;
    assert!(r.body.contains("Last verified"));
    let r = admin
        .post(
            &format!("/directory/{de}/flag"),
            &[("flag", Flag::Unverified.as_str()), ("reason", "")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin.get("/directory").await;
    assert!(
        r.body
            .contains("class=\"fresh-unverified\">Unverified</span>")
    );
    let r = admin.get("/states/DE").await;
    assert!(
        r.body
            .contains("class=\"fresh-unverified\">Unverified</span>")
    );
    let r = admin.get(&format!("/directory/{de}")).await;
    assert!(
        r.body
            .contains("This entry is unverified: its last two ping tests went unanswered.")
    );
    let r = admin.get(&format!("/directory/{fr}")).await;
    assert!(!r.body.contains("This entry is unverified"));
}

async fn follow_up_form_refuses_hostile_input(backend: Backend) {
    let env = Env::new(backend).await;
    for code in ["FR", "DE"] {
        env.admit(code).await;
    }
    let fr = nominate(&env, "FR", in_app_entry("FR", "CERT-FR")).await;
    let de = nominate(&env, "DE", in_app_entry("DE", "CERT-Bund")).await;
    let mut admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    let r = admin
        .post("/admin/pings/start", &[("role", "technical")])
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let id = env.store.ping_campaigns().await.unwrap()[0].id;
    env.clock.advance(jiff::SignedDuration::from_hours(49));
    env.app.sweep_pings().await.unwrap();
    admin.sign_in_again().await;
    let path = format!("/admin/pings/{id}/states/FR");
    let today = env
        .clock
        .now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let tomorrow = env
        .clock
        .now()
        .checked_add(jiff::SignedDuration::from_hours(48))
        .unwrap()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    let de_id = de.to_string();
    let fr_id = fr.to_string();
    let long = "x".repeat(501);
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("authority", &long)], "at most 500"),
        (
            vec![("authority", "Mission\u{202e}evil")],
            "character that is not allowed",
        ),
        (
            vec![("authority", "Mission\u{0007}")],
            "character that is not allowed",
        ),
        (vec![("authority", "   ")], "Please fill in this field."),
        (
            vec![("note", "bell\u{0000}")],
            "character that is not allowed",
        ),
        (vec![("poc", &de_id)], "entries from the list."),
        (vec![("poc", "not-a-uuid")], "entries from the list."),
        (vec![("contacted_at", &tomorrow)], "today or earlier"),
        (vec![("contacted_at", "01/02/2026")], "today or earlier"),
        (
            vec![("method", "pigeon")],
            "Choose one of the options in the list.",
        ),
        (
            vec![("outcome", "")],
            "Choose one of the options in the list.",
        ),
    ];
    for (overrides, message) in cases {
        let mut fields = vec![
            ("contacted_at", today.as_str()),
            ("authority", "Mission permanente"),
            ("method", "email"),
            ("outcome", "no_answer"),
            ("poc", fr_id.as_str()),
            ("note", ""),
        ];
        for (k, v) in &overrides {
            for f in fields.iter_mut() {
                if f.0 == *k {
                    f.1 = v;
                }
            }
        }
        let r = admin.post(&path, &fields).await;
        assert_eq!(r.status, 422, "{overrides:?}: {}", r.body);
        assert!(
            r.body.contains(message),
            "{overrides:?}: {message}\n{}",
            r.body
        );
        assert!(r.body.contains("aria-invalid=\"true\""), "{overrides:?}");
        assert!(env.store.follow_ups(None).await.unwrap().is_empty());
    }
    // Entered values are kept when the form is refused.
    let r = admin
        .post(
            &path,
            &[
                ("contacted_at", "yesterday"),
                ("authority", "Ministère des affaires étrangères"),
                ("method", "phone"),
                ("outcome", "updated"),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("value=\"Ministère des affaires étrangères\"")
    );
    assert!(r.body.contains("<option value=\"phone\" selected>"));
    // HTML and script are kept as text and shown escaped.
    let r = admin
        .post(
            &path,
            &[
                ("contacted_at", &today),
                ("authority", "<script>alert(1)</script>"),
                ("method", "email"),
                ("outcome", "other"),
                ("note", "<img src=x onerror=alert(1)>"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    let r = admin.get(&path).await;
    assert!(!r.body.contains("<script>alert(1)</script>"));
    assert!(r.body.contains("&#60;script&#62;alert(1)"));
    assert!(!r.body.contains("<img src=x"));
    assert_eq!(env.store.follow_ups(None).await.unwrap().len(), 1);
    // A state code that does not exist, a campaign that does not.
    assert_eq!(
        admin
            .get(&format!("/admin/pings/{id}/states/XX"))
            .await
            .status,
        404
    );
    assert_eq!(
        admin
            .get(&format!("/admin/pings/{}/states/FR", Uuid::new_v4()))
            .await
            .status,
        404
    );
}

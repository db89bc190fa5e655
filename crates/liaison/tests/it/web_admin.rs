//! The administration pages through the in-process router with signed-in sessions: admitting
//! and suspending states, issuing and revoking enrolment links (shown once), flags, the audit
//! log with its filters, CSRF, the roles that are refused, and hostile input in the forms.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use liaison_app::operator;
use liaison_core::Clock;
use liaison_core::account::{User, normalise_login};
use liaison_core::audit::AuditEvent;
use liaison_core::codes::Flag;
use liaison_core::participation::Participation;
use liaison_core::permission::Role;
use liaison_store::{AuditQuery, Change, Store};
use serde_json::json;
use tower::ServiceExt;
use uuid::Uuid;

on_both_backends!(
    admin_admits_suspends_and_resumes_states,
    enrolment_links_are_issued_once_and_revoked,
    flags_are_set_and_removed
);

/// A browser with a live session.
struct Browser<'a> {
    env: &'a Env,
    cookie: String,
}

struct Page {
    status: StatusCode,
    location: String,
    cache_control: String,
    body: String,
}

async fn user(
    env: &Env,
    login: &str,
    role: Role,
    state_code: Option<&str>,
    poc: Option<Uuid>,
) -> User {
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
    poc: Option<Uuid>,
) -> Browser<'a> {
    let u = user(env, login, role, state_code, poc).await;
    let secret = env.app.open_session(&u).await.unwrap();
    Browser {
        env,
        cookie: format!("__Host-lsn_session={secret}"),
    }
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
    let status = resp.status();
    let h = |n: &str| {
        resp.headers()
            .get(n)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    };
    let location = h("location");
    let cache_control = h("cache-control");
    let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .unwrap();
    Page {
        status,
        location,
        cache_control,
        // Without Fluent's bidi isolation marks around arguments, to compare plain text.
        body: String::from_utf8(bytes.to_vec())
            .unwrap()
            .replace(['\u{2068}', '\u{2069}'], ""),
    }
}

impl Browser<'_> {
    async fn get(&self, path: &str) -> Page {
        request(self.env, "GET", path, &self.cookie, None).await
    }

    /// Posts a form with this session's CSRF token (read from a page, as a browser would).
    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let csrf = csrf_of(&self.get("/").await.body);
        self.post_with_csrf(path, &csrf, fields).await
    }

    async fn post_with_csrf(&self, path: &str, csrf: &str, fields: &[(&str, &str)]) -> Page {
        let mut all = vec![("csrf", csrf)];
        all.extend_from_slice(fields);
        request(self.env, "POST", path, &self.cookie, Some(form(&all))).await
    }
}

async fn audit(env: &Env, action: &str) -> Vec<liaison_core::audit::AuditRecord> {
    env.store
        .audit(&AuditQuery {
            action: Some(action.into()),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .unwrap()
}

async fn entry(env: &Env, code: &str) -> Uuid {
    let t = env.token(Role::StateAdmin, Some(code), None).await;
    let r = env
        .call("POST", "/api/v1/pocs", Some(&t), Some(&arabic_entry(code)))
        .await;
    assert_eq!(r.status, 201, "{:?}", r.json);
    r.json["id"].as_str().unwrap().parse().unwrap()
}

/// The link shown on an issue page.
fn issued_link(body: &str) -> String {
    let at = body.find("id=\"enrolment-link\">").expect("the link") + 20;
    body[at..at + body[at..].find('<').unwrap()].to_owned()
}

async fn admin_admits_suspends_and_resumes_states(backend: Backend) {
    let env = Env::new(backend).await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;

    let r = admin.get("/admin").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Administration of the directory"));
    // Signed-in pages are kept in no cache; the public page only revalidates.
    assert_eq!(r.cache_control, "no-store");
    assert_eq!(admin.get("/directory").await.cache_control, "no-store");
    assert_eq!(
        request(&env, "GET", "/", "", None).await.cache_control,
        "no-cache"
    );
    assert!(r.body.contains(">France</a>"));
    assert!(r.body.contains("195 of 195 States shown."));
    assert!(r.body.contains("href=\"/admin/states/FR/admit\""));

    let r = admin.get("/admin/states/FR/admit").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Admit France to the directory"));
    assert!(r.body.contains("<label for=\"reason\">"));
    assert!(r.body.contains("<button type=\"submit\">"));

    let r = admin
        .post(
            "/admin/states/FR/admit",
            &[("reason", "Note verbale 2025/17")],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, "/admin?done=admitted&state=FR");
    let r = admin.get(&r.location).await;
    assert!(
        r.body
            .contains("France has been admitted to the directory.")
    );
    assert!(r.body.contains("href=\"/admin/states/FR/suspend\""));
    let records = audit(&env, "state.admitted").await;
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].actor, "user:admin@unoda.example");
    assert!(records[0].detail.contains("Note verbale 2025/17"));

    // Admitting twice is refused: the lifecycle decides, the page shows a conflict.
    assert_eq!(admin.get("/admin/states/FR/admit").await.status, 409);
    assert_eq!(admin.post("/admin/states/FR/admit", &[]).await.status, 409);

    let r = admin
        .post("/admin/states/FR/suspend", &[("reason", "")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(
        env.app
            .state(&operator("t"), state("FR"))
            .unwrap()
            .participation,
        Participation::Suspended
    );
    assert_eq!(audit(&env, "state.suspended").await.len(), 1);

    // Filters: suspended states only; a regional group.
    let r = admin.get("/admin?status=suspended").await;
    assert!(r.body.contains(">France</a>") && !r.body.contains(">Germany</a>"));
    assert!(r.body.contains("1 of 195 States shown."));
    assert!(
        r.body
            .contains("href=\"/admin/states/FR/admit\">Resume</a>")
    );
    let r = admin.get("/admin?group=african").await;
    assert!(r.body.contains(">Egypt</a>") && !r.body.contains(">France</a>"));

    let r = admin.get("/admin/states/FR/admit").await;
    assert!(r.body.contains("Resume the participation of France"));
    let r = admin.post("/admin/states/FR/admit", &[]).await;
    assert_eq!(r.location, "/admin?done=resumed&state=FR");
    assert_eq!(audit(&env, "state.resumed").await.len(), 1);

    // Names in the reader's language.
    let r = admin.get("/admin?lang=fr&status=participating").await;
    assert!(r.body.contains(">France</a>"));
    let r = admin.get("/admin?lang=zh").await;
    assert!(r.body.contains(">法国</a>"), "Chinese state names");

    // Unknown states and changes are not pages.
    assert_eq!(admin.get("/admin/states/XX/admit").await.status, 404);
    assert_eq!(admin.get("/admin/states/FR/delete").await.status, 404);
}

async fn enrolment_links_are_issued_once_and_revoked(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("FR").await;
    env.admit("DE").await;
    let fr_entry = entry(&env, "FR").await;
    let de_entry = entry(&env, "DE").await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;

    // The directory administrator issues a link for a state administrator.
    let r = admin.get("/states/FR/people").await;
    assert_eq!(r.status, 200);
    for field in ["role", "display_name", "valid_days"] {
        assert!(
            r.body.contains(&format!("<label for=\"{field}\">")),
            "{field}"
        );
        assert!(r.body.contains(&format!("name=\"{field}\"")), "{field}");
    }
    // The administrator does not enrol POC users (domain rule): no entry to choose.
    assert!(!r.body.contains("name=\"poc\""));
    let r = admin
        .post(
            "/states/FR/people/links",
            &[
                ("role", "state-admin"),
                ("display_name", "Camille Martin, ANSSI"),
                ("poc", ""),
                ("valid_days", "7"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.cache_control, "no-store");
    let link = issued_link(&r.body);
    assert!(
        link.starts_with("/enrol/lsn_enrol_") || link.contains("/enrol/lsn_enrol_"),
        "{link}"
    );
    assert!(r.body.contains("This link is shown only once"));
    let secret = link.rsplit('/').next().unwrap();
    let (stored, _) = env.app.enrolment_link(secret).await.unwrap();
    assert_eq!(stored.role, Role::StateAdmin);
    assert_eq!(stored.display_name, "Camille Martin, ANSSI");
    assert_eq!(audit(&env, "enrolment.issue").await.len(), 1);

    // Shown once: the people page lists the link but never its secret.
    let r = admin.get("/states/FR/people").await;
    assert!(r.body.contains("Camille Martin, ANSSI"));
    assert!(r.body.contains("Pending"));
    assert!(!r.body.contains("lsn_enrol_") && !r.body.contains("enrolment-link"));

    // The administrator cannot issue a POC user link (refused by the use case).
    let r = admin
        .post(
            "/states/FR/people/links",
            &[
                ("role", "poc"),
                ("display_name", "X"),
                ("poc", &fr_entry.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 403);

    // A state administrator of FR enrols a POC user bound to one of FR's entries.
    let fr = sign_in(
        &env,
        "fr-admin@diplomatie.example",
        Role::StateAdmin,
        Some("FR"),
        None,
    )
    .await;
    let r = fr.get("/states/FR/people").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<label for=\"poc\">"));
    assert!(r.body.contains(&format!("value=\"{fr_entry}\"")));
    assert!(!r.body.contains(&format!("value=\"{de_entry}\"")));
    let r = fr
        .post(
            "/states/FR/people/links",
            &[
                ("role", "poc"),
                ("display_name", "Jean Dupont"),
                ("poc", &fr_entry.to_string()),
                ("valid_days", "3"),
            ],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let poc_link = issued_link(&r.body);
    let (stored, _) = env
        .app
        .enrolment_link(poc_link.rsplit('/').next().unwrap())
        .await
        .unwrap();
    assert_eq!((stored.role, stored.poc), (Role::Poc, Some(fr_entry)));

    // Refused forms come back with the values kept and the error by the field (422).
    let r = fr
        .post(
            "/states/FR/people/links",
            &[
                ("role", "poc"),
                ("display_name", "Jean Dupont"),
                ("poc", ""),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("must be bound to one of the State"));
    assert!(r.body.contains("value=\"Jean Dupont\""));
    let r = fr
        .post(
            "/states/FR/people/links",
            &[
                ("role", "poc"),
                ("display_name", "J"),
                ("poc", &de_entry.to_string()),
            ],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("This entry belongs to another State."));
    for days in ["31", "0", "abc", "-1"] {
        let r = fr
            .post(
                "/states/FR/people/links",
                &[
                    ("role", "state-admin"),
                    ("display_name", "J"),
                    ("valid_days", days),
                ],
            )
            .await;
        assert_eq!(r.status, 422, "{days}");
        assert!(
            r.body.contains("whole number of days from 1 to 30"),
            "{days}"
        );
        assert!(r.body.contains(
            "aria-invalid=\"true\" aria-describedby=\"valid_days-hint valid_days-error\""
        ));
    }
    let r = fr
        .post(
            "/states/FR/people/links",
            &[("role", "admin"), ("display_name", "J")],
        )
        .await;
    assert_eq!(r.status, 422);

    // Another state's people and links are refused.
    assert_eq!(fr.get("/states/DE/people").await.status, 403);
    let r = fr
        .post(
            "/states/DE/people/links",
            &[("role", "state-admin"), ("display_name", "Mallory")],
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(audit(&env, "enrolment.issue").await.len(), 2);

    // Revoking a pending link: a confirmation, then the link stops working.
    let r = fr.get("/states/FR/people").await;
    let revoke = format!("/states/FR/people/links/{}/revoke", stored.id);
    assert!(r.body.contains(&revoke));
    let r = fr.get(&revoke).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Revoke the enrolment link of Jean Dupont"));
    // Another state's administrator cannot even see it.
    let de = sign_in(
        &env,
        "de-admin@auswaertiges-amt.example",
        Role::StateAdmin,
        Some("DE"),
        None,
    )
    .await;
    assert_eq!(de.get(&revoke).await.status, 403);
    assert_eq!(de.post(&revoke, &[]).await.status, 403);
    let r = fr.post(&revoke, &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location, "/states/FR/people?done=revoked");
    let r = fr.get(&r.location).await;
    assert!(r.body.contains("The enrolment link has been revoked."));
    assert!(r.body.contains("Revoked"));
    let (_, status) = env
        .app
        .enrolment_link(poc_link.rsplit('/').next().unwrap())
        .await
        .unwrap();
    assert_eq!(status, liaison_core::account::EnrolmentStatus::Revoked);
    assert_eq!(audit(&env, "enrolment.revoke").await.len(), 1);
    // Revoked already: nothing to revoke.
    assert_eq!(fr.get(&revoke).await.status, 409);

    // Users of the state are listed with their role and bound entry.
    user(
        &env,
        "poc@cert.fr.example",
        Role::Poc,
        Some("FR"),
        Some(fr_entry),
    )
    .await;
    let r = admin.get("/states/FR/people").await;
    assert!(r.body.contains("poc@cert.fr.example"));
    assert!(r.body.contains("Point-of-contact user"));
    assert!(r.body.contains(&format!("href=\"/directory/{fr_entry}\"")));
    let r = admin.get("/admin").await;
    assert!(r.body.contains("/states/FR/people"));

    // A state outside participation: the form says why no link can be issued.
    let r = admin
        .post(
            "/states/IT/people/links",
            &[("role", "state-admin"), ("display_name", "Giulia Rossi")],
        )
        .await;
    assert_eq!(r.status, 422);
    assert!(
        r.body
            .contains("does not participate in the directory at present")
    );
}

async fn flags_are_set_and_removed(backend: Backend) {
    let env = Env::new(backend).await;
    env.admit("FR").await;
    let id = entry(&env, "FR").await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    let path = format!("/directory/{id}/flag");

    let r = admin.get(&path).await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("This entry has no flag."));
    assert!(r.body.contains("<label for=\"flag\">") && r.body.contains("<label for=\"reason\">"));

    let r = admin
        .post(
            &path,
            &[
                ("flag", "unreachable"),
                ("reason", "No answer to the ping of 3 March"),
            ],
        )
        .await;
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.location, format!("{path}?done=set"));
    let r = admin.get(&r.location).await;
    assert!(r.body.contains("The flag has been set."));
    assert!(r.body.contains("No answer to the ping of 3 March"));
    assert!(r.body.contains("user:admin@unoda.example"));
    let e = env.app.get_poc(&operator("t"), id).unwrap();
    assert!(e.has_flag(Flag::Unreachable));

    // Setting it again or an unknown flag: the form again, with the error.
    let r = admin.post(&path, &[("flag", "unreachable")]).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("This flag is already set on the entry."));
    let r = admin.post(&path, &[("flag", "<b>bogus</b>")]).await;
    assert_eq!(r.status, 422);
    assert!(!r.body.contains("<b>bogus"));

    // A state administrator does not flag entries, not even its own state's.
    let fr = sign_in(
        &env,
        "fr-admin@diplomatie.example",
        Role::StateAdmin,
        Some("FR"),
        None,
    )
    .await;
    assert_eq!(fr.get(&path).await.status, 403);
    assert_eq!(fr.post(&path, &[("flag", "unverified")]).await.status, 403);

    let r = admin
        .post(&format!("{path}/remove"), &[("flag", "unreachable")])
        .await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location, format!("{path}?done=removed"));
    let e = env.app.get_poc(&operator("t"), id).unwrap();
    assert!(e.flags.is_empty());
    assert_eq!(audit(&env, "poc.flag").await.len(), 1);
    assert_eq!(audit(&env, "poc.unflag").await.len(), 1);
    let r = admin
        .post(&format!("{path}/remove"), &[("flag", "unreachable")])
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(
        admin
            .get(&format!("/directory/{}/flag", Uuid::new_v4()))
            .await
            .status,
        404
    );
}

/// Who is refused what: a POC user and a state administrator have no dashboard; nobody signed
/// out sees anything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_without_administration_are_refused() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("FR").await;
    let id = entry(&env, "FR").await;
    let poc = sign_in(&env, "poc@cert.fr.example", Role::Poc, Some("FR"), Some(id)).await;
    for path in [
        "/admin".to_owned(),
        "/admin/audit".to_owned(),
        "/admin/states/DE/admit".to_owned(),
        "/states/FR/people".to_owned(),
        format!("/directory/{id}/flag"),
    ] {
        let r = poc.get(&path).await;
        assert_eq!(r.status, 403, "{path}");
        assert!(r.body.contains("Not permitted"), "{path}");
    }
    assert_eq!(poc.post("/admin/states/DE/admit", &[]).await.status, 403);
    let fr = sign_in(
        &env,
        "fr-admin@diplomatie.example",
        Role::StateAdmin,
        Some("FR"),
        None,
    )
    .await;
    assert_eq!(fr.get("/admin").await.status, 403);
    assert_eq!(fr.post("/admin/states/FR/suspend", &[]).await.status, 403);

    let anonymous = request(&env, "GET", "/admin", "", None).await;
    assert_eq!(anonymous.status, 303);
    assert_eq!(anonymous.location, "/sign-in?next=/admin");
    let anonymous = request(&env, "GET", "/states/FR/people", "", None).await;
    assert_eq!(anonymous.status, 303);
}

/// Every state-changing form needs this session's token: missing, wrong, or another session's
/// token is refused and changes nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn posts_without_the_csrf_token_are_refused() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("FR").await;
    let id = entry(&env, "FR").await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    let other = sign_in(&env, "other@unoda.example", Role::Admin, None, None).await;
    let other_token = csrf_of(&other.get("/").await.body);
    let flag = format!("/directory/{id}/flag");
    let issue = [("role", "state-admin"), ("display_name", "Camille Martin")];
    for (path, fields) in [
        ("/admin/states/DE/admit", &[][..]),
        ("/admin/states/FR/suspend", &[][..]),
        ("/states/FR/people/links", &issue[..]),
        (flag.as_str(), &[("flag", "unverified")][..]),
    ] {
        for token in ["", "0000", other_token.as_str()] {
            let r = admin.post_with_csrf(path, token, fields).await;
            assert_eq!(r.status, 403, "{path} with {token:?}");
            assert!(r.body.contains("The form has expired"), "{path}");
        }
        // No field at all.
        let mut no_csrf = String::new();
        for (k, v) in fields {
            no_csrf.push_str(&format!("{k}={}&", encode(v)));
        }
        let r = request(&env, "POST", path, &admin.cookie, Some(no_csrf)).await;
        assert_eq!(r.status, 403, "{path}");
    }
    assert_eq!(
        env.app
            .state(&operator("t"), state("DE"))
            .unwrap()
            .participation,
        Participation::NotParticipating
    );
    assert!(audit(&env, "enrolment.issue").await.is_empty());
    assert!(audit(&env, "poc.flag").await.is_empty());
}

/// Hostile names: a bidi override and 10 000 characters are refused with a message next to
/// the field; markup is kept as text and escaped wherever it is shown.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_names_are_refused_or_escaped() {
    let env = Env::new(Backend::Sqlite).await;
    env.admit("FR").await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    let issue = |name: String| {
        let admin = &admin;
        async move {
            admin
                .post(
                    "/states/FR/people/links",
                    &[("role", "state-admin"), ("display_name", &name)],
                )
                .await
        }
    };
    let r = issue("Camille\u{202E}nitraM".into()).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("character that is not allowed"));
    assert!(
        r.body
            .contains("aria-describedby=\"display_name-hint display_name-error\"")
    );
    let r = issue("A".repeat(10_000)).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("at most 200 characters"));
    let r = issue("   ".into()).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Please fill in this field."));
    assert!(audit(&env, "enrolment.issue").await.is_empty());

    let script = "<script>alert(1)</script> \"quoted\" & co";
    // As askama escapes text: markup characters as numeric references.
    const ESCAPED: &str = "&#60;script&#62;alert(1)&#60;/script&#62; &#34;quoted&#34; &#38; co";
    let r = issue(script.into()).await;
    assert_eq!(r.status, 200);
    assert!(!r.body.contains("<script>alert"));
    assert!(r.body.contains(ESCAPED));
    let r = admin.get("/states/FR/people").await;
    assert!(!r.body.contains("<script>alert"));
    assert!(r.body.contains(ESCAPED));
    // And in the audit log's details.
    let r = admin.get("/admin/audit?action=enrolment.issue").await;
    assert!(!r.body.contains("<script>alert"));
    assert!(r.body.contains(ESCAPED));

    // A bidi override or markup in a reason is refused / escaped too.
    let r = admin
        .post("/admin/states/DE/admit", &[("reason", "ok\u{202E}")])
        .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("aria-invalid=\"true\""));
    assert_eq!(
        env.app
            .state(&operator("t"), state("DE"))
            .unwrap()
            .participation,
        Participation::NotParticipating
    );
}

/// The audit log page: filters by state, action, subject and actor; newest first; older pages
/// through `before`; a state administrator reads its own state's records only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_page_filters_and_pages() {
    let env = Env::new(Backend::Sqlite).await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    for code in ["FR", "DE"] {
        admin
            .post(
                &format!("/admin/states/{code}/admit"),
                &[("reason", "joined")],
            )
            .await;
    }
    let id = entry(&env, "FR").await;
    admin
        .post(&format!("/directory/{id}/flag"), &[("flag", "unverified")])
        .await;

    let r = admin.get("/admin/audit?action=state.admitted").await;
    assert_eq!(r.status, 200);
    let fr_at = r.body.find("France (FR)").unwrap();
    let de_at = r.body.find("Germany (DE)").unwrap();
    assert!(de_at < fr_at, "newest first");
    assert!(r.body.contains("State admitted"));
    assert!(r.body.contains("<code>state.admitted</code>"));
    let r = admin.get("/admin/audit").await;
    assert_eq!(r.status, 200);
    // An entry's records link to the entry; a state's to the state.
    assert!(r.body.contains(&format!("href=\"/directory/{id}\"")));
    assert!(r.body.contains("href=\"/states/FR\""));
    for label in ["State", "Action", "Subject", "Actor"] {
        assert!(r.body.contains(&format!(">{label}")), "{label}");
    }

    let r = admin.get("/admin/audit?state=DE").await;
    assert!(r.body.contains("Germany (DE)") && !r.body.contains("France (FR)"));
    let r = admin.get("/admin/audit?action=poc.flag").await;
    assert!(r.body.contains("Flag set") && !r.body.contains("State admitted"));
    let r = admin.get(&format!("/admin/audit?subject={id}")).await;
    assert!(r.body.contains("<code>poc.flag</code>") && r.body.contains("<code>poc.create</code>"));
    assert!(!r.body.contains("<code>state.admitted</code>"));
    let r = admin
        .get("/admin/audit?actor=user%3Aadmin%40unoda.example")
        .await;
    assert!(r.body.contains("<code>state.admitted</code>"));
    assert!(!r.body.contains("<code>poc.create</code>"));
    let r = admin.get("/admin/audit?state=ZZ").await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("Choose one of the States offered."));

    // Paging backwards: 60 more records, 50 a page.
    let events: Vec<AuditEvent> = (0..60)
        .map(|i| AuditEvent {
            actor: "operator:test".into(),
            action: "test.event".into(),
            state: Some("FR".into()),
            subject: Some(format!("n{i}")),
            detail: json!({"n": i}),
        })
        .collect();
    env.store
        .apply(vec![], events, env.clock.now())
        .await
        .unwrap();
    let r = admin.get("/admin/audit?action=test.event").await;
    assert_eq!(r.body.matches("<code>test.event</code>").count(), 50);
    assert!(r.body.contains(">n59<") && !r.body.contains(">n9<"));
    let at = r.body.find("rel=\"next\"").expect("an older link");
    let href_at = r.body[..at].rfind("href=\"").unwrap() + 6;
    let older = r.body[href_at..at]
        .trim_end_matches("\" ")
        .replace("&#38;", "&");
    assert!(
        older.starts_with("/admin/audit?action=test.event&before="),
        "{older}"
    );
    let r = admin.get(&older).await;
    assert_eq!(r.body.matches("<code>test.event</code>").count(), 10);
    assert!(r.body.contains(">n9<") && r.body.contains(">n0<"));
    assert!(!r.body.contains("rel=\"next\""));
    assert!(r.body.contains("Newest records"));

    // A state administrator: its own state only.
    let de = sign_in(
        &env,
        "de-admin@auswaertiges-amt.example",
        Role::StateAdmin,
        Some("DE"),
        None,
    )
    .await;
    let r = de.get("/admin/audit").await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("Germany (DE)") && !r.body.contains("France (FR)"));
    assert!(!r.body.contains("name=\"state\""));
    assert_eq!(de.get("/admin/audit?state=FR").await.status, 403);
}

/// Bytes of a compressed answer.
async fn gzip_size(env: &Env, path: &str, cookie: &str) -> usize {
    let req = Request::builder()
        .uri(path)
        .header("cookie", cookie)
        .header("accept-encoding", "gzip")
        .body(Body::empty())
        .unwrap();
    let resp = env.router.clone().oneshot(req).await.unwrap();
    assert_eq!(resp.status(), 200, "{path}");
    assert_eq!(resp.headers()["content-encoding"], "gzip", "{path}");
    axum::body::to_bytes(resp.into_body(), 16 << 20)
        .await
        .unwrap()
        .len()
}

/// The heaviest administration pages (all 195 states; a full page of the audit log) stay
/// within the 50 KB budget, compressed with the stylesheet, in every language.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administration_pages_stay_within_the_weight_budget() {
    let env = Env::new(Backend::Sqlite).await;
    let admin = sign_in(&env, "admin@unoda.example", Role::Admin, None, None).await;
    let events: Vec<AuditEvent> = (0..60)
        .map(|i| AuditEvent {
            actor: "user:someone@mission.example".into(),
            action: "enrolment.issue".into(),
            state: Some("FR".into()),
            subject: Some(Uuid::new_v4().to_string()),
            detail: json!({"role": "state-admin", "display_name": format!("Person {i}"),
                           "expires_at": "2030-01-01T00:00:00Z", "poc": null}),
        })
        .collect();
    env.store
        .apply(vec![], events, env.clock.now())
        .await
        .unwrap();
    let css = gzip_size(&env, "/static/site.css", "").await;
    for lang in ["ar", "zh", "en", "fr", "ru", "es"] {
        for page in ["/admin", "/admin/audit", "/states/FR/people"] {
            let path = format!("{page}?lang={lang}");
            let html = gzip_size(&env, &path, &admin.cookie).await;
            eprintln!("{path}: {html} bytes gzip + {css} bytes CSS");
            assert!(html + css < 50 * 1024, "{path}: {html} + {css}");
        }
    }
}

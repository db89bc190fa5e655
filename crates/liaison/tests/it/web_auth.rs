//! Enrolment, sign-in, second factors and sessions through the in-process router, as a
//! browser would use them (cookies kept in a jar, CSRF tokens read from the pages, TOTP codes
//! computed with totp-rs): single-use and expiring links, the password policy, TOTP replay,
//! recovery codes, throttling and lockout, idle and absolute timeouts, signing out (here and
//! everywhere), CSRF, cookie attributes, and the administrator's link made on the host.

use crate::on_both_backends;
use crate::support::*;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use jiff::SignedDuration;
use liaison_app::auth::EnrolmentInput;
use liaison_core::Clock;
use liaison_core::permission::{Principal, Role, Standing};
use liaison_store::{AuditQuery, Ceremony, Store};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use tower::ServiceExt;

on_both_backends!(
    enrolment_with_totp_then_sign_in,
    links_expire_and_are_withdrawn,
    failed_sign_ins_are_throttled_then_locked,
    sessions_time_out_and_sign_out_everywhere,
    webauthn_ceremony_state_round_trips,
    passkey_ceremonies_through_the_router
);

const PASSWORD: &str = "a long enough passphrase";

struct Page {
    status: StatusCode,
    location: String,
    set_cookies: Vec<String>,
    body: String,
}

/// A browser: a cookie jar, the router, and an address of its own (as the server's
/// connect info gives it).
struct Browser<'a> {
    env: &'a Env,
    jar: BTreeMap<String, String>,
    addr: SocketAddr,
}

static NEXT_ADDR: AtomicU8 = AtomicU8::new(1);

/// The value of the first `<input … name="NAME" value="…">` of a page.
fn input(body: &str, name: &str) -> String {
    let pat = format!("name=\"{name}\" value=\"");
    let at = body
        .find(&pat)
        .unwrap_or_else(|| panic!("no {name} in {body}"))
        + pat.len();
    body[at..at + body[at..].find('"').unwrap()].to_owned()
}

/// The text of the element with id `id`.
fn by_id(body: &str, id: &str) -> String {
    let pat = format!("id=\"{id}\"");
    let at = body.find(&pat).unwrap_or_else(|| panic!("no #{id}"));
    let start = at + body[at..].find('>').unwrap() + 1;
    body[start..start + body[start..].find("</").unwrap()].to_owned()
}

fn recovery_codes(body: &str) -> Vec<String> {
    let at = body.find("id=\"recovery-codes\"").expect("#recovery-codes");
    let end = at + body[at..].find("</ol>").unwrap();
    body[at..end]
        .split("<code>")
        .skip(1)
        .map(|c| c[..c.find("</code>").unwrap()].to_owned())
        .collect()
}

fn totp_at(secret: &str, env: &Env) -> String {
    let t = totp_rs::Builder::new()
        .with_secret(totp_rs::Secret::try_from_base32(secret).unwrap())
        .build()
        .unwrap();
    t.generate(env.clock.now().as_second() as u64).to_string()
}

impl<'a> Browser<'a> {
    fn new(env: &'a Env) -> Self {
        let n = NEXT_ADDR.fetch_add(1, Ordering::SeqCst);
        Browser {
            env,
            jar: BTreeMap::new(),
            addr: SocketAddr::from(([192, 0, 2, n], 40000)),
        }
    }

    fn session(&self) -> Option<&String> {
        self.jar.get("__Host-lsn_session")
    }

    async fn send(&mut self, method: &str, path: &str, body: Option<String>) -> Page {
        let mut req = Request::builder()
            .method(method)
            .uri(path)
            .header("accept-language", "en");
        if !self.jar.is_empty() {
            let c: Vec<String> = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req = req.header("cookie", c.join("; "));
        }
        if body.is_some() {
            req = req.header("content-type", "application/x-www-form-urlencoded");
        }
        let mut req = req
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(self.addr));
        let resp = self.env.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let location = resp
            .headers()
            .get("location")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let set_cookies: Vec<String> = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for c in &set_cookies {
            let (kv, attrs) = c.split_once(';').unwrap_or((c, ""));
            let (k, v) = kv.split_once('=').unwrap();
            if attrs.contains("Max-Age=0") {
                self.jar.remove(k);
            } else {
                self.jar.insert(k.to_owned(), v.to_owned());
            }
        }
        let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
            .await
            .unwrap();
        Page {
            status,
            location,
            set_cookies,
            body: String::from_utf8(bytes.to_vec())
                .unwrap()
                .replace(['\u{2068}', '\u{2069}'], ""),
        }
    }

    async fn json(
        &mut self,
        path: &str,
        body: serde_json::Value,
    ) -> (StatusCode, serde_json::Value) {
        let mut req = Request::builder()
            .method("POST")
            .uri(path)
            .header("accept-language", "en")
            .header("content-type", "application/json");
        let c: Vec<String> = self.jar.iter().map(|(k, v)| format!("{k}={v}")).collect();
        req = req.header("cookie", c.join("; "));
        let mut req = req.body(Body::from(body.to_string())).unwrap();
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(self.addr));
        let resp = self.env.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let bytes = axum::body::to_bytes(resp.into_body(), 1 << 20)
            .await
            .unwrap();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
        )
    }

    async fn get(&mut self, path: &str) -> Page {
        self.send("GET", path, None).await
    }

    /// Posts a form with the CSRF token of `from` (a page this browser just loaded).
    async fn post(&mut self, path: &str, from: &Page, fields: &[(&str, &str)]) -> Page {
        let csrf = input(&from.body, "csrf");
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        let body = all
            .iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send("POST", path, Some(body)).await
    }

    /// Password, then code: the answer of the second step.
    async fn sign_in(&mut self, login: &str, password: &str, code: &str) -> Page {
        let form = self.get("/sign-in?next=/account").await;
        assert_eq!(form.status, 200);
        let step = self
            .post(
                "/sign-in",
                &form,
                &[
                    ("login", login),
                    ("password", password),
                    ("next", "/account"),
                ],
            )
            .await;
        if step.status != 200 {
            return step;
        }
        let pending = input(&step.body, "pending");
        self.post(
            "/sign-in/code",
            &step,
            &[("pending", &pending), ("code", code), ("next", "/account")],
        )
        .await
    }
}

fn admin() -> Principal {
    Principal {
        actor: "user:admin@unoda.example".into(),
        role: Role::Admin,
        state: None,
        poc: None,
        standing: Standing::Participating,
    }
}

async fn link_for(env: &Env, name: &str) -> String {
    env.admit("FR").await;
    let issued = env
        .app
        .issue_enrolment(&admin(), Role::StateAdmin, state("FR"), None, name, None)
        .await
        .unwrap();
    issued.secret
}

/// An account made through the use case (for the tests that start signed up): returns its
/// TOTP secret and recovery codes.
async fn enrolled(env: &Env, login: &str) -> (String, Vec<String>) {
    let secret = link_for(env, "Camille Martin").await;
    let totp = liaison_app::auth::new_totp_secret();
    let code = totp_at(&totp, env);
    let done = env
        .app
        .complete_enrolment(
            &secret,
            EnrolmentInput {
                login,
                password: PASSWORD,
                password_confirm: PASSWORD,
                totp_secret: &totp,
                code: &code,
                email: "camille.martin@diplomatie.fr.example",
                language: liaison_core::EntryLanguage::Fr,
            },
        )
        .await
        .unwrap_or_else(|_| panic!("enrolment"));
    // The code used at enrolment is spent: move to the next step.
    env.clock.advance(SignedDuration::from_secs(30));
    (totp, done.recovery_codes)
}

async fn audit_count(env: &Env, action: &str) -> usize {
    env.store
        .audit(&AuditQuery {
            action: Some(action.into()),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .unwrap()
        .len()
}

async fn enrolment_with_totp_then_sign_in(backend: Backend) {
    let env = Env::new(backend).await;
    let secret = link_for(&env, "Camille Martin").await;
    let mut b = Browser::new(&env);
    let path = format!("/enrol/{secret}");

    let form = b.get(&path).await;
    assert_eq!(form.status, 200);
    assert!(
        form.body
            .contains("This link is for Camille Martin, as State administrator for France."),
        "{}",
        form.body
    );
    let totp = by_id(&form.body, "totp-secret");
    assert_eq!(totp.len(), 32);
    assert!(form.body.contains("otpauth://totp/Liaison:"));
    // Every control has a visible label.
    for name in [
        "login",
        "password",
        "password_confirm",
        "email",
        "language",
        "code",
    ] {
        assert!(
            form.body.contains(&format!("<label for=\"f-{name}\">")),
            "{name}"
        );
    }

    // A short password: refused with the rule, the login kept, the password not.
    let code = totp_at(&totp, &env);
    let short = b
        .post(
            &path,
            &form,
            &[
                ("login", "Camille.Martin@Diplomatie.example"),
                ("password", "too short"),
                ("password_confirm", "too short"),
                ("totp_secret", &totp),
                ("code", &code),
            ],
        )
        .await;
    assert_eq!(short.status, 422);
    assert!(
        short
            .body
            .contains("The password must have at least 12 characters.")
    );
    assert!(
        short
            .body
            .contains("value=\"Camille.Martin@Diplomatie.example\"")
    );
    assert!(!short.body.contains("too short"));
    assert!(short.body.contains("aria-invalid=\"true\""));
    // The same key is offered again, so the app set up already keeps working.
    assert_eq!(by_id(&short.body, "totp-secret"), totp);

    // A wrong code is refused too.
    let wrong = b
        .post(
            &path,
            &short,
            &[
                ("login", "camille"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("totp_secret", &totp),
                ("code", "000000"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    assert!(wrong.body.contains("This code is not right."));

    // A state administrator must give an address Liaison can write to.
    let no_email = b
        .post(
            &path,
            &wrong,
            &[
                ("login", "Camille.Martin@Diplomatie.example"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("totp_secret", &totp),
                ("code", &code),
                ("email", "not an address"),
            ],
        )
        .await;
    assert_eq!(no_email.status, 422);
    assert!(no_email.body.contains("Enter a valid e-mail address."));
    let done = b
        .post(
            &path,
            &no_email,
            &[
                ("login", "Camille.Martin@Diplomatie.example"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("totp_secret", &totp),
                ("code", &code),
                ("email", "camille.martin@diplomatie.fr.example"),
                ("language", "fr"),
            ],
        )
        .await;
    assert_eq!(done.status, 200, "{}", done.body);
    let codes = recovery_codes(&done.body);
    assert_eq!(codes.len(), 10);
    let cookie = done
        .set_cookies
        .iter()
        .find(|c| c.starts_with("__Host-lsn_session="))
        .expect("a session cookie");
    for attr in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attr), "{cookie}");
    }
    assert!(!cookie.contains("Max-Age"), "{cookie}");
    assert_eq!(audit_count(&env, "account.enrol").await, 1);
    let user = env
        .store
        .user_by_login("camille.martin@diplomatie.example")
        .await
        .unwrap()
        .unwrap();
    assert!(
        user.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$")
    );
    assert_eq!(user.state, Some(state("FR")));
    assert_eq!(
        user.email.as_ref().map(|e| e.as_str()),
        Some("camille.martin@diplomatie.fr.example")
    );
    assert_eq!(user.language, liaison_core::EntryLanguage::Fr);

    // Signed in: the account page.
    let account = b.get("/account").await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Recovery codes left: 10"));

    // The link is spent.
    let again = b.get(&path).await;
    assert_eq!(again.status, 410);
    assert!(
        again
            .body
            .contains("This enrolment link has already been used")
    );

    // Signing out needs the form's token; then the session is gone.
    let no_csrf = b.send("POST", "/sign-out", Some(String::new())).await;
    assert_eq!(no_csrf.status, 403);
    let out = b.post("/sign-out", &account, &[]).await;
    assert_eq!(out.status, 303);
    assert!(b.session().is_none());
    assert_eq!(b.get("/account").await.status, 303);

    // Sign in with the code of the enrolment step: a replay, refused.
    let replay = b
        .sign_in("camille.martin@diplomatie.example", PASSWORD, &code)
        .await;
    assert_eq!(replay.status, 422);
    assert!(
        replay
            .body
            .contains("The code is not right, or it has already been used.")
    );

    // Next step: accepted; the session is new, and lands on `next`.
    env.clock.advance(SignedDuration::from_secs(30));
    let code2 = totp_at(&totp, &env);
    let ok = b
        .sign_in("Camille.Martin@Diplomatie.example", PASSWORD, &code2)
        .await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    assert_eq!(ok.location, "/account");
    let first = b.session().cloned().unwrap();
    assert_eq!(b.get("/account").await.status, 200);

    // The same code again, in another sign-in: refused.
    let mut other = Browser::new(&env);
    let replay2 = other
        .sign_in("camille.martin@diplomatie.example", PASSWORD, &code2)
        .await;
    assert_eq!(replay2.status, 422);

    // A recovery code works once, and rotates the session of this browser.
    let rec = b
        .sign_in("camille.martin@diplomatie.example", PASSWORD, &codes[3])
        .await;
    assert_eq!(rec.status, 303);
    let second = b.session().cloned().unwrap();
    assert_ne!(first, second);
    let mut old = Browser::new(&env);
    old.jar.insert("__Host-lsn_session".into(), first);
    assert_eq!(old.get("/account").await.status, 303, "old session revoked");
    let rec_again = other
        .sign_in("camille.martin@diplomatie.example", PASSWORD, &codes[3])
        .await;
    assert_eq!(rec_again.status, 422);
    let account = b.get("/account").await;
    assert!(account.body.contains("Recovery codes left: 9"));

    // New recovery codes replace the old ones.
    let fresh = b.post("/account/recovery-codes", &account, &[]).await;
    assert_eq!(fresh.status, 200);
    let new_codes = recovery_codes(&fresh.body);
    assert_eq!(new_codes.len(), 10);
    let stale = other
        .sign_in("camille.martin@diplomatie.example", PASSWORD, &codes[4])
        .await;
    assert_eq!(stale.status, 422);

    // Changing the authenticator app: a wrong code keeps the old one.
    let account = b.get("/account").await;
    let new_totp = by_id(&account.body, "totp-secret");
    assert_ne!(new_totp, totp);
    let bad = b
        .post(
            "/account/totp",
            &account,
            &[("totp_secret", &new_totp), ("code", "123456")],
        )
        .await;
    assert_eq!(bad.status, 422);
    assert_eq!(by_id(&bad.body, "totp-secret"), new_totp);
    env.clock.advance(SignedDuration::from_secs(30));
    let changed = b
        .post(
            "/account/totp",
            &bad,
            &[
                ("totp_secret", &new_totp),
                ("code", &totp_at(&new_totp, &env)),
            ],
        )
        .await;
    assert_eq!(changed.status, 303);
    assert_eq!(audit_count(&env, "account.totp_change").await, 1);
    env.clock.advance(SignedDuration::from_secs(30));
    let old_app = other
        .sign_in(
            "camille.martin@diplomatie.example",
            PASSWORD,
            &totp_at(&totp, &env),
        )
        .await;
    assert_eq!(old_app.status, 422);
    // (past the pause the failures above call for)
    env.clock.advance(SignedDuration::from_secs(30));
    let new_app = other
        .sign_in(
            "camille.martin@diplomatie.example",
            PASSWORD,
            &totp_at(&new_totp, &env),
        )
        .await;
    assert_eq!(new_app.status, 303);

    // The administrator's link, made on the host, makes an administrator.
    let admin_link = env
        .app
        .issue_admin_enrolment("operator:test", "Ada Admin", None)
        .await
        .unwrap();
    let mut a = Browser::new(&env);
    let apath = format!("/enrol/{}", admin_link.secret);
    let form = a.get(&apath).await;
    assert!(
        form.body
            .contains("This link is for Ada Admin, as directory administrator.")
    );
    let atotp = by_id(&form.body, "totp-secret");
    let done = a
        .post(
            &apath,
            &form,
            &[
                ("login", "ada@unoda.example"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("totp_secret", &atotp),
                ("code", &totp_at(&atotp, &env)),
            ],
        )
        .await;
    assert_eq!(done.status, 200);
    assert!(done.body.contains("href=\"/admin\""));
    assert_eq!(a.get("/admin").await.status, 200);
}

async fn links_expire_and_are_withdrawn(backend: Backend) {
    let env = Env::new(backend).await;
    let mut b = Browser::new(&env);
    let expiring = link_for(&env, "Expiring Link").await;
    let revoked = env
        .app
        .issue_enrolment(
            &admin(),
            Role::StateAdmin,
            state("FR"),
            None,
            "Withdrawn",
            None,
        )
        .await
        .unwrap();
    env.app
        .revoke_enrolment(&admin(), &revoked.link)
        .await
        .unwrap();
    let r = b.get(&format!("/enrol/{}", revoked.secret)).await;
    assert_eq!(r.status, 410);
    assert!(r.body.contains("This enrolment link has been withdrawn"));

    let form = b.get(&format!("/enrol/{expiring}")).await;
    assert_eq!(form.status, 200);
    env.clock.advance(SignedDuration::from_hours(7 * 24));
    let r = b.get(&format!("/enrol/{expiring}")).await;
    assert_eq!(r.status, 410);
    assert!(r.body.contains("This enrolment link has expired"));
    // Posting the form opened before expiry does not create the account.
    let totp = by_id(&form.body, "totp-secret");
    let late = b
        .post(
            &format!("/enrol/{expiring}"),
            &form,
            &[
                ("login", "late"),
                ("password", PASSWORD),
                ("password_confirm", PASSWORD),
                ("totp_secret", &totp),
                ("code", &totp_at(&totp, &env)),
            ],
        )
        .await;
    assert_eq!(late.status, 410);
    assert!(env.store.user_by_login("late").await.unwrap().is_none());

    let unknown = b.get("/enrol/lsn_enrol_nothing-here").await;
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("This enrolment link is not valid"));

    // In French too.
    let fr = b.get(&format!("/enrol/{expiring}?lang=fr")).await;
    assert!(fr.body.contains("Ce lien d’inscription a expiré"));

    // Without a CSRF token, nothing is tried.
    let forged = b
        .send(
            "POST",
            "/sign-in",
            Some(format!("login=x&password={}", encode(PASSWORD))),
        )
        .await;
    assert_eq!(forged.status, 403);
}

async fn failed_sign_ins_are_throttled_then_locked(backend: Backend) {
    let env = Env::new(backend).await;
    let (totp, _) = enrolled(&env, "camille").await;
    let mut b = Browser::new(&env);
    let mut u = Browser::new(&env);

    // A wrong password and an unknown account get the same answer.
    let wrong = b.sign_in("camille", "not the password!", "").await;
    let unknown = u.sign_in("nobody-here", "not the password!", "").await;
    assert_eq!(wrong.status, 422);
    assert_eq!(unknown.status, 422);
    let alert = |p: &Page| by_id(&p.body.replace("role=\"alert\"", "id=\"alert\""), "alert");
    assert_eq!(alert(&wrong), alert(&unknown));
    assert!(alert(&wrong).contains("The login or password is not right"));
    // The login is kept, the password is not.
    assert!(wrong.body.contains("value=\"camille\""));
    assert!(!wrong.body.contains("not the password!"));

    // Three failures are free; then a try within the pause is refused unchecked.
    for _ in 0..2 {
        assert_eq!(
            b.sign_in("camille", "not the password!", "").await.status,
            422
        );
    }
    let too_soon = b.sign_in("camille", PASSWORD, "").await;
    assert_eq!(too_soon.status, 429);
    assert!(
        too_soon
            .body
            .contains("Too many failed attempts. Please try again later.")
    );
    // Failures 4 to 10, each after its pause: the tenth locks the account (audited).
    for _ in 3..10 {
        env.clock.advance(SignedDuration::from_secs(65));
        assert_eq!(
            b.sign_in("camille", "not the password!", "").await.status,
            422
        );
    }
    assert_eq!(audit_count(&env, "account.lockout").await, 1);
    env.clock.advance(SignedDuration::from_mins(14));
    // Locked for 15 minutes, from any address, even with the right password…
    let mut c = Browser::new(&env);
    let locked = c.sign_in("camille", PASSWORD, "").await;
    assert_eq!(locked.status, 429);
    // …and the address that made the failures is refused for any account, known or not.
    assert_eq!(b.sign_in("nobody-here", PASSWORD, "").await.status, 429);

    env.clock.advance(SignedDuration::from_mins(2));
    let ok = c.sign_in("camille", PASSWORD, &totp_at(&totp, &env)).await;
    assert_eq!(ok.status, 303, "{}", ok.body);
    // Success clears the account's count.
    assert!(
        env.store
            .sign_in_failures("account:camille")
            .await
            .unwrap()
            .is_none()
    );
}

async fn sessions_time_out_and_sign_out_everywhere(backend: Backend) {
    let env = Env::new(backend).await;
    let (totp, _) = enrolled(&env, "camille").await;
    let mut b = Browser::new(&env);
    assert_eq!(
        b.sign_in("camille", PASSWORD, &totp_at(&totp, &env))
            .await
            .status,
        303
    );

    // Idle for 31 minutes: signed out.
    assert_eq!(b.get("/account").await.status, 200);
    env.clock.advance(SignedDuration::from_mins(31));
    let r = b.get("/account").await;
    assert_eq!(r.status, 303);
    assert_eq!(r.location, "/sign-in?next=/account");

    // Busy all day: still ends 12 hours after sign-in.
    env.clock.advance(SignedDuration::from_secs(30));
    assert_eq!(
        b.sign_in("camille", PASSWORD, &totp_at(&totp, &env))
            .await
            .status,
        303
    );
    for _ in 0..(12 * 3 - 1) {
        env.clock.advance(SignedDuration::from_mins(20));
        assert_eq!(b.get("/account").await.status, 200);
    }
    env.clock.advance(SignedDuration::from_mins(20));
    assert_eq!(b.get("/account").await.status, 303);

    // Two browsers; signing out everywhere from one ends both.
    env.clock.advance(SignedDuration::from_secs(30));
    assert_eq!(
        b.sign_in("camille", PASSWORD, &totp_at(&totp, &env))
            .await
            .status,
        303
    );
    let mut c = Browser::new(&env);
    env.clock.advance(SignedDuration::from_secs(30));
    assert_eq!(
        c.sign_in("camille", PASSWORD, &totp_at(&totp, &env))
            .await
            .status,
        303
    );
    assert_eq!(c.get("/account").await.status, 200);
    let account = b.get("/account").await;
    let no_csrf = b
        .send("POST", "/account/sign-out-everywhere", Some(String::new()))
        .await;
    assert_eq!(no_csrf.status, 403);
    let r = b.post("/account/sign-out-everywhere", &account, &[]).await;
    assert_eq!(r.status, 303);
    assert_eq!(b.get("/account").await.status, 303);
    assert_eq!(c.get("/account").await.status, 303);
    assert_eq!(audit_count(&env, "account.sign_out_everywhere").await, 1);
}

/// WebAuthn ceremony state goes through the database and is answered once (the full
/// ceremony runs in Chromium with a virtual authenticator, in the browser tests).
async fn webauthn_ceremony_state_round_trips(backend: Backend) {
    let env = Env::new(backend).await;
    let c = Ceremony {
        user: Some(uuid::Uuid::new_v4()),
        kind: "register".into(),
        state: "{\"rs\":{}}".into(),
        expires_at: env.clock.now() + SignedDuration::from_mins(5),
    };
    env.store.put_ceremony("h1", &c).await.unwrap();
    let back = env.store.take_ceremony("h1").await.unwrap().unwrap();
    assert_eq!(back.kind, "register");
    assert_eq!(back.state, c.state);
    assert_eq!(back.user, c.user);
    assert!(env.store.take_ceremony("h1").await.unwrap().is_none());
}

/// `liaison account enrol-admin` prints the link as the last line of its output.
#[test]
fn cli_prints_an_administrator_link() {
    let dir = scratch_dir("enrol-admin");
    let db = format!("sqlite:{}", dir.join("l.db").display());
    let out = std::process::Command::new(bin())
        .args([
            "account",
            "enrol-admin",
            "--database",
            &db,
            "--name",
            "Ada Admin",
            "--valid-for",
            "2d",
            "--public-url",
            "https://directory.example/",
        ])
        .env("LIAISON_LOG", "warn")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let last = stdout.trim().lines().last().unwrap();
    assert!(
        last.starts_with("https://directory.example/enrol/lsn_enrol_"),
        "{stdout}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// The passkey endpoints the script calls: options come with a ceremony kept in the database
/// (a discoverable credential asked for, the relying party is the public URL's host), a forged
/// answer is refused and spends the ceremony, the script is served, the CSP allows it; a
/// passkey is listed and removed on the account page (audited).
async fn passkey_ceremonies_through_the_router(backend: Backend) {
    let env = Env::new(backend).await;
    let (totp, _) = enrolled(&env, "camille").await;
    let mut b = Browser::new(&env);
    assert_eq!(
        b.sign_in("camille", PASSWORD, &totp_at(&totp, &env))
            .await
            .status,
        303
    );
    let account = b.get("/account").await;
    assert!(account.body.contains("id=\"passkey-register\""));
    assert!(
        account
            .body
            .contains("<script src=\"/static/webauthn.js\" defer></script>")
    );
    let csrf = input(&account.body, "csrf");

    let (status, _) = b
        .json(
            "/account/passkeys/options",
            serde_json::json!({"csrf": "wrong"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, start) = b
        .json(
            "/account/passkeys/options",
            serde_json::json!({"csrf": csrf}),
        )
        .await;
    assert_eq!(status, 200, "{start}");
    let pk = &start["options"]["publicKey"];
    assert_eq!(pk["rp"]["id"], "localhost");
    assert_eq!(pk["user"]["name"], "camille");
    assert_eq!(pk["authenticatorSelection"]["residentKey"], "required");
    assert_eq!(pk["authenticatorSelection"]["userVerification"], "required");
    assert!(pk["challenge"].as_str().unwrap().len() >= 43);
    let ceremony = start["ceremony"].as_str().unwrap().to_owned();
    let forged = serde_json::json!({
        "csrf": csrf, "ceremony": ceremony, "name": "Laptop",
        "credential": {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
            "response": {"attestationObject": "AAAA", "clientDataJSON": "AAAA"}}
    });
    let (status, answer) = b.json("/account/passkeys", forged.clone()).await;
    assert_eq!(status, 200);
    assert_eq!(answer["status"], 422);
    assert_eq!(
        answer["error"],
        "The passkey could not be used. Please try again."
    );
    // The ceremony was answered once: the same id again is stale.
    let (_, answer) = b.json("/account/passkeys", forged).await;
    assert_eq!(answer["status"], 409);

    // Sign-in options: nobody named, a modal request.
    let mut anon = Browser::new(&env);
    let page = anon.get("/sign-in").await;
    assert!(page.body.contains("id=\"passkey-sign-in\""));
    let (status, start) = anon
        .json(
            "/sign-in/passkey/options",
            serde_json::json!({"csrf": input(&page.body, "csrf")}),
        )
        .await;
    assert_eq!(status, 200);
    assert!(start["mediation"].is_null());
    assert!(
        start["options"]["publicKey"]["allowCredentials"]
            .as_array()
            .is_none_or(|a| a.is_empty())
    );

    let js = b.get("/static/webauthn.js").await;
    assert_eq!(js.status, 200);
    assert!(js.body.contains("navigator.credentials.create"));
    let resp = env
        .router
        .clone()
        .oneshot(
            Request::builder()
                .uri("/sign-in")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let csp = resp.headers()["content-security-policy"].to_str().unwrap();
    assert!(
        csp.contains("script-src 'self'") && csp.contains("connect-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));

    // A passkey on the account page (stored directly: the real ceremony runs in Chromium).
    let user = env.store.user_by_login("camille").await.unwrap().unwrap();
    let id = uuid::Uuid::new_v4();
    env.store
        .apply(
            vec![liaison_store::Change::AddPasskey(Box::new(
                liaison_core::account::StoredPasskey {
                    id,
                    user: user.id,
                    credential: "Y3JlZA".into(),
                    name: "Office laptop".into(),
                    data: "{}".into(),
                    created_at: env.clock.now(),
                    last_used_at: None,
                },
            ))],
            vec![],
            env.clock.now(),
        )
        .await
        .unwrap();
    let account = b.get("/account").await;
    assert!(account.body.contains("Office laptop"));
    assert!(
        account
            .body
            .contains("aria-label=\"Remove the passkey Office laptop\"")
    );
    let removed = b
        .post(&format!("/account/passkeys/{id}/remove"), &account, &[])
        .await;
    assert_eq!(removed.status, 303);
    assert_eq!(audit_count(&env, "account.passkey_remove").await, 1);
    assert!(env.store.passkeys_of(user.id).await.unwrap().is_empty());
}

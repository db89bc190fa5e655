//! Test harness: a fresh database per test on SQLite or PostgreSQL (the throwaway cluster that
//! `scripts/test.sh` starts and names in `LIAISON_TEST_POSTGRES_URL`), the application wired
//! as the server wires it, and a movable clock.

#![allow(dead_code)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use jiff::Timestamp;
use liaison_app::{Liaison, operator};
use liaison_core::Clock;
use liaison_core::permission::Role;
use liaison_core::states::StateCode;
use liaison_store::{SqlStore, Store};
use serde_json::Value;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Generate one test per backend for each named `async fn name(backend: Backend)`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::support::Backend::Sqlite).await
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::support::Backend::Postgres).await
                }
            }
        )*
    };
}

pub struct TestDb {
    pub url: String,
    pub backend: Backend,
    dir: Option<std::path::PathBuf>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(d) = &self.dir {
            let _ = std::fs::remove_dir_all(d);
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

pub fn scratch_dir(tag: &str) -> std::path::PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("liaison-it-{}-{tag}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

pub async fn test_db(backend: Backend) -> TestDb {
    match backend {
        Backend::Sqlite => {
            let dir = scratch_dir("db");
            TestDb {
                url: format!("sqlite:{}", dir.join("liaison.db").display()),
                backend,
                dir: Some(dir),
            }
        }
        Backend::Postgres => {
            let admin = std::env::var("LIAISON_TEST_POSTGRES_URL").unwrap_or_else(|_| {
                panic!(
                    "LIAISON_TEST_POSTGRES_URL is not set: run the suite with scripts/test.sh, which starts a throwaway PostgreSQL"
                )
            });
            sqlx::any::install_default_drivers();
            let name = format!("it_{}", Uuid::new_v4().simple());
            let pool = sqlx::AnyPool::connect(&admin).await.unwrap();
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                .execute(&pool)
                .await
                .unwrap();
            pool.close().await;
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap();
            TestDb {
                url: format!("{base}/{name}"),
                backend,
                dir: None,
            }
        }
    }
}

/// A clock the test moves by hand.
pub struct TestClock(Mutex<Timestamp>);

impl TestClock {
    pub fn new() -> Arc<Self> {
        Arc::new(TestClock(Mutex::new(Timestamp::now())))
    }
    pub fn advance(&self, d: jiff::SignedDuration) {
        let mut t = self.0.lock().unwrap();
        *t = t.checked_add(d).unwrap();
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        *self.0.lock().unwrap()
    }
}

pub struct Env {
    pub db: TestDb,
    pub store: Arc<SqlStore>,
    pub app: Arc<Liaison>,
    pub router: Router,
    pub clock: Arc<TestClock>,
}

pub fn state(code: &str) -> StateCode {
    StateCode::parse(code).unwrap()
}

impl Env {
    pub async fn new(backend: Backend) -> Env {
        let db = test_db(backend).await;
        let store = Arc::new(SqlStore::open(&db.url).await.unwrap());
        let clock = TestClock::new();
        let app = Liaison::open(store.clone() as Arc<dyn Store>, clock.clone())
            .await
            .unwrap();
        let router = liaison_web::router(app.clone());
        Env {
            db,
            store,
            app,
            router,
            clock,
        }
    }

    /// A second application instance on the same database (another replica or process).
    pub async fn replica(&self) -> Arc<Liaison> {
        let store = Arc::new(SqlStore::open(&self.db.url).await.unwrap());
        Liaison::open(store as Arc<dyn Store>, self.clock.clone())
            .await
            .unwrap()
    }

    pub async fn token(&self, role: Role, state_code: Option<&str>, poc: Option<Uuid>) -> String {
        let op = operator("test");
        self.app
            .issue_token(
                &op,
                role,
                state_code.map(state),
                poc,
                jiff::SignedDuration::from_hours(1),
                None,
            )
            .await
            .unwrap()
            .secret
    }

    pub async fn admit(&self, code: &str) {
        self.app
            .admit_state(&operator("test"), state(code), None)
            .await
            .unwrap();
    }

    /// One request through the full router (middleware included).
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&Value>,
    ) -> Resp {
        self.call_with(
            method,
            path,
            token,
            body.map(|b| b.to_string().into_bytes()),
            &[],
        )
        .await
    }

    pub async fn call_with(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = Request::builder()
            .method(Method::from_bytes(method.as_bytes()).unwrap())
            .uri(path);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req
            .header("content-type", "application/json")
            .body(body.map(Body::from).unwrap_or_else(Body::empty))
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status();
        let headers = resp.headers().clone();
        let bytes = axum::body::to_bytes(resp.into_body(), 16 << 20)
            .await
            .unwrap();
        let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Resp {
            status,
            json,
            headers,
            raw: bytes.to_vec(),
        }
    }
}

pub struct Resp {
    pub status: StatusCode,
    pub json: Value,
    pub headers: HeaderMap,
    pub raw: Vec<u8>,
}

impl Resp {
    pub fn code(&self) -> &str {
        self.json["error"]["code"].as_str().unwrap_or("")
    }
}

/// The `liaison` binary built for this test run.
pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_liaison")
}

pub fn shared(path: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(path)
}

/// A realistic entry in Arabic with an English translation.
pub fn arabic_entry(state: &str) -> Value {
    serde_json::json!({
        "state": state, "role": "technical", "kind": "person",
        "entity_name": "الفريق الوطني للاستجابة لطوارئ الحاسوب",
        "person_name": "أحمد المنصوري",
        "title": "رئيس قسم التنسيق الدولي",
        "phones": ["+20223456789", {"number": "+201001234567", "type": "emergency"}],
        "emails": ["a.mansouri@cert.eg.example"],
        "working_languages": ["ar", "en"],
        "entry_language": "ar",
        "translation_en": {"entity_name": "National Computer Emergency Response Team", "person_name": "Ahmed Al-Mansouri", "title": "Head of International Coordination"},
        "time_zone": "Africa/Cairo",
        "availability": "24/7"
    })
}

/// A child process (a `liaison serve`) that is killed when the test ends, whether it passed
/// or panicked: a server left running keeps the test runner's stderr open, and the suite's
/// log pipe — and so CI — would wait for it forever.
pub struct Spawned(pub std::process::Child);

impl Drop for Spawned {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl std::ops::Deref for Spawned {
    type Target = std::process::Child;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Spawned {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

// Form helpers of the page tests (web_*): what a browser sends and reads back.

/// Percent-encodes everything but unreserved characters (a form field's value).
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An `application/x-www-form-urlencoded` body.
pub fn form(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The value of the first hidden `csrf` input of a page.
pub fn csrf_of(body: &str) -> String {
    let at = body.find("name=\"csrf\" value=\"").expect("a csrf field") + 19;
    body[at..at + body[at..].find('"').unwrap()].to_owned()
}

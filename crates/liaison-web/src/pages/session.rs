//! Who is looking at a page, and the protections every page form shares (issue 3):
//!
//! - the session cookie (`__Host-` prefixed, `HttpOnly; Secure; SameSite=Strict`, no
//!   `Max-Age`: the server enforces the idle and absolute lifetimes);
//! - CSRF tokens: derived from the session secret when signed in, and from a random
//!   pre-session cookie before (so the sign-in and enrolment forms are protected too). A
//!   state-changing handler calls `Viewer::check_csrf` before anything else;
//! - `PageError`: every failure of a page becomes a translated HTML error page, or a redirect
//!   to the sign-in page when a session is needed.

use super::{LanguageChoice, Layout, Tr, WebOptions, choose_language, cookie, html};
use crate::AppState;
use crate::i18n::UiLanguage;
use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use liaison_app::{AppError, SignedIn};
use liaison_core::permission::{Principal, Role};
use rand::RngCore;
use sha2::{Digest, Sha256};

const SESSION_COOKIE: &str = "__Host-lsn_session";
const SESSION_COOKIE_DEV: &str = "lsn_session";
const CSRF_COOKIE: &str = "__Host-lsn_csrf";
const CSRF_COOKIE_DEV: &str = "lsn_csrf";
/// The name of the hidden field every state-changing form carries.
pub const CSRF_FIELD: &str = "csrf";

/// The `__Host-` prefix makes the browser insist on `Secure`, `Path=/` and no `Domain`, so a
/// sibling host cannot plant the cookie. Plain-http loopback development cannot use it.
pub fn session_cookie_name(options: WebOptions) -> &'static str {
    if options.secure_cookies {
        SESSION_COOKIE
    } else {
        SESSION_COOKIE_DEV
    }
}

fn csrf_cookie_name(options: WebOptions) -> &'static str {
    if options.secure_cookies {
        CSRF_COOKIE
    } else {
        CSRF_COOKIE_DEV
    }
}

fn cookie_header(
    name: &str,
    value: &str,
    max_age: Option<u32>,
    options: WebOptions,
) -> HeaderValue {
    let secure = if options.secure_cookies {
        "; Secure"
    } else {
        ""
    };
    let age = max_age
        .map(|a| format!("; Max-Age={a}"))
        .unwrap_or_default();
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; HttpOnly; SameSite=Strict{secure}{age}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// The `Set-Cookie` value that starts a session in the browser.
pub fn session_cookie(secret: &str, options: WebOptions) -> HeaderValue {
    cookie_header(session_cookie_name(options), secret, None, options)
}

/// The `Set-Cookie` value that removes the session cookie (signing out).
pub fn clear_session_cookie(options: WebOptions) -> HeaderValue {
    cookie_header(session_cookie_name(options), "", Some(0), options)
}

/// A pre-session CSRF secret minted for this request (the browser gets it as a cookie).
#[derive(Clone)]
struct FreshCsrf(String);

fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// Gives every browser without a session a random pre-session cookie, so that anonymous
/// forms (sign-in, enrolment) carry a CSRF token bound to that browser.
pub async fn ensure_csrf_cookie(
    State(s): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let h = req.headers();
    let has = cookie(h, session_cookie_name(s.options)).is_some()
        || cookie(h, csrf_cookie_name(s.options)).is_some_and(|v| v.len() == 64);
    if has {
        return next.run(req).await;
    }
    let secret = random_secret();
    req.extensions_mut().insert(FreshCsrf(secret.clone()));
    let mut resp = next.run(req).await;
    resp.headers_mut().append(
        header::SET_COOKIE,
        cookie_header(csrf_cookie_name(s.options), &secret, None, s.options),
    );
    resp
}

pub(crate) fn csrf_token_for(secret: &str) -> String {
    hex::encode(Sha256::digest(format!("liaison-csrf\0{secret}").as_bytes()))
}

/// Compares without stopping at the first difference, so timing reveals nothing of the token.
fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The person (or anonymous reader) a page is for, with their language and CSRF token.
pub struct Viewer {
    pub choice: LanguageChoice,
    pub signed_in: Option<SignedIn>,
    /// The secret of the session cookie, when signed in (for signing out).
    session_secret: Option<String>,
    csrf: String,
    /// The browser's pre-session CSRF secret (cookie, or minted for this request), whether
    /// or not it is signed in: pages a link from outside opens (a ping's) use it, because a
    /// cross-site navigation does not carry the `SameSite=Strict` session cookie but the
    /// form's same-site POST does.
    pre_session: Option<String>,
    uri: Uri,
    pub options: WebOptions,
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = PageFailure;

    async fn from_request_parts(parts: &mut Parts, s: &AppState) -> Result<Self, PageFailure> {
        let choice = choose_language(&parts.uri, &parts.headers);
        let session_secret =
            cookie(&parts.headers, session_cookie_name(s.options)).map(str::to_owned);
        let signed_in = match &session_secret {
            Some(secret) => s.app.signed_in(secret).await.map_err(|e| {
                let anon = Viewer::anonymous(choice, parts.uri.clone(), s.options);
                anon.fail(e)
            })?,
            None => None,
        };
        // Signed in: the token follows the session (rotated at every sign-in). Before:
        // the pre-session cookie, or the one minted for this very request.
        let pre_session = cookie(&parts.headers, csrf_cookie_name(s.options))
            .filter(|v| v.len() == 64)
            .map(str::to_owned)
            .or_else(|| parts.extensions.get::<FreshCsrf>().map(|f| f.0.clone()));
        let base = match (&signed_in, &session_secret) {
            (Some(_), Some(secret)) => Some(secret.clone()),
            _ => pre_session.clone(),
        };
        Ok(Viewer {
            choice,
            session_secret: signed_in.as_ref().and(session_secret),
            signed_in,
            pre_session,
            // No base at all (cookies refused): an empty token never matches.
            csrf: base.map(|b| csrf_token_for(&b)).unwrap_or_default(),
            uri: parts.uri.clone(),
            options: s.options,
        })
    }
}

impl Viewer {
    /// A viewer for pages rendered outside a handler (framework errors).
    pub fn anonymous(choice: LanguageChoice, uri: Uri, options: WebOptions) -> Viewer {
        Viewer {
            choice,
            signed_in: None,
            session_secret: None,
            csrf: String::new(),
            pre_session: None,
            uri,
            options,
        }
    }

    /// The CSRF token bound to the browser itself rather than to a session, and the
    /// `Set-Cookie` to send when the browser has no pre-session cookie yet (a signed-in
    /// browser that never had one).
    pub fn pre_session_csrf(&self) -> (String, Option<HeaderValue>) {
        match &self.pre_session {
            Some(secret) => (csrf_token_for(secret), None),
            None => {
                let secret = random_secret();
                let set =
                    cookie_header(csrf_cookie_name(self.options), &secret, None, self.options);
                (csrf_token_for(&secret), Some(set))
            }
        }
    }

    /// Refuses a state-changing request whose form does not carry the browser's pre-session
    /// token (see `pre_session_csrf`).
    pub fn check_pre_session_csrf(&self, submitted: &str) -> Result<(), PageFailure> {
        match &self.pre_session {
            Some(secret) if same_token(&csrf_token_for(secret), submitted) => Ok(()),
            _ => Err(self.fail(PageError::BadCsrf)),
        }
    }

    pub fn lang(&self) -> UiLanguage {
        self.choice.lang
    }

    /// The translator templates call as `t.msg("id")`.
    pub fn t(&self) -> Tr {
        Tr(self.choice.lang)
    }

    /// What the base layout needs: language, switcher, navigation for this person, CSRF.
    pub fn layout(&self) -> Layout {
        Layout::new(
            self.choice.lang,
            &self.uri,
            self.signed_in.as_ref(),
            &self.csrf,
        )
    }

    /// The token to put in the hidden `csrf` field of a form.
    pub fn csrf_token(&self) -> &str {
        &self.csrf
    }

    /// Refuses a state-changing request whose form does not carry this browser's token.
    pub fn check_csrf(&self, submitted: &str) -> Result<(), PageFailure> {
        if !self.csrf.is_empty() && same_token(&self.csrf, submitted) {
            Ok(())
        } else {
            Err(self.fail(PageError::BadCsrf))
        }
    }

    /// The signed-in person, or a redirect to the sign-in page that comes back here.
    pub fn require(&self) -> Result<&SignedIn, PageFailure> {
        self.signed_in
            .as_ref()
            .ok_or_else(|| self.fail(PageError::SignInRequired))
    }

    pub fn principal(&self) -> Result<&Principal, PageFailure> {
        self.require().map(|s| &s.principal)
    }

    pub fn session_secret(&self) -> Option<&str> {
        self.session_secret.as_deref()
    }

    /// This page's path and query, for coming back after signing in.
    pub fn here(&self) -> String {
        self.uri
            .path_and_query()
            .map_or_else(|| "/".to_owned(), |p| p.as_str().to_owned())
    }

    pub fn fail(&self, e: impl Into<PageError>) -> PageFailure {
        PageFailure {
            error: e.into(),
            layout: Box::new(self.layout()),
            lang: self.choice.lang,
            next: self.here(),
            options: self.options,
            choice: self.choice,
        }
    }

    /// A rendered page with the headers every page carries (language, caching, cookie).
    pub fn render(&self, page: &impl Template) -> Response {
        self.private(html(self.choice, self.options, page.render()))
    }

    /// What a signed-in person is shown (contacts, their own account, their state's threads)
    /// is kept in no cache, not even the browser's: diplomats and CERT officers use shared and
    /// borrowed machines (POC-18). Public pages only revalidate (`html`).
    fn private(&self, mut resp: Response) -> Response {
        if self.signed_in.is_some() {
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
        resp
    }

    /// `render` into a buffer of `capacity` bytes: a page around a large stored part
    /// (`fragments`) is then written once, not copied again each time the buffer grows.
    pub fn render_sized(&self, page: &impl Template, capacity: usize) -> Response {
        let mut out = String::with_capacity(capacity);
        let rendered = page.render_into(&mut out).map(|()| out);
        self.private(html(self.choice, self.options, rendered))
    }

    /// A rendered page with another status (a form shown again with its errors: 422).
    pub fn render_status(&self, status: StatusCode, page: &impl Template) -> Response {
        let mut resp = self.render(page);
        *resp.status_mut() = status;
        resp
    }
}

/// The header the thread pages' scripts send their CSRF token in when they call the thread
/// API with the session cookie (`threads_api::Caller`).
pub const CSRF_HEADER: &str = "liaison-csrf";

/// The principal of a page script calling the API with the session cookie: the cookie must
/// name a live session and the `Liaison-CSRF` header must carry that session's token, on
/// every method (a read returns ciphertext and records delivery, so it is guarded like a
/// write). `None` when the request carries no session cookie at all.
pub async fn script_principal(parts: &Parts, s: &AppState) -> Option<Result<Principal, AppError>> {
    let secret = cookie(&parts.headers, session_cookie_name(s.options))?;
    let submitted = parts
        .headers
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !same_token(&csrf_token_for(secret), submitted) {
        return Some(Err(AppError::Unauthenticated));
    }
    Some(match s.app.signed_in(secret).await {
        Ok(Some(signed_in)) => Ok(signed_in.principal),
        Ok(None) => Err(AppError::Unauthenticated),
        Err(e) => Err(e),
    })
}

/// `303 See Other` to a path of this site (after a successful form post).
pub fn see_other(location: &str) -> Response {
    // Only local paths: a `next=` parameter must not send people to another site.
    let safe =
        if location.starts_with('/') && !location.starts_with("//") && !location.contains('\\') {
            location
        } else {
            "/"
        };
    let mut resp = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(safe) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

/// Why a page could not be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageError {
    SignInRequired,
    Forbidden,
    NotFound,
    /// The form's CSRF token is missing or wrong (an old tab, or another site's form).
    BadCsrf,
    /// The entry changed since the form was opened, or the action no longer applies.
    Conflict,
    BadRequest,
    TooManyRequests,
    Internal,
    /// A thread operation the use case refused, with its status and the id of its translated
    /// reason (the API's message, `error::refusal_message`).
    Refused(StatusCode, &'static str),
}

impl From<AppError> for PageError {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Unauthenticated => PageError::SignInRequired,
            AppError::Forbidden(_) | AppError::RecipientRefused { .. } => PageError::Forbidden,
            AppError::Thread(_) => PageError::Conflict,
            AppError::NotFound => PageError::NotFound,
            AppError::Invalid(_) => PageError::BadRequest,
            AppError::StaleRevision
            | AppError::AlreadyExists
            | AppError::Retired
            | AppError::InvalidTransition(_)
            | AppError::StateNotParticipating
            | AppError::FlagAlreadySet
            | AppError::FlagNotSet
            | AppError::AlreadyAcknowledged(_)
            | AppError::PingNotIssued
            | AppError::NothingToPing => PageError::Conflict,
            AppError::PingNotValid => PageError::NotFound,
            AppError::Store(e) => {
                tracing::error!(error = %e, "storage failed while serving a page");
                PageError::Internal
            }
            AppError::Search(e) => {
                tracing::error!(error = %e, "search failed while serving a page");
                PageError::Internal
            }
        }
    }
}

impl PageError {
    pub fn status(self) -> StatusCode {
        match self {
            PageError::SignInRequired => StatusCode::SEE_OTHER,
            PageError::Forbidden | PageError::BadCsrf => StatusCode::FORBIDDEN,
            PageError::NotFound => StatusCode::NOT_FOUND,
            PageError::Conflict => StatusCode::CONFLICT,
            PageError::BadRequest => StatusCode::BAD_REQUEST,
            PageError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            PageError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            PageError::Refused(status, _) => status,
        }
    }

    /// The message ids of the page's heading and explanation.
    fn message_ids(self) -> (&'static str, &'static str) {
        match self {
            PageError::SignInRequired => ("error-sign-in-title", "error-sign-in-body"),
            PageError::Forbidden => ("error-forbidden-title", "error-forbidden-body"),
            PageError::NotFound => ("error-not-found-title", "error-not-found-body"),
            PageError::BadCsrf => ("error-csrf-title", "error-csrf-body"),
            PageError::Conflict => ("error-conflict-title", "error-conflict-body"),
            PageError::BadRequest => ("error-bad-request-title", "error-bad-request-body"),
            PageError::TooManyRequests => ("error-too-many-title", "error-too-many-body"),
            PageError::Internal => ("error-internal-title", "error-internal-body"),
            PageError::Refused(_, reason) => ("error-refused-title", reason),
        }
    }
}

/// A failed page: rendered as a translated error page, or as a redirect to sign in.
pub struct PageFailure {
    pub error: PageError,
    /// Boxed: handlers return `Result<Response, PageFailure>`, and the error side stays small.
    layout: Box<Layout>,
    lang: UiLanguage,
    next: String,
    options: WebOptions,
    choice: LanguageChoice,
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Tr,
    page: Layout,
    title: String,
    body: String,
}

impl IntoResponse for PageFailure {
    fn into_response(self) -> Response {
        if self.error == PageError::SignInRequired {
            let next: String = form_urlencoded_component(&self.next);
            return see_other(&format!("/sign-in?next={next}"));
        }
        let (title, body) = self.error.message_ids();
        let t = Tr(self.lang);
        let page = ErrorPage {
            title: t.msg(title),
            body: t.msg(body),
            t,
            page: *self.layout,
        };
        let mut resp = html(self.choice, self.options, page.render());
        *resp.status_mut() = self.error.status();
        resp
    }
}

/// Percent-encodes everything but unreserved characters (for a path inside a query value).
pub fn form_urlencoded_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The HTML page for an error the framework produced before any handler ran (an unknown
/// address, a wrong method, a body too large), in the reader's language.
pub fn framework_error_page(
    choice: LanguageChoice,
    uri: Uri,
    options: WebOptions,
    status: StatusCode,
) -> Response {
    let error = match status {
        StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => PageError::NotFound,
        StatusCode::FORBIDDEN => PageError::Forbidden,
        StatusCode::TOO_MANY_REQUESTS => PageError::TooManyRequests,
        s if s.is_server_error() => PageError::Internal,
        _ => PageError::BadRequest,
    };
    let mut resp = Viewer::anonymous(choice, uri, options)
        .fail(error)
        .into_response();
    // Keep the framework's own status (405 stays 405, 413 stays 413).
    *resp.status_mut() = status;
    resp
}

/// Whether a role sees the administration pages.
pub fn is_admin(p: &Principal) -> bool {
    p.role == Role::Admin
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_fully() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "ab"));
        assert!(!same_token("", "x"));
    }

    #[test]
    fn csrf_tokens_differ_per_secret() {
        assert_ne!(csrf_token_for("a"), csrf_token_for("b"));
        assert_eq!(csrf_token_for("a").len(), 64);
    }

    #[test]
    fn redirects_stay_on_this_site() {
        let loc = |l: &str| {
            see_other(l)
                .headers()
                .get(header::LOCATION)
                .unwrap()
                .to_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(loc("/directory?q=x"), "/directory?q=x");
        assert_eq!(loc("//evil.example/"), "/");
        assert_eq!(loc("https://evil.example/"), "/");
        assert_eq!(loc("/\\evil.example"), "/");
    }

    #[test]
    fn session_cookies_are_strict() {
        let v = session_cookie("s", WebOptions::default());
        let v = v.to_str().unwrap();
        assert!(v.starts_with("__Host-lsn_session=s;"));
        for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(v.contains(part), "{v}");
        }
        let dev = session_cookie(
            "s",
            WebOptions {
                secure_cookies: false,
            },
        );
        assert!(!dev.to_str().unwrap().contains("Secure"));
    }
}

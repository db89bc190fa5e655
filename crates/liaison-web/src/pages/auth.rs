//! Pages: completing an enrolment (`/enrol/{secret}`), signing in (`/sign-in`, then
//! `/sign-in/code`), signing out (`/sign-out`) and the account page (`/account`: the
//! authenticator app, recovery codes, passkeys, signing out everywhere), and the JSON
//! endpoints of the passkey ceremonies that `static/js/webauthn.js` calls. Rules live in
//! `liaison_app::auth`; these handlers check the CSRF token, turn the form into the use case's
//! input and the answer into a page. Without JavaScript everything but passkeys works.

use super::session::{clear_session_cookie, csrf_token_for, session_cookie};
use super::{Layout, PageError, PageFailure, Tr, Viewer, see_other};
use crate::AppState;
use crate::i18n::{self, UiLanguage};
use askama::Template;
use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use liaison_app::SignedIn;
use liaison_app::auth::{
    AuthError, AuthProblem, EnrolmentInput, new_totp_secret, totp_secret_is_valid, totp_uri,
};
use liaison_core::account::{EnrolmentStatus, PasswordProblem};
use liaison_core::permission::Role;
use serde::Deserialize;
use std::net::SocketAddr;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/enrol/{secret}", get(enrol_page).post(enrol_submit))
        .route("/sign-in", get(sign_in_page).post(sign_in_submit))
        .route("/sign-in/code", post(sign_in_code))
        .route("/sign-out", post(sign_out))
        .route("/account", get(account_page))
        .route("/account/totp", post(account_totp))
        .route("/account/contact", post(account_contact))
        .route("/account/recovery-codes", post(account_recovery_codes))
        .route(
            "/account/sign-out-everywhere",
            post(account_sign_out_everywhere),
        )
        .route("/account/passkeys/options", post(passkey_register_options))
        .route("/account/passkeys", post(passkey_register))
        .route("/account/passkeys/{id}/remove", post(passkey_remove))
        .route("/sign-in/passkey/options", post(passkey_sign_in_options))
        .route("/sign-in/passkey", post(passkey_sign_in))
        .route("/static/webauthn.js", get(webauthn_js))
}

/// The only script of the site: the WebAuthn ceremonies (`static/js/webauthn.js`).
const WEBAUTHN_JS: &str = include_str!("../../static/js/webauthn.js");

async fn webauthn_js() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=86400"),
        ],
        WEBAUTHN_JS,
    )
        .into_response()
}

/// The client's address for counting failed sign-ins: the peer of the TCP connection (the
/// server is run with connect info); in-process tests have none and share one bucket.
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string()),
        ))
    }
}

fn role_name(lang: UiLanguage, role: Role) -> String {
    let id = match role {
        Role::Admin => "auth-role-admin",
        Role::StateAdmin => "auth-role-state-admin",
        Role::Poc => "auth-role-poc",
        Role::Operator => "auth-role-operator",
    };
    i18n::tr(lang, id, &[])
}

fn problem_message(lang: UiLanguage, p: AuthProblem) -> String {
    let id = match p {
        AuthProblem::LoginInvalid => "auth-error-login-invalid",
        AuthProblem::LoginTaken => "auth-error-login-taken",
        AuthProblem::Password(PasswordProblem::TooShort) => "auth-error-password-short",
        AuthProblem::Password(PasswordProblem::TooLong) => "auth-error-password-long",
        AuthProblem::Password(PasswordProblem::ControlCharacter) => "auth-error-password-control",
        AuthProblem::PasswordMismatch => "auth-error-password-mismatch",
        AuthProblem::CodeWrong => "auth-error-code-wrong",
        AuthProblem::NameInvalid => "auth-error-name-invalid",
        AuthProblem::LastFactor => "auth-error-last-factor",
        AuthProblem::EmailInvalid => "auth-error-email-invalid",
    };
    i18n::tr(
        lang,
        id,
        &[(
            "min",
            &liaison_core::account::MIN_PASSWORD_CHARS.to_string(),
        )],
    )
}

/// The error of each field of a form, by field name.
#[derive(Default)]
struct FieldErrors(Vec<(&'static str, String)>);

impl FieldErrors {
    fn from(lang: UiLanguage, problems: &[(&'static str, AuthProblem)]) -> Self {
        FieldErrors(
            problems
                .iter()
                .map(|(f, p)| (*f, problem_message(lang, *p)))
                .collect(),
        )
    }

    fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// A form field as the templates draw it: label, value, error tied by `aria-describedby`.
struct Field {
    name: &'static str,
    label: String,
    value: String,
    error: Option<String>,
    kind: &'static str,
    autocomplete: &'static str,
    hint: Option<String>,
}

fn field(
    t: &Tr,
    errors: &FieldErrors,
    name: &'static str,
    label_id: &str,
    kind: &'static str,
    autocomplete: &'static str,
    value: &str,
) -> Field {
    Field {
        name,
        label: t.msg(label_id),
        value: value.to_owned(),
        error: errors.get(name).map(str::to_owned),
        kind,
        autocomplete,
        hint: None,
    }
}

/// Only a path of this site, else the default after signing in.
fn local_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') && next.len() < 2048
    {
        next.to_owned()
    } else {
        String::new()
    }
}

fn landing(next: &str, role: Role) -> String {
    if !next.is_empty() && !next.starts_with("/sign-in") && !next.starts_with("/enrol/") {
        next.to_owned()
    } else if role == Role::Admin {
        "/admin".to_owned()
    } else {
        "/directory".to_owned()
    }
}

/// The layout for a page answered just after a session was opened (the request itself came
/// in without one): navigation and CSRF token of the new session.
fn layout_for_new_session(viewer: &Viewer, uri: &Uri, me: &SignedIn, secret: &str) -> Layout {
    Layout::new(viewer.lang(), uri, Some(me), &csrf_token_for(secret))
}

// ---------------------------------------------------------------- enrolment

#[derive(Template)]
#[template(path = "auth_enrol.html")]
struct EnrolPage {
    t: Tr,
    page: Layout,
    heading: String,
    intro: String,
    action: String,
    has_errors: bool,
    login: Field,
    password: Field,
    password_confirm: Field,
    totp_secret: String,
    totp_uri: String,
    code: Field,
    email: Field,
    languages: Vec<LanguageOption>,
}

/// One of the six languages in a language choice.
struct LanguageOption {
    code: &'static str,
    /// The language's name in itself.
    name: String,
    selected: bool,
}

fn language_options(selected: UiLanguage) -> Vec<LanguageOption> {
    liaison_core::EntryLanguage::ALL
        .iter()
        .map(|l| LanguageOption {
            code: l.as_str(),
            name: i18n::tr(
                *l,
                match l {
                    liaison_core::EntryLanguage::Ar => "language-ar",
                    liaison_core::EntryLanguage::Zh => "language-zh",
                    liaison_core::EntryLanguage::En => "language-en",
                    liaison_core::EntryLanguage::Fr => "language-fr",
                    liaison_core::EntryLanguage::Ru => "language-ru",
                    liaison_core::EntryLanguage::Es => "language-es",
                },
                &[],
            ),
            selected: *l == selected,
        })
        .collect()
}

/// The e-mail field of the enrolment and account forms.
fn email_field(t: &Tr, errors: &FieldErrors, value: &str) -> Field {
    let mut f = field(
        t,
        errors,
        "email",
        "auth-field-email",
        "email",
        "email",
        value,
    );
    f.hint = Some(t.msg("auth-hint-email"));
    f
}

#[derive(Template)]
#[template(path = "auth_link_invalid.html")]
struct LinkInvalidPage {
    t: Tr,
    page: Layout,
    title: String,
    body: String,
}

#[derive(Template)]
#[template(path = "auth_recovery_codes.html")]
struct RecoveryCodesPage {
    t: Tr,
    page: Layout,
    heading: String,
    intro: String,
    codes: Vec<String>,
    continue_to: String,
}

#[derive(Deserialize)]
struct EnrolForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    #[serde(default)]
    totp_secret: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
}

fn link_invalid(viewer: &Viewer, status: Option<EnrolmentStatus>) -> Response {
    let (title, body, code) = match status {
        Some(EnrolmentStatus::Used) => (
            "auth-link-used-title",
            "auth-link-used-body",
            StatusCode::GONE,
        ),
        Some(EnrolmentStatus::Expired) => (
            "auth-link-expired-title",
            "auth-link-expired-body",
            StatusCode::GONE,
        ),
        Some(EnrolmentStatus::Revoked) => (
            "auth-link-revoked-title",
            "auth-link-revoked-body",
            StatusCode::GONE,
        ),
        Some(EnrolmentStatus::Usable) | None => (
            "auth-link-unknown-title",
            "auth-link-unknown-body",
            StatusCode::NOT_FOUND,
        ),
    };
    let t = viewer.t();
    viewer.render_status(
        code,
        &LinkInvalidPage {
            title: t.msg(title),
            body: t.msg(body),
            t,
            page: viewer.layout(),
        },
    )
}

struct EnrolValues<'a> {
    login: &'a str,
    totp_secret: String,
    /// What the form carried; `None` on first display (prefilled from the link).
    email: Option<&'a str>,
    language: Option<UiLanguage>,
}

async fn render_enrol(
    viewer: &Viewer,
    s: &AppState,
    secret: &str,
    values: EnrolValues<'_>,
    errors: &FieldErrors,
) -> Result<Response, PageFailure> {
    let (link, status) = match s.app.enrolment_link(secret).await {
        Ok(found) => found,
        Err(liaison_app::AppError::NotFound) => return Ok(link_invalid(viewer, None)),
        Err(e) => return Err(viewer.fail(e)),
    };
    if status != EnrolmentStatus::Usable {
        return Ok(link_invalid(viewer, Some(status)));
    }
    let lang = viewer.lang();
    let t = viewer.t();
    let role = role_name(lang, link.role);
    let intro = match link.state {
        Some(state) => i18n::tr(
            lang,
            "auth-enrol-intro",
            &[
                ("name", &link.display_name),
                ("role", &role),
                ("state", state.state().name(lang)),
            ],
        ),
        None => i18n::tr(
            lang,
            "auth-enrol-intro-admin",
            &[("name", &link.display_name), ("role", &role)],
        ),
    };
    let mut login = field(
        &t,
        errors,
        "login",
        "auth-field-login",
        "text",
        "username",
        values.login,
    );
    login.hint = Some(t.msg("auth-hint-login"));
    let mut password = field(
        &t,
        errors,
        "password",
        "auth-field-password",
        "password",
        "new-password",
        "",
    );
    password.hint = Some(i18n::tr(
        lang,
        "auth-hint-password",
        &[(
            "min",
            &liaison_core::account::MIN_PASSWORD_CHARS.to_string(),
        )],
    ));
    let mut code = field(
        &t,
        errors,
        "code",
        "auth-field-totp-code",
        "text",
        "one-time-code",
        "",
    );
    code.hint = Some(t.msg("auth-hint-totp-code"));
    let shown_login = liaison_core::account::normalise_login(values.login)
        .unwrap_or_else(|| link.display_name.clone());
    let page = EnrolPage {
        heading: t.msg("auth-enrol-title"),
        intro,
        action: format!("/enrol/{secret}"),
        has_errors: !errors.0.is_empty(),
        login,
        password,
        password_confirm: field(
            &t,
            errors,
            "password_confirm",
            "auth-field-password-confirm",
            "password",
            "new-password",
            "",
        ),
        totp_uri: totp_uri(&values.totp_secret, &shown_login),
        totp_secret: values.totp_secret,
        code,
        email: email_field(
            &t,
            errors,
            values
                .email
                .unwrap_or_else(|| link.email.as_ref().map_or("", |e| e.as_str())),
        ),
        languages: language_options(values.language.unwrap_or(lang)),
        t,
        page: viewer.layout(),
    };
    Ok(if errors.0.is_empty() {
        viewer.render(&page)
    } else {
        viewer.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    })
}

async fn enrol_page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(secret): Path<String>,
) -> Result<Response, PageFailure> {
    render_enrol(
        &viewer,
        &s,
        &secret,
        EnrolValues {
            login: "",
            totp_secret: new_totp_secret(),
            email: None,
            language: None,
        },
        &FieldErrors::default(),
    )
    .await
}

async fn enrol_submit(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(secret): Path<String>,
    uri: Uri,
    axum::Form(form): axum::Form<EnrolForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let result = s
        .app
        .complete_enrolment(
            &secret,
            EnrolmentInput {
                login: &form.login,
                password: &form.password,
                password_confirm: &form.password_confirm,
                totp_secret: &form.totp_secret,
                code: &form.code,
                email: &form.email,
                language: liaison_core::EntryLanguage::parse(&form.language)
                    .unwrap_or(viewer.lang()),
            },
        )
        .await;
    let totp_secret = if totp_secret_is_valid(&form.totp_secret) {
        form.totp_secret.trim().to_owned()
    } else {
        new_totp_secret()
    };
    match result {
        Ok(enrolled) => {
            let me = s
                .app
                .signed_in(&enrolled.session_secret)
                .await
                .map_err(|e| viewer.fail(e))?
                .ok_or_else(|| viewer.fail(PageError::Internal))?;
            let t = viewer.t();
            let page = RecoveryCodesPage {
                heading: t.msg("auth-enrolled-title"),
                intro: t.msg("auth-recovery-intro"),
                codes: enrolled.recovery_codes,
                continue_to: landing("", enrolled.user.role),
                t,
                page: layout_for_new_session(&viewer, &uri, &me, &enrolled.session_secret),
            };
            let mut resp = viewer.render(&page);
            resp.headers_mut().append(
                header::SET_COOKIE,
                session_cookie(&enrolled.session_secret, viewer.options),
            );
            // Codes shown once: never stored by a cache.
            resp.headers_mut().insert(
                header::CACHE_CONTROL,
                axum::http::HeaderValue::from_static("no-store"),
            );
            Ok(resp)
        }
        Err(AuthError::LinkUnknown) => Ok(link_invalid(&viewer, None)),
        Err(AuthError::Link(status)) => Ok(link_invalid(&viewer, Some(status))),
        Err(AuthError::Fields(problems)) => {
            let errors = FieldErrors::from(viewer.lang(), &problems);
            render_enrol(
                &viewer,
                &s,
                &secret,
                EnrolValues {
                    login: &form.login,
                    totp_secret,
                    email: Some(&form.email),
                    language: liaison_core::EntryLanguage::parse(&form.language),
                },
                &errors,
            )
            .await
        }
        Err(e) => Err(auth_failure(&viewer, e)),
    }
}

fn auth_failure(viewer: &Viewer, e: AuthError) -> PageFailure {
    match e {
        AuthError::App(e) => viewer.fail(e),
        AuthError::Throttled(_) => viewer.fail(PageError::TooManyRequests),
        AuthError::Internal(_) => viewer.fail(PageError::Internal),
        _ => viewer.fail(PageError::BadRequest),
    }
}

// ---------------------------------------------------------------- sign-in

#[derive(Template)]
#[template(path = "auth_sign_in.html")]
struct SignInPage {
    t: Tr,
    page: Layout,
    next: String,
    /// A message about the whole form (wrong credentials, too many attempts, start again).
    alert: Option<String>,
    login: Field,
    password: Field,
}

#[derive(Template)]
#[template(path = "auth_sign_in_code.html")]
struct SignInCodePage {
    t: Tr,
    page: Layout,
    next: String,
    pending: String,
    alert: Option<String>,
    code: Field,
}

#[derive(Deserialize, Default)]
struct NextQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
struct CodeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    pending: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    next: String,
}

fn sign_in_form(
    viewer: &Viewer,
    status: StatusCode,
    next: &str,
    login: &str,
    alert: Option<&str>,
) -> Response {
    let t = viewer.t();
    let none = FieldErrors::default();
    let page = SignInPage {
        next: local_next(next),
        alert: alert.map(|id| t.msg(id)),
        login: field(
            &t,
            &none,
            "login",
            "auth-field-login",
            "text",
            "username",
            login,
        ),
        password: field(
            &t,
            &none,
            "password",
            "auth-field-password",
            "password",
            "current-password",
            "",
        ),
        t,
        page: viewer.layout(),
    };
    viewer.render_status(status, &page)
}

fn code_form(
    viewer: &Viewer,
    status: StatusCode,
    next: &str,
    pending: &str,
    error: Option<&str>,
) -> Response {
    let t = viewer.t();
    let mut code = field(
        &t,
        &FieldErrors::default(),
        "code",
        "auth-field-code",
        "text",
        "one-time-code",
        "",
    );
    code.hint = Some(t.msg("auth-hint-code"));
    code.error = error.map(|id| t.msg(id));
    let page = SignInCodePage {
        next: local_next(next),
        pending: pending.to_owned(),
        alert: None,
        code,
        t,
        page: viewer.layout(),
    };
    viewer.render_status(status, &page)
}

async fn sign_in_page(viewer: Viewer, Query(q): Query<NextQuery>) -> Response {
    sign_in_form(&viewer, StatusCode::OK, &q.next, "", None)
}

/// A signed-in browser: the old session (if any) ends, the new one's cookie is set.
async fn signed_in_response(
    viewer: &Viewer,
    s: &AppState,
    secret: &str,
    next: &str,
    role: Role,
) -> Result<Response, PageFailure> {
    if let Some(old) = viewer.session_secret() {
        s.app.close_session(old).await.map_err(|e| viewer.fail(e))?;
    }
    let mut resp = see_other(&landing(&local_next(next), role));
    resp.headers_mut()
        .append(header::SET_COOKIE, session_cookie(secret, viewer.options));
    Ok(resp)
}

async fn sign_in_submit(
    viewer: Viewer,
    State(s): State<AppState>,
    addr: ClientAddr,
    axum::Form(form): axum::Form<SignInForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    match s
        .app
        .sign_in_password(&form.login, &form.password, &addr.0)
        .await
    {
        Ok(pending) if !form.code.trim().is_empty() => {
            finish_code(&viewer, &s, &addr, &pending, &form.code, &form.next).await
        }
        Ok(pending) => Ok(code_form(
            &viewer,
            StatusCode::OK,
            &form.next,
            &pending,
            None,
        )),
        Err(AuthError::Failed) => Ok(sign_in_form(
            &viewer,
            StatusCode::UNPROCESSABLE_ENTITY,
            &form.next,
            &form.login,
            Some("auth-error-sign-in-failed"),
        )),
        Err(AuthError::Throttled(_)) => Ok(sign_in_form(
            &viewer,
            StatusCode::TOO_MANY_REQUESTS,
            &form.next,
            &form.login,
            Some("auth-error-too-many"),
        )),
        Err(e) => Err(auth_failure(&viewer, e)),
    }
}

async fn finish_code(
    viewer: &Viewer,
    s: &AppState,
    addr: &ClientAddr,
    pending: &str,
    code: &str,
    next: &str,
) -> Result<Response, PageFailure> {
    match s.app.sign_in_code(pending, code, &addr.0).await {
        Ok((user, secret)) => signed_in_response(viewer, s, &secret, next, user.role).await,
        Err(AuthError::Failed) => Ok(code_form(
            viewer,
            StatusCode::UNPROCESSABLE_ENTITY,
            next,
            pending,
            Some("auth-error-code-failed"),
        )),
        Err(AuthError::PendingExpired) => Ok(sign_in_form(
            viewer,
            StatusCode::UNPROCESSABLE_ENTITY,
            next,
            "",
            Some("auth-error-start-again"),
        )),
        Err(AuthError::Throttled(_)) => Ok(sign_in_form(
            viewer,
            StatusCode::TOO_MANY_REQUESTS,
            next,
            "",
            Some("auth-error-too-many"),
        )),
        Err(e) => Err(auth_failure(viewer, e)),
    }
}

async fn sign_in_code(
    viewer: Viewer,
    State(s): State<AppState>,
    addr: ClientAddr,
    axum::Form(form): axum::Form<CodeForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    finish_code(&viewer, &s, &addr, &form.pending, &form.code, &form.next).await
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

async fn sign_out(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    if let Some(secret) = viewer.session_secret() {
        s.app
            .close_session(secret)
            .await
            .map_err(|e| viewer.fail(e))?;
    }
    let mut resp = see_other("/");
    resp.headers_mut()
        .append(header::SET_COOKIE, clear_session_cookie(viewer.options));
    Ok(resp)
}

// ---------------------------------------------------------------- account

#[derive(Template)]
#[template(path = "auth_account.html")]
struct AccountPage {
    t: Tr,
    page: Layout,
    notice: Option<String>,
    name: String,
    login: String,
    role: String,
    has_totp: bool,
    recovery_left: String,
    totp_secret: String,
    totp_uri: String,
    code: Field,
    passkeys: Vec<PasskeyRow>,
    passkey_error: Option<String>,
    passkey_name: Field,
    email: Field,
    languages: Vec<LanguageOption>,
}

struct PasskeyRow {
    id: String,
    name: String,
    added: String,
    last_used: String,
    remove_label: String,
}

#[derive(Deserialize, Default)]
struct AccountQuery {
    #[serde(default)]
    done: String,
}

#[derive(Deserialize)]
struct TotpForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    totp_secret: String,
    #[serde(default)]
    code: String,
}

async fn render_account(
    viewer: &Viewer,
    s: &AppState,
    notice: Option<&str>,
    totp_secret: String,
    code_error: Option<String>,
) -> Result<Response, PageFailure> {
    render_account_with(viewer, s, notice, totp_secret, code_error, None).await
}

/// What the contact form carried back with its problem, to show again.
struct ContactRetry {
    email: String,
    language: UiLanguage,
    error: String,
}

async fn render_account_with(
    viewer: &Viewer,
    s: &AppState,
    notice: Option<&str>,
    totp_secret: String,
    code_error: Option<String>,
    passkey_error: Option<String>,
) -> Result<Response, PageFailure> {
    render_account_full(
        viewer,
        s,
        notice,
        totp_secret,
        code_error,
        passkey_error,
        None,
    )
    .await
}

async fn render_account_full(
    viewer: &Viewer,
    s: &AppState,
    notice: Option<&str>,
    totp_secret: String,
    code_error: Option<String>,
    passkey_error: Option<String>,
    contact: Option<ContactRetry>,
) -> Result<Response, PageFailure> {
    let me = viewer.require()?;
    let factors = s.app.second_factors(me).await.map_err(|e| viewer.fail(e))?;
    let lang = viewer.lang();
    let t = viewer.t();
    let mut code = field(
        &t,
        &FieldErrors::default(),
        "code",
        "auth-field-totp-code",
        "text",
        "one-time-code",
        "",
    );
    code.hint = Some(t.msg("auth-hint-totp-code"));
    let failed = code_error.is_some() || passkey_error.is_some() || contact.is_some();
    let (email_value, language, email_error) = match contact {
        Some(c) => (c.email, c.language, Some(c.error)),
        None => (
            me.user
                .email
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
            me.user.language,
            None,
        ),
    };
    let mut email = email_field(&t, &FieldErrors::default(), &email_value);
    email.error = email_error;
    code.error = code_error;
    let mut passkey_name = field(
        &t,
        &FieldErrors::default(),
        "passkey_name",
        "auth-passkey-name",
        "text",
        "off",
        "",
    );
    passkey_name.hint = Some(t.msg("auth-passkey-name-hint"));
    let never = t.msg("auth-passkey-never");
    let passkeys = factors
        .passkeys
        .iter()
        .map(|p| PasskeyRow {
            id: p.id.to_string(),
            name: p.name.clone(),
            added: crate::format::date(lang, p.created_at),
            last_used: p
                .last_used_at
                .map_or_else(|| never.clone(), |at| crate::format::date_time(lang, at)),
            remove_label: i18n::tr(lang, "auth-passkey-remove-named", &[("name", &p.name)]),
        })
        .collect();
    let page = AccountPage {
        notice: notice.map(|id| t.msg(id)),
        name: me.user.display_name.clone(),
        login: me.user.login.clone(),
        role: role_name(lang, me.user.role),
        has_totp: factors.totp,
        recovery_left: i18n::tr(
            lang,
            "auth-account-recovery-left",
            &[(
                "count",
                &crate::format::number(lang, factors.recovery_codes_left),
            )],
        ),
        totp_uri: totp_uri(&totp_secret, &me.user.login),
        totp_secret,
        code,
        passkeys,
        passkey_error,
        passkey_name,
        email,
        languages: language_options(language),
        t,
        page: viewer.layout(),
    };
    let mut resp = if failed {
        viewer.render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    } else {
        viewer.render(&page)
    };
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

async fn account_page(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(q): Query<AccountQuery>,
) -> Result<Response, PageFailure> {
    let notice = match q.done.as_str() {
        "totp" => Some("auth-account-totp-changed"),
        "passkey" => Some("auth-account-passkey-added"),
        "passkey-removed" => Some("auth-account-passkey-removed"),
        "contact" => Some("auth-account-contact-saved"),
        _ => None,
    };
    render_account(&viewer, &s, notice, new_totp_secret(), None).await
}

async fn account_totp(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Form(form): axum::Form<TotpForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let me = viewer.require()?;
    match s.app.change_totp(me, &form.totp_secret, &form.code).await {
        Ok(()) => Ok(see_other("/account?done=totp")),
        Err(AuthError::Fields(problems)) => {
            let secret = if totp_secret_is_valid(&form.totp_secret) {
                form.totp_secret.trim().to_owned()
            } else {
                new_totp_secret()
            };
            let msg = problems
                .first()
                .map(|(_, p)| problem_message(viewer.lang(), *p));
            render_account(&viewer, &s, None, secret, msg).await
        }
        Err(e) => Err(auth_failure(&viewer, e)),
    }
}

#[derive(Deserialize)]
struct ContactForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    language: String,
}

async fn account_contact(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Form(form): axum::Form<ContactForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let me = viewer.require()?;
    let language = liaison_core::EntryLanguage::parse(&form.language).unwrap_or(me.user.language);
    match s.app.change_contact(me, &form.email, language).await {
        Ok(_) => Ok(see_other("/account?done=contact")),
        Err(AuthError::Fields(problems)) => {
            let error = problems
                .first()
                .map(|(_, p)| problem_message(viewer.lang(), *p))
                .unwrap_or_default();
            render_account_full(
                &viewer,
                &s,
                None,
                new_totp_secret(),
                None,
                None,
                Some(ContactRetry {
                    email: form.email.clone(),
                    language,
                    error,
                }),
            )
            .await
        }
        Err(e) => Err(auth_failure(&viewer, e)),
    }
}

async fn account_recovery_codes(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let me = viewer.require()?;
    let codes = s
        .app
        .regenerate_recovery_codes(me)
        .await
        .map_err(|e| viewer.fail(e))?;
    let t = viewer.t();
    let page = RecoveryCodesPage {
        heading: t.msg("auth-recovery-new-title"),
        intro: t.msg("auth-recovery-intro"),
        codes: codes.0,
        continue_to: "/account".to_owned(),
        t,
        page: viewer.layout(),
    };
    let mut resp = viewer.render(&page);
    resp.headers_mut().insert(
        header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(resp)
}

async fn account_sign_out_everywhere(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let me = viewer.require()?;
    s.app
        .sign_out_everywhere(me)
        .await
        .map_err(|e| viewer.fail(e))?;
    let mut resp = see_other("/sign-in");
    resp.headers_mut()
        .append(header::SET_COOKIE, clear_session_cookie(viewer.options));
    Ok(resp)
}

// ---------------------------------------------------------------- passkeys (JSON for webauthn.js)

#[derive(Deserialize)]
struct CsrfJson {
    #[serde(default)]
    csrf: String,
}

#[derive(Deserialize)]
struct RegisterJson {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ceremony: String,
    #[serde(default)]
    name: String,
    credential: liaison_app::passkeys::RegisterPublicKeyCredential,
}

#[derive(Deserialize)]
struct SignInJson {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    ceremony: String,
    #[serde(default)]
    next: String,
    credential: liaison_app::passkeys::PublicKeyCredential,
}

/// A refusal for the script: `{"error": translated message, "status": code}`. Sent as 200:
/// the error renderer turns any non-HTML 4xx/5xx under a page path into an HTML page, and the
/// script only needs the message to show next to its button.
fn json_error(viewer: &Viewer, e: AuthError) -> Response {
    let (status, id) = match &e {
        AuthError::Throttled(_) => (StatusCode::TOO_MANY_REQUESTS, "auth-error-too-many"),
        AuthError::PendingExpired => (StatusCode::CONFLICT, "auth-passkey-failed"),
        AuthError::Fields(p) if p.iter().any(|(_, p)| *p == AuthProblem::NameInvalid) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "auth-error-name-invalid")
        }
        AuthError::Internal(_) | AuthError::App(_) => {
            (StatusCode::INTERNAL_SERVER_ERROR, "auth-passkey-failed")
        }
        _ => (StatusCode::UNPROCESSABLE_ENTITY, "auth-passkey-failed"),
    };
    axum::Json(serde_json::json!({"error": viewer.t().msg(id), "status": status.as_u16()}))
        .into_response()
}

async fn passkey_register_options(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Json(body): axum::Json<CsrfJson>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&body.csrf)?;
    let me = viewer.require()?;
    Ok(match s.app.passkey_registration_options(me).await {
        Ok(start) => axum::Json(serde_json::json!({
            "ceremony": start.ceremony,
            "options": start.options,
        }))
        .into_response(),
        Err(e) => json_error(&viewer, e),
    })
}

async fn passkey_register(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Json(body): axum::Json<RegisterJson>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&body.csrf)?;
    let me = viewer.require()?;
    Ok(
        match s
            .app
            .add_passkey(me, &body.ceremony, &body.name, &body.credential)
            .await
        {
            Ok(_) => {
                axum::Json(serde_json::json!({"redirect": "/account?done=passkey"})).into_response()
            }
            Err(e) => json_error(&viewer, e),
        },
    )
}

async fn passkey_remove(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let me = viewer.require()?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| viewer.fail(PageError::NotFound))?;
    match s.app.remove_passkey(me, id).await {
        Ok(()) => Ok(see_other("/account?done=passkey-removed")),
        Err(AuthError::Fields(problems)) => {
            let msg = problems
                .first()
                .map(|(_, p)| problem_message(viewer.lang(), *p));
            render_account_with(&viewer, &s, None, new_totp_secret(), None, msg).await
        }
        Err(e) => Err(auth_failure(&viewer, e)),
    }
}

async fn passkey_sign_in_options(
    viewer: Viewer,
    State(s): State<AppState>,
    axum::Json(body): axum::Json<CsrfJson>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&body.csrf)?;
    Ok(match s.app.passkey_sign_in_options().await {
        Ok(start) => axum::Json(serde_json::json!({
            "ceremony": start.ceremony,
            "options": start.options,
        }))
        .into_response(),
        Err(e) => json_error(&viewer, e),
    })
}

async fn passkey_sign_in(
    viewer: Viewer,
    State(s): State<AppState>,
    addr: ClientAddr,
    axum::Json(body): axum::Json<SignInJson>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&body.csrf)?;
    match s
        .app
        .sign_in_passkey(&body.ceremony, &body.credential, &addr.0)
        .await
    {
        Ok((user, secret)) => {
            if let Some(old) = viewer.session_secret() {
                s.app.close_session(old).await.map_err(|e| viewer.fail(e))?;
            }
            let target = landing(&local_next(&body.next), user.role);
            let mut resp = axum::Json(serde_json::json!({"redirect": target})).into_response();
            resp.headers_mut()
                .append(header::SET_COOKIE, session_cookie(&secret, viewer.options));
            Ok(resp)
        }
        Err(e) => Ok(json_error(&viewer, e)),
    }
}

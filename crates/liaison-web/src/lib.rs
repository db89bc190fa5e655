//! The HTTP adapter: the JSON API under `/api/v1`, its OpenAPI 3.1 document at
//! `/api/openapi.json`, `/healthz`, and the server-rendered pages (`pages`). Error answers are
//! rendered once, in `error`.

mod api;
pub mod error;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod ping_api;
mod threads_api;
pub mod views;

pub use pages::WebOptions;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, header};
use axum::routing::{delete, get, post, put};
use liaison_app::Liaison;
use std::sync::Arc;
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

/// Largest request body accepted (an entry with a large OpenPGP key fits well inside).
pub const MAX_BODY_BYTES: usize = 256 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<Liaison>,
    pub options: WebOptions,
    /// Rendered parts of directory pages, kept until the directory changes.
    pub fragments: Arc<pages::fragments::Fragments>,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Liaison API",
        description = "The global, intergovernmental directory of points of contact for ICT security (UN OEWG, Annex A). \
            Every answer other than 2xx carries `{\"error\": {code, message, field, fields}}`, with the message in the \
            language chosen by `?lang=` or `Accept-Language` (ar, zh, en, fr, ru, es).",
        license(name = "Apache-2.0")
    ),
    paths(
        api::healthz, api::me,
        api::list_states, api::get_state, api::admit_state, api::suspend_state,
        api::list_pocs, api::create_poc, api::get_poc, api::update_poc, api::retire_poc,
        api::flag_poc, api::unflag_poc, api::poc_revisions,
        api::audit_log,
        ping_api::pending, ping_api::acknowledge, ping_api::campaigns, ping_api::start,
        ping_api::report,
        threads_api::create_thread, threads_api::list_threads, threads_api::get_thread,
        threads_api::thread_audience, threads_api::respond, threads_api::acknowledge,
        threads_api::post_note, threads_api::close_thread, threads_api::reencrypt,
        threads_api::request_consent, threads_api::decide_consent, threads_api::forward,
        threads_api::state_threads, threads_api::thread_statistics,
        threads_api::notifications, threads_api::mark_read,
        threads_api::publish_key, threads_api::get_key_blob, threads_api::put_key_blob,
        threads_api::template,
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "pocs", description = "Points of contact (A§7)"),
        (name = "states", description = "States and their participation (A§6)"),
        (name = "audit", description = "The hash-chained audit log"),
        (name = "pings", description = "Ping tests (A§8): campaigns, acknowledgements, reports"),
        (name = "threads", description = "Threads between POCs (A§9–11): end-to-end encrypted; the server relays ciphertext and keeps metadata only"),
        (name = "meta", description = "Health and identity"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as served.
pub fn openapi_json() -> String {
    ApiDoc::openapi().to_pretty_json().unwrap_or_default()
}

/// Threads between POCs (issue 5); their bodies may carry up to 1 MiB of ciphertext.
fn thread_routes() -> Router<AppState> {
    use threads_api as t;
    Router::new()
        .route(
            "/api/v1/threads",
            get(t::list_threads).post(t::create_thread),
        )
        .route("/api/v1/threads/state", get(t::state_threads))
        .route("/api/v1/threads/statistics", get(t::thread_statistics))
        .route("/api/v1/threads/{id}", get(t::get_thread))
        .route("/api/v1/threads/{id}/audience", get(t::thread_audience))
        .route("/api/v1/threads/{id}/responses", post(t::respond))
        .route(
            "/api/v1/threads/{id}/acknowledgements",
            post(t::acknowledge),
        )
        .route("/api/v1/threads/{id}/notes", post(t::post_note))
        .route("/api/v1/threads/{id}/close", post(t::close_thread))
        .route(
            "/api/v1/threads/{id}/messages/{message}/copies",
            post(t::reencrypt),
        )
        .route("/api/v1/threads/{id}/consents", post(t::request_consent))
        .route(
            "/api/v1/threads/{id}/consents/{consent}/decision",
            post(t::decide_consent),
        )
        .route("/api/v1/threads/{id}/forward", post(t::forward))
        .route("/api/v1/notifications", get(t::notifications))
        .route("/api/v1/notifications/read", post(t::mark_read))
        .route("/api/v1/pocs/{id}/openpgp-key", put(t::publish_key))
        .route(
            "/api/v1/me/key-blob",
            get(t::get_key_blob).put(t::put_key_blob),
        )
        .route("/api/v1/templates/{name}", get(t::template))
        .layer(DefaultBodyLimit::max(threads_api::MAX_THREAD_BODY_BYTES))
}

/// The router with the options of a real deployment (secure cookies).
pub fn router(app: Arc<Liaison>) -> Router {
    router_with(app, WebOptions::default())
}

pub fn router_with(app: Arc<Liaison>, options: WebOptions) -> Router {
    let state = AppState {
        app,
        options,
        fragments: Default::default(),
    };
    let spec: Arc<str> = openapi_json().into();
    let api = Router::new()
        .route("/api/v1/me", get(api::me))
        .route("/api/v1/states", get(api::list_states))
        .route("/api/v1/states/{code}", get(api::get_state))
        .route("/api/v1/states/{code}/admit", post(api::admit_state))
        .route("/api/v1/states/{code}/suspend", post(api::suspend_state))
        .route("/api/v1/pocs", get(api::list_pocs).post(api::create_poc))
        .route("/api/v1/pocs/{id}", get(api::get_poc).put(api::update_poc))
        .route("/api/v1/pocs/{id}/retire", post(api::retire_poc))
        .route("/api/v1/pocs/{id}/flags", post(api::flag_poc))
        .route("/api/v1/pocs/{id}/flags/{flag}", delete(api::unflag_poc))
        .route("/api/v1/pocs/{id}/revisions", get(api::poc_revisions))
        .route("/api/v1/audit", get(api::audit_log))
        .route("/api/v1/pings/pending", get(ping_api::pending))
        .route(
            "/api/v1/pings/{challenge}/acknowledge",
            post(ping_api::acknowledge),
        )
        .route(
            "/api/v1/ping-campaigns",
            get(ping_api::campaigns).post(ping_api::start),
        )
        .route("/api/v1/ping-campaigns/{id}/report", get(ping_api::report))
        .merge(thread_routes())
        // Directory data is never cached by browsers or proxies.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    Router::new()
        .route("/healthz", get(api::healthz))
        .route(
            "/api/openapi.json",
            get(move || {
                let spec = spec.clone();
                async move {
                    (
                        [(header::CONTENT_TYPE, "application/json")],
                        spec.to_string(),
                    )
                }
            }),
        )
        .merge(api)
        .merge(pages::routes(&state))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            error::render_errors,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        // Pages set their own, stricter-for-them policy (`pages::PAGE_CSP`); everything
        // else (JSON, errors) may load nothing at all.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        ))
        // Browsers ignore HSTS over plain http, so loopback development is unaffected.
        .layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ))
        .layer(pages::compression())
        .with_state(state)
}

//! One mapping from application errors to HTTP: status, stable code, translated message. The
//! handler returns an `ApiError`; the `render_errors` middleware, which knows the reader's
//! language, turns it (and any plain-text rejection from the framework) into the JSON envelope.

use crate::i18n::{self, UiLanguage};
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use liaison_app::AppError;
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use serde::Serialize;
use utoipa::ToSchema;

/// The error envelope of every non-2xx answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable machine-readable code, e.g. `invalid_input`, `forbidden`, `not_found`.
    pub code: String,
    /// Human-readable message in the reader's language.
    pub message: String,
    /// The first offending field, as a JSON path (`phones[0]`), when the error is about input.
    pub field: Option<String>,
    /// Every refused field.
    pub fields: Vec<FieldErrorView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FieldErrorView {
    pub field: String,
    pub code: String,
    pub message: String,
}

/// Message ids the API uses besides the field error codes (checked by the i18n tests).
pub const API_MESSAGE_IDS: &[&str] = &[
    "api-unauthenticated",
    "api-forbidden",
    "api-not-participating",
    "api-other-state",
    "api-neutrality",
    "api-not-found",
    "api-invalid-input",
    "api-stale-revision",
    "api-already-exists",
    "api-retired",
    "api-invalid-transition",
    "api-state-not-participating",
    "api-flag-already-set",
    "api-flag-not-set",
    "api-conflict",
    "api-internal",
    "api-body-too-large",
    "api-bad-parameter",
    "api-method-not-allowed",
    "api-bad-request",
    "api-ping-not-valid",
    "api-already-acknowledged",
    "api-ping-not-issued",
    "api-nothing-to-ping",
    // Threads (issue 5).
    "api-cross-role",
    "api-own-state-recipient",
    "api-not-participant",
    "api-confidential",
    "api-thread-closed",
    "api-not-a-recipient",
    "api-not-delivered",
    "api-receipt-already-acknowledged",
    "api-awaiting-key",
    "api-consent-required",
    "api-consent-not-pending",
    "api-already-decided",
    "api-own-request",
    "api-nothing-to-reencrypt",
];

fn denied_message(d: liaison_core::permission::Denied) -> &'static str {
    use liaison_core::permission::Denied;
    match d {
        Denied::NotParticipating => "api-not-participating",
        Denied::OtherState => "api-other-state",
        Denied::Neutrality => "api-neutrality",
        Denied::RoleNotAllowed => "api-forbidden",
        Denied::CrossRole => "api-cross-role",
        Denied::OwnStateRecipient => "api-own-state-recipient",
        Denied::NotParticipant => "api-not-participant",
        Denied::Confidential => "api-confidential",
    }
}

/// Status and message of a thread operation refused by the thread's state.
fn thread_error(e: liaison_core::thread::ThreadError) -> (StatusCode, &'static str) {
    use liaison_core::thread::ThreadError as E;
    match e {
        E::Closed => (StatusCode::CONFLICT, "api-thread-closed"),
        E::NotParticipant => (StatusCode::FORBIDDEN, "api-not-participant"),
        E::NotARecipient => (StatusCode::FORBIDDEN, "api-not-a-recipient"),
        E::NotDelivered => (StatusCode::CONFLICT, "api-not-delivered"),
        E::AlreadyAcknowledged => (StatusCode::CONFLICT, "api-receipt-already-acknowledged"),
        E::AwaitingKey => (StatusCode::CONFLICT, "api-awaiting-key"),
        E::ConsentRequired => (StatusCode::FORBIDDEN, "api-consent-required"),
        E::ConsentNotPending => (StatusCode::CONFLICT, "api-consent-not-pending"),
        E::AlreadyDecided => (StatusCode::CONFLICT, "api-already-decided"),
        E::OwnRequest => (StatusCode::FORBIDDEN, "api-own-request"),
        E::NothingToReencrypt => (StatusCode::CONFLICT, "api-nothing-to-reencrypt"),
    }
}

/// The status and translated reason of a refused thread operation or recipient (another
/// role, the own state, not a participant, no consent…), for the pages: they show the same
/// reason the API gives. `None` for every other error.
pub(crate) fn refusal_message(e: &AppError) -> Option<(StatusCode, &'static str)> {
    use liaison_core::permission::Denied;
    match e {
        AppError::RecipientRefused { denied, .. } => {
            Some((StatusCode::FORBIDDEN, denied_message(*denied)))
        }
        AppError::Forbidden(
            d @ (Denied::CrossRole
            | Denied::OwnStateRecipient
            | Denied::NotParticipant
            | Denied::Confidential),
        ) => Some((StatusCode::FORBIDDEN, denied_message(*d))),
        AppError::Thread(t) => Some(thread_error(*t)),
        _ => None,
    }
}

/// What a handler answers instead of success.
#[derive(Debug)]
pub enum ApiError {
    App(AppError),
    /// A query or path parameter that does not parse.
    BadParameter(&'static str),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        ApiError::App(e)
    }
}

impl From<ValidationErrors> for ApiError {
    fn from(e: ValidationErrors) -> Self {
        ApiError::App(AppError::Invalid(e))
    }
}

/// Carried from the handler to the renderer in the response extensions.
#[derive(Clone, Debug)]
struct ErrorPayload {
    code: &'static str,
    message_id: &'static str,
    field: Option<String>,
    fields: Vec<FieldError>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, payload) = match self {
            ApiError::BadParameter(name) => (
                StatusCode::BAD_REQUEST,
                ErrorPayload {
                    code: "bad_parameter",
                    message_id: "api-bad-parameter",
                    field: Some(name.to_owned()),
                    fields: vec![],
                },
            ),
            ApiError::App(e) => {
                let (status, message_id) = match &e {
                    AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "api-unauthenticated"),
                    AppError::Forbidden(d) => (StatusCode::FORBIDDEN, denied_message(*d)),
                    AppError::RecipientRefused { denied, .. } => {
                        (StatusCode::FORBIDDEN, denied_message(*denied))
                    }
                    AppError::Thread(t) => thread_error(*t),
                    AppError::NotFound => (StatusCode::NOT_FOUND, "api-not-found"),
                    AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "api-invalid-input"),
                    AppError::StaleRevision => {
                        (StatusCode::PRECONDITION_FAILED, "api-stale-revision")
                    }
                    AppError::AlreadyExists => (StatusCode::CONFLICT, "api-already-exists"),
                    AppError::Retired => (StatusCode::CONFLICT, "api-retired"),
                    AppError::InvalidTransition(_) => {
                        (StatusCode::CONFLICT, "api-invalid-transition")
                    }
                    AppError::StateNotParticipating => {
                        (StatusCode::CONFLICT, "api-state-not-participating")
                    }
                    AppError::FlagAlreadySet => (StatusCode::CONFLICT, "api-flag-already-set"),
                    AppError::FlagNotSet => (StatusCode::CONFLICT, "api-flag-not-set"),
                    // Altered, unknown and malformed tokens: one neutral answer.
                    AppError::PingNotValid => (StatusCode::NOT_FOUND, "api-ping-not-valid"),
                    AppError::AlreadyAcknowledged(_) => {
                        (StatusCode::CONFLICT, "api-already-acknowledged")
                    }
                    AppError::PingNotIssued => (StatusCode::CONFLICT, "api-ping-not-issued"),
                    AppError::NothingToPing => {
                        (StatusCode::UNPROCESSABLE_ENTITY, "api-nothing-to-ping")
                    }
                    AppError::Store(liaison_store::StoreError::Conflict(_)) => {
                        (StatusCode::CONFLICT, "api-conflict")
                    }
                    AppError::Store(_) | AppError::Search(_) => {
                        // The detail goes to the log, never to the client.
                        tracing::error!(error = %e, "request failed");
                        (StatusCode::INTERNAL_SERVER_ERROR, "api-internal")
                    }
                };
                let fields = match &e {
                    AppError::Invalid(v) => v.0.clone(),
                    _ => Vec::new(),
                };
                let field = match &e {
                    // The refused recipient is named, though it is not an input error.
                    AppError::RecipientRefused { field, .. } => Some(field.clone()),
                    _ => fields.first().map(|f| f.field.clone()),
                };
                (
                    status,
                    ErrorPayload {
                        code: e.code(),
                        message_id,
                        field,
                        fields,
                    },
                )
            }
        };
        let mut resp = status.into_response();
        if status == StatusCode::UNAUTHORIZED {
            resp.headers_mut()
                .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        resp.extensions_mut().insert(payload);
        resp
    }
}

fn field_message(lang: UiLanguage, e: &FieldError) -> String {
    i18n::tr(
        lang,
        &e.code.message_id(),
        &[
            ("field", &e.field),
            ("detail", e.detail.as_deref().unwrap_or("")),
        ],
    )
}

fn body(lang: UiLanguage, p: &ErrorPayload) -> ErrorBody {
    let message = match (p.fields.len(), p.fields.first()) {
        // One refused field: its own message says the most.
        (1, Some(f)) => field_message(lang, f),
        _ => i18n::tr(
            lang,
            p.message_id,
            &[("field", p.field.as_deref().unwrap_or(""))],
        ),
    };
    ErrorBody {
        error: ErrorDetail {
            code: p.code.to_owned(),
            message,
            field: p.field.clone(),
            fields: p
                .fields
                .iter()
                .map(|f| FieldErrorView {
                    field: f.field.clone(),
                    code: f.code.as_str().to_owned(),
                    message: field_message(lang, f),
                })
                .collect(),
        },
    }
}

/// The reader's language for this request.
pub fn request_language(req: &Request) -> UiLanguage {
    // The same precedence as the pages: `?lang=`, then the `lang` cookie a browser user chose,
    // then `Accept-Language`.
    crate::pages::choose_language(req.uri(), req.headers()).lang
}

/// Render every error answer as the JSON envelope, in the reader's language.
pub async fn render_errors(
    axum::extract::State(s): axum::extract::State<crate::AppState>,
    req: Request,
    next: Next,
) -> Response {
    let lang = request_language(&req);
    let path = req.uri().path();
    // Pages answer in HTML: their own failures are already pages; a failure the framework
    // produced before any page handler ran becomes one here.
    let page = !(path.starts_with("/api/") || path == "/healthz");
    let page_ctx = page.then(|| {
        (
            crate::pages::choose_language(req.uri(), req.headers()),
            req.uri().clone(),
        )
    });
    let resp = next.run(req).await;
    let status = resp.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return resp;
    }
    if let Some((choice, uri)) = page_ctx {
        let is_html = resp
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|ct| ct.starts_with("text/html"));
        if is_html {
            return resp;
        }
        let mut page = crate::pages::session::framework_error_page(choice, uri, s.options, status);
        // Headers the failing layer set (Allow on 405) stay.
        for (k, v) in resp.headers() {
            if k != header::CONTENT_TYPE && k != header::CONTENT_LENGTH {
                page.headers_mut().entry(k).or_insert_with(|| v.clone());
            }
        }
        return page;
    }
    let payload = match resp.extensions().get::<ErrorPayload>() {
        Some(p) => p.clone(),
        None => {
            // A rejection produced by the framework itself (unknown route, wrong method,
            // body too large, malformed query): same envelope, same language.
            let (code, message_id) = match status {
                StatusCode::NOT_FOUND => ("not_found", "api-not-found"),
                StatusCode::METHOD_NOT_ALLOWED => ("method_not_allowed", "api-method-not-allowed"),
                StatusCode::PAYLOAD_TOO_LARGE => ("body_too_large", "api-body-too-large"),
                s if s.is_server_error() => ("internal", "api-internal"),
                _ => ("bad_request", "api-bad-request"),
            };
            ErrorPayload {
                code,
                message_id,
                field: None,
                fields: vec![],
            }
        }
    };
    let (mut parts, _) = resp.into_parts();
    let json = serde_json::to_vec(&body(lang, &payload)).unwrap_or_default();
    parts.headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.insert(
        header::CONTENT_LANGUAGE,
        HeaderValue::from_static(lang.as_str()),
    );
    Response::from_parts(parts, axum::body::Body::from(json))
}

/// A single-field validation error (query or path parameter that is a domain value).
pub fn invalid(field: &str, code: ErrorCode) -> ApiError {
    ApiError::App(AppError::Invalid(ValidationErrors::single(
        FieldError::new(field, code),
    )))
}

//! The page a ping's link opens, `/ping/{token}` (issue 4 item 3(a)). The GET shows the
//! entry, the campaign and the deadline and changes nothing, so a mail security gateway that
//! fetches every link acknowledges nothing; only the page's button (a POST carrying the
//! browser's pre-session CSRF token) acknowledges. Altered and unknown tokens get one neutral
//! answer; a used token says when it was used.

use super::{Layout, PageFailure, Tr, Viewer};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use jiff::Timestamp;
use liaison_app::AppError;
use liaison_app::ping::PingForToken;
use liaison_core::PocRole;
use liaison_core::ping::AckChannel;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new().route("/ping/{token}", get(page).post(acknowledge))
}

#[derive(Template)]
#[template(path = "ping_confirm.html")]
struct ConfirmPage {
    t: Tr,
    page: Layout,
    action: String,
    csrf: String,
    entry: String,
    entry_lang: &'static str,
    translation: Option<String>,
    state: String,
    role: String,
    campaign: String,
    due: String,
    late: bool,
}

#[derive(Template)]
#[template(path = "ping_result.html")]
struct ResultPage {
    t: Tr,
    page: Layout,
    heading: String,
    body: String,
    /// Show the hint about updating the entry.
    hint: bool,
}

#[derive(Deserialize)]
struct AckForm {
    #[serde(default)]
    csrf: String,
}

fn role_name(lang: UiLanguage, r: PocRole) -> String {
    i18n::tr(
        lang,
        match r {
            PocRole::Diplomatic => "dir-role-diplomatic",
            PocRole::Technical => "dir-role-technical",
        },
        &[],
    )
}

/// Nothing of this page is cached or indexed: it is one person's, and its address is a
/// credential.
fn private(mut resp: Response, set_cookie: Option<HeaderValue>) -> Response {
    let h = resp.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::HeaderName::from_static("x-robots-tag"),
        HeaderValue::from_static("noindex, nofollow"),
    );
    if let Some(c) = set_cookie {
        h.append(header::SET_COOKIE, c);
    }
    resp
}

fn result(
    viewer: &Viewer,
    status: StatusCode,
    heading: &str,
    body: String,
    hint: bool,
) -> Response {
    let t = viewer.t();
    let page = ResultPage {
        heading: t.msg(heading),
        body,
        hint,
        t,
        page: viewer.layout(),
    };
    private(viewer.render_status(status, &page), None)
}

fn invalid(viewer: &Viewer) -> Response {
    let body = viewer.t().msg("ping-invalid-body");
    result(
        viewer,
        StatusCode::NOT_FOUND,
        "ping-invalid-heading",
        body,
        false,
    )
}

fn used(viewer: &Viewer, status: StatusCode, at: Timestamp) -> Response {
    let lang = viewer.lang();
    let body = i18n::tr(
        lang,
        "ping-used-body",
        &[("at", &format::date_time(lang, at))],
    );
    result(viewer, status, "ping-used-heading", body, true)
}

fn confirm(viewer: &Viewer, token: &str, found: &PingForToken, now: Timestamp) -> Response {
    let lang = viewer.lang();
    let c = &found.entry.content;
    let (csrf, set_cookie) = viewer.pre_session_csrf();
    let due_at = found.challenge.due_at();
    let page = ConfirmPage {
        action: format!("/ping/{token}"),
        csrf,
        entry: c.display_name().to_owned(),
        entry_lang: c.entry_language.as_str(),
        translation: c
            .translation_en
            .as_ref()
            .and_then(|t| t.person_name.as_ref().or(t.entity_name.as_ref()))
            .map(|n| n.as_str().to_owned())
            .filter(|_| c.entry_language != liaison_core::EntryLanguage::En),
        state: c.state.state().name(lang).to_owned(),
        role: role_name(lang, c.role),
        campaign: format::date(lang, found.campaign.started_at),
        due: due_at
            .map(|d| format::date_time(lang, d))
            .unwrap_or_default(),
        late: due_at.is_some_and(|d| now > d),
        t: viewer.t(),
        page: viewer.layout(),
    };
    private(viewer.render(&page), set_cookie)
}

async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(token): Path<String>,
) -> Result<Response, PageFailure> {
    match s.app.ping_for_token(&token).await {
        Ok(found) => Ok(match found.challenge.acknowledged_at {
            Some(at) => used(&viewer, StatusCode::OK, at),
            None => confirm(&viewer, &token, &found, s.app.now()),
        }),
        Err(AppError::PingNotValid) => Ok(invalid(&viewer)),
        Err(e) => Err(viewer.fail(e)),
    }
}

async fn acknowledge(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(token): Path<String>,
    axum::Form(form): axum::Form<AckForm>,
) -> Result<Response, PageFailure> {
    viewer.check_pre_session_csrf(&form.csrf)?;
    let lang = viewer.lang();
    match s.app.acknowledge_ping_token(&token, AckChannel::Link).await {
        Ok(done) => {
            let at = format::date_time(lang, done.ack.at);
            let id = if done.ack.on_time {
                "ping-done-on-time"
            } else {
                "ping-done-late"
            };
            let body = i18n::tr(lang, id, &[("at", &at)]);
            Ok(result(
                &viewer,
                StatusCode::OK,
                "ping-done-heading",
                body,
                true,
            ))
        }
        Err(AppError::AlreadyAcknowledged(at)) => Ok(used(&viewer, StatusCode::CONFLICT, at)),
        Err(AppError::PingNotValid) => Ok(invalid(&viewer)),
        Err(e) => Err(viewer.fail(e)),
    }
}

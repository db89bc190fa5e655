//! The pages of threads between POCs (issue 5): the inbox and the state's threads
//! (`/threads`), a new inquiry (`/threads/new`), one thread (`/threads/{id}`), the key page
//! (`/account/key`), the records export (`/threads/export`) and the administrator's statistics
//! (`/threads/statistics`).
//!
//! What needs no decryption is server-rendered and works without JavaScript: lists, stages
//! and their times, notifications, acknowledging, closing, asking for and deciding on consent.
//! Everything that reads or writes content happens in the browser (`static/js/threads.mjs`
//! over `e2e.mjs`), which calls the thread API with the session and its CSRF token
//! (`threads_api::Caller`); without JavaScript those parts say so and point to the CLI. The
//! compose and response forms are disabled until the script takes them over, so a browser
//! without it can never submit plaintext to the server. Every rule stays in the use cases.

use super::{Layout, PageError, PageFailure, Tr, Viewer, see_other};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use jiff::Timestamp;
use liaison_app::{AppError, PocFilter};
use liaison_core::PocRole;
use liaison_core::inquiry::{FIELD_LABELS, Template as DocTemplate};
use liaison_core::permission::{Principal, Role};
use liaison_core::states::StateCode;
use liaison_core::thread::{
    ANNEX_A_10_NOTICE, ConsentAnswer, ConsentStatus, EXERCISE_LABEL, Stage, Thread, ThreadScope,
    ThreadState, Urgency,
};
use serde::Deserialize;
use uuid::Uuid;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/threads", get(inbox))
        .route("/threads/notifications/read", post(mark_read))
        .route("/threads/new", get(compose))
        .route("/threads/statistics", get(statistics))
        .route("/threads/export", get(export))
        .route("/threads/{id}", get(thread))
        .route("/threads/{id}/acknowledge", post(acknowledge))
        .route("/threads/{id}/close", post(close))
        .route("/threads/{id}/consents", post(request_consent))
        .route("/threads/{id}/consents/{consent}/{answer}", post(decide))
        .route("/account/key", get(key_page))
        .route("/static/e2e/{version}/{*file}", get(super::assets::serve))
}

// ----- shared pieces ------------------------------------------------------------------------

fn urgency_label(l: UiLanguage, u: Urgency) -> String {
    i18n::tr(l, u.label_id(), &[])
}

fn stage_label(l: UiLanguage, s: Stage) -> String {
    let id = match s {
        Stage::Sent => "threads-stage-sent",
        Stage::Delivered => "threads-stage-delivered",
        Stage::Acknowledged => "threads-stage-acknowledged",
        Stage::Responded => "threads-stage-responded",
    };
    i18n::tr(l, id, &[])
}

fn state_label(l: UiLanguage, s: ThreadState) -> String {
    let id = match s {
        ThreadState::Sent => "threads-stage-sent",
        ThreadState::Delivered => "threads-stage-delivered",
        ThreadState::Acknowledged => "threads-stage-acknowledged",
        ThreadState::Responded => "threads-stage-responded",
        ThreadState::Closed => "threads-stage-closed",
    };
    i18n::tr(l, id, &[])
}

fn consent_label(l: UiLanguage, s: ConsentStatus) -> String {
    let id = match s {
        ConsentStatus::Pending => "threads-consent-pending",
        ConsentStatus::Granted => "threads-consent-granted",
        ConsentStatus::Refused => "threads-consent-refused",
        ConsentStatus::Used => "threads-consent-used",
    };
    i18n::tr(l, id, &[])
}

fn role_label(l: UiLanguage, r: PocRole) -> String {
    let id = match r {
        PocRole::Diplomatic => "dir-role-diplomatic",
        PocRole::Technical => "dir-role-technical",
    };
    i18n::tr(l, id, &[])
}

fn when(l: UiLanguage, t: Option<Timestamp>) -> String {
    t.map(|t| format::date_time(l, t)).unwrap_or_default()
}

fn notice(t: &Tr) -> Vec<String> {
    ANNEX_A_10_NOTICE.iter().map(|id| t.msg(id)).collect()
}

/// "State — entity" of an entry as the reader sees it (the entry's text as written).
fn entry_name(s: &AppState, p: &Principal, l: UiLanguage, id: Uuid) -> String {
    match s.app.get_poc(p, id) {
        Ok(e) => format!(
            "{} — {}",
            e.content.state.state().name(l),
            e.content.display_name()
        ),
        Err(_) => id.to_string(),
    }
}

fn is_poc(p: &Principal) -> bool {
    p.role == Role::Poc
}

/// A refused thread operation as a page: the same translated reason the API gives.
fn refused(viewer: &Viewer, e: AppError) -> PageFailure {
    match crate::error::refusal_message(&e) {
        Some((status, message)) => viewer.fail(PageError::Refused(status, message)),
        None => viewer.fail(e),
    }
}

#[derive(Deserialize)]
struct CsrfForm {
    #[serde(default)]
    csrf: String,
}

/// What a page script needs: where the scripts are, this browser's CSRF token for the API
/// and the translated texts it shows (as `data-` attributes, so no inline script).
pub struct Script {
    /// The versioned path of the scripts (`assets::VERSION`).
    pub version: &'static str,
    pub csrf: String,
    /// The vendored library's licence (LGPL), served beside it.
    pub licence: String,
}

fn script(viewer: &Viewer) -> Script {
    Script {
        version: super::assets::VERSION.as_str(),
        csrf: viewer.csrf_token().to_owned(),
        licence: super::assets::licence(),
    }
}

// ----- the inbox ------------------------------------------------------------------------------

pub struct ThreadRow {
    pub href: String,
    pub urgency: String,
    pub urgency_class: &'static str,
    pub state: String,
    pub exercise: Option<String>,
    pub counterparts: String,
    pub created: String,
    pub last: String,
    pub unread: u32,
}

fn row(s: &AppState, p: &Principal, l: UiLanguage, t: &Thread, unread: u32) -> ThreadRow {
    let counterparts: Vec<String> = t
        .participants
        .iter()
        .filter(|x| Some(x.poc) != p.poc)
        .map(|x| entry_name(s, p, l, x.poc))
        .collect();
    ThreadRow {
        href: format!("/threads/{}", t.id),
        urgency: urgency_label(l, t.urgency),
        urgency_class: t.urgency.as_str(),
        state: state_label(l, t.state()),
        exercise: t.exercise.then(|| i18n::tr(l, EXERCISE_LABEL, &[])),
        counterparts: counterparts.join("; "),
        created: format::date_time(l, t.created_at),
        last: format::date_time(l, t.last_activity_at),
        unread,
    }
}

pub struct NotificationRow {
    pub href: String,
    pub text: String,
    pub at: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "threads_inbox.html")]
struct InboxPage {
    t: Tr,
    page: Layout,
    csrf: String,
    is_poc: bool,
    mine: Vec<ThreadRow>,
    notifications: Vec<NotificationRow>,
    unread_ids: String,
    state_name: String,
    state_threads: Vec<ThreadRow>,
    open: String,
    awaiting: String,
}

async fn inbox(State(s): State<AppState>, viewer: Viewer) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let l = viewer.lang();
    let (mine, notifications, unread_ids) = if is_poc(&p) {
        let mine = s.app.my_threads(&p).await.map_err(|e| viewer.fail(e))?;
        let list = s
            .app
            .notifications(&p, false, 20)
            .await
            .map_err(|e| viewer.fail(e))?;
        let unread: Vec<String> = list
            .iter()
            .filter(|n| n.read_at.is_none())
            .map(|n| n.id.to_string())
            .collect();
        let rows = list
            .iter()
            .map(|n| {
                let text = i18n::tr(l, n.kind.message_id(), &[]);
                NotificationRow {
                    href: format!("/threads/{}", n.thread),
                    text: if n.exercise {
                        format!("[{}] {text}", i18n::tr(l, EXERCISE_LABEL, &[]))
                    } else {
                        text
                    },
                    at: format::date_time(l, n.at),
                    unread: n.read_at.is_none(),
                }
            })
            .collect();
        let mine = mine
            .iter()
            .map(|i| row(&s, &p, l, &i.thread, i.unread))
            .collect();
        (mine, rows, unread.join(","))
    } else {
        (Vec::new(), Vec::new(), String::new())
    };
    // The administrator never sees a thread, not even this list (invariant 11).
    let st = s.app.state_threads(&p).await.map_err(|e| viewer.fail(e))?;
    let state_threads = st
        .threads
        .iter()
        .filter(|t| p.poc.is_none_or(|me| !t.is_participant(me)))
        .map(|t| row(&s, &p, l, t, 0))
        .collect();
    let t = viewer.t();
    Ok(viewer.render(&InboxPage {
        csrf: viewer.csrf_token().to_owned(),
        is_poc: is_poc(&p),
        mine,
        notifications,
        unread_ids,
        state_name: st.state.state().name(l).to_owned(),
        state_threads,
        open: format::number(l, st.counts.open),
        awaiting: format::number(l, st.counts.awaiting_acknowledgement),
        t,
        page: viewer.layout(),
    }))
}

#[derive(Deserialize)]
struct ReadForm {
    #[serde(default)]
    csrf: String,
    /// Comma-separated notification ids (those the page showed unread).
    #[serde(default)]
    ids: String,
}

async fn mark_read(
    State(s): State<AppState>,
    viewer: Viewer,
    axum::Form(form): axum::Form<ReadForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let ids: Vec<Uuid> = form
        .ids
        .split(',')
        .filter(|s| !s.is_empty())
        .take(500)
        .map(Uuid::try_parse)
        .collect::<Result<_, _>>()
        .map_err(|_| viewer.fail(PageError::BadRequest))?;
    s.app
        .mark_notifications_read(&p, ids)
        .await
        .map_err(|e| viewer.fail(e))?;
    Ok(see_other("/threads"))
}

// ----- statistics (the administrator) -----------------------------------------------------------

pub struct StatRow {
    pub role: String,
    pub threads: String,
    pub open: String,
    pub closed: String,
    pub recipients: String,
    pub deliver: String,
    pub acknowledge: String,
    pub respond: String,
}

#[derive(Template)]
#[template(path = "threads_statistics.html")]
struct StatisticsPage {
    t: Tr,
    page: Layout,
    rows: Vec<StatRow>,
    excluded: String,
}

/// "median / 90th percentile (count)" in hours, or a dash when nothing was measured.
fn timing(l: UiLanguage, t: &liaison_core::thread::Timing) -> String {
    let hours = |s: i64| format!("{:.1}", s as f64 / 3600.0);
    match (t.median_seconds, t.p90_seconds) {
        (Some(m), Some(p)) => i18n::tr(
            l,
            "threads-stats-timing",
            &[
                ("median", &hours(m)),
                ("p90", &hours(p)),
                ("count", &format::number(l, t.count)),
            ],
        ),
        _ => "—".to_owned(),
    }
}

async fn statistics(State(s): State<AppState>, viewer: Viewer) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let l = viewer.lang();
    let st = s
        .app
        .thread_statistics(&p)
        .await
        .map_err(|e| viewer.fail(e))?;
    let n = |v: u64| format::number(l, v);
    let rows = st
        .by_role
        .iter()
        .map(|r| StatRow {
            role: role_label(l, r.role),
            threads: n(r.threads),
            open: n(r.open),
            closed: n(r.closed),
            recipients: n(r.recipients),
            deliver: timing(l, &r.time_to_deliver),
            acknowledge: timing(l, &r.time_to_acknowledge),
            respond: timing(l, &r.time_to_respond),
        })
        .collect();
    let t = viewer.t();
    Ok(viewer.render(&StatisticsPage {
        rows,
        excluded: n(st.exercise_threads_excluded),
        t,
        page: viewer.layout(),
    }))
}

// ----- a new inquiry --------------------------------------------------------------------------

pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub struct Recipient {
    pub id: String,
    pub label: String,
    pub has_key: bool,
    pub checked: bool,
}

/// One field of a template form: its JSON path (the `name` the script reads), its label in
/// the reader's language, and how to ask for it.
pub struct FormField {
    pub path: &'static str,
    pub id: String,
    pub label: String,
    /// `text`, `textarea`, `select`, `datetime`, `email`, `tel`, `checkbox`, `json`.
    pub input: &'static str,
    pub choices: Vec<Choice>,
    pub value: String,
}

fn label_of(l: UiLanguage, path: &str) -> String {
    FIELD_LABELS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, id)| i18n::tr(l, id, &[]))
        .unwrap_or_default()
}

fn fields(
    l: UiLanguage,
    template: DocTemplate,
    layout: &[(&'static str, &'static str)],
    prefill: &[(&str, String)],
) -> Vec<FormField> {
    let choices = template.choices();
    layout
        .iter()
        .map(|(path, input)| FormField {
            path,
            id: format!("f-{}", path.replace('.', "-")),
            label: label_of(l, path),
            input,
            choices: choices
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, values)| {
                    values
                        .iter()
                        .map(|(value, id)| Choice {
                            value: (*value).to_owned(),
                            label: i18n::tr(l, id, &[]),
                            selected: false,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            value: prefill
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, v)| v.clone())
                .unwrap_or_default(),
        })
        .collect()
}

/// The inquiry template as a form (appendix, inquiry procedure), in the template's order.
/// Urgency and respond-by are asked once, for the thread, and copied into the document.
const INQUIRY_FORM: &[(&str, &str)] = &[
    ("sender.name", "text"),
    ("sender.affiliation", "text"),
    ("incident.category", "select"),
    ("incident.sector", "select"),
    ("incident.observed_at", "datetime"),
    ("incident.description", "textarea"),
    ("request.type", "select"),
    ("request.details", "textarea"),
    ("contact.email", "email"),
    ("contact.phone", "tel"),
    ("contact.other", "text"),
    ("follow_up.proposed_channel", "text"),
    ("follow_up.primary_agency", "text"),
    ("tlp", "select"),
    ("stix", "json"),
];

/// The response template (appendix, response procedure).
const RESPONSE_FORM: &[(&str, &str)] = &[
    ("response.type", "select"),
    ("response.text", "textarea"),
    ("response.estimated_time_frame", "text"),
    ("response.expected_by", "datetime"),
    ("follow_up.channel_agreed", "checkbox"),
    ("follow_up.channel", "text"),
    ("follow_up.primary_agency", "text"),
    ("sender.name", "text"),
    ("sender.affiliation", "text"),
    ("tlp", "select"),
];

#[derive(Template)]
#[template(path = "threads_new.html")]
struct ComposePage {
    t: Tr,
    page: Layout,
    script: Script,
    title: String,
    fields: Vec<FormField>,
    urgencies: Vec<Choice>,
    recipients: Vec<Recipient>,
    refusal: Option<String>,
    writer_lang: &'static str,
    notice: Vec<String>,
    has_key: bool,
}

#[derive(Deserialize)]
struct ComposeQuery {
    to: Option<String>,
    #[allow(dead_code)]
    lang: Option<String>,
}

async fn compose(
    State(s): State<AppState>,
    viewer: Viewer,
    Query(q): Query<ComposeQuery>,
) -> Result<Response, PageFailure> {
    let signed_in = viewer.require()?;
    let p = signed_in.principal.clone();
    let l = viewer.lang();
    let me_id = p
        .poc
        .filter(|_| is_poc(&p))
        .ok_or_else(|| viewer.fail(PageError::Forbidden))?;
    let me = s.app.get_poc(&p, me_id).map_err(|e| viewer.fail(e))?;
    // A recipient proposed by a link (`?to=`): the same check as sending, so the reason for
    // a refusal (another role, the own state) is given before anything is written.
    let to = q.to.as_deref().and_then(|v| Uuid::try_parse(v).ok());
    let mut refusal = None;
    if let Some(id) = to
        && let Err(e) = s.app.check_recipient(&p, id)
    {
        let name = entry_name(&s, &p, l, id);
        refusal =
            crate::error::refusal_message(&e).map(|(_, m)| i18n::tr(l, m, &[("field", &name)]));
        if refusal.is_none() {
            return Err(viewer.fail(e));
        }
    }
    let now = s.app.now();
    let candidates = s.app.inquiry_candidates(&p).map_err(|e| viewer.fail(e))?;
    let mut recipients: Vec<Recipient> = candidates
        .iter()
        .map(|e| Recipient {
            id: e.id.to_string(),
            label: format!(
                "{} — {}",
                e.content.state.state().name(l),
                e.content.display_name()
            ),
            has_key: e
                .content
                .openpgp_key
                .as_ref()
                .is_some_and(|k| k.usable_for_encryption(now)),
            checked: Some(e.id) == to && refusal.is_none(),
        })
        .collect();
    recipients.sort_by(|a, b| a.label.cmp(&b.label));
    let prefill = [
        ("sender.name", signed_in.user.display_name.clone()),
        (
            "sender.affiliation",
            me.content
                .entity_name
                .as_ref()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        ),
        (
            "contact.email",
            me.content
                .emails
                .first()
                .map(|e| e.as_str().to_owned())
                .unwrap_or_default(),
        ),
    ];
    let t = viewer.t();
    Ok(viewer.render(&ComposePage {
        script: script(&viewer),
        title: t.msg(DocTemplate::InquiryV1.title_id()),
        fields: fields(l, DocTemplate::InquiryV1, INQUIRY_FORM, &prefill),
        urgencies: Urgency::ALL
            .iter()
            .map(|u| Choice {
                value: u.as_str().to_owned(),
                label: urgency_label(l, *u),
                selected: *u == Urgency::Normal,
            })
            .collect(),
        recipients,
        refusal,
        writer_lang: l.as_str(),
        notice: notice(&t),
        has_key: me.content.openpgp_key.is_some(),
        t,
        page: viewer.layout(),
    }))
}

// ----- one thread -----------------------------------------------------------------------------

pub struct ParticipantRow {
    pub poc: String,
    pub name: String,
    pub role: String,
    pub is_sender: bool,
    pub is_me: bool,
    pub stage: String,
    pub sent: String,
    pub delivered: String,
    pub acknowledged: String,
    pub responded: String,
    pub awaiting_key: bool,
}

pub struct ConsentRow {
    pub id: String,
    pub status: String,
    pub requested_by: String,
    pub at: String,
    pub targets: String,
    /// The reader may decide on it now.
    pub can_decide: bool,
    /// The reader asked for it: it may try to forward with it.
    pub mine: bool,
    pub target_ids: String,
}

#[derive(Template)]
#[template(path = "threads_view.html")]
struct ThreadPage {
    t: Tr,
    page: Layout,
    script: Script,
    id: String,
    csrf: String,
    urgency: String,
    urgency_class: &'static str,
    state: String,
    exercise: Option<String>,
    respond_by: String,
    created: String,
    closed: String,
    forwarded_from: Option<String>,
    participants: Vec<ParticipantRow>,
    notice: Vec<String>,
    participant: bool,
    /// A POC of a state taking part (participant or not): it may read and write the state's
    /// coordination notes (A§9).
    can_note: bool,
    open: bool,
    can_acknowledge: bool,
    consents: Vec<ConsentRow>,
    targets: Vec<Recipient>,
    response_fields: Vec<FormField>,
    writer_lang: &'static str,
}

async fn thread(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> Result<Response, PageFailure> {
    let signed_in = viewer.require()?;
    let p = signed_in.principal.clone();
    let l = viewer.lang();
    let id = Uuid::try_parse(&id).map_err(|_| viewer.fail(PageError::NotFound))?;
    let detail = s
        .app
        .thread_overview(&p, id)
        .await
        .map_err(|e| refused(&viewer, e))?;
    let th = &detail.thread;
    let participant = detail.scope == ThreadScope::Participant;
    let me = p.poc.filter(|_| participant);
    let participants = th
        .participants
        .iter()
        .map(|x| {
            let g = x.progress.as_ref();
            ParticipantRow {
                poc: x.poc.to_string(),
                name: entry_name(&s, &p, l, x.poc),
                role: role_label(l, x.role),
                is_sender: x.is_sender,
                is_me: Some(x.poc) == me,
                stage: g.map(|g| stage_label(l, g.stage())).unwrap_or_default(),
                sent: when(l, g.map(|g| g.sent_at)),
                delivered: when(l, g.and_then(|g| g.delivered_at)),
                acknowledged: when(l, g.and_then(|g| g.acknowledged_at)),
                responded: when(l, g.and_then(|g| g.responded_at)),
                awaiting_key: x.awaiting_key,
            }
        })
        .collect();
    let can_acknowledge = me.is_some_and(|me| {
        th.is_open()
            && th
                .participant(me)
                .and_then(|x| x.progress.as_ref())
                .is_some_and(|g| g.acknowledged_at.is_none())
    });
    let consents = detail
        .consents
        .iter()
        .map(|c| ConsentRow {
            id: c.id.to_string(),
            status: consent_label(l, c.status(th)),
            requested_by: entry_name(&s, &p, l, c.requested_by),
            at: format::date_time(l, c.at),
            targets: c
                .targets
                .iter()
                .map(|x| entry_name(&s, &p, l, *x))
                .collect::<Vec<_>>()
                .join("; "),
            can_decide: me.is_some_and(|me| c.can_decide(th, me).is_ok()),
            mine: me == Some(c.requested_by),
            target_ids: c
                .targets
                .iter()
                .map(Uuid::to_string)
                .collect::<Vec<_>>()
                .join(","),
        })
        .collect();
    // Third parties one could ask consent to forward to: the same role, other states, not
    // taking part. The use case checks again when asked.
    let targets = if participant && th.is_open() {
        let filter = PocFilter {
            state: None,
            role: Some(th.role),
            language: None,
            regional_group: None,
            q: None,
            include_retired: false,
        };
        let states = th.states();
        let mut v: Vec<Recipient> = s
            .app
            .list_pocs(&p, &filter, 1, 200)
            .map(|page| page.items)
            .unwrap_or_default()
            .iter()
            .filter(|e| !states.contains(&e.content.state) && e.is_active())
            .map(|e| Recipient {
                id: e.id.to_string(),
                label: format!(
                    "{} — {}",
                    e.content.state.state().name(l),
                    e.content.display_name()
                ),
                has_key: e.content.openpgp_key.is_some(),
                checked: false,
            })
            .collect();
        v.sort_by(|a, b| a.label.cmp(&b.label));
        v
    } else {
        Vec::new()
    };
    let prefill = [("sender.name", signed_in.user.display_name.clone())];
    let t = viewer.t();
    Ok(viewer.render(&ThreadPage {
        script: script(&viewer),
        id: th.id.to_string(),
        csrf: viewer.csrf_token().to_owned(),
        urgency: urgency_label(l, th.urgency),
        urgency_class: th.urgency.as_str(),
        state: state_label(l, th.state()),
        exercise: th.exercise.then(|| i18n::tr(l, EXERCISE_LABEL, &[])),
        respond_by: when(l, th.respond_by),
        created: format::date_time(l, th.created_at),
        closed: when(l, th.closed.as_ref().map(|c| c.at)),
        forwarded_from: th.forwarded_from.map(|f| format!("/threads/{f}")),
        participants,
        notice: notice(&t),
        participant,
        can_note: is_poc(&p)
            && matches!(
                detail.scope,
                ThreadScope::Participant | ThreadScope::OwnState
            ),
        open: th.is_open(),
        can_acknowledge,
        consents,
        targets,
        response_fields: fields(l, DocTemplate::ResponseV1, RESPONSE_FORM, &prefill),
        writer_lang: l.as_str(),
        t,
        page: viewer.layout(),
    }))
}

fn thread_id(viewer: &Viewer, id: &str) -> Result<Uuid, PageFailure> {
    Uuid::try_parse(id).map_err(|_| viewer.fail(PageError::NotFound))
}

/// Acknowledging receipt without JavaScript. The receipt is of what the server relayed: the
/// thread is opened for this browser first (as its script would), which records delivery
/// when the inquiry was not yet fetched, then acknowledged. An acknowledgement is a receipt,
/// never agreement (A§10).
async fn acknowledge(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let id = thread_id(&viewer, &id)?;
    s.app
        .open_thread(&p, id, "browser")
        .await
        .map_err(|e| refused(&viewer, e))?;
    s.app
        .acknowledge(&p, id, None)
        .await
        .map_err(|e| refused(&viewer, e))?;
    Ok(see_other(&format!("/threads/{id}")))
}

async fn close(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let id = thread_id(&viewer, &id)?;
    s.app
        .close_thread(&p, id)
        .await
        .map_err(|e| refused(&viewer, e))?;
    Ok(see_other(&format!("/threads/{id}")))
}

#[derive(Deserialize)]
struct ConsentForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    target: String,
}

async fn request_consent(
    State(s): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    axum::Form(form): axum::Form<ConsentForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let id = thread_id(&viewer, &id)?;
    let target =
        Uuid::try_parse(form.target.trim()).map_err(|_| viewer.fail(PageError::BadRequest))?;
    s.app
        .request_consent(&p, id, vec![target], None)
        .await
        .map_err(|e| refused(&viewer, e))?;
    Ok(see_other(&format!("/threads/{id}")))
}

async fn decide(
    State(s): State<AppState>,
    viewer: Viewer,
    Path((id, consent, answer)): Path<(String, String, String)>,
    axum::Form(form): axum::Form<CsrfForm>,
) -> Result<Response, PageFailure> {
    viewer.check_csrf(&form.csrf)?;
    let p = viewer.principal()?.clone();
    let id = thread_id(&viewer, &id)?;
    let consent = thread_id(&viewer, &consent)?;
    let answer = ConsentAnswer::parse(&answer).ok_or_else(|| viewer.fail(PageError::NotFound))?;
    s.app
        .decide_consent(&p, id, consent, answer, None)
        .await
        .map_err(|e| refused(&viewer, e))?;
    Ok(see_other(&format!("/threads/{id}")))
}

// ----- the key page and the records export ------------------------------------------------------

#[derive(Template)]
#[template(path = "threads_key.html")]
struct KeyPage {
    t: Tr,
    page: Layout,
    script: Script,
    poc: String,
    fingerprint: Option<String>,
    expires: String,
    name: String,
    entity: String,
    email: String,
}

async fn key_page(State(s): State<AppState>, viewer: Viewer) -> Result<Response, PageFailure> {
    let signed_in = viewer.require()?;
    let p = signed_in.principal.clone();
    let l = viewer.lang();
    let poc = p
        .poc
        .filter(|_| is_poc(&p))
        .ok_or_else(|| viewer.fail(PageError::Forbidden))?;
    let entry = s.app.get_poc(&p, poc).map_err(|e| viewer.fail(e))?;
    let key = entry.content.openpgp_key.as_ref();
    let t = viewer.t();
    Ok(viewer.render(&KeyPage {
        script: script(&viewer),
        poc: poc.to_string(),
        fingerprint: key.map(|k| k.fingerprint.clone()),
        expires: when(l, key.and_then(|k| k.expires_at)),
        name: signed_in.user.display_name.clone(),
        entity: entry
            .content
            .entity_name
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        email: entry
            .content
            .emails
            .first()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_default(),
        t,
        page: viewer.layout(),
    }))
}

#[derive(Template)]
#[template(path = "threads_export.html")]
struct ExportPage {
    t: Tr,
    page: Layout,
    script: Script,
    poc: String,
    state: String,
    role: &'static str,
    entity: String,
    version: &'static str,
}

async fn export(State(s): State<AppState>, viewer: Viewer) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let poc = p
        .poc
        .filter(|_| is_poc(&p))
        .ok_or_else(|| viewer.fail(PageError::Forbidden))?;
    let entry = s.app.get_poc(&p, poc).map_err(|e| viewer.fail(e))?;
    let state: StateCode = entry.content.state;
    let t = viewer.t();
    Ok(viewer.render(&ExportPage {
        script: script(&viewer),
        poc: poc.to_string(),
        state: state.as_str().to_owned(),
        role: entry.content.role.as_str(),
        entity: entry
            .content
            .entity_name
            .as_ref()
            .map(|e| e.as_str().to_owned())
            .unwrap_or_else(|| entry.content.display_name().to_owned()),
        version: env!("CARGO_PKG_VERSION"),
        t,
        page: viewer.layout(),
    }))
}

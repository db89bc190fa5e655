//! JSON API of threads between POCs (issue 5): inquiries, responses, acknowledgements,
//! coordination notes, consent to forward, notifications, the POC's keys, and the inquiry and
//! response templates with their labels in the reader's language.
//!
//! Message bodies arrive and leave as ASCII-armored OpenPGP ciphertext; the handlers parse
//! their packet headers into a `SealedMessage` at the edge and never log a body. Every answer
//! about a thread carries the Annex A §10 statements in the reader's language.

use crate::AppState;
use crate::api::{json_body, parse_id};
use crate::error::{ApiError, ErrorBody};
use crate::i18n::{self, UiLanguage};
use crate::views::{PocView, poc_view};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use liaison_app::AppError;
use liaison_app::threads::{
    AudienceMember, AudiencePurpose, NewInquiry, StateThreads, ThreadDetail, ThreadListItem,
};
use liaison_core::inquiry::{self, FIELD_LABELS, Template};
use liaison_core::openpgp::{OpenPgpKey, ProtectedSecretKey};
use liaison_core::sealed::SealedMessage;
use liaison_core::thread::{
    ANNEX_A_10_NOTICE, ConsentAnswer, ConsentRequest, EXERCISE_LABEL, Notification, Thread,
    ThreadScope, ThreadStatistics, Timing, Urgency,
};
use liaison_core::{ErrorCode, FieldError, ValidationErrors};
use liaison_store::threads::{KeyBlob, StoredMessage};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Largest body of a thread route: a ciphertext at its limit, in JSON.
pub const MAX_THREAD_BODY_BYTES: usize = 1536 * 1024;
/// The header naming the caller's device, for "delivered to a device" (optional).
pub const DEVICE_HEADER: &str = "liaison-device";

fn ts(t: jiff::Timestamp) -> String {
    t.round(jiff::Unit::Second).unwrap_or(t).to_string()
}

fn lang(uri: &Uri, headers: &HeaderMap) -> UiLanguage {
    crate::pages::choose_language(uri, headers).lang
}

fn invalid(field: &str, code: ErrorCode, detail: Option<String>) -> ApiError {
    let mut e = FieldError::new(field, code);
    if let Some(d) = detail {
        e = e.with_detail(d);
    }
    ApiError::from(ValidationErrors::single(e))
}

fn required<T>(v: Option<T>, field: &str) -> Result<T, ApiError> {
    v.ok_or_else(|| invalid(field, ErrorCode::Required, None))
}

fn sealed(raw: &str, field: &str) -> Result<SealedMessage, ApiError> {
    SealedMessage::parse(raw)
        .map_err(|e| invalid(field, ErrorCode::InvalidCiphertext, Some(e.detail().into())))
}

fn urgency(raw: Option<&str>) -> Result<Urgency, ApiError> {
    match raw {
        None => Ok(Urgency::Normal),
        Some(u) => Urgency::parse(u).ok_or_else(|| {
            let all: Vec<&str> = Urgency::ALL.iter().map(|u| u.as_str()).collect();
            invalid("urgency", ErrorCode::InvalidChoice, Some(all.join(", ")))
        }),
    }
}

/// The device label of a fetch: `Liaison-Device`, else "default".
fn device(headers: &HeaderMap) -> Result<String, ApiError> {
    let Some(v) = headers.get(DEVICE_HEADER) else {
        return Ok("default".into());
    };
    let s = v.to_str().unwrap_or("");
    let ok = !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(s.to_owned())
    } else {
        Err(invalid("Liaison-Device", ErrorCode::InvalidDevice, None))
    }
}

fn notice(l: UiLanguage) -> Vec<String> {
    ANNEX_A_10_NOTICE
        .iter()
        .map(|id| i18n::tr(l, id, &[]))
        .collect()
}

/// Who calls a thread route: a bearer token (the CLI, scripts), or the thread pages' own
/// script with the session cookie and its CSRF token (`pages::session::script_principal`).
/// Either way the same `Principal` reaches the same use case: the pages add no rules.
pub struct Caller(pub liaison_core::permission::Principal);

impl axum::extract::FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            let crate::api::Auth(p) = crate::api::Auth::from_request_parts(parts, state).await?;
            return Ok(Caller(p));
        }
        match crate::pages::session::script_principal(parts, state).await {
            Some(result) => Ok(Caller(result?)),
            None => Err(ApiError::App(AppError::Unauthenticated)),
        }
    }
}

// ----- shapes ---------------------------------------------------------------------------------

/// `low`, `normal`, `high` or `critical`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum UrgencyParam {
    Low,
    Normal,
    High,
    Critical,
}

/// `granted` or `refused`.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum AnswerParam {
    Granted,
    Refused,
}

/// A new inquiry. The body of the inquiry (the template document, `inquiry-v1`) is inside
/// `ciphertext`, encrypted by the sender to every recipient's published key and its own,
/// and signed; the server reads only the packet headers.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreadInput {
    /// Entry ids of POCs of the same role in other states (COM-01). At most 50.
    #[schema(min_items = 1, max_items = 50)]
    pub recipients: Vec<Uuid>,
    /// Default `normal`. `high` and `critical` also notify by e-mail.
    #[schema(inline, value_type = Option<UrgencyParam>)]
    pub urgency: Option<String>,
    /// RFC 3339; in the future, at most a year ahead.
    #[schema(format = DateTime)]
    pub respond_by: Option<String>,
    /// A simulation exercise: labelled EXERCISE, left out of statistics.
    pub exercise: Option<bool>,
    /// ASCII-armored OpenPGP message.
    #[schema(max_length = 1048576, pattern = "^\\s*-----BEGIN PGP MESSAGE-----")]
    pub ciphertext: String,
}

/// A message in a thread: ciphertext only.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SealedInput {
    /// ASCII-armored OpenPGP message, encrypted to every participant's key and the writer's.
    #[schema(max_length = 1048576, pattern = "^\\s*-----BEGIN PGP MESSAGE-----")]
    pub ciphertext: String,
}

/// An acknowledgement of receipt, with or without an encrypted message.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcknowledgementInput {
    #[schema(max_length = 1048576, pattern = "^\\s*-----BEGIN PGP MESSAGE-----")]
    pub ciphertext: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Entries of third states (same role) the content would be forwarded to.
    #[schema(min_items = 1, max_items = 50)]
    pub targets: Vec<Uuid>,
    /// An encrypted explanation for the participants.
    #[schema(max_length = 1048576, pattern = "^\\s*-----BEGIN PGP MESSAGE-----")]
    pub ciphertext: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    #[schema(inline, value_type = AnswerParam)]
    pub answer: String,
    #[schema(max_length = 1048576, pattern = "^\\s*-----BEGIN PGP MESSAGE-----")]
    pub ciphertext: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ForwardInput {
    /// The request for consent every other participant granted.
    pub consent: Uuid,
    /// The entries to forward to (among those the consent names).
    #[schema(min_items = 1, max_items = 50)]
    pub targets: Vec<Uuid>,
    /// The forwarded content, encrypted to the targets' keys and the forwarder's.
    #[schema(max_length = 1048576, pattern = "^\\s*-----BEGIN PGP MESSAGE-----")]
    pub ciphertext: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReadInput {
    /// Notification ids to mark read.
    #[schema(max_items = 500)]
    pub ids: Vec<Uuid>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyInput {
    /// ASCII-armored OpenPGP public key with an encryption subkey.
    #[schema(max_length = 65536)]
    pub openpgp_key: String,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyBlobInput {
    /// ASCII-armored OpenPGP private key, every secret key locked with a passphrase.
    #[schema(max_length = 65536)]
    pub armored: String,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantView {
    pub poc: Uuid,
    pub state: String,
    /// `diplomatic` or `technical`.
    pub role: String,
    pub is_sender: bool,
    /// For recipients: `sent`, `delivered`, `acknowledged` or `responded`.
    pub stage: Option<String>,
    pub sent_at: Option<String>,
    pub delivered_at: Option<String>,
    pub acknowledged_at: Option<String>,
    pub responded_at: Option<String>,
    /// The entry had no usable key for some message: it cannot read it until re-encrypted.
    pub awaiting_key: bool,
}

/// A thread's metadata (never its content).
#[derive(Serialize, ToSchema)]
pub struct ThreadView {
    pub id: Uuid,
    pub role: String,
    pub urgency: String,
    pub respond_by: Option<String>,
    pub exercise: bool,
    /// "EXERCISE" in the reader's language on an exercise thread.
    pub label: Option<String>,
    /// `sent`, `delivered`, `acknowledged`, `responded` or `closed`.
    pub state: String,
    pub created_at: String,
    pub last_activity_at: String,
    pub sender: Uuid,
    pub participants: Vec<ParticipantView>,
    pub closed_at: Option<String>,
    pub closed_by: Option<Uuid>,
    pub forwarded_from: Option<Uuid>,
    pub message_count: u32,
}

fn thread_view(t: &Thread, l: UiLanguage) -> ThreadView {
    ThreadView {
        id: t.id,
        role: t.role.as_str().to_owned(),
        urgency: t.urgency.as_str().to_owned(),
        respond_by: t.respond_by.map(ts),
        exercise: t.exercise,
        label: t.exercise.then(|| i18n::tr(l, EXERCISE_LABEL, &[])),
        state: t.state().as_str().to_owned(),
        created_at: ts(t.created_at),
        last_activity_at: ts(t.last_activity_at),
        sender: t.sender,
        participants: t
            .participants
            .iter()
            .map(|p| ParticipantView {
                poc: p.poc,
                state: p.state.as_str().to_owned(),
                role: p.role.as_str().to_owned(),
                is_sender: p.is_sender,
                stage: p.progress.as_ref().map(|g| g.stage().as_str().to_owned()),
                sent_at: p.progress.as_ref().map(|g| ts(g.sent_at)),
                delivered_at: p.progress.as_ref().and_then(|g| g.delivered_at.map(ts)),
                acknowledged_at: p.progress.as_ref().and_then(|g| g.acknowledged_at.map(ts)),
                responded_at: p.progress.as_ref().and_then(|g| g.responded_at.map(ts)),
                awaiting_key: p.awaiting_key,
            })
            .collect(),
        closed_at: t.closed.as_ref().map(|c| ts(c.at)),
        closed_by: t.closed.as_ref().map(|c| c.by),
        forwarded_from: t.forwarded_from,
        message_count: t.message_count,
    }
}

/// A thread after a change, with the Annex A §10 statements.
#[derive(Serialize, ToSchema)]
pub struct ThreadAnswer {
    pub thread: ThreadView,
    /// Annex A §10, in the reader's language: an acknowledgement does not imply agreement…
    pub notice: Vec<String>,
}

fn answer(t: &Thread, l: UiLanguage) -> ThreadAnswer {
    ThreadAnswer {
        thread: thread_view(t, l),
        notice: notice(l),
    }
}

#[derive(Serialize, ToSchema)]
pub struct ThreadListEntry {
    #[serde(flatten)]
    pub thread: ThreadView,
    /// Messages visible to the caller's entry that none of its devices fetched yet.
    pub unread: u32,
}

#[derive(Serialize, ToSchema)]
pub struct ThreadList {
    pub items: Vec<ThreadListEntry>,
    pub notice: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CopyView {
    pub id: Uuid,
    pub at: String,
    pub author: Uuid,
    /// Key IDs or fingerprints the session key is encrypted to (upper-case hex).
    pub encrypted_to: Vec<String>,
    /// ASCII-armored OpenPGP message.
    pub ciphertext: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageView {
    pub id: Uuid,
    pub seq: u32,
    /// `inquiry`, `response`, `acknowledgement`, `coordination_note`, `consent_request`,
    /// `consent_decision` or `forwarded`.
    pub kind: String,
    pub author: Uuid,
    pub at: String,
    /// For a coordination note: the state whose POCs it is for.
    pub note_state: Option<String>,
    /// The first copy, then re-encryptions. Empty for a bare acknowledgement.
    pub copies: Vec<CopyView>,
    /// Entries this message waits to be re-encrypted for.
    pub awaiting_key: Vec<Uuid>,
}

fn message_view(m: &StoredMessage) -> MessageView {
    MessageView {
        id: m.id,
        seq: m.seq,
        kind: m.kind.as_str().to_owned(),
        author: m.author,
        at: ts(m.at),
        note_state: m.note_state.map(|s| s.as_str().to_owned()),
        copies: m
            .copies
            .iter()
            .map(|c| CopyView {
                id: c.id,
                at: ts(c.at),
                author: c.author,
                encrypted_to: c.recipients.clone(),
                ciphertext: c.armored.clone(),
            })
            .collect(),
        awaiting_key: m
            .audience
            .iter()
            .filter(|(_, copy)| copy.is_none())
            .map(|(poc, _)| *poc)
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct DecisionView {
    pub poc: Uuid,
    /// `granted` or `refused`.
    pub answer: String,
    pub at: String,
    pub message: Option<Uuid>,
}

#[derive(Serialize, ToSchema)]
pub struct ConsentView {
    pub id: Uuid,
    pub thread: Uuid,
    pub requested_by: Uuid,
    pub at: String,
    pub targets: Vec<Uuid>,
    /// `pending`, `granted`, `refused` or `used`.
    pub status: String,
    /// Entries whose consent is needed.
    pub required_from: Vec<Uuid>,
    pub decisions: Vec<DecisionView>,
    pub message: Option<Uuid>,
    /// The thread the content was forwarded in.
    pub forwarded_thread: Option<Uuid>,
}

fn consent_view(c: &ConsentRequest, t: &Thread) -> ConsentView {
    ConsentView {
        id: c.id,
        thread: c.thread,
        requested_by: c.requested_by,
        at: ts(c.at),
        targets: c.targets.clone(),
        status: c.status(t).as_str().to_owned(),
        required_from: c.required_from(t),
        decisions: c
            .decisions
            .iter()
            .map(|d| DecisionView {
                poc: d.poc,
                answer: d.answer.as_str().to_owned(),
                at: ts(d.at),
                message: d.message,
            })
            .collect(),
        message: c.message,
        forwarded_thread: c.used_by,
    }
}

/// A thread as the caller may see it.
#[derive(Serialize, ToSchema)]
pub struct ThreadDetailView {
    pub thread: ThreadView,
    /// `participant` (content), or `own_state` (metadata and the own state's notes).
    pub access: String,
    pub messages: Vec<MessageView>,
    pub consents: Vec<ConsentView>,
    pub notice: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct UrgencyCounts {
    pub low: u64,
    pub normal: u64,
    pub high: u64,
    pub critical: u64,
}

#[derive(Serialize, ToSchema)]
pub struct StateCountsView {
    pub open: u64,
    pub closed: u64,
    pub open_diplomatic: u64,
    pub open_technical: u64,
    pub open_by_urgency: UrgencyCounts,
    pub awaiting_acknowledgement: u64,
}

/// The caller's state's threads (A§9 coordination): counts and metadata, no content.
#[derive(Serialize, ToSchema)]
pub struct StateThreadsView {
    pub state: String,
    pub counts: StateCountsView,
    pub threads: Vec<ThreadView>,
}

#[derive(Serialize, ToSchema)]
pub struct TimingView {
    pub count: u64,
    pub median_seconds: Option<i64>,
    pub p90_seconds: Option<i64>,
}

fn timing(t: &Timing) -> TimingView {
    TimingView {
        count: t.count,
        median_seconds: t.median_seconds,
        p90_seconds: t.p90_seconds,
    }
}

#[derive(Serialize, ToSchema)]
pub struct RoleStatisticsView {
    pub role: String,
    pub threads: u64,
    pub open: u64,
    pub closed: u64,
    pub recipients: u64,
    pub time_to_deliver: TimingView,
    pub time_to_acknowledge: TimingView,
    pub time_to_respond: TimingView,
}

/// Counts and timings only (A§16), exercises left out.
#[derive(Serialize, ToSchema)]
pub struct ThreadStatisticsView {
    pub by_role: Vec<RoleStatisticsView>,
    pub exercise_threads_excluded: u64,
}

fn statistics_view(s: &ThreadStatistics) -> ThreadStatisticsView {
    ThreadStatisticsView {
        by_role: s
            .by_role
            .iter()
            .map(|r| RoleStatisticsView {
                role: r.role.as_str().to_owned(),
                threads: r.threads,
                open: r.open,
                closed: r.closed,
                recipients: r.recipients,
                time_to_deliver: timing(&r.time_to_deliver),
                time_to_acknowledge: timing(&r.time_to_acknowledge),
                time_to_respond: timing(&r.time_to_respond),
            })
            .collect(),
        exercise_threads_excluded: s.exercise_threads_excluded,
    }
}

#[derive(Serialize, ToSchema)]
pub struct AudienceMemberView {
    pub poc: Uuid,
    pub state: String,
    /// Null when the entry has no usable key: it will wait for one.
    pub fingerprint: Option<String>,
    pub openpgp_key: Option<String>,
}

/// Whom to encrypt a new message (or note) for.
#[derive(Serialize, ToSchema)]
pub struct AudienceView {
    /// `message` or `note`.
    pub purpose: String,
    pub members: Vec<AudienceMemberView>,
}

fn audience_view(purpose: AudiencePurpose, members: &[AudienceMember]) -> AudienceView {
    AudienceView {
        purpose: match purpose {
            AudiencePurpose::Message => "message".into(),
            AudiencePurpose::Note => "note".into(),
        },
        members: members
            .iter()
            .map(|m| AudienceMemberView {
                poc: m.poc,
                state: m.state.as_str().to_owned(),
                fingerprint: m.key.as_ref().map(|k| k.fingerprint.clone()),
                openpgp_key: m.key.as_ref().map(|k| k.armored.clone()),
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct NotificationView {
    pub id: Uuid,
    pub thread: Uuid,
    pub kind: String,
    pub urgency: String,
    pub exercise: bool,
    /// What it says, in the reader's language ("EXERCISE" first on an exercise thread).
    pub text: String,
    pub at: String,
    pub read_at: Option<String>,
    /// `pending` when it is also to be sent by e-mail, else `not_requested`.
    pub email: String,
}

fn notification_view(n: &Notification, l: UiLanguage) -> NotificationView {
    let text = i18n::tr(l, n.kind.message_id(), &[]);
    NotificationView {
        id: n.id,
        thread: n.thread,
        kind: n.kind.as_str().to_owned(),
        urgency: n.urgency.as_str().to_owned(),
        exercise: n.exercise,
        text: if n.exercise {
            format!("[{}] {text}", i18n::tr(l, EXERCISE_LABEL, &[]))
        } else {
            text
        },
        at: ts(n.at),
        read_at: n.read_at.map(ts),
        email: n.email.as_str().to_owned(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct NotificationList {
    pub items: Vec<NotificationView>,
}

#[derive(Serialize, ToSchema)]
pub struct KeyBlobView {
    /// Fingerprint of the primary key in the blob.
    pub fingerprint: String,
    pub updated_at: String,
    /// Whether it is the key published on the caller's entry.
    pub matches_published_key: bool,
    /// The armored, passphrase-protected private key (only when reading it back).
    pub armored: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ChoiceView {
    pub value: String,
    pub label: String,
}

/// A template with what a form needs in the reader's language.
#[derive(Serialize, ToSchema)]
pub struct TemplateView {
    /// `inquiry-v1` or `response-v1`.
    pub name: String,
    pub title: String,
    /// The JSON Schema (2020-12) a document must follow; also in `docs/schemas/`.
    #[schema(value_type = Object)]
    pub schema: serde_json::Value,
    /// Field labels by JSON path.
    pub labels: BTreeMap<String, String>,
    /// Closed choices by JSON path.
    pub choices: BTreeMap<String, Vec<ChoiceView>>,
    pub notice: Vec<String>,
    pub exercise_label: String,
}

// ----- threads --------------------------------------------------------------------------------

/// Send an inquiry: a new thread. Only a POC, to POCs of the same role in other states.
/// Recipients without a usable key are accepted, wait for one, and are told to publish it.
#[utoipa::path(post, path = "/api/v1/threads", tag = "threads", security(("bearer" = [])),
    request_body(content = ThreadInput, content_type = "application/json"),
    responses((status = 201, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_thread(
    State(s): State<AppState>,
    Caller(p): Caller,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let input: ThreadInput = required(json_body(&body)?, "recipients")?;
    let respond_by = match input.respond_by.as_deref() {
        None => None,
        Some(t) => Some(
            t.parse::<jiff::Timestamp>()
                .map_err(|_| invalid("respond_by", ErrorCode::InvalidTimestamp, None))?,
        ),
    };
    let new = NewInquiry {
        recipients: input.recipients,
        urgency: urgency(input.urgency.as_deref())?,
        respond_by,
        exercise: input.exercise.unwrap_or(false),
        ciphertext: sealed(&input.ciphertext, "ciphertext")?,
    };
    let t = s.app.send_inquiry(&p, new).await?;
    Ok((StatusCode::CREATED, Json(answer(&t, lang(&uri, &headers)))).into_response())
}

/// The caller's threads (a POC's), newest activity first, with stages and unread counts.
#[utoipa::path(get, path = "/api/v1/threads", tag = "threads", security(("bearer" = [])),
    responses((status = 200, body = ThreadList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_threads(
    State(s): State<AppState>,
    Caller(p): Caller,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<ThreadList>, ApiError> {
    let l = lang(&uri, &headers);
    let items: Vec<ThreadListItem> = s.app.my_threads(&p).await?;
    Ok(Json(ThreadList {
        items: items
            .iter()
            .map(|i| ThreadListEntry {
                thread: thread_view(&i.thread, l),
                unread: i.unread,
            })
            .collect(),
        notice: notice(l),
    }))
}

/// One thread. A participant gets every message's ciphertext (and its other state's notes are
/// left out); the first fetch by a recipient's device marks the inquiry delivered. POCs and
/// state administrators of a state taking part see its metadata (POCs also their own state's
/// coordination notes). The directory administrator is refused.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id"),
        ("Liaison-Device" = Option<String>, Header, nullable = false, pattern = "^[A-Za-z0-9._-]{1,64}$", description = "A label for the caller's device (delivery is recorded per device)")),
    responses((status = 200, body = ThreadDetailView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn get_thread(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<ThreadDetailView>, ApiError> {
    let id = parse_id(&id)?;
    let device = device(&headers)?;
    let d: ThreadDetail = s.app.open_thread(&p, id, &device).await?;
    let l = lang(&uri, &headers);
    Ok(Json(ThreadDetailView {
        thread: thread_view(&d.thread, l),
        access: match d.scope {
            ThreadScope::Participant => "participant".into(),
            _ => "own_state".into(),
        },
        messages: d.messages.iter().map(message_view).collect(),
        consents: d
            .consents
            .iter()
            .map(|c| consent_view(c, &d.thread))
            .collect(),
        notice: notice(l),
    }))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AudienceQuery {
    /// `message` (default: every participant) or `note` (the POCs of the caller's state).
    #[param(pattern = "^(message|note)$")]
    purpose: Option<String>,
    #[param(ignore)]
    #[allow(dead_code)]
    lang: Option<String>,
}

/// The entries (and their published keys) a new message or coordination note must be
/// encrypted to.
#[utoipa::path(get, path = "/api/v1/threads/{id}/audience", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id"), AudienceQuery),
    responses((status = 200, body = AudienceView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn thread_audience(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    Query(q): Query<AudienceQuery>,
) -> Result<Json<AudienceView>, ApiError> {
    let id = parse_id(&id)?;
    let purpose = match q.purpose.as_deref() {
        None | Some("message") => AudiencePurpose::Message,
        Some("note") => AudiencePurpose::Note,
        Some(_) => return Err(ApiError::BadParameter("purpose")),
    };
    let members = s.app.thread_audience(&p, id, purpose).await?;
    Ok(Json(audience_view(purpose, &members)))
}

/// Respond (the response template, encrypted), or follow up as the sender.
#[utoipa::path(post, path = "/api/v1/threads/{id}/responses", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = SealedInput, content_type = "application/json"),
    responses((status = 200, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn respond(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ThreadAnswer>, ApiError> {
    let id = parse_id(&id)?;
    let input: SealedInput = required(json_body(&body)?, "ciphertext")?;
    let t = s
        .app
        .respond(&p, id, sealed(&input.ciphertext, "ciphertext")?)
        .await?;
    Ok(Json(answer(&t, lang(&uri, &headers))))
}

/// Acknowledge receipt. An acknowledgement does not imply agreement (Annex A §10).
#[utoipa::path(post, path = "/api/v1/threads/{id}/acknowledgements", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = Option<AcknowledgementInput>, content_type = "application/json"),
    responses((status = 200, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn acknowledge(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ThreadAnswer>, ApiError> {
    let id = parse_id(&id)?;
    let input: Option<AcknowledgementInput> = json_body(&body)?;
    let sealed = match input.and_then(|i| i.ciphertext) {
        Some(c) => Some(sealed(&c, "ciphertext")?),
        None => None,
    };
    let t = s.app.acknowledge(&p, id, sealed).await?;
    Ok(Json(answer(&t, lang(&uri, &headers))))
}

/// Leave a coordination note for the POCs of the caller's own state (A§9), encrypted to
/// their keys. The other states' participants never see it.
#[utoipa::path(post, path = "/api/v1/threads/{id}/notes", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = SealedInput, content_type = "application/json"),
    responses((status = 200, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn post_note(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ThreadAnswer>, ApiError> {
    let id = parse_id(&id)?;
    let input: SealedInput = required(json_body(&body)?, "ciphertext")?;
    let t = s
        .app
        .post_note(&p, id, sealed(&input.ciphertext, "ciphertext")?)
        .await?;
    Ok(Json(answer(&t, lang(&uri, &headers))))
}

/// Close the thread for every participant.
#[utoipa::path(post, path = "/api/v1/threads/{id}/close", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    responses((status = 200, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_thread(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<ThreadAnswer>, ApiError> {
    let id = parse_id(&id)?;
    let t = s.app.close_thread(&p, id).await?;
    Ok(Json(answer(&t, lang(&uri, &headers))))
}

/// Add a copy of a message encrypted for entries that had no key when it was written.
#[utoipa::path(post, path = "/api/v1/threads/{id}/messages/{message}/copies", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id"), ("message" = Uuid, Path, description = "Message id")),
    request_body(content = SealedInput, content_type = "application/json"),
    responses((status = 200, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn reencrypt(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path((id, message)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<ThreadAnswer>, ApiError> {
    let id = parse_id(&id)?;
    let message = parse_id(&message)?;
    let input: SealedInput = required(json_body(&body)?, "ciphertext")?;
    let t = s
        .app
        .reencrypt(&p, id, message, sealed(&input.ciphertext, "ciphertext")?)
        .await?;
    Ok(Json(answer(&t, lang(&uri, &headers))))
}

/// Ask every other participant's consent to forward the thread's content to entries of
/// third states (A§11).
#[utoipa::path(post, path = "/api/v1/threads/{id}/consents", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = ConsentInput, content_type = "application/json"),
    responses((status = 201, body = ConsentView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn request_consent(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let input: ConsentInput = required(json_body(&body)?, "targets")?;
    let sealed = match input.ciphertext {
        Some(c) => Some(sealed(&c, "ciphertext")?),
        None => None,
    };
    let c = s.app.request_consent(&p, id, input.targets, sealed).await?;
    let t = s.app.store().thread(id).await.map_err(AppError::from)?;
    let t = t.ok_or(ApiError::App(AppError::NotFound))?;
    Ok((StatusCode::CREATED, Json(consent_view(&c, &t))).into_response())
}

/// Grant or refuse a request for consent (one refusal ends it).
#[utoipa::path(post, path = "/api/v1/threads/{id}/consents/{consent}/decision", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id"), ("consent" = Uuid, Path, description = "Request for consent")),
    request_body(content = DecisionInput, content_type = "application/json"),
    responses((status = 200, body = ConsentView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn decide_consent(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path((id, consent)): Path<(String, String)>,
    body: Bytes,
) -> Result<Json<ConsentView>, ApiError> {
    let id = parse_id(&id)?;
    let consent = parse_id(&consent)?;
    let input: DecisionInput = required(json_body(&body)?, "answer")?;
    let answer = ConsentAnswer::parse(&input.answer).ok_or_else(|| {
        invalid(
            "answer",
            ErrorCode::InvalidChoice,
            Some("granted, refused".into()),
        )
    })?;
    let sealed = match input.ciphertext {
        Some(c) => Some(sealed(&c, "ciphertext")?),
        None => None,
    };
    let c = s
        .app
        .decide_consent(&p, id, consent, answer, sealed)
        .await?;
    let t = s
        .app
        .store()
        .thread(id)
        .await
        .map_err(AppError::from)?
        .ok_or(ApiError::App(AppError::NotFound))?;
    Ok(Json(consent_view(&c, &t)))
}

/// Forward the thread's content to the entries a granted request for consent names: a new
/// thread. Refused without the consent of every other participant (A§11, COM-11).
#[utoipa::path(post, path = "/api/v1/threads/{id}/forward", tag = "threads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Thread id")),
    request_body(content = ForwardInput, content_type = "application/json"),
    responses((status = 201, body = ThreadAnswer), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn forward(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let input: ForwardInput = required(json_body(&body)?, "consent")?;
    let sealed = sealed(&input.ciphertext, "ciphertext")?;
    let t = s
        .app
        .forward(&p, id, input.consent, input.targets, sealed)
        .await?;
    Ok((StatusCode::CREATED, Json(answer(&t, lang(&uri, &headers)))).into_response())
}

/// The threads of the caller's own state, as counts and metadata (A§9 coordination): POCs and
/// state administrators of that state.
#[utoipa::path(get, path = "/api/v1/threads/state", tag = "threads", security(("bearer" = [])),
    responses((status = 200, body = StateThreadsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn state_threads(
    State(s): State<AppState>,
    Caller(p): Caller,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<StateThreadsView>, ApiError> {
    let l = lang(&uri, &headers);
    let v: StateThreads = s.app.state_threads(&p).await?;
    let by = |u: Urgency| {
        v.counts
            .open_by_urgency
            .iter()
            .find(|(x, _)| *x == u)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    Ok(Json(StateThreadsView {
        state: v.state.as_str().to_owned(),
        counts: StateCountsView {
            open: v.counts.open,
            closed: v.counts.closed,
            open_diplomatic: v.counts.open_diplomatic,
            open_technical: v.counts.open_technical,
            open_by_urgency: UrgencyCounts {
                low: by(Urgency::Low),
                normal: by(Urgency::Normal),
                high: by(Urgency::High),
                critical: by(Urgency::Critical),
            },
            awaiting_acknowledgement: v.counts.awaiting_acknowledgement,
        },
        threads: v.threads.iter().map(|t| thread_view(t, l)).collect(),
    }))
}

/// Counts and timings over all threads (the administrator, and the operator): by role, time to
/// delivery, acknowledgement and response; exercises left out. Never one thread's metadata.
#[utoipa::path(get, path = "/api/v1/threads/statistics", tag = "threads", security(("bearer" = [])),
    responses((status = 200, body = ThreadStatisticsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn thread_statistics(
    State(s): State<AppState>,
    Caller(p): Caller,
) -> Result<Json<ThreadStatisticsView>, ApiError> {
    let st = s.app.thread_statistics(&p).await?;
    Ok(Json(statistics_view(&st)))
}

// ----- notifications ----------------------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NotificationQuery {
    /// Only those not yet marked read.
    #[param(value_type = Option<bool>)]
    unread: Option<String>,
    /// At most this many (1–500, default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    limit: Option<String>,
    #[param(ignore)]
    #[allow(dead_code)]
    lang: Option<String>,
}

/// What is new for the caller's entry, newest first, in the reader's language.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "threads", security(("bearer" = [])), params(NotificationQuery),
    responses((status = 200, body = NotificationList), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn notifications(
    State(s): State<AppState>,
    Caller(p): Caller,
    Query(q): Query<NotificationQuery>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<NotificationList>, ApiError> {
    let unread = match q.unread.as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => return Err(ApiError::BadParameter("unread")),
    };
    let limit = match q.limit.as_deref() {
        None => 100,
        Some(v) => v
            .parse::<i64>()
            .ok()
            .filter(|n| (1..=500).contains(n))
            .ok_or(ApiError::BadParameter("limit"))?,
    };
    let l = lang(&uri, &headers);
    let list = s.app.notifications(&p, unread, limit).await?;
    Ok(Json(NotificationList {
        items: list.iter().map(|n| notification_view(n, l)).collect(),
    }))
}

/// Mark notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "threads", security(("bearer" = [])),
    request_body(content = ReadInput, content_type = "application/json"),
    responses((status = 204), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn mark_read(
    State(s): State<AppState>,
    Caller(p): Caller,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let input: ReadInput = required(json_body(&body)?, "ids")?;
    if input.ids.len() > 500 {
        return Err(invalid("ids", ErrorCode::TooMany, Some("500".into())));
    }
    s.app.mark_notifications_read(&p, input.ids).await?;
    Ok(StatusCode::NO_CONTENT)
}

// ----- keys ---------------------------------------------------------------------------------------

/// Publish or rotate the OpenPGP key of the caller's own entry (a POC user). Recorded as a
/// revision of the entry with the POC user as actor.
#[utoipa::path(put, path = "/api/v1/pocs/{id}/openpgp-key", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id")),
    request_body(content = KeyInput, content_type = "application/json"),
    responses((status = 200, body = PocView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn publish_key(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<PocView>, ApiError> {
    let id = parse_id(&id)?;
    let input: KeyInput = required(json_body(&body)?, "openpgp_key")?;
    let key = OpenPgpKey::parse(&input.openpgp_key).map_err(|e| {
        invalid(
            "openpgp_key",
            ErrorCode::InvalidOpenpgpKey,
            Some(e.to_string()),
        )
    })?;
    let entry = s.app.publish_key(&p, id, key).await?;
    Ok(Json(poc_view(&entry, s.app.now())))
}

fn key_blob_view(
    s: &AppState,
    p: &liaison_core::permission::Principal,
    b: &KeyBlob,
    with_armored: bool,
) -> KeyBlobView {
    let published = s.app.get_poc(p, b.poc).ok().and_then(|e| {
        e.content
            .openpgp_key
            .as_ref()
            .map(|k| k.fingerprint.clone())
    });
    KeyBlobView {
        fingerprint: b.fingerprint.clone(),
        updated_at: ts(b.updated_at),
        matches_published_key: published.as_deref() == Some(b.fingerprint.as_str()),
        armored: with_armored.then(|| b.armored.clone()),
    }
}

/// The caller's passphrase-protected private key, as it keeps it on the server.
#[utoipa::path(get, path = "/api/v1/me/key-blob", tag = "pocs", security(("bearer" = [])),
    responses((status = 200, body = KeyBlobView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_key_blob(
    State(s): State<AppState>,
    Caller(p): Caller,
) -> Result<Json<KeyBlobView>, ApiError> {
    let b = s.app.key_blob(&p).await?;
    Ok(Json(key_blob_view(&s, &p, &b, true)))
}

/// Keep (or replace) the caller's private key on the server, locked with a passphrase the
/// server never sees, so that one person can use several devices.
#[utoipa::path(put, path = "/api/v1/me/key-blob", tag = "pocs", security(("bearer" = [])),
    request_body(content = KeyBlobInput, content_type = "application/json"),
    responses((status = 200, body = KeyBlobView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_key_blob(
    State(s): State<AppState>,
    Caller(p): Caller,
    body: Bytes,
) -> Result<Json<KeyBlobView>, ApiError> {
    let input: KeyBlobInput = required(json_body(&body)?, "armored")?;
    let blob = ProtectedSecretKey::parse(&input.armored).map_err(|e| {
        invalid(
            "armored",
            ErrorCode::InvalidKeyBlob,
            Some(e.detail().into()),
        )
    })?;
    let b = s.app.put_key_blob(&p, blob).await?;
    Ok(Json(key_blob_view(&s, &p, &b, false)))
}

// ----- templates ------------------------------------------------------------------------------

/// A template (`inquiry-v1`, `response-v1`): its JSON Schema, and its title, field labels,
/// choices and the Annex A §10 statements in the reader's language. Any signed-in user of a
/// participating state.
#[utoipa::path(get, path = "/api/v1/templates/{name}", tag = "threads", security(("bearer" = [])),
    params(("name" = String, Path, description = "`inquiry-v1` or `response-v1`")),
    responses((status = 200, body = TemplateView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn template(
    State(s): State<AppState>,
    Caller(p): Caller,
    Path(name): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Json<TemplateView>, ApiError> {
    s.app.check_can_read_directory(&p)?;
    let t = Template::parse(&name).ok_or(ApiError::App(AppError::NotFound))?;
    let l = lang(&uri, &headers);
    let paths = t.field_paths();
    Ok(Json(TemplateView {
        name,
        title: i18n::tr(l, t.title_id(), &[]),
        schema: inquiry::json_schema(t),
        labels: FIELD_LABELS
            .iter()
            .filter(|(path, _)| paths.iter().any(|p| p == path))
            .map(|(path, id)| ((*path).to_owned(), i18n::tr(l, id, &[])))
            .collect(),
        choices: t
            .choices()
            .into_iter()
            .map(|(path, values)| {
                let list = values
                    .into_iter()
                    .map(|(value, id)| ChoiceView {
                        value: value.to_owned(),
                        label: i18n::tr(l, id, &[]),
                    })
                    .collect();
                (path, list)
            })
            .collect(),
        notice: notice(l),
        exercise_label: i18n::tr(l, EXERCISE_LABEL, &[]),
    }))
}

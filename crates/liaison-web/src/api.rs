//! JSON API handlers under `/api/v1`. Each one authenticates, parses its input into domain
//! values, calls one use case and renders the result; no rule of Annex A lives here.

use crate::AppState;
use crate::error::{ApiError, ErrorBody};
use crate::views::*;
use axum::Json;
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use liaison_app::{AppError, PocFilter};
use liaison_core::codes::Flag;
use liaison_core::permission::{Principal, Standing};
use liaison_core::poc::parse_submission_bytes;
use liaison_core::states::{RegionalGroup, StateCode};
use liaison_core::text::{CleanText, Cleaned, MAX_REASON_CHARS};
use liaison_core::{ErrorCode, FieldError, PocRole, ValidationErrors};
use liaison_store::AuditQuery;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The authenticated caller.
pub struct Auth(pub Principal);

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(AppError::Unauthenticated)?;
        Ok(Auth(state.app.authenticate(secret).await?))
    }
}

fn parse_state(code: &str) -> Result<StateCode, ApiError> {
    StateCode::parse(&code.to_ascii_uppercase()).ok_or(ApiError::App(AppError::NotFound))
}

pub(crate) fn parse_id(id: &str) -> Result<Uuid, ApiError> {
    Uuid::try_parse(id).map_err(|_| ApiError::App(AppError::NotFound))
}

/// `If-Match: "r3"` → expected revision 3.
fn if_match(headers: &HeaderMap) -> Result<Option<u32>, ApiError> {
    let Some(v) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let s = v
        .to_str()
        .map_err(|_| ApiError::BadParameter("If-Match"))?
        .trim();
    // `*` means "whatever the current revision is" (RFC 9110 §13.1.1).
    if s == "*" {
        return Ok(None);
    }
    let s = s.strip_prefix("W/").unwrap_or(s);
    s.trim_matches('"')
        .strip_prefix('r')
        .and_then(|n| n.parse().ok())
        .map(Some)
        .ok_or(ApiError::BadParameter("If-Match"))
}

fn etag(revision: u32) -> HeaderValue {
    HeaderValue::from_str(&format!("\"r{revision}\"")).unwrap_or(HeaderValue::from_static("\"r0\""))
}

/// Body of admit, suspend and retire: an optional reason kept in the record.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonInput {
    /// Why (kept in the history and the audit log). At most 2000 characters.
    pub reason: Option<String>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FlagInput {
    #[schema(inline, value_type = FlagParam)]
    pub flag: String,
    pub reason: Option<String>,
}

fn clean_reason(raw: Option<&str>) -> Result<Option<CleanText>, ApiError> {
    match raw.map(|r| CleanText::parse("reason", r, MAX_REASON_CHARS)) {
        None | Some(Ok(Cleaned::Blank)) => Ok(None),
        Some(Ok(Cleaned::Value(v))) => Ok(Some(v)),
        Some(Err(e)) => Err(ValidationErrors::single(e).into()),
    }
}

pub(crate) fn json_body<T: serde::de::DeserializeOwned>(
    body: &[u8],
) -> Result<Option<T>, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    // `null` is the same as no body: the documented body is optional.
    serde_json::from_slice::<Option<T>>(body).map_err(|e| {
        let field = e.to_string().split('`').nth(1).unwrap_or("").to_owned();
        let code = match e.classify() {
            serde_json::error::Category::Data if e.to_string().starts_with("unknown field") => {
                ErrorCode::UnknownField
            }
            serde_json::error::Category::Data => ErrorCode::WrongType,
            _ => ErrorCode::InvalidJson,
        };
        ValidationErrors::single(
            FieldError::new(field, code).with_detail(format!("column {}", e.column())),
        )
        .into()
    })
}

fn reason_from(body: &[u8]) -> Result<Option<CleanText>, ApiError> {
    let input: Option<ReasonInput> = json_body(body)?;
    clean_reason(input.as_ref().and_then(|i| i.reason.as_deref()))
}

// ----- meta -----------------------------------------------------------------------------------

/// Liveness and a count of entries.
#[utoipa::path(get, path = "/healthz", tag = "meta", responses((status = 200, body = Health)))]
pub async fn healthz(State(s): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        entries: s.app.entry_count(),
    })
}

/// Who the token belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "meta", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = ErrorBody)))]
pub async fn me(Auth(p): Auth) -> Json<MeView> {
    Json(MeView {
        role: p.role.as_str().to_owned(),
        state: p.state.map(|s| s.as_str().to_owned()),
        poc: p.poc,
        standing: match p.standing {
            Standing::Participating => "participating".into(),
            Standing::Outside => "outside".into(),
        },
    })
}

// ----- states ---------------------------------------------------------------------------------

/// The 195 states with their participation and number of active POCs.
#[utoipa::path(get, path = "/api/v1/states", tag = "states", security(("bearer" = [])),
    responses((status = 200, body = StateList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_states(
    State(s): State<AppState>,
    Auth(p): Auth,
) -> Result<Json<StateList>, ApiError> {
    let list = s.app.list_states(&p)?;
    Ok(Json(StateList {
        items: list.iter().map(StateView::from).collect(),
    }))
}

/// One state with its participation history.
#[utoipa::path(get, path = "/api/v1/states/{code}", tag = "states", security(("bearer" = [])),
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code, e.g. FR")),
    responses((status = 400, body = ErrorBody), (status = 200, body = StateDetailView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_state(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(code): Path<String>,
) -> Result<Json<StateDetailView>, ApiError> {
    let code = parse_state(&code)?;
    let overview = s.app.state(&p, code)?;
    let history = s.app.participation_history(&p, code).await?;
    Ok(Json(StateDetailView {
        state: StateView::from(&overview),
        history: history.iter().map(Into::into).collect(),
    }))
}

/// Admit a state to the directory (A§6), or resume a suspended one. Administrator only.
#[utoipa::path(post, path = "/api/v1/states/{code}/admit", tag = "states", security(("bearer" = [])),
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    request_body(content = Option<ReasonInput>, content_type = "application/json"),
    responses((status = 400, body = ErrorBody), (status = 200, body = StateDetailView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn admit_state(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<StateDetailView>, ApiError> {
    let code = parse_state(&code)?;
    let reason = reason_from(&body)?;
    s.app.admit_state(&p, code, reason).await?;
    state_detail(&s, &p, code).await
}

/// Suspend a participating state: its data stays, its users lose access until resumed.
#[utoipa::path(post, path = "/api/v1/states/{code}/suspend", tag = "states", security(("bearer" = [])),
    params(("code" = String, Path, description = "ISO 3166-1 alpha-2 code")),
    request_body(content = Option<ReasonInput>, content_type = "application/json"),
    responses((status = 400, body = ErrorBody), (status = 200, body = StateDetailView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn suspend_state(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<StateDetailView>, ApiError> {
    let code = parse_state(&code)?;
    let reason = reason_from(&body)?;
    s.app.suspend_state(&p, code, reason).await?;
    state_detail(&s, &p, code).await
}

async fn state_detail(
    s: &AppState,
    p: &Principal,
    code: StateCode,
) -> Result<Json<StateDetailView>, ApiError> {
    let overview = s.app.state(p, code)?;
    let history = s.app.participation_history(p, code).await?;
    Ok(Json(StateDetailView {
        state: StateView::from(&overview),
        history: history.iter().map(Into::into).collect(),
    }))
}

// ----- points of contact ----------------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PocListQuery {
    /// ISO 3166-1 alpha-2 code of a state.
    #[param(pattern = "^[A-Za-z]{2}$")]
    state: Option<String>,
    #[param(inline, value_type = Option<RoleParam>)]
    role: Option<String>,
    /// ISO 639-1 code: entries written in it or listing it as a working language.
    #[param(pattern = "^[A-Za-z]{2}$")]
    language: Option<String>,
    #[param(inline, value_type = Option<RegionalGroupParam>)]
    regional_group: Option<String>,
    /// Text search over names, titles and e-mails, in the original and the English
    /// translation (case, diacritics, Arabic letter forms, traditional/simplified Chinese and
    /// ё/е folded). Every word must match; results are ranked. At most 200 characters.
    #[param(max_length = 200)]
    q: Option<String>,
    /// Include retired entries.
    #[param(value_type = Option<bool>)]
    include_retired: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100000)]
    page: Option<String>,
    /// Entries per page (1–200, default 50).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 200)]
    per_page: Option<String>,
    /// The language of messages (read by the error renderer; accepted on every route).
    #[param(ignore)]
    #[allow(dead_code)]
    lang: Option<String>,
}

fn number(
    raw: Option<&str>,
    name: &'static str,
    default: usize,
    max: usize,
) -> Result<usize, ApiError> {
    match raw {
        None => Ok(default),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=max).contains(&n) => Ok(n),
            _ => Err(ApiError::BadParameter(name)),
        },
    }
}

impl PocListQuery {
    fn filter(&self) -> Result<PocFilter, ApiError> {
        let state = match self.state.as_deref() {
            None => None,
            Some(s) => Some(
                StateCode::parse(&s.to_ascii_uppercase()).ok_or(ApiError::BadParameter("state"))?,
            ),
        };
        let role = match self.role.as_deref() {
            None => None,
            Some(r) => Some(PocRole::parse(r).ok_or(ApiError::BadParameter("role"))?),
        };
        let language = match self.language.as_deref() {
            None => None,
            Some(l) => Some(
                liaison_core::LanguageTag::parse(l)
                    .filter(|_| l.len() == 2)
                    .map(|t| t.primary().to_owned())
                    .ok_or(ApiError::BadParameter("language"))?,
            ),
        };
        let regional_group = match self.regional_group.as_deref() {
            None => None,
            Some(g) => {
                Some(RegionalGroup::parse(g).ok_or(ApiError::BadParameter("regional_group"))?)
            }
        };
        if self.q.as_ref().is_some_and(|q| q.chars().count() > 200) {
            return Err(ApiError::BadParameter("q"));
        }
        let include_retired = match self.include_retired.as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(_) => return Err(ApiError::BadParameter("include_retired")),
        };
        Ok(PocFilter {
            state,
            role,
            language,
            regional_group,
            q: self.q.clone(),
            include_retired,
        })
    }
}

/// List and search points of contact, with filters and pagination.
#[utoipa::path(get, path = "/api/v1/pocs", tag = "pocs", security(("bearer" = [])), params(PocListQuery),
    responses((status = 200, body = PocPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_pocs(
    State(s): State<AppState>,
    Auth(p): Auth,
    Query(q): Query<PocListQuery>,
) -> Result<Json<PocPage>, ApiError> {
    let filter = q.filter()?;
    let page = number(q.page.as_deref(), "page", 1, 100_000)?;
    let per_page = number(q.per_page.as_deref(), "per_page", 50, 200)?;
    let app = s.app.clone();
    // Ranking a text query is CPU work: keep it off the I/O threads.
    let result = tokio::task::spawn_blocking(move || app.list_pocs(&p, &filter, page, per_page))
        .await
        .map_err(|_| ApiError::App(AppError::NotFound))??;
    let now = s.app.now();
    Ok(Json(PocPage {
        items: result.items.iter().map(|e| poc_view(e, now)).collect(),
        total: result.total,
        page: result.page,
        per_page: result.per_page,
    }))
}

/// The fields accepted when nominating or updating a POC: one line of the JSON Lines
/// interchange format. Unknown fields are refused; the read-only fields of `PocView` are
/// ignored, so an entry read from the API can be sent back as it is. Beyond what this schema
/// says the server checks: E.164 numbers, IANA zones, OpenPGP keys, at least one phone or
/// e-mail, `person_name`/`title` only for a person, no control or bidi-override characters.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct PocInput {
    /// Optional on creation (a UUID is generated); must match the address on update.
    id: Option<Uuid>,
    /// ISO 3166-1 alpha-2 code of the nominating state.
    #[schema(pattern = "^[A-Za-z]{2}$")]
    state: String,
    #[schema(inline)]
    role: RoleParam,
    #[schema(inline)]
    kind: KindParam,
    /// The authorised entity or institution (for a person: the one they represent), at most
    /// 1000 characters.
    #[schema(min_length = 1, max_length = 1000)]
    entity_name: String,
    /// Required for kind `person`; not allowed for `entity`.
    #[schema(max_length = 1000)]
    person_name: Option<String>,
    /// Only for kind `person`.
    #[schema(max_length = 1000)]
    title: Option<String>,
    /// E.164 numbers, as strings (voice) or typed objects. At most 10.
    #[schema(max_items = 10)]
    phones: Option<Vec<PhoneParam>>,
    /// At most 10 addresses.
    #[schema(max_items = 10)]
    emails: Option<Vec<String>>,
    /// ISO 639-1 codes (optionally with script/region); defaults to the entry language.
    #[schema(max_items = 20)]
    working_languages: Option<Vec<String>>,
    #[schema(inline)]
    entry_language: EntryLanguageParam,
    /// Informal English translation of the text fields.
    translation_en: Option<TranslationParam>,
    /// IANA time zone name, e.g. `Europe/Geneva`.
    time_zone: Option<String>,
    #[schema(inline)]
    availability: Option<AvailabilityParam>,
    /// ASCII-armored OpenPGP public key.
    openpgp_key: Option<String>,
    /// The same POC in another directory.
    external_ref: Option<ExternalRefParam>,
    /// Why the change is made (kept in the revision).
    #[schema(max_length = 2000)]
    reason: Option<String>,
}

/// `diplomatic` or `technical` (A§9).
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum RoleParam {
    Diplomatic,
    Technical,
}

/// `entity` or `person` (A§7(a)(ii)).
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum KindParam {
    Entity,
    Person,
}

/// The language the entry is written in.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum EntryLanguageParam {
    Ar,
    Zh,
    En,
    Fr,
    Ru,
    Es,
}

#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum AvailabilityParam {
    #[serde(rename = "business_hours")]
    BusinessHours,
    #[serde(rename = "24/7")]
    AlwaysOn,
}

#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum PhoneTypeParam {
    Voice,
    Mobile,
    Emergency,
    Fax,
}

#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum FlagParam {
    Unreachable,
    Unverified,
}

/// A UN regional group.
#[derive(serde::Serialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // documents accepted values; parsing is done by liaison-core
pub enum RegionalGroupParam {
    African,
    AsiaPacific,
    EasternEuropean,
    LatinAmericanCaribbean,
    WesternEuropeanOthers,
}

/// A phone number: a plain E.164 string (a voice line) or a typed object.
#[derive(serde::Serialize, ToSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub enum PhoneParam {
    Plain(String),
    Typed(TypedPhoneParam),
}

#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub struct TypedPhoneParam {
    /// E.164, e.g. `+41227917000`.
    number: String,
    #[serde(rename = "type")]
    #[schema(inline)]
    kind: Option<PhoneTypeParam>,
}

#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub struct TranslationParam {
    entity_name: Option<String>,
    person_name: Option<String>,
    title: Option<String>,
}

#[derive(serde::Serialize, ToSchema)]
#[allow(dead_code)]
pub struct ExternalRefParam {
    directory: String,
    id: String,
}

/// Nominate a POC. Only the state's own state administrators.
#[utoipa::path(post, path = "/api/v1/pocs", tag = "pocs", security(("bearer" = [])),
    request_body(content = PocInput, content_type = "application/json"),
    responses((status = 201, body = CreatedPoc), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_poc(
    State(s): State<AppState>,
    Auth(p): Auth,
    body: Bytes,
) -> Result<Response, ApiError> {
    let sub = parse_submission_bytes(&body)?;
    let normalised = sub.normalisations.iter().map(note_view).collect();
    let entry = s.app.nominate_poc(&p, sub).await?;
    let view = CreatedPoc {
        id: entry.id,
        revision: entry.revision,
        normalised,
        entry: poc_view(&entry, s.app.now()),
    };
    let mut resp = (StatusCode::CREATED, Json(view)).into_response();
    resp.headers_mut()
        .insert(header::ETAG, etag(entry.revision));
    if let Ok(loc) = HeaderValue::from_str(&format!("/api/v1/pocs/{}", entry.id)) {
        resp.headers_mut().insert(header::LOCATION, loc);
    }
    Ok(resp)
}

fn note_view(n: &liaison_core::poc::Normalisation) -> NormalisationView {
    let note = serde_json::to_value(n.note)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default();
    NormalisationView {
        field: n.field.clone(),
        note,
    }
}

/// One POC (retired entries included). The ETag is the revision, for If-Match on update.
/// The thread pages' script reads recipients' published keys here with the session
/// (`threads_api::Caller`).
#[utoipa::path(get, path = "/api/v1/pocs/{id}", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id")),
    responses((status = 400, body = ErrorBody), (status = 200, body = PocView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_poc(
    State(s): State<AppState>,
    crate::threads_api::Caller(p): crate::threads_api::Caller,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let entry = s.app.get_poc(&p, parse_id(&id)?)?;
    let mut resp = Json(poc_view(&entry, s.app.now())).into_response();
    resp.headers_mut()
        .insert(header::ETAG, etag(entry.revision));
    Ok(resp)
}

/// Replace a POC's content (rolling update). Send `If-Match: "rN"` to refuse the change if
/// someone else changed the entry since revision N.
#[utoipa::path(put, path = "/api/v1/pocs/{id}", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id"), ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"r[0-9]{1,9}")$"#, description = "Expected revision, e.g. \"r3\" (or * for any)")),
    request_body(content = PocInput, content_type = "application/json"),
    responses((status = 200, body = CreatedPoc), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 413, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_poc(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = parse_id(&id)?;
    let expected = if_match(&headers)?;
    let sub = parse_submission_bytes(&body)?;
    let normalised = sub.normalisations.iter().map(note_view).collect();
    let entry = s.app.update_poc(&p, id, sub, expected).await?;
    let view = CreatedPoc {
        id: entry.id,
        revision: entry.revision,
        normalised,
        entry: poc_view(&entry, s.app.now()),
    };
    let mut resp = Json(view).into_response();
    resp.headers_mut()
        .insert(header::ETAG, etag(entry.revision));
    Ok(resp)
}

/// Retire a POC: kept in history, excluded from lookups and pings; never deleted.
#[utoipa::path(post, path = "/api/v1/pocs/{id}/retire", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id"), ("If-Match" = Option<String>, Header, nullable = false, pattern = r#"^(\*|(W/)?"r[0-9]{1,9}")$"#, description = "Expected revision, e.g. \"r3\" (or * for any)")),
    request_body(content = Option<ReasonInput>, content_type = "application/json"),
    responses((status = 200, body = PocView), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 412, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn retire_poc(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<PocView>, ApiError> {
    let id = parse_id(&id)?;
    let expected = if_match(&headers)?;
    let reason = reason_from(&body)?;
    let entry = s.app.retire_poc(&p, id, reason, expected).await?;
    Ok(Json(poc_view(&entry, s.app.now())))
}

/// Flag an entry (administrator): `unreachable` or `unverified`.
#[utoipa::path(post, path = "/api/v1/pocs/{id}/flags", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id")),
    request_body(content = FlagInput, content_type = "application/json"),
    responses((status = 400, body = ErrorBody), (status = 200, body = PocView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn flag_poc(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<PocView>, ApiError> {
    let id = parse_id(&id)?;
    let input: FlagInput = json_body(&body)?.ok_or_else(|| {
        ApiError::from(ValidationErrors::single(FieldError::new(
            "flag",
            ErrorCode::Required,
        )))
    })?;
    let flag = Flag::parse(&input.flag)
        .ok_or_else(|| crate::error::invalid("flag", ErrorCode::InvalidFlag))?;
    let reason = clean_reason(input.reason.as_deref())?;
    let entry = s.app.flag_poc(&p, id, flag, reason).await?;
    Ok(Json(poc_view(&entry, s.app.now())))
}

/// Clear a flag (administrator).
#[utoipa::path(delete, path = "/api/v1/pocs/{id}/flags/{flag}", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id"), ("flag" = String, Path, description = "`unreachable` or `unverified`")),
    responses((status = 400, body = ErrorBody), (status = 200, body = PocView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn unflag_poc(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path((id, flag)): Path<(String, String)>,
) -> Result<Json<PocView>, ApiError> {
    let id = parse_id(&id)?;
    let flag = Flag::parse(&flag).ok_or(ApiError::App(AppError::NotFound))?;
    let entry = s.app.unflag_poc(&p, id, flag, None).await?;
    Ok(Json(poc_view(&entry, s.app.now())))
}

/// Every revision of an entry, oldest first, with actor, time, reason, before and after.
#[utoipa::path(get, path = "/api/v1/pocs/{id}/revisions", tag = "pocs", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Entry id")),
    responses((status = 400, body = ErrorBody), (status = 200, body = RevisionList), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn poc_revisions(
    State(s): State<AppState>,
    Auth(p): Auth,
    Path(id): Path<String>,
) -> Result<Json<RevisionList>, ApiError> {
    let revisions = s.app.poc_revisions(&p, parse_id(&id)?).await?;
    let now = s.app.now();
    Ok(Json(RevisionList {
        items: revisions.iter().map(|r| revision_view(r, now)).collect(),
    }))
}

// ----- audit ----------------------------------------------------------------------------------

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditListQuery {
    /// Records about one state (state administrators always get their own state's).
    state: Option<String>,
    /// Records about one subject (entry id, token id, state code).
    subject: Option<String>,
    /// One action, e.g. `poc.update`.
    action: Option<String>,
    /// Only records older than this sequence number (paging).
    #[param(value_type = Option<i64>, minimum = 1)]
    before: Option<String>,
    /// At most this many records (1–500, default 100).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 500)]
    limit: Option<String>,
    #[param(ignore)]
    #[allow(dead_code)]
    lang: Option<String>,
}

/// The audit log, newest first: the administrator reads all of it, a state administrator its
/// own state's records.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", security(("bearer" = [])), params(AuditListQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit_log(
    State(s): State<AppState>,
    Auth(p): Auth,
    Query(q): Query<AuditListQuery>,
) -> Result<Json<AuditPage>, ApiError> {
    let limit = number(q.limit.as_deref(), "limit", 100, 500)? as i64;
    let before = match q.before.as_deref() {
        None => None,
        Some(b) => Some(
            b.parse::<i64>()
                .ok()
                .filter(|n| *n >= 1)
                .ok_or(ApiError::BadParameter("before"))?,
        ),
    };
    let bounded = |v: &Option<String>, name: &'static str| -> Result<Option<String>, ApiError> {
        match v {
            Some(x) if x.len() > 100 => Err(ApiError::BadParameter(name)),
            Some(x) if x.is_empty() => Ok(None),
            other => Ok(other.clone()),
        }
    };
    let query = AuditQuery {
        state: bounded(&q.state, "state")?.map(|s| s.to_ascii_uppercase()),
        subject: bounded(&q.subject, "subject")?,
        action: bounded(&q.action, "action")?,
        before,
        limit,
    };
    let records = s.app.audit_log(&p, query).await?;
    let next_before = if records.len() as i64 == limit {
        records.last().map(|r| r.seq)
    } else {
        None
    };
    Ok(Json(AuditPage {
        items: records.iter().map(Into::into).collect(),
        next_before,
    }))
}

//! The JSON shapes the API returns. They are built from domain values here and nowhere else;
//! their schemas go into the OpenAPI document, so what it says is what the server sends.

use liaison_core::audit::AuditRecord;
use liaison_core::participation::ParticipationEvent;
use liaison_core::poc::PointOfContact;
use liaison_core::revision::Revision;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

fn ts(t: jiff::Timestamp) -> String {
    // RFC 3339 in UTC, to the second: what a reader needs, stable for clients.
    t.round(jiff::Unit::Second).unwrap_or(t).to_string()
}

#[derive(Serialize, ToSchema)]
pub struct StateNamesView {
    pub ar: String,
    pub zh: String,
    pub en: String,
    pub fr: String,
    pub ru: String,
    pub es: String,
}

#[derive(Serialize, ToSchema)]
pub struct StateView {
    /// ISO 3166-1 alpha-2.
    pub code: String,
    pub iso3: String,
    pub m49: String,
    /// Official UN short names in the six languages.
    pub names: StateNamesView,
    /// UN regional group slug (`african`, `asia-pacific`, `eastern-european`,
    /// `latin-american-caribbean`, `western-european-others`); null for observer states.
    pub regional_group: Option<String>,
    /// `member` or `observer`.
    pub un_status: String,
    /// `not_participating`, `participating` or `suspended`.
    pub participation: String,
    pub participation_since: Option<String>,
    pub diplomatic_pocs: usize,
    pub technical_pocs: usize,
}

impl From<&liaison_app::StateOverview> for StateView {
    fn from(o: &liaison_app::StateOverview) -> Self {
        let s = o.state;
        StateView {
            code: s.iso2.clone(),
            iso3: s.iso3.clone(),
            m49: s.m49.clone(),
            names: StateNamesView {
                ar: s.names.ar.clone(),
                zh: s.names.zh.clone(),
                en: s.names.en.clone(),
                fr: s.names.fr.clone(),
                ru: s.names.ru.clone(),
                es: s.names.es.clone(),
            },
            regional_group: s.un_regional_group.map(|g| g.slug().to_owned()),
            un_status: match s.un_status {
                liaison_core::states::UnStatus::Member => "member".into(),
                liaison_core::states::UnStatus::Observer => "observer".into(),
            },
            participation: o.participation.as_str().to_owned(),
            participation_since: o.since.map(ts),
            diplomatic_pocs: o.diplomatic_pocs,
            technical_pocs: o.technical_pocs,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationEventView {
    /// `admitted`, `suspended` or `resumed`.
    pub change: String,
    pub at: String,
    pub actor: String,
    pub reason: Option<String>,
}

impl From<&ParticipationEvent> for ParticipationEventView {
    fn from(e: &ParticipationEvent) -> Self {
        ParticipationEventView {
            change: e.change.as_str().to_owned(),
            at: ts(e.at),
            actor: e.actor.clone(),
            reason: e.reason.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct StateDetailView {
    #[serde(flatten)]
    pub state: StateView,
    pub history: Vec<ParticipationEventView>,
}

#[derive(Serialize, ToSchema)]
pub struct StateList {
    pub items: Vec<StateView>,
}

#[derive(Serialize, ToSchema)]
pub struct PhoneView {
    /// E.164, e.g. `+41227917000`.
    pub number: String,
    /// `voice`, `mobile`, `emergency` or `fax`.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Serialize, ToSchema)]
pub struct TranslationView {
    pub entity_name: Option<String>,
    pub person_name: Option<String>,
    pub title: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ExternalRefView {
    pub directory: String,
    pub id: String,
}

#[derive(Serialize, ToSchema)]
pub struct OpenPgpView {
    /// Primary key fingerprint, upper-case hex.
    pub fingerprint: String,
    pub created_at: String,
    pub expires_at: Option<String>,
    pub algorithm: String,
    pub user_ids: Vec<String>,
    pub can_encrypt: bool,
    pub expired: bool,
    /// True when the key expires within 30 days (or has expired).
    pub expires_soon: bool,
}

#[derive(Serialize, ToSchema)]
pub struct FlagView {
    /// `unreachable` or `unverified`.
    pub flag: String,
    pub reason: Option<String>,
    pub set_at: String,
    pub set_by: String,
}

/// A point of contact. Field names are those of the JSON Lines interchange format; the fields
/// after `external_ref` are computed by the server and ignored when sent back.
#[derive(Serialize, ToSchema)]
pub struct PocView {
    pub id: Uuid,
    pub state: String,
    /// `diplomatic` or `technical`.
    pub role: String,
    /// `entity` or `person`.
    pub kind: String,
    pub entity_name: Option<String>,
    pub person_name: Option<String>,
    pub title: Option<String>,
    pub phones: Vec<PhoneView>,
    pub emails: Vec<String>,
    pub working_languages: Vec<String>,
    /// One of `ar zh en fr ru es`.
    pub entry_language: String,
    pub translation_en: Option<TranslationView>,
    /// IANA time zone.
    pub time_zone: Option<String>,
    /// `business_hours` or `24/7`.
    pub availability: Option<String>,
    /// The ASCII-armored OpenPGP public key, when published.
    pub openpgp_key: Option<String>,
    pub external_ref: Option<ExternalRefView>,
    /// `active` or `retired`.
    pub status: String,
    pub flags: Vec<FlagView>,
    pub revision: u32,
    pub created_at: String,
    pub updated_at: String,
    pub retired_at: Option<String>,
    pub last_verified_at: Option<String>,
    /// False when the entry has no e-mail address: a ping cannot reach it.
    pub pingable: bool,
    pub openpgp: Option<OpenPgpView>,
}

pub fn poc_view(p: &PointOfContact, now: jiff::Timestamp) -> PocView {
    let c = &p.content;
    let s = |t: &Option<liaison_core::text::CleanText>| t.as_ref().map(|v| v.as_str().to_owned());
    let soon = now
        .checked_add(jiff::SignedDuration::from_hours(24 * 30))
        .unwrap_or(now);
    PocView {
        id: p.id,
        state: c.state.as_str().to_owned(),
        role: c.role.as_str().to_owned(),
        kind: c.kind.as_str().to_owned(),
        entity_name: s(&c.entity_name),
        person_name: s(&c.person_name),
        title: s(&c.title),
        phones: c
            .phones
            .iter()
            .map(|ph| PhoneView {
                number: ph.number.as_str().to_owned(),
                kind: ph.kind.as_str().to_owned(),
            })
            .collect(),
        emails: c.emails.iter().map(|e| e.as_str().to_owned()).collect(),
        working_languages: c
            .working_languages
            .iter()
            .map(|l| l.as_str().to_owned())
            .collect(),
        entry_language: c.entry_language.as_str().to_owned(),
        translation_en: c.translation_en.as_ref().map(|t| TranslationView {
            entity_name: s(&t.entity_name),
            person_name: s(&t.person_name),
            title: s(&t.title),
        }),
        time_zone: c.time_zone.as_ref().map(|z| z.as_str().to_owned()),
        availability: c.availability.map(|a| a.as_str().to_owned()),
        openpgp_key: c.openpgp_key.as_ref().map(|k| k.armored.clone()),
        external_ref: c.external_ref.as_ref().map(|r| ExternalRefView {
            directory: r.directory.to_string(),
            id: r.id.to_string(),
        }),
        status: p.status.as_str().to_owned(),
        flags: p
            .flags
            .iter()
            .map(|f| FlagView {
                flag: f.flag.as_str().to_owned(),
                reason: s(&f.reason),
                set_at: ts(f.set_at),
                set_by: f.set_by.clone(),
            })
            .collect(),
        revision: p.revision,
        created_at: ts(p.created_at),
        updated_at: ts(p.updated_at),
        retired_at: p.retired_at.map(ts),
        last_verified_at: p.last_verified_at.map(ts),
        pingable: c.pingable(),
        openpgp: c.openpgp_key.as_ref().map(|k| OpenPgpView {
            fingerprint: k.fingerprint.clone(),
            created_at: ts(k.created_at),
            expires_at: k.expires_at.map(ts),
            algorithm: k.algorithm.clone(),
            user_ids: k.user_ids.clone(),
            can_encrypt: k.can_encrypt,
            expired: k.is_expired(now),
            expires_soon: k.expires_before(soon),
        }),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PocPage {
    pub items: Vec<PocView>,
    /// Number of matching entries across all pages.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedPoc {
    pub id: Uuid,
    pub revision: u32,
    /// What the server changed to accept the input (e.g. separators removed from a phone
    /// number); empty when the input was stored as sent.
    pub normalised: Vec<NormalisationView>,
    pub entry: PocView,
}

#[derive(Serialize, ToSchema)]
pub struct NormalisationView {
    pub field: String,
    /// e.g. `separators_removed`, `upper_cased`, `blank_treated_as_absent`, `not_pingable`.
    pub note: String,
}

#[derive(Serialize, ToSchema)]
pub struct RevisionView {
    pub number: u32,
    pub at: String,
    pub actor: String,
    /// `create`, `update`, `retire`, `flag` or `unflag`.
    pub change: String,
    pub reason: Option<String>,
    pub before: Option<PocView>,
    pub after: PocView,
}

pub fn revision_view(r: &Revision, now: jiff::Timestamp) -> RevisionView {
    RevisionView {
        number: r.number,
        at: ts(r.at),
        actor: r.actor.clone(),
        change: r.change.as_str().to_owned(),
        reason: r.reason.clone(),
        before: r.before.as_ref().map(|b| poc_view(b, now)),
        after: poc_view(&r.after, now),
    }
}

#[derive(Serialize, ToSchema)]
pub struct RevisionList {
    pub items: Vec<RevisionView>,
}

#[derive(Serialize, ToSchema)]
pub struct AuditRecordView {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    /// e.g. `poc.create`, `poc.update`, `state.admitted`, `token.issue`.
    pub action: String,
    pub state: Option<String>,
    pub subject: Option<String>,
    #[schema(value_type = Object)]
    pub detail: serde_json::Value,
    pub prev_hash: String,
    pub hash: String,
}

impl From<&AuditRecord> for AuditRecordView {
    fn from(r: &AuditRecord) -> Self {
        AuditRecordView {
            seq: r.seq,
            at: ts(r.at),
            actor: r.actor.clone(),
            action: r.action.clone(),
            state: r.state.clone(),
            subject: r.subject.clone(),
            detail: serde_json::from_str(&r.detail).unwrap_or(serde_json::Value::Null),
            prev_hash: r.prev_hash.clone(),
            hash: r.hash.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct AuditPage {
    pub items: Vec<AuditRecordView>,
    /// Pass as `before` to get the next (older) page; null at the start of the log.
    pub next_before: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct MeView {
    /// `admin`, `state-admin` or `poc`.
    pub role: String,
    pub state: Option<String>,
    pub poc: Option<Uuid>,
    /// `participating` or `outside`.
    pub standing: String,
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    pub status: String,
    pub entries: usize,
}

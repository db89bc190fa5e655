//! One entry (`/directory/{id}`): its text in the language it is written in (or, with
//! `?view=en`, the informal English translation), typed telephone numbers as `tel:` links,
//! e-mail addresses, working languages, the POC's local time, availability, the OpenPGP key
//! with an expiry warning, flags, and the revision history with a field-by-field diff.

use super::{
    Text, availability_name, change_name, entry_language_name, flag_name, kind_name, language_name,
    may_flag, may_manage, phone_type_name, role_name, uuid_in_path,
};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use crate::pages::{Layout, PageFailure, Tr, Viewer};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use liaison_core::codes::EntryLanguage;
use liaison_core::poc::PointOfContact;
use serde::Deserialize;

/// Keys whose expiry is this close are announced.
const KEY_WARNING_DAYS: i64 = 30;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EntryQuery {
    view: String,
    done: String,
}

pub struct PhoneView {
    pub href: String,
    pub number: String,
    pub kind: String,
}

pub struct KeyView {
    pub fingerprint: String,
    pub algorithm: String,
    pub created: String,
    pub expires: String,
    pub warning: Option<String>,
    pub user_ids: Vec<String>,
    pub armored: String,
}

pub struct FlagView {
    pub name: String,
    pub set: String,
    pub reason: String,
}

pub struct DiffRow {
    pub field: String,
    pub before: String,
    pub after: String,
}

pub struct RevisionView {
    pub number: String,
    pub change: String,
    pub by: String,
    pub reason: String,
    pub diff: Vec<DiffRow>,
}

#[derive(Template)]
#[template(path = "dir_entry.html")]
struct EntryPage {
    t: Tr,
    page: Layout,
    id: String,
    notice: Option<String>,
    heading: Text,
    retired: Option<String>,
    /// Shown in English translation (`?view=en`)?
    translated: bool,
    /// The link that switches between the original and the translation, with its label.
    toggle: Option<(String, String)>,
    original_language: String,
    entity: Option<Text>,
    person: Option<Text>,
    title: Option<Text>,
    state_code: String,
    state_name: String,
    role: String,
    kind: String,
    phones: Vec<PhoneView>,
    emails: Vec<String>,
    languages: String,
    time_zone: Option<String>,
    local_time: Option<String>,
    availability: Option<String>,
    key: Option<KeyView>,
    flags: Vec<FlagView>,
    external: Option<String>,
    created: String,
    updated: String,
    verified: Option<String>,
    /// The `unverified` flag is set: the page says why and what clears it.
    unverified: bool,
    revision: String,
    revisions: Vec<RevisionView>,
    can_manage: bool,
    can_flag: bool,
}

/// "0123 4567 89AB …": a fingerprint in groups of four, as people read it aloud.
fn grouped(fingerprint: &str) -> String {
    fingerprint
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The fields of an entry as a reader sees them, labelled, for comparing two versions.
fn readable_fields(lang: UiLanguage, e: &PointOfContact) -> Vec<(&'static str, String)> {
    let c = &e.content;
    let text = |t: Option<&liaison_core::text::CleanText>| {
        t.map(|v| v.as_str().to_owned()).unwrap_or_default()
    };
    let tr = c.translation_en.as_ref();
    vec![
        ("dir-field-role", role_name(lang, c.role)),
        ("dir-field-kind", kind_name(lang, c.kind)),
        ("dir-field-entity-name", text(c.entity_name.as_ref())),
        ("dir-field-person-name", text(c.person_name.as_ref())),
        ("dir-field-person-title", text(c.title.as_ref())),
        (
            "dir-field-entry-language",
            entry_language_name(lang, c.entry_language),
        ),
        (
            "dir-field-phones",
            c.phones
                .iter()
                .map(|p| format!("{} ({})", p.number.as_str(), phone_type_name(lang, p.kind)))
                .collect::<Vec<_>>()
                .join(super::list_separator(lang)),
        ),
        (
            "dir-field-emails",
            c.emails
                .iter()
                .map(|m| m.as_str())
                .collect::<Vec<_>>()
                .join(super::list_separator(lang)),
        ),
        (
            "dir-field-working-languages",
            c.working_languages
                .iter()
                .map(|w| language_name(lang, w.as_str()))
                .collect::<Vec<_>>()
                .join(super::list_separator(lang)),
        ),
        (
            "dir-field-time-zone",
            c.time_zone
                .as_ref()
                .map(|z| z.as_str().to_owned())
                .unwrap_or_default(),
        ),
        (
            "dir-field-availability",
            c.availability
                .map(|a| availability_name(lang, a))
                .unwrap_or_default(),
        ),
        (
            "dir-field-openpgp-key",
            c.openpgp_key
                .as_ref()
                .map(|k| grouped(&k.fingerprint))
                .unwrap_or_default(),
        ),
        (
            "dir-field-en-entity-name",
            text(tr.and_then(|t| t.entity_name.as_ref())),
        ),
        (
            "dir-field-en-person-name",
            text(tr.and_then(|t| t.person_name.as_ref())),
        ),
        (
            "dir-field-en-title",
            text(tr.and_then(|t| t.title.as_ref())),
        ),
        (
            "dir-field-external-ref",
            c.external_ref
                .as_ref()
                .map(|r| format!("{}: {}", r.directory.as_str(), r.id.as_str()))
                .unwrap_or_default(),
        ),
        (
            "dir-field-status",
            if e.is_active() {
                i18n::tr(lang, "dir-status-active", &[])
            } else {
                i18n::tr(lang, "dir-status-retired", &[])
            },
        ),
        (
            "dir-field-flags",
            e.flags
                .iter()
                .map(|f| flag_name(lang, f.flag))
                .collect::<Vec<_>>()
                .join(super::list_separator(lang)),
        ),
    ]
}

/// The fields that differ between two versions (every filled field for a new entry).
fn diff(lang: UiLanguage, before: Option<&PointOfContact>, after: &PointOfContact) -> Vec<DiffRow> {
    let after_fields = readable_fields(lang, after);
    let before_fields = before.map(|b| readable_fields(lang, b));
    after_fields
        .into_iter()
        .enumerate()
        .filter_map(|(i, (id, after))| {
            let before = before_fields
                .as_ref()
                .and_then(|b| b.get(i))
                .map(|(_, v)| v.clone())
                .unwrap_or_default();
            (before != after).then(|| DiffRow {
                field: i18n::tr(lang, id, &[]),
                before,
                after,
            })
        })
        .collect()
}

pub async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<EntryQuery>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let id = uuid_in_path(&viewer, &id)?;
    let e = s.app.get_poc(p, id).map_err(|e| viewer.fail(e))?;
    let revisions = s
        .app
        .poc_revisions(p, id)
        .await
        .map_err(|e| viewer.fail(e))?;
    let now = s.app.now();
    let c = &e.content;
    let original = c.entry_language;
    let translation = c
        .translation_en
        .as_ref()
        .filter(|_| original != EntryLanguage::En);
    let translated = q.view == "en" && translation.is_some();
    // Each field in the translation when asked for and present, else in the original.
    let pick = |orig: Option<&liaison_core::text::CleanText>,
                en: Option<&liaison_core::text::CleanText>| {
        match (translated, en) {
            (true, Some(t)) => Some(Text::new(t.as_str(), EntryLanguage::En)),
            _ => orig.map(|o| Text::new(o.as_str(), original)),
        }
    };
    let entity = pick(
        c.entity_name.as_ref(),
        translation.and_then(|t| t.entity_name.as_ref()),
    );
    let person = pick(
        c.person_name.as_ref(),
        translation.and_then(|t| t.person_name.as_ref()),
    );
    let title = pick(c.title.as_ref(), translation.and_then(|t| t.title.as_ref()));
    let heading = person
        .as_ref()
        .or(entity.as_ref())
        .map(|t| Text {
            value: t.value.clone(),
            lang: t.lang,
            dir: t.dir,
        })
        .unwrap_or_else(|| Text::new(&e.id.to_string(), EntryLanguage::En));
    let toggle = translation.map(|_| {
        if translated {
            (
                format!("/directory/{id}"),
                i18n::tr(
                    lang,
                    "dir-view-original",
                    &[("language", &entry_language_name(lang, original))],
                ),
            )
        } else {
            (
                format!("/directory/{id}?view=en"),
                i18n::tr(lang, "dir-view-translation", &[]),
            )
        }
    });
    let zone = c
        .time_zone
        .as_ref()
        .and_then(|z| jiff::tz::TimeZone::get(z.as_str()).ok());
    let local_time = zone.as_ref().map(|tz| format::date_time_in(lang, now, tz));
    let next_ping = s.app.ping_settings().next_campaign_after(now);
    let key = c.openpgp_key.as_ref().map(|k| {
        let soon = now
            .checked_add(jiff::SignedDuration::from_hours(KEY_WARNING_DAYS * 24))
            .unwrap_or(now);
        let warning = if k.is_expired(now) {
            Some(i18n::tr(lang, "dir-key-expired", &[]))
        } else if k.expires_before(soon) {
            Some(i18n::tr(lang, "dir-key-expiring", &[]))
        } else if k.expires_before(next_ping) {
            // The next ping test would find it expired (issue 4 item 5).
            Some(i18n::tr(
                lang,
                "fresh-key-before-next-ping",
                &[("when", &format::date(lang, next_ping))],
            ))
        } else {
            None
        };
        KeyView {
            fingerprint: grouped(&k.fingerprint),
            algorithm: k.algorithm.clone(),
            created: format::date(lang, k.created_at),
            expires: match k.expires_at {
                Some(t) => format::date(lang, t),
                None => i18n::tr(lang, "dir-key-never", &[]),
            },
            warning,
            user_ids: k.user_ids.clone(),
            armored: k.armored.clone(),
        }
    });
    let notice = match q.done.as_str() {
        "created" => Some(i18n::tr(lang, "dir-notice-created", &[])),
        "updated" => Some(i18n::tr(lang, "dir-notice-updated", &[])),
        "retired" => Some(i18n::tr(lang, "dir-notice-retired", &[])),
        _ => None,
    };
    let revisions = revisions
        .iter()
        .rev()
        .map(|r| RevisionView {
            number: format::number(lang, u64::from(r.number)),
            change: change_name(lang, r.change),
            by: i18n::tr(
                lang,
                "dir-revision-by",
                &[
                    ("actor", &r.actor),
                    ("when", &format::date_time(lang, r.at)),
                ],
            ),
            reason: r.reason.clone().unwrap_or_default(),
            diff: diff(lang, r.before.as_ref(), &r.after),
        })
        .collect();
    let page = EntryPage {
        t: viewer.t(),
        page: viewer.layout(),
        id: e.id.to_string(),
        notice,
        heading,
        retired: e.retired_at.map(|t| format::date(lang, t)),
        translated,
        toggle,
        original_language: entry_language_name(lang, original),
        entity,
        person,
        title,
        state_code: c.state.as_str().to_owned(),
        state_name: c.state.state().name(lang).to_owned(),
        role: role_name(lang, c.role),
        kind: kind_name(lang, c.kind),
        phones: c
            .phones
            .iter()
            .map(|ph| PhoneView {
                href: format!("tel:{}", ph.number.as_str()),
                number: ph.number.as_str().to_owned(),
                kind: phone_type_name(lang, ph.kind),
            })
            .collect(),
        emails: c.emails.iter().map(|m| m.as_str().to_owned()).collect(),
        languages: c
            .working_languages
            .iter()
            .map(|w| language_name(lang, w.as_str()))
            .collect::<Vec<_>>()
            .join(super::list_separator(lang)),
        time_zone: c.time_zone.as_ref().map(|z| z.as_str().to_owned()),
        local_time,
        availability: c.availability.map(|a| availability_name(lang, a)),
        key,
        flags: e
            .flags
            .iter()
            .map(|f| FlagView {
                name: flag_name(lang, f.flag),
                set: i18n::tr(
                    lang,
                    "dir-flag-set",
                    &[("when", &format::date_time(lang, f.set_at))],
                ),
                reason: f
                    .reason
                    .as_ref()
                    .map(|r| r.as_str().to_owned())
                    .unwrap_or_default(),
            })
            .collect(),
        external: c
            .external_ref
            .as_ref()
            .map(|r| format!("{}: {}", r.directory.as_str(), r.id.as_str())),
        created: format::date_time(lang, e.created_at),
        updated: format::date_time(lang, e.updated_at),
        verified: e.last_verified_at.map(|t| format::date(lang, t)),
        unverified: e.has_flag(liaison_core::codes::Flag::Unverified),
        revision: format::number(lang, u64::from(e.revision)),
        revisions,
        can_manage: e.is_active() && may_manage(p, c.state),
        can_flag: may_flag(p),
    };
    Ok(viewer.render(&page))
}

#[cfg(test)]
mod tests {
    use super::grouped;

    #[test]
    fn fingerprints_are_grouped_by_four() {
        assert_eq!(grouped("0123456789ABCDEF0123"), "0123 4567 89AB CDEF 0123");
        assert_eq!(grouped(""), "");
    }
}

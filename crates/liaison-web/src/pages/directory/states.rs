//! The participating states (`/states`), grouped by UN regional group or sorted by name or by
//! number of entries, and one state's page (`/states/{code}`): its entries, active and retired,
//! and its participation history.

use super::{EntryRow, entry_row, group_name, state_code};
use crate::AppState;
use crate::format;
use crate::i18n::{self, UiLanguage};
use crate::pages::{Layout, PageError, PageFailure, Tr, Viewer};
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use liaison_app::{PocFilter, StateOverview};
use liaison_core::participation::{Participation, ParticipationChange};
use liaison_core::states::RegionalGroup;
use serde::Deserialize;

pub struct StateRow {
    pub code: String,
    pub name: String,
    pub group: String,
    pub status: String,
    pub suspended: bool,
    pub diplomatic: String,
    pub technical: String,
    pub total: String,
}

pub struct Group {
    pub name: String,
    pub count: String,
    pub rows: Vec<StateRow>,
}

pub struct SortLink {
    pub label: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "dir_states.html")]
struct StatesPage {
    t: Tr,
    page: Layout,
    summary: String,
    sorts: Vec<SortLink>,
    /// By regional group (the default), or one list sorted by name or size.
    groups: Vec<Group>,
    rows: Vec<StateRow>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct StatesQuery {
    sort: String,
}

fn participation_name(lang: UiLanguage, p: Participation) -> String {
    let id = match p {
        Participation::NotParticipating => "dir-participation-none",
        Participation::Participating => "dir-participation-participating",
        Participation::Suspended => "dir-participation-suspended",
    };
    i18n::tr(lang, id, &[])
}

fn participation_change_name(lang: UiLanguage, c: ParticipationChange) -> String {
    let id = match c {
        ParticipationChange::Admitted => "dir-participation-admitted",
        ParticipationChange::Suspended => "dir-participation-was-suspended",
        ParticipationChange::Resumed => "dir-participation-resumed",
    };
    i18n::tr(lang, id, &[])
}

fn state_row(lang: UiLanguage, o: &StateOverview) -> StateRow {
    StateRow {
        code: o.state.iso2.clone(),
        name: o.state.name(lang).to_owned(),
        group: group_name(lang, o.state.un_regional_group),
        status: participation_name(lang, o.participation),
        suspended: o.participation == Participation::Suspended,
        diplomatic: format::number(lang, o.diplomatic_pocs as u64),
        technical: format::number(lang, o.technical_pocs as u64),
        total: format::number(lang, (o.diplomatic_pocs + o.technical_pocs) as u64),
    }
}

pub async fn list(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(q): Query<StatesQuery>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?;
    let lang = viewer.lang();
    let mut all: Vec<StateOverview> = s
        .app
        .list_states(p)
        .map_err(|e| viewer.fail(e))?
        .into_iter()
        .filter(|o| o.participation != Participation::NotParticipating)
        .collect();
    let sort = match q.sort.as_str() {
        "name" | "count" => q.sort.as_str(),
        _ => "group",
    };
    all.sort_by_cached_key(|o| super::name_order(lang, o.state.code()));
    if sort == "count" {
        all.sort_by_key(|o| std::cmp::Reverse(o.diplomatic_pocs + o.technical_pocs));
    }
    let participating = all
        .iter()
        .filter(|o| o.participation == Participation::Participating)
        .count();
    let summary = i18n::tr(
        lang,
        "dir-states-summary",
        &[("count", &format::number(lang, participating as u64))],
    );
    let (groups, rows) = if sort == "group" {
        let mut keys: Vec<Option<RegionalGroup>> =
            RegionalGroup::ALL.iter().copied().map(Some).collect();
        keys.push(None);
        let groups = keys
            .into_iter()
            .filter_map(|g| {
                let rows: Vec<StateRow> = all
                    .iter()
                    .filter(|o| o.state.un_regional_group == g)
                    .map(|o| state_row(lang, o))
                    .collect();
                (!rows.is_empty()).then(|| Group {
                    name: group_name(lang, g),
                    count: format::number(lang, rows.len() as u64),
                    rows,
                })
            })
            .collect();
        (groups, Vec::new())
    } else {
        (Vec::new(), all.iter().map(|o| state_row(lang, o)).collect())
    };
    let sorts = [
        ("group", "dir-states-sort-group"),
        ("name", "dir-states-sort-name"),
        ("count", "dir-states-sort-count"),
    ]
    .iter()
    .map(|(key, id)| SortLink {
        label: i18n::tr(lang, id, &[]),
        href: if *key == "group" {
            "/states".to_owned()
        } else {
            format!("/states?sort={key}")
        },
        current: *key == sort,
    })
    .collect();
    let page = StatesPage {
        t: viewer.t(),
        page: viewer.layout(),
        summary,
        sorts,
        groups,
        rows,
    };
    Ok(viewer.render(&page))
}

pub struct HistoryRow {
    pub change: String,
    pub when: String,
    pub reason: String,
}

#[derive(Template)]
#[template(path = "dir_state.html")]
struct StatePage {
    t: Tr,
    page: Layout,
    code: String,
    name: String,
    group: String,
    status: String,
    since: Option<String>,
    counts: String,
    active: Vec<EntryRow>,
    retired: Vec<EntryRow>,
    history: Vec<HistoryRow>,
    can_nominate: bool,
    can_see_people: bool,
}

pub async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Path(code): Path<String>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    let lang = viewer.lang();
    let code = state_code(&viewer, &code)?;
    let overview = s.app.state(&p, code).map_err(|e| viewer.fail(e))?;
    let history = s
        .app
        .participation_history(&p, code)
        .await
        .map_err(|e| viewer.fail(e))?;
    // All the state's entries, a page at a time (a state has tens, rarely hundreds).
    let app = s.app.clone();
    let principal = p.clone();
    let entries = tokio::task::spawn_blocking(move || {
        let filter = PocFilter {
            state: Some(code),
            include_retired: true,
            ..PocFilter::default()
        };
        let mut all = Vec::new();
        let mut n = 1;
        loop {
            let page = app.list_pocs(&principal, &filter, n, 200)?;
            let done = page.items.is_empty() || n * 200 >= page.total;
            all.extend(page.items);
            if done {
                break;
            }
            n += 1;
        }
        Ok::<_, liaison_app::AppError>(all)
    })
    .await
    .map_err(|_| viewer.fail(PageError::Internal))?
    .map_err(|e| viewer.fail(e))?;
    let (active, retired): (Vec<_>, Vec<_>) = entries.iter().partition(|e| e.is_active());
    let counts = i18n::tr(
        lang,
        "dir-state-counts",
        &[
            (
                "diplomatic",
                &format::number(lang, overview.diplomatic_pocs as u64),
            ),
            (
                "technical",
                &format::number(lang, overview.technical_pocs as u64),
            ),
        ],
    );
    let page = StatePage {
        t: viewer.t(),
        page: viewer.layout(),
        code: code.as_str().to_owned(),
        name: overview.state.name(lang).to_owned(),
        group: group_name(lang, overview.state.un_regional_group),
        status: participation_name(lang, overview.participation),
        since: overview.since.map(|t| format::date(lang, t)),
        counts,
        active: active.iter().map(|e| entry_row(lang, e)).collect(),
        retired: retired.iter().map(|e| entry_row(lang, e)).collect(),
        history: history
            .iter()
            .rev()
            .map(|h| HistoryRow {
                change: participation_change_name(lang, h.change),
                when: format::date_time(lang, h.at),
                reason: h.reason.clone().unwrap_or_default(),
            })
            .collect(),
        can_nominate: super::may_manage(&p, code)
            && overview.participation == Participation::Participating,
        can_see_people: !s.app.enrollable_roles(&p, code).is_empty(),
    };
    Ok(viewer.render(&page))
}

//! The directory listing (`/directory`): a GET form (bookmarkable) with a search box and
//! filters, the results as a table, and page numbers.

use super::{Choice, EntryRow, LANGUAGE_NAMES, PER_PAGE, entry_row, group_name, role_name};
use crate::AppState;
use crate::format;
use crate::i18n;
use crate::pages::fragments::Rendered;
use crate::pages::session::form_urlencoded_component;
use crate::pages::{Layout, PageFailure, Tr, Viewer};
use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use liaison_app::PocFilter;
use liaison_core::codes::PocRole;
use liaison_core::participation::Participation;
use liaison_core::states::{RegionalGroup, StateCode};
use serde::Deserialize;

/// Longest search text taken (characters); the rest is ignored.
const MAX_QUERY_CHARS: usize = 200;

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    q: String,
    state: String,
    role: String,
    language: String,
    group: String,
    retired: String,
    page: String,
}

pub struct PageLink {
    pub number: String,
    pub href: String,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "dir_list.html")]
struct ListPage {
    t: Tr,
    page: Layout,
    content: Rendered,
}

/// Everything of the page but the layout: the same for every reader with the same query.
#[derive(Template)]
#[template(path = "dir_list_content.html")]
struct ListContent {
    t: Tr,
    q: String,
    states: Vec<Choice>,
    roles: Vec<Choice>,
    languages: Vec<Choice>,
    groups: Vec<Choice>,
    retired: bool,
    rows: Vec<EntryRow>,
    /// "1 234 entries", "Page 2 of 25".
    total: String,
    page_of: String,
    pages: Vec<PageLink>,
    prev: Option<String>,
    next: Option<String>,
    filtered: bool,
    can_nominate: bool,
}

/// The window of page numbers shown around the current one, plus the first and the last.
fn page_numbers(current: usize, last: usize) -> Vec<usize> {
    let mut out: Vec<usize> = (1..=last)
        .filter(|n| *n == 1 || *n == last || n.abs_diff(current) <= 2)
        .collect();
    out.dedup();
    out
}

pub async fn page(
    viewer: Viewer,
    State(s): State<AppState>,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageFailure> {
    let p = viewer.principal()?.clone();
    // Before the stored part is looked up: it was rendered for whoever asked first.
    s.app.may_read_directory(&p).map_err(|e| viewer.fail(e))?;
    let lang = viewer.lang();
    // Values that are not valid are no filter at all (an old bookmark still opens).
    // Characters that could hide or reorder what is shown are dropped before the text is
    // searched for or shown back in the box.
    let q: String = query
        .q
        .chars()
        .filter(|c| !liaison_core::text::is_forbidden_char(*c))
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .trim()
        .to_owned();
    let state = StateCode::parse(query.state.trim());
    let role = PocRole::parse(query.role.trim());
    let language = LANGUAGE_NAMES
        .iter()
        .find(|(c, _)| *c == query.language.trim())
        .map(|(c, _)| (*c).to_owned());
    let group = RegionalGroup::parse(query.group.trim());
    let retired = query.retired == "1";
    let page_no = query
        .page
        .trim()
        .parse::<usize>()
        .unwrap_or(1)
        .clamp(1, 1_000_000);
    let can_nominate = p.state.is_some_and(|c| super::may_manage(&p, c));
    // Everything the part depends on: the reader's language and right to nominate, and the
    // query as understood (not as typed, so equivalent queries share one part).
    let key = format!(
        "{}|{can_nominate}|{q}|{state:?}|{role:?}|{language:?}|{group:?}|{retired}|{page_no}",
        lang.as_str()
    );
    // Read before the directory is (see `fragments`).
    let generation = s.app.directory_generation();
    let content = match s.fragments.get(generation, &key) {
        Some(part) => part,
        None => {
            let query = ListQueryParsed {
                q,
                state,
                role,
                language,
                group,
                retired,
                page_no,
                can_nominate,
            };
            let part = render_content(&s, &viewer, &p, lang, query).await?;
            s.fragments.put(generation, key, part)
        }
    };
    // The layout around the part is a few kilobytes.
    let capacity = content.0.len() + 8 * 1024;
    let page = ListPage {
        t: viewer.t(),
        page: viewer.layout(),
        content,
    };
    Ok(viewer.render_sized(&page, capacity))
}

/// The query as understood.
struct ListQueryParsed {
    q: String,
    state: Option<StateCode>,
    role: Option<PocRole>,
    language: Option<String>,
    group: Option<RegionalGroup>,
    retired: bool,
    page_no: usize,
    can_nominate: bool,
}

async fn render_content(
    s: &AppState,
    viewer: &Viewer,
    p: &liaison_core::permission::Principal,
    lang: crate::i18n::UiLanguage,
    query: ListQueryParsed,
) -> Result<String, PageFailure> {
    let ListQueryParsed {
        q,
        state,
        role,
        language,
        group,
        retired,
        page_no,
        can_nominate,
    } = query;
    let filter = PocFilter {
        state,
        role,
        language: language.clone(),
        regional_group: group,
        q: (!q.is_empty()).then(|| q.clone()),
        include_retired: retired,
    };
    let app = s.app.clone();
    let principal = p.clone();
    let result = tokio::task::spawn_blocking(move || {
        let states = app.list_states(&principal)?;
        let mut page = app.list_pocs(&principal, &filter, page_no, PER_PAGE)?;
        // Past the end (an old link, a typed number): the last page instead.
        let last = page.total.div_ceil(PER_PAGE).max(1);
        if page.items.is_empty() && page_no > last {
            page = app.list_pocs(&principal, &filter, last, PER_PAGE)?;
        }
        Ok::<_, liaison_app::AppError>((states, page))
    })
    .await
    .map_err(|_| viewer.fail(crate::pages::PageError::Internal))?;
    let (all_states, found) = result.map_err(|e| viewer.fail(e))?;

    let mut shown: Vec<_> = all_states
        .iter()
        .filter(|o| {
            o.participation != Participation::NotParticipating
                || o.diplomatic_pocs + o.technical_pocs > 0
        })
        .collect();
    shown.sort_by_cached_key(|o| super::name_order(lang, o.state.code()));
    let states: Vec<Choice> = shown
        .iter()
        .map(|o| Choice {
            value: o.state.iso2.clone(),
            label: o.state.name(lang).to_owned(),
            selected: Some(o.state.code()) == state,
        })
        .collect();
    let roles = PocRole::ALL
        .iter()
        .map(|r| Choice {
            value: r.as_str().to_owned(),
            label: role_name(lang, *r),
            selected: Some(*r) == role,
        })
        .collect();
    let languages = LANGUAGE_NAMES
        .iter()
        .map(|(code, id)| Choice {
            value: (*code).to_owned(),
            label: i18n::tr(lang, id, &[]),
            selected: language.as_deref() == Some(*code),
        })
        .collect();
    let groups = RegionalGroup::ALL
        .iter()
        .map(|g| Choice {
            value: g.slug().to_owned(),
            label: group_name(lang, Some(*g)),
            selected: Some(*g) == group,
        })
        .collect();

    // Links to other pages keep the search and the filters.
    let mut kept: Vec<(&str, String)> = Vec::new();
    if !q.is_empty() {
        kept.push(("q", q.clone()));
    }
    if let Some(c) = state {
        kept.push(("state", c.as_str().to_owned()));
    }
    if let Some(r) = role {
        kept.push(("role", r.as_str().to_owned()));
    }
    if let Some(l) = &language {
        kept.push(("language", l.clone()));
    }
    if let Some(g) = group {
        kept.push(("group", g.slug().to_owned()));
    }
    if retired {
        kept.push(("retired", "1".to_owned()));
    }
    let href = |n: usize| {
        let mut parts: Vec<String> = kept
            .iter()
            .map(|(k, v)| format!("{k}={}", form_urlencoded_component(v)))
            .collect();
        if n > 1 {
            parts.push(format!("page={n}"));
        }
        if parts.is_empty() {
            "/directory".to_owned()
        } else {
            format!("/directory?{}", parts.join("&"))
        }
    };
    let last = found.total.div_ceil(PER_PAGE).max(1);
    let current = found.page.min(last);
    let pages = if last > 1 {
        page_numbers(current, last)
            .into_iter()
            .map(|n| PageLink {
                number: format::number(lang, n as u64),
                href: href(n),
                current: n == current,
            })
            .collect()
    } else {
        Vec::new()
    };
    let total = i18n::tr(
        lang,
        if found.total == 1 {
            "dir-results-one"
        } else {
            "dir-results-many"
        },
        &[("count", &format::number(lang, found.total as u64))],
    );
    let page_of = i18n::tr(
        lang,
        "dir-page-of",
        &[
            ("page", &format::number(lang, current as u64)),
            ("pages", &format::number(lang, last as u64)),
        ],
    );
    let content = ListContent {
        t: viewer.t(),
        filtered: !kept.is_empty(),
        q,
        states,
        roles,
        languages,
        groups,
        retired,
        rows: found.items.iter().map(|e| entry_row(lang, e)).collect(),
        total,
        page_of,
        pages,
        prev: (current > 1).then(|| href(current - 1)),
        next: (current < last).then(|| href(current + 1)),
        can_nominate,
    };
    content
        .render()
        .map_err(|_| viewer.fail(crate::pages::PageError::Internal))
}

#[cfg(test)]
mod tests {
    use super::page_numbers;

    #[test]
    fn page_window() {
        assert_eq!(page_numbers(1, 1), vec![1]);
        assert_eq!(page_numbers(1, 10), vec![1, 2, 3, 10]);
        assert_eq!(page_numbers(6, 10), vec![1, 4, 5, 6, 7, 8, 10]);
        assert_eq!(page_numbers(10, 10), vec![1, 8, 9, 10]);
    }
}

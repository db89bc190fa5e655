//! The in-memory read model: every entry and every state's participation, kept sorted for
//! listing. Reads never touch the database; writes replace entries here after they commit.

use jiff::Timestamp;
use liaison_core::participation::Participation;
use liaison_core::poc::PointOfContact;
use liaison_core::states::StateCode;
use liaison_search::SearchDoc;
use liaison_store::ParticipationStatus;
use std::collections::HashMap;
use std::sync::Arc;
use uuid::Uuid;

#[derive(Default)]
pub(crate) struct Directory {
    by_id: HashMap<Uuid, Arc<PointOfContact>>,
    /// All entries ordered by state, role, creation — the order of a directory listing.
    sorted: Vec<Arc<PointOfContact>>,
    /// What the listing filters look at, for each entry of `sorted` at the same index: a
    /// listing scans every entry on every page view, and reading these small values in one
    /// array is many times faster than following each entry's pointer.
    facts: Vec<ListingFacts>,
    /// Indexes into `sorted` of the active entries (an unfiltered listing pages through these).
    active: Vec<usize>,
    /// Active entries per state: (diplomatic, technical). Kept with `sorted`.
    counts: HashMap<StateCode, (usize, usize)>,
    sorted_dirty: bool,
    /// Creation order (the store's insertion sequence, as loaded and then as written).
    rank: HashMap<Uuid, u64>,
    participation: HashMap<StateCode, (Participation, Timestamp)>,
    /// The last acknowledged ping of each entry that has one: an entry's `last_verified_at`
    /// is the later of this and its state's last update (issue 4 item 5). Kept beside the
    /// entries so an acknowledgement does not write a revision.
    verified: HashMap<Uuid, Timestamp>,
}

/// The filterable facts of one entry (see `Directory::facts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ListingFacts {
    pub active: bool,
    pub state: StateCode,
    pub role: liaison_core::PocRole,
    pub group: Option<liaison_core::states::RegionalGroup>,
}

impl ListingFacts {
    fn of(p: &PointOfContact) -> Self {
        ListingFacts {
            active: p.is_active(),
            state: p.content.state,
            role: p.content.role,
            group: p.content.state.state().un_regional_group,
        }
    }
}

fn listing_key(p: &PointOfContact) -> (StateCode, liaison_core::PocRole, Timestamp, Uuid) {
    (p.content.state, p.content.role, p.created_at, p.id)
}

impl Directory {
    pub fn replace_all(
        &mut self,
        pocs: Vec<PointOfContact>,
        participation: Vec<ParticipationStatus>,
    ) {
        self.rank = pocs
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id, i as u64))
            .collect();
        self.by_id = pocs
            .into_iter()
            .map(|p| (p.id, Arc::new(self.with_verified(p))))
            .collect();
        self.sorted_dirty = true;
        self.set_participation(participation);
        self.resort();
    }

    pub fn set_participation(&mut self, list: Vec<ParticipationStatus>) {
        self.participation = list
            .into_iter()
            .map(|p| (p.state, (p.status, p.since)))
            .collect();
    }

    pub fn set_state(&mut self, state: StateCode, status: Participation, since: Timestamp) {
        self.participation.insert(state, (status, since));
    }

    /// Insert or replace, keeping the newest revision when updates race.
    pub fn upsert(&mut self, p: PointOfContact) {
        if self
            .by_id
            .get(&p.id)
            .is_some_and(|old| old.revision > p.revision)
        {
            return;
        }
        let next = self.rank.len() as u64;
        self.rank.entry(p.id).or_insert(next);
        let p = self.with_verified(p);
        self.by_id.insert(p.id, Arc::new(p));
        self.sorted_dirty = true;
    }

    fn with_verified(&self, mut p: PointOfContact) -> PointOfContact {
        if let Some(at) = self.verified.get(&p.id)
            && p.last_verified_at.is_none_or(|v| v < *at)
        {
            p.last_verified_at = Some(*at);
        }
        p
    }

    /// An acknowledged ping confirmed entry `id` at `at`.
    pub fn set_verified(&mut self, id: Uuid, at: Timestamp) {
        let e = self.verified.entry(id).or_insert(at);
        if *e < at {
            *e = at;
        }
        if let Some(current) = self.by_id.get(&id)
            && current.last_verified_at.is_none_or(|v| v < at)
        {
            let mut p = (**current).clone();
            p.last_verified_at = Some(at);
            let p = Arc::new(p);
            // The listing order does not depend on freshness: replace the entry in place
            // rather than sorting again (a thousand acknowledgements, a thousand sorts).
            if !self.sorted_dirty {
                let key = listing_key(&p);
                if let Ok(i) = self.sorted.binary_search_by_key(&key, |e| listing_key(e)) {
                    self.sorted[i] = Arc::clone(&p);
                }
            }
            self.by_id.insert(id, p);
        }
    }

    /// Re-sort the listing after a batch of upserts.
    pub fn resort(&mut self) {
        if self.sorted_dirty {
            let mut v: Vec<_> = self.by_id.values().cloned().collect();
            v.sort_by_key(|p| listing_key(p));
            self.facts = v.iter().map(|p| ListingFacts::of(p)).collect();
            self.active = (0..self.facts.len())
                .filter(|i| self.facts[*i].active)
                .collect();
            let mut counts: HashMap<StateCode, (usize, usize)> = HashMap::new();
            for f in self.facts.iter().filter(|f| f.active) {
                let e = counts.entry(f.state).or_default();
                match f.role {
                    liaison_core::PocRole::Diplomatic => e.0 += 1,
                    liaison_core::PocRole::Technical => e.1 += 1,
                }
            }
            self.counts = counts;
            self.sorted = v;
            self.sorted_dirty = false;
        }
    }

    /// The listing order; callers `resort` after writing.
    pub fn sorted(&self) -> &[Arc<PointOfContact>] {
        &self.sorted
    }

    /// Indexes into `sorted()` of the active entries, in listing order.
    pub fn active(&self) -> &[usize] {
        &self.active
    }

    /// The facts of `sorted()[i]`, at the same index.
    pub fn facts(&self) -> &[ListingFacts] {
        &self.facts
    }

    pub fn in_creation_order(&self) -> Vec<Arc<PointOfContact>> {
        let mut v: Vec<_> = self.by_id.values().cloned().collect();
        v.sort_by_key(|p| self.rank.get(&p.id).copied().unwrap_or(u64::MAX));
        v
    }

    pub fn get(&self, id: &Uuid) -> Option<Arc<PointOfContact>> {
        self.by_id.get(id).cloned()
    }

    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    pub fn participation(&self, state: StateCode) -> (Participation, Option<Timestamp>) {
        match self.participation.get(&state) {
            Some((p, since)) => (*p, Some(*since)),
            None => (Participation::NotParticipating, None),
        }
    }

    /// Active entries per state: (diplomatic, technical); states without entries are absent.
    pub fn counts_by_state(&self) -> &HashMap<StateCode, (usize, usize)> {
        &self.counts
    }
}

/// What the search index needs to know about an entry.
pub(crate) fn search_doc(p: &PointOfContact) -> SearchDoc {
    let c = &p.content;
    let text = |v: [Option<&liaison_core::text::CleanText>; 3]| -> Vec<String> {
        v.into_iter()
            .flatten()
            .map(|t| t.as_str().to_owned())
            .collect()
    };
    let mut languages = vec![c.entry_language.as_str().to_owned()];
    for l in &c.working_languages {
        let primary = l.primary().to_owned();
        if !languages.contains(&primary) {
            languages.push(primary);
        }
    }
    SearchDoc {
        id: p.id,
        original: text([
            c.entity_name.as_ref(),
            c.person_name.as_ref(),
            c.title.as_ref(),
        ]),
        translation: c
            .translation_en
            .as_ref()
            .map(|t| {
                text([
                    t.entity_name.as_ref(),
                    t.person_name.as_ref(),
                    t.title.as_ref(),
                ])
            })
            .unwrap_or_default(),
        emails: c.emails.iter().map(|e| e.as_str().to_owned()).collect(),
        state: c.state.as_str().to_owned(),
        role: c.role.as_str().to_owned(),
        languages,
        regional_group: c
            .state
            .state()
            .un_regional_group
            .map(|g| g.slug().to_owned()),
        active: p.is_active(),
    }
}

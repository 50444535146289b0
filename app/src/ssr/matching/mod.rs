//! Match suggestions: the open posts of the other kind that answer a post (offers for a
//! need, needs for an offer), so that nobody has to search again and again. Shown while
//! someone writes a new post, on every post's page, and mailed to an author after posting.
//!
//! Candidates come from a few small queries (`db::matching`): the newest posts of the same
//! category family in the district and in each nearby municipality, and the newest posts
//! sharing a word of the title. `score` ranks them; results are kept with the listing
//! results and dropped whenever a post changes.
pub mod score;

use crate::domain::listing::PostCard;
use crate::domain::post::{PostDraft, PostKind};
use crate::ssr::db::matching::{self as db, Probe};
use crate::ssr::db::now;
use crate::ssr::db::posts::PostRecord;
use crate::ssr::db::search_index::{IndexQuery, Term, facet};
use crate::ssr::db::users::UserRecord;
use crate::ssr::mail::{self, MailKind};
use crate::ssr::posts::index::category_document;
use crate::ssr::posts::listing::{cards, distance_km};
use crate::ssr::posts::{DAY, PostError};
use crate::ssr::search::analyze::{document, fold, query_forms, words};
use crate::ssr::state::AppState;
use crate::ssr::tenant::Tenant;
use score::{CategoryMatch, Signals, overlap, telling};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// Suggestions shown or mailed at most.
pub const SHOWN: usize = 5;
/// Ranked and kept per query: enough to leave out the asker's own posts.
const KEPT: usize = 12;
/// Words of a title looked at.
const WORDS_MAX: usize = 8;
/// Municipalities within this distance count as nearby (and get a query of their own).
const NEARBY_KM: f64 = 15.0;
const NEARBY_PLACES: usize = 4;
const PER_PLACE: i64 = 8;
const DISTRICT_WIDE: i64 = 12;
const TEXT_HITS: i64 = 24;
/// Characters of a candidate's description compared with the title's words.
const DESCRIPTION_READ: usize = 300;

/// What the suggestions are for: a post being written, or one that exists.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Wanted {
    /// The post's own kind; suggestions are of the opposite kind.
    pub kind: PostKind,
    pub category: Option<String>,
    pub municipality: Option<String>,
    /// Telling title words, lowercased, sorted and without duplicates.
    pub words: Vec<String>,
}

impl Wanted {
    /// Values the tenant does not know are dropped (a half-filled form sends empty ones).
    pub fn new(
        tenant: &Tenant,
        kind: PostKind,
        category: &str,
        municipality: &str,
        title: &str,
    ) -> Self {
        let category = Some(category.to_string()).filter(|c| !tenant.category_chain(c).is_empty());
        let municipality =
            Some(municipality.to_string()).filter(|m| tenant.municipality(m).is_some());
        let mut words: Vec<String> = words(title)
            .map(|(_, w)| w)
            .filter(|w| telling(&fold(w)))
            .collect();
        words.sort();
        words.dedup();
        words.truncate(WORDS_MAX);
        Self {
            kind,
            category,
            municipality,
            words,
        }
    }

    pub fn of_post(tenant: &Tenant, post: &PostRecord) -> Self {
        Self::new(
            tenant,
            post.kind(),
            &post.category,
            &post.municipality,
            &post.title,
        )
    }

    fn is_empty(&self) -> bool {
        self.category.is_none() && self.words.is_empty()
    }
}

/// One ranked suggestion, with its author so that nobody is shown their own posts.
#[derive(Clone)]
pub struct Suggestion {
    pub author_id: i64,
    pub card: PostCard,
}

/// The best open posts of the other kind for `wanted`, leaving out `asker`'s own.
pub async fn suggest(
    state: &AppState,
    wanted: &Wanted,
    asker: Option<i64>,
) -> Result<Vec<PostCard>, PostError> {
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    let ranked = state
        .listings
        .suggestions
        .get_or_try_compute(wanted, || async {
            let records = ranked(state, wanted, now()).await?;
            let cards = cards(state, &records, None).await?;
            Ok::<_, PostError>(Arc::new(
                records
                    .iter()
                    .zip(cards)
                    .map(|(record, card)| Suggestion {
                        author_id: record.author_id,
                        card,
                    })
                    .collect::<Vec<_>>(),
            ))
        })
        .await?;
    Ok(ranked
        .iter()
        .filter(|s| Some(s.author_id) != asker)
        .take(SHOWN)
        .map(|s| s.card.clone())
        .collect())
}

/// The categories of the top-level category above `slug` (the family) and those of
/// `slug` itself and below (exact matches).
fn families(tenant: &Tenant, slug: &str) -> (Vec<String>, HashSet<String>) {
    let root = tenant
        .category_chain(slug)
        .last()
        .map(|c| c.slug.clone())
        .unwrap_or_default();
    let exact = tenant.category_family(slug).into_iter().collect();
    (tenant.category_family(&root), exact)
}

/// The index condition for posts of `kind` (in `categories`, if any) with any of the words.
fn text_expression(kind: &str, categories: &[String], forms: &[Vec<String>]) -> IndexQuery {
    let terms = forms.iter().flatten().cloned().map(Term::Exact).collect();
    let mut facets = vec![vec![facet("kind", kind)]];
    if !categories.is_empty() {
        facets.push(categories.iter().map(|c| facet("cat", c)).collect());
    }
    IndexQuery {
        words: vec![terms],
        all: true,
        facets,
    }
}

/// Candidates from the database, ranked best first (at most `KEPT`).
async fn ranked(state: &AppState, wanted: &Wanted, now: i64) -> Result<Vec<PostRecord>, PostError> {
    let tenant = &state.tenant;
    let (family, exact) = match &wanted.category {
        Some(slug) => families(tenant, slug),
        None => (Vec::new(), HashSet::new()),
    };
    // Each word in every form it may be stored as ("Kinderwagen" → kinderwagen, kinderwag).
    let forms: Vec<Vec<String>> = wanted.words.iter().map(|w| query_forms(w)).collect();
    let kind = wanted.kind.opposite().as_str();
    let probe = Probe {
        kind,
        categories: &family,
        now,
    };
    let origin = wanted
        .municipality
        .as_ref()
        .and_then(|slug| tenant.municipality(slug));

    let mut conn = state.db.pool().acquire().await?;
    let mut candidates: Vec<PostRecord> = Vec::new();
    if !family.is_empty() {
        candidates.extend(db::newest(&mut conn, &probe, None, DISTRICT_WIDE).await?);
        if let Some(origin) = origin {
            let mut nearby: Vec<(f64, &str)> = tenant
                .municipalities
                .iter()
                .map(|m| (distance_km(origin, m), m.slug.as_str()))
                .filter(|(km, _)| *km <= NEARBY_KM)
                .collect();
            nearby.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (_, place) in nearby.into_iter().take(NEARBY_PLACES) {
                candidates.extend(db::newest(&mut conn, &probe, Some(place), PER_PLACE).await?);
            }
        }
    }
    if !forms.is_empty() {
        let expression = text_expression(kind, &family, &forms);
        candidates.extend(db::text_hits(&mut conn, &probe, &expression, TEXT_HITS).await?);
    }
    drop(conn);

    let mut seen = HashSet::new();
    candidates.retain(|c| seen.insert(c.id));
    let mut category_words: HashMap<String, HashSet<String>> = HashMap::new();
    let mut scored: Vec<(f64, PostRecord)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let category = if wanted.category.is_none() {
                CategoryMatch::Open
            } else if exact.contains(&candidate.category) {
                CategoryMatch::Exact
            } else {
                CategoryMatch::Related
            };
            let text = if forms.is_empty() {
                0.0
            } else {
                // The title and the start of the description: analysing whole
                // descriptions of every candidate was most of a suggestion's time.
                let start: String = candidate
                    .description
                    .chars()
                    .take(DESCRIPTION_READ)
                    .collect();
                let mut found: HashSet<String> =
                    document(&format!("{} {start}", candidate.title), &candidate.language)
                        .split(' ')
                        .map(str::to_string)
                        .collect();
                let names = category_words
                    .entry(candidate.category.clone())
                    .or_insert_with(|| {
                        category_document(tenant, &candidate.category)
                            .split(' ')
                            .map(str::to_string)
                            .collect()
                    });
                found.extend(names.iter().cloned());
                overlap(&forms, &found)
            };
            let distance_km = origin.and_then(|origin| {
                let place = tenant.municipality(&candidate.municipality)?;
                Some(distance_km(origin, place))
            });
            let signals = Signals {
                category,
                distance_km,
                age_days: (now - candidate.created_at) as f64 / DAY as f64,
                text,
            };
            score::score(&signals).map(|s| (s, candidate))
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.id.cmp(&a.1.id)));
    Ok(scored.into_iter().take(KEPT).map(|(_, c)| c).collect())
}

/// Suggestions for an existing post (its page, the mail after posting).
pub async fn for_post(state: &AppState, post: &PostRecord) -> Result<Vec<PostCard>, PostError> {
    if !post.status().is_active() {
        return Ok(Vec::new());
    }
    suggest(
        state,
        &Wanted::of_post(&state.tenant, post),
        Some(post.author_id),
    )
    .await
}

/// Right after posting: mails the author a short list of the best matches, if there are
/// any and the author wants such mails (account setting). Returns whether a mail was written.
pub async fn mail_author(
    state: &AppState,
    author: &UserRecord,
    post_id: i64,
    post: &PostDraft,
) -> Result<bool, PostError> {
    if author.notify_matches == 0 {
        return Ok(false);
    }
    let wanted = Wanted::new(
        &state.tenant,
        post.kind,
        &post.category,
        &post.municipality,
        &post.title,
    );
    let cards = suggest(state, &wanted, Some(author.id)).await?;
    if cards.is_empty() {
        return Ok(false);
    }
    let items: Vec<(String, String)> = cards
        .iter()
        .map(|card| {
            let title: String = card.title.iter().map(|p| p.text.as_str()).collect();
            let place = state.tenant.place_name(&card.municipality);
            (
                format!("{title} ({place})"),
                format!("{}/posts/{}", state.public_url, card.id),
            )
        })
        .collect();
    let link = format!("{}/posts/{post_id}", state.public_url);
    let kind = MailKind::Matches {
        title: &post.title,
        need: post.kind == PostKind::Need,
        items: &items,
        link: &link,
    };
    let mut conn = state.db.pool().acquire().await?;
    mail::enqueue_to(&mut conn, state, author, &kind).await?;
    state.mail_wakeup.notify_one();
    Ok(true)
}

//! Listings and search: a visitor's filters checked against the district, run as one
//! query, and returned as cards with the search words marked. Pages, the JSON API, the
//! feed and the sitemap all come through here, so they always agree.
use super::PostError;
use super::cache::Cache;
use super::rendered::{RenderedKey, RenderedPage};
use crate::domain::listing::{ListPage, ListQuery, PAGE_SIZE, PostCard, Sort};
use crate::ssr::db::now;
use crate::ssr::db::posts::{self, ListFilter, ListOrder, PostRecord};
use crate::ssr::matching::{Suggestion, Wanted};
use crate::ssr::search::highlight::{excerpt, mark};
use crate::ssr::search::query::SearchQuery;
use crate::ssr::state::AppState;
use crate::ssr::tenant::{Municipality, Tenant};
use std::sync::Arc;

/// Great-circle distance in kilometres.
pub fn distance_km(a: &Municipality, b: &Municipality) -> f64 {
    let (lat1, lat2) = (a.lat.to_radians(), b.lat.to_radians());
    let dlat = lat2 - lat1;
    let dlon = (b.lon - a.lon).to_radians();
    let h = (dlat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (dlon / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().asin()
}

/// Municipality slugs ordered by distance from `from` (itself first).
pub fn nearest_first(tenant: &Tenant, from: &str) -> Vec<String> {
    let Some(origin) = tenant.municipality(from) else {
        return Vec::new();
    };
    let mut places: Vec<(f64, &str)> = tenant
        .municipalities
        .iter()
        .map(|m| (distance_km(origin, m), m.slug.as_str()))
        .collect();
    places.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(b.1)));
    places.into_iter().map(|(_, s)| s.to_string()).collect()
}

/// The filters that exist in this district, and the names of those that do not.
fn resolve(tenant: &Tenant, query: &ListQuery) -> (ListFilter, Vec<String>) {
    let mut ignored = Vec::new();
    let mut filter = ListFilter {
        now: now(),
        ..ListFilter::default()
    };
    match query.kind() {
        Some(Some(kind)) => filter.kind = Some(kind.as_str()),
        Some(None) => ignored.push("kind".to_string()),
        None => {}
    }
    match query.help() {
        Some(Some(help)) => filter.help = Some(help.as_str()),
        Some(None) => ignored.push("help".to_string()),
        None => {}
    }
    match query.urgency() {
        Some(Some(urgency)) => filter.urgency = Some(urgency.as_str()),
        Some(None) => ignored.push("urgency".to_string()),
        None => {}
    }
    if let Some(slug) = query.category() {
        filter.categories = tenant.category_family(slug);
        if filter.categories.is_empty() {
            ignored.push("category".to_string());
        }
    }
    if let Some(slug) = query.municipality() {
        if tenant.municipalities.iter().any(|m| m.slug == slug) {
            filter.municipality = Some(slug.to_string());
        } else {
            ignored.push("municipality".to_string());
        }
    }
    if let Some(slug) = query.near() {
        let places = nearest_first(tenant, slug);
        if places.is_empty() {
            ignored.push("near".to_string());
        } else if query.sort() == Sort::Nearest {
            filter.order = ListOrder::Nearest(places);
        }
    }
    if query.sort() == Sort::Relevance {
        filter.order = ListOrder::Relevance;
    }
    (filter, ignored)
}

/// The posts of one page for `query`, as stored.
pub struct Listing {
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub sort: Sort,
    pub records: Vec<PostRecord>,
    pub search: Option<SearchQuery>,
    /// Filters that named nothing in this district and were left out.
    pub ignored: Vec<String>,
}

/// What is derived from the posts and kept for a while (see `cache`): results of `run`
/// and `list`, and listing pages as rendered for visitors who are not signed in.
pub struct ListingCache {
    runs: Cache<ListQuery, Arc<Listing>>,
    pages: Cache<ListQuery, Arc<ListPage>>,
    pub rendered: Cache<RenderedKey, Arc<RenderedPage>>,
    /// Match suggestions (see `ssr::matching`), ranked.
    pub suggestions: Cache<Wanted, Arc<Vec<Suggestion>>>,
    /// Answers that read every post, for anyone who asks: the sitemap, the open-data
    /// figures (by first week) and the moderation promise on the about page. At 100,000
    /// posts each took 50 to 270 ms, and 64 clients asking at once brought the server
    /// down to 5 answers a second; kept (and computed once for all who wait), they cost
    /// that once per change or `cache::MAX_AGE`.
    pub sitemap: Cache<(), KeptBody>,
    pub stats: Cache<i64, Arc<Vec<crate::domain::stats::RawCell>>>,
    pub promise: Cache<(), crate::domain::moderation::ReactionPromise>,
    /// Signalled on every change made here, for other instances on the same database
    /// (see server/src/jobs/changes.rs): several changes before anyone looks are one.
    pub changed: tokio::sync::Notify,
}

/// A large answer kept in the two forms it is sent in: as is, and gzip-compressed. The
/// compression layer would otherwise compress it again for every request: the sitemap at
/// 100,000 posts (4.7 MB) then managed 25 answers a second at 64 connections.
#[derive(Clone)]
pub struct KeptBody {
    pub plain: axum::body::Bytes,
    pub gzip: axum::body::Bytes,
}

/// Kept results at most: a result of `run` or `list` is about 10 KB, a rendered page
/// about 35 KB, so these bound the caches to about 2 MB and 2 MB. The most viewed
/// listings and searches fit many times over; with 500 and 200, a stream of different
/// searches filled them and took the server from 80 MB to 110 MB.
const RESULTS_MAX: usize = 100;
const RENDERED_MAX: usize = 50;

impl Default for ListingCache {
    fn default() -> Self {
        Self {
            runs: Cache::new(RESULTS_MAX),
            pages: Cache::new(RESULTS_MAX),
            rendered: Cache::new(RENDERED_MAX),
            suggestions: Cache::new(RESULTS_MAX),
            sitemap: Cache::new(1),
            stats: Cache::new(4),
            promise: Cache::new(1),
            changed: tokio::sync::Notify::new(),
        }
    }
}

impl ListingCache {
    /// A post changed: listings must be computed (and pages rendered) again, here and
    /// on other instances.
    pub fn invalidate(&self) {
        self.forget();
        self.changed.notify_one();
    }

    /// Another instance changed posts: forget what is kept (without telling anyone).
    pub fn forget(&self) {
        self.runs.invalidate();
        self.pages.invalidate();
        self.rendered.invalidate();
        self.suggestions.invalidate();
        self.sitemap.invalidate();
        self.stats.invalidate();
        self.promise.invalidate();
    }
}

/// Runs `query`: the one place listings, search, the API and the feed come from.
pub async fn run(state: &AppState, query: &ListQuery) -> Result<Arc<Listing>, PostError> {
    state
        .listings
        .runs
        .get_or_try_compute(query, || async {
            run_now(state, query, None).await.map(Arc::new)
        })
        .await
}

/// The first page of `query`'s posts newer than `seen` (a post id and a publication
/// time, see `ListFilter::newer_than`), newest first, and how many there are (for
/// saved-search digests; never kept).
pub async fn newer_than(
    state: &AppState,
    query: &ListQuery,
    seen: (i64, i64),
) -> Result<Listing, PostError> {
    let query = ListQuery {
        sort: Some(Sort::Newest.as_str().to_string()),
        page: None,
        ..query.clone()
    };
    run_now(state, &query, Some(seen)).await
}

async fn run_now(
    state: &AppState,
    query: &ListQuery,
    newer_than: Option<(i64, i64)>,
) -> Result<Listing, PostError> {
    let (mut filter, ignored) = resolve(&state.tenant, query);
    filter.newer_than = newer_than;
    let search = match query.words() {
        Some(words) => {
            let parsed = state
                .search
                .with_vocabulary(&state.db, |v| SearchQuery::parse(words, v))
                .await?;
            Some(parsed).filter(|q| !q.is_empty())
        }
        None => None,
    };
    // Held until the page of results is read (see `SearchState::permit`).
    let _searching = match &search {
        Some(_) => state.search.permit().await,
        None => None,
    };
    let mut conn = state.db.pool().acquire().await?;
    if search.is_some() {
        filter.index_current = !posts::any_unswept(&mut conn, filter.now).await?;
    }
    let mut total = 0;
    if let Some(search) = &search {
        // Posts with every word first; if there are none, posts with any word.
        for all in [true, false] {
            filter.matching = Some(search.index_query(all));
            total = posts::count(&mut conn, &filter).await?;
            if total > 0 || search.words.len() == 1 {
                break;
            }
        }
    } else {
        total = posts::count(&mut conn, &filter).await?;
    }
    let page = query.page();
    let records = if total > u64::from((page - 1) * PAGE_SIZE) {
        posts::list(&mut conn, &filter, PAGE_SIZE, (page - 1) * PAGE_SIZE).await?
    } else {
        Vec::new()
    };
    let pages = u32::try_from(total.div_ceil(u64::from(PAGE_SIZE))).unwrap_or(u32::MAX);
    Ok(Listing {
        total,
        page,
        pages,
        sort: query.sort(),
        records,
        search,
        ignored,
    })
}

/// One page of posts for `query`, as cards for the listing pages.
pub async fn list(state: &AppState, query: &ListQuery) -> Result<Arc<ListPage>, PostError> {
    state
        .listings
        .pages
        .get_or_try_compute(query, || async {
            let listing = run(state, query).await?;
            let items = cards(state, &listing.records, listing.search.as_ref()).await?;
            Ok(Arc::new(ListPage {
                total: listing.total,
                page: listing.page,
                pages: listing.pages,
                sort: listing.sort,
                items,
                ignored: listing.ignored.clone(),
            }))
        })
        .await
}

/// Stored posts as cards, each with its first photo.
pub async fn cards(
    state: &AppState,
    records: &[PostRecord],
    search: Option<&SearchQuery>,
) -> Result<Vec<PostCard>, PostError> {
    let ids: Vec<i64> = records.iter().map(|r| r.id).collect();
    let mut conn = state.db.pool().acquire().await?;
    let firsts = crate::ssr::db::photos::firsts(&mut conn, &ids).await?;
    Ok(records
        .iter()
        .map(|record| {
            let mut card = card(record, search);
            card.photo = firsts
                .iter()
                .find(|(post, _)| *post == record.id)
                .map(|(_, photo)| *photo);
            card
        })
        .collect())
}

/// A stored post as a listing card, with the search words marked.
pub fn card(record: &PostRecord, search: Option<&SearchQuery>) -> PostCard {
    let empty = SearchQuery::default();
    let search = search.unwrap_or(&empty);
    PostCard {
        id: record.id,
        kind: record.kind(),
        help: record.help(),
        category: record.category.clone(),
        municipality: record.municipality.clone(),
        title: mark(&record.title, search, &record.language),
        excerpt: excerpt(&record.description, search, &record.language),
        urgency: record.urgency(),
        status: record.status(),
        created_at: record.created_at,
        quantity: record.quantity,
        availability: record.availability.clone(),
        language: record.language.clone(),
        photo: None,
    }
}

//! What the search index holds for a post: its words in its own language, the names and
//! synonyms of its category and parent category in every language (so that "Couch"
//! finds a sofa offered under "Möbel" and "Fahrräder" finds the subcategory), and its
//! facets, so that a filtered search is answered by the index alone.
//!
//! The category words come from the tenant folder. When they change (or this module
//! changes what it indexes), the index is rebuilt at start-up: `ensure_current`.
use super::PostError;
use crate::domain::post::PostDraft;
use crate::ssr::db::posts;
use crate::ssr::db::search_index::{self, Documents, facet};
use crate::ssr::search::analyze::document;
use crate::ssr::state::AppState;
use crate::ssr::tenant::{Category, Tenant};
use sha2::{Digest, Sha256};

/// Raise when `documents` indexes something differently: every index is then rebuilt.
const INDEX_VERSION: u32 = 3;
/// Posts indexed per transaction while rebuilding.
const REBUILD_BATCH: u32 = 500;

pub fn documents(tenant: &Tenant, post: &PostDraft) -> Documents {
    let mut body = document(&post.description, &post.language);
    if let Some(availability) = &post.availability {
        body.push(' ');
        body.push_str(&document(availability, &post.language));
    }
    Documents {
        title: document(&post.title, &post.language),
        body,
        category: category_document(tenant, &post.category),
        facets: [
            facet("kind", post.kind.as_str()),
            facet("help", post.help.as_str()),
            facet("cat", &post.category),
            facet("place", &post.municipality),
            facet("urgency", post.urgency.as_str()),
        ]
        .join(" "),
    }
}

pub(crate) fn category_document(tenant: &Tenant, slug: &str) -> String {
    let mut parts = Vec::new();
    for category in tenant.category_chain(slug) {
        for (locale, name) in &category.name.0 {
            parts.push(document(name, locale));
        }
        for (locale, words) in &category.synonyms {
            for word in words {
                parts.push(document(word, locale));
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

/// What the index is built from besides the posts: this module's version and every
/// category's words.
fn fingerprint(tenant: &Tenant) -> String {
    fn add(hash: &mut Sha256, tenant: &Tenant, categories: &[Category]) {
        for category in categories {
            hash.update(category.slug.as_bytes());
            hash.update(b"\n");
            hash.update(category_document(tenant, &category.slug).as_bytes());
            hash.update(b"\n");
            add(hash, tenant, &category.children);
        }
    }
    let mut hash = Sha256::new();
    hash.update(format!("v{INDEX_VERSION}\n").as_bytes());
    add(&mut hash, tenant, &tenant.categories);
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Rebuilds the index from the listable posts if it was built from other category words
/// or by an older version of `documents`. Returns how many posts were indexed (0 when
/// the index was current).
pub async fn ensure_current(state: &AppState) -> Result<u64, PostError> {
    let wanted = fingerprint(&state.tenant);
    let mut conn = state.db.pool().acquire().await?;
    if search_index::built_from(&mut conn).await?.as_deref() == Some(wanted.as_str()) {
        return Ok(0);
    }
    drop(conn);
    let mut tx = state.db.begin().await?;
    search_index::clear(&mut tx).await?;
    let mut indexed = 0;
    let mut after = 0;
    loop {
        let batch = posts::listable_after(&mut tx, after, REBUILD_BATCH).await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for post in &batch {
            search_index::put(&mut tx, post.id, &documents(&state.tenant, &post.draft())).await?;
            indexed += 1;
        }
    }
    search_index::set_built_from(&mut tx, &wanted).await?;
    tx.commit().await?;
    state.listings.invalidate();
    Ok(indexed)
}

//! Saved searches and their digests: a signed-in person keeps a listing's filters and
//! words and is mailed the new matching posts immediately (bundled over a few minutes),
//! daily or weekly, in their language. Every digest carries a link that stops the alert
//! without signing in. The digest job (`server::jobs::alerts`) calls `run_once`.
use crate::domain::account::Problem;
use crate::domain::alert::{DIGEST_ITEMS, Frequency, SAVED_MAX, SavedSearch};
use crate::domain::listing::ListQuery;
use crate::domain::site::SiteInfo;
use crate::i18n::{Locale, td_string};
use crate::ssr::accounts::token;
use crate::ssr::db::alerts::{self as db, NewSavedSearch, SavedSearchRecord};
use crate::ssr::db::now;
use crate::ssr::db::users::{self, UserRecord};
use crate::ssr::mail::{self, MailKind, locale_of};
use crate::ssr::posts::listing;
use crate::ssr::posts::{Outcome, PostError, Refusal};
use crate::ssr::state::AppState;

/// The longest query string kept (filters and a few search words).
const QUERY_MAX: usize = 500;
/// Saved searches handled per run; the rest wait for the next run.
const BATCH: i64 = 200;

fn invalid(field: &'static str, problem: Problem) -> Refusal {
    Refusal::Invalid(vec![(field, problem)])
}

/// How a query is stored: its query string without the leading `?`.
fn stored(query: &ListQuery) -> String {
    query
        .for_alert()
        .with_page(1)
        .trim_start_matches('?')
        .to_string()
}

fn parse(record: &SavedSearchRecord) -> (ListQuery, Frequency) {
    let query = serde_urlencoded::from_str(&record.query).unwrap_or_default();
    let frequency = Frequency::parse(&record.frequency).unwrap_or(Frequency::Daily);
    (query, frequency)
}

/// Saves `query` for `user` (or changes how often an already saved one is mailed). New
/// posts from now on are reported.
pub async fn save(
    state: &AppState,
    user: &UserRecord,
    query: &ListQuery,
    frequency: &str,
) -> Outcome<()> {
    let Some(frequency) = Frequency::parse(frequency) else {
        return Ok(Err(invalid("frequency", Problem::UnknownChoice)));
    };
    let query = query.for_alert();
    if !query.narrows() {
        return Ok(Err(invalid("q", Problem::Required)));
    }
    let text = stored(&query);
    if text.len() > QUERY_MAX {
        return Ok(Err(invalid("q", Problem::TooLong)));
    }
    let now = now();
    let next_due_at = now + frequency.period_secs();
    let mut tx = state.db.begin().await?;
    if let Some(existing) = db::find(&mut tx, user.id, &text).await? {
        db::set_frequency(&mut tx, existing.id, frequency.as_str(), next_due_at).await?;
    } else {
        if db::by_user(&mut tx, user.id).await?.len() >= SAVED_MAX {
            return Ok(Err(Refusal::Limit));
        }
        let (seen_post_id, seen_published) = db::newest_post(&mut tx).await?;
        let new = NewSavedSearch {
            user_id: user.id,
            query: &text,
            frequency: frequency.as_str(),
            unsubscribe_token: &token::generate(),
            seen_post_id,
            seen_published,
            next_due_at,
        };
        db::insert(&mut tx, &new, now).await?;
    }
    tx.commit().await?;
    tracing::info!(
        user_id = user.id,
        frequency = frequency.as_str(),
        "search saved"
    );
    Ok(Ok(()))
}

fn view(record: &SavedSearchRecord, site: &SiteInfo, locale: Locale) -> SavedSearch {
    let (query, frequency) = parse(record);
    SavedSearch {
        id: record.id,
        description: describe(site, &query, locale),
        link: query.listing_path(),
        query,
        frequency,
    }
}

/// `user`'s saved searches, described in `locale`.
pub async fn list(
    state: &AppState,
    user: &UserRecord,
    locale: Locale,
) -> Result<Vec<SavedSearch>, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let records = db::by_user(&mut conn, user.id).await?;
    Ok(records
        .iter()
        .map(|r| view(r, &state.site, locale))
        .collect())
}

pub async fn remove(state: &AppState, user: &UserRecord, id: i64) -> Outcome<()> {
    let mut conn = state.db.pool().acquire().await?;
    if db::delete(&mut conn, user.id, id).await? {
        Ok(Ok(()))
    } else {
        Ok(Err(Refusal::NotFound))
    }
}

/// The saved search a digest's unsubscribe link names, if it still exists.
pub async fn by_token(
    state: &AppState,
    secret: &str,
    locale: Locale,
) -> Result<Option<SavedSearch>, PostError> {
    if secret.is_empty() {
        return Ok(None);
    }
    let mut conn = state.db.pool().acquire().await?;
    let record = db::by_token(&mut conn, secret).await?;
    Ok(record.map(|r| view(&r, &state.site, locale)))
}

/// Stops the alert a digest's link names. False when the link names none (any more).
pub async fn unsubscribe(state: &AppState, secret: &str) -> Result<bool, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(record) = db::by_token(&mut conn, secret).await? else {
        return Ok(false);
    };
    let deleted = db::delete(&mut conn, record.user_id, record.id).await?;
    tracing::info!(user_id = record.user_id, "alert stopped by link");
    Ok(deleted)
}

/// A saved search in words: "Offers · Furniture · Velten · “Sofa”".
pub fn describe(site: &SiteInfo, query: &ListQuery, locale: Locale) -> String {
    let code = locale.as_ref();
    let mut parts: Vec<String> = Vec::new();
    parts.push(
        match query.kind().flatten() {
            Some(crate::domain::post::PostKind::Offer) => {
                td_string!(locale, listing_offers_title)
            }
            Some(crate::domain::post::PostKind::Need) => td_string!(locale, listing_needs_title),
            None => td_string!(locale, alert_all_posts),
        }
        .to_string(),
    );
    match query.help().flatten() {
        Some(crate::domain::site::HelpKind::Goods) => {
            parts.push(td_string!(locale, help_goods).to_string())
        }
        Some(crate::domain::site::HelpKind::Time) => {
            parts.push(td_string!(locale, help_time).to_string())
        }
        None => {}
    }
    if let Some(category) = query.category() {
        parts.push(site.category_name(category, code));
    }
    if let Some(place) = query.municipality() {
        parts.push(site.municipality_name(place));
    }
    if let Some(urgency) = query.urgency().flatten() {
        parts.push(
            match urgency {
                crate::domain::post::Urgency::Low => td_string!(locale, urgency_low),
                crate::domain::post::Urgency::Normal => td_string!(locale, urgency_normal),
                crate::domain::post::Urgency::Urgent => td_string!(locale, urgency_urgent),
            }
            .to_string(),
        );
    }
    if let Some(words) = query.words() {
        parts.push(format!("“{words}”"));
    }
    parts.join(" · ")
}

/// Mails every saved search due at `now` its new posts (one mail per search, only when
/// there are new posts). Returns how many mails were written.
pub async fn run_once(state: &AppState, now: i64) -> Result<u64, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let due = db::due(&mut conn, now, BATCH).await?;
    drop(conn);
    let mut mailed = 0;
    for search in due {
        let (query, frequency) = parse(&search);
        let next_due_at = now + frequency.period_secs();
        let seen = (search.seen_post_id, search.seen_published);
        let found = listing::newer_than(state, &query, seen).await?;
        let seen = found.records.iter().fold(seen, |(id, published), post| {
            (id.max(post.id), published.max(post.created_at))
        });
        let mut tx = state.db.begin().await?;
        let sent_at = (!found.records.is_empty()).then_some(now);
        if !db::advance(&mut tx, &search, seen, next_due_at, sent_at).await? {
            continue;
        }
        if found.records.is_empty() {
            tx.commit().await?;
            continue;
        }
        let Some(user) = users::by_id(&mut tx, search.user_id).await? else {
            continue;
        };
        let locale = locale_of(&user.locale, &state.tenant.default_locale);
        let description = describe(&state.site, &query, locale);
        let listing_link = format!("{}{}", state.public_url, query.listing_path());
        let mut items: Vec<(String, String)> = found
            .records
            .iter()
            .take(DIGEST_ITEMS)
            .map(|post| {
                (
                    format!(
                        "{} ({})",
                        post.title,
                        state.tenant.place_name(&post.municipality)
                    ),
                    format!("{}/posts/{}", state.public_url, post.id),
                )
            })
            .collect();
        let more = found.total.saturating_sub(items.len() as u64);
        if more > 0 {
            let label = td_string!(locale, mail_digest_more, count = more).to_string();
            items.push((label, listing_link.clone()));
        }
        let unsubscribe = format!(
            "{}/alerts/unsubscribe?token={}",
            state.public_url, search.unsubscribe_token
        );
        let kind = MailKind::Digest {
            search: &description,
            items: &items,
            listing: &listing_link,
            unsubscribe: &unsubscribe,
        };
        mail::enqueue_to(&mut tx, state, &user, &kind).await?;
        tx.commit().await?;
        mailed += 1;
    }
    if mailed > 0 {
        state.mail_wakeup.notify_one();
    }
    Ok(mailed)
}

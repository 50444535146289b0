//! Posting: create, edit, close and mark fulfilled. Only the author (or a moderator)
//! may change a post; the checks live here, not in the pages. SQL is in `db::posts`.
use crate::domain::account::{Problem, Role};
use crate::domain::post::{
    CoordinatedPost, PhotoInfo, PostInput, PostRules, PostStatus, PostView, RENEW_WINDOW_DAYS,
    check_post,
};
use crate::domain::site::HelpKind;
use crate::ssr::db::now;
use crate::ssr::db::posts::{self, PostRecord};
use crate::ssr::db::search_index;
use crate::ssr::db::users::UserRecord;
use crate::ssr::state::AppState;
use crate::ssr::tenant::{ModerationMode, Tenant};

pub mod cache;
pub mod expiry;
pub mod index;
pub mod listing;
pub mod rendered;

pub(crate) const DAY: i64 = 24 * 3600;

/// The tenant's categories, places and languages as rules for a post.
pub struct TenantRules<'a>(pub &'a Tenant);

impl PostRules for TenantRules<'_> {
    fn category_help(&self, slug: &str) -> Option<HelpKind> {
        self.0.category_chain(slug).first().map(|c| c.help)
    }

    fn has_municipality(&self, slug: &str) -> bool {
        self.0.municipalities.iter().any(|m| m.slug == slug)
    }

    fn has_locale(&self, code: &str) -> bool {
        self.0.locales.iter().any(|l| l == code)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// Why a change to a post was not made.
#[derive(Debug, Clone, PartialEq)]
pub enum Refusal {
    /// Bad input, by field.
    Invalid(Vec<(&'static str, Problem)>),
    /// No such post.
    NotFound,
    /// Someone else's post.
    Forbidden,
    /// The post is already closed, fulfilled or expired (or the step was already taken).
    NotActive,
    /// One of the two people blocked the other.
    Blocked,
    /// The person already keeps as many as allowed (e.g. saved searches).
    Limit,
    /// Too many attempts in a short time (messages); try again after this many minutes.
    Wait(u32),
}

pub type Outcome<T> = Result<Result<T, Refusal>, PostError>;

/// The post as checked against the district. Only coordinators (and the roles above
/// them) post for someone else or in an organisation's name; anyone else's "for whom" is
/// not kept. `existing` is the post being edited: a moderator who corrects someone else's
/// post keeps its organisation.
async fn checked_for(
    state: &AppState,
    input: &PostInput,
    user: &UserRecord,
    existing: Option<&PostRecord>,
) -> Result<Result<crate::domain::post::PostDraft, Vec<(&'static str, Problem)>>, PostError> {
    let checked = check_post(input, &TenantRules(&state.tenant));
    let organisation = match existing {
        Some(post) if post.author_id != user.id => Ok(post.organisation_id),
        _ if input.organisation.trim().is_empty() => Ok(None),
        _ => {
            let mut conn = state.db.pool().acquire().await?;
            crate::ssr::organisations::for_post(&mut conn, user, &input.organisation).await?
        }
    };
    let mut draft = match (checked, organisation) {
        (Ok(draft), Ok(organisation)) => crate::domain::post::PostDraft {
            organisation,
            ..draft
        },
        (Ok(_), Err(problem)) => return Ok(Err(vec![("organisation", problem)])),
        (Err(mut problems), Err(problem)) => {
            problems.push(("organisation", problem));
            return Ok(Err(problems));
        }
        (Err(problems), Ok(_)) => return Ok(Err(problems)),
    };
    if !user.role().includes(Role::Coordinator) {
        draft.for_whom = None;
    }
    Ok(Ok(draft))
}

/// Publishes a new post for `author`; it expires after the tenant's number of days.
pub async fn create(state: &AppState, author: &UserRecord, input: &PostInput) -> Outcome<i64> {
    let draft = match checked_for(state, input, author, None).await? {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(Refusal::Invalid(problems))),
    };
    let now = now();
    let expires_at = now + i64::from(state.tenant.posts.expiry_days) * DAY;
    // Pre-moderated (by the tenant or the category): it waits for a moderator, outside
    // the listings and the search index, and its expiry starts when it is approved.
    let waits = state.tenant.moderation_for(&draft.category) == ModerationMode::Pre;
    let start = posts::Start {
        status: if waits {
            PostStatus::Pending
        } else {
            PostStatus::Open
        },
        reviewed: false,
    };
    let docs = index::documents(&state.tenant, &draft);
    let mut tx = state.db.begin().await?;
    let id = posts::insert(&mut tx, author.id, &draft, start, now, expires_at).await?;
    if !waits {
        search_index::put(&mut tx, id, &docs).await?;
    }
    tx.commit().await?;
    tracing::info!(
        post_id = id,
        user_id = author.id,
        kind = draft.kind.as_str(),
        waits,
        "post created"
    );
    if waits {
        return Ok(Ok(id));
    }
    state.listings.invalidate();
    state
        .search
        .learn(&[&docs.title, &docs.body, &docs.category])
        .await;
    // The post is saved whatever happens here; a failed suggestion mail is only logged.
    if let Err(err) = crate::ssr::matching::mail_author(state, author, id, &draft).await {
        tracing::error!(post_id = id, error = %err, "match suggestions mail failed");
    }
    Ok(Ok(id))
}

pub async fn get(state: &AppState, id: i64) -> Result<Option<PostRecord>, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(posts::by_id(&mut conn, id).await?)
}

/// A post as anyone may see it (its page, the API). Closed, fulfilled and expired posts
/// stay visible with their state until the retention clean-up deletes them, so shared
/// links keep working; posts waiting for a moderator, rejected, removed or hidden ones
/// are not (see `may_see`).
pub async fn get_public(state: &AppState, id: i64) -> Result<Option<PostRecord>, PostError> {
    Ok(get(state, id)
        .await?
        .filter(|post| post.status().is_public()))
}

/// Whether `viewer` may see `post`: anyone a public post; its author and moderators any.
pub fn may_see(post: &PostRecord, viewer: Option<&UserRecord>) -> bool {
    post.status().is_public()
        || viewer.is_some_and(|u| u.id == post.author_id || u.role().includes(Role::Moderator))
}

/// The post if `user` may change it: its author, or a moderator.
pub(crate) async fn editable(state: &AppState, user: &UserRecord, id: i64) -> Outcome<PostRecord> {
    match get(state, id).await? {
        None => Ok(Err(Refusal::NotFound)),
        Some(post) if post.author_id == user.id || user.role().includes(Role::Moderator) => {
            Ok(Ok(post))
        }
        Some(_) => Ok(Err(Refusal::Forbidden)),
    }
}

pub async fn edit(state: &AppState, user: &UserRecord, id: i64, input: &PostInput) -> Outcome<()> {
    let post = match editable(state, user, id).await? {
        Ok(post) => post,
        Err(refusal) => return Ok(Err(refusal)),
    };
    // A post waiting for a moderator may be corrected (by its author or the moderator);
    // only listed posts are in the search index.
    let listed = post.status().is_active();
    if !listed && post.status() != PostStatus::Pending {
        return Ok(Err(Refusal::NotActive));
    }
    let draft = match checked_for(state, input, user, Some(&post)).await? {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(Refusal::Invalid(problems))),
    };
    let docs = index::documents(&state.tenant, &draft);
    let mut tx = state.db.begin().await?;
    posts::update(&mut tx, id, &draft, now()).await?;
    if listed {
        search_index::put(&mut tx, id, &docs).await?;
    }
    tx.commit().await?;
    state.listings.invalidate();
    state
        .search
        .learn(&[&docs.title, &docs.body, &docs.category])
        .await;
    Ok(Ok(()))
}

/// Closes a post (withdrawn) or marks it fulfilled (a need met, an offer given away).
pub async fn finish(
    state: &AppState,
    user: &UserRecord,
    id: i64,
    status: PostStatus,
) -> Outcome<()> {
    if !matches!(status, PostStatus::Closed | PostStatus::Fulfilled) {
        return Ok(Err(Refusal::Invalid(vec![(
            "status",
            Problem::UnknownChoice,
        )])));
    }
    if let Err(refusal) = editable(state, user, id).await? {
        return Ok(Err(refusal));
    }
    let mut conn = state.db.pool().acquire().await?;
    if posts::finish(&mut conn, id, status, now()).await? {
        state.listings.invalidate();
        tracing::info!(
            post_id = id,
            user_id = user.id,
            status = status.as_str(),
            "post finished"
        );
        Ok(Ok(()))
    } else {
        Ok(Err(Refusal::NotActive))
    }
}

/// Gives a post another full period: an active post that expires within
/// `RENEW_WINDOW_DAYS`, or one that has expired (it returns to the listings).
pub async fn renew(state: &AppState, user: &UserRecord, id: i64) -> Outcome<()> {
    let post = match editable(state, user, id).await? {
        Ok(post) => post,
        Err(refusal) => return Ok(Err(refusal)),
    };
    renew_post(state, &post).await
}

/// Expired, or active and expiring within `RENEW_WINDOW_DAYS`.
fn renewable(post: &PostRecord, now: i64) -> bool {
    match post.status() {
        PostStatus::Expired => true,
        status if status.is_active() => post.expires_at - now <= RENEW_WINDOW_DAYS * DAY,
        _ => false,
    }
}

pub(crate) async fn renew_post(state: &AppState, post: &PostRecord) -> Outcome<()> {
    let now = now();
    if !renewable(post, now) {
        return Ok(Err(Refusal::NotActive));
    }
    let expires_at = now + i64::from(state.tenant.posts.expiry_days) * DAY;
    // An expired post left the search index; it is listed again, so it goes back in.
    let docs = index::documents(&state.tenant, &post.draft());
    let mut tx = state.db.begin().await?;
    posts::renew(&mut tx, post.id, expires_at, now).await?;
    search_index::put(&mut tx, post.id, &docs).await?;
    tx.commit().await?;
    state.listings.invalidate();
    tracing::info!(post_id = post.id, "post renewed");
    Ok(Ok(()))
}

/// The post as its page shows it to `viewer`.
pub async fn view(
    state: &AppState,
    post: &PostRecord,
    viewer: Option<&UserRecord>,
) -> Result<PostView, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let author_name = crate::ssr::db::users::by_id(&mut conn, post.author_id)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_default();
    let photos = crate::ssr::db::photos::of_post(&mut conn, post.id)
        .await?
        .into_iter()
        .map(|p| PhotoInfo {
            id: p.id,
            alt: p.alt,
            width: p.width,
            height: p.height,
        })
        .collect();
    let can_edit =
        viewer.is_some_and(|u| u.id == post.author_id || u.role().includes(Role::Moderator));
    let moderator = viewer.is_some_and(|u| u.role().includes(Role::Moderator));
    // Only people who may change the post learn how moderators decided on it.
    let review = if can_edit {
        Some(crate::ssr::db::moderation::review(&mut conn, post.id).await?)
    } else {
        None
    };
    let organisation =
        crate::ssr::organisations::reference_of(&mut conn, post.organisation_id).await?;
    drop(conn);
    let matches = crate::ssr::matching::for_post(state, post).await?;
    let for_whom = post.on_behalf_of.clone().filter(|_| can_edit);
    Ok(PostView {
        id: post.id,
        kind: post.kind(),
        help: post.help(),
        category: post.category.clone(),
        municipality: post.municipality.clone(),
        title: post.title.clone(),
        description: post.description.clone(),
        quantity: post.quantity,
        availability: post.availability.clone(),
        urgency: post.urgency(),
        status: post.status(),
        language: post.language.clone(),
        created_at: post.created_at,
        expires_at: post.expires_at,
        // In an organisation's name, the page names the organisation; the person who
        // wrote it is not sent to the public (their name appears in conversations).
        author_name: if organisation.is_some() && !can_edit {
            String::new()
        } else {
            author_name
        },
        for_someone: post.on_behalf_of.is_some(),
        for_whom,
        organisation,
        can_edit,
        can_approve: moderator
            && review.as_ref().is_some_and(|r| r.reviewed_at.is_none())
            && matches!(
                post.status(),
                PostStatus::Pending | PostStatus::Open | PostStatus::InContact
            ),
        moderation_reason: review.and_then(|r| r.reason),
        can_renew: can_edit && renewable(post, now()),
        signed_in: viewer.is_some(),
        can_answer: viewer.is_some_and(|u| u.id != post.author_id) && post.status().is_active(),
        photos,
        matches,
    })
}

/// The posts `coordinator` wrote for others, with the conversations about each.
pub async fn coordinated(
    state: &AppState,
    coordinator: &UserRecord,
) -> Result<Vec<CoordinatedPost>, PostError> {
    let records = {
        let mut conn = state.db.pool().acquire().await?;
        posts::on_behalf_by(&mut conn, coordinator.id).await?
    };
    let cards = listing::cards(state, &records, None).await?;
    let conversations = crate::ssr::conversations::list(state, coordinator).await?;
    Ok(records
        .iter()
        .zip(cards)
        .map(|(record, card)| CoordinatedPost {
            card,
            for_whom: record.on_behalf_of.clone().unwrap_or_default(),
            conversations: conversations
                .iter()
                .filter(|c| c.post_id == record.id)
                .cloned()
                .collect(),
        })
        .collect())
}

/// Every post of `author`, newest first.
pub async fn by_author(state: &AppState, author: i64) -> Result<Vec<PostRecord>, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(posts::by_author(&mut conn, author).await?)
}

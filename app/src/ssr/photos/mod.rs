//! Photos of posts: adding (checked and re-encoded by `encode`), removing, serving.
//! Only the post's author or a moderator adds or removes photos; everyone sees them
//! where they see the post.
pub mod encode;

use crate::domain::account::Problem;
use crate::ssr::db::users::UserRecord;
use crate::ssr::db::{now, photos};
use crate::ssr::posts::{self, Refusal};
use crate::ssr::state::AppState;
use encode::{PER_POST_MAX, PhotoError};

#[derive(Debug, thiserror::Error)]
pub enum PhotoStoreError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error("post: {0}")]
    Post(#[from] posts::PostError),
    #[error("photo: {0}")]
    Photo(PhotoError),
}

/// Adds a photo to a post. `Err(Refusal)` says why not; nothing is stored then.
pub async fn add(
    state: &AppState,
    user: &UserRecord,
    post_id: i64,
    bytes: Vec<u8>,
    alt: &str,
) -> Result<Result<i64, Refusal>, PhotoStoreError> {
    let post = match posts::editable(state, user, post_id).await? {
        Ok(post) => post,
        Err(refusal) => return Ok(Err(refusal)),
    };
    if !post.status().is_active() {
        return Ok(Err(Refusal::NotActive));
    }
    let too_many = || {
        Ok(Err(Refusal::Invalid(vec![(
            "photo",
            Problem::TooManyPhotos,
        )])))
    };
    {
        let mut conn = state.db.pool().acquire().await?;
        if photos::count(&mut conn, post_id).await? >= PER_POST_MAX as i64 {
            return too_many();
        }
    }
    let alt: String = alt.split_whitespace().collect::<Vec<_>>().join(" ");
    if alt.chars().count() > ALT_MAX {
        return Ok(Err(Refusal::Invalid(vec![("alt", Problem::TooLong)])));
    }
    let processed = match encode::process(bytes).await {
        Ok(processed) => processed,
        Err(PhotoError::Refused(problem)) => {
            return Ok(Err(Refusal::Invalid(vec![("photo", problem)])));
        }
        Err(other) => return Err(PhotoStoreError::Photo(other)),
    };
    let mut tx = state.db.begin().await?;
    // Counted again inside the transaction: two uploads at once cannot pass the limit.
    if photos::count(&mut tx, post_id).await? >= PER_POST_MAX as i64 {
        return too_many();
    }
    let id = photos::insert(&mut tx, post_id, &alt, &processed, now()).await?;
    tx.commit().await?;
    state.listings.invalidate();
    tracing::info!(
        post_id,
        photo_id = id,
        bytes = processed.display.len(),
        "photo added"
    );
    Ok(Ok(id))
}

/// Longest photo description.
pub const ALT_MAX: usize = 200;

pub async fn remove(
    state: &AppState,
    user: &UserRecord,
    photo_id: i64,
) -> Result<Result<i64, Refusal>, PhotoStoreError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(post_id) = photos::post_of(&mut conn, photo_id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    drop(conn);
    if let Err(refusal) = posts::editable(state, user, post_id).await? {
        return Ok(Err(refusal));
    }
    let mut conn = state.db.pool().acquire().await?;
    photos::delete(&mut conn, photo_id).await?;
    state.listings.invalidate();
    Ok(Ok(post_id))
}

//! Expiry: posts leave the listings after the tenant's number of days. A few days
//! before, the author gets a mail with a one-click link that renews the post without
//! logging in. Run by the server's expiry job; safe to run often and on several
//! instances (each reminder is claimed with a conditional update).
use super::{DAY, PostError, renew_post};
use crate::domain::locale::short_date;
use crate::ssr::accounts::token;
use crate::ssr::db::tokens::{self, Purpose};
use crate::ssr::db::{posts, users};
use crate::ssr::mail::{self, MailKind, locale_of};
use crate::ssr::state::AppState;

/// Days before expiry when the reminder goes out.
pub const REMIND_DAYS: i64 = 3;
/// The renew link also works this long after the post expired.
const LINK_GRACE_DAYS: i64 = 30;
/// Reminders per run (the next run takes the rest).
const BATCH: i64 = 200;

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub expired: u64,
    pub reminded: u64,
}

pub async fn run_once(state: &AppState, now: i64) -> Result<Report, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let expired = posts::expire_due(&mut conn, now).await?;
    if expired > 0 {
        state.listings.invalidate();
    }
    let due = posts::due_for_reminder(&mut conn, now, now + REMIND_DAYS * DAY, BATCH).await?;
    drop(conn);
    let mut reminded = 0;
    for post in due {
        let mut tx = state.db.begin().await?;
        if !posts::mark_reminded(&mut tx, post.id, now).await? {
            continue;
        }
        let Some(author) = users::by_id(&mut tx, post.author_id).await? else {
            continue;
        };
        let secret = token::generate();
        tokens::insert(
            &mut tx,
            &token::digest(&secret),
            author.id,
            Purpose::RenewPost,
            post.expires_at + LINK_GRACE_DAYS * DAY,
        )
        .await?;
        let link = format!(
            "{}/posts/{}/renew?token={secret}",
            state.public_url, post.id
        );
        let locale = locale_of(&author.locale, &state.tenant.default_locale);
        let date = short_date(post.expires_at, locale.as_ref());
        let kind = MailKind::PostExpiring {
            title: &post.title,
            date: &date,
            link: &link,
        };
        mail::enqueue(
            &mut tx,
            &author.email,
            locale,
            &state.tenant.name,
            &author.display_name,
            &kind,
            now,
        )
        .await?;
        tx.commit().await?;
        reminded += 1;
    }
    if reminded > 0 {
        state.mail_wakeup.notify_one();
    }
    Ok(Report { expired, reminded })
}

/// Renews a post from the mailed link. `Ok(Some(new expiry))` when it worked; `None`
/// for a wrong, used or outdated link, or a post that cannot be renewed any more.
pub async fn renew_by_link(
    state: &AppState,
    post_id: i64,
    secret: &str,
    now: i64,
) -> Result<Option<i64>, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(post) = posts::by_id(&mut conn, post_id).await? else {
        return Ok(None);
    };
    let Some(user_id) =
        tokens::consume(&mut conn, &token::digest(secret), Purpose::RenewPost, now).await?
    else {
        return Ok(None);
    };
    drop(conn);
    if user_id != post.author_id {
        return Ok(None);
    }
    match renew_post(state, &post).await? {
        Ok(()) => Ok(super::get(state, post_id).await?.map(|p| p.expires_at)),
        Err(_) => Ok(None),
    }
}

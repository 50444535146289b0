//! Who is signed in. The session (tower-sessions, stored in the database) holds only the
//! user id, the account's session epoch and the role it was issued for.
//!
//! - Sign-in renews the session id (no session fixation).
//! - A password change bumps the account's epoch; every session with an older epoch is
//!   treated as signed out, on every device.
//! - When an admin changes someone's role, that person's next request renews the id.
//! - A session ends after `SESSION_IDLE_DAYS` (server/src/router.rs) without use. The
//!   store only pushes a session's end out when the session is saved, so the first
//!   signed-in request of each day saves it again (`SessionAuth::renewed_on`); without
//!   that, someone who used the platform every day was signed out two weeks after
//!   signing in.
use crate::ssr::db::users::{self, UserRecord};
use serde::{Deserialize, Serialize};
use sqlx::AnyPool;
use tower_sessions::Session;

const AUTH_KEY: &str = "auth";

#[derive(Debug, Clone, Serialize, Deserialize)]
struct SessionAuth {
    user_id: i64,
    epoch: i64,
    role: String,
    /// The day (days since 1970, UTC) the session was last saved, which pushed its end
    /// out. Sessions from before this field count as never renewed.
    #[serde(default)]
    renewed_on: i64,
}

/// Today as `SessionAuth::renewed_on` counts days.
fn today() -> i64 {
    crate::ssr::db::now().div_euclid(24 * 3600)
}

#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    #[error("session store: {0}")]
    Store(#[from] tower_sessions::session::Error),
    #[error("loading the signed-in user: {0}")]
    Db(#[from] sqlx::Error),
}

pub async fn sign_in(session: &Session, user: &UserRecord) -> Result<(), SessionError> {
    session.cycle_id().await?;
    session
        .insert(
            AUTH_KEY,
            SessionAuth {
                user_id: user.id,
                epoch: user.session_epoch,
                role: user.role.clone(),
                renewed_on: today(),
            },
        )
        .await?;
    Ok(())
}

/// Ends this session: its row is deleted and the cookie cleared.
pub async fn sign_out(session: &Session) -> Result<(), SessionError> {
    session.flush().await?;
    Ok(())
}

/// The account behind this session, if the session is still valid for it. A visitor
/// without a session costs no database connection (most page views are anonymous).
pub async fn current_user(
    session: &Session,
    pool: &AnyPool,
) -> Result<Option<UserRecord>, SessionError> {
    let Some(auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let user = {
        let mut conn = pool.acquire().await?;
        users::by_id(&mut conn, auth.user_id).await?
    };
    still_valid(session, auth, user).await
}

/// `current_user` and the unread messages of its conversations, in one query (what a
/// page view needs for its header).
pub async fn current_viewer(
    session: &Session,
    pool: &AnyPool,
) -> Result<Option<(UserRecord, i64)>, SessionError> {
    let Some(auth) = session.get::<SessionAuth>(AUTH_KEY).await? else {
        return Ok(None);
    };
    let found = {
        let mut conn = pool.acquire().await?;
        users::with_unread(&mut conn, auth.user_id).await?
    };
    let unread = found.as_ref().map_or(0, |record| record.unread);
    let user = still_valid(session, auth, found.map(|record| record.user)).await?;
    Ok(user.map(|user| (user, unread)))
}

/// `user` if the session `auth` was issued for may still use it; renews the session id
/// when the account's role changed since, saves the session once a day (see the module's
/// text), ends the session when it is over.
async fn still_valid(
    session: &Session,
    auth: SessionAuth,
    user: Option<UserRecord>,
) -> Result<Option<UserRecord>, SessionError> {
    match user {
        Some(user) if user.session_epoch == auth.epoch && user.blocked_at.is_none() => {
            let role_changed = user.role != auth.role;
            if role_changed {
                session.cycle_id().await?;
            }
            let today = today();
            if role_changed || auth.renewed_on < today {
                session
                    .insert(
                        AUTH_KEY,
                        SessionAuth {
                            role: user.role.clone(),
                            renewed_on: today,
                            ..auth
                        },
                    )
                    .await?;
            }
            Ok(Some(user))
        }
        // Deleted account, password changed or account blocked since: this session is over.
        _ => {
            session.flush().await?;
            Ok(None)
        }
    }
}

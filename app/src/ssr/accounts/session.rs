//! Who is signed in. The session (tower-sessions, stored in the database) holds only the
//! user id, the account's session epoch and the role it was issued for.
//!
//! - Sign-in renews the session id (no session fixation).
//! - A password change bumps the account's epoch; every session with an older epoch is
//!   treated as signed out, on every device.
//! - When an admin changes someone's role, that person's next request renews the id.
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
    let mut conn = pool.acquire().await?;
    let user = users::by_id(&mut conn, auth.user_id).await?;
    match user {
        Some(user) if user.session_epoch == auth.epoch && user.blocked_at.is_none() => {
            if user.role != auth.role {
                session.cycle_id().await?;
                session
                    .insert(
                        AUTH_KEY,
                        SessionAuth {
                            role: user.role.clone(),
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

//! Limits on attempts, per client IP and per account, so that nobody can guess passwords
//! or flood mailboxes. Counters live in the database (`db::rate_limits`); keys are hashed.
//!
//! Many people share one IP address in shelters and on mobile networks, so per-IP limits
//! are generous and the tight limit is on one IP trying one account.
use crate::ssr::accounts::token::digest;
use crate::ssr::db::{Db, now, rate_limits};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub name: &'static str,
    pub max: i64,
    pub window_secs: i64,
}

const MINUTE: i64 = 60;
const HOUR: i64 = 60 * MINUTE;

/// Five tries of one account from one address per quarter hour; the sixth waits.
pub const LOGIN_IP_ACCOUNT: Limit = Limit {
    name: "login-ip-account",
    max: 5,
    window_secs: 15 * MINUTE,
};
pub const LOGIN_IP: Limit = Limit {
    name: "login-ip",
    max: 60,
    window_secs: 15 * MINUTE,
};
pub const LOGIN_ACCOUNT: Limit = Limit {
    name: "login-account",
    max: 20,
    window_secs: HOUR,
};
pub const REGISTER_IP: Limit = Limit {
    name: "register-ip",
    max: 20,
    window_secs: HOUR,
};
pub const RESET_IP: Limit = Limit {
    name: "reset-ip",
    max: 20,
    window_secs: HOUR,
};
pub const RESET_ACCOUNT: Limit = Limit {
    name: "reset-account",
    max: 3,
    window_secs: HOUR,
};
/// Mails to an existing account (new confirmation link, "you already have an account").
pub const MAIL_ACCOUNT: Limit = Limit {
    name: "mail-account",
    max: 3,
    window_secs: HOUR,
};

/// Messages one person writes: a lively exchange fits, a spam run does not.
pub const MESSAGES_USER: Limit = Limit {
    name: "messages-user",
    max: 40,
    window_secs: 10 * MINUTE,
};
/// Posts one person answers (each opens a conversation with a stranger).
pub const ANSWERS_USER: Limit = Limit {
    name: "answers-user",
    max: 20,
    window_secs: HOUR,
};

/// Reports one person sends: enough for a bad evening, not to flood the moderators.
pub const REPORTS_USER: Limit = Limit {
    name: "reports-user",
    max: 10,
    window_secs: HOUR,
};

/// Messages one person sends to organisations through their profiles: enough to ask a
/// few welcome circles, not to fill their mailboxes (each one is a mail to a volunteer).
pub const CONTACT_USER: Limit = Limit {
    name: "contact-user",
    max: 5,
    window_secs: HOUR,
};

/// Counts an attempt. `Ok(Some(minutes))` when the limit is exceeded: try again then.
pub async fn check(db: &Db, limit: &Limit, subject: &str) -> Result<Option<u32>, sqlx::Error> {
    let key = digest(&format!("{}:{subject}", limit.name));
    let now = now();
    let mut conn = db.pool().acquire().await?;
    let (hits, window_start) = rate_limits::hit(&mut conn, &key, now, limit.window_secs).await?;
    if hits > limit.max {
        let wait = (window_start + limit.window_secs - now).max(1);
        Ok(Some(
            u32::try_from((wait + MINUTE - 1) / MINUTE).unwrap_or(u32::MAX),
        ))
    } else {
        Ok(None)
    }
}

/// Forgets the count for `subject` (after a successful login from that address).
pub async fn reset(db: &Db, limit: &Limit, subject: &str) -> Result<(), sqlx::Error> {
    let key = digest(&format!("{}:{subject}", limit.name));
    let mut conn = db.pool().acquire().await?;
    rate_limits::delete_key(&mut conn, &key).await
}

/// Checks several limits (all are counted); the longest wait wins.
pub async fn check_all(db: &Db, checks: &[(&Limit, &str)]) -> Result<Option<u32>, sqlx::Error> {
    let mut wait = None;
    for (limit, subject) in checks {
        if let Some(minutes) = check(db, limit, subject).await? {
            wait = Some(wait.map_or(minutes, |w: u32| w.max(minutes)));
        }
    }
    Ok(wait)
}

/// Forgets counters whose window ended more than a day ago.
pub async fn clean_up(db: &Db) -> Result<u64, sqlx::Error> {
    let mut conn = db.pool().acquire().await?;
    rate_limits::delete_older_than(&mut conn, now() - 24 * HOUR).await
}

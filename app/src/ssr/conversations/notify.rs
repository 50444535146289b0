//! Mail about new messages, bundled: nobody gets a mail per message. A message waits a
//! couple of minutes (someone writing back and forth on the site needs no mail), then
//! its recipient gets one mail about everything unread, at most every half hour. The mail
//! says how many messages wait, never what they say: a message a moderator later removes
//! must not sit in a mailbox, and mailboxes are not private on a shared family phone.
use crate::ssr::db::conversations as db;
use crate::ssr::db::users;
use crate::ssr::mail::{self, MailKind};
use crate::ssr::posts::PostError;
use crate::ssr::state::AppState;
use std::collections::BTreeMap;

/// A message is mailed about once it is this old and still unread.
pub const DELAY_SECS: i64 = 120;
/// At most one mail per person in this time; later messages wait for the next one.
pub const GAP_SECS: i64 = 30 * 60;
/// Messages looked at per run.
const BATCH: i64 = 1000;

/// Mails everyone with unread messages written up to `now - DELAY_SECS`. Returns how
/// many mails were written.
pub async fn run_once(state: &AppState, now: i64) -> Result<u64, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let pending = db::unnoticed(&mut conn, now - DELAY_SECS, BATCH).await?;
    drop(conn);
    // Per recipient: the unread messages and the conversations they are in; and every
    // message that needs no mail (read already, or the person wants no such mails).
    let mut unread: BTreeMap<i64, Vec<&db::Unnoticed>> = BTreeMap::new();
    let mut settled: Vec<i64> = Vec::new();
    for message in &pending {
        if message.read != 0 {
            settled.push(message.id);
        } else {
            unread
                .entry(message.recipient_id)
                .or_default()
                .push(message);
        }
    }
    let mut mailed = 0;
    let mut tx = state.db.begin().await?;
    db::mark_noticed(&mut tx, &settled).await?;
    for (recipient, messages) in unread {
        let ids: Vec<i64> = messages.iter().map(|m| m.id).collect();
        let Some(user) = users::by_id(&mut tx, recipient).await? else {
            db::mark_noticed(&mut tx, &ids).await?;
            continue;
        };
        if user.notify_messages == 0 {
            db::mark_noticed(&mut tx, &ids).await?;
            continue;
        }
        if db::last_notice(&mut tx, recipient)
            .await?
            .is_some_and(|at| at > now - GAP_SECS)
        {
            // Told a short while ago: these wait and come in the next mail.
            continue;
        }
        // Claimed first: another instance that read the same messages finds them
        // noticed (on PostgreSQL it waits for this transaction) and sends nothing.
        let claimed = db::mark_noticed(&mut tx, &ids).await?;
        if claimed == 0 {
            continue;
        }
        let mut conversations: Vec<i64> = messages.iter().map(|m| m.conversation_id).collect();
        conversations.sort_unstable();
        conversations.dedup();
        let link = format!("{}/conversations", state.public_url);
        let kind = MailKind::NewMessages {
            messages: usize::try_from(claimed).unwrap_or(ids.len()),
            conversations: conversations.len(),
            link: &link,
        };
        mail::enqueue_to(&mut tx, state, &user, &kind).await?;
        db::set_last_notice(&mut tx, recipient, now).await?;
        mailed += 1;
    }
    tx.commit().await?;
    if mailed > 0 {
        state.mail_wakeup.notify_one();
    }
    Ok(mailed)
}

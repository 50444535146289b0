//! The audit log: nothing a moderator or admin does is silent. Entries are written in the
//! transaction of the action itself, so an action without its entry cannot happen.
use crate::domain::locale::iso_date;
use crate::domain::moderation::{AuditEntry, AuditPage};
use crate::ssr::db::audit::{self as db, EntryRecord, NewEntry};
use crate::ssr::db::now;
use crate::ssr::db::users::UserRecord;
use crate::ssr::state::AppState;
use sqlx::AnyConnection;

/// Entries on one page of the log.
pub const PAGE: i64 = 100;

/// Records that `actor` did `action` (e.g. `post.reject`) to `target` #`target_id`.
pub async fn record(
    conn: &mut AnyConnection,
    actor: &UserRecord,
    action: &str,
    target: &str,
    target_id: Option<i64>,
    reason: &str,
) -> Result<i64, sqlx::Error> {
    db::record(
        conn,
        &NewEntry {
            actor_id: actor.id,
            actor_name: &actor.display_name,
            action,
            target,
            target_id,
            reason,
        },
        now(),
    )
    .await
}

fn entry(record: EntryRecord) -> AuditEntry {
    AuditEntry {
        id: record.id,
        actor_name: record.actor_name,
        action: record.action,
        target: record.target,
        target_id: record.target_id,
        reason: record.reason,
        created_at: record.created_at,
    }
}

/// The newest entries older than `before` (an entry id).
pub async fn page(state: &AppState, before: Option<i64>) -> Result<AuditPage, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    let mut records = db::page(&mut conn, before, PAGE + 1).await?;
    let more = records.len() > PAGE as usize;
    records.truncate(PAGE as usize);
    let older = more.then(|| records.last().map(|r| r.id)).flatten();
    Ok(AuditPage {
        entries: records.into_iter().map(entry).collect(),
        older,
    })
}

/// The whole log as CSV (RFC 4180), oldest first, times in UTC (ISO 8601): for the
/// data-protection officer, a spreadsheet or an archive.
pub async fn csv(state: &AppState) -> Result<String, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    let records = db::all(&mut conn).await?;
    let mut out = String::from("id,time_utc,actor,action,target,target_id,reason\r\n");
    for r in records {
        let time = utc_time(r.created_at);
        let fields = [
            r.id.to_string(),
            time,
            r.actor_name,
            r.action,
            r.target,
            r.target_id.map(|id| id.to_string()).unwrap_or_default(),
            r.reason,
        ];
        let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    Ok(out)
}

/// `2026-11-30T21:05:09Z`
fn utc_time(seconds: i64) -> String {
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        iso_date(seconds),
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// Quotes a field when it needs it; a leading `=`, `+`, `-` or `@` is defused so that a
/// spreadsheet does not run a reason typed as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::{csv_field, utc_time};

    #[test]
    fn times_are_iso_utc() {
        assert_eq!(
            utc_time(1_795_392_000 + 3 * 3600 + 62),
            "2026-11-23T03:01:02Z"
        );
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(csv_field("line\nbreak"), "\"line\nbreak\"");
    }
}

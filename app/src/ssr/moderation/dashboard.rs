//! The staff dashboard's figures (`crate::domain::dashboard`) over the last weeks.
use crate::domain::dashboard::{Dashboard, Figures, group};
use crate::domain::locale::civil_date;
use crate::domain::stats::{WEEK, week_start};
use crate::ssr::db::{now, stats};
use crate::ssr::state::AppState;

/// Weeks the dashboard covers, this one included.
pub const WEEKS: u32 = 12;

fn day(seconds: i64) -> String {
    let (y, m, d) = civil_date(seconds);
    format!("{y}-{m:02}-{d:02}")
}

pub async fn dashboard(state: &AppState) -> Result<Dashboard, sqlx::Error> {
    let this_week = week_start(now());
    let since = this_week - i64::from(WEEKS - 1) * WEEK;
    let mut conn = state.db.pool().acquire().await?;
    let posts = stats::post_facts(&mut conn, since).await?;
    let by_week = group(posts.iter(), |p| day(week_start(p.created_at)));
    // Every week of the period, also those without posts, oldest first.
    let weeks = (0..i64::from(WEEKS))
        .map(|n| day(since + n * WEEK))
        .map(|key| {
            by_week
                .iter()
                .find(|f| f.key == key)
                .cloned()
                .unwrap_or(Figures {
                    key,
                    ..Figures::default()
                })
        })
        .collect();
    let mut categories = group(posts.iter(), |p| p.category.clone());
    categories.sort_by_key(|f| std::cmp::Reverse(f.posts));
    let mut municipalities = group(posts.iter(), |p| p.municipality.clone());
    municipalities.sort_by_key(|f| std::cmp::Reverse(f.posts));
    Ok(Dashboard {
        weeks,
        categories,
        municipalities,
        weeks_shown: WEEKS,
    })
}

//! `GET /api/v1/stats`: how the platform is used, for the district's open-data portal.
//! Counts per week (starting Monday, UTC), category, municipality and kind; figures of
//! cells with fewer than five people are left out (see `app::domain::stats`).
//!
//! Query: `weeks` (1 to 520, default 52: how far back), `format` (`json`, the default,
//! or `csv`).
use super::public_api::{public, unavailable};
use app::domain::stats::{MIN_CELL, Stats, StatsRow, WEEK, week_start};
use app::ssr::db::{now, stats};
use app::ssr::state::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::header::{ACCESS_CONTROL_ALLOW_ORIGIN, CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use serde::Deserialize;

const WEEKS_DEFAULT: u32 = 52;
const WEEKS_MAX: u32 = 520;

#[derive(Deserialize)]
pub struct Params {
    weeks: Option<u32>,
    format: Option<String>,
}

pub async fn stats(State(state): State<AppState>, Query(params): Query<Params>) -> Response {
    let weeks = params.weeks.unwrap_or(WEEKS_DEFAULT);
    if !(1..=WEEKS_MAX).contains(&weeks) {
        return (
            StatusCode::BAD_REQUEST,
            format!("weeks must be between 1 and {WEEKS_MAX}\n"),
        )
            .into_response();
    }
    let csv = match params.format.as_deref() {
        None | Some("json") => false,
        Some("csv") => true,
        Some(_) => {
            return (StatusCode::BAD_REQUEST, "format must be json or csv\n").into_response();
        }
    };
    // Whole weeks: this one and the `weeks - 1` before it.
    let since = week_start(now()) - i64::from(weeks - 1) * WEEK;
    // Kept until a post changes (see `ListingCache::stats`): counting reads every post
    // of the weeks asked for (270 ms at 100,000 posts).
    let cells = state
        .listings
        .stats
        .get_or_try_compute(&since, || async {
            let mut conn = state.db.pool().acquire().await?;
            stats::cells(&mut conn, since)
                .await
                .map(std::sync::Arc::new)
        })
        .await;
    let cells = match cells {
        Ok(cells) => cells,
        Err(err) => return unavailable(err),
    };
    let stats = Stats {
        tenant: state.tenant.slug.clone(),
        weeks,
        min_cell: MIN_CELL,
        rows: cells.iter().cloned().map(StatsRow::from_cell).collect(),
    };
    if !csv {
        return public(stats);
    }
    let file = format!("attachment; filename=\"{}-stats.csv\"", state.tenant.slug);
    (
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (ACCESS_CONTROL_ALLOW_ORIGIN, "*".to_string()),
            (CACHE_CONTROL, "public, max-age=60".to_string()),
            (CONTENT_DISPOSITION, file),
        ],
        stats.csv(),
    )
        .into_response()
}

//! Open data: how the platform is used, per week, category, municipality and kind,
//! with small cells suppressed so that nobody can be singled out (`GET /api/v1/stats`).
use serde::{Deserialize, Serialize};

/// A cell with fewer different people than this shows no figures at all, and any
/// figure from 1 to this minus one is left out too.
pub const MIN_CELL: i64 = 5;
/// 1970-01-05, the first Monday after the Unix epoch: weeks start on Mondays (UTC).
pub const FIRST_MONDAY: i64 = 4 * 86_400;
pub const WEEK: i64 = 7 * 86_400;

/// The Monday (Unix seconds, UTC) of the week `seconds` falls in.
pub fn week_start(seconds: i64) -> i64 {
    seconds - (seconds - FIRST_MONDAY).rem_euclid(WEEK)
}

/// Counted figures of one cell, before suppression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RawCell {
    pub week_start: i64,
    pub category: String,
    pub municipality: String,
    pub kind: String,
    pub people: i64,
    pub posts: i64,
    pub needs_fulfilled: i64,
    pub conversations: i64,
}

/// One published row; `None` where the figure is suppressed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatsRow {
    /// The Monday the week starts on, `YYYY-MM-DD` (UTC).
    pub week: String,
    pub category: String,
    pub municipality: String,
    /// `offer` or `need`.
    pub kind: String,
    /// Different people who posted.
    pub people: Option<i64>,
    pub posts: Option<i64>,
    /// Needs marked fulfilled (0 for offers).
    pub needs_fulfilled: Option<i64>,
    /// Conversations started on these posts.
    pub conversations: Option<i64>,
    /// True when any figure of the row was left out.
    pub suppressed: bool,
}

fn small(value: i64) -> bool {
    value > 0 && value < MIN_CELL
}

impl StatsRow {
    pub fn from_cell(cell: RawCell) -> Self {
        let (year, month, day) = super::locale::civil_date(cell.week_start);
        let whole = cell.people >= MIN_CELL;
        let keep = |value: i64| (whole && !small(value)).then_some(value);
        let figures = [
            cell.people,
            cell.posts,
            cell.needs_fulfilled,
            cell.conversations,
        ];
        Self {
            week: format!("{year}-{month:02}-{day:02}"),
            category: cell.category,
            municipality: cell.municipality,
            kind: cell.kind,
            people: keep(cell.people),
            posts: keep(cell.posts),
            needs_fulfilled: keep(cell.needs_fulfilled),
            conversations: keep(cell.conversations),
            suppressed: !whole || figures.into_iter().any(small),
        }
    }
}

/// The whole answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stats {
    pub tenant: String,
    pub weeks: u32,
    pub min_cell: i64,
    pub rows: Vec<StatsRow>,
}

impl Stats {
    /// The same rows as CSV (RFC 4180, header first; suppressed figures are empty).
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "week,category,municipality,kind,people,posts,needs_fulfilled,conversations,suppressed\r\n",
        );
        let figure = |v: Option<i64>| v.map(|v| v.to_string()).unwrap_or_default();
        for row in &self.rows {
            // Slugs are a-z, 0-9 and - (checked when the tenant is loaded): no quoting needed.
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{}\r\n",
                row.week,
                row.category,
                row.municipality,
                row.kind,
                figure(row.people),
                figure(row.posts),
                figure(row.needs_fulfilled),
                figure(row.conversations),
                row.suppressed
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(people: i64, posts: i64, fulfilled: i64, conversations: i64) -> RawCell {
        RawCell {
            week_start: week_start(1_764_547_200), // 2025-12-01, a Monday
            category: "furniture".into(),
            municipality: "velten".into(),
            kind: "need".into(),
            people,
            posts,
            needs_fulfilled: fulfilled,
            conversations,
        }
    }

    #[test]
    fn weeks_start_on_monday() {
        assert_eq!(week_start(1_764_547_200), 1_764_547_200);
        // Sunday 2025-12-07 23:59:59 is still in that week; Monday after starts the next.
        assert_eq!(week_start(1_764_547_200 + WEEK - 1), 1_764_547_200);
        assert_eq!(week_start(1_764_547_200 + WEEK), 1_764_547_200 + WEEK);
        assert_eq!(StatsRow::from_cell(cell(5, 5, 0, 0)).week, "2025-12-01");
    }

    #[test]
    fn small_cells_and_small_figures_are_left_out() {
        let row = StatsRow::from_cell(cell(4, 9, 6, 7));
        assert_eq!(
            (row.people, row.posts, row.conversations),
            (None, None, None)
        );
        assert!(row.suppressed);
        let row = StatsRow::from_cell(cell(6, 9, 2, 0));
        assert_eq!(row.posts, Some(9));
        assert_eq!(row.needs_fulfilled, None);
        assert_eq!(row.conversations, Some(0));
        assert!(row.suppressed);
        let row = StatsRow::from_cell(cell(5, 5, 5, 5));
        assert!(!row.suppressed);
        let csv = Stats {
            tenant: "t".into(),
            weeks: 1,
            min_cell: MIN_CELL,
            rows: vec![StatsRow::from_cell(cell(6, 9, 2, 0))],
        }
        .csv();
        assert!(
            csv.ends_with("\r\n2025-12-01,furniture,velten,need,6,9,,0,true\r\n"),
            "{csv}"
        );
    }
}

//! Saved searches and their mail digests, as the pages show them.
use crate::domain::listing::ListQuery;
use serde::{Deserialize, Serialize};

/// Saved searches one person may keep.
pub const SAVED_MAX: usize = 20;
/// New posts listed in one digest mail; the mail links to the rest.
pub const DIGEST_ITEMS: usize = 10;

/// How often a saved search is mailed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// Within a few minutes of a new post (bundled: one mail for all new posts then).
    Immediate,
    Daily,
    Weekly,
}

impl Frequency {
    pub const ALL: [Frequency; 3] = [Frequency::Immediate, Frequency::Daily, Frequency::Weekly];

    pub fn as_str(self) -> &'static str {
        match self {
            Frequency::Immediate => "immediate",
            Frequency::Daily => "daily",
            Frequency::Weekly => "weekly",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == text)
    }

    /// Seconds between two digests.
    pub fn period_secs(self) -> i64 {
        match self {
            // New posts are collected for a few minutes, so a burst gives one mail.
            Frequency::Immediate => 5 * 60,
            Frequency::Daily => 24 * 3600,
            Frequency::Weekly => 7 * 24 * 3600,
        }
    }
}

/// A saved search in the person's list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: i64,
    pub query: ListQuery,
    pub frequency: Frequency,
    /// The filters and words in the reader's language ("Offers · Furniture · “Sofa”").
    pub description: String,
    /// The listing it came from, with its filters (`/offers?q=Sofa`).
    pub link: String,
}

impl ListQuery {
    /// What a saved search keeps: the filters and words, not the page or the order.
    pub fn for_alert(&self) -> ListQuery {
        ListQuery {
            page: None,
            sort: None,
            near: None,
            ..self.clone()
        }
    }

    /// Whether the query filters anything at all (an alert for everything is refused).
    pub fn narrows(&self) -> bool {
        self.kind().is_some()
            || self.help().is_some()
            || self.category().is_some()
            || self.municipality().is_some()
            || self.urgency().is_some()
            || self.words().is_some()
    }

    /// The listing page for this query: offers, needs, or the search over both.
    pub fn listing_path(&self) -> String {
        let base = match self.kind().flatten() {
            Some(crate::domain::post::PostKind::Offer) => "/offers",
            Some(crate::domain::post::PostKind::Need) => "/needs",
            None => "/search",
        };
        format!("{base}{}", self.with_page(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies_round_trip_and_grow() {
        for f in Frequency::ALL {
            assert_eq!(Frequency::parse(f.as_str()), Some(f));
        }
        assert_eq!(Frequency::parse("hourly"), None);
        assert!(Frequency::Immediate.period_secs() < Frequency::Daily.period_secs());
        assert!(Frequency::Daily.period_secs() < Frequency::Weekly.period_secs());
    }

    #[test]
    fn an_alert_keeps_filters_not_the_page() {
        let query = ListQuery {
            kind: Some("offer".into()),
            q: Some("Sofa".into()),
            page: Some("3".into()),
            sort: Some("newest".into()),
            ..ListQuery::default()
        };
        let kept = query.for_alert();
        assert_eq!(kept.page, None);
        assert!(kept.narrows());
        assert_eq!(kept.listing_path(), "/offers?kind=offer&q=Sofa");
        assert!(!ListQuery::default().narrows());
        let blank = ListQuery {
            q: Some("  ".into()),
            ..ListQuery::default()
        };
        assert!(!blank.narrows());
    }
}

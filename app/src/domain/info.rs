//! Information pages: what newcomers must know (advice centres, language courses,
//! registering an address), written by the district as Markdown in the tenant folder and
//! grouped by life situation, as norge.no does.
use super::listing::Piece;
use serde::{Deserialize, Serialize};

/// The life situations pages are grouped by, in the order the index shows them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum LifeSituation {
    Arriving,
    Housing,
    Work,
    Language,
    ChildrenSchool,
    Health,
    Authorities,
}

impl LifeSituation {
    pub const ALL: [Self; 7] = [
        Self::Arriving,
        Self::Housing,
        Self::Work,
        Self::Language,
        Self::ChildrenSchool,
        Self::Health,
        Self::Authorities,
    ];

    /// The word used in a page's front matter (`situation: children-school`).
    pub fn code(self) -> &'static str {
        match self {
            Self::Arriving => "arriving",
            Self::Housing => "housing",
            Self::Work => "work",
            Self::Language => "language",
            Self::ChildrenSchool => "children-school",
            Self::Health => "health",
            Self::Authorities => "authorities",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A page as a line in the index.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoSummary {
    pub slug: String,
    pub title: String,
    /// The language the title is in (it may be the default language's).
    pub lang: String,
    /// The municipality's name when the page is about one place only.
    pub municipality: Option<String>,
}

/// The pages of one life situation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoGroup {
    pub situation: LifeSituation,
    pub pages: Vec<InfoSummary>,
}

/// One page, ready to show.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoPageView {
    pub slug: String,
    pub title: String,
    pub situation: LifeSituation,
    pub municipality: Option<String>,
    /// Sanitised HTML (see `ssr::info::render`): safe to insert as is.
    pub html: String,
    /// The language of the text shown.
    pub lang: String,
    /// True when the visitor's language has no version and the default one is shown.
    pub fallback: bool,
}

/// A page found by search.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InfoHit {
    pub slug: String,
    pub title: String,
    pub lang: String,
    pub excerpt: Vec<Piece>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_situation_reads_back_from_its_code() {
        for situation in LifeSituation::ALL {
            assert_eq!(LifeSituation::from_code(situation.code()), Some(situation));
        }
        assert_eq!(LifeSituation::from_code("Arriving"), None);
    }
}

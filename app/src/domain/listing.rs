//! Listings and search as the visitor asks for them (filters from the address bar or
//! the API) and as they come back (cards with marked search hits, page counts).
use crate::domain::post::{PostKind, PostStatus, Urgency};
use crate::domain::site::HelpKind;
use serde::{Deserialize, Serialize};

/// Posts per listing page (and per API page).
pub const PAGE_SIZE: u32 = 20;
/// Deeper pages are refused: nobody reads page 500, crawlers should use the sitemap.
pub const PAGE_MAX: u32 = 500;

/// Filters exactly as they arrive in a query string. Values are checked against the
/// district when the listing runs; unknown values are reported, not guessed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct ListQuery {
    /// `offer` or `need`.
    pub kind: Option<String>,
    /// `goods` or `time`.
    pub help: Option<String>,
    /// A category slug; a top-level category includes its subcategories.
    pub category: Option<String>,
    pub municipality: Option<String>,
    pub urgency: Option<String>,
    /// Search words.
    pub q: Option<String>,
    /// `newest`, `nearest` (needs `near`) or `relevance` (default with search words).
    pub sort: Option<String>,
    /// The municipality "nearest" is measured from.
    pub near: Option<String>,
    pub page: Option<String>,
}

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    Newest,
    Nearest,
    Relevance,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Newest => "newest",
            Sort::Nearest => "nearest",
            Sort::Relevance => "relevance",
        }
    }
}

fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|v| !v.is_empty())
}

impl ListQuery {
    pub fn kind(&self) -> Option<Option<PostKind>> {
        given(&self.kind).map(PostKind::parse)
    }

    pub fn help(&self) -> Option<Option<HelpKind>> {
        given(&self.help).map(HelpKind::parse)
    }

    pub fn urgency(&self) -> Option<Option<Urgency>> {
        given(&self.urgency).map(Urgency::parse)
    }

    pub fn category(&self) -> Option<&str> {
        given(&self.category)
    }

    pub fn municipality(&self) -> Option<&str> {
        given(&self.municipality)
    }

    pub fn near(&self) -> Option<&str> {
        given(&self.near)
    }

    pub fn words(&self) -> Option<&str> {
        given(&self.q)
    }

    /// The order asked for; "nearest" without a place and "relevance" without words
    /// fall back to newest first.
    pub fn sort(&self) -> Sort {
        match given(&self.sort) {
            Some("nearest") if self.near().is_some() => Sort::Nearest,
            Some("newest") => Sort::Newest,
            Some("relevance") | None if self.words().is_some() => Sort::Relevance,
            _ => Sort::Newest,
        }
    }

    /// 1-based; anything unreadable is page 1.
    pub fn page(&self) -> u32 {
        given(&self.page)
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
            .clamp(1, PAGE_MAX)
    }

    /// The same filters on another page, as a query string (`?kind=need&page=2`),
    /// for links that work without JavaScript.
    pub fn with_page(&self, page: u32) -> String {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        let fields = [
            ("kind", &self.kind),
            ("help", &self.help),
            ("category", &self.category),
            ("municipality", &self.municipality),
            ("urgency", &self.urgency),
            ("q", &self.q),
            ("sort", &self.sort),
            ("near", &self.near),
        ];
        for (name, value) in fields {
            if let Some(value) = given(value) {
                pairs.push((name, value));
            }
        }
        let page = page.to_string();
        if page != "1" {
            pairs.push(("page", &page));
        }
        if pairs.is_empty() {
            return String::new();
        }
        let encoded: Vec<String> = pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={}", encode(v)))
            .collect();
        format!("?{}", encoded.join("&"))
    }
}

/// Percent-encoding for a query string value.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte))
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A piece of text, marked when it matched the search words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

impl Piece {
    pub fn plain(text: &str) -> Self {
        Self {
            text: text.to_string(),
            hit: false,
        }
    }

    pub fn hit(text: &str) -> Self {
        Self {
            text: text.to_string(),
            hit: true,
        }
    }
}

/// A post as a result in a listing.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostCard {
    pub id: i64,
    pub kind: PostKind,
    pub help: HelpKind,
    pub category: String,
    pub municipality: String,
    pub title: Vec<Piece>,
    pub excerpt: Vec<Piece>,
    pub urgency: Urgency,
    pub status: PostStatus,
    /// Unix seconds.
    pub created_at: i64,
    pub quantity: Option<i64>,
    pub availability: Option<String>,
    /// The language the post is written in (for `lang` on its text).
    pub language: String,
    /// The first photo, if any.
    pub photo: Option<i64>,
}

/// One page of results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListPage {
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    pub sort: Sort,
    pub items: Vec<PostCard>,
    /// Filters that named nothing in this district and were left out.
    pub ignored: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paging_links_keep_the_filters() {
        let query = ListQuery {
            kind: Some("need".into()),
            q: Some("Bett & Tisch".into()),
            category: Some(String::new()),
            page: Some("3".into()),
            ..ListQuery::default()
        };
        assert_eq!(query.with_page(4), "?kind=need&q=Bett+%26+Tisch&page=4");
        assert_eq!(query.with_page(1), "?kind=need&q=Bett+%26+Tisch");
        assert_eq!(query.page(), 3);
    }

    #[test]
    fn sort_falls_back_when_it_cannot_apply() {
        let nearest = ListQuery {
            sort: Some("nearest".into()),
            ..ListQuery::default()
        };
        assert_eq!(nearest.sort(), Sort::Newest);
        let words = ListQuery {
            q: Some("sofa".into()),
            ..ListQuery::default()
        };
        assert_eq!(words.sort(), Sort::Relevance);
        let bad_page = ListQuery {
            page: Some("-2".into()),
            ..ListQuery::default()
        };
        assert_eq!(bad_page.page(), 1);
    }
}

//! What the pages need to know about the district: a read-only view of the tenant
//! folder, small enough to be sent to the browser for hydration.
//!
//! The browser gets it as a file of its own (`SITE_DATA_PATH`), not inside every page:
//! with the category names in every language it was two thirds of a page's compressed
//! bytes (2.5 of 3.7 KB with brotli for the login page), and serialising and escaping it
//! for each page was about 7 % of the CPU time of a signed-in conversation page (profile). A versioned address lets the browser keep it.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Arc;

/// Where the browser loads the site facts from before it hydrates a page.
pub const SITE_DATA_PATH: &str = "/tenant/site.json";
/// The `id` of the page's `<link rel="preload">` for them: its `href` is the versioned
/// address (`SITE_DATA_PATH?v=<version>`) the hydration script fetches.
pub const SITE_DATA_LINK_ID: &str = "hk-site";

/// Whether help is given as things (Sachspende) or as time (Zeitspende).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum HelpKind {
    Goods,
    Time,
}

impl HelpKind {
    /// The word used in the database, the API and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            HelpKind::Goods => "goods",
            HelpKind::Time => "time",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [HelpKind::Goods, HelpKind::Time]
            .into_iter()
            .find(|h| h.as_str() == text)
    }
}

/// A text with one version per locale code ("de", "ar", ...).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LocalizedText(pub BTreeMap<String, String>);

impl LocalizedText {
    /// The text in `locale`, else in `fallback`, else any text there is.
    pub fn get<'a>(&'a self, locale: &str, fallback: &str) -> &'a str {
        self.0
            .get(locale)
            .or_else(|| self.0.get(fallback))
            .or_else(|| self.0.values().next())
            .map(String::as_str)
            .unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MunicipalitySummary {
    pub slug: String,
    pub name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CategorySummary {
    pub slug: String,
    pub help: HelpKind,
    pub name: LocalizedText,
    pub children: Vec<CategorySummary>,
}

/// The operator named in the imprint (Impressum, § 5 DDG).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OperatorSummary {
    pub name: String,
    pub representative: String,
    pub phone: Option<String>,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub slug: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    pub theme_color: String,
    pub logo_url: Option<String>,
    pub operator: OperatorSummary,
    pub municipalities: Vec<MunicipalitySummary>,
    pub categories: Vec<CategorySummary>,
    /// Days after which closed posts and conversations are deleted (privacy notice).
    pub retention_days: u32,
    /// The district's promise: it reacts to posts and reports within this many days.
    pub reaction_days: u32,
    /// The address people reach the site at, without a trailing slash (absolute links
    /// in previews for messengers). Empty until the server sets it.
    pub public_url: String,
}

/// The site facts as pages find them in context. Shared, not copied: every page and each
/// of a listing's twenty cards reads them, and copying the category tree (names in every
/// language) for each of those was a fifth of a listing page's server time.
#[derive(Clone, Debug)]
pub struct Site(pub Arc<SiteInfo>);

impl Deref for Site {
    type Target = SiteInfo;

    fn deref(&self) -> &SiteInfo {
        &self.0
    }
}

impl SiteInfo {
    /// A category's name in `locale` (subcategories included), or the slug if unknown.
    pub fn category_name(&self, slug: &str, locale: &str) -> String {
        fn find<'a>(list: &'a [CategorySummary], slug: &str) -> Option<&'a CategorySummary> {
            list.iter().find_map(|c| {
                if c.slug == slug {
                    Some(c)
                } else {
                    find(&c.children, slug)
                }
            })
        }
        find(&self.categories, slug)
            .map(|c| c.name.get(locale, &self.default_locale).to_string())
            .unwrap_or_else(|| slug.to_string())
    }

    pub fn municipality_name(&self, slug: &str) -> String {
        self.municipalities
            .iter()
            .find(|m| m.slug == slug)
            .map(|m| m.name.clone())
            .unwrap_or_else(|| slug.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn localized_text_falls_back_to_default_then_any() {
        let text = LocalizedText(BTreeMap::from([
            ("de".to_string(), "Fahrrad".to_string()),
            ("en".to_string(), "Bike".to_string()),
        ]));
        assert_eq!(text.get("en", "de"), "Bike");
        assert_eq!(text.get("ar", "de"), "Fahrrad");
        let only_en = LocalizedText(BTreeMap::from([("en".to_string(), "Bike".to_string())]));
        assert_eq!(only_en.get("ar", "de"), "Bike");
        assert_eq!(LocalizedText::default().get("ar", "de"), "");
    }
}

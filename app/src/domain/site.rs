//! What the pages need to know about the district: a read-only view of the tenant
//! folder, rendered into every page by the server.
//!
//! It is also a file of its own (`SITE_DATA_PATH`, at a versioned address browsers may
//! keep). When whole pages were hydrated the browser loaded it before hydrating; since
//! the pages became server-rendered with islands (see `app::shell`) no page needs it in
//! the browser, and the file stays as the district's facts in one public document.
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Deref;
use std::sync::Arc;

/// The site facts as a file (see the module comment).
pub const SITE_DATA_PATH: &str = "/tenant/site.json";

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

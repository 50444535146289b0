//! The shape of `tenant.toml` exactly as written, before validation.
//! `deny_unknown_fields` everywhere: a misspelled field is an error, not silently ignored.
//! `Spanned` keeps the byte position of values that validation may complain about.
use crate::domain::site::HelpKind;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTenant {
    pub name: Spanned<String>,
    pub slug: Spanned<String>,
    pub default_locale: Spanned<String>,
    pub locales: Vec<Spanned<String>>,
    pub operator: RawOperator,
    pub theme: RawTheme,
    pub moderation: RawModeration,
    pub posts: RawPosts,
    pub municipalities: Vec<RawMunicipality>,
    pub categories: Vec<RawCategory>,
}

/// Impressum details (§ 5 DDG): who runs the platform and how to reach them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOperator {
    pub name: Spanned<String>,
    pub representative: Spanned<String>,
    pub street: Spanned<String>,
    pub postcode: Spanned<String>,
    pub city: Spanned<String>,
    pub email: Spanned<String>,
    pub phone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTheme {
    /// `#rrggbb`
    pub color: Spanned<String>,
    /// Path of an SVG or PNG inside the tenant folder.
    pub logo: Option<Spanned<String>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModerationMode {
    /// Posts wait in a queue until a moderator approves them.
    Pre,
    /// Posts are published at once and reviewed afterwards.
    Post,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawModeration {
    pub mode: ModerationMode,
    /// The public promise: the municipality reacts within this many days.
    pub reaction_days: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPosts {
    /// Open posts expire after this many days unless renewed.
    pub expiry_days: Spanned<u32>,
    /// Closed posts and conversations are deleted after this many days.
    pub retention_days: Spanned<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMunicipality {
    pub slug: Spanned<String>,
    pub name: Spanned<String>,
    pub postcodes: Vec<Spanned<String>>,
    pub lat: Spanned<f64>,
    pub lon: Spanned<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCategory {
    pub slug: Spanned<String>,
    /// Required on top-level categories; subcategories inherit it when omitted.
    pub help: Option<Spanned<HelpKind>>,
    /// One name per locale code.
    pub name: Spanned<BTreeMap<String, Spanned<String>>>,
    /// Words that should find this category in search, per locale code.
    #[serde(default)]
    pub synonyms: BTreeMap<String, Spanned<Vec<String>>>,
    /// Overrides the tenant's moderation mode for this category and its subcategories
    /// (e.g. `moderation = "pre"` for rides, where a stranger picks someone up).
    #[serde(default)]
    pub moderation: Option<ModerationMode>,
    #[serde(default)]
    pub children: Vec<RawCategory>,
}

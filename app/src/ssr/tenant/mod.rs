//! The tenant folder: `tenant.toml` (this module); the information pages in `pages/` are
//! read by `crate::ssr::info`.
//!
//! `Tenant::load(dir)` reads and validates the file and returns every problem at once,
//! each naming file, line, column and field. `server check-tenant DIR` prints the same.
//! The example tenants in `tenants/` document every field.
mod error;
mod raw;

pub use error::{TenantError, TenantIssue};
pub use raw::ModerationMode;

use crate::domain::contrast;
use crate::domain::site::{
    CategorySummary, HelpKind, LocalizedText, MunicipalitySummary, OperatorSummary, SiteInfo,
};
use crate::i18n::Locale;
use error::line_col;
use leptos_i18n::Locale as _;
use raw::{RawCategory, RawTenant};
use std::collections::{BTreeMap, HashSet};
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use toml::Spanned;

pub const TENANT_FILE: &str = "tenant.toml";

#[derive(Debug, Clone)]
pub struct Tenant {
    pub dir: PathBuf,
    pub name: String,
    pub slug: String,
    pub default_locale: String,
    pub locales: Vec<String>,
    pub operator: Operator,
    pub theme: Theme,
    pub moderation: Moderation,
    pub posts: PostPolicy,
    pub municipalities: Vec<Municipality>,
    pub categories: Vec<Category>,
}

#[derive(Debug, Clone)]
pub struct Operator {
    pub name: String,
    pub representative: String,
    pub street: String,
    pub postcode: String,
    pub city: String,
    pub email: String,
    pub phone: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Theme {
    pub color: String,
    /// Absolute path of the logo file, checked to exist inside the tenant folder.
    pub logo: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy)]
pub struct Moderation {
    pub mode: ModerationMode,
    pub reaction_days: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct PostPolicy {
    pub expiry_days: u32,
    pub retention_days: u32,
}

#[derive(Debug, Clone)]
pub struct Municipality {
    pub slug: String,
    pub name: String,
    pub postcodes: Vec<String>,
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub slug: String,
    pub help: HelpKind,
    pub name: LocalizedText,
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Set when this category (or a parent) overrides the tenant's moderation mode.
    pub moderation: Option<ModerationMode>,
    pub children: Vec<Category>,
}

/// A valid tenant plus the problems that do not stop start-up (e.g. a missing translation).
#[derive(Debug)]
pub struct Loaded {
    pub tenant: Tenant,
    pub warnings: Vec<TenantIssue>,
}

impl Tenant {
    /// Reads `DIR/tenant.toml` and validates it.
    pub fn load(dir: &Path) -> Result<Loaded, TenantError> {
        let file = dir.join(TENANT_FILE);
        let source = std::fs::read_to_string(&file).map_err(|source| TenantError::Read {
            path: file.clone(),
            source,
        })?;
        Self::parse(dir, &file, &source)
    }

    /// Validates `source` as if read from `file` in the tenant folder `dir`.
    pub fn parse(dir: &Path, file: &Path, source: &str) -> Result<Loaded, TenantError> {
        let raw: RawTenant = match serde_path_to_error::deserialize(toml::Deserializer::new(source))
        {
            Ok(raw) => raw,
            Err(err) => {
                // Spanned<T> adds a private segment to the path; the operator never wrote it.
                let field = err
                    .path()
                    .to_string()
                    .split('.')
                    .filter(|segment| !segment.starts_with("$__"))
                    .collect::<Vec<_>>()
                    .join(".");
                let inner = err.into_inner();
                let (line, column) = inner
                    .span()
                    .map(|span| line_col(source, span.start))
                    .unwrap_or((1, 1));
                return Err(TenantError::Invalid(vec![TenantIssue {
                    file: file.to_path_buf(),
                    line,
                    column,
                    field: if field == "." {
                        "(top level)".into()
                    } else {
                        field
                    },
                    message: inner.message().trim().to_string(),
                }]));
            }
        };
        let mut checker = Checker {
            file,
            source,
            errors: Vec::new(),
            warnings: Vec::new(),
        };
        let tenant = checker.tenant(dir, raw);
        if checker.errors.is_empty() {
            Ok(Loaded {
                tenant,
                warnings: checker.warnings,
            })
        } else {
            Err(TenantError::Invalid(checker.errors))
        }
    }

    /// The category with this slug and its parents, innermost first; empty if unknown.
    pub fn category_chain(&self, slug: &str) -> Vec<&Category> {
        fn walk<'a>(list: &'a [Category], slug: &str, chain: &mut Vec<&'a Category>) -> bool {
            for category in list {
                if category.slug == slug || walk(&category.children, slug, chain) {
                    chain.push(category);
                    return true;
                }
            }
            false
        }
        let mut chain = Vec::new();
        walk(&self.categories, slug, &mut chain);
        chain
    }

    /// How posts in `category` are moderated: the nearest setting of the category or its
    /// parents, else the tenant's.
    pub fn moderation_for(&self, category: &str) -> ModerationMode {
        self.category_chain(category)
            .iter()
            .find_map(|c| c.moderation)
            .unwrap_or(self.moderation.mode)
    }

    pub fn municipality(&self, slug: &str) -> Option<&Municipality> {
        self.municipalities.iter().find(|m| m.slug == slug)
    }

    /// The municipality's name, or the slug itself if the district has no such place.
    pub fn place_name<'a>(&'a self, slug: &'a str) -> &'a str {
        self.municipality(slug).map_or(slug, |m| m.name.as_str())
    }

    /// The slug and every subcategory's slug below it (what a category filter covers).
    pub fn category_family(&self, slug: &str) -> Vec<String> {
        fn all(category: &Category, out: &mut Vec<String>) {
            out.push(category.slug.clone());
            for child in &category.children {
                all(child, out);
            }
        }
        let mut out = Vec::new();
        if let Some(category) = self.category_chain(slug).first() {
            all(category, &mut out);
        }
        out
    }

    /// The part of the tenant the pages show, in every enabled locale.
    pub fn site_info(&self) -> SiteInfo {
        fn summary(category: &Category) -> CategorySummary {
            CategorySummary {
                slug: category.slug.clone(),
                help: category.help,
                name: category.name.clone(),
                children: category.children.iter().map(summary).collect(),
            }
        }
        SiteInfo {
            name: self.name.clone(),
            slug: self.slug.clone(),
            default_locale: self.default_locale.clone(),
            locales: self.locales.clone(),
            theme_color: self.theme.color.clone(),
            logo_url: self.theme.logo.as_ref().map(|_| LOGO_URL.to_string()),
            operator: OperatorSummary {
                name: self.operator.name.clone(),
                representative: self.operator.representative.clone(),
                phone: self.operator.phone.clone(),
                street: self.operator.street.clone(),
                postcode: self.operator.postcode.clone(),
                city: self.operator.city.clone(),
                email: self.operator.email.clone(),
            },
            municipalities: self
                .municipalities
                .iter()
                .map(|m| MunicipalitySummary {
                    slug: m.slug.clone(),
                    name: m.name.clone(),
                })
                .collect(),
            categories: self.categories.iter().map(summary).collect(),
            retention_days: self.posts.retention_days,
            reaction_days: self.moderation.reaction_days,
            public_url: String::new(),
        }
    }
}

/// Where the server serves the tenant's logo.
pub const LOGO_URL: &str = "/tenant/logo";

/// Collects every problem instead of stopping at the first, so one run of
/// `check-tenant` shows the operator all there is to fix.
struct Checker<'a> {
    file: &'a Path,
    source: &'a str,
    errors: Vec<TenantIssue>,
    warnings: Vec<TenantIssue>,
}

impl Checker<'_> {
    fn issue(&self, span: Range<usize>, field: &str, message: String) -> TenantIssue {
        let (line, column) = line_col(self.source, span.start);
        TenantIssue {
            file: self.file.to_path_buf(),
            line,
            column,
            field: field.to_string(),
            message,
        }
    }

    fn error(&mut self, span: Range<usize>, field: &str, message: impl Into<String>) {
        let issue = self.issue(span, field, message.into());
        self.errors.push(issue);
    }

    fn warn(&mut self, span: Range<usize>, field: &str, message: impl Into<String>) {
        let issue = self.issue(span, field, message.into());
        self.warnings.push(issue);
    }

    fn text(&mut self, value: Spanned<String>, field: &str) -> String {
        let span = value.span();
        let text = value.into_inner().trim().to_string();
        if text.is_empty() {
            self.error(span, field, "must not be empty");
        }
        text
    }

    fn slug(&mut self, value: Spanned<String>, field: &str) -> String {
        let span = value.span();
        let slug = value.into_inner();
        if !is_slug(&slug) {
            self.error(
                span,
                field,
                format!(
                    "`{slug}` is not a valid slug: use 1 to 64 lowercase letters a-z, digits and single hyphens, e.g. `hohen-neuendorf`"
                ),
            );
        }
        slug
    }

    fn positive_days(&mut self, value: Spanned<u32>, field: &str) -> u32 {
        let span = value.span();
        let days = value.into_inner();
        if days == 0 || days > 3650 {
            self.error(
                span,
                field,
                format!("must be between 1 and 3650 days, not {days}"),
            );
        }
        days
    }

    fn tenant(&mut self, dir: &Path, raw: RawTenant) -> Tenant {
        let name = self.text(raw.name, "name");
        let slug = self.slug(raw.slug, "slug");

        let known: Vec<&'static str> = Locale::get_all().iter().map(|l| l.as_str()).collect();
        let mut locales = Vec::new();
        for (i, locale) in raw.locales.into_iter().enumerate() {
            let span = locale.span();
            let code = locale.into_inner();
            let field = format!("locales[{i}]");
            if !known.contains(&code.as_str()) {
                self.error(
                    span,
                    &field,
                    format!(
                        "locale `{code}` is not known to this build; known locales: {}",
                        known.join(", ")
                    ),
                );
            } else if locales.contains(&code) {
                self.error(span, &field, format!("locale `{code}` is listed twice"));
            } else {
                locales.push(code);
            }
        }
        let default_span = raw.default_locale.span();
        let default_locale = raw.default_locale.into_inner();
        if !locales.contains(&default_locale) {
            self.error(
                default_span,
                "default_locale",
                format!("`{default_locale}` must also be listed in `locales`"),
            );
        }

        let operator = Operator {
            name: self.text(raw.operator.name, "operator.name"),
            representative: self.text(raw.operator.representative, "operator.representative"),
            street: self.text(raw.operator.street, "operator.street"),
            postcode: {
                let span = raw.operator.postcode.span();
                let postcode = raw.operator.postcode.into_inner();
                if !is_postcode(&postcode) {
                    self.error(
                        span,
                        "operator.postcode",
                        format!("`{postcode}` is not a German postcode (five digits)"),
                    );
                }
                postcode
            },
            city: self.text(raw.operator.city, "operator.city"),
            email: {
                let span = raw.operator.email.span();
                let email = self.text(raw.operator.email, "operator.email");
                if !email.is_empty() && !looks_like_email(&email) {
                    self.error(
                        span,
                        "operator.email",
                        format!("`{email}` is not an email address"),
                    );
                }
                email
            },
            phone: raw.operator.phone.map(|p| self.text(p, "operator.phone")),
        };

        let color_span = raw.theme.color.span();
        let color = raw.theme.color.into_inner();
        match contrast::parse_hex(&color) {
            None => self.error(
                color_span,
                "theme.color",
                format!("`{color}` is not a colour of the form #rrggbb, e.g. #005a9c"),
            ),
            // White text on the header and links on white pages: both need AA.
            Some(rgb) => {
                let ratio = contrast::ratio(rgb, contrast::WHITE);
                if ratio < contrast::AA_NORMAL_TEXT {
                    self.warn(
                        color_span,
                        "theme.color",
                        format!(
                            "`{color}` has a contrast of {ratio:.2}:1 with white; text on it and links in it need at least {}:1 (WCAG AA). Pick a darker colour.",
                            contrast::AA_NORMAL_TEXT
                        ),
                    );
                }
            }
        }
        let logo = raw.theme.logo.and_then(|logo| {
            let span = logo.span();
            let relative = logo.into_inner();
            match resolve_inside(dir, &relative) {
                Some(path) if path.is_file() => Some(path),
                Some(path) => {
                    self.error(
                        span,
                        "theme.logo",
                        format!("file {} does not exist", path.display()),
                    );
                    None
                }
                None => {
                    self.error(
                        span,
                        "theme.logo",
                        format!("`{relative}` must be a relative path inside the tenant folder"),
                    );
                    None
                }
            }
        });

        let moderation = Moderation {
            mode: raw.moderation.mode,
            reaction_days: self
                .positive_days(raw.moderation.reaction_days, "moderation.reaction_days"),
        };
        let posts = PostPolicy {
            expiry_days: self.positive_days(raw.posts.expiry_days, "posts.expiry_days"),
            retention_days: self.positive_days(raw.posts.retention_days, "posts.retention_days"),
        };

        let municipalities = self.municipalities(raw.municipalities);

        let mut seen = HashSet::new();
        let ctx = CategoryContext {
            known: &known,
            locales: &locales,
            default_locale: &default_locale,
        };
        let mut categories = Vec::new();
        for (i, category) in raw.categories.into_iter().enumerate() {
            let field = format!("categories[{i}]");
            categories.push(self.category(category, &field, None, &ctx, &mut seen));
        }
        if categories.is_empty() {
            self.error(0..0, "categories", "at least one category is needed");
        }

        Tenant {
            dir: dir.to_path_buf(),
            name,
            slug,
            default_locale,
            locales,
            operator,
            theme: Theme { color, logo },
            moderation,
            posts,
            municipalities,
            categories,
        }
    }

    fn municipalities(&mut self, raw: Vec<raw::RawMunicipality>) -> Vec<Municipality> {
        let mut slugs = HashSet::new();
        let mut out = Vec::new();
        if raw.is_empty() {
            self.error(
                0..0,
                "municipalities",
                "at least one municipality is needed",
            );
        }
        for (i, m) in raw.into_iter().enumerate() {
            let field = |name: &str| format!("municipalities[{i}].{name}");
            let slug_span = m.slug.span();
            let slug = self.slug(m.slug, &field("slug"));
            if !slugs.insert(slug.clone()) {
                self.error(
                    slug_span.clone(),
                    &field("slug"),
                    format!("duplicate municipality slug `{slug}`"),
                );
            }
            let name = self.text(m.name, &field("name"));
            let mut postcodes = Vec::new();
            for (j, postcode) in m.postcodes.into_iter().enumerate() {
                let span = postcode.span();
                let postcode = postcode.into_inner();
                if !is_postcode(&postcode) {
                    self.error(
                        span,
                        &format!("municipalities[{i}].postcodes[{j}]"),
                        format!("`{postcode}` is not a German postcode (five digits)"),
                    );
                }
                postcodes.push(postcode);
            }
            if postcodes.is_empty() {
                self.error(
                    slug_span.clone(),
                    &field("postcodes"),
                    "at least one postcode is needed",
                );
            }
            // Germany lies within 47.2-55.1 N and 5.8-15.1 E; this catches swapped coordinates.
            let (lat_span, lat) = (m.lat.span(), m.lat.into_inner());
            if !(47.0..=55.5).contains(&lat) {
                self.error(lat_span, &field("lat"), format!("{lat} is not a latitude in Germany (47.0 to 55.5); are lat and lon swapped?"));
            }
            let (lon_span, lon) = (m.lon.span(), m.lon.into_inner());
            if !(5.5..=15.5).contains(&lon) {
                self.error(lon_span, &field("lon"), format!("{lon} is not a longitude in Germany (5.5 to 15.5); are lat and lon swapped?"));
            }
            out.push(Municipality {
                slug,
                name,
                postcodes,
                lat,
                lon,
            });
        }
        out
    }

    fn category(
        &mut self,
        raw: RawCategory,
        field: &str,
        parent_help: Option<HelpKind>,
        ctx: &CategoryContext<'_>,
        seen: &mut HashSet<String>,
    ) -> Category {
        let slug_span = raw.slug.span();
        let slug = self.slug(raw.slug, &format!("{field}.slug"));
        if !seen.insert(slug.clone()) {
            self.error(
                slug_span.clone(),
                &format!("{field}.slug"),
                format!(
                    "duplicate category slug `{slug}` (slugs must be unique in the whole tree)"
                ),
            );
        }
        let help = match (raw.help, parent_help) {
            (Some(help), _) => help.into_inner(),
            (None, Some(parent)) => parent,
            (None, None) => {
                self.error(
                    slug_span.clone(),
                    &format!("{field}.help"),
                    "a top-level category needs `help = \"goods\"` or `help = \"time\"`",
                );
                HelpKind::Goods
            }
        };

        let names_span = raw.name.span();
        let mut names = BTreeMap::new();
        for (locale, text) in raw.name.into_inner() {
            let name_field = format!("{field}.name.{locale}");
            if !ctx.known.contains(&locale.as_str()) {
                self.error(
                    text.span(),
                    &name_field,
                    format!("locale `{locale}` is not known to this build"),
                );
            }
            let text = self.text(text, &name_field);
            // Names in a known but disabled locale are kept out of the pages, not an error:
            // a district may switch a language off without editing every category.
            if ctx.locales.contains(&locale) {
                names.insert(locale, text);
            }
        }
        if !names.contains_key(ctx.default_locale) {
            self.error(
                names_span.clone(),
                &format!("{field}.name.{}", ctx.default_locale),
                format!(
                    "category `{slug}` has no name in the default locale `{}`",
                    ctx.default_locale
                ),
            );
        }
        for locale in ctx.locales {
            if locale != ctx.default_locale && !names.contains_key(locale) {
                self.warn(
                    names_span.clone(),
                    &format!("{field}.name.{locale}"),
                    format!("category `{slug}` has no name in `{locale}`; the `{}` name is shown instead", ctx.default_locale),
                );
            }
        }

        let mut synonyms = BTreeMap::new();
        for (locale, words) in raw.synonyms {
            if !ctx.known.contains(&locale.as_str()) {
                self.error(
                    words.span(),
                    &format!("{field}.synonyms.{locale}"),
                    format!("locale `{locale}` is not known to this build"),
                );
            }
            if !ctx.locales.contains(&locale) {
                continue;
            }
            let words: Vec<String> = words
                .into_inner()
                .into_iter()
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect();
            synonyms.insert(locale, words);
        }

        let mut children = Vec::new();
        for (i, child) in raw.children.into_iter().enumerate() {
            let child_field = format!("{field}.children[{i}]");
            if parent_help.is_some() {
                self.error(
                    child.slug.span(),
                    &child_field,
                    "categories nest at most two levels deep (category and subcategory)",
                );
            }
            children.push(self.category(child, &child_field, Some(help), ctx, seen));
        }

        Category {
            slug,
            help,
            name: LocalizedText(names),
            synonyms,
            moderation: raw.moderation,
            children,
        }
    }
}

struct CategoryContext<'a> {
    known: &'a [&'static str],
    locales: &'a [String],
    default_locale: &'a str,
}

fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

fn is_postcode(s: &str) -> bool {
    s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit())
}

fn looks_like_email(s: &str) -> bool {
    match s.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !s.contains(char::is_whitespace)
        }
        None => false,
    }
}

/// `relative` joined to `dir`, or None when it would leave the folder.
fn resolve_inside(dir: &Path, relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    let stays_inside = path
        .components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
    stays_inside.then(|| dir.join(path))
}

#[cfg(test)]
mod tests;

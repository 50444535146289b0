//! Information pages from the tenant folder (`pages/<slug>.<locale>.md`, see `source`):
//! loaded at start, reloaded while running when the files change (`watch`), shown in
//! the visitor's language or, when a translation is missing, the default language with
//! a notice, and found by search.
pub mod render;
pub mod source;
pub mod watch;

use super::search::analyze::{fold, term, words};
use super::search::highlight;
use super::search::query::SearchQuery;
use super::tenant::Tenant;
use crate::domain::info::{InfoGroup, InfoHit, InfoPageView, InfoSummary, LifeSituation};
use source::{FileName, PageError};
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

/// The folder inside the tenant folder.
pub const PAGES_DIR: &str = "pages";
/// Files larger than this are not pages (and would cost memory on every reload).
const FILE_MAX: u64 = 256 * 1024;
/// Search results shown above the posts.
pub const HITS_MAX: usize = 5;

/// One language version of a page.
#[derive(Debug)]
struct Version {
    title: String,
    situation: LifeSituation,
    municipality: Option<String>,
    order: i32,
    html: String,
    text: String,
    /// Every word of title and text as stored search terms (folded, and stemmed).
    terms: HashSet<String>,
}

/// All versions of one page, by locale.
#[derive(Debug, Default)]
struct Page {
    versions: BTreeMap<String, Version>,
}

impl Page {
    /// The version for `locale`, else the default language's, else any; and whether it
    /// is a fallback.
    fn version(&self, locale: &str, default: &str) -> Option<(&str, &Version, bool)> {
        if let Some((lang, version)) = self.versions.get_key_value(locale) {
            return Some((lang, version, false));
        }
        self.versions
            .get_key_value(default)
            .or_else(|| self.versions.iter().next())
            .map(|(lang, version)| (lang.as_str(), version, true))
    }

    /// Situation, municipality and order come from the default language's file.
    fn main(&self, default: &str) -> Option<&Version> {
        self.versions
            .get(default)
            .or_else(|| self.versions.values().next())
    }
}

/// The pages of one moment, replaced as a whole on reload.
#[derive(Debug, Default)]
pub struct InfoSet {
    pages: BTreeMap<String, Page>,
    default_locale: String,
    /// Municipality slug → name.
    places: BTreeMap<String, String>,
}

impl InfoSet {
    /// Reads every page of `tenant`'s folder. Files with problems are left out and
    /// returned as errors, so one broken file never takes the others (or the site) down.
    pub fn load(tenant: &Tenant) -> (Self, Vec<PageError>) {
        let mut set = Self {
            pages: BTreeMap::new(),
            default_locale: tenant.default_locale.clone(),
            places: tenant
                .municipalities
                .iter()
                .map(|m| (m.slug.clone(), m.name.clone()))
                .collect(),
        };
        let mut errors = Vec::new();
        for path in page_files(&tenant.dir) {
            match read(&path, tenant) {
                Ok(Some((name, version))) => {
                    set.pages
                        .entry(name.slug)
                        .or_default()
                        .versions
                        .insert(name.locale, version);
                }
                Ok(None) => {}
                Err(err) => errors.push(err),
            }
        }
        (set, errors)
    }

    pub fn len(&self) -> usize {
        self.pages.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    fn place(&self, slug: Option<&String>) -> Option<String> {
        slug.and_then(|s| self.places.get(s)).cloned()
    }

    /// The index: every life situation that has pages, in order; within one, by order
    /// then title. With `municipality`, pages for other places are left out.
    pub fn index(&self, locale: &str, municipality: Option<&str>) -> Vec<InfoGroup> {
        let mut groups: BTreeMap<LifeSituation, Vec<(i32, InfoSummary)>> = BTreeMap::new();
        for (slug, page) in &self.pages {
            let (Some(main), Some((lang, version, _))) = (
                page.main(&self.default_locale),
                page.version(locale, &self.default_locale),
            ) else {
                continue;
            };
            if let (Some(wanted), Some(own)) = (municipality, main.municipality.as_deref())
                && wanted != own
            {
                continue;
            }
            groups.entry(main.situation).or_default().push((
                main.order,
                InfoSummary {
                    slug: slug.clone(),
                    title: version.title.clone(),
                    lang: lang.to_string(),
                    municipality: self.place(main.municipality.as_ref()),
                },
            ));
        }
        groups
            .into_iter()
            .map(|(situation, mut pages)| {
                pages.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.title.cmp(&b.1.title)));
                InfoGroup {
                    situation,
                    pages: pages.into_iter().map(|(_, page)| page).collect(),
                }
            })
            .collect()
    }

    pub fn page(&self, slug: &str, locale: &str) -> Option<InfoPageView> {
        let page = self.pages.get(slug)?;
        let main = page.main(&self.default_locale)?;
        let (lang, version, fallback) = page.version(locale, &self.default_locale)?;
        Some(InfoPageView {
            slug: slug.to_string(),
            title: version.title.clone(),
            situation: main.situation,
            municipality: self.place(main.municipality.as_ref()),
            html: version.html.clone(),
            lang: lang.to_string(),
            fallback,
        })
    }

    /// Pages every query word appears in (title or text), in the visitor's language or
    /// the default one; pages with hits in the title first.
    pub fn search(&self, query: &SearchQuery, locale: &str) -> Vec<InfoHit> {
        if query.is_empty() {
            return Vec::new();
        }
        let mut hits: Vec<(usize, InfoHit)> = Vec::new();
        for (slug, page) in &self.pages {
            let Some((lang, shown, _)) = page.version(locale, &self.default_locale) else {
                continue;
            };
            let candidates = [Some(shown), page.versions.get(&self.default_locale)];
            let found = candidates.into_iter().flatten().find(|version| {
                query
                    .words
                    .iter()
                    .all(|word| version.terms.iter().any(|t| word.matches(t)))
            });
            let Some(found) = found else { continue };
            let found_lang = if std::ptr::eq(found, shown) {
                lang
            } else {
                self.default_locale.as_str()
            };
            let title_hits = words(&found.title)
                .filter(|(_, w)| query.hits(&[fold(w), term(w, found_lang)]))
                .count();
            hits.push((
                title_hits,
                InfoHit {
                    slug: slug.clone(),
                    title: found.title.clone(),
                    lang: found_lang.to_string(),
                    excerpt: highlight::excerpt(&found.text, query, found_lang),
                },
            ));
        }
        hits.sort_by_key(|hit| std::cmp::Reverse(hit.0));
        hits.into_iter()
            .take(HITS_MAX)
            .map(|(_, hit)| hit)
            .collect()
    }

    /// Every page slug (for the sitemap).
    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.pages.keys().map(String::as_str)
    }
}

/// The `.md` files of the pages folder, sorted; none when there is no such folder.
fn page_files(tenant_dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(tenant_dir.join(PAGES_DIR)) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "md") && path.is_file())
        .collect();
    files.sort();
    files
}

fn read(path: &Path, tenant: &Tenant) -> Result<Option<(FileName, Version)>, PageError> {
    let Some(name) = FileName::parse(path) else {
        return Ok(None);
    };
    let name = name?;
    if !tenant.locales.contains(&name.locale) {
        return Err(PageError::Locale {
            path: path.to_path_buf(),
            locale: name.locale,
        });
    }
    let read_err = |source| PageError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_err)?.len();
    if size > FILE_MAX {
        return Err(read_err(std::io::Error::other(format!(
            "larger than {FILE_MAX} bytes"
        ))));
    }
    let source = std::fs::read_to_string(path).map_err(read_err)?;
    let (front, body) = source::split(path, &source)?;
    if let Some(slug) = &front.municipality
        && !tenant.municipalities.iter().any(|m| &m.slug == slug)
    {
        return Err(PageError::Municipality {
            path: path.to_path_buf(),
            slug: slug.clone(),
        });
    }
    let rendered = render::markdown(&body);
    let mut terms = HashSet::new();
    for text in [front.title.as_str(), rendered.text.as_str()] {
        for (_, word) in words(text) {
            terms.insert(fold(&word));
            terms.insert(term(&word, &name.locale));
        }
    }
    Ok(Some((
        name,
        Version {
            title: front.title,
            situation: front.situation,
            municipality: front.municipality,
            order: front.order,
            html: rendered.html,
            text: rendered.text,
            terms,
        },
    )))
}

/// The current pages, shared by all requests and swapped by the watcher.
#[derive(Debug, Default)]
pub struct InfoLibrary {
    current: RwLock<Arc<InfoSet>>,
}

impl InfoLibrary {
    pub fn new(set: InfoSet) -> Self {
        Self {
            current: RwLock::new(Arc::new(set)),
        }
    }

    /// The pages as they are now (a cheap clone of a shared pointer).
    pub fn current(&self) -> Arc<InfoSet> {
        match self.current.read() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn replace(&self, set: InfoSet) {
        let set = Arc::new(set);
        match self.current.write() {
            Ok(mut guard) => *guard = set,
            Err(poisoned) => *poisoned.into_inner() = set,
        }
    }
}

//! One page file: `pages/<slug>.<locale>.md`, front matter between `---` lines, then
//! Markdown. The front matter is one `key: value` per line:
//!
//! ```text
//! ---
//! title: Wohnsitz anmelden
//! situation: arriving        # arriving, housing, work, language, children-school,
//!                            # health or authorities
//! municipality: oranienburg  # optional: a municipality slug from tenant.toml
//! order: 10                  # optional: smaller comes first within the situation
//! ---
//! ```
use crate::domain::info::LifeSituation;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum PageError {
    #[error("{path}: cannot read the file: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: the name must be <slug>.<locale>.md with a slug of a-z, 0-9 and -")]
    Name { path: PathBuf },
    #[error("{path}: the language {locale} is not enabled in tenant.toml")]
    Locale { path: PathBuf, locale: String },
    #[error("{path}, line {line}: {problem}")]
    FrontMatter {
        path: PathBuf,
        line: usize,
        problem: String,
    },
    #[error("{path}: the municipality {slug} is not in tenant.toml")]
    Municipality { path: PathBuf, slug: String },
}

/// What a file's name says.
#[derive(Debug, Clone, PartialEq)]
pub struct FileName {
    pub slug: String,
    pub locale: String,
}

impl FileName {
    /// `None` for files that are not pages at all (other extensions, hidden files).
    pub fn parse(path: &Path) -> Option<Result<Self, PageError>> {
        let name = path.file_name()?.to_str()?;
        if name.starts_with('.') {
            return None;
        }
        let stem = name.strip_suffix(".md")?;
        let wrong = || PageError::Name {
            path: path.to_path_buf(),
        };
        let Some((slug, locale)) = stem.rsplit_once('.') else {
            return Some(Err(wrong()));
        };
        let slug_ok = !slug.is_empty()
            && slug.len() <= 80
            && slug
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        let locale_ok =
            (2..=3).contains(&locale.len()) && locale.chars().all(|c| c.is_ascii_lowercase());
        if !slug_ok || !locale_ok {
            return Some(Err(wrong()));
        }
        Some(Ok(Self {
            slug: slug.to_string(),
            locale: locale.to_string(),
        }))
    }
}

/// The front matter of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct FrontMatter {
    pub title: String,
    pub situation: LifeSituation,
    /// A municipality slug, checked against the tenant by the caller.
    pub municipality: Option<String>,
    pub order: i32,
}

/// Splits a file into front matter and Markdown body.
pub fn split(path: &Path, source: &str) -> Result<(FrontMatter, String), PageError> {
    let problem = |line: usize, problem: &str| PageError::FrontMatter {
        path: path.to_path_buf(),
        line,
        problem: problem.to_string(),
    };
    let source = source.strip_prefix('\u{feff}').unwrap_or(source);
    let mut lines = source.lines().enumerate();
    match lines.next() {
        Some((_, first)) if first.trim_end() == "---" => {}
        _ => {
            return Err(problem(
                1,
                "the file must start with a line of three dashes (---)",
            ));
        }
    }
    let mut title = None;
    let mut situation = None;
    let mut municipality = None;
    let mut order = 0;
    let mut body_start = None;
    for (index, line) in lines.by_ref() {
        let number = index + 1;
        if line.trim_end() == "---" {
            body_start = Some(index + 1);
            break;
        }
        let content = match line.find(" #") {
            Some(comment) => &line[..comment],
            None => line,
        };
        let content = content.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        let Some((key, value)) = content.split_once(':') else {
            return Err(problem(number, "expected key: value"));
        };
        let value = value.trim().trim_matches('"').trim();
        match key.trim() {
            "title" if !value.is_empty() => title = Some(value.to_string()),
            "title" => return Err(problem(number, "the title is empty")),
            "situation" => {
                situation = Some(LifeSituation::from_code(value).ok_or_else(|| {
                    problem(
                        number,
                        "situation must be one of arriving, housing, work, language, \
                         children-school, health, authorities",
                    )
                })?)
            }
            "municipality" if !value.is_empty() => municipality = Some(value.to_string()),
            "municipality" => {}
            "order" => {
                order = value
                    .parse()
                    .map_err(|_| problem(number, "order must be a whole number"))?
            }
            other => {
                return Err(problem(
                    number,
                    &format!(
                        "unknown key {other:?} (known: title, situation, municipality, order)"
                    ),
                ));
            }
        }
    }
    let Some(body_start) = body_start else {
        return Err(problem(
            1,
            "the front matter has no closing line of three dashes",
        ));
    };
    let title = title.ok_or_else(|| problem(1, "title is missing"))?;
    let situation = situation.ok_or_else(|| problem(1, "situation is missing"))?;
    let body = source
        .lines()
        .skip(body_start)
        .collect::<Vec<_>>()
        .join("\n");
    Ok((
        FrontMatter {
            title,
            situation,
            municipality,
            order,
        },
        body,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_slug_and_locale() {
        let parsed = FileName::parse(Path::new("pages/register-address.ar.md"));
        assert!(
            matches!(parsed, Some(Ok(ref n)) if n.slug == "register-address" && n.locale == "ar")
        );
        assert!(FileName::parse(Path::new("pages/README.txt")).is_none());
        assert!(FileName::parse(Path::new("pages/.draft.de.md")).is_none());
        assert!(matches!(
            FileName::parse(Path::new("pages/nolocale.md")),
            Some(Err(_))
        ));
        assert!(matches!(
            FileName::parse(Path::new("pages/Bad Name.de.md")),
            Some(Err(_))
        ));
    }

    #[test]
    fn front_matter_is_read_and_checked() {
        let path = Path::new("p.de.md");
        let (front, body) = split(
            path,
            "---\ntitle: \"Wohnsitz anmelden\"\nsituation: arriving # first weeks\n\
             municipality: velten\norder: 5\n---\n# Text\n\nMehr.",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(front.title, "Wohnsitz anmelden");
        assert_eq!(front.situation, LifeSituation::Arriving);
        assert_eq!(front.municipality.as_deref(), Some("velten"));
        assert_eq!(front.order, 5);
        assert_eq!(body, "# Text\n\nMehr.");

        let err = split(path, "---\ntitle: x\nsituation: moving\n---\n").map(|_| ());
        assert!(
            matches!(err, Err(PageError::FrontMatter { line: 3, .. })),
            "{err:?}"
        );
        assert!(split(path, "title: x\n").is_err());
        assert!(split(path, "---\ntitle: x\nsituation: work\n").is_err());
        assert!(split(path, "---\nsituation: work\n---\n").is_err());
        assert!(split(path, "---\ntitle: x\nsituation: work\ncolour: red\n---\n").is_err());
    }
}

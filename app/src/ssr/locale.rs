//! Which language a request is answered in.
//!
//! Order: `?lang=xx` (and remember it in a cookie), then the language cookie, then the
//! browser's Accept-Language, then the tenant's default locale. Only locales the tenant
//! enables are ever chosen. The server middleware calls [`resolve`] and hands the result
//! to leptos_i18n through its cookie, so server rendering and hydration agree.

/// The cookie leptos_i18n reads and writes (its default name).
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";
/// The query parameter that switches the language.
pub const LANG_PARAM: &str = "lang";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub locale: String,
    /// True when the request asked for a language explicitly and a cookie should keep it.
    pub remember: bool,
}

pub struct Inputs<'a> {
    pub query_lang: Option<&'a str>,
    pub cookie: Option<&'a str>,
    pub accept_language: Option<&'a str>,
}

pub fn resolve(inputs: &Inputs<'_>, enabled: &[String], default: &str) -> Resolved {
    let find = |code: &str| {
        let code = code.trim().to_ascii_lowercase();
        enabled.iter().find(|l| **l == code).cloned()
    };
    if let Some(locale) = inputs.query_lang.and_then(find) {
        return Resolved {
            locale,
            remember: true,
        };
    }
    if let Some(locale) = inputs.cookie.and_then(find) {
        return Resolved {
            locale,
            remember: false,
        };
    }
    if let Some(header) = inputs.accept_language {
        for tag in accept_language(header) {
            let primary = tag.split(['-', '_']).next().unwrap_or_default();
            if let Some(locale) = find(primary) {
                return Resolved {
                    locale,
                    remember: false,
                };
            }
        }
    }
    Resolved {
        locale: default.to_string(),
        remember: false,
    }
}

/// Language tags from an Accept-Language header, most preferred first
/// (`q=0` means "not this one" and is dropped).
pub fn accept_language(header: &str) -> Vec<&str> {
    let mut tags: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(index, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let valid = tag
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
            if tag.is_empty() || !valid {
                return None;
            }
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map(|q| q.trim().parse::<f32>().unwrap_or(0.0))
                .unwrap_or(1.0);
            (q > 0.0).then_some((q, index, tag))
        })
        .collect();
    tags.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    tags.into_iter().map(|(_, _, tag)| tag).collect()
}

/// The `dir` attribute for HTML written outside Leptos (mails, refusal pages).
pub fn html_dir(locale: crate::i18n::Locale) -> &'static str {
    match leptos_i18n::Locale::direction(locale) {
        leptos_i18n::Direction::RightToLeft => "rtl",
        _ => "ltr",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enabled() -> Vec<String> {
        vec!["de".into(), "en".into(), "ar".into()]
    }

    fn resolve_with(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Resolved {
        let inputs = Inputs {
            query_lang: query,
            cookie,
            accept_language: accept,
        };
        resolve(&inputs, &enabled(), "de")
    }

    #[test]
    fn query_wins_and_is_remembered() {
        let r = resolve_with(Some("ar"), Some("en"), Some("en"));
        assert_eq!(r.locale, "ar");
        assert!(r.remember);
    }

    #[test]
    fn cookie_beats_accept_language() {
        let r = resolve_with(None, Some("en"), Some("ar"));
        assert_eq!(r.locale, "en");
        assert!(!r.remember);
    }

    #[test]
    fn accept_language_uses_quality_and_region_subtags() {
        let r = resolve_with(None, None, Some("fr-FR;q=0.9, ar-SY;q=0.8, en;q=0.5"));
        assert_eq!(r.locale, "ar");
        let r = resolve_with(None, None, Some("en;q=0.2, ar;q=0"));
        assert_eq!(r.locale, "en");
    }

    #[test]
    fn unknown_or_disabled_languages_fall_back_to_the_tenant_default() {
        let r = resolve_with(Some("fa"), Some("xx"), Some("tr, *"));
        assert_eq!(r.locale, "de");
        assert!(!r.remember);
        assert_eq!(resolve_with(None, None, None).locale, "de");
    }

    #[test]
    fn accept_language_tolerates_garbage() {
        assert_eq!(accept_language(";;,q=,  ,en;q=abc,de"), vec!["de"]);
    }
}

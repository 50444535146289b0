//! A visitor's search words as a full-text query: every word must match (in any of its
//! forms, as a prefix, or corrected when the index does not know it); when no post
//! has all words, any word may match.
use super::analyze::{query_forms, words};
use super::fuzzy::Vocabulary;
use crate::ssr::db::search_index::{IndexQuery, Term};

/// Words beyond this are ignored; nobody types more, and every word costs a lookup.
pub const WORDS_MAX: usize = 8;
/// A prefix search needs at least this many characters, or "a" would match everything.
const PREFIX_MIN: usize = 3;

/// One query word and everything it may match.
#[derive(Debug, Clone, PartialEq)]
pub struct WordMatch {
    /// Exact terms: the word's forms and corrections of unknown forms.
    pub terms: Vec<String>,
    /// Terms starting with this also match.
    pub prefix: Option<String>,
}

impl WordMatch {
    /// Whether a stored term answers this word.
    pub fn matches(&self, term: &str) -> bool {
        self.terms.iter().any(|t| t == term)
            || self
                .prefix
                .as_ref()
                .is_some_and(|p| term.starts_with(p.as_str()))
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct SearchQuery {
    pub words: Vec<WordMatch>,
}

impl SearchQuery {
    pub fn parse(text: &str, vocabulary: &Vocabulary) -> Self {
        let mut seen = Vec::new();
        let words = words(text)
            .map(|(_, word)| word)
            .filter(|word| {
                let new = !seen.contains(word);
                seen.push(word.clone());
                new
            })
            .take(WORDS_MAX)
            .map(|word| {
                let forms = query_forms(&word);
                let plain = forms.first().cloned().unwrap_or_default();
                let prefix = (plain.chars().count() >= PREFIX_MIN).then_some(plain);
                let known = forms.iter().any(|f| vocabulary.contains(f))
                    || prefix.as_ref().is_some_and(|p| vocabulary.has_prefix(p));
                let mut terms = forms.clone();
                if !known {
                    for form in &forms {
                        for correction in vocabulary.corrections(form) {
                            if !terms.contains(&correction) {
                                terms.push(correction);
                            }
                        }
                    }
                }
                WordMatch { terms, prefix }
            })
            .collect();
        Self { words }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }

    /// The words as a condition on the index: all words, or any word.
    pub fn index_query(&self, all: bool) -> IndexQuery {
        let words = self
            .words
            .iter()
            .map(|word| {
                let mut terms: Vec<Term> = word.terms.iter().cloned().map(Term::Exact).collect();
                if let Some(prefix) = &word.prefix {
                    terms.push(Term::Prefix(prefix.clone()));
                }
                terms
            })
            .collect();
        IndexQuery {
            words,
            all,
            facets: Vec::new(),
        }
    }

    /// Whether a word of a text (already as a term, or in plain form) is a hit.
    pub fn hits(&self, forms: &[String]) -> bool {
        self.words
            .iter()
            .any(|w| forms.iter().any(|form| w.matches(form)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::db::Backend;

    fn vocabulary() -> Vocabulary {
        let mut v = Vocabulary::default();
        for term in ["fahrrad", "sofa", "couch", "kinderwag"] {
            v.add(term);
        }
        v
    }

    #[test]
    fn unknown_words_are_corrected_known_ones_are_not() {
        let query = SearchQuery::parse("Fahrad sofa", &vocabulary());
        assert!(
            query.words[0].terms.contains(&"fahrrad".to_string()),
            "{query:?}"
        );
        assert_eq!(query.words[1].terms, vec!["sofa".to_string()]);
    }

    #[test]
    fn operators_in_the_words_are_only_words() {
        let query = SearchQuery::parse("Sofa \" OR NEAR(x", &vocabulary());
        let all = query.index_query(true);
        assert_eq!(
            all.words[0],
            vec![Term::Exact("sofa".into()), Term::Prefix("sofa".into())]
        );
        for backend in [Backend::Sqlite, Backend::Postgres] {
            let text = all.text(backend);
            assert!(!text.contains("NEAR("), "{text}");
        }
        assert!(!query.index_query(false).all);
    }

    #[test]
    fn repeated_and_surplus_words_are_dropped() {
        let query = SearchQuery::parse(&"sofa ".repeat(50), &vocabulary());
        assert_eq!(query.words.len(), 1);
        let many: String = (0..20).map(|i| format!("wort{i} ")).collect();
        assert_eq!(
            SearchQuery::parse(&many, &vocabulary()).words.len(),
            WORDS_MAX
        );
    }
}

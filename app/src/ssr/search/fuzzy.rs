//! Typo tolerance: the terms the index knows, and the known terms within a small edit
//! distance of an unknown query word ("fahrad" → "fahrrad").
//!
//! The vocabulary is loaded from the index once and then grows with every post this
//! process indexes; a term that disappears from the index only costs a useless
//! alternative in a query, never a wrong result.
use std::collections::{BTreeSet, HashMap};

/// Edits allowed for a word of this many characters: none for short words, where
/// one edit already means another word ("rat" / "rad"), then one, then two.
pub fn allowed_edits(chars: usize) -> usize {
    match chars {
        0..=3 => 0,
        4..=6 => 1,
        _ => 2,
    }
}

/// Optimal-string-alignment distance (insert, delete, substitute, swap neighbours),
/// or `None` when it exceeds `max`.
pub fn distance_within(a: &[char], b: &[char], max: usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut before: Vec<usize> = vec![0; width];
    let mut previous: Vec<usize> = (0..width).collect();
    let mut current: Vec<usize> = vec![0; width];
    for i in 1..=a.len() {
        current[0] = i;
        let mut row_min = current[0];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (previous[j] + 1)
                .min(current[j - 1] + 1)
                .min(previous[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(before[j - 2] + 1);
            }
            current[j] = best;
            row_min = row_min.min(best);
        }
        if row_min > max {
            return None;
        }
        std::mem::swap(&mut before, &mut previous);
        std::mem::swap(&mut previous, &mut current);
    }
    let found = previous[b.len()];
    (found <= max).then_some(found)
}

#[derive(Debug, Default)]
pub struct Vocabulary {
    terms: BTreeSet<String>,
    by_length: HashMap<usize, Vec<Vec<char>>>,
}

/// At most this many corrections per query word, closest first.
const CORRECTIONS_MAX: usize = 4;

impl Vocabulary {
    pub fn add(&mut self, term: &str) {
        if term.is_empty() || self.terms.contains(term) {
            return;
        }
        self.terms.insert(term.to_string());
        let chars: Vec<char> = term.chars().collect();
        self.by_length.entry(chars.len()).or_default().push(chars);
    }

    pub fn len(&self) -> usize {
        self.terms.len()
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn contains(&self, term: &str) -> bool {
        self.terms.contains(term)
    }

    /// Whether some known term starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        self.terms
            .range::<str, _>((
                std::ops::Bound::Included(prefix),
                std::ops::Bound::Unbounded,
            ))
            .next()
            .is_some_and(|t| t.starts_with(prefix))
    }

    /// Known terms close to `word`, closest first (ties in alphabetical order).
    pub fn corrections(&self, word: &str) -> Vec<String> {
        let chars: Vec<char> = word.chars().collect();
        let max = allowed_edits(chars.len());
        if max == 0 {
            return Vec::new();
        }
        let mut found: Vec<(usize, String)> = Vec::new();
        for length in chars.len().saturating_sub(max)..=chars.len() + max {
            for candidate in self.by_length.get(&length).into_iter().flatten() {
                if let Some(d) = distance_within(&chars, candidate, max) {
                    found.push((d, candidate.iter().collect()));
                }
            }
        }
        found.sort();
        found
            .into_iter()
            .take(CORRECTIONS_MAX)
            .map(|(_, t)| t)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distances_count_each_kind_of_edit_once() {
        assert_eq!(
            distance_within(&chars("fahrad"), &chars("fahrrad"), 2),
            Some(1)
        );
        assert_eq!(distance_within(&chars("sofa"), &chars("sfoa"), 2), Some(1));
        assert_eq!(distance_within(&chars("buggy"), &chars("bugy"), 1), Some(1));
        assert_eq!(
            distance_within(&chars("tisch"), &chars("fisch"), 1),
            Some(1)
        );
        assert_eq!(distance_within(&chars("tisch"), &chars("stuhl"), 2), None);
        assert_eq!(distance_within(&chars("a"), &chars("abcd"), 2), None);
    }

    #[test]
    fn corrections_prefer_the_closest_known_term() {
        let mut vocabulary = Vocabulary::default();
        for term in ["fahrrad", "fahrt", "farbe", "kinderwag", "sofa"] {
            vocabulary.add(term);
        }
        assert_eq!(
            vocabulary.corrections("fahrad"),
            vec!["fahrrad".to_string()]
        );
        assert_eq!(
            vocabulary.corrections("kinderwg"),
            vec!["kinderwag".to_string()]
        );
        assert!(
            vocabulary.corrections("rad").is_empty(),
            "short words are not corrected"
        );
        assert!(vocabulary.has_prefix("kinder"));
        assert!(!vocabulary.has_prefix("zelt"));
    }
}

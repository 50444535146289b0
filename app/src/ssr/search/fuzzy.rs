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

/// The known terms, compact: an index of 100,000 posts has tens of thousands of terms, and
/// a `String` plus a `Vec<char>` for each took 12 MB of the server's memory. Terms loaded
/// from the index sit sorted in one text arena (about the term's length plus 8 bytes
/// each); terms this process indexes later go into a small set beside it.
#[derive(Debug, Default)]
pub struct Vocabulary {
    /// The loaded terms, sorted, one after another.
    text: String,
    /// Where each loaded term starts in `text` (its end is the next start).
    starts: Vec<u32>,
    /// Loaded terms (indexes into `starts`) by length in characters.
    by_length: HashMap<usize, Vec<u32>>,
    /// Terms learned since loading.
    added: BTreeSet<Box<str>>,
}

/// At most this many corrections per query word, closest first.
const CORRECTIONS_MAX: usize = 4;

impl Vocabulary {
    /// A vocabulary of `terms` (any order; empty strings and repeats are skipped).
    pub fn from_terms(mut terms: Vec<String>) -> Self {
        terms.sort_unstable();
        terms.dedup();
        terms.retain(|t| !t.is_empty());
        let mut vocabulary = Vocabulary {
            text: String::with_capacity(terms.iter().map(String::len).sum()),
            starts: Vec::with_capacity(terms.len() + 1),
            ..Vocabulary::default()
        };
        for term in &terms {
            let (Ok(start), Ok(index)) = (
                u32::try_from(vocabulary.text.len()),
                u32::try_from(vocabulary.starts.len()),
            ) else {
                // Past 4 GB of terms: keep the rest as added terms.
                vocabulary.added.insert(term.as_str().into());
                continue;
            };
            vocabulary.starts.push(start);
            vocabulary.text.push_str(term);
            vocabulary
                .by_length
                .entry(term.chars().count())
                .or_default()
                .push(index);
        }
        vocabulary
    }

    /// The `index`-th loaded term.
    fn loaded(&self, index: usize) -> &str {
        let start = self.starts.get(index).map_or(0, |s| *s as usize);
        let end = self
            .starts
            .get(index + 1)
            .map_or(self.text.len(), |s| *s as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// Where `term` is, or would be, among the loaded terms.
    fn position(&self, term: &str) -> Result<usize, usize> {
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let middle = low + (high - low) / 2;
            match self.loaded(middle).cmp(term) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Ok(middle),
            }
        }
        Err(low)
    }

    pub fn add(&mut self, term: &str) {
        if term.is_empty() || self.contains(term) {
            return;
        }
        self.added.insert(term.into());
    }

    pub fn len(&self) -> usize {
        self.starts.len() + self.added.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn contains(&self, term: &str) -> bool {
        self.position(term).is_ok() || self.added.contains(term)
    }

    /// Whether some known term starts with `prefix`.
    pub fn has_prefix(&self, prefix: &str) -> bool {
        let at = self.position(prefix).unwrap_or_else(|i| i);
        let loaded = at < self.starts.len() && self.loaded(at).starts_with(prefix);
        loaded
            || self
                .added
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
        let lengths = chars.len().saturating_sub(max)..=chars.len() + max;
        let loaded = lengths
            .clone()
            .flat_map(|length| self.by_length.get(&length).into_iter().flatten())
            .map(|index| self.loaded(*index as usize));
        let added = self
            .added
            .iter()
            .map(|t| &**t)
            .filter(|t| lengths.contains(&t.chars().count()));
        let mut candidate: Vec<char> = Vec::new();
        let mut found: Vec<(usize, &str)> = Vec::new();
        for term in loaded.chain(added) {
            candidate.clear();
            candidate.extend(term.chars());
            if let Some(d) = distance_within(&chars, &candidate, max) {
                found.push((d, term));
            }
        }
        found.sort_unstable();
        found
            .into_iter()
            .take(CORRECTIONS_MAX)
            .map(|(_, t)| t.to_string())
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
    fn loaded_and_added_terms_are_both_known() {
        let mut vocabulary = Vocabulary::from_terms(vec![
            "sofa".to_string(),
            "fahrrad".to_string(),
            String::new(),
            "fahrrad".to_string(),
        ]);
        assert_eq!(vocabulary.len(), 2);
        vocabulary.add("kinderwagen");
        vocabulary.add("sofa");
        assert_eq!(vocabulary.len(), 3);
        for known in ["sofa", "fahrrad", "kinderwagen"] {
            assert!(vocabulary.contains(known), "{known}");
        }
        assert!(!vocabulary.contains("fahr"));
        assert!(vocabulary.has_prefix("fahr"));
        assert!(vocabulary.has_prefix("kinder"));
        assert!(!vocabulary.has_prefix("zelt"));
        assert_eq!(vocabulary.corrections("kinderwagn"), vec!["kinderwagen"]);
        assert_eq!(vocabulary.corrections("sfoa"), vec!["sofa"]);
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

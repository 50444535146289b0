//! Marks the words a search matched, for titles and for a short excerpt of the
//! description around the first hit. The result is plain text pieces (rendered as
//! `<mark>` by the page), never HTML, so post text can never inject markup.
use super::analyze::{fold, term, words};
use super::query::SearchQuery;
use crate::domain::listing::Piece;

/// Characters of description shown in a result.
pub const EXCERPT_CHARS: usize = 180;

fn is_hit(query: &SearchQuery, word: &str, language: &str) -> bool {
    let forms = [
        fold(word),
        term(word, language),
        term(word, "de"),
        term(word, "en"),
    ];
    query.hits(&forms)
}

/// `text` split into plain and marked pieces.
pub fn mark(text: &str, query: &SearchQuery, language: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut done = 0;
    for (range, word) in words(text) {
        if is_hit(query, &word, language) {
            if range.start > done {
                pieces.push(Piece::plain(&text[done..range.start]));
            }
            pieces.push(Piece::hit(&text[range.clone()]));
            done = range.end;
        }
    }
    if done < text.len() {
        pieces.push(Piece::plain(&text[done..]));
    }
    pieces
}

/// About `EXCERPT_CHARS` of `text`, starting a little before the first hit, cut at word
/// boundaries, with "…" where text was left out; then marked.
pub fn excerpt(text: &str, query: &SearchQuery, language: &str) -> Vec<Piece> {
    let first_hit = if query.is_empty() {
        None
    } else {
        words(text)
            .find(|(_, word)| is_hit(query, word, language))
            .map(|(range, _)| range.start)
    };
    let start = match first_hit {
        // Up to five words of context before the hit.
        Some(hit) => words(&text[..hit])
            .map(|(range, _)| range.start)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .nth(4)
            .unwrap_or(0),
        None => 0,
    };
    let rest = &text[start..];
    let cut = match rest.char_indices().nth(EXCERPT_CHARS) {
        None => rest.len(),
        Some((at, _)) => rest[..at].rfind(char::is_whitespace).unwrap_or(at),
    };
    let shown = rest[..cut].trim();
    let mut pieces = Vec::new();
    if start > 0 {
        pieces.push(Piece::plain("… "));
    }
    pieces.extend(mark(shown, query, language));
    if cut < rest.len() {
        pieces.push(Piece::plain(" …"));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ssr::search::fuzzy::Vocabulary;

    fn rendered(pieces: &[Piece]) -> String {
        pieces
            .iter()
            .map(|p| {
                if p.hit {
                    format!("[{}]", p.text)
                } else {
                    p.text.clone()
                }
            })
            .collect()
    }

    #[test]
    fn inflected_and_prefix_hits_are_marked() {
        let mut vocabulary = Vocabulary::default();
        vocabulary.add("fahrrad");
        let query = SearchQuery::parse("Fahrrad", &vocabulary);
        let marked = mark("Zwei Fahrräder, ein Fahrradhelm", &query, "de");
        assert_eq!(rendered(&marked), "Zwei [Fahrräder], ein [Fahrradhelm]");
    }

    #[test]
    fn excerpts_start_near_the_first_hit() {
        let query = SearchQuery::parse("Sofa", &Vocabulary::default());
        let filler = "Wort ".repeat(100);
        let text = format!("{filler}eins zwei drei vier fünf Sofa sechs {filler}");
        let shown = rendered(&excerpt(&text, &query, "de"));
        assert!(
            shown.starts_with("… eins zwei drei vier fünf [Sofa] sechs"),
            "{shown}"
        );
        assert!(shown.ends_with(" …"), "{shown}");
        assert!(shown.chars().count() <= EXCERPT_CHARS + 4);
    }
}

//! Turns text into search terms. All analysis happens here in Rust, so the database
//! only stores and matches ready-made terms and every backend searches the same way.
//!
//! A word becomes a *term*: lowercased, diacritics folded ("Fahrräder" → "fahrrader"),
//! Arabic vowel marks dropped, Arabic and Persian letter variants made one (ي/ی, ك/ک,
//! أ/ا, ة/ه), and stemmed when its language has a stemmer ("Fahrräder" → "fahrrad";
//! Russian and Ukrainian share the Russian stemmer, which strips the endings the two
//! languages have in common). A query word is tried in every form (plain, German stem,
//! English stem, Russian stem for Cyrillic words), so a search works whatever language
//! the post was written in.
use rust_stemmers::{Algorithm, Stemmer};
use std::sync::LazyLock;

/// Longer "words" are noise (hashes, links) and are cut.
pub const WORD_MAX: usize = 40;

static GERMAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::German));
static ENGLISH: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));
static RUSSIAN: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Russian));

/// The words of a text, lowercased, in order, with their byte ranges in `text`.
pub fn words(text: &str) -> impl Iterator<Item = (std::ops::Range<usize>, String)> + '_ {
    let mut start = None;
    text.char_indices()
        .chain(std::iter::once((text.len(), ' ')))
        .filter_map(move |(i, c)| {
            let inside = c.is_alphanumeric() || is_mark(c);
            match (inside, start) {
                (true, None) => {
                    start = Some(i);
                    None
                }
                (false, Some(s)) => {
                    start = None;
                    let word: String = text[s..i].chars().take(WORD_MAX).collect();
                    Some((s..i, word.to_lowercase()))
                }
                _ => None,
            }
        })
}

/// Arabic and Persian vowel marks and similar combining marks inside words.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0300}'..='\u{036F}')
}

/// Lowercase word without diacritics: what the database stores and compares.
pub fn fold(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            'ä' | 'à' | 'á' | 'â' | 'ã' | 'å' | 'ā' => out.push('a'),
            'ö' | 'ò' | 'ó' | 'ô' | 'õ' | 'ø' => out.push('o'),
            'ü' | 'ù' | 'ú' | 'û' => out.push('u'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'í' | 'ì' | 'î' | 'ï' | 'ı' => out.push('i'),
            'ç' | 'č' | 'ć' => out.push('c'),
            'ş' | 'š' | 'ś' => out.push('s'),
            'ğ' => out.push('g'),
            'ñ' | 'ń' => out.push('n'),
            'ž' | 'ź' | 'ż' => out.push('z'),
            'ß' => out.push_str("ss"),
            // Persian keyboards type ی and ک where Arabic text has ي/ى and ك; hamza
            // forms of alef and the taa marbuta are written either way too.
            'ي' | 'ى' => out.push('ی'),
            'ك' => out.push('ک'),
            'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
            'ة' => out.push('ه'),
            c if is_mark(c) => {}
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The stemmer for a post's language, if there is one.
fn stemmer(language: &str) -> Option<&'static Stemmer> {
    match language {
        "de" => Some(&GERMAN),
        "en" => Some(&ENGLISH),
        "ru" | "uk" => Some(&RUSSIAN),
        _ => None,
    }
}

/// The one term a word of a text in `language` is stored as.
pub fn term(word: &str, language: &str) -> String {
    match stemmer(language) {
        // The German stemmer wants umlauts (it treats them itself), so fold afterwards.
        Some(stemmer) => fold(&stemmer.stem(word)),
        None => fold(word),
    }
}

/// The terms of a whole text, space-separated, ready for the index.
pub fn document(text: &str, language: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (_, word) in words(text) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&term(&word, language));
    }
    out
}

/// Every form a query word may have been stored as, without duplicates, plain first.
pub fn query_forms(word: &str) -> Vec<String> {
    let mut forms = vec![fold(word)];
    let cyrillic = word.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'));
    let languages: &[&str] = if cyrillic { &["ru"] } else { &["de", "en"] };
    for &language in languages {
        let form = term(word, language);
        if !form.is_empty() && !forms.contains(&form) {
            forms.push(form);
        }
    }
    forms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn german_plural_and_singular_meet() {
        assert_eq!(term("fahrräder", "de"), term("fahrrad", "de"));
        assert_eq!(term("kinderwagen", "de"), term("kinderwägen", "de"));
        assert_eq!(term("bicycles", "en"), term("bicycle", "en"));
    }

    #[test]
    fn words_keep_their_place_in_the_text() {
        let text = "Sofa, gut-erhalten! كنبة";
        let found: Vec<(&str, String)> = words(text).map(|(r, w)| (&text[r], w)).collect();
        assert_eq!(
            found,
            vec![
                ("Sofa", "sofa".to_string()),
                ("gut", "gut".to_string()),
                ("erhalten", "erhalten".to_string()),
                ("كنبة", "كنبة".to_string())
            ]
        );
    }

    #[test]
    fn folding_drops_diacritics_and_vowel_marks() {
        assert_eq!(fold("Größe"), "grosse");
        assert_eq!(fold("كَنَبَة"), "کنبه");
    }

    #[test]
    fn arabic_and_persian_spellings_meet() {
        // "chair" as an Arabic and a Persian keyboard write it.
        assert_eq!(fold("كرسي"), fold("کرسی"));
        assert_eq!(fold("أثاث"), fold("اثاث"));
    }

    #[test]
    fn russian_and_ukrainian_plurals_meet_their_singular() {
        assert_eq!(term("велосипеды", "ru"), term("велосипед", "ru"));
        assert_eq!(term("велосипеди", "uk"), term("велосипед", "uk"));
        assert!(query_forms("Велосипеды").contains(&term("велосипед", "ru")));
    }

    #[test]
    fn query_words_are_tried_in_every_form() {
        let forms = query_forms("Fahrräder");
        assert!(forms.contains(&"fahrrader".to_string()), "{forms:?}");
        assert!(forms.contains(&"fahrrad".to_string()), "{forms:?}");
        assert_eq!(document("Zwei Fahrräder", "de"), "zwei fahrrad");
    }
}

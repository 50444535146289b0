//! Any text as a visitor's search words: parsing (with typo correction against a
//! vocabulary), building the index query and marking hits never panic, and marking keeps
//! the text as it was.
#![no_main]
use app::ssr::search::fuzzy::Vocabulary;
use app::ssr::search::highlight::{excerpt, mark};
use app::ssr::search::query::SearchQuery;
use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

static VOCABULARY: LazyLock<Vocabulary> = LazyLock::new(|| {
    let words = "fahrrad fahrräd kinderwagen buggy sofa couch bett schrank tisch stuhl \
                 winterjacke kleidung deutschkurs arzttermin begleitung umzug möbel \
                 سرير دراجة кровать велосипед bisiklet";
    Vocabulary::from_terms(words.split_whitespace().map(str::to_string).collect())
});

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let query = SearchQuery::parse(text, &VOCABULARY);
    let _ = query.index_query(true);
    let _ = query.index_query(false);
    for language in ["de", "en", "ar", "ru"] {
        let marked: String = mark(text, &query, language)
            .into_iter()
            .map(|piece| piece.text)
            .collect();
        assert_eq!(marked, text, "marking changed the text");
        let _ = excerpt(text, &query, language);
    }
});

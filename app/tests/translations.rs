//! Every locale the build knows has a file with exactly the keys of the default locale,
//! no empty texts, and the same `{{ placeholders }}`. leptos_i18n only warns about a
//! missing key (and silently shows German); this test makes it an error.
use app::i18n::Locale;
use leptos_i18n::Locale as _;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn load(code: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("locales/{code}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| {
            rest.split_once("}}")
                .map(|(name, _)| name.trim().to_string())
        })
        .collect()
}

#[test]
fn every_locale_has_every_key_and_placeholder() {
    let default = Locale::default().as_str();
    let reference = load(default);
    assert!(!reference.is_empty());
    let mut problems = Vec::new();
    for locale in Locale::get_all() {
        let code = locale.as_str();
        let texts = load(code);
        for key in reference.keys() {
            match texts.get(key) {
                None => problems.push(format!("{code}.json: missing key `{key}`")),
                Some(text) if text.trim().is_empty() => {
                    problems.push(format!("{code}.json: `{key}` is empty"))
                }
                Some(text) if placeholders(text) != placeholders(&reference[key]) => problems.push(
                    format!("{code}.json: `{key}` has other placeholders than {default}.json"),
                ),
                Some(_) => {}
            }
        }
        for key in texts.keys().filter(|k| !reference.contains_key(*k)) {
            problems.push(format!("{code}.json: key `{key}` is not in {default}.json"));
        }
    }
    assert!(
        problems.is_empty(),
        "translation problems:\n{}",
        problems.join("\n")
    );
}

#[test]
fn placeholder_extraction_works() {
    assert_eq!(
        placeholders("Hallo {{ name }}, {{count}} neu"),
        BTreeSet::from(["name".to_string(), "count".to_string()])
    );
    assert!(placeholders("keine").is_empty());
}

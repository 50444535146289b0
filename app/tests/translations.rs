//! Every locale the build knows has a file with exactly the keys of the default locale,
//! no empty texts, the same `{{ placeholders }}`, and every plural form its language uses. leptos_i18n only warns about a
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

/// CLDR plural categories of cardinal numbers, per locale of the build.
fn plural_forms(code: &str) -> &'static [&'static str] {
    match code {
        "ar" => &["zero", "one", "two", "few", "many", "other"],
        "ru" | "uk" => &["one", "few", "many", "other"],
        "de" | "en" | "fa" | "tr" => &["one", "other"],
        // A new locale: at least `other`; add its categories here.
        _ => &["other"],
    }
}

const PLURAL_SUFFIXES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A locale file as leptos_i18n reads it: plain texts, and plural texts
/// (`key_one`, `key_other`, … with at least `_other` and one more form) by base key.
struct Texts {
    plain: BTreeMap<String, String>,
    plurals: BTreeMap<String, BTreeMap<String, String>>,
}

fn texts(code: &str) -> Texts {
    let mut groups: BTreeMap<String, BTreeMap<String, (String, String)>> = BTreeMap::new();
    let mut plain = BTreeMap::new();
    for (key, text) in load(code) {
        match key.rsplit_once('_') {
            Some((base, form)) if PLURAL_SUFFIXES.contains(&form) => {
                groups
                    .entry(base.to_string())
                    .or_default()
                    .insert(form.to_string(), (key.clone(), text));
            }
            _ => {
                plain.insert(key, text);
            }
        }
    }
    let mut plurals = BTreeMap::new();
    for (base, forms) in groups {
        if forms.len() > 1 && forms.contains_key("other") {
            plurals.insert(base, forms.into_iter().map(|(f, (_, t))| (f, t)).collect());
        } else {
            // `report_reason_other` alone is an ordinary key (so says leptos_i18n too).
            plain.extend(forms.into_values());
        }
    }
    Texts { plain, plurals }
}

#[test]
fn every_locale_has_every_key_and_placeholder() {
    let default = Locale::default().as_str();
    let reference = texts(default);
    assert!(!reference.plain.is_empty() && !reference.plurals.is_empty());
    let mut problems = Vec::new();
    for locale in Locale::get_all() {
        let code = locale.as_str();
        let texts = texts(code);
        for (key, wanted) in &reference.plain {
            match texts.plain.get(key) {
                None => problems.push(format!("{code}.json: missing key `{key}`")),
                Some(text) if text.trim().is_empty() => {
                    problems.push(format!("{code}.json: `{key}` is empty"))
                }
                Some(text) if placeholders(text) != placeholders(wanted) => problems.push(format!(
                    "{code}.json: `{key}` has other placeholders than {default}.json"
                )),
                Some(_) => {}
            }
        }
        for (base, wanted) in &reference.plurals {
            let Some(forms) = texts.plurals.get(base) else {
                problems.push(format!("{code}.json: missing plural texts `{base}_…`"));
                continue;
            };
            let allowed = placeholders(&wanted["other"]);
            for form in plural_forms(code) {
                match forms.get(*form) {
                    None => problems.push(format!("{code}.json: missing `{base}_{form}`")),
                    Some(text) if text.trim().is_empty() => {
                        problems.push(format!("{code}.json: `{base}_{form}` is empty"))
                    }
                    // A form may leave the number out ("one day"), never add a name.
                    Some(text) if !placeholders(text).is_subset(&allowed) => problems.push(
                        format!("{code}.json: `{base}_{form}` has placeholders {default}.json does not have"),
                    ),
                    Some(_) => {}
                }
            }
            if forms.get("other").map(|t| placeholders(t)) != Some(allowed) {
                problems.push(format!(
                    "{code}.json: `{base}_other` needs every placeholder of {default}.json"
                ));
            }
            for form in forms
                .keys()
                .filter(|f| !plural_forms(code).contains(&f.as_str()))
            {
                problems.push(format!(
                    "{code}.json: `{base}_{form}` is a form {code} does not use"
                ));
            }
        }
        for key in texts
            .plain
            .keys()
            .filter(|k| !reference.plain.contains_key(*k))
        {
            problems.push(format!("{code}.json: key `{key}` is not in {default}.json"));
        }
        for base in texts
            .plurals
            .keys()
            .filter(|k| !reference.plurals.contains_key(*k))
        {
            problems.push(format!(
                "{code}.json: plural `{base}` is not in {default}.json"
            ));
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

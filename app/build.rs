//! Generates the typed translation module from `locales/*.json` (leptos_i18n 0.6).
//! Every `locales/<code>.json` is a locale of the build; a tenant may enable a subset.
//! Adding a locale is adding its file: `<code>` is the language code (ISO 639-1).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// The locale every other one is checked against (and the fallback of last resort).
const DEFAULT_LOCALE: &str = "de";
const LOCALES_DIR: &str = "locales";

/// The codes of `locales/*.json` other than the default, sorted so builds are repeatable.
fn other_locales() -> Result<Vec<String>, Box<dyn Error>> {
    let mut codes = Vec::new();
    for entry in std::fs::read_dir(LOCALES_DIR)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "json")
            && let Some(code) = path.file_stem().and_then(|stem| stem.to_str())
            && code != DEFAULT_LOCALE
        {
            if !code.chars().all(|c| c.is_ascii_lowercase()) || !(2..=3).contains(&code.len()) {
                return Err(format!(
                    "{}: locale files are named <language code>.json",
                    path.display()
                )
                .into());
            }
            codes.push(code.to_string());
        }
    }
    codes.sort();
    Ok(codes)
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    // A new file in the folder is a new locale.
    println!("cargo::rerun-if-changed={LOCALES_DIR}");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    let i18n_mod_directory = PathBuf::from(out_dir).join("i18n");
    // `interpolate_display`: texts with `{{ name }}` can be rendered to plain strings
    // (mails, page titles), not only to views.
    let cfg = Config::new(DEFAULT_LOCALE)?
        .add_locales(other_locales()?)?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_mod_directory)?;
    Ok(())
}

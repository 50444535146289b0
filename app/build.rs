//! Generates the typed translation module from `locales/*.json` (leptos_i18n 0.6).
//! The locale list here is the one the build knows; a tenant may enable a subset.
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

/// Adding a locale: add its code here and a `locales/<code>.json` with every key.
const DEFAULT_LOCALE: &str = "de";
const OTHER_LOCALES: &[&str] = &["en", "ar"];

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    let out_dir = std::env::var_os("OUT_DIR").ok_or("cargo did not set OUT_DIR")?;
    let i18n_mod_directory = PathBuf::from(out_dir).join("i18n");
    // `interpolate_display`: texts with `{{ name }}` can be rendered to plain strings
    // (mails, page titles), not only to views.
    let cfg = Config::new(DEFAULT_LOCALE)?
        .add_locales(OTHER_LOCALES)?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(cfg)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(i18n_mod_directory)?;
    Ok(())
}

//! Locale facts that do not depend on translations: the languages' own names.

/// The language's name in that language, as shown in the language switcher:
/// a reader who does not understand the current language must still find theirs.
pub fn endonym(code: &str) -> &str {
    match code {
        "de" => "Deutsch",
        "en" => "English",
        "ar" => "العربية",
        "fa" => "فارسی",
        "uk" => "Українська",
        "ru" => "Русский",
        "tr" => "Türkçe",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;
    use leptos_i18n::Locale as _;

    #[test]
    fn every_build_locale_has_an_endonym_and_the_right_direction() {
        for locale in Locale::get_all() {
            let code = locale.as_str();
            assert_ne!(endonym(code), code, "no endonym for {code}");
            // Direction comes from leptos_i18n (ICU data); Arabic and Farsi are right to left.
            let rtl = matches!(locale.direction(), leptos_i18n::Direction::RightToLeft);
            assert_eq!(rtl, matches!(code, "ar" | "fa"), "direction of {code}");
        }
    }
}

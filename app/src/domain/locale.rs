//! Locale facts: the languages' own names, writing direction and date formats.
//! Names come from each locale file (`language_name`), so a new file brings its own.
use crate::i18n::{Locale, td_string};
use leptos_i18n::Locale as _;

/// `rtl` for right-to-left languages (Arabic, Farsi; from the locale data), else `ltr`
/// (for `dir` on text in another language than the page's). Unknown codes are `ltr`.
pub fn direction(code: &str) -> &'static str {
    match code.parse::<Locale>() {
        Ok(locale) if matches!(locale.direction(), leptos_i18n::Direction::RightToLeft) => "rtl",
        _ => "ltr",
    }
}

/// The language's name in that language, as shown in the language switcher:
/// a reader who does not understand the current language must still find theirs.
pub fn endonym(code: &str) -> String {
    match code.parse::<Locale>() {
        Ok(locale) => td_string!(locale, language_name).to_string(),
        Err(_) => code.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_build_locale_has_its_own_name_and_the_right_direction() {
        for locale in Locale::get_all() {
            let code = locale.as_str();
            let name = endonym(code);
            assert!(
                !name.is_empty() && name != code,
                "no language_name in {code}.json"
            );
            if code != "de" {
                assert_ne!(name, endonym("de"), "{code}.json names itself Deutsch");
            }
            assert_eq!(
                direction(code) == "rtl",
                matches!(code, "ar" | "fa"),
                "direction of {code}"
            );
        }
        assert_eq!(direction("xx"), "ltr");
    }
}

/// A calendar date from Unix seconds (UTC), written the way readers of `locale` expect:
/// 23.11.2026 (German, Ukrainian, Russian, Turkish), 23 November 2026 (English, no
/// day/month confusion), 23/11/2026 (Arabic), ۲۰۲۶/۱۱/۲۳ (Farsi, Persian digits,
/// Gregorian calendar like every other date on the platform); other locales ISO 8601.
pub fn short_date(seconds: i64, locale: &str) -> String {
    let (year, month, day) = civil_date(seconds);
    match locale {
        "de" | "uk" | "ru" | "tr" => format!("{day:02}.{month:02}.{year}"),
        "en" => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            let name = usize::try_from(month - 1)
                .ok()
                .and_then(|i| MONTHS.get(i))
                .copied()
                .unwrap_or_default();
            format!("{day} {name} {year}")
        }
        "ar" => format!("{day:02}/{month:02}/{year}"),
        "fa" => persian_digits(&format!("{year}/{month:02}/{day:02}")),
        _ => iso_date(seconds),
    }
}

/// `2026-11-23`: for files and logs, the same in every language.
pub fn iso_date(seconds: i64) -> String {
    let (year, month, day) = civil_date(seconds);
    format!("{year}-{month:02}-{day:02}")
}

/// ASCII digits as Extended Arabic-Indic (Persian) digits.
fn persian_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) => char::from_u32(0x06F0 + d).unwrap_or(c),
            None => c,
        })
        .collect()
}

/// Year, month and day (UTC) of Unix seconds.
pub fn civil_date(seconds: i64) -> (i64, i64, i64) {
    let days = seconds.div_euclid(86_400);
    // Howard Hinnant's days-to-civil algorithm.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod date_tests {
    use super::{iso_date, short_date};

    #[test]
    fn dates_are_written_per_locale() {
        assert_eq!(short_date(0, "de"), "01.01.1970");
        assert_eq!(short_date(1_795_392_000, "en"), "23 November 2026");
        assert_eq!(short_date(951_782_400, "ar"), "29/02/2000");
        assert_eq!(short_date(1_795_392_000, "fa"), "۲۰۲۶/۱۱/۲۳");
        assert_eq!(short_date(1_795_392_000, "ru"), "23.11.2026");
        assert_eq!(short_date(1_795_392_000, "xx"), "2026-11-23");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
    }
}

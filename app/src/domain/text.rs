//! Cleaning what people type before it is checked and stored. Control characters never
//! reach the database: they show as nothing or as boxes, and a NUL byte makes
//! PostgreSQL refuse the whole row.

/// A one-line text: control characters become spaces, whitespace runs one space, trimmed.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text of several lines: line breaks stay (people write lists), other control
/// characters become spaces, trailing spaces go, and at most one empty line in a row.
pub fn multi_line(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for line in text.lines() {
        let clean: String = line
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        let clean = clean.trim_end().to_string();
        if clean.is_empty() && out.last().is_some_and(String::is_empty) {
            continue;
        }
        out.push(clean);
    }
    out.join("\n").trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_never_survive() {
        assert_eq!(
            one_line("  Kinder\u{0}wagen \t blau\r\n"),
            "Kinder wagen blau"
        );
        assert_eq!(one_line("\u{0}\u{7}"), "");
        assert_eq!(
            multi_line("Hallo\u{0}!\r\n\r\n\r\n- Tisch \n- Stuhl\u{1b}[31m"),
            "Hallo !\n\n- Tisch\n- Stuhl [31m"
        );
        for text in ["a\u{0}b", "\u{0}", "x\u{85}y"] {
            assert!(!one_line(text).contains(char::is_control), "{text:?}");
            assert!(!multi_line(text).contains(|c: char| c.is_control() && c != '\n'));
        }
    }
}

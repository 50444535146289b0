//! Any text as an information page (front matter and Markdown): splitting and rendering
//! never panic, and the HTML never carries a script, an event attribute or a
//! `javascript:` address (as text, "javascript:" is fine: it runs nothing).
#![no_main]
use app::ssr::info::render::markdown;
use app::ssr::info::source::split;
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let Ok(source) = std::str::from_utf8(data) else {
        return;
    };
    let body = match split(Path::new("pages/fuzz.de.md"), source) {
        Ok((_, body)) => body,
        Err(_) => source.to_string(),
    };
    let rendered = markdown(&body);
    let html = rendered.html.to_ascii_lowercase();
    assert!(!html.contains("<script"), "script in rendered HTML: {html}");
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or_default();
        assert!(
            !tag.split_whitespace()
                .skip(1)
                .any(|attr| attr.starts_with("on")),
            "event attribute in rendered HTML: <{tag}>"
        );
        for name in ["href", "src", "action", "formaction"] {
            if let Some(scheme) = attribute(tag, name).and_then(|value| scheme(&value)) {
                assert!(
                    !matches!(scheme.as_str(), "javascript" | "vbscript" | "data"),
                    "{scheme}: address in rendered HTML: <{tag}>"
                );
            }
        }
    }
});

/// The value of attribute `name` in `tag` (quoted with ", as ammonia writes them).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(tag[start..end].to_string())
}

/// The scheme of an address (`javascript` in `javascript:alert(1)`), if it has one; a
/// path like `/javascript:x` has none.
fn scheme(address: &str) -> Option<String> {
    let (scheme, _) = address.trim().split_once(':')?;
    let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

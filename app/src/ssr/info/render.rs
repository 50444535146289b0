//! Markdown to safe HTML. Editors at the district write the pages; a mistake or a pasted
//! snippet must never run in a visitor's browser. So the HTML pulldown-cmark makes (raw
//! HTML in the Markdown included) goes through ammonia's allow-list: no scripts, no
//! event attributes, no `javascript:` or `data:` links, no styles; links that leave the
//! site open without handing over the page (`rel="noopener noreferrer"`).
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// A rendered page body.
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    /// Sanitised HTML, safe to insert into a page.
    pub html: String,
    /// The text without markup, for search and excerpts.
    pub text: String,
}

/// The page's own `<h1>` is its title from the front matter, so Markdown headings move
/// one level down (`#` becomes `<h2>`) and the outline stays correct.
fn demote(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

pub fn markdown(source: &str) -> Rendered {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut text = String::new();
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: demote(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        other => other,
    });
    let events: Vec<Event<'_>> = events
        .inspect(|event| match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => text.push(' '),
            _ => {}
        })
        .collect();
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut unsafe_html, events.into_iter());
    let html = ammonia::Builder::default()
        .url_schemes(["http", "https", "mailto", "tel"].into())
        .link_rel(Some("noopener noreferrer"))
        .clean(&unsafe_html)
        .to_string();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    Rendered { html, text }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_and_script_links_are_made_inert() {
        let page = markdown(
            "Hallo <script>alert('x')</script>\n\n[klick](javascript:alert(1)) \
             <a href=\"JaVaScRiPt:alert(2)\" onclick=\"alert(3)\">b</a> \
             <img src=x onerror=\"alert(4)\">\n\n<iframe src=\"https://example.org\"></iframe>",
        );
        let html = page.html.to_ascii_lowercase();
        for bad in [
            "<script",
            "javascript:",
            "onclick",
            "onerror",
            "<iframe",
            "alert(",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {}", page.html);
        }
        assert!(page.html.contains("klick"), "{}", page.html);
    }

    #[test]
    fn ordinary_markdown_keeps_its_structure() {
        let page = markdown(
            "# Beratung\n\nDie *Migrationsberatung* hilft.\n\n- eins\n- zwei\n\n\
             [BAMF](https://www.bamf.de) · [Anruf](tel:+493301123)",
        );
        assert!(page.html.contains("<h2>Beratung</h2>"), "{}", page.html);
        assert!(page.html.contains("<em>Migrationsberatung</em>"));
        assert!(page.html.contains("<li>eins</li>"));
        assert!(
            page.html
                .contains("<a href=\"https://www.bamf.de\" rel=\"noopener noreferrer\">BAMF</a>"),
            "{}",
            page.html
        );
        assert!(page.html.contains("href=\"tel:+493301123\""));
        assert_eq!(
            page.text,
            "Beratung Die Migrationsberatung hilft. eins zwei BAMF · Anruf"
        );
    }
}

//! What the search index holds for a post: its words in its own language, and the names
//! and synonyms of its category and parent category in every language, so that
//! "Couch" finds a sofa offered under "Möbel" and "Fahrräder" finds the subcategory.
use crate::ssr::db::search_index::Documents;
use crate::ssr::search::analyze::document;
use crate::ssr::tenant::Tenant;

pub fn documents(
    tenant: &Tenant,
    category: &str,
    language: &str,
    title: &str,
    description: &str,
    availability: Option<&str>,
) -> Documents {
    let mut body = document(description, language);
    if let Some(availability) = availability {
        body.push(' ');
        body.push_str(&document(availability, language));
    }
    Documents {
        title: document(title, language),
        body,
        category: category_document(tenant, category),
    }
}

fn category_document(tenant: &Tenant, slug: &str) -> String {
    let mut parts = Vec::new();
    for category in tenant.category_chain(slug) {
        for (locale, name) in &category.name.0 {
            parts.push(document(name, locale));
        }
        for (locale, words) in &category.synonyms {
            for word in words {
                parts.push(document(word, locale));
            }
        }
    }
    parts.retain(|p| !p.is_empty());
    parts.join(" ")
}

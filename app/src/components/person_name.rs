//! A person's name inside a translated sentence ("Conversation with {name}").
//!
//! Names are typed by people in any script; `<bdi>` keeps an Arabic name from reordering
//! a German sentence and the other way round.
use leptos::prelude::*;

/// The name as a view for a translation's `{name}`. Made when drawn (a closure), so the
/// value handed to the translation is cheap to clone and the same with or without
/// type-erased components (`--cfg erase_components`, see `always-erase-components` in
/// Cargo.toml: an erased view cannot be cloned).
pub fn person_name(name: String) -> impl IntoView + Clone + Sync + 'static {
    move || view! { <bdi>{name.clone()}</bdi> }
}

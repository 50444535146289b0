//! Language choice: a GET form to the same page (`?lang=xx`, remembered by a cookie on
//! the server) that keeps the page's other query parameters (a search stays a search).
//! Without JavaScript the visitor picks a language and presses the button; with it, the
//! choice applies as soon as it is made (the form is sent for them) and the button is
//! hidden. The form is one of the page's few islands (see `app.rs`): the only part of
//! the header that the WASM takes over.
use crate::domain::locale::endonym;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LanguageSwitcher(locales: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let keep = use_query_map()
        .get_untracked()
        .into_iter()
        .filter(|(name, _)| name != "lang")
        .map(|(name, value)| (name.to_string(), value))
        .collect();
    view! {
        <LanguageForm
            label=t_string!(i18n, language_label).to_string()
            submit=t_string!(i18n, language_submit).to_string()
            current=i18n.get_locale_untracked().as_str().to_string()
            locales
            keep
        />
    }
}

/// `keep`: the page's other query parameters, sent again as hidden fields.
#[island]
fn LanguageForm(
    label: String,
    submit: String,
    current: String,
    locales: Vec<String>,
    keep: Vec<(String, String)>,
) -> impl IntoView {
    // Effects run only in the browser: once the island is live, the button is not needed.
    let (live, set_live) = signal(false);
    Effect::new(move |_| set_live.set(true));
    let form = NodeRef::<leptos::html::Form>::new();
    let on_change = move |_| {
        if let Some(form) = form.get_untracked() {
            let _ = form.submit();
        }
    };
    view! {
        <form class="language-switcher" method="get" node_ref=form>
            {keep
                .into_iter()
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <label for="language-select">{label}</label>
            <select id="language-select" name="lang" on:change=on_change>
                {locales
                    .into_iter()
                    .map(|code| {
                        let selected = code == current;
                        view! {
                            <option value=code.clone() lang=code.clone() selected=selected>
                                {endonym(&code)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class:visually-hidden=live>{submit}</button>
        </form>
    }
}

//! Language choice: a GET form to the same page (`?lang=xx`, remembered by a cookie on
//! the server) that keeps the page's other query parameters (a search stays a search).
//! The choice applies when the button is pressed, with or without JavaScript: sending
//! the form as soon as the selection changes would reload the page on every arrow key
//! for someone choosing with the keyboard (a change of context on input, WCAG 3.2.2).
use crate::domain::locale::endonym;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LanguageSwitcher(locales: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let current = i18n.get_locale_untracked().as_str().to_string();
    // The page's other query parameters, sent again as hidden fields.
    let keep = use_query_map()
        .get_untracked()
        .into_iter()
        .filter(|(name, _)| name != "lang")
        .map(|(name, value)| view! { <input type="hidden" name=name.to_string() value=value /> })
        .collect_view();
    view! {
        <form class="language-switcher" method="get">
            {keep}
            <label for="language-select">{t_string!(i18n, language_label)}</label>
            <select id="language-select" name="lang">
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
            <button type="submit">{t_string!(i18n, language_submit)}</button>
        </form>
    }
}

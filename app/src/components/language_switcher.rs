//! Language choice. Without JavaScript it is a GET form to the same page (`?lang=xx`, remembered by a
//! cookie on the server). With JavaScript the change applies at once, without a reload
//! (nothing to download on a metered connection), and the address keeps `?lang=`.
use crate::domain::locale::endonym;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

#[component]
pub fn LanguageSwitcher(locales: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    // Effects run only in the browser: once hydrated, the button is not needed.
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));

    let on_change = move |ev: leptos::ev::Event| {
        let code = event_target_value(&ev);
        if let Ok(locale) = code.parse::<Locale>() {
            i18n.set_locale(locale);
            remember_in_address(&code);
        }
    };

    view! {
        <form class="language-switcher" method="get">
            <label for="language-select">{t!(i18n, language_label)}</label>
            <select id="language-select" name="lang" on:change=on_change>
                {locales
                    .into_iter()
                    .map(|code| {
                        let selected = {
                            let code = code.clone();
                            move || i18n.get_locale().as_str() == code
                        };
                        view! {
                            <option value=code.clone() lang=code.clone() selected=selected>
                                {endonym(&code)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
            <button type="submit" class:visually-hidden=hydrated>
                {t!(i18n, language_submit)}
            </button>
        </form>
    }
}

/// Keeps `?lang=` in the address bar in step with the chosen language, so that a
/// reload or a shared link shows the same language.
#[cfg(feature = "hydrate")]
fn remember_in_address(code: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Ok(href) = window.location().href() else {
        return;
    };
    let Ok(url) = web_sys::Url::new(&href) else {
        return;
    };
    url.search_params().set("lang", code);
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

#[cfg(not(feature = "hydrate"))]
fn remember_in_address(_code: &str) {}

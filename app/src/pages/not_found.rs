//! Any unknown address: a friendly page with a way back, and status 404.
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t_string!(i18n, not_found_title).to_string() />
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_text)}</p>
        <p><a href="/">{t!(i18n, back_home)}</a></p>
    }
}

/// Shown when the server cannot deliver what the page needs.
#[component]
pub fn ErrorNotice() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-notice" role="alert">
            <h1>{t!(i18n, error_title)}</h1>
            <p>{t!(i18n, error_text)}</p>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        </div>
    }
}

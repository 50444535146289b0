//! The translations' context for one page view (or one piece of a page): in the language
//! the server already chose for the request (`server/src/middleware/locale.rs`: `?lang=`,
//! the cookie, `Accept-Language`, the district's default), not guessed again.
//!
//! leptos_i18n's own provider would read the cookie and the `Accept-Language` header
//! again, write the cookie (which the language layer then replaced), and start a
//! background task to keep that cookie in step. Measured on the conversation page, the
//! provider was about 5 % of the server's CPU per view; and the task could run after
//! the page's reactive values were disposed and panic ("Tried to access a reactive
//! value that has already been disposed", seen in the concurrent-views check).
use crate::i18n::Locale;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_i18n::context::{I18nContextOptions, UseLocalesOptions, init_i18n_context_with_options};

/// Provides the translations in `locale` to the current owner and what it renders.
pub fn provide(locale: Locale) -> I18nContext<Locale> {
    // The context lives in an owner of its own, paused, so its background task never
    // runs (rendering to HTML needs no side effects); that owner lives as long as the
    // current one.
    let holder = Owner::current().map_or_else(Owner::new, |owner| owner.child());
    let i18n = holder.with(|| {
        let options = I18nContextOptions::default()
            .enable_cookie(false)
            .ssr_lang_header_getter(UseLocalesOptions::default().ssr_lang_header_getter(|| None));
        let i18n = init_i18n_context_with_options::<Locale>(options);
        i18n.set_locale_untracked(locale);
        i18n
    });
    holder.pause();
    on_cleanup(move || drop(holder));
    provide_context(i18n);
    i18n
}

/// The language the server chose for this request.
#[cfg(feature = "ssr")]
pub fn of_request() -> Locale {
    use std::str::FromStr;
    let chosen = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<crate::ssr::request::RequestLocale>()
            .and_then(|l| Locale::from_str(&l.0).ok())
    });
    chosen
        .or_else(|| {
            use_context::<crate::ssr::state::AppState>()
                .and_then(|state| Locale::from_str(&state.tenant.default_locale).ok())
        })
        .unwrap_or_default()
}

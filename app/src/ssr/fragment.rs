//! A piece of a page rendered on its own, for an island that asks the server for it
//! (e.g. the match suggestions while a post is written): the same components and texts
//! as the full page, in the request's language, without the page around them.
use crate::domain::site::Site;
use crate::i18n::Locale;
use crate::ssr::request::RequestCtx;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;
use leptos_i18n::context::I18nContextOptions;

/// `view` rendered to HTML with the site facts and translations a page has.
pub fn render<V: IntoView + 'static>(ctx: &RequestCtx, view: impl FnOnce() -> V) -> String {
    // A child of the server function's owner, so the request is in reach of the
    // components; dropped (and everything in it disposed) when this returns.
    let owner = Owner::current().map_or_else(Owner::new, |owner| owner.child());
    owner.with(|| {
        provide_context(Site(ctx.state.site.clone()));
        // Without the language cookie: the language layer already remembers the choice,
        // and a piece of a page has no cookie of its own to write.
        #[allow(deprecated)] // the component form needs a page head to write `lang` into
        let i18n = leptos_i18n::context::provide_i18n_context_with_options::<Locale>(
            I18nContextOptions::default().enable_cookie(false),
        );
        // The language this request was resolved to (`ctx.locale`), whatever the
        // translations would have guessed from the request on their own.
        if let Ok(locale) = ctx.locale.parse::<Locale>() {
            i18n.set_locale(locale);
        }
        // The translations start a background task (it would keep the cookie in step
        // with the language). Rendering to a string needs no side effects, and the owner
        // is disposed as soon as this returns: a task running after, or while, that
        // happens reads disposed values and panics ("Tried to access a reactive value
        // that has already been disposed"), which once broke a request under load.
        // Paused, the owner's effects do not run at all.
        owner.pause();
        view().into_view().to_html()
    })
}

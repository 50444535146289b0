//! A piece of a page rendered on its own, for an island that asks the server for it
//! (e.g. the match suggestions while a post is written): the same components and texts
//! as the full page, in the request's language, without the page around them.
use crate::domain::site::Site;
use crate::i18n::Locale;
use crate::ssr::request::RequestCtx;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// `view` rendered to HTML with the site facts and translations a page has.
pub fn render<V: IntoView + 'static>(ctx: &RequestCtx, view: impl FnOnce() -> V) -> String {
    // A child of the server function's owner, so the request is in reach of the
    // translations (they may write the language cookie, as on a page).
    let owner = Owner::current().map_or_else(Owner::new, |owner| owner.child());
    owner.with(|| {
        provide_context(Site(ctx.state.site.clone()));
        #[allow(deprecated)] // the component form needs a page head to write `lang` into
        let i18n = crate::i18n::provide_i18n_context();
        // The language this request was resolved to (`ctx.locale`), whatever the
        // translations would have guessed from the request on their own.
        if let Ok(locale) = ctx.locale.parse::<Locale>() {
            i18n.set_locale(locale);
        }
        view().into_view().to_html()
    })
}

//! A piece of a page rendered on its own, for an island that asks the server for it
//! (e.g. the match suggestions while a post is written): the same components and texts
//! as the full page, in the request's language, without the page around them.
use crate::domain::site::Site;
use crate::ssr::request::RequestCtx;
use leptos::prelude::*;
use leptos::tachys::view::RenderHtml;

/// `view` rendered to HTML with the site facts and translations a page has.
pub fn render<V: IntoView + 'static>(ctx: &RequestCtx, view: impl FnOnce() -> V) -> String {
    // A child of the server function's owner, so the request is in reach of the
    // components; dropped (and everything in it disposed) when this returns. The
    // translations start no background task that could outlive it (see `translations`).
    let owner = Owner::current().map_or_else(Owner::new, |owner| owner.child());
    owner.with(|| {
        provide_context(Site(ctx.state.site.clone()));
        crate::translations::provide(crate::translations::of_request());
        view().into_view().to_html()
    })
}

//! The HTML shell and the route table.
use crate::api::site::load_site_info;
use crate::components::layout::Layout;
use crate::domain::site::SiteInfo;
use crate::i18n::*;
use crate::pages::{home::HomePage, not_found::ErrorNotice, not_found::NotFoundPage};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, provide_meta_context};
use leptos_router::{
    SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// The document around every server-rendered page.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The site facts, loaded once per page view and shared by every page.
#[derive(Clone, Copy)]
pub struct SiteResource(pub Resource<Result<SiteInfo, ServerFnError>>);

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Blocking + in-order streaming: the page arrives complete, so it works without JavaScript.
    provide_context(SiteResource(Resource::new_blocking(
        || (),
        |_| load_site_info(),
    )));
    view! {
        <Stylesheet id="leptos" href="/pkg/helferkreis.css" />
        // After the base style, so the tenant's colour wins.
        <Stylesheet id="theme" href="/tenant/theme.css" />
        <I18nContextProvider>
            <Router>
                <Routes fallback=|| view! { <SitePage><NotFoundPage /></SitePage> }>
                    <Route
                        path=StaticSegment("")
                        view=|| view! { <SitePage><HomePage /></SitePage> }
                        ssr=SsrMode::InOrder
                    />
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// Waits for the site facts, provides them as context and draws the page frame.
#[component]
pub fn SitePage(children: ChildrenFn) -> impl IntoView {
    let SiteResource(site) = expect_context::<SiteResource>();
    let children = StoredValue::new(children);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match site.await {
                    Ok(site) => {
                        provide_context(site.clone());
                        view! { <Layout site>{children.read_value()()}</Layout> }.into_any()
                    }
                    Err(_) => view! { <ErrorNotice /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

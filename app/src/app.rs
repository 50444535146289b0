//! The HTML shell and the route table.
use crate::components::layout::Layout;
use crate::domain::account::Viewer;
use crate::domain::post::PostKind;
use crate::domain::site::Site;
use crate::i18n::*;
use crate::pages::about::AboutPage;
use crate::pages::account::AccountPage;
use crate::pages::admin_users::AdminUsersPage;
use crate::pages::alerts::{AlertsPage, UnsubscribePage};
use crate::pages::audit::AuditPage;
use crate::pages::conversation::ConversationPage;
use crate::pages::conversations::ConversationsPage;
use crate::pages::coordination::CoordinationPage;
use crate::pages::dashboard::DashboardPage;
use crate::pages::forgot_password::ForgotPasswordPage;
use crate::pages::info::{InfoIndexPage, InfoPage};
use crate::pages::legal::{ImprintPage, PrivacyPage};
use crate::pages::listing::ListingPage;
use crate::pages::login::LoginPage;
use crate::pages::moderation::ModerationPage;
use crate::pages::my_posts::MyPostsPage;
use crate::pages::organisation_edit::{EditOrganisationPage, NewOrganisationPage};
use crate::pages::organisations::{OrganisationPage, OrganisationsPage};
use crate::pages::post::PostPage;
use crate::pages::post_form::{EditPostPage, NewPostPage};
use crate::pages::register::RegisterPage;
use crate::pages::renew_post::RenewPostPage;
use crate::pages::report::ReportPage;
use crate::pages::reports::ReportsPage;
use crate::pages::reset_password::ResetPasswordPage;
use crate::pages::verify_email::VerifyEmailPage;
use crate::pages::{home::HomePage, not_found::ErrorNotice, not_found::NotFoundPage};
use leptos::prelude::*;
use leptos_meta::{Html, Link, MetaTags, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
};

/// The tenant's colours as a style sheet (served by the server's router).
pub const THEME_PATH: &str = "/tenant/theme.css";

/// The document around every server-rendered page.
///
/// Pages are rendered on the server only; the WASM takes over just the `#[island]`
/// components (now one: the suggestions while a post is written) and every form is a
/// plain HTML form, with or without JavaScript. Hydrating whole pages
/// needed 641 KB of WASM (brotli) on every phone; the islands need a fraction of it.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The Content-Security-Policy header allows scripts with this request's nonce only;
    // Leptos puts it on the hydration script and on its inline data scripts.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<http::request::Parts>().and_then(|parts| {
        parts
            .extensions
            .get::<crate::ssr::request::CspNonce>()
            .cloned()
    }) {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
    // The tenant's colours after the base style sheet (so they win), at an address with
    // the site facts' version (they hold the colour), which browsers may keep.
    #[cfg(feature = "ssr")]
    let tenant_links = use_context::<crate::ssr::state::AppState>().map(|state| {
        view! {
            <link rel="stylesheet" href=format!("{}?v={}", THEME_PATH, state.site_data.version) />
        }
    });
    #[cfg(not(feature = "ssr"))]
    let tenant_links = ();
    // The built style sheet, at the versioned address the server gives the built files
    // (`site_pkg_dir`, see server/src/routes/assets.rs). Here in the document head, not in
    // `App`, because only the server knows the version.
    let stylesheet = format!("/{}/{}.css", options.site_pkg_dir, options.output_name);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="stylesheet" href=stylesheet />
                {tenant_links}
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Who is signed in for this page view (`None` for a visitor): looked up before the
/// page is rendered (`ssr::accounts::viewer`), so no component waits for it.
#[derive(Clone, Default)]
struct CurrentViewer(Option<Viewer>);

/// The signed-in person of this page view, if any.
pub fn use_viewer() -> Option<Viewer> {
    use_context::<CurrentViewer>().and_then(|viewer| viewer.0)
}

#[component]
pub fn App() -> impl IntoView {
    crate::plurals::install();
    provide_meta_context();
    // The site facts are the same for every page view. Having them at hand synchronously
    // (the server's state) lets every page render exactly once, outside any <Suspense>:
    // page components created inside a suspended async block were rendered again and
    // again on the server and sometimes ran after their owner was disposed (panics under
    // load). The browser never renders `App` (see `shell`), so it needs no copy.
    #[cfg(feature = "ssr")]
    let site = use_context::<crate::ssr::state::AppState>().map(|state| Site(state.site.clone()));
    #[cfg(not(feature = "ssr"))]
    let site: Option<Site> = None;
    if let Some(site) = site {
        provide_context(site);
    }
    #[cfg(feature = "ssr")]
    let locale = crate::translations::of_request();
    #[cfg(not(feature = "ssr"))]
    let locale = Locale::default();
    crate::translations::provide(locale);
    #[cfg(feature = "ssr")]
    provide_context(CurrentViewer(crate::ssr::accounts::viewer::of_request()));
    view! {
        <Html attr:lang=locale.as_str() attr:dir=locale.direction().as_str() />
        <Link rel="icon" href="/favicon.svg" type_="image/svg+xml" />
        <Router>
            <Routes fallback=|| view! { <SitePage><NotFoundPage /></SitePage> }>
                <Route
                    path=StaticSegment("")
                    view=|| view! { <SitePage><HomePage /></SitePage> }
                    ssr=SsrMode::InOrder
                />
                // Form pages stream in order too. Their flash resource is blocking, so it
                // is taken from the session before the first byte (and the session saved
                // with this response). SsrMode::Async made about 3% of concurrent /login
                // renders panic on disposed reactive values (Leptos 0.8.23).
                <Route path=StaticSegment("register") view=|| view! { <SitePage><RegisterPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("login") view=|| view! { <SitePage><LoginPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("forgot-password") view=|| view! { <SitePage><ForgotPasswordPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("reset-password") view=|| view! { <SitePage><ResetPasswordPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("verify-email") view=|| view! { <SitePage><VerifyEmailPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("account") view=|| view! { <SitePage><AccountPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("admin"), StaticSegment("users")) view=|| view! { <SitePage><AdminUsersPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("admin"), StaticSegment("audit")) view=|| view! { <SitePage><AuditPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("moderation") view=|| view! { <SitePage><ModerationPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("moderation"), StaticSegment("dashboard")) view=|| view! { <SitePage><DashboardPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("moderation"), StaticSegment("reports")) view=|| view! { <SitePage><ReportsPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("report") view=|| view! { <SitePage><ReportPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("offers") view=|| view! { <SitePage><ListingPage kind=Some(PostKind::Offer) /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("needs") view=|| view! { <SitePage><ListingPage kind=Some(PostKind::Need) /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("search") view=|| view! { <SitePage><ListingPage kind=None /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("posts"), StaticSegment("new")) view=|| view! { <SitePage><NewPostPage /></SitePage> } ssr=SsrMode::InOrder />
                // Async: these pages are sent once their data is loaded, so the title and
                // preview tags (OpenGraph) taken from it are in <head>. With in-order
                // streaming the head was sometimes flushed first (9 of 40 concurrent
                // profile pages had no <title>; tests/integration/page_titles.rs).
                <Route path=(StaticSegment("posts"), ParamSegment("id")) view=|| view! { <SitePage><PostPage /></SitePage> } ssr=SsrMode::Async />
                <Route path=(StaticSegment("posts"), ParamSegment("id"), StaticSegment("edit")) view=|| view! { <SitePage><EditPostPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("posts"), ParamSegment("id"), StaticSegment("renew")) view=|| view! { <SitePage><RenewPostPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("conversations") view=|| view! { <SitePage><ConversationsPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("conversations"), ParamSegment("id")) view=|| view! { <SitePage><ConversationPage /></SitePage> } ssr=SsrMode::Async />
                <Route path=StaticSegment("alerts") view=|| view! { <SitePage><AlertsPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("alerts"), StaticSegment("unsubscribe")) view=|| view! { <SitePage><UnsubscribePage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("coordination") view=|| view! { <SitePage><CoordinationPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("my-posts") view=|| view! { <SitePage><MyPostsPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("info") view=|| view! { <SitePage><InfoIndexPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("info"), ParamSegment("slug")) view=|| view! { <SitePage><InfoPage /></SitePage> } ssr=SsrMode::Async />
                <Route path=StaticSegment("organisations") view=|| view! { <SitePage><OrganisationsPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("organisations"), ParamSegment("slug")) view=|| view! { <SitePage><OrganisationPage /></SitePage> } ssr=SsrMode::Async />
                <Route path=(StaticSegment("organisations"), ParamSegment("slug"), StaticSegment("edit")) view=|| view! { <SitePage><EditOrganisationPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=(StaticSegment("admin"), StaticSegment("organisations"), StaticSegment("new")) view=|| view! { <SitePage><NewOrganisationPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("about") view=|| view! { <SitePage><AboutPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("privacy") view=|| view! { <SitePage><PrivacyPage /></SitePage> } ssr=SsrMode::InOrder />
                <Route path=StaticSegment("imprint") view=|| view! { <SitePage><ImprintPage /></SitePage> } ssr=SsrMode::InOrder />
            </Routes>
        </Router>
    }
}

/// Draws the page frame around a page, or a friendly error if the site facts are missing.
#[component]
pub fn SitePage(children: Children) -> impl IntoView {
    match use_context::<Site>() {
        Some(site) => view! { <Layout site>{children()}</Layout> }.into_any(),
        None => view! { <ErrorNotice /> }.into_any(),
    }
}

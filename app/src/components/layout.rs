//! The frame of every page: skip link, header with logo, account links and language,
//! main, footer with operator, privacy notice and imprint.
use super::language_switcher::LanguageSwitcher;
use crate::api::account::Logout;
use crate::app::use_viewer;
use crate::components::person_name::person_name;
use crate::domain::account::{Role, Viewer};
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

#[component]
pub fn Layout(site: Site, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let operator = site.operator.clone();
    view! {
        <a class="skip-link" href="#main">{t_string!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">
                {site.logo_url.clone().map(|src| view! { <img class="brand-logo" src=src alt="" width="40" height="40" /> })}
                <span class="brand-name">{site.name.clone()}</span>
            </a>
            <AccountNav viewer=use_viewer() />
            <LanguageSwitcher locales=site.locales.clone() />
            <nav class="main-nav" aria-label=t_string!(i18n, nav_main)>
                <a href="/needs">{t_string!(i18n, nav_needs)}</a>
                <a href="/offers">{t_string!(i18n, nav_offers)}</a>
                <a href="/search">{t_string!(i18n, nav_search)}</a>
                <a href="/info">{t_string!(i18n, nav_info)}</a>
                <a href="/organisations">{t_string!(i18n, nav_organisations)}</a>
                <a href="/posts/new" class="nav-new-post">{t_string!(i18n, nav_new_post)}</a>
            </nav>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>
                {t_string!(i18n, footer_operator)} ": " {operator.name.clone()} ", "
                {operator.street.clone()} ", " {operator.postcode.clone()} " " {operator.city.clone()}
            </p>
            <p>
                {t_string!(i18n, footer_contact)} ": "
                <a href=format!("mailto:{}", operator.email) dir="ltr">{operator.email.clone()}</a>
            </p>
            <nav class="footer-links" aria-label=t_string!(i18n, nav_privacy)>
                <a href="/about">{t_string!(i18n, nav_about)}</a>
                <a href="/privacy">{t_string!(i18n, nav_privacy)}</a>
                <a href="/imprint">{t_string!(i18n, nav_imprint)}</a>
            </nav>
        </footer>
    }
}

#[component]
fn AccountNav(viewer: Option<Viewer>) -> impl IntoView {
    let i18n = use_i18n();
    match viewer {
        Some(viewer) => {
            let is_admin = viewer.role.includes(Role::Admin);
            let coordinates = viewer.role.includes(Role::Coordinator);
            let moderates = viewer.role.includes(Role::Moderator);
            let name = viewer.display_name.clone();
            view! {
                <nav class="account-nav" aria-label=t_string!(i18n, nav_account)>
                    <a href="/my-posts">{t_string!(i18n, nav_my_posts)}</a>
                    {coordinates.then(|| view! { <a href="/coordination">{t_string!(i18n, nav_coordination)}</a> })}
                    <a href="/conversations">
                        {t_string!(i18n, nav_conversations)}
                        {(viewer.unread > 0).then(|| {
                            let unread = viewer.unread;
                            view! {
                                " " <span class="badge" aria-hidden="true">{unread}</span>
                                <span class="visually-hidden">{t!(i18n, unread_messages, count = unread)}</span>
                            }
                        })}
                    </a>
                    <a href="/account" class="signed-in">
                        {t!(i18n, signed_in_as, name = person_name(name.clone()))}
                    </a>
                    {moderates.then(|| view! { <a href="/moderation">{t_string!(i18n, nav_moderation)}</a> })}
                    {is_admin.then(|| view! { <a href="/admin/users">{t_string!(i18n, nav_admin)}</a> })}
                    <LogoutButton />
                </nav>
            }
            .into_any()
        }
        None => view! {
            <nav class="account-nav" aria-label=t_string!(i18n, nav_account)>
                <a href="/login">{t_string!(i18n, nav_login)}</a>
                <a href="/register">{t_string!(i18n, nav_register)}</a>
            </nav>
        }
        .into_any(),
    }
}

#[component]
fn LogoutButton() -> impl IntoView {
    let i18n = use_i18n();
    // A plain form (see `kept_feedback`): the server answers with a redirect to "/".
    view! {
        <form method="post" action=Logout::PATH class="logout-form">
            <button type="submit" class="link-button">{t_string!(i18n, nav_logout)}</button>
        </form>
    }
}

/// Text for `<Title>`. leptos_meta writes the title into the server's HTML without
/// escaping it, so a post titled `</title><script>…` would end the element early; the
/// server side escapes it here. In the browser the text is set as `document.title`,
/// which needs no escaping.
pub fn title_text(text: &str) -> String {
    #[cfg(feature = "ssr")]
    {
        text.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    }
    #[cfg(not(feature = "ssr"))]
    {
        text.to_string()
    }
}

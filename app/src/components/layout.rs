//! The frame of every page: skip link, header with logo and language, main, footer.
use super::language_switcher::LanguageSwitcher;
use crate::domain::site::SiteInfo;
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn Layout(site: SiteInfo, children: Children) -> impl IntoView {
    let i18n = use_i18n();
    let operator = site.operator.clone();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">
                {site.logo_url.clone().map(|src| view! { <img class="brand-logo" src=src alt="" width="40" height="40" /> })}
                <span class="brand-name">{site.name.clone()}</span>
            </a>
            <LanguageSwitcher locales=site.locales.clone() />
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>
                {t!(i18n, footer_operator)} ": " {operator.name.clone()} ", "
                {operator.street.clone()} ", " {operator.postcode.clone()} " " {operator.city.clone()}
            </p>
            <p>
                {t!(i18n, footer_contact)} ": "
                <a href=format!("mailto:{}", operator.email)>{operator.email.clone()}</a>
            </p>
        </footer>
    }
}

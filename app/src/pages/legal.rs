//! `/privacy` and `/imprint`: the privacy notice and the Impressum, filled from the
//! operator details in the tenant file.
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
fn OperatorAddress() -> impl IntoView {
    let site = expect_context::<Site>();
    let o = site.operator.clone();
    view! {
        <address>
            {o.name.clone()}<br />
            {o.street.clone()}<br />
            {o.postcode.clone()} " " {o.city.clone()}<br />
            <a href=format!("mailto:{}", o.email) dir="ltr">{o.email.clone()}</a>
        </address>
    }
}

#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let operator = site.operator.name.clone();
    let days = site.retention_days;
    let email = site.operator.email.clone();
    view! {
        <Title text=t_string!(i18n, privacy_title).to_string() />
        <article class="prose">
            <h1>{t!(i18n, privacy_title)}</h1>
            <p>{t!(i18n, privacy_intro, operator = operator.clone())}</p>
            <h2>{t!(i18n, privacy_controller_heading)}</h2>
            <OperatorAddress />
            <h2>{t!(i18n, privacy_data_heading)}</h2>
            <p>{t!(i18n, privacy_data_text)}</p>
            <h2>{t!(i18n, privacy_purpose_heading)}</h2>
            <p>{t!(i18n, privacy_purpose_text)}</p>
            <h2>{t!(i18n, privacy_public_heading)}</h2>
            <p>{t!(i18n, privacy_public_text)}</p>
            <h2>{t!(i18n, privacy_cookies_heading)}</h2>
            <p>{t!(i18n, privacy_cookies_text)}</p>
            <h2>{t!(i18n, privacy_retention_heading)}</h2>
            <p>{t!(i18n, privacy_retention_text, days = days)}</p>
            <h2>{t!(i18n, privacy_rights_heading)}</h2>
            <p>{t!(i18n, privacy_rights_text)}</p>
            <p><a href="/account">{t!(i18n, nav_account)}</a></p>
            <p>{t!(i18n, privacy_contact)} " " <a href=format!("mailto:{email}") dir="ltr">{email.clone()}</a></p>
        </article>
    }
}

#[component]
pub fn ImprintPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let o = site.operator.clone();
    view! {
        <Title text=t_string!(i18n, imprint_title).to_string() />
        <article class="prose">
            <h1>{t!(i18n, imprint_title)}</h1>
            <dl class="facts">
                <dt>{t!(i18n, imprint_operator)}</dt>
                <dd>{o.name.clone()}</dd>
                <dt>{t!(i18n, imprint_representative)}</dt>
                <dd>{o.representative.clone()}</dd>
                <dt>{t!(i18n, imprint_address)}</dt>
                <dd>{o.street.clone()} ", " {o.postcode.clone()} " " {o.city.clone()}</dd>
                <dt>{t!(i18n, imprint_contact)}</dt>
                <dd><a href=format!("mailto:{}", o.email) dir="ltr">{o.email.clone()}</a></dd>
                {o.phone.clone().map(|phone| view! {
                    <dt>{t!(i18n, imprint_phone)}</dt>
                    <dd dir="ltr">{phone}</dd>
                })}
            </dl>
        </article>
    }
}

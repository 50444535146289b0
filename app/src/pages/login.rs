//! `/login`: sign in with email and password.
use crate::api::account::Login;
use crate::components::form::{Field, FormStatus, WithFlash, provide_page_flash, use_feedback};
use crate::domain::account::{FormFeedback, FormId};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let next = use_query_map().with_untracked(|q| q.get("next"));
    view! {
        <Title text=t_string!(i18n, login_title).to_string() />
        <h1>{t!(i18n, login_title)}</h1>
        <WithFlash form=FormId::Login render=move |flash| view! { <LoginForm flash next=next.clone() /> } />
        <p><a href="/forgot-password">{t!(i18n, login_forgot_link)}</a></p>
        <p>{t!(i18n, login_no_account)} " " <a href="/register">{t!(i18n, nav_register)}</a></p>
    }
}

#[component]
fn LoginForm(flash: Option<FormFeedback>, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Login>::new();
    let feedback = use_feedback(FormId::Login, action.value(), flash);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <input type="hidden" name="next" value=next.unwrap_or_default() />
            <Field name="email" kind="email" autocomplete="email" label=t_string!(i18n, field_email).to_string() feedback />
            <Field name="password" kind="password" autocomplete="current-password" label=t_string!(i18n, field_password).to_string() feedback />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, login_submit)}</button>
        </ActionForm>
    }
}

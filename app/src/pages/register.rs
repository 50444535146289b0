//! `/register`: a pseudonym, an email address and a password. Nothing else.
use crate::api::account::Register;
use crate::components::form::{Field, FormStatus, WithFlash, provide_page_flash, use_feedback};
use crate::domain::account::{FormFeedback, FormId};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, register_title).to_string() />
        <h1>{t!(i18n, register_title)}</h1>
        <p>{t!(i18n, register_intro)}</p>
        <WithFlash form=FormId::Register render=|flash| view! { <RegisterForm flash /> } />
        <p>{t!(i18n, register_have_account)} " " <a href="/login">{t!(i18n, nav_login)}</a></p>
        <p><a href="/privacy">{t!(i18n, nav_privacy)}</a></p>
    }
}

#[component]
fn RegisterForm(flash: Option<FormFeedback>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<Register>::new();
    let feedback = use_feedback(FormId::Register, action.value(), flash);
    let done = move || feedback.get().is_some_and(|f| f.notice.is_some());
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <Show when=move || !done()>
                <Field name="display_name" autocomplete="nickname" label=t_string!(i18n, field_display_name).to_string()
                    hint=t_string!(i18n, field_display_name_hint).to_string() feedback />
                <Field name="email" kind="email" autocomplete="email" label=t_string!(i18n, field_email).to_string()
                    hint=t_string!(i18n, field_email_hint).to_string() feedback />
                <Field name="password" kind="password" autocomplete="new-password" label=t_string!(i18n, field_password).to_string()
                    hint=t_string!(i18n, field_password_hint).to_string() feedback />
                <button type="submit" disabled=move || action.pending().get()>{t!(i18n, register_submit)}</button>
            </Show>
        </ActionForm>
    }
}

//! `/forgot-password`: asks for a reset link. The answer never says whether the address
//! has an account.
use crate::api::account::ForgotPassword;
use crate::components::form::{Field, FormStatus, WithFlash, provide_page_flash, use_feedback};
use crate::domain::account::{FormFeedback, FormId};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, forgot_title).to_string() />
        <h1>{t!(i18n, forgot_title)}</h1>
        <p>{t!(i18n, forgot_intro)}</p>
        <WithFlash form=FormId::ForgotPassword render=|flash| view! { <ForgotForm flash /> } />
        <p><a href="/login">{t!(i18n, nav_login)}</a></p>
    }
}

#[component]
fn ForgotForm(flash: Option<FormFeedback>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let feedback = use_feedback(FormId::ForgotPassword, action.value(), flash);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <Field name="email" kind="email" autocomplete="email" label=t_string!(i18n, field_email).to_string() feedback />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, forgot_submit)}</button>
        </ActionForm>
    }
}

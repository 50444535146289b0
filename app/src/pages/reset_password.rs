//! `/reset-password?token=…`: the page a reset link (or the `create-admin` link) opens.
//! Opening it changes nothing; only sending the form uses the link.
use crate::api::account::{ResetPassword, reset_link_valid};
use crate::components::form::{Field, FormStatus, WithFlash, provide_page_flash, use_feedback};
use crate::domain::account::{FormFeedback, FormId};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    let valid = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        reset_link_valid,
    );
    view! {
        <Title text=t_string!(i18n, reset_title).to_string() />
        <h1>{t!(i18n, reset_title)}</h1>
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    if valid.await.unwrap_or(false) {
                        view! {
                            <p>{t!(i18n, reset_intro)}</p>
                            <WithFlash form=FormId::ResetPassword render=move |flash| view! { <ResetForm flash token=token.clone() /> } />
                        }.into_any()
                    } else {
                        view! {
                            <p class="form-error" role="alert">{t!(i18n, error_token_invalid)}</p>
                            <p><a href="/forgot-password">{t!(i18n, reset_request_new)}</a></p>
                        }.into_any()
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ResetForm(flash: Option<FormFeedback>, token: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ResetPassword>::new();
    let feedback = use_feedback(FormId::ResetPassword, action.value(), flash);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <input type="hidden" name="token" value=token />
            <Field name="password" kind="password" autocomplete="new-password" label=t_string!(i18n, field_new_password).to_string()
                hint=t_string!(i18n, field_password_hint).to_string() feedback />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, reset_submit)}</button>
        </ActionForm>
    }
}

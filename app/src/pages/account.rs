//! `/account`: what we know about you, and everything you can change about it:
//! name, language, place, mails, password; download your data; delete your account.
use crate::api::account::{ChangePassword, DeleteAccount, UpdateProfile, load_account};
use crate::components::form::{
    Field, FormStatus, SelectField, WithFlash, provide_page_flash, role_text, use_feedback,
};
use crate::domain::account::{AccountDetails, FormFeedback, FormId};
use crate::domain::error::AppError;
use crate::domain::locale::endonym;
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

/// Where the GDPR download is served (a plain route in the server, so the browser saves it).
pub const EXPORT_PATH: &str = "/account/export.json";

#[component]
pub fn AccountPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let account = Resource::new_blocking(|| (), |_| load_account());
    view! {
        <Title text=t_string!(i18n, account_title).to_string() />
        <h1>{t!(i18n, account_title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(details) => view! { <AccountSections details /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/account" /> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AccountSections(details: AccountDetails) -> impl IntoView {
    let i18n = use_i18n();
    let role = details.role;
    let email = details.email.clone();
    view! {
        <dl class="facts">
            <dt>{t!(i18n, account_email_label)}</dt>
            <dd dir="ltr">{email}</dd>
            <dt>{t!(i18n, account_role_label)}</dt>
            <dd>{move || role_text(i18n, role)}</dd>
        </dl>
        <section aria-labelledby="profile-title">
            <h2 id="profile-title">{t!(i18n, account_profile_heading)}</h2>
            <WithFlash form=FormId::Profile render=move |flash| view! { <ProfileForm flash details=details.clone() /> } />
        </section>
        <section aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, account_password_heading)}</h2>
            <WithFlash form=FormId::ChangePassword render=|flash| view! { <PasswordForm flash /> } />
        </section>
        <p><a href="/alerts">{t!(i18n, alerts_manage)}</a></p>
        <section aria-labelledby="data-title">
            <h2 id="data-title">{t!(i18n, account_data_heading)}</h2>
            <p>{t!(i18n, account_export_text)}</p>
            <p><a href=EXPORT_PATH download="my-data.json">{t!(i18n, account_export_link)}</a></p>
        </section>
        <section aria-labelledby="delete-title" class="danger-zone">
            <h2 id="delete-title">{t!(i18n, account_delete_heading)}</h2>
            <p>{t!(i18n, account_delete_text)}</p>
            <WithFlash form=FormId::DeleteAccount render=|flash| view! { <DeleteForm flash /> } />
        </section>
    }
}

#[component]
fn ProfileForm(flash: Option<FormFeedback>, details: AccountDetails) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let action = ServerAction::<UpdateProfile>::new();
    let feedback = use_feedback(FormId::Profile, action.value(), flash);
    let kept = move |name: &str, saved: &str| {
        feedback
            .get_untracked()
            .and_then(|f| f.value(name).map(str::to_string))
            .unwrap_or_else(|| saved.to_string())
    };
    let chosen_locale = kept("locale", &details.locale);
    let chosen_place = kept(
        "municipality",
        details.municipality.as_deref().unwrap_or_default(),
    );
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <Field name="display_name" autocomplete="nickname" label=t_string!(i18n, field_display_name).to_string()
                hint=t_string!(i18n, field_display_name_hint).to_string() value=details.display_name.clone() feedback />
            <SelectField name="locale" label=t_string!(i18n, field_language).to_string() feedback
                options=site.locales.iter().map(|code| (code.clone(), endonym(code))).collect()
                selected=chosen_locale />
            <SelectField name="municipality" label=t_string!(i18n, field_municipality).to_string() feedback
                options=std::iter::once((String::new(), t_string!(i18n, field_municipality_none).to_string()))
                    .chain(site.municipalities.iter().map(|m| (m.slug.clone(), m.name.clone())))
                    .collect()
                selected=chosen_place />
            <fieldset>
                <legend>{t!(i18n, notifications_legend)}</legend>
                <div class="check">
                    <input type="checkbox" id="field-notify_messages" name="notify_messages" checked=details.notify_messages />
                    <label for="field-notify_messages">{t!(i18n, field_notify_messages)}</label>
                </div>
                <div class="check">
                    <input type="checkbox" id="field-notify_matches" name="notify_matches" checked=details.notify_matches />
                    <label for="field-notify_matches">{t!(i18n, field_notify_matches)}</label>
                </div>
            </fieldset>
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, profile_submit)}</button>
        </ActionForm>
    }
}

#[component]
fn PasswordForm(flash: Option<FormFeedback>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePassword>::new();
    let feedback = use_feedback(FormId::ChangePassword, action.value(), flash);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <Field name="current_password" kind="password" autocomplete="current-password"
                label=t_string!(i18n, field_current_password).to_string() feedback />
            <Field name="new_password" kind="password" autocomplete="new-password"
                label=t_string!(i18n, field_new_password).to_string() hint=t_string!(i18n, field_password_hint).to_string() feedback />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, password_submit)}</button>
        </ActionForm>
    }
}

#[component]
fn DeleteForm(flash: Option<FormFeedback>) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<DeleteAccount>::new();
    let feedback = use_feedback(FormId::DeleteAccount, action.value(), flash);
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <Field name="password" kind="password" autocomplete="current-password"
                label=t_string!(i18n, field_current_password).to_string() feedback />
            <button type="submit" class="danger" disabled=move || action.pending().get()>{t!(i18n, delete_submit)}</button>
        </ActionForm>
    }
}

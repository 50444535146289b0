//! `/admin/organisations/new` (admins) and `/organisations/{slug}/edit` (admins and the
//! organisation's coordinators): the profile form; below it, for admins, the people who
//! may post in the organisation's name.
use crate::api::organisations::{
    AddOrganisationMember, NEW_PATH, RemoveOrganisationMember, SaveOrganisation,
    organisation_edit_form,
};
use crate::components::form::{
    Field, FormStatus, SelectField, TextArea, WithFlash, provide_page_flash, use_feedback,
};
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::error::AppError;
use crate::domain::organisation::{
    DESCRIPTION_MAX, MemberRow, OrganisationEdit, OrganisationKind, SLUG_MAX,
};
use crate::domain::site::Site;
use crate::i18n::*;
use crate::pages::organisations::kind_text;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

#[component]
pub fn NewOrganisationPage() -> impl IntoView {
    view! { <OrganisationEditor slug=None /> }
}

#[component]
pub fn EditOrganisationPage() -> impl IntoView {
    let slug = use_params_map().get_untracked().get("slug");
    view! { <OrganisationEditor slug /> }
}

#[component]
fn OrganisationEditor(slug: Option<String>) -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let form = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        organisation_edit_form,
    );
    let title = if slug.is_some() {
        t_string!(i18n, org_edit).to_string()
    } else {
        t_string!(i18n, org_new).to_string()
    };
    let back = slug.clone().map_or_else(
        || NEW_PATH.to_string(),
        |s| format!("/organisations/{s}/edit"),
    );
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <Suspense>
            {move || {
                let slug = slug.clone();
                let back = back.clone();
                Suspend::new(async move {
                    match form.await {
                        Ok(edit) => {
                            let members = edit.admin && slug.is_some();
                            let list = edit.members.clone();
                            view! {
                                <WithFlash form=FormId::Organisation render={
                                    let edit = edit.clone();
                                    let slug = slug.clone();
                                    move |flash| view! { <ProfileForm flash edit=edit.clone() existing=slug.clone() /> }
                                } />
                                {members.then(|| {
                                    let slug = slug.clone().unwrap_or_default();
                                    view! {
                                        <WithFlash form=FormId::OrganisationMembers render=move |flash| view! {
                                            <Members flash slug=slug.clone() members=list.clone() />
                                        } />
                                    }
                                })}
                            }.into_any()
                        }
                        Err(AppError::Unauthorized) => view! { <Redirect path=format!("/login?next={back}") /> }.into_any(),
                        Err(AppError::NotFound) => view! { <p class="form-error" role="alert">{t!(i18n, org_not_found)}</p> <p><a href="/organisations">{t!(i18n, org_list_title)}</a></p> }.into_any(),
                        Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> <p><a href="/organisations">{t!(i18n, org_list_title)}</a></p> }.into_any(),
                        Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn ProfileForm(
    flash: Option<FormFeedback>,
    edit: OrganisationEdit,
    existing: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let action = ServerAction::<SaveOrganisation>::new();
    let feedback = use_feedback(FormId::Organisation, action.value(), flash);
    let start = edit.input;
    let kept = move |name: &str, fallback: &str| {
        feedback
            .get_untracked()
            .and_then(|f| f.value(name).map(str::to_string))
            .unwrap_or_else(|| fallback.to_string())
    };
    let mut kinds = vec![(String::new(), t_string!(i18n, field_choose).to_string())];
    kinds.extend(
        OrganisationKind::ALL
            .into_iter()
            .map(|k| (k.as_str().to_string(), kind_text(i18n, k).to_string())),
    );
    let mut places = vec![(String::new(), t_string!(i18n, field_choose).to_string())];
    places.extend(
        site.municipalities
            .iter()
            .map(|m| (m.slug.clone(), m.name.clone())),
    );
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <input type="hidden" name="existing" value=existing.unwrap_or_default() />
            <Field name="name" label=t_string!(i18n, org_field_name).to_string() feedback value=start.name.clone() />
            <Field name="slug" required=false label=t_string!(i18n, org_field_slug).to_string() feedback
                hint=t_string!(i18n, org_field_slug_hint, max = SLUG_MAX).to_string() value=start.slug.clone() />
            <SelectField name="kind" label=t_string!(i18n, org_field_kind).to_string() feedback
                options=kinds selected=kept("kind", &start.kind) />
            <SelectField name="municipality" label=t_string!(i18n, org_field_municipality).to_string() feedback
                options=places selected=kept("municipality", &start.municipality) />
            <TextArea name="description" label=t_string!(i18n, org_field_description).to_string() feedback
                hint=t_string!(i18n, org_field_description_hint).to_string() value=start.description.clone()
                maxlength=DESCRIPTION_MAX as u32 />
            <Field name="contact_email" kind="email" label=t_string!(i18n, org_field_contact_email).to_string() feedback
                hint=t_string!(i18n, org_field_contact_email_hint).to_string() value=start.contact_email.clone() />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, org_save)}</button>
        </ActionForm>
    }
}

#[component]
fn Members(flash: Option<FormFeedback>, slug: String, members: Vec<MemberRow>) -> impl IntoView {
    let i18n = use_i18n();
    let add = ServerAction::<AddOrganisationMember>::new();
    let remove = ServerAction::<RemoveOrganisationMember>::new();
    let feedback = use_feedback(FormId::OrganisationMembers, add.value(), flash);
    let removed = use_feedback(FormId::OrganisationMembers, remove.value(), None);
    view! {
        <section aria-labelledby="org-members">
            <h2 id="org-members">{t!(i18n, org_members_heading)}</h2>
            <p>{t!(i18n, org_members_intro)}</p>
            <FormStatus feedback=removed />
            {if members.is_empty() {
                view! { <p class="empty">{t!(i18n, org_members_empty)}</p> }.into_any()
            } else {
                let slug = slug.clone();
                view! {
                    <table class="data-table">
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, admin_col_name)}</th>
                                <th scope="col">{t!(i18n, admin_col_email)}</th>
                                <th scope="col"><span class="visually-hidden">{t!(i18n, org_members_actions)}</span></th>
                            </tr>
                        </thead>
                        <tbody>
                            {members.into_iter().map(move |m| {
                                let slug = slug.clone();
                                let label = t_string!(i18n, org_member_remove_named, name = m.display_name.clone()).to_string();
                                view! {
                                    <tr>
                                        <td><bdi>{m.display_name.clone()}</bdi></td>
                                        <td dir="ltr">{m.email.clone()}</td>
                                        <td>
                                            <ActionForm action=remove attr:class="form-inline">
                                                <input type="hidden" name="slug" value=slug.clone() />
                                                <input type="hidden" name="user_id" value=m.user_id.to_string() />
                                                <button type="submit" aria-label=label>{t!(i18n, org_member_remove)}</button>
                                            </ActionForm>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
            <ActionForm action=add attr:class="form" attr:novalidate=true>
                <FormStatus feedback />
                <input type="hidden" name="slug" value=slug.clone() />
                <Field name="email" kind="email" label=t_string!(i18n, org_member_email).to_string() feedback
                    hint=t_string!(i18n, org_member_email_hint).to_string() />
                <button type="submit" disabled=move || add.pending().get()>{t!(i18n, org_member_add)}</button>
            </ActionForm>
        </section>
    }
}

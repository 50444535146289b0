//! Organisations: the public list and profiles, the contact form, the organisations a
//! coordinator may post for, and editing (admins; an organisation's coordinators edit its
//! profile). Every function checks the caller itself.
use crate::domain::account::FormFeedback;
use crate::domain::error::AppError;
use crate::domain::organisation::{
    OrganisationEdit, OrganisationProfile, OrganisationRef, OrganisationSummary,
};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::api::posts::refused;
#[cfg(feature = "ssr")]
use crate::domain::account::{FormId, Notice, Role};
#[cfg(feature = "ssr")]
use crate::domain::organisation::OrganisationInput;
#[cfg(feature = "ssr")]
use crate::ssr::organisations as service;
#[cfg(feature = "ssr")]
use crate::ssr::posts::Refusal;
#[cfg(feature = "ssr")]
use crate::ssr::request::{RequestCtx, log_internal};

/// Where admins create an organisation.
pub const NEW_PATH: &str = "/admin/organisations/new";

/// Where an organisation's profile is edited.
pub fn edit_path(slug: &str) -> String {
    format!("/organisations/{slug}/edit")
}

#[server(prefix = "/fn", endpoint = "organisations/list", input = GetUrl)]
pub async fn list_organisations() -> Result<Vec<OrganisationSummary>, AppError> {
    let ctx = RequestCtx::get()?;
    service::summaries(&ctx.state).await.map_err(log_internal)
}

#[server(prefix = "/fn", endpoint = "organisations/get", input = GetUrl)]
pub async fn load_organisation(slug: String) -> Result<OrganisationProfile, AppError> {
    let ctx = RequestCtx::get()?;
    let viewer = ctx.user().await?;
    match service::profile(&ctx.state, &slug, viewer.as_ref())
        .await
        .map_err(log_internal)?
    {
        Some(profile) => Ok(profile),
        None => Err(ctx.refuse(AppError::NotFound)),
    }
}

/// The organisations the signed-in coordinator may post for (empty for everyone else).
#[server(prefix = "/fn", endpoint = "organisations/mine", input = GetUrl)]
pub async fn my_organisations() -> Result<Vec<OrganisationRef>, AppError> {
    let ctx = RequestCtx::get()?;
    match ctx.user().await? {
        Some(user) => service::of_member(&ctx.state, &user)
            .await
            .map_err(log_internal),
        None => Ok(Vec::new()),
    }
}

/// Writes to an organisation through its profile. Signed-in people only: the
/// organisation answers to the sender's account address.
#[server(prefix = "/fn", endpoint = "organisations/contact")]
pub async fn contact_organisation(slug: String, message: String) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Member).await?;
    let page = format!("/organisations/{slug}");
    let feedback = match service::contact(&ctx.state, &user, &slug, &message)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(FormId::OrganisationContact, Notice::ContactSent),
        Err(refusal) => refused(
            FormId::OrganisationContact,
            refusal,
            &[("message", message.as_str())],
        ),
    };
    ctx.finish(feedback, &page).await
}

/// The edit form: `slug` None for a new organisation (admins only).
#[server(prefix = "/fn", endpoint = "organisations/edit-form", input = GetUrl)]
pub async fn organisation_edit_form(slug: Option<String>) -> Result<OrganisationEdit, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Coordinator).await?;
    match service::edit_form(&ctx.state, &user, slug.as_deref())
        .await
        .map_err(log_internal)?
    {
        Ok(edit) => Ok(edit),
        Err(Refusal::NotFound) => Err(ctx.refuse(AppError::NotFound)),
        Err(_) => Err(ctx.refuse(AppError::Forbidden)),
    }
}

/// Creates an organisation (`existing` empty) or saves its profile, then opens it.
#[server(prefix = "/fn", endpoint = "organisations/save")]
pub async fn save_organisation(
    existing: Option<String>,
    name: String,
    slug: Option<String>,
    kind: String,
    municipality: String,
    description: String,
    contact_email: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let user = ctx.require(Role::Coordinator).await?;
    let existing = existing.filter(|s| !s.trim().is_empty());
    let typed = OrganisationInput {
        name,
        slug: slug.unwrap_or_default(),
        kind,
        municipality,
        description,
        contact_email,
    };
    let form = FormId::Organisation;
    let page = existing
        .as_deref()
        .map_or_else(|| NEW_PATH.to_string(), edit_path);
    let feedback = match service::save(&ctx.state, &user, existing.as_deref(), &typed)
        .await
        .map_err(log_internal)?
    {
        Ok(slug) => {
            let feedback = FormFeedback::notice(form, Notice::OrganisationSaved);
            ctx.flash(&feedback).await?;
            feedback.redirect(&format!("/organisations/{slug}"))
        }
        Err(refusal) => refused(form, refusal, &typed.fields()),
    };
    ctx.finish(feedback, &page).await
}

/// Admins: names a coordinator of the organisation by their account's address.
#[server(prefix = "/fn", endpoint = "organisations/add-member")]
pub async fn add_organisation_member(
    slug: String,
    email: String,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let admin = ctx.require(Role::Admin).await?;
    let form = FormId::OrganisationMembers;
    let feedback = match service::add_member(&ctx.state, &admin, &slug, &email)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(form, Notice::MemberAdded),
        Err(refusal) => refused(form, refusal, &[("email", email.as_str())]),
    };
    ctx.finish(feedback, &edit_path(&slug)).await
}

/// Admins: the person no longer posts for the organisation (their role stays).
#[server(prefix = "/fn", endpoint = "organisations/remove-member")]
pub async fn remove_organisation_member(
    slug: String,
    user_id: i64,
) -> Result<FormFeedback, AppError> {
    let ctx = RequestCtx::get()?;
    let admin = ctx.require(Role::Admin).await?;
    let form = FormId::OrganisationMembers;
    let feedback = match service::remove_member(&ctx.state, &admin, &slug, user_id)
        .await
        .map_err(log_internal)?
    {
        Ok(()) => FormFeedback::notice(form, Notice::MemberRemoved),
        Err(refusal) => refused(form, refusal, &[]),
    };
    ctx.finish(feedback, &edit_path(&slug)).await
}

//! Organisations: profiles, their coordinators, posting in their name and the contact
//! form. Admins create organisations and name coordinators; an organisation's
//! coordinators may edit its profile. Every change is in the audit log. SQL is in
//! `db::organisations`.
use crate::domain::account::{Problem, Role};
use crate::domain::organisation::{
    MemberRow, OrganisationEdit, OrganisationInput, OrganisationKind, OrganisationProfile,
    OrganisationRef, OrganisationSummary, check_contact, check_organisation,
};
use crate::ssr::db::now;
use crate::ssr::db::organisations::{self as db, OrganisationRecord};
use crate::ssr::db::users::{self, UserRecord};
use crate::ssr::mail::{self, MailKind};
use crate::ssr::moderation::audit;
use crate::ssr::posts::{Outcome, PostError, Refusal, listing};
use crate::ssr::rate_limit;
use crate::ssr::state::AppState;
use sqlx::AnyConnection;

/// Posts a profile shows at most (the newest).
const PROFILE_POSTS: u32 = 50;

fn summary(record: db::SummaryRecord) -> OrganisationSummary {
    OrganisationSummary {
        slug: record.slug,
        name: record.name,
        kind: OrganisationKind::parse(&record.kind).unwrap_or(OrganisationKind::Initiative),
        municipality: record.municipality,
        open_posts: record.open_posts,
    }
}

fn reference(record: &OrganisationRecord) -> OrganisationRef {
    OrganisationRef {
        slug: record.slug.clone(),
        name: record.name.clone(),
    }
}

fn as_input(record: &OrganisationRecord) -> OrganisationInput {
    OrganisationInput {
        name: record.name.clone(),
        slug: record.slug.clone(),
        kind: record.kind.clone(),
        municipality: record.municipality.clone(),
        description: record.description.clone(),
        contact_email: record.contact_email.clone(),
    }
}

/// Every organisation, by name.
pub async fn summaries(state: &AppState) -> Result<Vec<OrganisationSummary>, sqlx::Error> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(db::summaries(&mut conn)
        .await?
        .into_iter()
        .map(summary)
        .collect())
}

/// Whether `user` may edit the organisation's profile: an admin, or one of its
/// coordinators (who still holds the coordinator role).
async fn may_edit(
    conn: &mut AnyConnection,
    organisation: &OrganisationRecord,
    user: &UserRecord,
) -> Result<bool, sqlx::Error> {
    if user.role().includes(Role::Admin) {
        return Ok(true);
    }
    Ok(user.role().includes(Role::Coordinator)
        && db::is_member(conn, organisation.id, user.id).await?)
}

/// An organisation's public page, or None when there is no such organisation.
pub async fn profile(
    state: &AppState,
    slug: &str,
    viewer: Option<&UserRecord>,
) -> Result<Option<OrganisationProfile>, PostError> {
    let mut conn = state.db.pool().acquire().await?;
    let Some(record) = db::by_slug(&mut conn, slug).await? else {
        return Ok(None);
    };
    let posts = db::open_posts(&mut conn, record.id, PROFILE_POSTS).await?;
    let can_edit = match viewer {
        Some(user) => may_edit(&mut conn, &record, user).await?,
        None => false,
    };
    drop(conn);
    let posts = listing::cards(state, &posts, None).await?;
    Ok(Some(OrganisationProfile {
        kind: OrganisationKind::parse(&record.kind).unwrap_or(OrganisationKind::Initiative),
        slug: record.slug,
        name: record.name,
        municipality: record.municipality,
        description: record.description,
        posts,
        signed_in: viewer.is_some(),
        can_edit,
    }))
}

/// The organisations `user` may post for (none unless they are a coordinator).
pub async fn of_member(
    state: &AppState,
    user: &UserRecord,
) -> Result<Vec<OrganisationRef>, sqlx::Error> {
    if !user.role().includes(Role::Coordinator) {
        return Ok(Vec::new());
    }
    let mut conn = state.db.pool().acquire().await?;
    Ok(db::of_member(&mut conn, user.id)
        .await?
        .iter()
        .map(reference)
        .collect())
}

/// The organisation a post is written for, from the form's `organisation` slug: None for
/// the author's own name; a problem when the author is not one of its coordinators.
pub async fn for_post(
    conn: &mut AnyConnection,
    author: &UserRecord,
    slug: &str,
) -> Result<Result<Option<i64>, Problem>, sqlx::Error> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Ok(Ok(None));
    }
    if !author.role().includes(Role::Coordinator) {
        return Ok(Err(Problem::UnknownChoice));
    }
    match db::by_slug(conn, slug).await? {
        Some(org) if db::is_member(conn, org.id, author.id).await? => Ok(Ok(Some(org.id))),
        _ => Ok(Err(Problem::UnknownChoice)),
    }
}

/// The organisation a post was written for, to name and link it.
pub async fn reference_of(
    conn: &mut AnyConnection,
    id: Option<i64>,
) -> Result<Option<OrganisationRef>, sqlx::Error> {
    let Some(id) = id else {
        return Ok(None);
    };
    Ok(db::by_id(conn, id).await?.as_ref().map(reference))
}

/// Sends `text` from `sender` to the organisation's contact address, in the district's
/// language. The sender's address goes into the mail so that the organisation can answer;
/// the organisation's address is never shown to the sender.
pub async fn contact(state: &AppState, sender: &UserRecord, slug: &str, text: &str) -> Outcome<()> {
    let message = match check_contact(text) {
        Ok(message) => message,
        Err(problem) => return Ok(Err(Refusal::Invalid(vec![("message", problem)]))),
    };
    // Counted before the lookup: the counter is written on a connection of its own.
    let who = sender.id.to_string();
    if let Some(minutes) = rate_limit::check(&state.db, &rate_limit::CONTACT_USER, &who).await? {
        return Ok(Err(Refusal::Wait(minutes)));
    }
    let mut conn = state.db.pool().acquire().await?;
    let Some(org) = db::by_slug(&mut conn, slug).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    let link = format!("{}/organisations/{}", state.public_url, org.slug);
    let locale = mail::locale_of(&state.tenant.default_locale, &state.tenant.default_locale);
    mail::enqueue(
        &mut conn,
        &org.contact_email,
        locale,
        &state.tenant.name,
        &org.name,
        &MailKind::OrganisationContact {
            organisation: &org.name,
            sender: &sender.display_name,
            sender_email: &sender.email,
            message: &message,
            link: &link,
        },
        now(),
    )
    .await?;
    state.mail_wakeup.notify_one();
    tracing::info!(
        organisation_id = org.id,
        user_id = sender.id,
        "contact form sent"
    );
    Ok(Ok(()))
}

/// The edit form's starting values: empty for a new organisation (admins), the stored
/// profile for its coordinators and admins.
pub async fn edit_form(
    state: &AppState,
    user: &UserRecord,
    slug: Option<&str>,
) -> Outcome<OrganisationEdit> {
    let admin = user.role().includes(Role::Admin);
    let Some(slug) = slug else {
        return Ok(if admin {
            Ok(OrganisationEdit {
                input: OrganisationInput::default(),
                members: Vec::new(),
                admin,
            })
        } else {
            Err(Refusal::Forbidden)
        });
    };
    let mut conn = state.db.pool().acquire().await?;
    let Some(org) = db::by_slug(&mut conn, slug).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !may_edit(&mut conn, &org, user).await? {
        return Ok(Err(Refusal::Forbidden));
    }
    let members = db::members(&mut conn, org.id)
        .await?
        .into_iter()
        .map(|m| MemberRow {
            user_id: m.user_id,
            display_name: m.display_name,
            email: m.email,
        })
        .collect();
    Ok(Ok(OrganisationEdit {
        input: as_input(&org),
        members,
        admin,
    }))
}

/// Creates an organisation (`existing` None; admins only) or saves its profile (admins
/// and its coordinators). Returns its slug, which may have changed.
pub async fn save(
    state: &AppState,
    user: &UserRecord,
    existing: Option<&str>,
    input: &OrganisationInput,
) -> Outcome<String> {
    let tenant = &state.tenant;
    let draft = match check_organisation(input, |slug| {
        tenant.municipalities.iter().any(|m| m.slug == slug)
    }) {
        Ok(draft) => draft,
        Err(problems) => return Ok(Err(Refusal::Invalid(problems))),
    };
    let mut tx = state.db.begin().await?;
    let current = match existing {
        Some(slug) => match db::by_slug(&mut tx, slug).await? {
            Some(org) if may_edit(&mut tx, &org, user).await? => Some(org),
            Some(_) => return Ok(Err(Refusal::Forbidden)),
            None => return Ok(Err(Refusal::NotFound)),
        },
        None if user.role().includes(Role::Admin) => None,
        None => return Ok(Err(Refusal::Forbidden)),
    };
    let id = current.as_ref().map(|o| o.id);
    if db::slug_taken(&mut tx, &draft.slug, id).await? {
        let field = if input.slug.trim().is_empty() {
            "name"
        } else {
            "slug"
        };
        return Ok(Err(Refusal::Invalid(vec![(field, Problem::Taken)])));
    }
    let now = now();
    let (id, action) = match id {
        Some(id) => {
            db::update(&mut tx, id, &draft, now).await?;
            (id, "organisation.update")
        }
        None => (
            db::insert(&mut tx, &draft, now).await?,
            "organisation.create",
        ),
    };
    audit::record(&mut tx, user, action, "organisation", Some(id), &draft.name).await?;
    tx.commit().await?;
    // Posts in its name show its name and link: the kept listing pages are stale.
    state.listings.invalidate();
    tracing::info!(
        organisation_id = id,
        user_id = user.id,
        action,
        "organisation saved"
    );
    Ok(Ok(draft.slug))
}

/// An admin names a coordinator of the organisation by their account's email address.
/// A plain member becomes a coordinator (both steps are in the audit log).
pub async fn add_member(
    state: &AppState,
    admin: &UserRecord,
    slug: &str,
    email: &str,
) -> Outcome<()> {
    let email = match crate::domain::account::normalize_email(email) {
        Ok(email) => email,
        Err(problem) => return Ok(Err(Refusal::Invalid(vec![("email", problem)]))),
    };
    let mut tx = state.db.begin().await?;
    let Some(org) = db::by_slug(&mut tx, slug).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    let Some(person) = users::by_email(&mut tx, &email).await? else {
        return Ok(Err(Refusal::Invalid(vec![(
            "email",
            Problem::UnknownAccount,
        )])));
    };
    if !person.role().includes(Role::Coordinator) {
        users::set_role(&mut tx, person.id, Role::Coordinator).await?;
        let change = format!(
            "{} -> {}",
            person.role().as_str(),
            Role::Coordinator.as_str()
        );
        audit::record(
            &mut tx,
            admin,
            "user.role",
            "user",
            Some(person.id),
            &change,
        )
        .await?;
    }
    if db::add_member(&mut tx, org.id, person.id, now()).await? {
        record_membership(&mut tx, admin, "organisation.member_add", &org, &person).await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// An admin removes a coordinator from the organisation (their role stays).
pub async fn remove_member(
    state: &AppState,
    admin: &UserRecord,
    slug: &str,
    user_id: i64,
) -> Outcome<()> {
    let mut tx = state.db.begin().await?;
    let Some(org) = db::by_slug(&mut tx, slug).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    let Some(person) = users::by_id(&mut tx, user_id).await? else {
        return Ok(Err(Refusal::NotFound));
    };
    if !db::remove_member(&mut tx, org.id, user_id).await? {
        return Ok(Err(Refusal::NotFound));
    }
    record_membership(&mut tx, admin, "organisation.member_remove", &org, &person).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// The audit entry for a change of an organisation's coordinators: who, for which one.
async fn record_membership(
    conn: &mut AnyConnection,
    admin: &UserRecord,
    action: &str,
    org: &OrganisationRecord,
    person: &UserRecord,
) -> Result<i64, sqlx::Error> {
    let why = format!("{} ({})", person.display_name, org.name);
    audit::record(conn, admin, action, "organisation", Some(org.id), &why).await
}

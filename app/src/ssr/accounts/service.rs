//! The account use cases. Each returns the feedback a form shows; failures of the
//! machinery (database, hashing) are `ServiceError`s, logged by the caller.
use super::{password, token};
use crate::domain::account::{
    AccountDetails, FormError, FormFeedback, FormId, Notice, Problem, Role, UserRow,
    check_new_password, normalize_display_name, normalize_email,
};
use crate::ssr::db::tokens::{self, Purpose};
use crate::ssr::db::users::{self, NewUser, ProfileUpdate, UserRecord};
use crate::ssr::db::{DbError, now};
use crate::ssr::mail::{self, MailKind, locale_of};
use crate::ssr::rate_limit::{self, Limit};
use crate::ssr::state::AppState;
use std::net::IpAddr;

/// A confirmation link is valid for two days (people check mail rarely).
pub const VERIFY_TTL_SECS: i64 = 48 * 3600;
/// A reset link is valid for one hour.
pub const RESET_TTL_SECS: i64 = 3600;
/// The link `create-admin` prints is valid for one day.
pub const SET_PASSWORD_TTL_SECS: i64 = 24 * 3600;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
    #[error(transparent)]
    DbSetup(#[from] DbError),
    #[error(transparent)]
    Password(#[from] password::PasswordError),
}

fn link(state: &AppState, path: &str, token: &str) -> String {
    format!("{}{path}?token={token}", state.public_url)
}

async fn limited(state: &AppState, checks: &[(&Limit, &str)]) -> Result<Option<u32>, ServiceError> {
    Ok(rate_limit::check_all(&state.db, checks).await?)
}

/// Registration. For an address that already has an account the answer is the same
/// ("check your mail") and that account gets a hint mail instead, so the form never
/// tells anyone whether an address is registered.
pub async fn register(
    state: &AppState,
    ip: IpAddr,
    locale: &str,
    display_name: &str,
    email: &str,
    new_password: &str,
) -> Result<FormFeedback, ServiceError> {
    let form = FormId::Register;
    let mut feedback = FormFeedback::new(form)
        .keep("display_name", display_name)
        .keep("email", email);
    let name = normalize_display_name(display_name);
    let address = normalize_email(email);
    let checked = check_new_password(new_password);
    if let Err(p) = &name {
        feedback = feedback.field("display_name", *p);
    }
    if let Err(p) = &address {
        feedback = feedback.field("email", *p);
    }
    if let Err(p) = checked {
        feedback = feedback.field("password", p);
    }
    let (Ok(name), Ok(address)) = (name, address) else {
        return Ok(feedback);
    };
    if !feedback.is_ok() {
        return Ok(feedback);
    }
    if let Some(minutes) = limited(state, &[(&rate_limit::REGISTER_IP, &ip.to_string())]).await? {
        return Ok(FormFeedback {
            error: Some(FormError::RateLimited { minutes }),
            ..feedback
        });
    }
    let hash = password::hash(new_password.to_string()).await?;
    // Counted before the transaction: SQLite has one writer, and the transaction holds it.
    let may_mail_existing = limited(state, &[(&rate_limit::MAIL_ACCOUNT, &address)])
        .await?
        .is_none();
    let now = now();
    let site = state.tenant.name.as_str();
    let mut tx = state.db.begin().await?;
    let inserted = users::insert(
        &mut tx,
        &NewUser {
            email: &address,
            display_name: &name,
            password_hash: Some(&hash),
            role: Role::Member,
            locale,
            verified_at: None,
            now,
        },
    )
    .await?;
    match inserted {
        Some(user_id) => {
            let token = token::generate();
            tokens::insert(
                &mut tx,
                &token::digest(&token),
                user_id,
                Purpose::VerifyEmail,
                now + VERIFY_TTL_SECS,
            )
            .await?;
            let url = link(state, "/verify-email", &token);
            let kind = MailKind::VerifyEmail { link: &url };
            mail::enqueue(
                &mut tx,
                &address,
                locale_of(locale, &state.tenant.default_locale),
                site,
                &name,
                &kind,
                now,
            )
            .await?;
        }
        None => {
            let existing = users::by_email(&mut tx, &address).await?;
            if let (Some(user), true) = (existing, may_mail_existing) {
                let login_link = format!("{}/login", state.public_url);
                let reset_link = format!("{}/forgot-password", state.public_url);
                let kind = MailKind::AlreadyRegistered {
                    login_link: &login_link,
                    reset_link: &reset_link,
                };
                mail::enqueue_to(&mut tx, state, &user, &kind).await?;
            }
        }
    }
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(FormFeedback::notice(form, Notice::RegisteredCheckMail))
}

/// Confirms an address from the mailed link. False for unknown, used or expired links.
pub async fn verify_email(state: &AppState, token: &str) -> Result<bool, ServiceError> {
    let now = now();
    let mut tx = state.db.begin().await?;
    let Some(user_id) = tokens::consume(
        &mut tx,
        &token::digest(token.trim()),
        Purpose::VerifyEmail,
        now,
    )
    .await?
    else {
        return Ok(false);
    };
    users::mark_verified(&mut tx, user_id, now).await?;
    tx.commit().await?;
    Ok(true)
}

pub enum LoginOutcome {
    SignedIn(UserRecord),
    Refused(FormFeedback),
}

/// Checks the credentials. Unknown addresses cost the same hashing work as known ones,
/// and the answer for a wrong address or a wrong password is the same.
pub async fn login(
    state: &AppState,
    ip: IpAddr,
    email: &str,
    given: &str,
) -> Result<LoginOutcome, ServiceError> {
    let form = FormId::Login;
    let feedback = FormFeedback::new(form).keep("email", email);
    let address = match normalize_email(email) {
        Ok(address) => address,
        Err(problem) => return Ok(LoginOutcome::Refused(feedback.field("email", problem))),
    };
    if given.is_empty() {
        return Ok(LoginOutcome::Refused(
            feedback.field("password", Problem::Required),
        ));
    }
    let ip_text = ip.to_string();
    let pair = format!("{ip_text}|{address}");
    let checks = [
        (&rate_limit::LOGIN_IP_ACCOUNT, pair.as_str()),
        (&rate_limit::LOGIN_IP, ip_text.as_str()),
        (&rate_limit::LOGIN_ACCOUNT, address.as_str()),
    ];
    if let Some(minutes) = limited(state, &checks).await? {
        return Ok(LoginOutcome::Refused(FormFeedback {
            error: Some(FormError::RateLimited { minutes }),
            ..feedback
        }));
    }
    let mut conn = state.db.pool().acquire().await?;
    let user = users::by_email(&mut conn, &address).await?;
    let stored = user.as_ref().and_then(|u| u.password_hash.clone());
    let matches = password::verify(given.chars().take(1024).collect(), stored).await?;
    let user = match (user, matches) {
        (Some(user), true) => user,
        _ => {
            return Ok(LoginOutcome::Refused(FormFeedback {
                error: Some(FormError::WrongCredentials),
                ..feedback
            }));
        }
    };
    // Said only to someone who knows the password: the account is blocked by moderators.
    if user.blocked_at.is_some() {
        return Ok(LoginOutcome::Refused(FormFeedback {
            error: Some(FormError::AccountBlocked),
            ..feedback
        }));
    }
    if user.email_verified_at.is_none() {
        drop(conn);
        send_new_verification(state, &user).await?;
        return Ok(LoginOutcome::Refused(FormFeedback {
            error: Some(FormError::NotVerified),
            ..feedback
        }));
    }
    users::record_login(&mut conn, user.id, now()).await?;
    drop(conn);
    // A person who got in is not guessing; their typos before do not count any more.
    rate_limit::reset(&state.db, &rate_limit::LOGIN_IP_ACCOUNT, &pair).await?;
    Ok(LoginOutcome::SignedIn(user))
}

/// A fresh confirmation link for someone who proved their password but has not
/// confirmed the address yet (at most a few per hour).
async fn send_new_verification(state: &AppState, user: &UserRecord) -> Result<(), ServiceError> {
    if limited(state, &[(&rate_limit::MAIL_ACCOUNT, &user.email)])
        .await?
        .is_some()
    {
        return Ok(());
    }
    let now = now();
    let token = token::generate();
    // Earlier links stay valid until they expire: people click whichever mail they find.
    let mut tx = state.db.begin().await?;
    tokens::insert(
        &mut tx,
        &token::digest(&token),
        user.id,
        Purpose::VerifyEmail,
        now + VERIFY_TTL_SECS,
    )
    .await?;
    let url = link(state, "/verify-email", &token);
    let kind = MailKind::VerifyEmail { link: &url };
    mail::enqueue_to(&mut tx, state, user, &kind).await?;
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(())
}

/// Sends a reset link if the address has an account. The answer is always the same.
pub async fn forgot_password(
    state: &AppState,
    ip: IpAddr,
    email: &str,
) -> Result<FormFeedback, ServiceError> {
    let form = FormId::ForgotPassword;
    let address = match normalize_email(email) {
        Ok(address) => address,
        Err(problem) => {
            return Ok(FormFeedback::new(form)
                .keep("email", email)
                .field("email", problem));
        }
    };
    let ip_text = ip.to_string();
    if let Some(minutes) = limited(state, &[(&rate_limit::RESET_IP, &ip_text)]).await? {
        return Ok(
            FormFeedback::error(form, FormError::RateLimited { minutes }).keep("email", email),
        );
    }
    let account_quiet = limited(state, &[(&rate_limit::RESET_ACCOUNT, &address)])
        .await?
        .is_some();
    let now = now();
    let mut tx = state.db.begin().await?;
    if let (Some(user), false) = (users::by_email(&mut tx, &address).await?, account_quiet) {
        let token = token::generate();
        tokens::void_open(&mut tx, user.id, Purpose::ResetPassword, now).await?;
        tokens::insert(
            &mut tx,
            &token::digest(&token),
            user.id,
            Purpose::ResetPassword,
            now + RESET_TTL_SECS,
        )
        .await?;
        let url = link(state, "/reset-password", &token);
        mail::enqueue_to(
            &mut tx,
            state,
            &user,
            &MailKind::ResetPassword { link: &url },
        )
        .await?;
    }
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(FormFeedback::notice(form, Notice::ResetMailSent))
}

pub async fn reset_token_valid(state: &AppState, token: &str) -> Result<bool, ServiceError> {
    let mut conn = state.db.pool().acquire().await?;
    Ok(tokens::is_valid(
        &mut conn,
        &token::digest(token.trim()),
        Purpose::ResetPassword,
        now(),
    )
    .await?)
}

/// Sets a new password from a reset link. The link works once; every session of the
/// account ends; the address counts as confirmed (the link reached it).
pub async fn reset_password(
    state: &AppState,
    token: &str,
    new_password: &str,
) -> Result<FormFeedback, ServiceError> {
    let form = FormId::ResetPassword;
    if let Err(problem) = check_new_password(new_password) {
        return Ok(FormFeedback::new(form).field("password", problem));
    }
    // Checked before hashing, so a bad link costs no hashing work.
    if !reset_token_valid(state, token).await? {
        return Ok(FormFeedback::error(form, FormError::TokenInvalid));
    }
    let hash = password::hash(new_password.to_string()).await?;
    let now = now();
    let mut tx = state.db.begin().await?;
    let Some(user_id) = tokens::consume(
        &mut tx,
        &token::digest(token.trim()),
        Purpose::ResetPassword,
        now,
    )
    .await?
    else {
        return Ok(FormFeedback::error(form, FormError::TokenInvalid));
    };
    users::set_password(&mut tx, user_id, &hash).await?;
    users::mark_verified(&mut tx, user_id, now).await?;
    if let Some(user) = users::by_id(&mut tx, user_id).await? {
        notify_password_changed(state, &mut tx, &user).await?;
    }
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(FormFeedback::notice(FormId::Login, Notice::PasswordResetDone).redirect("/login"))
}

async fn notify_password_changed(
    state: &AppState,
    conn: &mut sqlx::AnyConnection,
    user: &UserRecord,
) -> Result<(), ServiceError> {
    let reset_link = format!("{}/forgot-password", state.public_url);
    let kind = MailKind::PasswordChanged {
        reset_link: &reset_link,
    };
    mail::enqueue_to(conn, state, user, &kind).await?;
    Ok(())
}

pub enum PasswordChange {
    /// Changed; the account's new session epoch (the caller re-issues its own session).
    Changed(UserRecord),
    Refused(FormFeedback),
}

/// Changes the password after checking the current one. Ends all other sessions.
pub async fn change_password(
    state: &AppState,
    user: &UserRecord,
    current: &str,
    new_password: &str,
) -> Result<PasswordChange, ServiceError> {
    let form = FormId::ChangePassword;
    if let Err(problem) = check_new_password(new_password) {
        return Ok(PasswordChange::Refused(
            FormFeedback::new(form).field("new_password", problem),
        ));
    }
    if !password::verify(
        current.chars().take(1024).collect(),
        user.password_hash.clone(),
    )
    .await?
    {
        return Ok(PasswordChange::Refused(FormFeedback::error(
            form,
            FormError::WrongPassword,
        )));
    }
    let hash = password::hash(new_password.to_string()).await?;
    let mut tx = state.db.begin().await?;
    let epoch = users::set_password(&mut tx, user.id, &hash).await?;
    notify_password_changed(state, &mut tx, user).await?;
    tx.commit().await?;
    state.mail_wakeup.notify_one();
    Ok(PasswordChange::Changed(UserRecord {
        session_epoch: epoch,
        password_hash: Some(hash),
        ..user.clone()
    }))
}

pub struct ProfileInput<'a> {
    pub display_name: &'a str,
    pub locale: &'a str,
    pub municipality: &'a str,
    pub notify_messages: bool,
    pub notify_matches: bool,
}

pub async fn update_profile(
    state: &AppState,
    user: &UserRecord,
    input: &ProfileInput<'_>,
) -> Result<FormFeedback, ServiceError> {
    let form = FormId::Profile;
    let mut feedback = FormFeedback::new(form)
        .keep("display_name", input.display_name)
        .keep("locale", input.locale)
        .keep("municipality", input.municipality);
    let name = normalize_display_name(input.display_name);
    if let Err(p) = &name {
        feedback = feedback.field("display_name", *p);
    }
    if !state.tenant.locales.iter().any(|l| l == input.locale) {
        feedback = feedback.field("locale", Problem::UnknownChoice);
    }
    let municipality = Some(input.municipality.trim()).filter(|m| !m.is_empty());
    if let Some(slug) = municipality
        && !state.tenant.municipalities.iter().any(|m| m.slug == slug)
    {
        feedback = feedback.field("municipality", Problem::UnknownChoice);
    }
    let Ok(name) = name else { return Ok(feedback) };
    if !feedback.is_ok() {
        return Ok(feedback);
    }
    let mut conn = state.db.pool().acquire().await?;
    users::update_profile(
        &mut conn,
        user.id,
        &ProfileUpdate {
            display_name: &name,
            locale: input.locale,
            municipality,
            notify_messages: input.notify_messages,
            notify_matches: input.notify_matches,
        },
    )
    .await?;
    Ok(FormFeedback::notice(form, Notice::ProfileSaved))
}

pub fn details(user: &UserRecord) -> AccountDetails {
    AccountDetails {
        display_name: user.display_name.clone(),
        email: user.email.clone(),
        role: user.role(),
        locale: user.locale.clone(),
        municipality: user.municipality.clone(),
        notify_messages: user.notify_messages != 0,
        notify_matches: user.notify_matches != 0,
        created_at: user.created_at,
    }
}

/// Everything stored about a person, for the GDPR download (Art. 15 and 20): the
/// account, every post (with its photos and how moderation handled it), every message
/// the person wrote, the conversations they take part in, saved searches, the people
/// they blocked, the organisations they coordinate for and the reports they sent. A
/// feature that stores something new about a person adds its section here.
pub async fn export(
    state: &AppState,
    user: &UserRecord,
) -> Result<serde_json::Value, ServiceError> {
    use crate::ssr::db::export as stored;
    use std::collections::HashMap;
    let mut conn = state.db.pool().acquire().await?;
    let mut reviews: HashMap<i64, stored::ReviewRow> = stored::reviews(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|r| (r.post_id, r))
        .collect();
    let mut photos: HashMap<i64, Vec<serde_json::Value>> = HashMap::new();
    for photo in stored::photos(&mut conn, user.id).await? {
        photos
            .entry(photo.post_id)
            .or_default()
            .push(serde_json::json!({
                "id": photo.id,
                "description": photo.alt,
                "created_at": photo.created_at,
                "address": format!("{}/photos/{}/display.jpg", state.public_url, photo.id),
            }));
    }
    let posts: Vec<serde_json::Value> = crate::ssr::db::posts::by_author(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|p| {
            let review = reviews.remove(&p.id);
            serde_json::json!({
                "id": p.id,
                "kind": p.kind,
                "help": p.help,
                "category": p.category,
                "municipality": p.municipality,
                "title": p.title,
                "description": p.description,
                "quantity": p.quantity,
                "availability": p.availability,
                "urgency": p.urgency,
                "language": p.language,
                "status": p.status,
                "created_at": p.created_at,
                "updated_at": p.updated_at,
                "expires_at": p.expires_at,
                "closed_at": p.closed_at,
                "on_behalf_of": p.on_behalf_of,
                "organisation_id": p.organisation_id,
                "submitted_at": review.as_ref().and_then(|r| r.submitted_at),
                "reviewed_at": review.as_ref().and_then(|r| r.reviewed_at),
                "moderation_reason": review.and_then(|r| r.moderation_reason),
                "photos": photos.remove(&p.id).unwrap_or_default(),
            })
        })
        .collect();
    let messages: Vec<serde_json::Value> =
        crate::ssr::db::conversations::written_by(&mut conn, user.id)
            .await?
            .into_iter()
            .map(|(conversation, post, body, created_at)| {
                serde_json::json!({
                    "conversation_id": conversation,
                    "post_id": post,
                    "text": body,
                    "created_at": created_at,
                })
            })
            .collect();
    let saved_searches: Vec<serde_json::Value> =
        crate::ssr::db::alerts::by_user(&mut conn, user.id)
            .await?
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "id": s.id,
                    "query": s.query,
                    "frequency": s.frequency,
                })
            })
            .collect();
    let conversations: Vec<serde_json::Value> = stored::conversations(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id,
                "post_id": c.post_id,
                "role": c.role,
                "status": c.status,
                "created_at": c.created_at,
                "accepted_at": c.accepted_at,
                "done_at": c.done_at,
            })
        })
        .collect();
    let blocked: Vec<serde_json::Value> = stored::blocks(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|b| {
            serde_json::json!({
                "user_id": b.user_id,
                "display_name": b.display_name,
                "blocked_at": b.created_at,
            })
        })
        .collect();
    let organisations: Vec<serde_json::Value> = stored::memberships(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|m| {
            serde_json::json!({
                "slug": m.slug,
                "name": m.name,
                "member_since": m.added_at,
            })
        })
        .collect();
    let reports: Vec<serde_json::Value> = stored::reports_made(&mut conn, user.id)
        .await?
        .into_iter()
        .map(|r| {
            serde_json::json!({
                "id": r.id,
                "about": r.target,
                "about_id": r.target_id,
                "reason": r.reason,
                "note": r.note,
                "created_at": r.created_at,
                "handled_at": r.handled_at,
                "outcome": r.outcome,
            })
        })
        .collect();
    Ok(serde_json::json!({
        "platform": state.tenant.name,
        "exported_at": now(),
        "account": {
            "id": user.id,
            "email": user.email,
            "display_name": user.display_name,
            "role": user.role,
            "locale": user.locale,
            "municipality": user.municipality,
            "notify_messages": user.notify_messages != 0,
            "notify_matches": user.notify_matches != 0,
            "email_verified_at": user.email_verified_at,
            "created_at": user.created_at,
            "last_login_at": user.last_login_at,
        },
        "posts": posts,
        "messages": messages,
        "saved_searches": saved_searches,
        "conversations": conversations,
        "blocked_people": blocked,
        "organisations": organisations,
        "reports_sent": reports,
        "notes": "Times are Unix seconds (UTC). The password is stored only as an argon2id hash and is not included.",
    }))
}

/// Deletes the account after checking the password. The confirmation mail is written
/// in the same transaction. The person's posts go with the account (foreign key cascade).
pub async fn delete_account(
    state: &AppState,
    user: &UserRecord,
    given: &str,
) -> Result<FormFeedback, ServiceError> {
    let form = FormId::DeleteAccount;
    if !password::verify(
        given.chars().take(1024).collect(),
        user.password_hash.clone(),
    )
    .await?
    {
        return Ok(FormFeedback::error(form, FormError::WrongPassword));
    }
    let mut tx = state.db.begin().await?;
    if user.role() == Role::Admin && users::count_admins(&mut tx).await? <= 1 {
        return Ok(FormFeedback::error(form, FormError::LastAdmin));
    }
    mail::enqueue_to(&mut tx, state, user, &MailKind::AccountDeleted).await?;
    users::delete(&mut tx, user.id).await?;
    tx.commit().await?;
    // Their posts went with the account.
    state.listings.invalidate();
    state.mail_wakeup.notify_one();
    Ok(FormFeedback::notice(FormId::Login, Notice::AccountDeleted).redirect("/login"))
}

pub async fn list_users(state: &AppState, filter: &str) -> Result<Vec<UserRow>, ServiceError> {
    let mut conn = state.db.pool().acquire().await?;
    let rows = users::list(&mut conn, filter, 200).await?;
    Ok(rows
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            role: u.role(),
            display_name: u.display_name,
            email: u.email,
            verified: u.email_verified_at.is_some(),
            created_at: u.created_at,
            blocked: u.blocked_at.is_some(),
        })
        .collect())
}

/// An admin gives someone a role. The last admin cannot give the role away.
/// An admin gives `user_id` a role; the change is written to the audit log.
pub async fn set_role(
    state: &AppState,
    admin: &UserRecord,
    user_id: i64,
    role: Role,
) -> Result<FormFeedback, ServiceError> {
    let form = FormId::Roles;
    let mut tx = state.db.begin().await?;
    let Some(target) = users::by_id(&mut tx, user_id).await? else {
        return Ok(FormFeedback::error(form, FormError::Forbidden));
    };
    if target.role() == Role::Admin
        && role != Role::Admin
        && users::count_admins(&mut tx).await? <= 1
    {
        return Ok(FormFeedback::error(form, FormError::LastAdmin));
    }
    users::set_role(&mut tx, user_id, role).await?;
    let change = format!("{} -> {}", target.role().as_str(), role.as_str());
    crate::ssr::moderation::audit::record(
        &mut tx,
        admin,
        "user.role",
        "user",
        Some(user_id),
        &change,
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id, role = role.as_str(), "role changed");
    Ok(FormFeedback::notice(form, Notice::RoleChanged))
}

/// What `create-admin` did.
pub enum AdminCreated {
    /// A new or existing account is now admin and has the given password.
    WithPassword { user_id: i64 },
    /// The account is admin; its owner sets a password through this one-time link.
    WithLink { user_id: i64, link: String },
}

/// Creates an admin account or promotes an existing one (command line, no rate limits).
pub async fn create_admin(
    state: &AppState,
    email: &str,
    new_password: Option<&str>,
) -> Result<Result<AdminCreated, Problem>, ServiceError> {
    let address = match normalize_email(email) {
        Ok(address) => address,
        Err(problem) => return Ok(Err(problem)),
    };
    let hash = match new_password {
        Some(p) => {
            if let Err(problem) = check_new_password(p) {
                return Ok(Err(problem));
            }
            Some(password::hash(p.to_string()).await?)
        }
        None => None,
    };
    let now = now();
    let mut tx = state.db.begin().await?;
    let user_id = match users::by_email(&mut tx, &address).await? {
        Some(user) => {
            users::set_role(&mut tx, user.id, Role::Admin).await?;
            if let Some(hash) = &hash {
                users::set_password(&mut tx, user.id, hash).await?;
            }
            users::mark_verified(&mut tx, user.id, now).await?;
            user.id
        }
        None => {
            let created = users::insert(
                &mut tx,
                &NewUser {
                    email: &address,
                    display_name: "Admin",
                    password_hash: hash.as_deref(),
                    role: Role::Admin,
                    locale: &state.tenant.default_locale,
                    verified_at: Some(now),
                    now,
                },
            )
            .await?;
            match created {
                Some(id) => id,
                None => return Ok(Err(Problem::UnknownChoice)),
            }
        }
    };
    let outcome = if hash.is_some() {
        AdminCreated::WithPassword { user_id }
    } else {
        let token = token::generate();
        tokens::void_open(&mut tx, user_id, Purpose::ResetPassword, now).await?;
        tokens::insert(
            &mut tx,
            &token::digest(&token),
            user_id,
            Purpose::ResetPassword,
            now + SET_PASSWORD_TTL_SECS,
        )
        .await?;
        AdminCreated::WithLink {
            user_id,
            link: link(state, "/reset-password", &token),
        }
    };
    tx.commit().await?;
    Ok(Ok(outcome))
}

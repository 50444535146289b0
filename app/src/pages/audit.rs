//! `/admin/audit`: the audit log for admins: who did what, to what, when and why, newest
//! first, a hundred at a time, with the whole log as a CSV download.
use crate::api::moderation::audit_log;
use crate::components::form::role_text;
use crate::domain::account::Role;
use crate::domain::error::AppError;
use crate::domain::locale::{direction, short_date};
use crate::domain::moderation::{AuditEntry, AuditPage};
use crate::i18n::*;
use crate::pages::moderation::ModerationNav;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

/// Where the CSV export is served (by the server, see server/src/routes/audit_export.rs).
pub const EXPORT_PATH: &str = "/admin/audit.csv";

#[component]
pub fn AuditPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let page = Resource::new_blocking(move || query.with(|q| q.get("before")), audit_log);
    view! {
        <Title text=t_string!(i18n, audit_title).to_string() />
        <h1>{t!(i18n, audit_title)}</h1>
        <ModerationNav />
        <p>{t!(i18n, audit_intro)}</p>
        <p><a href=EXPORT_PATH download="audit-log.csv">{t!(i18n, audit_export)}</a></p>
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <AuditTable page /> }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/admin/audit" /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(page: AuditPage) -> impl IntoView {
    let i18n = use_i18n();
    if page.entries.is_empty() {
        return view! { <p class="empty">{t!(i18n, audit_empty)}</p> }.into_any();
    }
    view! {
        <table class="data-table audit-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, audit_col_time)}</th>
                    <th scope="col">{t!(i18n, audit_col_who)}</th>
                    <th scope="col">{t!(i18n, audit_col_action)}</th>
                    <th scope="col">{t!(i18n, audit_col_target)}</th>
                    <th scope="col">{t!(i18n, audit_col_reason)}</th>
                </tr>
            </thead>
            <tbody>
                {page.entries.into_iter().map(|entry| view! { <AuditRow entry /> }).collect_view()}
            </tbody>
        </table>
        {page.older.map(|id| view! {
            <p><a href=format!("/admin/audit?before={id}")>{t!(i18n, audit_older)}</a></p>
        })}
    }
    .into_any()
}

#[component]
fn AuditRow(entry: AuditEntry) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let of_day = entry.created_at.rem_euclid(86_400);
    let time = format!(
        "{} {:02}:{:02} UTC",
        short_date(entry.created_at, &locale),
        of_day / 3600,
        of_day % 3600 / 60
    );
    let kind = target_text(i18n, &entry.target);
    let target = match (entry.target.as_str(), entry.target_id) {
        ("post", Some(id)) => {
            view! { <a href=format!("/posts/{id}")>{format!("{kind} #{id}")}</a> }.into_any()
        }
        (_, Some(id)) => view! { <span>{format!("{kind} #{id}")}</span> }.into_any(),
        (_, None) => view! { <span>{kind}</span> }.into_any(),
    };
    let reason = reason_text(i18n, &entry.action, &entry.reason);
    let action = entry.action.clone();
    view! {
        <tr>
            <td>{time}</td>
            <td><bdi>{entry.actor_name.clone()}</bdi></td>
            <td>{move || action_text(i18n, &action)}</td>
            <td><bdi>{target}</bdi></td>
            <td dir="auto">{reason}</td>
        </tr>
    }
}

/// What an entry concerns, in words ("Beitrag", "Person"); codes this build does not know
/// are shown as they are. The CSV export keeps the codes.
fn target_text(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "post" => t_string!(i18n, audit_target_post).to_string(),
        "user" => t_string!(i18n, audit_target_user).to_string(),
        "message" => t_string!(i18n, audit_target_message).to_string(),
        "conversation" => t_string!(i18n, audit_target_conversation).to_string(),
        "organisation" => t_string!(i18n, audit_target_organisation).to_string(),
        "report" => t_string!(i18n, audit_target_report).to_string(),
        "audit_log" => t_string!(i18n, audit_title).to_string(),
        other => other.to_string(),
    }
}

/// The reason as written, except a role change's ("member -> coordinator", written by
/// the server), whose roles are named in the reader's language.
fn reason_text(i18n: I18nContext<Locale>, action: &str, reason: &str) -> String {
    if action == "user.role"
        && let Some((from, to)) = reason.split_once(" -> ")
        && let (Some(from), Some(to)) = (Role::parse(from), Role::parse(to))
    {
        // From the first role to the second in the reading direction.
        let rtl = direction(i18n.get_locale_untracked().as_str()) == "rtl";
        let arrow = if rtl { "←" } else { "→" };
        return format!("{} {arrow} {}", role_text(i18n, from), role_text(i18n, to));
    }
    reason.to_string()
}

/// The action in words; codes this build does not know are shown as they are.
fn action_text(i18n: I18nContext<Locale>, code: &str) -> String {
    match code {
        "post.approve" => t_string!(i18n, audit_post_approve).to_string(),
        "post.reject" => t_string!(i18n, audit_post_reject).to_string(),
        "post.remove" => t_string!(i18n, audit_post_remove).to_string(),
        "post.edit" => t_string!(i18n, audit_post_edit).to_string(),
        "user.role" => t_string!(i18n, audit_user_role).to_string(),
        "audit.export" => t_string!(i18n, audit_export_done).to_string(),
        "user.block" => t_string!(i18n, audit_user_block).to_string(),
        "user.unblock" => t_string!(i18n, audit_user_unblock).to_string(),
        "user.warn" => t_string!(i18n, audit_user_warn).to_string(),
        "message.remove" => t_string!(i18n, audit_message_remove).to_string(),
        "conversation.remove" => t_string!(i18n, audit_conversation_remove).to_string(),
        "report.dismiss" => t_string!(i18n, audit_report_dismiss).to_string(),
        "organisation.create" => t_string!(i18n, audit_org_create).to_string(),
        "organisation.update" => t_string!(i18n, audit_org_update).to_string(),
        "organisation.member_add" => t_string!(i18n, audit_org_member_add).to_string(),
        "organisation.member_remove" => t_string!(i18n, audit_org_member_remove).to_string(),
        other => other.to_string(),
    }
}

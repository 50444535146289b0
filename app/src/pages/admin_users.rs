//! `/admin/users`: admins find people and change their roles.
use crate::api::admin::{SetRole, UnblockUser, list_users};
use crate::components::form::{FormStatus, WithFlash, provide_page_flash, role_text, use_feedback};
use crate::domain::account::{FormFeedback, FormId, Role, UserRow};
use crate::domain::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let filter = use_query_map()
        .with_untracked(|q| q.get("q"))
        .unwrap_or_default();
    let users = Resource::new_blocking(
        {
            let filter = filter.clone();
            move || filter.clone()
        },
        list_users,
    );
    view! {
        <Title text=t_string!(i18n, admin_users_title).to_string() />
        <h1>{t!(i18n, admin_users_title)}</h1>
        <form method="get" class="form form-inline" role="search">
            <label for="user-filter">{t!(i18n, admin_filter_label)}</label>
            <input id="user-filter" type="search" name="q" value=filter />
            <button type="submit">{t!(i18n, admin_filter_submit)}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match users.await {
                    Ok(rows) => view! {
                        <WithFlash form=FormId::Roles render=move |flash| {
                            let rows = rows.clone();
                            view! {
                                <WithFlash form=FormId::Unblock render=move |unblock_flash| view! {
                                    <UserTable flash=flash.clone() unblock_flash rows=rows.clone() />
                                } />
                            }
                        } />
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/admin/users" /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UserTable(
    flash: Option<FormFeedback>,
    unblock_flash: Option<FormFeedback>,
    rows: Vec<UserRow>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetRole>::new();
    let feedback = use_feedback(FormId::Roles, action.value(), flash);
    let unblock = ServerAction::<UnblockUser>::new();
    let unblocked = use_feedback(FormId::Unblock, unblock.value(), unblock_flash);
    if rows.is_empty() {
        return view! { <p>{t!(i18n, admin_no_users)}</p> }.into_any();
    }
    view! {
        <FormStatus feedback />
        <FormStatus feedback=unblocked />
        <table class="data-table">
            <thead>
                <tr>
                    <th scope="col">{t!(i18n, admin_col_name)}</th>
                    <th scope="col">{t!(i18n, admin_col_email)}</th>
                    <th scope="col">{t!(i18n, admin_col_verified)}</th>
                    <th scope="col">{t!(i18n, admin_col_blocked)}</th>
                    <th scope="col">{t!(i18n, admin_col_role)}</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| {
                    let select_id = format!("role-{}", row.id);
                    let label = t_string!(i18n, admin_role_for, name = row.display_name.clone()).to_string();
                    view! {
                        <tr>
                            <td><bdi>{row.display_name.clone()}</bdi></td>
                            <td dir="ltr">{row.email.clone()}</td>
                            <td>{if row.verified { t!(i18n, yes).into_any() } else { t!(i18n, no).into_any() }}</td>
                            <td>
                                {if row.blocked {
                                    view! {
                                        <ActionForm action=unblock attr:class="form-inline">
                                            <input type="hidden" name="user_id" value=row.id.to_string() />
                                            <span>{t!(i18n, admin_blocked)}</span> " "
                                            <button type="submit">{t!(i18n, admin_unblock)}</button>
                                        </ActionForm>
                                    }.into_any()
                                } else {
                                    view! { <span>{t!(i18n, no)}</span> }.into_any()
                                }}
                            </td>
                            <td>
                                <ActionForm action attr:class="form-inline">
                                    <input type="hidden" name="user_id" value=row.id.to_string() />
                                    <label for=select_id.clone() class="visually-hidden">{label}</label>
                                    <select id=select_id name="role">
                                        {Role::ALL.into_iter().map(|role| view! {
                                            <option value=role.as_str() selected=role == row.role>{move || role_text(i18n, role)}</option>
                                        }).collect_view()}
                                    </select>
                                    <button type="submit">{t!(i18n, admin_role_submit)}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }.into_any()
}

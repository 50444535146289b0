//! `/moderation/reports`: open reports, oldest first. For each, moderators see what was
//! reported (as it was), by whom and why, and dismiss it, remove the content, warn the
//! person or block the account, giving the reason the person will get by mail.
use crate::api::moderation::{HandleReport, REPORTS_PATH, open_reports};
use crate::components::form::{
    Feedback, FormStatus, TextArea, WithFlash, provide_page_flash, use_feedback,
};
use crate::components::person_name::person_name;
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::conversation::REASON_MAX;
use crate::domain::error::AppError;
use crate::domain::locale::short_date;
use crate::domain::moderation::{ReportAction, ReportItem, ReportQueue, ReportTarget};
use crate::i18n::*;
use crate::pages::moderation::ModerationNav;
use crate::pages::report::reason_text;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ReportsPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let action = ServerAction::<HandleReport>::new();
    // Loaded again after each action, so handled reports leave the list.
    let queue = Resource::new_blocking(move || action.version().get(), |_| open_reports());
    view! {
        <Title text=t_string!(i18n, reports_title).to_string() />
        <h1>{t!(i18n, reports_title)}</h1>
        <ModerationNav />
        <Suspense>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! {
                        <WithFlash form=FormId::Report render=move |flash| view! { <ReportList flash queue=queue.clone() action /> } />
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path=format!("/login?next={REPORTS_PATH}") /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReportList(
    flash: Option<FormFeedback>,
    queue: ReportQueue,
    action: ServerAction<HandleReport>,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback(FormId::Report, action.value(), flash);
    if queue.items.is_empty() {
        return view! {
            <FormStatus feedback />
            <p class="empty">{t!(i18n, reports_empty)}</p>
        }
        .into_any();
    }
    let total = queue.total;
    let days = queue.reaction_days;
    view! {
        <FormStatus feedback />
        <p>{t!(i18n, reports_count, count = total, days = days)}</p>
        <ul class="queue-list">
            {queue.items.into_iter().map(|item| view! { <ReportEntry item action feedback /> }).collect_view()}
        </ul>
    }
    .into_any()
}

/// One report with its own form. A refused form's problems (a missing reason) show only
/// at the report they belong to.
#[component]
fn ReportEntry(
    item: ReportItem,
    action: ServerAction<HandleReport>,
    feedback: Feedback,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let id = item.id.to_string();
    let mine = {
        let id = id.clone();
        Signal::derive(move || {
            feedback
                .get()
                .filter(|f| f.value("id") == Some(id.as_str()))
        })
    };
    let what = match item.target {
        ReportTarget::Post => t_string!(i18n, report_what_post),
        ReportTarget::Message => t_string!(i18n, report_what_message),
        ReportTarget::User => t_string!(i18n, report_what_person),
        ReportTarget::Conversation => t_string!(i18n, report_what_conversation),
    };
    let when = short_date(item.created_at, &locale);
    let unknown = t_string!(i18n, reports_unknown_person).to_string();
    let about = item.subject_name.clone().unwrap_or_else(|| unknown.clone());
    let by = item.reporter_name.clone().unwrap_or(unknown);
    let mut actions = vec![(ReportAction::Dismiss, t_string!(i18n, reports_dismiss))];
    if item.removable {
        actions.push((ReportAction::Remove, t_string!(i18n, reports_remove)));
    }
    if item.has_subject {
        actions.push((ReportAction::Warn, t_string!(i18n, reports_warn)));
        actions.push((ReportAction::Block, t_string!(i18n, reports_block)));
    }
    let reason = item.reason;
    view! {
        <li class="queue-item" class:overdue=item.overdue>
            <p class="queue-pick">{what} " · " {move || reason_text(i18n, reason)}</p>
            <p class="queue-meta">
                {t!(i18n, reports_about, name = person_name(about.clone()))} " · "
                {t!(i18n, reports_by, name = person_name(by.clone()), date = when)}
                {item.overdue.then(|| view! { " · " <strong class="overdue-mark">{t!(i18n, moderation_overdue)}</strong> })}
            </p>
            {(!item.note.is_empty()).then(|| view! {
                <p>{t!(i18n, reports_note)} " " <q dir="auto">{item.note.clone()}</q></p>
            })}
            <pre class="queue-text report-snapshot" dir="auto">{item.snapshot.clone()}</pre>
            {item.link.clone().map(|link| view! { <p class="queue-links"><a href=link>{t!(i18n, reports_look)}</a></p> })}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormStatus feedback=mine />
                <input type="hidden" name="id" value=id.clone() />
                <fieldset class="decision">
                    <legend>{t!(i18n, reports_decision)}</legend>
                    {actions.into_iter().enumerate().map(|(i, (action, label))| {
                        let input_id = format!("action-{id}-{}", action.as_str());
                        view! {
                            <p class="radio-field">
                                <input id=input_id.clone() type="radio" name="action" value=action.as_str() checked=i == 0 />
                                <label for=input_id>{label}</label>
                            </p>
                        }
                    }).collect_view()}
                </fieldset>
                <TextArea name="reason" label=t_string!(i18n, moderation_reason).to_string()
                    hint=t_string!(i18n, reports_reason_hint).to_string()
                    feedback=mine rows=3 maxlength=REASON_MAX as u32 id=format!("reason-{id}") />
                <button type="submit" disabled=move || action.pending().get()>{t!(i18n, reports_apply)}</button>
            </ActionForm>
        </li>
    }
}

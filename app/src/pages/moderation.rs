//! `/moderation`: the review queue. Moderators see the oldest posts that wait for review
//! (before publishing in pre-moderated categories, after it elsewhere), check several and
//! approve or reject them at once (a rejection's reason is mailed to each author), or
//! open one to correct and approve it. Works as a plain form without JavaScript.
use crate::api::moderation::{DecidePosts, QUEUE_PATH, REPORTS_PATH, review_queue};
use crate::components::form::{
    FormStatus, TextArea, WithFlash, problem_text, provide_page_flash, use_feedback,
};
use crate::components::person_name::person_name;
use crate::components::post_card::kind_text;
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::conversation::REASON_MAX;
use crate::domain::error::AppError;
use crate::domain::locale::short_date;
use crate::domain::moderation::{Queue, QueueItem};
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ModerationPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let action = ServerAction::<DecidePosts>::new();
    // Loaded again after each decision, so decided posts leave the list.
    let queue = Resource::new_blocking(move || action.version().get(), |_| review_queue());
    view! {
        <Title text=t_string!(i18n, moderation_title).to_string() />
        <h1>{t!(i18n, moderation_title)}</h1>
        <ModerationNav />
        <Suspense>
            {move || Suspend::new(async move {
                match queue.await {
                    Ok(queue) => view! {
                        <WithFlash form=FormId::Moderation render=move |flash| view! { <QueueForm flash queue=queue.clone() action /> } />
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path=format!("/login?next={QUEUE_PATH}") /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// Links between the moderators' pages.
#[component]
pub fn ModerationNav() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="subnav" aria-label=move || t_string!(i18n, moderation_nav)>
            <a href=QUEUE_PATH>{t!(i18n, moderation_queue_link)}</a>
            <a href=REPORTS_PATH>{t!(i18n, reports_title)}</a>
            <a href=crate::pages::dashboard::DASHBOARD_PATH>{t!(i18n, dashboard_title)}</a>
            <a href="/admin/audit">{t!(i18n, audit_title)}</a>
        </nav>
    }
}

#[component]
fn QueueForm(
    flash: Option<FormFeedback>,
    queue: Queue,
    action: ServerAction<DecidePosts>,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = use_feedback(FormId::Moderation, action.value(), flash);
    if queue.items.is_empty() {
        return view! {
            <FormStatus feedback />
            <p class="empty">{t!(i18n, moderation_queue_empty)}</p>
        }
        .into_any();
    }
    let total = queue.total;
    let days = queue.reaction_days;
    let none_picked = move || feedback.get().and_then(|f| f.problem("ids"));
    view! {
        <FormStatus feedback />
        <p>{t!(i18n, moderation_queue_count, count = total, days = days)}</p>
        <ActionForm action attr:class="form moderation-form" attr:novalidate=true>
            {move || none_picked().map(|p| view! {
                <p class="field-error" id="ids-error" role="alert">{t!(i18n, moderation_none_picked)} " " {problem_text(i18n, p)}</p>
            })}
            <ul class="queue-list">
                {queue.items.into_iter().enumerate().map(|(index, item)| view! { <QueueEntry index item /> }).collect_view()}
            </ul>
            <fieldset class="decision">
                <legend>{t!(i18n, moderation_decision)}</legend>
                <p class="radio-field">
                    <input id="decision-approve" type="radio" name="decision" value="approve" checked=true />
                    <label for="decision-approve">{t!(i18n, moderation_approve)}</label>
                </p>
                <p class="radio-field">
                    <input id="decision-reject" type="radio" name="decision" value="reject" />
                    <label for="decision-reject">{t!(i18n, moderation_reject)}</label>
                </p>
            </fieldset>
            <TextArea
                name="reason"
                label=t_string!(i18n, moderation_reason).to_string()
                hint=t_string!(i18n, moderation_reason_hint).to_string()
                feedback
                rows=3
                maxlength=REASON_MAX as u32
            />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, moderation_apply)}</button>
        </ActionForm>
    }
    .into_any()
}

/// One post in the queue: a checkbox (its label is the title), what it is, who sent it
/// when, its text, and links to its page and to correct-and-approve.
#[component]
fn QueueEntry(index: usize, item: QueueItem) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let id = item.id;
    let pick = format!("pick-{id}");
    let category = site.category_name(&item.category, &locale);
    let place = site.municipality_name(&item.municipality);
    let submitted = short_date(item.submitted_at, &locale);
    let kind = item.kind;
    let waiting = item.waiting();
    let excerpt: String = item.description.chars().take(600).collect();
    view! {
        <li class="queue-item" class:overdue=item.overdue>
            <p class="queue-pick">
                <input id=pick.clone() type="checkbox" name=format!("ids[{index}]") value=id.to_string() />
                <label for=pick>
                    <span class="post-kind">{move || kind_text(i18n, kind)}</span> ": "
                    <bdi lang=item.language.clone() dir="auto">{item.title.clone()}</bdi>
                </label>
            </p>
            <p class="queue-meta">
                {if waiting {
                    view! { <strong>{t!(i18n, moderation_waiting)}</strong> }.into_any()
                } else {
                    view! { <span>{t!(i18n, moderation_published)}</span> }.into_any()
                }}
                " · " {category} " · " {place} " · "
                {t!(i18n, moderation_sent_by, name = person_name(item.author_name.clone()), date = submitted)}
                {item.for_someone.then(|| view! { " · " {t!(i18n, post_for_someone)} })}
                {item.overdue.then(|| view! { " · " <strong class="overdue-mark">{t!(i18n, moderation_overdue)}</strong> })}
            </p>
            <p class="queue-text" lang=item.language.clone() dir="auto">{excerpt}</p>
            <p class="queue-links">
                <a href=format!("/posts/{id}")>{t!(i18n, moderation_open_post)}</a>
                " · "
                <a href=format!("/posts/{id}/edit")>{t!(i18n, moderation_edit_approve)}</a>
            </p>
        </li>
    }
}

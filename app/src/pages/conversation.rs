//! `/conversations/{id}`: the messages between a post's author and the person who
//! answered it, a form to write, and the steps of the match: accept the helper (author),
//! mark the help as given (either side), block, report. Only the two see this page.
use crate::api::conversations::{
    ChangeConversation, ReportConversation, SendMessage, load_conversation,
};
use crate::api::reports::report_path;
use crate::components::form::{
    FormStatus, TextArea, flash_for, kept_feedback, page_flash, provide_page_flash,
};
use crate::components::layout::title_text;
use crate::components::person_name::person_name;
use crate::components::status_light::StatusLight;
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::conversation::{ConversationView, MESSAGE_MAX, MessageView, REASON_MAX};
use crate::domain::error::AppError;
use crate::domain::locale::short_date;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ConversationPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let here = format!("/conversations/{id}");
    let conversation = Resource::new_blocking(move || id.clone(), load_conversation);
    // No `<Suspense>`: the page is sent whole once loaded (see `ListingPage`).
    Suspend::new(async move {
        // One wait for the page's data and the forms' feedback alike.
        let flash = page_flash().await;
        match conversation.await {
            Ok(conversation) => view! { <Details conversation flash /> }.into_any(),
            Err(AppError::Unauthorized) => {
                view! { <Redirect path=format!("/login?next={here}") /> }.into_any()
            }
            Err(AppError::NotFound) | Err(AppError::Forbidden) => view! {
                <Title text=t_string!(i18n, conversation_not_found).to_string() />
                <h1>{t_string!(i18n, conversation_not_found)}</h1>
                <p><a href="/conversations">{t_string!(i18n, nav_conversations)}</a></p>
            }
            .into_any(),
            Err(_) => {
                view! { <p class="form-error" role="alert">{t_string!(i18n, error_internal)}</p> }
                    .into_any()
            }
        }
    })
}

/// `flash`: the page's feedback, for whichever of its forms it is. Its parts return an
/// `AnyView` each: as one nested type the page was too deep for the compiler's query
/// limit in builds without type erasure (the tests').
#[component]
fn Details(conversation: ConversationView, flash: Option<FormFeedback>) -> impl IntoView {
    let i18n = use_i18n();
    let title = conversation.post_title.clone();
    let other = conversation.other_name.clone();
    let blocked = conversation.blocked;
    let messages = conversation.messages.clone();
    view! {
        <Title text=title_text(&title) />
        <h1>
            {t_string!(i18n, conversation_about)} " "
            <a href=format!("/posts/{}", conversation.post_id) dir="auto">{title.clone()}</a>
        </h1>
        <p class="conversation-facts">
            {t!(i18n, conversation_with, name = person_name(other.clone()))}
            " · "
            <StatusLight kind=conversation.post_kind status=conversation.post_status />
        </p>
        <ol class="messages">
            {messages.into_iter().map(|message| view! { <Message message /> }).collect_view()}
        </ol>
        {if blocked {
            view! { <p class="notice" role="status">{t_string!(i18n, conversation_blocked)}</p> }.into_any()
        } else {
            view! { <Write flash=flash_for(&flash, FormId::Message) id=conversation.id /> }.into_any()
        }}
        <Steps
            flash=flash_for(&flash, FormId::ConversationAction)
            report_flash=flash_for(&flash, FormId::ConversationReport)
            conversation
        />
    }
}

#[component]
fn Message(message: MessageView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let when = short_date(message.created_at, &locale);
    let class = if message.mine {
        "message mine"
    } else {
        "message theirs"
    };
    view! {
        <li class=class id=format!("message-{}", message.id)>
            <p class="message-meta"><bdi>{message.sender_name.clone()}</bdi> " · " {when}</p>
            {if message.removed {
                view! { <p class="message-body removed">{t_string!(i18n, message_removed)}</p> }.into_any()
            } else {
                // Plain text: shown as typed, links are not made clickable.
                view! { <p class="message-body" dir="auto">{message.body.clone()}</p> }.into_any()
            }}
            {(!message.mine && !message.removed).then(|| view! {
                <p class="message-report"><a href=report_path("message", message.id)>{t_string!(i18n, report_message_link)}</a></p>
            })}
        </li>
    }
    .into_any()
}

#[component]
fn Write(flash: Option<FormFeedback>, id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = kept_feedback(flash);
    view! {
        <form method="post" action=SendMessage::PATH class="form message-form">
            <FormStatus feedback />
            <input type="hidden" name="id" value=id.to_string() />
            <TextArea name="message" label=t_string!(i18n, field_message).to_string()
                hint=t_string!(i18n, field_message_hint).to_string()
                feedback rows=4 maxlength=MESSAGE_MAX as u32 />
            <button type="submit">{t_string!(i18n, message_send)}</button>
        </form>
    }
    .into_any()
}

/// Accept, done, block and report.
#[component]
fn Steps(
    flash: Option<FormFeedback>,
    report_flash: Option<FormFeedback>,
    conversation: ConversationView,
) -> impl IntoView {
    let i18n = use_i18n();
    let feedback = kept_feedback(flash);
    let id = conversation.id.to_string();
    let other = conversation.other_id;
    let button = {
        let id = id.clone();
        move |to: &'static str, label: String, class: &'static str| {
            let id = id.clone();
            view! {
                <form method="post" action=ChangeConversation::PATH class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <input type="hidden" name="to" value=to />
                    <button type="submit" class=class>{label}</button>
                </form>
            }
        }
    };
    view! {
        <section class="conversation-steps" aria-labelledby="steps-title">
            <h2 id="steps-title">{t_string!(i18n, conversation_steps)}</h2>
            <FormStatus feedback />
            <p class="field-hint">{if conversation.i_am_author {
                t_string!(i18n, conversation_steps_author_hint)
            } else {
                t_string!(i18n, conversation_steps_helper_hint)
            }}</p>
            <div class="post-actions">
                {conversation.can_accept.then(|| button("accepted", t_string!(i18n, conversation_accept).to_string(), ""))}
                {conversation.can_finish.then(|| button("done", t_string!(i18n, conversation_done).to_string(), ""))}
                {(!conversation.blocked).then(|| button("blocked", t_string!(i18n, conversation_block).to_string(), "danger"))}
            </div>
            <Report flash=report_flash id other />
        </section>
    }
    .into_any()
}

/// Reporting the conversation; open when a plain post came back with a problem, so the
/// reason typed and the message next to it are in view.
#[component]
fn Report(flash: Option<FormFeedback>, id: String, other: i64) -> impl IntoView {
    let i18n = use_i18n();
    let open = flash.is_some();
    let feedback = kept_feedback(flash);
    view! {
        <details class="report" open=open>
            <summary>{t_string!(i18n, conversation_report)}</summary>
            <p><a href=report_path("user", other)>{t_string!(i18n, report_person_link)}</a></p>
            <form method="post" action=ReportConversation::PATH class="form">
                <FormStatus feedback />
                <input type="hidden" name="id" value=id />
                <TextArea name="reason" label=t_string!(i18n, field_report_reason).to_string()
                    hint=t_string!(i18n, field_report_reason_hint).to_string()
                    feedback rows=3 maxlength=REASON_MAX as u32 />
                <button type="submit">{t_string!(i18n, conversation_report_send)}</button>
            </form>
        </details>
    }
    .into_any()
}

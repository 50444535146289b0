//! `/conversations`: everyone the signed-in person is talking to about a post, the most
//! recent first, with unread messages marked.
use crate::api::conversations::my_conversations;
use crate::components::person_name::person_name;
use crate::domain::conversation::{ConversationStatus, ConversationSummary};
use crate::domain::error::AppError;
use crate::domain::locale::short_date;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn ConversationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new_blocking(|| (), |_| my_conversations());
    view! {
        <Title text=t_string!(i18n, conversations_title).to_string() />
        <h1>{t!(i18n, conversations_title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, conversations_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="conversation-list">
                            {list.into_iter().map(|line| view! { <Line line /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/conversations" /> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Line(line: ConversationSummary) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let when = short_date(line.last_message_at, &locale);
    let status = match line.status {
        ConversationStatus::Open => None,
        ConversationStatus::Accepted => Some(t_string!(i18n, conversation_status_accepted)),
        ConversationStatus::Done => Some(t_string!(i18n, conversation_status_done)),
    };
    let unread = line.unread;
    let has_unread = unread > 0;
    view! {
        <li class:unread=has_unread>
            <a href=format!("/conversations/{}", line.id) dir="auto">{line.post_title.clone()}</a>
            <p class="conversation-facts">
                {t!(i18n, conversation_with, name = person_name(line.other_name.clone()))}
                " · " {when}
                {status.map(|s| view! { " · " {s} })}
                {(unread > 0).then(|| view! { " · " <strong>{t!(i18n, unread_messages, count = unread)}</strong> })}
            </p>
        </li>
    }
}

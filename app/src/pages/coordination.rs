//! `/coordination`: for coordinators (social workers, Helferkreis leads), the posts they
//! wrote for people without an account or email, each with whom it is for and the
//! conversations about it, so that they can answer for those people in one place.
use crate::api::posts::coordinated_posts;
use crate::components::person_name::person_name;
use crate::components::post_card::PostCardView;
use crate::domain::conversation::ConversationSummary;
use crate::domain::error::AppError;
use crate::domain::post::CoordinatedPost;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn CoordinationPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new_blocking(|| (), |_| coordinated_posts());
    view! {
        <Title text=t_string!(i18n, coordination_title).to_string() />
        <h1>{t!(i18n, coordination_title)}</h1>
        <p>{t!(i18n, coordination_intro)}</p>
        <p><a class="button" href="/posts/new">{t!(i18n, coordination_new)}</a></p>
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, coordination_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="coordinated-list">
                            {list.into_iter().map(|post| view! { <Coordinated post /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/coordination" /> }.into_any(),
                    Err(AppError::Forbidden) => view! { <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Coordinated(post: CoordinatedPost) -> impl IntoView {
    let i18n = use_i18n();
    let nobody = post.conversations.is_empty();
    view! {
        <li>
            <h2 class="for-whom" dir="auto">{t!(i18n, post_for_whom, name = post.for_whom.clone())}</h2>
            <PostCardView card=post.card />
            {if nobody {
                view! { <p class="empty">{t!(i18n, coordination_no_answers)}</p> }.into_any()
            } else {
                view! {
                    <ul class="conversation-list">
                        {post.conversations.into_iter().map(|c| view! { <Answer line=c /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </li>
    }
}

#[component]
fn Answer(line: ConversationSummary) -> impl IntoView {
    let i18n = use_i18n();
    let unread = line.unread;
    let has_unread = unread > 0;
    view! {
        <li class:unread=has_unread>
            <a href=format!("/conversations/{}", line.id)>
                {t!(i18n, conversation_with, name = person_name(line.other_name.clone()))}
            </a>
            {(unread > 0).then(|| view! { " · " <strong>{t!(i18n, unread_messages, count = unread)}</strong> })}
        </li>
    }
}

//! `/my-posts`: everything the signed-in person has posted, in every state, with links
//! to manage each post.
use crate::api::posts::my_posts;
use crate::components::post_card::PostCardView;
use crate::domain::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn MyPostsPage() -> impl IntoView {
    let i18n = use_i18n();
    let posts = Resource::new_blocking(|| (), |_| my_posts());
    view! {
        <Title text=t_string!(i18n, my_posts_title).to_string() />
        <h1>{t!(i18n, my_posts_title)}</h1>
        <p><a class="button" href="/posts/new">{t!(i18n, nav_new_post)}</a></p>
        <Suspense>
            {move || Suspend::new(async move {
                match posts.await {
                    Ok(cards) if cards.is_empty() => view! { <p class="empty">{t!(i18n, my_posts_empty)}</p> }.into_any(),
                    Ok(cards) => view! {
                        <div class="post-list">
                            {cards.into_iter().map(|card| view! { <PostCardView card /> }).collect_view()}
                        </div>
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/my-posts" /> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

//! `/posts/{id}/renew?token=…`: the one-click link in the "your post expires soon" mail.
//! Works without logging in; the link is used up once it has worked.
use crate::api::posts::renew_by_link;
use crate::domain::locale::short_date;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn RenewPostPage() -> impl IntoView {
    let i18n = use_i18n();
    let id = use_params_map()
        .with_untracked(|p| p.get("id"))
        .unwrap_or_default();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    let post_link = format!("/posts/{id}");
    let renewed = Resource::new_blocking(
        move || (id.clone(), token.clone()),
        |(id, token)| renew_by_link(id, token),
    );
    let locale = i18n.get_locale_untracked().as_str().to_string();
    view! {
        <Title text=t_string!(i18n, renew_title).to_string() />
        <h1>{t!(i18n, renew_title)}</h1>
        <Suspense>
            {move || {
                let (post_link, locale) = (post_link.clone(), locale.clone());
                Suspend::new(async move {
                    match renewed.await {
                        Ok(Some(until)) => view! {
                            <p class="form-notice" role="status">{t!(i18n, renew_done, date = short_date(until, &locale))}</p>
                            <p><a href=post_link>{t!(i18n, renew_to_post)}</a></p>
                        }.into_any(),
                        Ok(None) => view! {
                            <p class="form-error" role="alert">{t!(i18n, error_token_invalid)}</p>
                            <p><a href="/my-posts">{t!(i18n, nav_my_posts)}</a></p>
                        }.into_any(),
                        Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

//! `/verify-email?token=…`: the page the confirmation link opens.
use crate::api::account::verify_email;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = use_query_map()
        .with_untracked(|q| q.get("token"))
        .unwrap_or_default();
    let verified = Resource::new_blocking(move || token.clone(), verify_email);
    view! {
        <Title text=t_string!(i18n, verify_title).to_string() />
        <h1>{t!(i18n, verify_title)}</h1>
        <Suspense>
            {move || Suspend::new(async move {
                match verified.await {
                    Ok(true) => view! {
                        <p class="form-notice" role="status">{t!(i18n, verify_done)}</p>
                        <p><a href="/login">{t!(i18n, nav_login)}</a></p>
                    }.into_any(),
                    Ok(false) => view! {
                        <p class="form-error" role="alert">{t!(i18n, error_token_invalid)}</p>
                        <p><a href="/login">{t!(i18n, nav_login)}</a></p>
                    }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

//! `/about`: what the platform is, who runs it, and the district's public promise to
//! react to new posts and reports within a number of days, with how well it was kept
//! (the idea comes from Brandenburg's "Märker" service).
use crate::api::site::reaction_promise;
use crate::domain::moderation::ReactionPromise;
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn AboutPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let promise = Resource::new_blocking(|| (), |_| reaction_promise());
    let name = site.name.clone();
    let operator = site.operator.name.clone();
    view! {
        <Title text=t_string!(i18n, about_title).to_string() />
        <div class="prose">
            <h1>{t!(i18n, about_title)}</h1>
            <p>{t!(i18n, about_intro, site = name.clone(), operator = operator.clone())}</p>
            <p>{t!(i18n, about_how)}</p>
            <h2>{t!(i18n, about_promise_title)}</h2>
            <Suspense>
                {move || Suspend::new(async move {
                    match promise.await {
                        Ok(promise) => view! { <Promise promise /> }.into_any(),
                        Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/privacy">{t!(i18n, nav_privacy)}</a> " · " <a href="/imprint">{t!(i18n, nav_imprint)}</a></p>
        </div>
    }
}

#[component]
fn Promise(promise: ReactionPromise) -> impl IntoView {
    let i18n = use_i18n();
    let days = promise.days;
    let window = promise.window_days;
    view! {
        <p>{t!(i18n, about_promise, count = move || days)}</p>
        {match promise.percent() {
            Some(percent) => view! {
                <p class="promise-figure">{t!(i18n, about_promise_kept, percent = percent, window = window)}</p>
                <table class="data-table">
                    <caption class="visually-hidden">{t!(i18n, about_promise_table)}</caption>
                    <thead>
                        <tr>
                            <th scope="col"></th>
                            <th scope="col">{t!(i18n, about_promise_due)}</th>
                            <th scope="col">{t!(i18n, about_promise_in_time, days = days)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <tr>
                            <th scope="row">{t!(i18n, about_promise_posts)}</th>
                            <td>{promise.posts_due}</td>
                            <td>{promise.posts_in_time}</td>
                        </tr>
                        <tr>
                            <th scope="row">{t!(i18n, about_promise_reports)}</th>
                            <td>{promise.reports_due}</td>
                            <td>{promise.reports_in_time}</td>
                        </tr>
                    </tbody>
                </table>
            }.into_any(),
            None => view! { <p>{t!(i18n, about_promise_none, window = window)}</p> }.into_any(),
        }}
    }
}

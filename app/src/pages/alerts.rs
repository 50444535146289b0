//! `/alerts`: the signed-in person's saved searches, each linking to its listing, with
//! how often it is mailed and a button to delete it. `/alerts/unsubscribe?token=…`: the
//! page a digest's link opens, which stops that one alert without signing in (a button,
//! not the link itself, because mail scanners open links).
use crate::api::alerts::{DeleteAlert, Unsubscribe, alert_by_link, my_alerts};
use crate::components::form::{
    FormStatus, WithFlash, flash_for, kept_feedback, page_flash, provide_page_flash, use_feedback,
};
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::alert::{Frequency, SavedSearch};
use crate::domain::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

pub fn frequency_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    frequency: Frequency,
) -> &'static str {
    match frequency {
        Frequency::Immediate => t_string!(i18n, frequency_immediate),
        Frequency::Daily => t_string!(i18n, frequency_daily),
        Frequency::Weekly => t_string!(i18n, frequency_weekly),
    }
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    view! {
        <Title text=t_string!(i18n, alerts_title).to_string() />
        <h1>{t!(i18n, alerts_title)}</h1>
        <WithFlash form=FormId::Alerts render=|flash| view! { <AlertList flash /> } />
    }
}

#[component]
fn AlertList(flash: Option<FormFeedback>) -> impl IntoView {
    let i18n = use_i18n();
    let delete = ServerAction::<DeleteAlert>::new();
    let feedback = use_feedback(FormId::Alerts, delete.value(), flash);
    // A deletion is a plain form post: the page comes again, with the shorter list.
    let list = Resource::new_blocking(move || delete.version().get(), |_| my_alerts());
    view! {
        <FormStatus feedback />
        <Suspense>
            {move || Suspend::new(async move {
                match list.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, alerts_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="alert-list">
                            {list.into_iter().map(|alert| view! { <AlertLine alert delete /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! { <Redirect path="/login?next=/alerts" /> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AlertLine(alert: SavedSearch, delete: ServerAction<DeleteAlert>) -> impl IntoView {
    let i18n = use_i18n();
    let frequency = alert.frequency;
    view! {
        <li>
            <a href=alert.link.clone() dir="auto">{alert.description.clone()}</a>
            " · " {move || frequency_text(i18n, frequency)}
            " "
            <ActionForm action=delete attr:class="inline-form">
                <input type="hidden" name="id" value=alert.id.to_string() />
                <button type="submit" class="link-button">{t!(i18n, alerts_delete)}</button>
            </ActionForm>
        </li>
    }
}

/// The page an alert mail's unsubscribe link opens (no sign-in needed). Its data and
/// the form's feedback are awaited in one `<Suspense>`: with the alert's resource
/// created inside the feedback's `<Suspense>` (nested), 2 of 300 concurrent views of
/// this page never finished rendering (CI's concurrent-views step hung).
#[component]
pub fn UnsubscribePage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let token = use_query_map()
        .get_untracked()
        .get("token")
        .unwrap_or_default();
    let alert = Resource::new_blocking(
        {
            let token = token.clone();
            move || token.clone()
        },
        alert_by_link,
    );
    view! {
        <Title text=t_string!(i18n, unsubscribe_title).to_string() />
        <h1>{t_string!(i18n, unsubscribe_title)}</h1>
        <Suspense>
            {move || {
                let token = token.clone();
                Suspend::new(async move {
                    let flash = flash_for(&page_flash().await, FormId::Alerts);
                    let alert = alert.await;
                    view! { <Unsubscribing flash token alert /> }
                })
            }}
        </Suspense>
    }
}

/// The question and its form (a plain form, see `kept_feedback`); once answered (the
/// page after the post), only the notice remains.
#[component]
fn Unsubscribing(
    flash: Option<FormFeedback>,
    token: String,
    alert: Result<Option<SavedSearch>, AppError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = flash.is_some();
    let feedback = kept_feedback(flash);
    let question = (!done).then(|| match alert {
        Ok(Some(alert)) => {
            let question = alert.description;
            view! {
                <p dir="auto">{t!(i18n, unsubscribe_question, search = question)}</p>
                <form method="post" action=Unsubscribe::PATH class="form">
                    <input type="hidden" name="token" value=token />
                    <button type="submit">{t_string!(i18n, unsubscribe_button)}</button>
                </form>
            }
            .into_any()
        }
        Ok(None) => {
            view! { <p class="form-error" role="alert">{t_string!(i18n, unsubscribe_invalid)}</p> }
                .into_any()
        }
        Err(_) => {
            view! { <p class="form-error" role="alert">{t_string!(i18n, error_internal)}</p> }
                .into_any()
        }
    });
    view! {
        <FormStatus feedback />
        {question}
    }
    .into_any()
}

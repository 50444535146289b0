//! `/report?target=post&id=5` (or `message`, `user`): tells the moderators about a post,
//! a message or a person, with a reason from a short list and the reporter's own words.
//! The server decides whether the reporter may report it (see `ssr::moderation::reports`).
use crate::api::reports::SendReport;
use crate::app::use_viewer;
use crate::components::form::{
    FormStatus, SelectField, TextArea, WithFlash, provide_page_flash, use_feedback,
};
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::conversation::REASON_MAX;
use crate::domain::moderation::{ReportReason, ReportTarget};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

pub fn reason_text(i18n: I18nContext<Locale>, reason: ReportReason) -> &'static str {
    match reason {
        ReportReason::Spam => t_string!(i18n, report_reason_spam),
        ReportReason::Offensive => t_string!(i18n, report_reason_offensive),
        ReportReason::Scam => t_string!(i18n, report_reason_scam),
        ReportReason::PersonalData => t_string!(i18n, report_reason_personal_data),
        ReportReason::Danger => t_string!(i18n, report_reason_danger),
        ReportReason::Other => t_string!(i18n, report_reason_other),
    }
}

#[component]
pub fn ReportPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let signed_in = use_viewer().is_some();
    let (target, id) = use_query_map().with_untracked(|q| {
        (
            q.get("target").and_then(|t| ReportTarget::parse(&t)),
            q.get("id").and_then(|id| id.parse::<i64>().ok()),
        )
    });
    view! {
        <Title text=t_string!(i18n, report_title).to_string() />
        <h1>{t!(i18n, report_title)}</h1>
        <p>{t!(i18n, report_intro)}</p>
        {match (target, id) {
            (Some(target), Some(id)) if target != ReportTarget::Conversation => {
                if signed_in {
                    view! {
                        <WithFlash form=FormId::Report render=move |flash| view! { <ReportForm flash target id /> } />
                    }.into_any()
                } else {
                    let next = format!("/report?target={}&id={id}", target.as_str());
                    view! {
                        <p><a href=format!("/login?next={}", urlencoding_lite(&next))>{t!(i18n, report_login)}</a></p>
                    }.into_any()
                }
            }
            _ => view! { <p class="form-error" role="alert">{t!(i18n, error_not_found)}</p> }.into_any(),
        }}
    }
}

/// Enough of percent-encoding for a path with a query as a `next` parameter.
fn urlencoding_lite(path: &str) -> String {
    path.replace('%', "%25")
        .replace('&', "%26")
        .replace('=', "%3D")
        .replace('?', "%3F")
}

#[component]
fn ReportForm(flash: Option<FormFeedback>, target: ReportTarget, id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SendReport>::new();
    let feedback = use_feedback(FormId::Report, action.value(), flash);
    let sent = move || feedback.get().is_some_and(|f| f.notice.is_some());
    let what = match target {
        ReportTarget::Post => t_string!(i18n, report_what_post),
        ReportTarget::Message => t_string!(i18n, report_what_message),
        _ => t_string!(i18n, report_what_person),
    };
    // No reason is chosen for the reporter: the first one would be sent by mistake.
    let options: Vec<(String, String)> = std::iter::once((
        String::new(),
        t_string!(i18n, report_reason_choose).to_string(),
    ))
    .chain(
        ReportReason::ALL
            .into_iter()
            .map(|r| (r.as_str().to_string(), reason_text(i18n, r).to_string())),
    )
    .collect();
    let selected = feedback
        .get_untracked()
        .and_then(|f| f.value("reason").map(str::to_string))
        .unwrap_or_default();
    view! {
        <FormStatus feedback />
        // After sending, only the thanks remain.
        {move || {
            let (options, selected) = (options.clone(), selected.clone());
            (!sent()).then(move || view! {
                <ActionForm action attr:class="form" attr:novalidate=true>
                    <p>{what}</p>
                    <input type="hidden" name="target" value=target.as_str() />
                    <input type="hidden" name="id" value=id.to_string() />
                    <SelectField name="reason" label=t_string!(i18n, report_reason).to_string()
                        options selected feedback />
                    <TextArea name="note" label=t_string!(i18n, report_note).to_string()
                        hint=t_string!(i18n, report_note_hint).to_string()
                        feedback rows=4 maxlength=REASON_MAX as u32 />
                    <button type="submit" disabled=move || action.pending().get()>{t!(i18n, report_send)}</button>
                </ActionForm>
            })
        }}
    }
}

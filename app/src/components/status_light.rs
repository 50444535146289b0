//! The traffic light every visitor can read: for a need red (open), yellow (someone is
//! in contact), green (fulfilled); for an offer available, reserved, gone. Colour is
//! never the only signal: each state has its own word and its own shape.
use crate::domain::post::{PostKind, PostStatus};
use crate::i18n::*;
use leptos::prelude::*;

#[component]
pub fn StatusLight(kind: PostKind, status: PostStatus) -> impl IntoView {
    let i18n = use_i18n();
    let word = move || match (kind, status) {
        (PostKind::Need, PostStatus::Open) => t_string!(i18n, status_need_open),
        (PostKind::Need, PostStatus::InContact) => t_string!(i18n, status_need_in_contact),
        (PostKind::Need, PostStatus::Fulfilled) => t_string!(i18n, status_need_fulfilled),
        (PostKind::Offer, PostStatus::Open) => t_string!(i18n, status_offer_open),
        (PostKind::Offer, PostStatus::InContact) => t_string!(i18n, status_offer_in_contact),
        (PostKind::Offer, PostStatus::Fulfilled) => t_string!(i18n, status_offer_fulfilled),
        (_, PostStatus::Closed) => t_string!(i18n, status_closed),
        (_, PostStatus::Expired) => t_string!(i18n, status_expired),
        (_, PostStatus::Pending) => t_string!(i18n, status_pending),
        (_, PostStatus::Rejected) => t_string!(i18n, status_rejected),
        (_, PostStatus::Removed) => t_string!(i18n, status_removed),
        (_, PostStatus::Hidden) => t_string!(i18n, status_hidden),
    };
    // Red, yellow, green for needs; offers read the other way round (available is good).
    let light = match (kind, status) {
        (PostKind::Need, PostStatus::Open) => "red",
        (_, PostStatus::InContact) => "yellow",
        (PostKind::Need, PostStatus::Fulfilled) | (PostKind::Offer, PostStatus::Open) => "green",
        _ => "grey",
    };
    let shape = match status {
        PostStatus::Open => "●",
        PostStatus::InContact => "◐",
        PostStatus::Fulfilled => "✓",
        PostStatus::Pending => "◌",
        PostStatus::Closed
        | PostStatus::Expired
        | PostStatus::Rejected
        | PostStatus::Removed
        | PostStatus::Hidden => "○",
    };
    view! {
        <span class=format!("status-light light-{light} status-{}", status.as_str())>
            <span class="status-shape" aria-hidden="true">{shape}</span>
            {word}
        </span>
    }
}

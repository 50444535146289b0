//! A post in a listing: title (linked), traffic light, category, place, excerpt.
//! Search hits arrive as marked pieces of plain text and are drawn as `<mark>`.
use super::status_light::StatusLight;
use crate::domain::listing::{Piece, PostCard};
use crate::domain::post::{PostKind, Urgency};
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;

/// Text with its search hits marked. Post text is always text, never markup.
#[component]
pub fn Marked(pieces: Vec<Piece>) -> impl IntoView {
    pieces
        .into_iter()
        .map(|piece| {
            if piece.hit {
                view! { <mark>{piece.text}</mark> }.into_any()
            } else {
                piece.text.into_any()
            }
        })
        .collect_view()
}

pub fn kind_text(i18n: leptos_i18n::I18nContext<Locale>, kind: PostKind) -> &'static str {
    match kind {
        PostKind::Offer => t_string!(i18n, kind_offer),
        PostKind::Need => t_string!(i18n, kind_need),
    }
}

pub fn urgency_text(i18n: leptos_i18n::I18nContext<Locale>, urgency: Urgency) -> &'static str {
    match urgency {
        Urgency::Low => t_string!(i18n, urgency_low),
        Urgency::Normal => t_string!(i18n, urgency_normal),
        Urgency::Urgent => t_string!(i18n, urgency_urgent),
    }
}

#[component]
pub fn PostCardView(card: PostCard) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let locale = i18n.get_locale_untracked();
    let category = site.category_name(&card.category, locale.as_str());
    let place = site.municipality_name(&card.municipality);
    let kind = card.kind;
    let urgent = card.urgency == Urgency::Urgent;
    let has_excerpt = !card.excerpt.is_empty();
    view! {
        <article class=format!("post-card kind-{}", kind.as_str())>
            {card.photo.map(|photo| view! {
                <img class="post-card-photo" src=format!("/photos/{photo}/thumb.jpg") alt="" width="96" height="96" loading="lazy" />
            })}
            <h3 class="post-card-title">
                <a href=format!("/posts/{}", card.id) lang=card.language.clone() dir="auto">
                    <Marked pieces=card.title />
                </a>
            </h3>
            <p class="post-card-facts">
                <span class="kind-label">{move || kind_text(i18n, kind)}</span>
                <StatusLight kind status=card.status />
                {urgent.then(|| view! { <span class="urgent-label">{move || t_string!(i18n, urgency_urgent)}</span> })}
                <span class="category-label">{category}</span>
                <span class="place-label">{place}</span>
            </p>
            {has_excerpt.then(|| view! {
                <p class="post-card-excerpt" lang=card.language.clone() dir="auto"><Marked pieces=card.excerpt /></p>
            })}
        </article>
    }
}

//! Match suggestions as a short list of cards: open offers for a need, open needs for an
//! offer (see `ssr::matching`). Shown on a post's page and while a new post is written.
use super::post_card::PostCardView;
use crate::domain::listing::PostCard;
use crate::domain::post::PostKind;
use crate::i18n::*;
use leptos::prelude::*;

/// The heading for suggestions that answer a post of `kind`.
pub fn matches_heading(i18n: leptos_i18n::I18nContext<Locale>, kind: PostKind) -> &'static str {
    match kind {
        PostKind::Need => t_string!(i18n, matches_for_need),
        PostKind::Offer => t_string!(i18n, matches_for_offer),
    }
}

/// The cards, or nothing when there are none.
#[component]
pub fn MatchList(cards: Vec<PostCard>) -> impl IntoView {
    (!cards.is_empty()).then(|| {
        view! {
            <ul class="match-list">
                {cards.into_iter().map(|card| view! { <li><PostCardView card /></li> }).collect_view()}
            </ul>
        }
    })
}

/// The suggestions shown while a post of `kind` is written (see
/// `api::matching::matches_while_writing`).
#[component]
pub fn WritingMatches(kind: PostKind, cards: Vec<PostCard>) -> impl IntoView {
    let i18n = use_i18n();
    let hint = match kind {
        PostKind::Need => t_string!(i18n, matches_writing_need),
        PostKind::Offer => t_string!(i18n, matches_writing_offer),
    };
    view! {
        <h2>{matches_heading(i18n, kind)}</h2>
        <p class="field-hint">{hint}</p>
        <MatchList cards />
    }
}

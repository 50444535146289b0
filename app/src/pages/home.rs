//! `/`: the district, its places and what people help with.
use crate::domain::site::{CategorySummary, HelpKind, Site};
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let site = expect_context::<Site>();
    view! {
        <Title text=crate::components::layout::title_text(&site.name) />
        <HomeIntro />
        <CategoriesAndPlaces />
    }
}

/// The district's name, what the platform is for, the two main ways in, and search.
/// (Its own component with an erased view type: one deep view type for the whole page
/// overflowed the compiler's query depth in the WASM build.)
#[component]
fn HomeIntro() -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    view! {
        <section class="intro" aria-labelledby="home-title">
            <h1 id="home-title">{site.name.clone()}</h1>
            <p class="tagline">{t!(i18n, site_tagline)}</p>
            <p>{t!(i18n, home_intro)}</p>
            <p class="home-actions">
                <a class="button" href="/posts/new?kind=need">{t!(i18n, home_need_help)}</a>
                <a class="button" href="/posts/new?kind=offer">{t!(i18n, home_offer_help)}</a>
            </p>
            <form class="home-search" method="get" action="/search" role="search">
                <label for="home-q">{t!(i18n, search_label)}</label>
                <input id="home-q" type="search" name="q" />
                <button type="submit">{t!(i18n, search_submit)}</button>
            </form>
            <p><a href="/needs">{t!(i18n, home_browse_needs)}</a> " · " <a href="/offers">{t!(i18n, home_browse_offers)}</a></p>
        </section>
    }
    .into_any()
}

#[component]
fn CategoriesAndPlaces() -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let default_locale = site.default_locale.clone();
    let categories = site.categories.clone();
    view! {
        <section aria-labelledby="categories-title">
            <h2 id="categories-title">{t!(i18n, categories_heading)}</h2>
            <ul class="category-list">
                {categories
                    .into_iter()
                    .map(|category| view! { <CategoryItem category default_locale=default_locale.clone() /> })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="municipalities-title">
            <h2 id="municipalities-title">{t!(i18n, municipalities_heading)}</h2>
            <ul class="municipality-list">
                {site
                    .municipalities
                    .iter()
                    .map(|m| view! { <li data-slug=m.slug.clone()>{m.name.clone()}</li> })
                    .collect_view()}
            </ul>
        </section>
    }
    .into_any()
}

#[component]
fn CategoryItem(category: CategorySummary, default_locale: String) -> impl IntoView {
    let i18n = use_i18n();
    let name = {
        let (text, fallback) = (category.name.clone(), default_locale.clone());
        move || text.get(i18n.get_locale().as_str(), &fallback).to_string()
    };
    let help = move || match category.help {
        HelpKind::Goods => t_string!(i18n, help_goods),
        HelpKind::Time => t_string!(i18n, help_time),
    };
    let children = category.children.clone();
    let has_children = !children.is_empty();
    view! {
        <li class="category" data-slug=category.slug.clone()>
            <a class="category-name" href=format!("/search?category={}", category.slug)>{name}</a>
            <span class=format!("help-kind help-{}", category.help.as_str())>{help}</span>
            {has_children.then(|| {
                view! {
                    <ul class="subcategory-list" aria-label=move || t_string!(i18n, subcategories_label)>
                        {children
                            .into_iter()
                            .map(|child| {
                                let (text, fallback) = (child.name.clone(), default_locale.clone());
                                view! {
                                    <li data-slug=child.slug.clone()>
                                        <a href=format!("/search?category={}", child.slug)>
                                            {move || text.get(i18n.get_locale().as_str(), &fallback).to_string()}
                                        </a>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
            })}
        </li>
    }
}

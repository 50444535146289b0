//! `/offers`, `/needs` and `/search`: posts with filters, sorting and pages. The filter
//! form is a plain GET form, so everything works without JavaScript and every result
//! page has its own address to share.
use crate::api::alerts::SaveSearch as SaveSearchAction;
use crate::api::posts::list_posts;
use crate::app::use_viewer;
use crate::components::form::{FormStatus, SelectField, WithFlash, use_feedback};
use crate::components::post_card::{PostCardView, urgency_text};
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::alert::Frequency;
use crate::domain::listing::encode;
use crate::domain::listing::{ListPage, ListQuery, Sort};
use crate::domain::post::{PostKind, Urgency};
use crate::domain::site::{HelpKind, Site, SiteInfo};
use crate::i18n::*;
use crate::pages::alerts::frequency_text;
use crate::pages::info::InfoHits;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::sync::Arc;

/// The filters in the address bar (`kind` is fixed by the page for offers and needs).
fn query_from_address(kind: Option<PostKind>) -> ListQuery {
    let map = use_query_map().get_untracked();
    ListQuery {
        kind: kind
            .map(|k| k.as_str().to_string())
            .or_else(|| map.get("kind")),
        help: map.get("help"),
        category: map.get("category"),
        municipality: map.get("municipality"),
        urgency: map.get("urgency"),
        q: map.get("q"),
        sort: map.get("sort"),
        near: map.get("near"),
        page: map.get("page"),
    }
}

#[component]
pub fn ListingPage(kind: Option<PostKind>) -> impl IntoView {
    let i18n = use_i18n();
    let query = query_from_address(kind);
    let results = Resource::new_blocking(
        {
            let query = query.clone();
            move || query.clone()
        },
        list_posts,
    );
    let title = match kind {
        Some(PostKind::Offer) => t_string!(i18n, listing_offers_title),
        Some(PostKind::Need) => t_string!(i18n, listing_needs_title),
        None => t_string!(i18n, listing_search_title),
    }
    .to_string();
    // Information pages answer questions too; shown above the posts on the first page.
    let info_words = query.q.clone().filter(|q| {
        kind.is_none() && !q.trim().is_empty() && query.page.as_deref().is_none_or(|p| p == "1")
    });
    let base = match kind {
        Some(PostKind::Offer) => "/offers",
        Some(PostKind::Need) => "/needs",
        None => "/search",
    };
    view! {
        <Title text=title.clone() />
        <h1>{title}</h1>
        <FilterForm query=query.clone() base fixed_kind=kind.is_some() />
        {info_words.map(|q| view! { <InfoHits q /> })}
        // A bare `Suspend`, no `<Suspense>` around it: the page is sent once the results
        // are in either way (in-order streaming, no JavaScript needed), and `<Suspense>`
        // built the results' view again in an effect task of its own (about a third
        // of the CPU of a rendered listing; and that task deadlocked once when the
        // visitor left half-way, see server/src/middleware/render_limit.rs).
        {Suspend::new(async move {
            match results.await {
                Ok(page) => view! {
                    <Results page query=query.clone() base />
                    <SaveSearch query />
                }.into_any(),
                Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
            }
        })}
    }
}

/// One `<select>` of the filter form with its label; "" means any.
#[component]
fn Filter(
    name: &'static str,
    label: String,
    any: String,
    options: Vec<(String, String)>,
    selected: Option<String>,
) -> impl IntoView {
    let id = format!("filter-{name}");
    let selected = selected.unwrap_or_default();
    view! {
        <div class="filter">
            <label for=id.clone()>{label}</label>
            <select id=id name=name>
                <option value="" selected=selected.is_empty()>{any}</option>
                {options
                    .into_iter()
                    .map(|(value, text)| {
                        let chosen = value == selected;
                        view! { <option value=value selected=chosen>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

/// Category options: each top-level category, then its subcategories indented.
pub fn category_options(site: &SiteInfo, locale: &str) -> Vec<(String, String)> {
    let mut options = Vec::new();
    for top in &site.categories {
        options.push((
            top.slug.clone(),
            top.name.get(locale, &site.default_locale).to_string(),
        ));
        for child in &top.children {
            options.push((
                child.slug.clone(),
                format!("– {}", child.name.get(locale, &site.default_locale)),
            ));
        }
    }
    options
}

#[component]
fn FilterForm(query: ListQuery, base: &'static str, fixed_kind: bool) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let locale = i18n.get_locale_untracked();
    let any = t_string!(i18n, filter_any).to_string();
    let places: Vec<(String, String)> = site
        .municipalities
        .iter()
        .map(|m| (m.slug.clone(), m.name.clone()))
        .collect();
    let sorts = vec![
        (
            Sort::Newest.as_str().to_string(),
            t_string!(i18n, sort_newest).to_string(),
        ),
        (
            Sort::Nearest.as_str().to_string(),
            t_string!(i18n, sort_nearest).to_string(),
        ),
        (
            Sort::Relevance.as_str().to_string(),
            t_string!(i18n, sort_relevance).to_string(),
        ),
    ];
    view! {
        <form class="filters" method="get" action=base role="search">
            <div class="search-field">
                <label for="filter-q">{t!(i18n, search_label)}</label>
                <input id="filter-q" type="search" name="q" value=query.q.clone().unwrap_or_default() />
            </div>
            {(!fixed_kind).then(|| view! {
                <Filter name="kind" label=t_string!(i18n, filter_kind).to_string() any=any.clone()
                    options=vec![
                        ("offer".to_string(), t_string!(i18n, kind_offer).to_string()),
                        ("need".to_string(), t_string!(i18n, kind_need).to_string()),
                    ]
                    selected=query.kind.clone() />
            })}
            <Filter name="help" label=t_string!(i18n, filter_help).to_string() any=any.clone()
                options=vec![
                    (HelpKind::Goods.as_str().to_string(), t_string!(i18n, help_goods).to_string()),
                    (HelpKind::Time.as_str().to_string(), t_string!(i18n, help_time).to_string()),
                ]
                selected=query.help.clone() />
            <Filter name="category" label=t_string!(i18n, filter_category).to_string() any=any.clone()
                options=category_options(&site, locale.as_str()) selected=query.category.clone() />
            <Filter name="municipality" label=t_string!(i18n, filter_municipality).to_string() any=any.clone()
                options=places.clone() selected=query.municipality.clone() />
            <Filter name="urgency" label=t_string!(i18n, filter_urgency).to_string() any=any.clone()
                options=Urgency::ALL.iter().rev().map(|u| (u.as_str().to_string(), urgency_text(i18n, *u).to_string())).collect()
                selected=query.urgency.clone() />
            <Filter name="sort" label=t_string!(i18n, filter_sort).to_string() any=t_string!(i18n, sort_default).to_string()
                options=sorts selected=query.sort.clone() />
            <Filter name="near" label=t_string!(i18n, filter_near).to_string() any=any.clone()
                options=places selected=query.near.clone() />
            <button type="submit">{t!(i18n, filter_apply)}</button>
        </form>
    }
}

/// Under a filtered listing: saving it as an alert (signed in), or a sign-in link.
#[component]
fn SaveSearch(query: ListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let query = query.for_alert();
    if !query.narrows() {
        return ().into_any();
    }
    let next = encode(&query.listing_path());
    view! {
        <section class="save-search" aria-labelledby="save-search-title">
            <h2 id="save-search-title">{t!(i18n, alert_save_heading)}</h2>
            {if use_viewer().is_some() {
                view! {
                    <WithFlash form=FormId::Alert render=move |flash| view! { <SaveSearchForm flash query=query.clone() /> } />
                }.into_any()
            } else {
                view! {
                    <p><a href=format!("/login?next={next}")>{t!(i18n, alert_sign_in)}</a></p>
                }.into_any()
            }}
        </section>
    }
    .into_any()
}

#[component]
fn SaveSearchForm(flash: Option<FormFeedback>, query: ListQuery) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SaveSearchAction>::new();
    let feedback = use_feedback(FormId::Alert, action.value(), flash);
    let hidden = [
        ("kind", query.kind.clone()),
        ("help", query.help.clone()),
        ("category", query.category.clone()),
        ("municipality", query.municipality.clone()),
        ("urgency", query.urgency.clone()),
        ("q", query.q.clone()),
    ];
    view! {
        <ActionForm action attr:class="form save-search-form">
            <FormStatus feedback />
            <p class="field-hint">{t!(i18n, alert_save_hint)}</p>
            {hidden
                .into_iter()
                .filter_map(|(name, value)| value.filter(|v| !v.trim().is_empty()).map(|v| (name, v)))
                .map(|(name, value)| view! { <input type="hidden" name=name value=value /> })
                .collect_view()}
            <SelectField name="frequency" label=t_string!(i18n, field_frequency).to_string() feedback
                options=Frequency::ALL.iter().map(|f| (f.as_str().to_string(), frequency_text(i18n, *f).to_string())).collect()
                selected=Frequency::Daily.as_str().to_string() />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, alert_save_button)}</button>
            " " <a href="/alerts">{t!(i18n, alerts_manage)}</a>
        </ActionForm>
    }
}

#[component]
fn Results(page: Arc<ListPage>, query: ListQuery, base: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let total = page.total;
    let (current, pages) = (page.page, page.pages);
    let previous = (current > 1).then(|| format!("{base}{}", query.with_page(current - 1)));
    let next = (current < pages).then(|| format!("{base}{}", query.with_page(current + 1)));
    let ignored = !page.ignored.is_empty();
    let empty = page.items.is_empty();
    view! {
        {ignored.then(|| view! { <p class="form-error" role="status">{t!(i18n, listing_ignored)}</p> })}
        <p class="result-count" role="status">{t!(i18n, listing_count, count = total)}</p>
        {empty.then(|| view! { <p class="empty">{t!(i18n, listing_empty)}</p> })}
        <div class="post-list">
            {page.items.iter().cloned().map(|card| view! { <PostCardView card /> }).collect_view()}
        </div>
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label=move || t_string!(i18n, pagination_label)>
                {previous.map(|href| view! { <a href=href rel="prev">{t!(i18n, page_previous)}</a> })}
                <span>{t!(i18n, page_of, page = current, pages = pages)}</span>
                {next.map(|href| view! { <a href=href rel="next">{t!(i18n, page_next)}</a> })}
            </nav>
        })}
    }
}

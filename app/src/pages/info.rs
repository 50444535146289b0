//! `/info` and `/info/{slug}`: the district's information pages by life situation, and
//! the search hits among them shown on `/search`.
use crate::api::info::{find_info, info_index, info_page};
use crate::components::post_card::Marked;
use crate::domain::error::AppError;
use crate::domain::info::{InfoGroup, InfoHit, InfoPageView, LifeSituation};
use crate::domain::locale::{direction, endonym};
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub fn situation_text(
    i18n: leptos_i18n::I18nContext<Locale>,
    situation: LifeSituation,
) -> &'static str {
    match situation {
        LifeSituation::Arriving => t_string!(i18n, info_situation_arriving),
        LifeSituation::Housing => t_string!(i18n, info_situation_housing),
        LifeSituation::Work => t_string!(i18n, info_situation_work),
        LifeSituation::Language => t_string!(i18n, info_situation_language),
        LifeSituation::ChildrenSchool => t_string!(i18n, info_situation_children_school),
        LifeSituation::Health => t_string!(i18n, info_situation_health),
        LifeSituation::Authorities => t_string!(i18n, info_situation_authorities),
    }
}

/// `lang`/`dir` for text that may be in another language than the page.
fn other_lang(lang: &str, page_locale: &str) -> (Option<String>, Option<&'static str>) {
    if lang == page_locale {
        (None, None)
    } else {
        (Some(lang.to_string()), Some(direction(lang)))
    }
}

#[component]
pub fn InfoIndexPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let place = use_query_map()
        .get_untracked()
        .get("municipality")
        .filter(|m| site.municipalities.iter().any(|p| &p.slug == m));
    let groups = Resource::new_blocking(
        {
            let place = place.clone();
            move || place.clone()
        },
        info_index,
    );
    let any = t_string!(i18n, info_all_places).to_string();
    let selected = place.unwrap_or_default();
    view! {
        <Title text=t_string!(i18n, info_title).to_string() />
        <h1>{t!(i18n, info_title)}</h1>
        <p>{t!(i18n, info_intro)}</p>
        <form class="filters" method="get" action="/info">
            <div class="filter">
                <label for="info-place">{t!(i18n, info_filter_place)}</label>
                <select id="info-place" name="municipality">
                    <option value="" selected=selected.is_empty()>{any}</option>
                    {site.municipalities.iter().map(|m| {
                        let chosen = m.slug == selected;
                        view! { <option value=m.slug.clone() selected=chosen>{m.name.clone()}</option> }
                    }).collect_view()}
                </select>
            </div>
            <button type="submit">{t!(i18n, info_filter_submit)}</button>
        </form>
        <Suspense>
            {move || Suspend::new(async move {
                match groups.await {
                    Ok(groups) if groups.is_empty() => view! { <p class="empty">{t!(i18n, info_empty)}</p> }.into_any(),
                    Ok(groups) => view! { <Groups groups /> }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Groups(groups: Vec<InfoGroup>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str();
    groups
        .into_iter()
        .map(|group| {
            let id = format!("situation-{}", group.situation.code());
            let labelled_by = id.clone();
            view! {
                <section class="info-group" aria-labelledby=labelled_by>
                    <h2 id=id>{situation_text(i18n, group.situation)}</h2>
                    <ul class="info-list">
                        {group.pages.into_iter().map(|page| {
                            let (lang, dir) = other_lang(&page.lang, locale);
                            view! {
                                <li>
                                    <a href=format!("/info/{}", page.slug) lang=lang dir=dir>{page.title}</a>
                                    {page.municipality.map(|place| view! {
                                        " " <span class="info-place">{t!(i18n, info_for_place, place = place)}</span>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            }
        })
        .collect_view()
}

#[component]
pub fn InfoPage() -> impl IntoView {
    let i18n = use_i18n();
    let slug = use_params_map()
        .get_untracked()
        .get("slug")
        .unwrap_or_default();
    let page = Resource::new_blocking(move || slug.clone(), info_page);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <InfoArticle page /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Title text=t_string!(i18n, info_not_found).to_string() />
                        <h1>{t!(i18n, info_not_found)}</h1>
                        <p><a href="/info">{t!(i18n, info_back)}</a></p>
                    }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn InfoArticle(page: InfoPageView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str();
    let (lang, dir) = other_lang(&page.lang, locale);
    let wanted = endonym(locale);
    let shown = endonym(&page.lang);
    view! {
        <Title text=page.title.clone() />
        <nav class="breadcrumb" aria-label=move || t_string!(i18n, info_breadcrumb)>
            <a href="/info">{t!(i18n, info_title)}</a>
            " › "
            <a href=format!("/info#situation-{}", page.situation.code())>{situation_text(i18n, page.situation)}</a>
        </nav>
        <article class="info-page" lang=lang.clone() dir=dir>
            <h1>{page.title.clone()}</h1>
            {page.fallback.then(|| view! {
                <p class="notice info-fallback" role="note" lang=locale.to_string() dir=direction(locale)>
                    {t!(i18n, info_fallback, language = wanted.clone(), shown = shown.clone())}
                </p>
            })}
            {page.municipality.clone().map(|place| view! {
                <p class="info-place" lang=locale.to_string() dir=direction(locale)>{t!(i18n, info_for_place, place = place)}</p>
            })}
            <div class="prose info-body" inner_html=page.html.clone()></div>
        </article>
        <p><a href="/info">{t!(i18n, info_back)}</a></p>
    }
}

/// On `/search`: information pages that answer the words, above the posts.
#[component]
pub fn InfoHits(q: String) -> impl IntoView {
    let hits = Resource::new_blocking(move || q.clone(), find_info);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match hits.await {
                    Ok(hits) if !hits.is_empty() => view! { <HitList hits /> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn HitList(hits: Vec<InfoHit>) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked().as_str();
    view! {
        <section class="info-hits" aria-labelledby="info-hits-title">
            <h2 id="info-hits-title">{t!(i18n, search_info_heading)}</h2>
            <ul class="info-list">
                {hits.into_iter().map(|hit| {
                    let (lang, dir) = other_lang(&hit.lang, locale);
                    view! {
                        <li lang=lang dir=dir>
                            <a href=format!("/info/{}", hit.slug)>{hit.title}</a>
                            <p class="excerpt"><Marked pieces=hit.excerpt /></p>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}

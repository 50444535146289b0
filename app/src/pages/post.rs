//! `/posts/{id}`: one offer or need, shareable. The preview card for messengers
//! (OpenGraph, Twitter) names the post, its place and district; never its author's
//! address or full name. The author (or a moderator) manages the post here.
use crate::api::conversations::AnswerPost;
use crate::api::posts::{ChangePostState, RemovePhoto, load_post};
use crate::api::reports::report_path;
use crate::components::form::{
    Field, FormStatus, TextArea, WithFlash, problem_text, provide_page_flash, use_feedback,
};
use crate::components::layout::title_text;
use crate::components::matches::{MatchList, matches_heading};
use crate::components::post_card::{kind_text, urgency_text};
use crate::components::status_light::StatusLight;
use crate::domain::account::{FormFeedback, FormId};
use crate::domain::conversation::MESSAGE_MAX;
use crate::domain::error::AppError;
use crate::domain::listing::PostCard;
use crate::domain::locale::short_date;
use crate::domain::post::{PHOTOS_PER_POST, PhotoInfo, PostKind, PostStatus, PostView};
use crate::domain::site::HelpKind;
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{Link, Meta, Title};
use leptos_router::hooks::use_params_map;

#[component]
pub fn PostPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let post = Resource::new_blocking(move || id.clone(), load_post);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match post.await {
                    Ok(post) => view! { <PostDetails post /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Title text=t_string!(i18n, post_not_found).to_string() />
                        <h1>{t!(i18n, post_not_found)}</h1>
                        <p><a href="/needs">{t!(i18n, nav_needs)}</a> " · " <a href="/offers">{t!(i18n, nav_offers)}</a></p>
                    }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The first sentence-ish of a text for previews: at most `max` characters, cut at a word.
fn preview(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    match cut.rfind(' ') {
        Some(at) => format!("{}…", &cut[..at]),
        None => format!("{cut}…"),
    }
}

#[component]
fn PostDetails(post: PostView) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let category = site.category_name(&post.category, &locale);
    let place = site.municipality_name(&post.municipality);
    let kind = post.kind;
    let summary = format!("{} · {} · {}", kind_text(i18n, kind), place, site.name);
    let description = if post.description.is_empty() {
        summary.clone()
    } else {
        format!("{summary}: {}", preview(&post.description, 160))
    };
    let path = format!("/posts/{}", post.id);
    let paragraphs: Vec<String> = post
        .description
        .split("\n\n")
        .map(str::to_string)
        .filter(|p| !p.trim().is_empty())
        .collect();
    let created = short_date(post.created_at, &locale);
    let expires = short_date(post.expires_at, &locale);
    let can_edit = post.can_edit;
    view! {
        <Title text=title_text(&post.title) />
        <Meta name="description" content=description.clone() />
        <Meta property="og:type" content="article" />
        <Meta property="og:title" content=post.title.clone() />
        <Meta property="og:description" content=description.clone() />
        <Meta property="og:site_name" content=site.name.clone() />
        <Meta property="og:url" content=format!("{}{path}", site.public_url) />
        {post.photos.first().map(|photo| view! {
            <Meta property="og:image" content=format!("{}/photos/{}/display.jpg", site.public_url, photo.id) />
            <Meta property="og:image:alt" content=photo.alt.clone() />
        })}
        <Meta name="twitter:card" content=if post.photos.is_empty() { "summary" } else { "summary_large_image" } />
        <Meta name="twitter:title" content=post.title.clone() />
        <Meta name="twitter:description" content=description />
        <Link rel="canonical" href=path />
        <article class=format!("post kind-{}", kind.as_str())>
            <WithFlash form=FormId::Post render=|flash| view! { <PostNotice flash /> } />
            <p class="post-kind">{move || kind_text(i18n, kind)}</p>
            <h1 lang=post.language.clone() dir="auto">{post.title.clone()}</h1>
            <p class="post-status"><StatusLight kind status=post.status /></p>
            {can_edit.then(|| view! { <ModerationNote post=post.clone() /> })}
            <dl class="facts">
                <dt>{t!(i18n, filter_category)}</dt>
                <dd><a href=format!("/{}s?category={}", kind.as_str(), post.category)>{category}</a></dd>
                <dt>{t!(i18n, filter_municipality)}</dt>
                <dd>{place}</dd>
                <dt>{t!(i18n, filter_urgency)}</dt>
                <dd>{move || urgency_text(i18n, post.urgency)}</dd>
                {post.quantity.map(|q| view! { <dt>{t!(i18n, post_quantity)}</dt><dd>{q}</dd> })}
                {post.availability.clone().map(|a| view! {
                    <dt>{t!(i18n, post_availability)}</dt><dd lang=post.language.clone() dir="auto">{a}</dd>
                })}
                <dt>{t!(i18n, post_author)}</dt>
                <dd>
                    // In an organisation's name: the organisation answers for it, not the person.
                    {match post.organisation.clone() {
                        Some(org) => view! { <a href=org.href() dir="auto">{org.name.clone()}</a> }.into_any(),
                        None => view! { <bdi>{post.author_name.clone()}</bdi> }.into_any(),
                    }}
                    {post.for_someone.then(|| view! { " " <span class="for-someone">{t!(i18n, post_for_someone)}</span> })}
                </dd>
                <dt>{t!(i18n, post_posted)}</dt>
                <dd>{created}</dd>
            </dl>
            <div class="post-description" lang=post.language.clone() dir="auto">
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
            <Gallery photos=post.photos.clone() />
        </article>
        <Answer post=post.clone() />
        // Anyone signed in may tell the moderators about someone else's post.
        {(post.signed_in && !can_edit && post.status.is_public()).then(|| view! {
            <p class="post-report"><a href=report_path("post", post.id)>{t!(i18n, report_post_link)}</a></p>
        })}
        <Matches kind cards=post.matches.clone() />
        {can_edit.then(|| view! {
            <section class="post-manage" aria-labelledby="manage-title">
                <h2 id="manage-title">{t!(i18n, post_manage)}</h2>
                {post.for_whom.clone().map(|name| view! {
                    <p class="for-whom" dir="auto">{t!(i18n, post_for_whom, name = name)} " " {t!(i18n, post_for_whom_private)}</p>
                })}
                <p>{t!(i18n, post_expires, date = expires.clone())}</p>
                <WithFlash form=FormId::PostState render={
                    let post = post.clone();
                    move |flash| view! { <ManagePost flash post=post.clone() /> }
                } />
                {(correctable(post.status) && post.help == HelpKind::Goods).then(|| view! {
                    <WithFlash form=FormId::Photos render=move |flash| view! { <ManagePhotos flash post=post.clone() /> } />
                })}
            </section>
        })}
    }
}

/// "I can help" on a need, "I'm interested" on an offer: a first message to the author,
/// which opens a private conversation. Visitors are asked to sign in first.
#[component]
fn Answer(post: PostView) -> impl IntoView {
    let i18n = use_i18n();
    let kind = post.kind;
    let heading = move || match kind {
        PostKind::Need => t_string!(i18n, answer_need),
        PostKind::Offer => t_string!(i18n, answer_offer),
    };
    if post.can_answer {
        let id = post.id;
        view! {
            <section class="answer" aria-labelledby="answer-title">
                <h2 id="answer-title">{heading}</h2>
                <WithFlash form=FormId::Answer render=move |flash| view! { <AnswerForm flash id kind /> } />
            </section>
        }
        .into_any()
    } else if !post.signed_in && post.status.is_active() {
        view! {
            <section class="answer" aria-labelledby="answer-title">
                <h2 id="answer-title">{heading}</h2>
                <p>
                    <a class="button" href=format!("/login?next=/posts/{}", post.id)>{t!(i18n, answer_sign_in)}</a>
                    " " <a href="/register">{t!(i18n, nav_register)}</a>
                </p>
            </section>
        }
        .into_any()
    } else {
        ().into_any()
    }
}

#[component]
fn AnswerForm(flash: Option<FormFeedback>, id: i64, kind: PostKind) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<AnswerPost>::new();
    let feedback = use_feedback(FormId::Answer, action.value(), flash);
    let button = move || match kind {
        PostKind::Need => t_string!(i18n, answer_need),
        PostKind::Offer => t_string!(i18n, answer_offer),
    };
    view! {
        <ActionForm action attr:class="form">
            <FormStatus feedback />
            <input type="hidden" name="post_id" value=id.to_string() />
            <TextArea name="message" label=t_string!(i18n, field_message).to_string()
                hint=t_string!(i18n, answer_hint).to_string()
                feedback rows=4 maxlength=MESSAGE_MAX as u32 />
            <button type="submit" disabled=move || action.pending().get()>{button}</button>
        </ActionForm>
    }
}

/// Open posts of the other kind that may answer this one.
#[component]
fn Matches(kind: PostKind, cards: Vec<PostCard>) -> impl IntoView {
    let i18n = use_i18n();
    (!cards.is_empty()).then(|| {
        view! {
            <section class="matches" aria-labelledby="matches-title">
                <h2 id="matches-title">{move || matches_heading(i18n, kind)}</h2>
                <MatchList cards />
            </section>
        }
    })
}

/// "Saved" after writing or editing (kept in the session across the redirect).
#[component]
fn PostNotice(flash: Option<FormFeedback>) -> impl IntoView {
    let feedback = Signal::derive(move || flash.clone());
    view! { <FormStatus feedback /> }
}

/// Its author (or a moderator) may still correct it: listed, or waiting for review.
fn correctable(status: PostStatus) -> bool {
    status.is_active() || status == PostStatus::Pending
}

/// For the author and moderators: why the post is not public (waiting for review,
/// rejected or removed with the moderators' reason, hidden with a blocked account).
#[component]
fn ModerationNote(post: PostView) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let days = site.reaction_days;
    let reason = post.moderation_reason.clone().unwrap_or_default();
    let (text, reason) = match post.status {
        PostStatus::Pending => (
            t_string!(i18n, moderation_note_pending, count = days).to_string(),
            None,
        ),
        PostStatus::Rejected => (
            t_string!(i18n, moderation_note_rejected).to_string(),
            Some(reason),
        ),
        PostStatus::Removed => (
            t_string!(i18n, moderation_note_removed).to_string(),
            Some(reason),
        ),
        PostStatus::Hidden => (t_string!(i18n, moderation_note_hidden).to_string(), None),
        _ => return None,
    };
    Some(view! {
        <div class="moderation-note" role="status">
            <p>{text}</p>
            {reason.filter(|r| !r.is_empty()).map(|r| view! {
                <p>{t!(i18n, moderation_note_reason)} " " <q dir="auto">{r}</q></p>
            })}
        </div>
    })
}

#[component]
fn ManagePost(flash: Option<FormFeedback>, post: PostView) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ChangePostState>::new();
    let feedback = use_feedback(FormId::PostState, action.value(), flash);
    let id = post.id.to_string();
    let active = post.status.is_active();
    let correctable = correctable(post.status);
    let renewable = post.can_renew;
    let button = move |to: &'static str, label: String, class: &'static str| {
        let id = id.clone();
        view! {
            <ActionForm action attr:class="inline-form">
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="to" value=to />
                <button type="submit" class=class disabled=move || action.pending().get()>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <FormStatus feedback />
        <div class="post-actions">
            {correctable.then(|| view! { <a class="button" href=format!("/posts/{}/edit", post.id)>{t!(i18n, post_edit)}</a> })}
            {active.then(|| button("fulfilled", t_string!(i18n, post_fulfil).to_string(), ""))}
            {renewable.then(|| button("renewed", t_string!(i18n, post_renew).to_string(), ""))}
            {active.then(|| button("closed", t_string!(i18n, post_close).to_string(), "danger"))}
        </div>
    }
}

/// The post's photos: small versions linking to the large ones.
#[component]
fn Gallery(photos: Vec<PhotoInfo>) -> impl IntoView {
    (!photos.is_empty()).then(|| {
        view! {
            <ul class="gallery">
                {photos
                    .into_iter()
                    .map(|photo| {
                        let (width, height) = photo.thumb_size();
                        view! {
                            <li>
                                <a href=format!("/photos/{}/display.jpg", photo.id)>
                                    <img src=format!("/photos/{}/thumb.jpg", photo.id) alt=photo.alt.clone()
                                        width=width height=height loading="lazy" />
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
    })
}

/// Adding photos (a plain multipart form, the same with or without JavaScript) and
/// removing them.
#[component]
fn ManagePhotos(flash: Option<FormFeedback>, post: PostView) -> impl IntoView {
    let i18n = use_i18n();
    let remove = ServerAction::<RemovePhoto>::new();
    let removed = use_feedback(FormId::Photos, remove.value(), None);
    let feedback = Signal::derive(move || flash.clone());
    let photo_problem = move || feedback.get().and_then(|f| f.problem("photo"));
    let room = post.photos.len() < PHOTOS_PER_POST;
    view! {
        <h3>{t!(i18n, photos_heading)}</h3>
        <FormStatus feedback />
        <FormStatus feedback=removed />
        <ul class="photo-manage">
            {post.photos.iter().map(|photo| {
                let id = photo.id.to_string();
                let (width, height) = photo.thumb_size();
                view! {
                    <li>
                        <img src=format!("/photos/{}/thumb.jpg", photo.id) alt=photo.alt.clone()
                            width=width / 2 height=height / 2 loading="lazy" />
                        <ActionForm action=remove attr:class="inline-form">
                            <input type="hidden" name="id" value=id />
                            <button type="submit" class="danger">{t!(i18n, photo_remove)}</button>
                        </ActionForm>
                    </li>
                }
            }).collect_view()}
        </ul>
        {room.then(|| view! {
            <form class="form" method="post" enctype="multipart/form-data" action=format!("/posts/{}/photos", post.id)>
                <div class="field" class:field-invalid=move || photo_problem().is_some()>
                    <label for="field-photo">{t!(i18n, field_photo)}</label>
                    <p class="field-hint" id="field-photo-hint">{t!(i18n, field_photo_hint)}</p>
                    <input id="field-photo" type="file" name="photo" accept="image/jpeg,image/png,image/webp" required=true
                        aria-invalid=move || photo_problem().map(|_| "true")
                        aria-describedby=move || if photo_problem().is_some() { "field-photo-hint field-photo-error" } else { "field-photo-hint" } />
                    {move || photo_problem().map(|p| view! { <p class="field-error" id="field-photo-error">{problem_text(i18n, p)}</p> })}
                </div>
                <Field name="alt" required=false label=t_string!(i18n, field_photo_alt).to_string()
                    hint=t_string!(i18n, field_photo_alt_hint).to_string() feedback />
                <button type="submit">{t!(i18n, photo_upload)}</button>
            </form>
        })}
    }
}

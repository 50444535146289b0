//! `/posts/new` and `/posts/{id}/edit`: writing an offer or a need. One form for both;
//! it works as a plain form post, keeps what was typed when something is wrong, and
//! names the problem next to each field.
use crate::api::matching::matches_while_writing;
use crate::api::organisations::my_organisations;
use crate::api::posts::{CreatePost, EditPost, load_post};
use crate::app::use_viewer;
use crate::components::form::{
    Feedback, Field, FormStatus, SelectField, TextArea, WithFlash, flash_for, page_flash,
    problem_text, provide_page_flash, use_feedback,
};
use crate::components::post_card::urgency_text;
use crate::domain::account::{FormFeedback, FormId, Role};
use crate::domain::error::AppError;
use crate::domain::locale::endonym;
use crate::domain::organisation::OrganisationRef;
use crate::domain::post::{
    DESCRIPTION_MAX, FOR_WHOM_MAX, PostInput, PostKind, PostView, QUANTITY_MAX, TITLE_MAX, Urgency,
};
use crate::domain::site::Site;
use crate::i18n::*;
use crate::pages::listing::category_options;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn NewPostPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let viewer = use_viewer();
    let kind = use_query_map()
        .get_untracked()
        .get("kind")
        .filter(|k| PostKind::parse(k).is_some())
        .unwrap_or_else(|| PostKind::Need.as_str().to_string());
    let locale = i18n.get_locale_untracked().as_str().to_string();
    let language = if site.locales.contains(&locale) {
        locale
    } else {
        site.default_locale.clone()
    };
    let start = PostInput {
        kind,
        urgency: Urgency::Normal.as_str().to_string(),
        language,
        ..PostInput::default()
    };
    let Some(viewer) = viewer else {
        return view! { <Redirect path="/login?next=/posts/new" /> }.into_any();
    };
    let coordinator = viewer.role.includes(Role::Coordinator);
    let organisations = Resource::new_blocking(|| (), |_| my_organisations());
    view! {
        <Title text=t_string!(i18n, new_post_title).to_string() />
        <h1>{t!(i18n, new_post_title)}</h1>
        <Suspense>
            {move || {
                let start = start.clone();
                Suspend::new(async move {
                    // One wait for the organisations and the form's feedback alike.
                    let organisations = organisations.await.unwrap_or_default();
                    let flash = flash_for(&page_flash().await, FormId::Post);
                    view! { <NewPostForm flash start coordinator organisations /> }
                })
            }}
        </Suspense>
    }
    .into_any()
}

#[component]
fn NewPostForm(
    flash: Option<FormFeedback>,
    start: PostInput,
    coordinator: bool,
    organisations: Vec<OrganisationRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<CreatePost>::new();
    let feedback = use_feedback(FormId::Post, action.value(), flash);
    view! {
        <ActionForm action attr:class="form post-form" attr:novalidate=true>
            <FormStatus feedback />
            <PostFields feedback start coordinator organisations />
            <LiveMatches />
            <button type="submit">{t!(i18n, post_submit)}</button>
        </ActionForm>
    }
}

/// What the form asks for suggestions: kind, category, municipality, title.
type Question = (String, String, String, String);

/// Pause in typing before suggestions are asked for (each question is a request on
/// someone's metered connection).
const ASK_AFTER_MS: u64 = 400;

/// Suggestions while writing, with JavaScript (without it, the post's page shows them
/// after posting): an island in the new-post form that listens to the form around it
/// and, after a pause, shows the posts that already match what is being written, as
/// the server renders them (`matches_while_writing`). Only the latest question's answer
/// is shown; the same question is not asked twice in a row. Announced to screen readers
/// as it changes.
#[island]
fn LiveMatches() -> impl IntoView {
    let region = NodeRef::<leptos::html::Div>::new();
    let found = RwSignal::new(String::new());
    let asked = StoredValue::new(0u64);
    let last = StoredValue::new(None::<Question>);
    let pending = StoredValue::new(None::<TimeoutHandle>);
    let on_edit = move |ev: leptos::ev::Event| {
        let Some(question) = question_of(&ev, region) else {
            return;
        };
        if last.get_value().as_ref() == Some(&question) {
            return;
        }
        last.set_value(Some(question.clone()));
        if let Some(handle) = pending.get_value() {
            handle.clear();
        }
        let ask = move || {
            let (kind, category, municipality, title) = question;
            if category.is_empty() && title.trim().chars().count() < 3 {
                found.set(String::new());
                return;
            }
            let n = asked.get_value() + 1;
            asked.set_value(n);
            leptos::task::spawn_local(async move {
                if let Ok(html) = matches_while_writing(kind, category, municipality, title).await
                    && asked.get_value() == n
                {
                    found.set(html);
                }
            });
        };
        let handle = set_timeout_with_handle(ask, std::time::Duration::from_millis(ASK_AFTER_MS));
        pending.set_value(handle.ok());
    };
    // `input` and `change` reach the window from every field of the form. Effects run
    // only in the browser; `data-live` tells that the island listens (the tests wait).
    let live = RwSignal::new(false);
    Effect::new(move |_| {
        let _ = window_event_listener(leptos::ev::input, on_edit);
        let _ = window_event_listener(leptos::ev::change, on_edit);
        live.set(true);
    });
    view! {
        <div class="live-matches" aria-live="polite" node_ref=region
            data-live=move || live.get().then_some("true") inner_html=move || found.get()></div>
    }
}

/// The form's current question, if `ev` comes from the form around `region`.
fn question_of(ev: &leptos::ev::Event, region: NodeRef<leptos::html::Div>) -> Option<Question> {
    use wasm_bindgen::JsCast;
    let element = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
    let form = element.closest("form").ok()??;
    let ours = region.get_untracked()?.closest("form").ok()??;
    if !form.is_same_node(Some(&ours)) {
        return None;
    }
    let form = form.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    let field = |name: &str| data.get(name).as_string().unwrap_or_default();
    Some((
        field("kind"),
        field("category"),
        field("municipality"),
        field("title"),
    ))
}

#[component]
pub fn EditPostPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let coordinator = use_viewer().is_some_and(|v| v.role.includes(Role::Coordinator));
    let id = use_params_map()
        .get_untracked()
        .get("id")
        .unwrap_or_default();
    let post = Resource::new_blocking(
        {
            let id = id.clone();
            move || id.clone()
        },
        load_post,
    );
    let organisations = Resource::new_blocking(|| (), |_| my_organisations());
    view! {
        <Title text=t_string!(i18n, edit_post_title).to_string() />
        <h1>{t!(i18n, edit_post_title)}</h1>
        <Suspense>
            {move || {
                let id = id.clone();
                Suspend::new(async move {
                    let organisations = organisations.await.unwrap_or_default();
                    match post.await {
                        Ok(post) if post.can_edit => view! {
                            <WithFlash form=FormId::Post render=move |flash| view! {
                                <EditPostForm flash post=post.clone() coordinator organisations=organisations.clone() />
                            } />
                        }.into_any(),
                        Ok(post) => view! {
                            <p class="form-error" role="alert">{t!(i18n, error_forbidden)}</p>
                            <p><a href=format!("/posts/{}", post.id)>{t!(i18n, renew_to_post)}</a></p>
                        }.into_any(),
                        Err(AppError::NotFound) => view! {
                            <p class="form-error" role="alert">{t!(i18n, post_not_found)}</p>
                            <p><a href="/needs">{t!(i18n, nav_needs)}</a> " · " <a href="/offers">{t!(i18n, nav_offers)}</a></p>
                        }.into_any(),
                        Err(_) => view! { <Redirect path=format!("/login?next=/posts/{id}/edit") /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn EditPostForm(
    flash: Option<FormFeedback>,
    post: PostView,
    coordinator: bool,
    organisations: Vec<OrganisationRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<EditPost>::new();
    let feedback = use_feedback(FormId::Post, action.value(), flash);
    view! {
        <ActionForm action attr:class="form post-form" attr:novalidate=true>
            <FormStatus feedback />
            <input type="hidden" name="id" value=post.id.to_string() />
            <PostFields feedback start=post.as_input() coordinator organisations />
            // A moderator correcting a post from the review queue approves it in the same step.
            {post.can_approve.then(|| view! {
                <p class="field checkbox-field">
                    <input id="approve" type="checkbox" name="approve" value="1" checked=true />
                    <label for="approve">{t!(i18n, moderation_approve_on_save)}</label>
                </p>
            })}
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, post_save)}</button>
            " "
            <a href=format!("/posts/{}", post.id)>{t!(i18n, cancel)}</a>
        </ActionForm>
    }
}

/// The fields of a post, filled with what was typed before, else with `start`.
/// Coordinators also say whom the post is for, and may post in the name of an
/// organisation they belong to.
#[component]
fn PostFields(
    feedback: Feedback,
    start: PostInput,
    coordinator: bool,
    organisations: Vec<OrganisationRef>,
) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let locale = i18n.get_locale_untracked();
    let kept = move |name: &str, fallback: &str| {
        feedback
            .get_untracked()
            .and_then(|f| f.value(name).map(str::to_string))
            .unwrap_or_else(|| fallback.to_string())
    };
    let kind = kept("kind", &start.kind);
    let kind_problem = move || feedback.get().and_then(|f| f.problem("kind"));
    let mut categories = vec![(String::new(), t_string!(i18n, field_choose).to_string())];
    categories.extend(category_options(&site, locale.as_str()));
    let mut places = vec![(String::new(), t_string!(i18n, field_choose).to_string())];
    places.extend(
        site.municipalities
            .iter()
            .map(|m| (m.slug.clone(), m.name.clone())),
    );
    let choice = |value: PostKind, label: String, kind: &str| {
        let id = format!("field-kind-{}", value.as_str());
        view! {
            <div class="check">
                <input type="radio" id=id.clone() name="kind" value=value.as_str() checked=kind == value.as_str() />
                <label for=id>{label}</label>
            </div>
        }
    };
    view! {
        <fieldset class="field" aria-describedby=move || kind_problem().map(|_| "field-kind-error")>
            <legend>{t!(i18n, field_kind)}</legend>
            {choice(PostKind::Need, t_string!(i18n, kind_need_choice).to_string(), &kind)}
            {choice(PostKind::Offer, t_string!(i18n, kind_offer_choice).to_string(), &kind)}
            {move || kind_problem().map(|p| view! { <p class="field-error" id="field-kind-error">{problem_text(i18n, p)}</p> })}
        </fieldset>
        <SelectField name="category" label=t_string!(i18n, field_category).to_string() feedback
            options=categories selected=kept("category", &start.category) />
        <SelectField name="municipality" label=t_string!(i18n, field_post_municipality).to_string() feedback
            options=places selected=kept("municipality", &start.municipality) />
        <Field name="title" label=t_string!(i18n, field_title).to_string() feedback
            hint=t_string!(i18n, field_title_hint, max = TITLE_MAX).to_string() value=start.title.clone() />
        <TextArea name="description" label=t_string!(i18n, field_description).to_string() feedback
            hint=t_string!(i18n, field_description_hint).to_string() value=start.description.clone()
            maxlength=DESCRIPTION_MAX as u32 />
        <Field name="quantity" kind="number" required=false label=t_string!(i18n, field_quantity).to_string() feedback
            hint=t_string!(i18n, field_quantity_hint, max = QUANTITY_MAX).to_string() value=start.quantity.clone() />
        <Field name="availability" required=false label=t_string!(i18n, field_availability).to_string() feedback
            hint=t_string!(i18n, field_availability_hint).to_string() value=start.availability.clone() />
        <SelectField name="urgency" label=t_string!(i18n, field_urgency).to_string() feedback
            options=Urgency::ALL.iter().map(|u| (u.as_str().to_string(), urgency_text(i18n, *u).to_string())).collect()
            selected=kept("urgency", &start.urgency) />
        <SelectField name="language" label=t_string!(i18n, field_post_language).to_string() feedback
            options=site.locales.iter().map(|code| (code.clone(), endonym(code))).collect()
            selected=kept("language", &start.language) />
        {coordinator.then(|| view! {
            <Field name="for_whom" required=false label=t_string!(i18n, field_for_whom).to_string() feedback
                hint=t_string!(i18n, field_for_whom_hint, max = FOR_WHOM_MAX).to_string() value=start.for_whom.clone() />
        })}
        // Sent in an organisation's name by someone who (no longer) belongs to it: the
        // field is not offered to them, so say it here.
        {(!coordinator || organisations.is_empty()).then_some(move || {
            feedback.get().and_then(|f| f.problem("organisation")).map(|_| view! {
                <p class="form-error" role="alert">{t!(i18n, post_as_not_member)}</p>
            })
        })}
        {(coordinator && !organisations.is_empty()).then(|| {
            let mut options = vec![(String::new(), t_string!(i18n, field_post_as_self).to_string())];
            options.extend(organisations.iter().map(|o| (o.slug.clone(), o.name.clone())));
            view! {
                <SelectField name="organisation" label=t_string!(i18n, field_post_as).to_string() feedback
                    options selected=kept("organisation", &start.organisation) />
            }
        })}
    }
}

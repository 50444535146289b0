//! `/organisations` and `/organisations/{slug}`: initiatives, welcome circles and
//! associations of the district, each with its description, place, current posts and a
//! contact form that never shows the organisation's address.
use crate::api::organisations::{
    ContactOrganisation, NEW_PATH, edit_path, list_organisations, load_organisation,
};
use crate::app::use_viewer;
use crate::components::form::{FormStatus, TextArea, WithFlash, provide_page_flash, use_feedback};
use crate::components::post_card::PostCardView;
use crate::domain::account::{FormFeedback, FormId, Role};
use crate::domain::error::AppError;
use crate::domain::organisation::{
    CONTACT_MAX, OrganisationKind, OrganisationProfile, OrganisationSummary, paragraphs,
};
use crate::domain::site::Site;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

pub fn kind_text(i18n: leptos_i18n::I18nContext<Locale>, kind: OrganisationKind) -> &'static str {
    match kind {
        OrganisationKind::Initiative => t_string!(i18n, org_kind_initiative),
        OrganisationKind::WelcomeCircle => t_string!(i18n, org_kind_welcome_circle),
        OrganisationKind::Association => t_string!(i18n, org_kind_association),
    }
}

#[component]
pub fn OrganisationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let list = Resource::new_blocking(|| (), |_| list_organisations());
    let admin = use_viewer().is_some_and(|v| v.role.includes(Role::Admin));
    view! {
        <Title text=t_string!(i18n, org_list_title).to_string() />
        <h1>{t!(i18n, org_list_title)}</h1>
        <p>{t!(i18n, org_list_intro)}</p>
        <Suspense>
            {move || Suspend::new(async move {
                let list = match list.await {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, org_list_empty)}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="organisation-list">
                            {list.into_iter().map(|org| view! { <SummaryLine org /> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                };
                view! {
                    {admin.then(|| view! { <p><a class="button" href=NEW_PATH>{t!(i18n, org_new)}</a></p> })}
                    {list}
                }
            })}
        </Suspense>
    }
}

#[component]
fn SummaryLine(org: OrganisationSummary) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let place = site.municipality_name(&org.municipality);
    let open = org.open_posts;
    view! {
        <li>
            <h2><a href=format!("/organisations/{}", org.slug) dir="auto">{org.name.clone()}</a></h2>
            <p class="organisation-facts">
                {move || kind_text(i18n, org.kind)} " · " {place} " · "
                {t!(i18n, org_open_posts, count = open)}
            </p>
        </li>
    }
}

#[component]
pub fn OrganisationPage() -> impl IntoView {
    provide_page_flash();
    let i18n = use_i18n();
    let slug = use_params_map()
        .get_untracked()
        .get("slug")
        .unwrap_or_default();
    let profile = Resource::new_blocking(
        {
            let slug = slug.clone();
            move || slug.clone()
        },
        load_organisation,
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match profile.await {
                    Ok(org) => view! { <Profile org /> }.into_any(),
                    Err(AppError::NotFound) => view! {
                        <Title text=t_string!(i18n, org_not_found).to_string() />
                        <h1>{t!(i18n, org_not_found)}</h1>
                        <p><a href="/organisations">{t!(i18n, org_list_title)}</a></p>
                    }.into_any(),
                    Err(_) => view! { <p class="form-error" role="alert">{t!(i18n, error_internal)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(org: OrganisationProfile) -> impl IntoView {
    let i18n = use_i18n();
    let site = expect_context::<Site>();
    let place = site.municipality_name(&org.municipality);
    let kind = org.kind;
    let posts = org.posts.clone();
    view! {
        <Title text=org.name.clone() />
        <WithFlash form=FormId::Organisation render=move |flash| view! { <FormStatus feedback=Signal::stored(flash) /> } />
        <article class="organisation">
            <h1 dir="auto">{org.name.clone()}</h1>
            <p class="organisation-facts">{move || kind_text(i18n, kind)} " · " {place}</p>
            {org.can_edit.then(|| view! {
                <p><a href=edit_path(&org.slug)>{t!(i18n, org_edit)}</a></p>
            })}
            <div class="organisation-description" dir="auto">
                {paragraphs(&org.description).into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </div>
        </article>
        <section aria-labelledby="org-posts">
            <h2 id="org-posts">{t!(i18n, org_posts_heading)}</h2>
            {if posts.is_empty() {
                view! { <p class="empty">{t!(i18n, org_posts_empty)}</p> }.into_any()
            } else {
                view! {
                    <div class="post-list">
                        {posts.into_iter().map(|card| view! { <PostCardView card /> }).collect_view()}
                    </div>
                }.into_any()
            }}
        </section>
        <section aria-labelledby="org-contact">
            <h2 id="org-contact">{t!(i18n, org_contact_heading, name = org.name.clone())}</h2>
            {if org.signed_in {
                let slug = org.slug.clone();
                view! {
                    <WithFlash form=FormId::OrganisationContact render=move |flash| view! { <ContactForm flash slug=slug.clone() /> } />
                }.into_any()
            } else {
                view! {
                    <p>
                        <a href=format!("/login?next=/organisations/{}", org.slug)>{t!(i18n, org_contact_login)}</a>
                    </p>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn ContactForm(flash: Option<FormFeedback>, slug: String) -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ContactOrganisation>::new();
    let feedback = use_feedback(FormId::OrganisationContact, action.value(), flash);
    // Once sent, the redirect shows an empty form; after an error it keeps what was typed.
    view! {
        <ActionForm action attr:class="form" attr:novalidate=true>
            <FormStatus feedback />
            <input type="hidden" name="slug" value=slug />
            <p class="field-hint">{t!(i18n, org_contact_privacy)}</p>
            <TextArea name="message" label=t_string!(i18n, org_contact_message).to_string() feedback
                hint=t_string!(i18n, org_contact_hint, max = CONTACT_MAX).to_string()
                maxlength=CONTACT_MAX as u32 rows=5 />
            <button type="submit" disabled=move || action.pending().get()>{t!(i18n, org_contact_submit)}</button>
        </ActionForm>
    }
}

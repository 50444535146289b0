//! Form building blocks: fields with label, hint and error linked for screen readers,
//! a status line for the whole form, and the translated texts for problems and notices.
//!
//! Every form is a plain HTML form posted to its server function, with or without
//! JavaScript (pages are server-rendered, see `app::shell`); the server answers with a
//! redirect and leaves its feedback in the session for the next page (`WithFlash`).
//! `use_feedback` would also show a server action's own result, should a form ever be
//! inside an island.
use crate::domain::account::{FormError, FormFeedback, Notice, Problem, Role};
use crate::domain::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

pub type Feedback = Signal<Option<FormFeedback>>;

/// The feedback to show: an island's submission result, else what a plain post left.
pub fn use_feedback(
    form: crate::domain::account::FormId,
    value: impl Get<Value = Option<Result<FormFeedback, AppError>>> + Clone + Send + Sync + 'static,
    flash: Option<FormFeedback>,
) -> Feedback {
    Signal::derive(move || match value.get() {
        Some(Ok(feedback)) => Some(feedback),
        Some(Err(error)) => Some(FormFeedback::error(form, FormError::from(error))),
        None => flash.clone(),
    })
}

/// The feedback of a plain HTML form on a page without islands: what its last post left
/// (`flash_for`). Such a page is not hydrated, so no submission result arrives in the
/// browser; `<form method="post" action=F::PATH>` is all the form needs, without an
/// `ActionForm` and its `ServerAction` (which cost rendering and do nothing there).
pub fn kept_feedback(flash: Option<FormFeedback>) -> Feedback {
    Signal::stored(flash)
}

pub fn problem_text(i18n: I18nContext<Locale>, problem: Problem) -> String {
    match problem {
        Problem::Required => t_string!(i18n, problem_required),
        Problem::EmailInvalid => t_string!(i18n, problem_email_invalid),
        Problem::NameTooShort => t_string!(i18n, problem_name_too_short),
        Problem::NameTooLong => t_string!(i18n, problem_name_too_long),
        Problem::NameLooksLikeEmail => t_string!(i18n, problem_name_looks_like_email),
        Problem::PasswordTooShort => t_string!(i18n, problem_password_too_short),
        Problem::PasswordTooLong => t_string!(i18n, problem_password_too_long),
        Problem::UnknownChoice => t_string!(i18n, problem_unknown_choice),
        Problem::TooShort => t_string!(i18n, problem_too_short),
        Problem::TooLong => t_string!(i18n, problem_too_long),
        Problem::NotANumber => t_string!(i18n, problem_not_a_number),
        Problem::NotAnImage => t_string!(i18n, problem_not_an_image),
        Problem::FileTooLarge => t_string!(i18n, problem_file_too_large),
        Problem::ImageTooLarge => t_string!(i18n, problem_image_too_large),
        Problem::TooManyPhotos => t_string!(i18n, problem_too_many_photos),
        Problem::UnknownAccount => t_string!(i18n, problem_unknown_account),
        Problem::Taken => t_string!(i18n, problem_taken),
    }
    .to_string()
}

pub fn notice_text(i18n: I18nContext<Locale>, notice: Notice) -> String {
    match notice {
        Notice::RegisteredCheckMail => t_string!(i18n, notice_registered),
        Notice::ResetMailSent => t_string!(i18n, notice_reset_sent),
        Notice::PasswordResetDone => t_string!(i18n, notice_reset_done),
        Notice::PasswordChanged => t_string!(i18n, notice_password_changed),
        Notice::ProfileSaved => t_string!(i18n, notice_profile_saved),
        Notice::RoleChanged => t_string!(i18n, notice_role_changed),
        Notice::LoggedOut => t_string!(i18n, notice_logged_out),
        Notice::AccountDeleted => t_string!(i18n, notice_account_deleted),
        Notice::PostSaved => t_string!(i18n, notice_post_saved),
        Notice::PostClosed => t_string!(i18n, notice_post_closed),
        Notice::PostFulfilled => t_string!(i18n, notice_post_fulfilled),
        Notice::PostRenewed => t_string!(i18n, notice_post_renewed),
        Notice::PhotoAdded => t_string!(i18n, notice_photo_added),
        Notice::PhotoRemoved => t_string!(i18n, notice_photo_removed),
        Notice::MessageSent => t_string!(i18n, notice_message_sent),
        Notice::HelperAccepted => t_string!(i18n, notice_helper_accepted),
        Notice::HelpGiven => t_string!(i18n, notice_help_given),
        Notice::UserBlocked => t_string!(i18n, notice_user_blocked),
        Notice::ConversationReported => t_string!(i18n, notice_conversation_reported),
        Notice::AlertSaved => t_string!(i18n, notice_alert_saved),
        Notice::AlertDeleted => t_string!(i18n, notice_alert_deleted),
        Notice::AlertStopped => t_string!(i18n, notice_alert_stopped),
        Notice::ReportSent => t_string!(i18n, notice_report_sent),
        Notice::ReportHandled => t_string!(i18n, notice_report_handled),
        Notice::UserUnblocked => t_string!(i18n, notice_user_unblocked),
        Notice::OrganisationSaved => t_string!(i18n, notice_organisation_saved),
        Notice::MemberAdded => t_string!(i18n, notice_member_added),
        Notice::MemberRemoved => t_string!(i18n, notice_member_removed),
        Notice::ContactSent => t_string!(i18n, notice_contact_sent),
        Notice::PostsApproved { count } => {
            return t_string!(i18n, notice_posts_approved, count = count).to_string();
        }
        Notice::PostsRejected { count } => {
            return t_string!(i18n, notice_posts_rejected, count = count).to_string();
        }
    }
    .to_string()
}

pub fn error_text(i18n: I18nContext<Locale>, error: FormError) -> String {
    match error {
        FormError::WrongCredentials => t_string!(i18n, error_wrong_credentials).to_string(),
        FormError::NotVerified => t_string!(i18n, error_not_verified).to_string(),
        FormError::WrongPassword => t_string!(i18n, error_wrong_password).to_string(),
        FormError::TokenInvalid => t_string!(i18n, error_token_invalid).to_string(),
        FormError::RateLimited { minutes } => {
            t_string!(i18n, error_rate_limited, minutes = minutes).to_string()
        }
        FormError::LastAdmin => t_string!(i18n, error_last_admin).to_string(),
        FormError::Unauthorized => t_string!(i18n, error_unauthorized).to_string(),
        FormError::Forbidden => t_string!(i18n, error_forbidden).to_string(),
        FormError::NotFound => t_string!(i18n, error_not_found).to_string(),
        FormError::PostNotActive => t_string!(i18n, error_post_not_active).to_string(),
        FormError::Blocked => t_string!(i18n, error_blocked).to_string(),
        FormError::LimitReached => t_string!(i18n, error_limit_reached).to_string(),
        FormError::AccountBlocked => t_string!(i18n, error_account_blocked).to_string(),
        FormError::Internal => t_string!(i18n, error_internal).to_string(),
    }
}

pub fn role_text(i18n: I18nContext<Locale>, role: Role) -> &'static str {
    match role {
        Role::Member => t_string!(i18n, role_member),
        Role::Coordinator => t_string!(i18n, role_coordinator),
        Role::Moderator => t_string!(i18n, role_moderator),
        Role::Admin => t_string!(i18n, role_admin),
    }
}

/// The outcome of the whole form: a notice, an error, or a pointer to the marked fields.
#[component]
pub fn FormStatus(feedback: Feedback) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        feedback.get().map(|f| {
            if let Some(notice) = f.notice {
                view! { <p class="form-notice" role="status">{notice_text(i18n, notice)}</p> }
                    .into_any()
            } else if let Some(error) = f.error {
                view! { <p class="form-error" role="alert">{error_text(i18n, error)}</p> }
                    .into_any()
            } else if !f.fields.is_empty() {
                view! { <p class="form-error" role="alert">{t!(i18n, error_form_summary)}</p> }
                    .into_any()
            } else {
                ().into_any()
            }
        })
    }
}

/// `aria-describedby` for a field: its hint, and its error while there is one.
fn described_by(
    feedback: Feedback,
    name: &'static str,
    has_hint: bool,
    hint_id: &str,
    error_id: &str,
) -> impl Fn() -> Option<String> + Send + Sync + Clone + use<> {
    let (hint_id, error_id) = (hint_id.to_string(), error_id.to_string());
    move || {
        let mut ids = Vec::new();
        if has_hint {
            ids.push(hint_id.clone());
        }
        if feedback.get().and_then(|f| f.problem(name)).is_some() {
            ids.push(error_id.clone());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

/// A labelled input. Its hint and its error are tied to it with `aria-describedby`; a
/// form shown again after a plain post keeps what was typed (never passwords).
#[component]
pub fn Field(
    name: &'static str,
    label: String,
    feedback: Feedback,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] value: Option<String>,
    #[prop(default = true)] required: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let problem = move || feedback.get().and_then(|f| f.problem(name));
    let kept = move || {
        if kind == "password" {
            None
        } else {
            feedback
                .get()
                .and_then(|f| f.value(name).map(str::to_string))
                .or_else(|| value.clone())
        }
    };
    let described_by = described_by(feedback, name, hint.is_some(), &hint_id, &error_id);
    view! {
        <div class="field" class:field-invalid=move || problem().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            // dir=auto: an Arabic title typed on a German page (or a German one on an
            // Arabic page) runs in its own direction.
            <input
                id=id.clone()
                name=name
                type=kind
                dir="auto"
                autocomplete=autocomplete
                required=required
                value=kept
                aria-invalid=move || problem().map(|_| "true")
                aria-describedby=described_by
            />
            {move || problem().map(|p| view! { <p class="field-error" id=error_id.clone()>{problem_text(i18n, p)}</p> })}
        </div>
    }
}

/// A labelled `<select>`; its error is tied to it like `Field`'s.
#[component]
pub fn SelectField(
    name: &'static str,
    label: String,
    options: Vec<(String, String)>,
    selected: String,
    feedback: Feedback,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("field-{name}");
    let error_id = format!("{id}-error");
    let problem = move || feedback.get().and_then(|f| f.problem(name));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id.clone() name=name aria-invalid=move || problem().map(|_| "true")
                aria-describedby={let e = error_id.clone(); move || problem().map(|_| e.clone())}>
                {options.into_iter().map(|(value, text)| {
                    let is_selected = value == selected;
                    view! { <option value=value selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
            {move || problem().map(|p| view! {
                <p class="field-error" id=error_id.clone()>{problem_text(i18n, p)}</p>
            })}
        </div>
    }
}

/// A labelled multi-line text field, with hint and error like `Field`.
#[component]
pub fn TextArea(
    name: &'static str,
    label: String,
    feedback: Feedback,
    #[prop(optional)] hint: Option<String>,
    #[prop(optional)] value: Option<String>,
    #[prop(default = 6)] rows: u32,
    #[prop(default = 5000)] maxlength: u32,
    /// The element id, when a page has several forms with this field (default `field-NAME`).
    #[prop(optional)]
    id: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let id = id.unwrap_or_else(|| format!("field-{name}"));
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let problem = move || feedback.get().and_then(|f| f.problem(name));
    let kept = feedback
        .get_untracked()
        .and_then(|f| f.value(name).map(str::to_string))
        .or(value)
        .unwrap_or_default();
    let described_by = described_by(feedback, name, hint.is_some(), &hint_id, &error_id);
    view! {
        <div class="field" class:field-invalid=move || problem().is_some()>
            <label for=id.clone()>{label}</label>
            {hint.map(|hint| view! { <p class="field-hint" id=hint_id.clone()>{hint}</p> })}
            <textarea id=id.clone() name=name rows=rows maxlength=maxlength dir="auto"
                aria-invalid=move || problem().map(|_| "true") aria-describedby=described_by>{kept}</textarea>
            {move || problem().map(|p| view! { <p class="field-error" id=error_id.clone()>{problem_text(i18n, p)}</p> })}
        </div>
    }
}

/// The feedback a plain form post left in the session, loaded once per page view.
#[derive(Clone, Copy)]
pub struct PageFlash(Resource<Result<Option<FormFeedback>, AppError>>);

/// Creates the page's flash resource. Call it at the top of a page component, before
/// any `<Suspense>`: resources created inside suspended children can be numbered
/// differently on the server and in the browser, which breaks hydration.
pub fn provide_page_flash() {
    provide_context(PageFlash(Resource::new_blocking(
        || (),
        |_| crate::api::account::take_flash(),
    )));
}

/// The page's flash (see `provide_page_flash`) once loaded, whichever form it is for. For
/// a page that waits for its own data anyway: it hands each form its part (`flash_for`)
/// without a `<Suspense>` around every form (`WithFlash`), each of which costs rendering.
pub async fn page_flash() -> Option<FormFeedback> {
    match use_context::<PageFlash>() {
        Some(PageFlash(flash)) => flash.await.ok().flatten(),
        None => None,
    }
}

/// `flash` if it belongs to `form`.
pub fn flash_for(
    flash: &Option<FormFeedback>,
    form: crate::domain::account::FormId,
) -> Option<FormFeedback> {
    flash.clone().filter(|f| f.form == form)
}

/// Renders `render` with the page's flash if it belongs to `form`.
#[component]
pub fn WithFlash<F, V>(form: crate::domain::account::FormId, render: F) -> impl IntoView
where
    F: Fn(Option<FormFeedback>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let render = StoredValue::new(render);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let kept = flash_for(&page_flash().await, form);
                render.with_value(|render| render(kept))
            })}
        </Suspense>
    }
}

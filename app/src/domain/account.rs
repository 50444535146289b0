//! Accounts as the pages see them: roles, input rules and what a form reports back.
//! Pure code, shared by server and browser, unit-tested here.
use serde::{Deserialize, Serialize};

/// What a person may do. Each role includes the ones before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Offers and asks for help.
    Member,
    /// Posts for people without an account (a social worker, a welcome circle).
    Coordinator,
    /// Reviews posts and reports.
    Moderator,
    /// Everything, including roles and statistics.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [
        Role::Member,
        Role::Coordinator,
        Role::Moderator,
        Role::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Coordinator => "coordinator",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// True when someone with this role may do what `required` may do.
    pub fn includes(self, required: Role) -> bool {
        self >= required
    }
}

/// The longest display name, in characters.
pub const NAME_MAX: usize = 40;
pub const NAME_MIN: usize = 2;
/// Shorter passwords are guessed too easily; see NIST SP 800-63B.
pub const PASSWORD_MIN: usize = 10;
/// Bounded so nobody can make the server hash megabytes.
pub const PASSWORD_MAX: usize = 256;
pub const EMAIL_MAX: usize = 254;

/// Something wrong with one field, shown next to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    Required,
    EmailInvalid,
    NameTooShort,
    NameTooLong,
    /// Names are public; an email address as a name would publish it.
    NameLooksLikeEmail,
    PasswordTooShort,
    PasswordTooLong,
    UnknownChoice,
    TooShort,
    TooLong,
    /// A whole number in the allowed range is expected.
    NotANumber,
    /// The upload is not a JPEG, PNG or WebP picture (or is damaged).
    NotAnImage,
    /// The file is bigger than the upload limit.
    FileTooLarge,
    /// The picture has too many pixels (or claims to: a decompression bomb).
    ImageTooLarge,
    /// The post already has as many photos as allowed.
    TooManyPhotos,
    /// No account has this email address.
    UnknownAccount,
    /// Something else already uses this name or address.
    Taken,
}

/// Trims and lower-cases an email address, or says why it is not one.
pub fn normalize_email(input: &str) -> Result<String, Problem> {
    let email = input.trim().to_lowercase();
    if email.is_empty() {
        return Err(Problem::Required);
    }
    if email.chars().count() > EMAIL_MAX
        || email.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Problem::EmailInvalid);
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err(Problem::EmailInvalid);
    };
    let domain_ok = !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok {
        return Err(Problem::EmailInvalid);
    }
    Ok(email)
}

/// Trims a display name and checks it. A pseudonym is fine; it must not be an address.
pub fn normalize_display_name(input: &str) -> Result<String, Problem> {
    let name: String = input.split_whitespace().collect::<Vec<_>>().join(" ");
    let length = name.chars().count();
    if length == 0 {
        Err(Problem::Required)
    } else if length < NAME_MIN {
        Err(Problem::NameTooShort)
    } else if length > NAME_MAX {
        Err(Problem::NameTooLong)
    } else if name.contains('@') {
        Err(Problem::NameLooksLikeEmail)
    } else if name.chars().any(char::is_control) {
        Err(Problem::Required)
    } else {
        Ok(name)
    }
}

/// Checks a new password. Length is what matters; no composition rules (NIST).
pub fn check_new_password(password: &str) -> Result<(), Problem> {
    let length = password.chars().count();
    if length == 0 {
        Err(Problem::Required)
    } else if length < PASSWORD_MIN {
        Err(Problem::PasswordTooShort)
    } else if length > PASSWORD_MAX {
        Err(Problem::PasswordTooLong)
    } else {
        Ok(())
    }
}

/// Which form a piece of feedback belongs to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormId {
    #[default]
    Register,
    Login,
    ForgotPassword,
    ResetPassword,
    Profile,
    ChangePassword,
    DeleteAccount,
    Roles,
    /// Writing or editing an offer or need.
    Post,
    /// Closing, fulfilling or renewing a post.
    PostState,
    /// Adding or removing photos of a post.
    Photos,
    /// Answering a post ("I can help", "I'm interested").
    Answer,
    /// Writing a message in a conversation.
    Message,
    /// Accepting, finishing or blocking in a conversation.
    ConversationAction,
    /// Reporting a conversation to the moderators.
    ConversationReport,
    /// Saving a listing's filters as an alert.
    Alert,
    /// Deleting or stopping a saved search.
    Alerts,
    /// A moderator's decision on posts in the review queue.
    Moderation,
    /// Reporting something to the moderators, or a moderator handling a report.
    Report,
    /// An admin lifting a block.
    Unblock,
    /// Creating or editing an organisation's profile.
    Organisation,
    /// An admin adding or removing an organisation's coordinators.
    OrganisationMembers,
    /// Writing to an organisation through its profile's contact form.
    OrganisationContact,
}

/// A success message for the whole form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Notice {
    /// Also shown when the address was already registered: we never say which.
    RegisteredCheckMail,
    ResetMailSent,
    PasswordResetDone,
    PasswordChanged,
    ProfileSaved,
    RoleChanged,
    LoggedOut,
    AccountDeleted,
    PostSaved,
    PostClosed,
    PostFulfilled,
    PostRenewed,
    PhotoAdded,
    PhotoRemoved,
    MessageSent,
    HelperAccepted,
    HelpGiven,
    UserBlocked,
    ConversationReported,
    AlertSaved,
    AlertDeleted,
    /// Stopped from a digest's link.
    AlertStopped,
    /// A moderator approved this many posts.
    PostsApproved {
        count: u32,
    },
    /// A moderator rejected or removed this many posts.
    PostsRejected {
        count: u32,
    },
    /// A report reached the moderators.
    ReportSent,
    ReportHandled,
    UserUnblocked,
    OrganisationSaved,
    MemberAdded,
    MemberRemoved,
    /// The message went to the organisation by mail.
    ContactSent,
}

/// A failure of the whole form (field problems are separate).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FormError {
    /// Wrong email or password; deliberately does not say which.
    WrongCredentials,
    /// The password was right but the address is not confirmed yet; a new link was sent.
    NotVerified,
    /// The current password given to confirm a change is wrong.
    WrongPassword,
    TokenInvalid,
    RateLimited {
        minutes: u32,
    },
    /// The only administrator cannot give up the role or delete the account.
    LastAdmin,
    Unauthorized,
    Forbidden,
    /// The thing the form is about does not exist (any more).
    NotFound,
    /// The post is closed, fulfilled or expired and cannot be changed that way.
    PostNotActive,
    /// One of the two people in a conversation blocked the other.
    Blocked,
    /// The person already keeps as many as allowed (saved searches): delete one first.
    LimitReached,
    /// Moderators blocked the account (told only after a correct password).
    AccountBlocked,
    /// The server failed; the user did nothing wrong.
    Internal,
}

/// What a form submission reports back. Sent to the browser as the server function's
/// result, or kept in the session for one page view after a plain (no-JavaScript) post.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormFeedback {
    pub form: FormId,
    pub notice: Option<Notice>,
    pub error: Option<FormError>,
    pub fields: Vec<(String, Problem)>,
    /// What the user typed, so a form shown again keeps it. Never passwords.
    pub values: Vec<(String, String)>,
    /// Where to go next (a full page load, so the header shows the new state).
    pub redirect: Option<String>,
}

impl FormFeedback {
    pub fn new(form: FormId) -> Self {
        Self {
            form,
            ..Self::default()
        }
    }

    pub fn notice(form: FormId, notice: Notice) -> Self {
        Self {
            notice: Some(notice),
            ..Self::new(form)
        }
    }

    pub fn error(form: FormId, error: FormError) -> Self {
        Self {
            error: Some(error),
            ..Self::new(form)
        }
    }

    pub fn field(mut self, name: &str, problem: Problem) -> Self {
        self.fields.push((name.to_string(), problem));
        self
    }

    pub fn keep(mut self, name: &str, value: &str) -> Self {
        self.values.push((name.to_string(), value.to_string()));
        self
    }

    pub fn redirect(mut self, to: &str) -> Self {
        self.redirect = Some(to.to_string());
        self
    }

    pub fn is_ok(&self) -> bool {
        self.error.is_none() && self.fields.is_empty()
    }

    pub fn problem(&self, field: &str) -> Option<Problem> {
        self.fields
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, p)| *p)
    }

    pub fn value(&self, field: &str) -> Option<&str> {
        self.values
            .iter()
            .find(|(name, _)| name == field)
            .map(|(_, v)| v.as_str())
    }
}

impl From<crate::domain::error::AppError> for FormError {
    fn from(error: crate::domain::error::AppError) -> Self {
        use crate::domain::error::AppError;
        match error {
            AppError::Unauthorized => FormError::Unauthorized,
            AppError::Forbidden => FormError::Forbidden,
            AppError::RateLimited { minutes } => FormError::RateLimited { minutes },
            AppError::NotFound => FormError::NotFound,
            AppError::Internal | AppError::Request(_) => FormError::Internal,
        }
    }
}

/// The signed-in person, as the header and pages need them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Viewer {
    pub id: i64,
    pub display_name: String,
    pub role: Role,
    /// Unread messages in the viewer's conversations.
    pub unread: u32,
}

/// Everything the account page shows and edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AccountDetails {
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub locale: String,
    pub municipality: Option<String>,
    pub notify_messages: bool,
    pub notify_matches: bool,
    pub created_at: i64,
}

/// One row of the admin's user list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    pub role: Role,
    pub verified: bool,
    pub created_at: i64,
    /// Blocked by a moderator (cannot log in).
    pub blocked: bool,
}

/// Only same-site paths may be redirect targets (no open redirect through `?next=`).
pub fn safe_next(next: Option<&str>, fallback: &str) -> String {
    match next {
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path.contains('\\')
                && !path.chars().any(char::is_control) =>
        {
            path.to_string()
        }
        _ => fallback.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_and_parse_back() {
        assert!(Role::Admin.includes(Role::Moderator));
        assert!(Role::Moderator.includes(Role::Coordinator));
        assert!(!Role::Member.includes(Role::Coordinator));
        assert!(!Role::Coordinator.includes(Role::Admin));
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn emails_are_trimmed_lowercased_and_checked() {
        assert_eq!(
            normalize_email("  Anna.B@Example.ORG ").as_deref(),
            Ok("anna.b@example.org")
        );
        assert_eq!(normalize_email(""), Err(Problem::Required));
        for bad in [
            "anna",
            "anna@",
            "@example.org",
            "a@b",
            "a b@example.org",
            "a@@b.de",
            "a@b..de",
            "a@.b.de",
        ] {
            assert_eq!(normalize_email(bad), Err(Problem::EmailInvalid), "{bad}");
        }
    }

    #[test]
    fn display_names_allow_pseudonyms_but_not_addresses() {
        assert_eq!(
            normalize_display_name("  Fahrrad   Fee ").as_deref(),
            Ok("Fahrrad Fee")
        );
        assert_eq!(normalize_display_name("أم علي").as_deref(), Ok("أم علي"));
        assert_eq!(normalize_display_name("x"), Err(Problem::NameTooShort));
        assert_eq!(
            normalize_display_name(&"a".repeat(41)),
            Err(Problem::NameTooLong)
        );
        assert_eq!(
            normalize_display_name("anna@example.org"),
            Err(Problem::NameLooksLikeEmail)
        );
        assert_eq!(normalize_display_name("   "), Err(Problem::Required));
    }

    #[test]
    fn passwords_need_length_not_symbols() {
        assert_eq!(check_new_password("kurz"), Err(Problem::PasswordTooShort));
        assert_eq!(check_new_password("ein langer satz"), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(300)),
            Err(Problem::PasswordTooLong)
        );
        assert_eq!(check_new_password(""), Err(Problem::Required));
    }

    #[test]
    fn redirect_targets_stay_on_this_site() {
        assert_eq!(safe_next(Some("/account"), "/"), "/account");
        assert_eq!(safe_next(Some("//evil.example"), "/"), "/");
        assert_eq!(safe_next(Some("https://evil.example"), "/"), "/");
        assert_eq!(safe_next(Some("/\\evil.example"), "/"), "/");
        assert_eq!(safe_next(None, "/account"), "/account");
    }

    #[test]
    fn feedback_finds_problems_and_values() {
        let f = FormFeedback::new(FormId::Register)
            .field("email", Problem::EmailInvalid)
            .keep("email", "anna");
        assert!(!f.is_ok());
        assert_eq!(f.problem("email"), Some(Problem::EmailInvalid));
        assert_eq!(f.problem("password"), None);
        assert_eq!(f.value("email"), Some("anna"));
    }
}

//! Offers and needs as everybody sees them: kinds, states, urgency, and the rules a post
//! must follow. Pure code, shared by server and browser, unit-tested here.
use super::text::{multi_line, one_line};
use crate::domain::account::Problem;
use crate::domain::site::HelpKind;
use serde::{Deserialize, Serialize};

/// Someone offers something, or someone needs something.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PostKind {
    Offer,
    Need,
}

impl PostKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Offer => "offer",
            PostKind::Need => "need",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [PostKind::Offer, PostKind::Need]
            .into_iter()
            .find(|k| k.as_str() == text)
    }

    /// The kind that answers this one (offers answer needs and the other way round).
    pub fn opposite(self) -> Self {
        match self {
            PostKind::Offer => PostKind::Need,
            PostKind::Need => PostKind::Offer,
        }
    }
}

/// How soon help is needed.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Urgency {
    /// Whenever it fits.
    Low,
    #[default]
    Normal,
    /// Within days (a family without a bed).
    Urgent,
}

impl Urgency {
    pub const ALL: [Urgency; 3] = [Urgency::Low, Urgency::Normal, Urgency::Urgent];

    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::Urgent => "urgent",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Urgency::ALL.into_iter().find(|u| u.as_str() == text)
    }
}

/// Where a post stands. For a need the traffic light reads open (red), in contact
/// (yellow), fulfilled (green); for an offer available, reserved, gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    Open,
    InContact,
    Fulfilled,
    /// Withdrawn by the author.
    Closed,
    /// Not renewed in time.
    Expired,
    /// Waiting for a moderator's approval (pre-moderation); only its author and
    /// moderators see it.
    Pending,
    /// Not approved by a moderator; its author sees the reason.
    Rejected,
    /// Taken down by a moderator after a report or review; its author sees the reason.
    Removed,
    /// Its author's account is blocked; it comes back if the account is unblocked.
    Hidden,
}

impl PostStatus {
    pub const ALL: [PostStatus; 9] = [
        PostStatus::Open,
        PostStatus::InContact,
        PostStatus::Fulfilled,
        PostStatus::Closed,
        PostStatus::Expired,
        PostStatus::Pending,
        PostStatus::Rejected,
        PostStatus::Removed,
        PostStatus::Hidden,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostStatus::Open => "open",
            PostStatus::InContact => "in_contact",
            PostStatus::Fulfilled => "fulfilled",
            PostStatus::Closed => "closed",
            PostStatus::Expired => "expired",
            PostStatus::Pending => "pending",
            PostStatus::Rejected => "rejected",
            PostStatus::Removed => "removed",
            PostStatus::Hidden => "hidden",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        PostStatus::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// Shown in listings and open for contact.
    pub fn is_active(self) -> bool {
        matches!(self, PostStatus::Open | PostStatus::InContact)
    }

    /// Its page may be seen by anyone (closed and expired posts keep theirs, so shared
    /// links work); the others only by their author and moderators.
    pub fn is_public(self) -> bool {
        !matches!(
            self,
            PostStatus::Pending | PostStatus::Rejected | PostStatus::Removed | PostStatus::Hidden
        )
    }
}

pub const TITLE_MIN: usize = 3;
pub const TITLE_MAX: usize = 120;
pub const DESCRIPTION_MAX: usize = 5000;
pub const AVAILABILITY_MAX: usize = 120;
pub const QUANTITY_MAX: i64 = 999;
/// A coordinator's note of whom a post is for ("Familie K., Oranienburg").
pub const FOR_WHOM_MAX: usize = 120;

/// What the post form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PostInput {
    pub kind: String,
    pub category: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    pub quantity: String,
    pub availability: String,
    pub urgency: String,
    pub language: String,
    /// Coordinators only: whom the post is for. Only its author and moderators see it.
    pub for_whom: String,
    /// Coordinators only: the slug of the organisation in whose name it is posted (empty:
    /// in their own name). Checked against their memberships on the server.
    pub organisation: String,
}

impl PostInput {
    /// Every field with its form name, in form order.
    pub fn fields(&self) -> [(&'static str, &str); 11] {
        [
            ("kind", &self.kind),
            ("category", &self.category),
            ("municipality", &self.municipality),
            ("title", &self.title),
            ("description", &self.description),
            ("quantity", &self.quantity),
            ("availability", &self.availability),
            ("urgency", &self.urgency),
            ("language", &self.language),
            ("for_whom", &self.for_whom),
            ("organisation", &self.organisation),
        ]
    }
}

/// A checked post, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct PostDraft {
    pub kind: PostKind,
    pub help: HelpKind,
    pub category: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    /// Goods only.
    pub quantity: Option<i64>,
    /// Time only, e.g. "Tuesdays 16-18".
    pub availability: Option<String>,
    pub urgency: Urgency,
    pub language: String,
    /// Posted by a coordinator for someone without an account (see `PostInput::for_whom`).
    pub for_whom: Option<String>,
    /// Posted in the name of this organisation (its id); set by the server after it
    /// checked that the author is one of its coordinators.
    pub organisation: Option<i64>,
}

/// What the rules need to know about the district.
pub trait PostRules {
    /// The help kind of a category slug (top-level or subcategory), if it exists.
    fn category_help(&self, slug: &str) -> Option<HelpKind>;
    fn has_municipality(&self, slug: &str) -> bool;
    fn has_locale(&self, code: &str) -> bool;
}

/// A post as its page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub kind: PostKind,
    pub help: HelpKind,
    pub category: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    pub quantity: Option<i64>,
    pub availability: Option<String>,
    pub urgency: Urgency,
    pub status: PostStatus,
    pub language: String,
    /// Unix seconds.
    pub created_at: i64,
    pub expires_at: i64,
    /// The author's chosen display name (never the email address).
    pub author_name: String,
    /// Posted by a coordinator for someone without an account (shown to everyone).
    pub for_someone: bool,
    /// Whom it is for, in the coordinator's words: only for the author and moderators.
    pub for_whom: Option<String>,
    /// Posted in the name of this organisation (shown instead of the author's name).
    pub organisation: Option<crate::domain::organisation::OrganisationRef>,
    /// Whether the viewer may edit, close and renew it (author or moderator).
    pub can_edit: bool,
    /// The viewer is a moderator and the post waits for review (the edit form offers to
    /// approve it with the corrections).
    pub can_approve: bool,
    /// Why moderators rejected or removed it: only for its author and moderators.
    pub moderation_reason: Option<String>,
    /// Whether it may be renewed now (expired, or expiring within `RENEW_WINDOW_DAYS`).
    pub can_renew: bool,
    /// The viewer is signed in.
    pub signed_in: bool,
    /// The viewer may answer it ("I can help", "I'm interested"): signed in, not its
    /// author, and the post is open or in contact.
    pub can_answer: bool,
    /// In upload order.
    pub photos: Vec<PhotoInfo>,
    /// Open posts of the other kind that may answer this one, best first (see
    /// `ssr::matching`); empty once the post is no longer active.
    pub matches: Vec<crate::domain::listing::PostCard>,
}

/// A post a coordinator wrote for someone without an account, with whom it is for and the
/// conversations about it (the coordinator answers them).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoordinatedPost {
    pub card: crate::domain::listing::PostCard,
    pub for_whom: String,
    pub conversations: Vec<crate::domain::conversation::ConversationSummary>,
}

/// A photo of a post; its files are `/photos/{id}/display.jpg` and `/photos/{id}/thumb.jpg`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PhotoInfo {
    pub id: i64,
    /// The author's short description, for people who cannot see it.
    pub alt: String,
    pub width: i64,
    pub height: i64,
}

/// Photos one post may have.
pub const PHOTOS_PER_POST: usize = 4;

/// Longest side of a photo's small version (the server scales to this).
pub const THUMB_SIDE: i64 = 320;

impl PhotoInfo {
    /// Width and height of the small version, for `<img width height>` (no layout jumps).
    pub fn thumb_size(&self) -> (i64, i64) {
        let longest = self.width.max(self.height).max(1);
        if longest <= THUMB_SIDE {
            (self.width, self.height)
        } else {
            (
                (self.width * THUMB_SIDE / longest).max(1),
                (self.height * THUMB_SIDE / longest).max(1),
            )
        }
    }
}

impl PostView {
    /// The post as the edit form's starting values.
    pub fn as_input(&self) -> PostInput {
        PostInput {
            kind: self.kind.as_str().to_string(),
            category: self.category.clone(),
            municipality: self.municipality.clone(),
            title: self.title.clone(),
            description: self.description.clone(),
            quantity: self.quantity.map(|q| q.to_string()).unwrap_or_default(),
            availability: self.availability.clone().unwrap_or_default(),
            urgency: self.urgency.as_str().to_string(),
            language: self.language.clone(),
            for_whom: self.for_whom.clone().unwrap_or_default(),
            organisation: self
                .organisation
                .as_ref()
                .map(|o| o.slug.clone())
                .unwrap_or_default(),
        }
    }
}

/// Days before expiry when the author is reminded and may renew.
pub const RENEW_WINDOW_DAYS: i64 = 7;

/// Checks a post; every problem is reported with its field.
pub fn check_post(
    input: &PostInput,
    rules: &impl PostRules,
) -> Result<PostDraft, Vec<(&'static str, Problem)>> {
    let mut problems = Vec::new();
    let kind = PostKind::parse(input.kind.trim());
    if kind.is_none() {
        problems.push(("kind", Problem::UnknownChoice));
    }
    let category = input.category.trim().to_string();
    let help = rules.category_help(&category);
    if help.is_none() {
        problems.push(("category", Problem::UnknownChoice));
    }
    let municipality = input.municipality.trim().to_string();
    if !rules.has_municipality(&municipality) {
        problems.push(("municipality", Problem::UnknownChoice));
    }
    let title = one_line(&input.title);
    let title_len = title.chars().count();
    if title_len == 0 {
        problems.push(("title", Problem::Required));
    } else if title_len < TITLE_MIN {
        problems.push(("title", Problem::TooShort));
    } else if title_len > TITLE_MAX {
        problems.push(("title", Problem::TooLong));
    }
    let description = multi_line(&input.description);
    if description.chars().count() > DESCRIPTION_MAX {
        problems.push(("description", Problem::TooLong));
    }
    let quantity_text = input.quantity.trim();
    let quantity = match (help, quantity_text.is_empty()) {
        (Some(HelpKind::Goods), false) => match quantity_text.parse::<i64>() {
            Ok(n) if (1..=QUANTITY_MAX).contains(&n) => Some(n),
            _ => {
                problems.push(("quantity", Problem::NotANumber));
                None
            }
        },
        _ => None,
    };
    let availability_text = one_line(&input.availability);
    let availability = match help {
        Some(HelpKind::Time) if !availability_text.is_empty() => {
            if availability_text.chars().count() > AVAILABILITY_MAX {
                problems.push(("availability", Problem::TooLong));
            }
            Some(availability_text)
        }
        _ => None,
    };
    let urgency = match input.urgency.trim() {
        "" => Some(Urgency::Normal),
        text => Urgency::parse(text),
    };
    if urgency.is_none() {
        problems.push(("urgency", Problem::UnknownChoice));
    }
    let language = input.language.trim().to_string();
    if !rules.has_locale(&language) {
        problems.push(("language", Problem::UnknownChoice));
    }
    let for_whom = Some(one_line(&input.for_whom)).filter(|t| !t.is_empty());
    if for_whom
        .as_ref()
        .is_some_and(|t| t.chars().count() > FOR_WHOM_MAX)
    {
        problems.push(("for_whom", Problem::TooLong));
    }
    match (kind, help, urgency, problems.is_empty()) {
        (Some(kind), Some(help), Some(urgency), true) => Ok(PostDraft {
            kind,
            help,
            category,
            municipality,
            title,
            description,
            quantity,
            availability,
            urgency,
            language,
            for_whom,
            organisation: None,
        }),
        _ => Err(problems),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Rules;

    impl PostRules for Rules {
        fn category_help(&self, slug: &str) -> Option<HelpKind> {
            match slug {
                "furniture" => Some(HelpKind::Goods),
                "rides" => Some(HelpKind::Time),
                _ => None,
            }
        }
        fn has_municipality(&self, slug: &str) -> bool {
            slug == "oranienburg"
        }
        fn has_locale(&self, code: &str) -> bool {
            ["de", "ar"].contains(&code)
        }
    }

    fn input() -> PostInput {
        PostInput {
            kind: "offer".into(),
            category: "furniture".into(),
            municipality: "oranienburg".into(),
            title: "  Sofa,   gut erhalten ".into(),
            description: "Zwei Sitze.\n\n\n\nAbholung\tab 18 Uhr.  ".into(),
            quantity: "1".into(),
            availability: "ignored for goods".into(),
            urgency: "".into(),
            language: "de".into(),
            for_whom: "  Familie K.,\n Zimmer 12 ".into(),
            organisation: String::new(),
        }
    }

    #[test]
    fn a_good_post_is_cleaned_up() {
        let draft = check_post(&input(), &Rules).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(draft.title, "Sofa, gut erhalten");
        assert_eq!(draft.description, "Zwei Sitze.\n\nAbholung ab 18 Uhr.");
        assert_eq!(draft.help, HelpKind::Goods);
        assert_eq!(draft.quantity, Some(1));
        assert_eq!(
            draft.availability, None,
            "availability belongs to time posts"
        );
        assert_eq!(draft.urgency, Urgency::Normal);
        assert_eq!(draft.for_whom.as_deref(), Some("Familie K., Zimmer 12"));
        let nobody = PostInput {
            for_whom: "   ".into(),
            ..input()
        };
        let draft = check_post(&nobody, &Rules).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(draft.for_whom, None);
    }

    #[test]
    fn time_posts_keep_availability_and_drop_quantity() {
        let time = PostInput {
            category: "rides".into(),
            availability: "Dienstags 16-18 Uhr".into(),
            ..input()
        };
        let draft = check_post(&time, &Rules).unwrap_or_else(|p| panic!("{p:?}"));
        assert_eq!(draft.help, HelpKind::Time);
        assert_eq!(draft.quantity, None);
        assert_eq!(draft.availability.as_deref(), Some("Dienstags 16-18 Uhr"));
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = PostInput {
            kind: "gift".into(),
            category: "weapons".into(),
            municipality: "berlin".into(),
            title: "x".repeat(10_000_000),
            description: "y".repeat(DESCRIPTION_MAX + 1),
            quantity: "zwei".into(),
            availability: String::new(),
            urgency: "yesterday".into(),
            language: "xx".into(),
            for_whom: "z".repeat(FOR_WHOM_MAX + 1),
            organisation: String::new(),
        };
        let problems = check_post(&bad, &Rules).err().unwrap_or_default();
        let fields: Vec<&str> = problems.iter().map(|(f, _)| *f).collect();
        for field in [
            "kind",
            "category",
            "municipality",
            "title",
            "description",
            "urgency",
            "language",
            "for_whom",
        ] {
            assert!(fields.contains(&field), "{field} missing in {problems:?}");
        }
        assert!(problems.contains(&("title", Problem::TooLong)));
    }

    #[test]
    fn quantities_are_whole_numbers_in_range() {
        for bad in ["0", "-1", "1000", "1.5", "zwei"] {
            let post = PostInput {
                quantity: bad.into(),
                ..input()
            };
            let problems = check_post(&post, &Rules).err().unwrap_or_default();
            assert_eq!(problems, vec![("quantity", Problem::NotANumber)], "{bad}");
        }
        let empty = PostInput {
            quantity: String::new(),
            ..input()
        };
        assert_eq!(check_post(&empty, &Rules).map(|d| d.quantity), Ok(None));
    }

    #[test]
    fn short_and_empty_titles_are_refused() {
        let empty = PostInput {
            title: "   ".into(),
            ..input()
        };
        assert_eq!(
            check_post(&empty, &Rules).err(),
            Some(vec![("title", Problem::Required)])
        );
        let short = PostInput {
            title: "ab".into(),
            ..input()
        };
        assert_eq!(
            check_post(&short, &Rules).err(),
            Some(vec![("title", Problem::TooShort)])
        );
    }

    #[test]
    fn kinds_statuses_and_urgencies_parse_back() {
        assert_eq!(PostKind::Offer.opposite(), PostKind::Need);
        for status in PostStatus::ALL {
            assert_eq!(PostStatus::parse(status.as_str()), Some(status));
        }
        for urgency in Urgency::ALL {
            assert_eq!(Urgency::parse(urgency.as_str()), Some(urgency));
        }
        assert!(PostStatus::InContact.is_active());
        assert!(!PostStatus::Expired.is_active());
    }
}

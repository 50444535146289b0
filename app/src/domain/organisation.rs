//! Organisations: initiatives, welcome circles and associations. Each has a public
//! profile (description, municipality, its current posts, a contact form that never shows
//! its address); its coordinators may post in its name.
use crate::domain::account::{Problem, normalize_email};
use crate::domain::listing::PostCard;
use crate::domain::text::{multi_line, one_line};
use serde::{Deserialize, Serialize};

pub const NAME_MAX: usize = 100;
pub const SLUG_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 4000;
/// A message through the contact form at most, in characters.
pub const CONTACT_MAX: usize = 2000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum OrganisationKind {
    /// A local initiative (Bürgerinitiative, Nachbarschaftshilfe).
    Initiative,
    /// A welcome circle (Willkommenskreis, Helferkreis).
    WelcomeCircle,
    /// A registered association (e. V.), a charity or church group.
    Association,
}

impl OrganisationKind {
    pub const ALL: [OrganisationKind; 3] = [
        OrganisationKind::WelcomeCircle,
        OrganisationKind::Initiative,
        OrganisationKind::Association,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrganisationKind::Initiative => "initiative",
            OrganisationKind::WelcomeCircle => "welcome_circle",
            OrganisationKind::Association => "association",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// Enough to name and link an organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationRef {
    pub slug: String,
    pub name: String,
}

impl OrganisationRef {
    pub fn href(&self) -> String {
        format!("/organisations/{}", self.slug)
    }
}

/// A line of the public list of organisations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationSummary {
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub municipality: String,
    /// Its open posts (offers and needs).
    pub open_posts: i64,
}

/// An organisation's public page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationProfile {
    pub slug: String,
    pub name: String,
    pub kind: OrganisationKind,
    pub municipality: String,
    /// Plain text; blank lines separate paragraphs.
    pub description: String,
    /// Its open posts, newest first.
    pub posts: Vec<PostCard>,
    /// The viewer is signed in (and may write through the contact form).
    pub signed_in: bool,
    /// The viewer may edit the profile (one of its coordinators, or an admin).
    pub can_edit: bool,
}

/// A person who may post in an organisation's name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberRow {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
}

/// What the edit form shows: the profile with its contact address (admins and the
/// organisation's coordinators) and, for admins, its coordinators.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OrganisationEdit {
    pub input: OrganisationInput,
    pub members: Vec<MemberRow>,
    /// The viewer is an admin (and may name and remove coordinators).
    pub admin: bool,
}

/// What the organisation form sends, as typed.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct OrganisationInput {
    pub name: String,
    /// Part of the address (`/organisations/<slug>`); made from the name when empty.
    pub slug: String,
    pub kind: String,
    pub municipality: String,
    pub description: String,
    pub contact_email: String,
}

impl OrganisationInput {
    /// Every field with its form name, in form order.
    pub fn fields(&self) -> [(&'static str, &str); 6] {
        [
            ("name", &self.name),
            ("slug", &self.slug),
            ("kind", &self.kind),
            ("municipality", &self.municipality),
            ("description", &self.description),
            ("contact_email", &self.contact_email),
        ]
    }
}

/// A checked organisation, ready to store.
#[derive(Clone, Debug, PartialEq)]
pub struct OrganisationDraft {
    pub name: String,
    pub slug: String,
    pub kind: OrganisationKind,
    pub municipality: String,
    pub description: String,
    pub contact_email: String,
}

/// An address part from a name: lower-case ASCII letters, digits and hyphens; German
/// umlauts and ß spelled out ("Willkommenskreis Fürstenberg" → "willkommenskreis-fuerstenberg").
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().to_lowercase().chars() {
        match c {
            'ä' => slug.push_str("ae"),
            'ö' => slug.push_str("oe"),
            'ü' => slug.push_str("ue"),
            'ß' => slug.push_str("ss"),
            c if c.is_ascii_alphanumeric() => slug.push(c),
            _ if !slug.is_empty() && !slug.ends_with('-') => slug.push('-'),
            _ => {}
        }
    }
    let slug: String = slug.chars().take(SLUG_MAX).collect();
    slug.trim_end_matches('-').to_string()
}

fn valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug.len() <= SLUG_MAX
        && !slug.starts_with('-')
        && !slug.ends_with('-')
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Checks the organisation form. `has_municipality` knows the district's places.
pub fn check_organisation(
    input: &OrganisationInput,
    has_municipality: impl Fn(&str) -> bool,
) -> Result<OrganisationDraft, Vec<(&'static str, Problem)>> {
    let mut problems = Vec::new();
    let name = one_line(&input.name);
    if name.chars().count() < 3 {
        problems.push(("name", Problem::TooShort));
    } else if name.chars().count() > NAME_MAX {
        problems.push(("name", Problem::TooLong));
    }
    let slug = match input.slug.trim() {
        "" => slugify(&name),
        typed => typed.to_lowercase(),
    };
    if !valid_slug(&slug) && !problems.iter().any(|(f, _)| *f == "name") {
        problems.push(("slug", Problem::UnknownChoice));
    }
    let kind = OrganisationKind::parse(input.kind.trim());
    if kind.is_none() {
        problems.push(("kind", Problem::UnknownChoice));
    }
    let municipality = input.municipality.trim().to_string();
    if !has_municipality(&municipality) {
        problems.push(("municipality", Problem::UnknownChoice));
    }
    let description = multi_line(&input.description);
    if description.is_empty() {
        problems.push(("description", Problem::Required));
    } else if description.chars().count() > DESCRIPTION_MAX {
        problems.push(("description", Problem::TooLong));
    }
    let contact_email = match normalize_email(&input.contact_email) {
        Ok(email) => email,
        Err(problem) => {
            problems.push(("contact_email", problem));
            String::new()
        }
    };
    match kind {
        Some(kind) if problems.is_empty() => Ok(OrganisationDraft {
            name,
            slug,
            kind,
            municipality,
            description,
            contact_email,
        }),
        _ => Err(problems),
    }
}

/// A message through the contact form, trimmed, or why it cannot be sent.
pub fn check_contact(text: &str) -> Result<String, Problem> {
    let text = multi_line(text);
    if text.is_empty() {
        Err(Problem::Required)
    } else if text.chars().count() < 10 {
        Err(Problem::TooShort)
    } else if text.chars().count() > CONTACT_MAX {
        Err(Problem::TooLong)
    } else {
        Ok(text)
    }
}

/// The description's paragraphs (separated by blank lines), each with its line breaks.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> OrganisationInput {
        OrganisationInput {
            name: "  Willkommenskreis   Fürstenberg/Havel ".into(),
            slug: String::new(),
            kind: "welcome_circle".into(),
            municipality: "fuerstenberg".into(),
            description: "Wir treffen uns dienstags.\r\n\r\nKommen Sie vorbei!".into(),
            contact_email: " Kreis@Example.org ".into(),
        }
    }

    #[test]
    fn slug_is_made_from_the_name() {
        assert_eq!(
            slugify("Willkommenskreis Fürstenberg/Havel"),
            "willkommenskreis-fuerstenberg-havel"
        );
        assert_eq!(slugify("  Straße & Söhne e. V. "), "strasse-soehne-e-v");
        assert_eq!(slugify("مرحبا"), "");
        assert!(slugify(&"a b ".repeat(50)).len() <= SLUG_MAX);
        assert!(!slugify(&"ab ".repeat(40)).ends_with('-'));
    }

    #[test]
    fn a_good_form_is_cleaned_up() {
        let draft = check_organisation(&input(), |m| m == "fuerstenberg").unwrap_or_else(|p| {
            panic!("refused: {p:?}");
        });
        assert_eq!(draft.name, "Willkommenskreis Fürstenberg/Havel");
        assert_eq!(draft.slug, "willkommenskreis-fuerstenberg-havel");
        assert_eq!(draft.kind, OrganisationKind::WelcomeCircle);
        assert_eq!(draft.contact_email, "kreis@example.org");
        assert_eq!(
            paragraphs(&draft.description),
            ["Wir treffen uns dienstags.", "Kommen Sie vorbei!"]
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let bad = OrganisationInput {
            name: "ab".into(),
            slug: "Not a slug!".into(),
            kind: "party".into(),
            municipality: "atlantis".into(),
            description: " ".into(),
            contact_email: "nobody".into(),
        };
        let problems = check_organisation(&bad, |_| false)
            .err()
            .unwrap_or_default();
        let fields: Vec<_> = problems.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            [
                "name",
                "kind",
                "municipality",
                "description",
                "contact_email"
            ]
        );
        let typed_slug = OrganisationInput {
            slug: "Not a slug!".into(),
            ..input()
        };
        let problems = check_organisation(&typed_slug, |_| true)
            .err()
            .unwrap_or_default();
        assert_eq!(problems, [("slug", Problem::UnknownChoice)]);
        let arabic_only = OrganisationInput {
            name: "مرحبا بكم".into(),
            ..input()
        };
        let problems = check_organisation(&arabic_only, |_| true)
            .err()
            .unwrap_or_default();
        assert_eq!(problems, [("slug", Problem::UnknownChoice)]);
    }

    #[test]
    fn contact_messages_have_a_length() {
        assert_eq!(check_contact("  "), Err(Problem::Required));
        assert_eq!(check_contact("Hallo"), Err(Problem::TooShort));
        assert_eq!(
            check_contact(&"x".repeat(CONTACT_MAX + 1)),
            Err(Problem::TooLong)
        );
        assert_eq!(
            check_contact(" Ich möchte mithelfen.\r\nGruß "),
            Ok("Ich möchte mithelfen.\nGruß".to_string())
        );
    }
}

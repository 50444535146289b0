//! The mails the platform sends, in the recipient's language, each with a plain-text
//! part and a simple HTML part. They are written to the outbox (`crate::ssr::db::outbox`)
//! in the same transaction as the action that causes them; the server's mail job sends them.
use crate::i18n::{Locale, td_string};
use crate::ssr::db::outbox::{self, NewMail};
use sqlx::AnyConnection;
use std::str::FromStr;

/// A finished mail, ready for the outbox.
#[derive(Debug, Clone, PartialEq)]
pub struct Composed {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// The recipient's locale, or the tenant default when the stored code is unknown.
pub fn locale_of(code: &str, default: &str) -> Locale {
    Locale::from_str(code)
        .or_else(|()| Locale::from_str(default))
        .unwrap_or_default()
}

/// Mail kinds. Each knows its words; `compose` puts them into one layout.
pub enum MailKind<'a> {
    VerifyEmail {
        link: &'a str,
    },
    AlreadyRegistered {
        login_link: &'a str,
        reset_link: &'a str,
    },
    ResetPassword {
        link: &'a str,
    },
    PasswordChanged {
        reset_link: &'a str,
    },
    AccountDeleted,
    /// Right after posting: open posts of the other kind that may answer it, each as
    /// (title and place, link).
    Matches {
        title: &'a str,
        need: bool,
        items: &'a [(String, String)],
        link: &'a str,
    },
    /// New posts for a saved search as (title and place, link) (the last item may be
    /// "… and 3 more", linking the listing), the listing, and the link that stops the alert.
    Digest {
        search: &'a str,
        items: &'a [(String, String)],
        listing: &'a str,
        unsubscribe: &'a str,
    },
    /// Unread messages wait on the platform: how many, in how many conversations. Never
    /// their text.
    NewMessages {
        messages: usize,
        conversations: usize,
        link: &'a str,
    },
    /// A moderator did not publish a post (or took a published one down), and why.
    PostRejected {
        title: &'a str,
        reason: &'a str,
        /// It had been published: it was removed, not rejected.
        removed: bool,
        /// The district's address for questions.
        contact: &'a str,
        link: &'a str,
    },
    /// A moderator warns the person (and may have removed messages they wrote).
    Warning {
        reason: &'a str,
        contact: &'a str,
        removed_messages: bool,
    },
    /// A moderator blocked the account.
    AccountBlocked {
        reason: &'a str,
        contact: &'a str,
    },
    /// Someone wrote to an organisation through its profile's contact form. The sender's
    /// address is given so that the organisation can answer; theirs is never shown.
    OrganisationContact {
        organisation: &'a str,
        sender: &'a str,
        sender_email: &'a str,
        message: &'a str,
        link: &'a str,
    },
    /// A post expires soon; the link renews it without logging in.
    PostExpiring {
        title: &'a str,
        date: &'a str,
        link: &'a str,
    },
}

pub fn compose(locale: Locale, site: &str, name: &str, kind: &MailKind<'_>) -> Composed {
    crate::plurals::install();
    let greeting = td_string!(locale, mail_greeting, name = name).to_string();
    let signature = td_string!(locale, mail_signature, site = site).to_string();
    let (subject, paragraphs, link): (String, Vec<String>, Option<(String, &str)>) = match kind {
        MailKind::VerifyEmail { link } => (
            td_string!(locale, mail_verify_subject, site = site).to_string(),
            vec![
                td_string!(locale, mail_verify_text, site = site).to_string(),
                td_string!(locale, mail_verify_expiry).to_string(),
                td_string!(locale, mail_not_you).to_string(),
            ],
            Some((td_string!(locale, mail_verify_button).to_string(), *link)),
        ),
        MailKind::AlreadyRegistered {
            login_link,
            reset_link,
        } => (
            td_string!(locale, mail_existing_subject, site = site).to_string(),
            vec![
                td_string!(locale, mail_existing_text).to_string(),
                format!("{}: {login_link}", td_string!(locale, mail_existing_login)),
                td_string!(locale, mail_not_you).to_string(),
            ],
            Some((
                td_string!(locale, mail_existing_reset).to_string(),
                *reset_link,
            )),
        ),
        MailKind::ResetPassword { link } => (
            td_string!(locale, mail_reset_subject, site = site).to_string(),
            vec![
                td_string!(locale, mail_reset_text).to_string(),
                td_string!(locale, mail_reset_expiry).to_string(),
                td_string!(locale, mail_not_you).to_string(),
            ],
            Some((td_string!(locale, mail_reset_button).to_string(), *link)),
        ),
        MailKind::PasswordChanged { reset_link } => (
            td_string!(locale, mail_changed_subject, site = site).to_string(),
            vec![td_string!(locale, mail_changed_text).to_string()],
            Some((
                td_string!(locale, mail_changed_button).to_string(),
                *reset_link,
            )),
        ),
        MailKind::PostExpiring { title, date, link } => (
            td_string!(locale, mail_expiring_subject, title = title).to_string(),
            vec![
                td_string!(locale, mail_expiring_text, title = title, date = date).to_string(),
                td_string!(locale, mail_expiring_ignore).to_string(),
            ],
            Some((td_string!(locale, mail_expiring_button).to_string(), *link)),
        ),
        MailKind::PostRejected {
            title,
            reason,
            removed,
            contact,
            link,
        } => (
            if *removed {
                td_string!(locale, mail_removed_subject, title = title).to_string()
            } else {
                td_string!(locale, mail_rejected_subject, title = title).to_string()
            },
            vec![
                if *removed {
                    td_string!(locale, mail_removed_text, title = title).to_string()
                } else {
                    td_string!(locale, mail_rejected_text, title = title).to_string()
                },
                td_string!(locale, mail_rejected_reason, reason = reason).to_string(),
                td_string!(locale, mail_rejected_contact, contact = contact).to_string(),
            ],
            Some((td_string!(locale, mail_rejected_button).to_string(), *link)),
        ),
        MailKind::Warning {
            reason,
            contact,
            removed_messages,
        } => {
            let mut paragraphs = vec![td_string!(locale, mail_warning_text).to_string()];
            if *removed_messages {
                paragraphs.push(td_string!(locale, mail_warning_removed).to_string());
            }
            paragraphs.push(td_string!(locale, mail_rejected_reason, reason = reason).to_string());
            paragraphs.push(td_string!(locale, mail_warning_rules).to_string());
            paragraphs
                .push(td_string!(locale, mail_blocked_contact, contact = contact).to_string());
            (
                td_string!(locale, mail_warning_subject, site = site).to_string(),
                paragraphs,
                None,
            )
        }
        MailKind::OrganisationContact {
            organisation,
            sender,
            sender_email,
            message,
            link,
        } => (
            td_string!(
                locale,
                mail_contact_subject,
                organisation = organisation,
                sender = sender
            )
            .to_string(),
            vec![
                td_string!(
                    locale,
                    mail_contact_text,
                    organisation = organisation,
                    sender = sender,
                    site = site
                )
                .to_string(),
                message.to_string(),
                td_string!(locale, mail_contact_reply, email = sender_email).to_string(),
                td_string!(locale, mail_contact_profile, link = link).to_string(),
            ],
            None,
        ),
        MailKind::AccountBlocked { reason, contact } => (
            td_string!(locale, mail_blocked_subject, site = site).to_string(),
            vec![
                td_string!(locale, mail_blocked_text, site = site).to_string(),
                td_string!(locale, mail_rejected_reason, reason = reason).to_string(),
                td_string!(locale, mail_blocked_contact, contact = contact).to_string(),
            ],
            None,
        ),
        MailKind::Matches {
            title, need, link, ..
        } => (
            td_string!(locale, mail_matches_subject, title = title).to_string(),
            vec![
                if *need {
                    td_string!(locale, mail_matches_need, title = title).to_string()
                } else {
                    td_string!(locale, mail_matches_offer, title = title).to_string()
                },
                td_string!(locale, mail_matches_answer).to_string(),
            ],
            Some((td_string!(locale, mail_matches_button).to_string(), *link)),
        ),
        MailKind::Digest {
            search,
            listing,
            unsubscribe,
            ..
        } => (
            td_string!(locale, mail_digest_subject, search = search).to_string(),
            vec![
                td_string!(locale, mail_digest_text, search = search).to_string(),
                td_string!(locale, mail_digest_unsubscribe, link = unsubscribe).to_string(),
            ],
            Some((td_string!(locale, mail_digest_button).to_string(), *listing)),
        ),
        MailKind::NewMessages {
            messages,
            conversations,
            link,
        } => (
            td_string!(
                locale,
                mail_messages_subject,
                count = *messages,
                site = site
            )
            .to_string(),
            {
                let mut summary =
                    td_string!(locale, mail_messages_text, count = *messages).to_string();
                // "They are in one conversation" says nothing new; from two on it does.
                if *conversations > 1 {
                    summary.push(' ');
                    summary.push_str(
                        &td_string!(locale, mail_messages_conversations, count = *conversations)
                            .to_string(),
                    );
                }
                vec![
                    summary,
                    td_string!(locale, mail_messages_private).to_string(),
                    td_string!(locale, mail_messages_settings).to_string(),
                ]
            },
            Some((td_string!(locale, mail_messages_button).to_string(), *link)),
        ),
        MailKind::AccountDeleted => (
            td_string!(locale, mail_deleted_subject, site = site).to_string(),
            vec![td_string!(locale, mail_deleted_text, site = site).to_string()],
            None,
        ),
    };

    let mut text = format!("{greeting}\n\n");
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;line-height:1.5\"><p>{greeting_html}</p>",
        lang = locale,
        dir = crate::ssr::locale::html_dir(locale),
        title = escape(&subject),
        greeting_html = escape(&greeting),
    );
    let (first, rest) = paragraphs
        .split_first()
        .map_or((None, &[][..]), |(f, r)| (Some(f), r));
    if let Some(first) = first {
        text.push_str(first);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(first)));
    }
    let list = match kind {
        MailKind::Matches { items, .. } | MailKind::Digest { items, .. } => *items,
        _ => &[],
    };
    if !list.is_empty() {
        html.push_str("<ul>");
        for (label, url) in list {
            text.push_str(&format!("- {label}\n  {url}\n"));
            html.push_str(&format!(
                "<li><a href=\"{}\">{}</a></li>",
                escape(url),
                escape(label)
            ));
        }
        text.push('\n');
        html.push_str("</ul>");
    }
    if let Some((label, url)) = &link {
        text.push_str(&format!("{label}:\n{url}\n\n"));
        html.push_str(&format!(
            "<p><a href=\"{href}\">{label}</a></p><p style=\"font-size:small\">{url_text}</p>",
            href = escape(url),
            label = escape(label),
            url_text = escape(url),
        ));
    }
    for paragraph in rest {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>", escape(paragraph)));
    }
    text.push_str(&format!("-- \n{signature}\n"));
    html.push_str(&format!("<p>{}</p></body></html>", escape(&signature)));
    Composed {
        subject,
        text,
        html,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// Composes a mail and writes it to the outbox on `conn` (usually a transaction).
pub async fn enqueue(
    conn: &mut AnyConnection,
    recipient: &str,
    locale: Locale,
    site: &str,
    name: &str,
    kind: &MailKind<'_>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let mail = compose(locale, site, name, kind);
    outbox::enqueue(
        conn,
        &NewMail {
            recipient,
            locale: locale.as_ref(),
            subject: &mail.subject,
            body_text: &mail.text,
            body_html: &mail.html,
        },
        now,
    )
    .await
}

/// Composes a mail to a member, in their language, and writes it to the outbox on `conn`
/// to be sent as soon as possible.
pub async fn enqueue_to(
    conn: &mut AnyConnection,
    state: &crate::ssr::state::AppState,
    user: &crate::ssr::db::users::UserRecord,
    kind: &MailKind<'_>,
) -> Result<i64, sqlx::Error> {
    let locale = locale_of(&user.locale, &state.tenant.default_locale);
    enqueue(
        conn,
        &user.email,
        locale,
        &state.tenant.name,
        &user.display_name,
        kind,
        crate::ssr::db::now(),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mails_are_in_the_recipients_language_with_text_and_link() {
        let link = "http://example.org/verify-email?token=abc";
        let de = compose(
            Locale::de,
            "Helferkreis",
            "Fee",
            &MailKind::VerifyEmail { link },
        );
        let ar = compose(
            Locale::ar,
            "Helferkreis",
            "Fee",
            &MailKind::VerifyEmail { link },
        );
        assert_ne!(de.subject, ar.subject);
        assert!(de.text.contains(link) && ar.text.contains(link));
        assert!(ar.html.contains("dir=\"rtl\""));
        assert!(de.html.contains("dir=\"ltr\""));
        assert!(de.text.contains("Fee"));
    }

    #[test]
    fn names_are_escaped_in_html() {
        let mail = compose(Locale::en, "H", "<b>x</b>", &MailKind::AccountDeleted);
        assert!(!mail.html.contains("<b>x</b>"));
        assert!(mail.html.contains("&lt;b&gt;"));
    }

    #[test]
    fn a_match_list_links_every_post_and_escapes_titles() {
        let items = vec![
            (
                "Buggy <neu> (Velten)".to_string(),
                "http://x/posts/7".to_string(),
            ),
            (
                "Kinderwagen (Kremmen)".to_string(),
                "http://x/posts/9".to_string(),
            ),
        ];
        let kind = MailKind::Matches {
            title: "Kinderwagen",
            need: true,
            items: &items,
            link: "http://x/posts/12",
        };
        let mail = compose(Locale::de, "H", "Fee", &kind);
        assert!(mail.subject.contains("Kinderwagen"));
        for url in ["http://x/posts/7", "http://x/posts/9", "http://x/posts/12"] {
            assert!(mail.text.contains(url) && mail.html.contains(url), "{url}");
        }
        assert!(mail.html.contains("Buggy &lt;neu&gt;"));
    }

    #[test]
    fn message_counts_take_the_plural_form_of_the_language() {
        let link = "http://x/conversations";
        let notice = |locale, messages, conversations| {
            compose(
                locale,
                "H",
                "Fee",
                &MailKind::NewMessages {
                    messages,
                    conversations,
                    link,
                },
            )
        };
        let one = notice(Locale::de, 1, 1);
        assert_eq!(one.subject, "Eine neue Nachricht auf H");
        assert!(one.text.contains("Sie haben eine ungelesene Nachricht."));
        assert!(
            !one.text.contains("Gespräch"),
            "one conversation goes without saying"
        );
        let many = notice(Locale::de, 3, 2);
        assert_eq!(many.subject, "3 neue Nachrichten auf H");
        assert!(
            many.text
                .contains("Sie haben 3 ungelesene Nachrichten. Sie stehen in 2 Gesprächen.")
        );
        // Russian: 1 сообщение, 3 сообщения, 5 сообщений, 21 сообщение.
        assert_eq!(notice(Locale::ru, 3, 1).subject, "3 новых сообщения на H");
        assert_eq!(notice(Locale::ru, 5, 1).subject, "5 новых сообщений на H");
        assert_eq!(notice(Locale::ru, 21, 1).subject, "21 новое сообщение на H");
        // Arabic has a dual and "few" (3 to 10) apart from "many" (11 to 99).
        assert_eq!(notice(Locale::ar, 2, 1).subject, "رسالتان جديدتان على H");
        assert_eq!(notice(Locale::ar, 4, 1).subject, "4 رسائل جديدة على H");
        assert_eq!(notice(Locale::ar, 12, 1).subject, "12 رسالة جديدة على H");
    }

    #[test]
    fn unknown_locale_codes_fall_back() {
        assert_eq!(locale_of("xx", "en"), Locale::en);
        assert_eq!(locale_of("ar", "de"), Locale::ar);
    }
}

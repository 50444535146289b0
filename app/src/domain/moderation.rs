//! What moderators see and decide: the review queue of posts, reports and the audit log.
//! Who may do it is checked on the server (`ssr::moderation`).
use crate::domain::post::{PostKind, PostStatus};
use crate::domain::site::HelpKind;
use serde::{Deserialize, Serialize};

/// Posts shown in the review queue at once, oldest first.
pub const QUEUE_PAGE: usize = 50;
/// Posts one bulk decision may cover (a page of the queue).
pub const BULK_MAX: usize = QUEUE_PAGE;

/// A post waiting for review: before publishing (pre-moderation) or after.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueItem {
    pub id: i64,
    pub kind: PostKind,
    pub help: HelpKind,
    pub category: String,
    pub municipality: String,
    pub title: String,
    pub description: String,
    pub language: String,
    pub status: PostStatus,
    pub author_name: String,
    /// Posted by a coordinator for someone without an account.
    pub for_someone: bool,
    /// Unix seconds: when the author sent it.
    pub submitted_at: i64,
    /// Waiting longer than the district's reaction promise.
    pub overdue: bool,
}

impl QueueItem {
    /// Not published yet: approving publishes it.
    pub fn waiting(&self) -> bool {
        self.status == PostStatus::Pending
    }
}

/// The review queue: its oldest items and how many there are in all.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Queue {
    pub items: Vec<QueueItem>,
    pub total: u64,
    /// The district's promise, in days (items older than this are overdue).
    pub reaction_days: u32,
}

/// A moderator's decision on posts in the queue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Decision {
    /// Publish it (pre-moderation) or confirm it may stay (post-moderation).
    Approve,
    /// Do not publish it, or take it down; the reason is mailed to the author.
    Reject,
}

impl Decision {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "approve" => Some(Decision::Approve),
            "reject" => Some(Decision::Reject),
            _ => None,
        }
    }
}

/// Parses the ids a bulk form sends (`1,5,9` or one per checkbox, joined by the server
/// function); anything that is not an id is dropped, repeats count once.
pub fn parse_ids(values: &[String]) -> Vec<i64> {
    let mut ids: Vec<i64> = values
        .iter()
        .flat_map(|v| v.split(','))
        .filter_map(|v| v.trim().parse().ok())
        .filter(|id| *id > 0)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// One line of the audit log: who did what, to what, when and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub actor_name: String,
    /// e.g. `post.approve`, `post.reject`, `user.block`, `user.role`.
    pub action: String,
    /// post, message, user, conversation, report
    pub target: String,
    pub target_id: Option<i64>,
    pub reason: String,
    /// Unix seconds.
    pub created_at: i64,
}

/// A page of the audit log, newest first.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// The id to continue from (`?before=`), when there are older entries.
    pub older: Option<i64>,
}

/// What a report is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportTarget {
    Post,
    Message,
    /// A person (as met in a conversation).
    User,
    /// A whole conversation (its messages are kept with the report).
    Conversation,
}

impl ReportTarget {
    pub const ALL: [ReportTarget; 4] = [
        ReportTarget::Post,
        ReportTarget::Message,
        ReportTarget::User,
        ReportTarget::Conversation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportTarget::Post => "post",
            ReportTarget::Message => "message",
            ReportTarget::User => "user",
            ReportTarget::Conversation => "conversation",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        ReportTarget::ALL.into_iter().find(|t| t.as_str() == text)
    }
}

/// Why someone reports: a fixed list (so reports can be counted and sorted), plus the
/// reporter's own words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportReason {
    /// Advertising, the same thing again and again.
    Spam,
    /// Insults, hate, discrimination.
    Offensive,
    /// Selling, asking for money, fraud.
    Scam,
    /// Someone's address, phone number or other private details in public.
    PersonalData,
    /// Something that may put a person in danger.
    Danger,
    Other,
}

impl ReportReason {
    pub const ALL: [ReportReason; 6] = [
        ReportReason::Spam,
        ReportReason::Offensive,
        ReportReason::Scam,
        ReportReason::PersonalData,
        ReportReason::Danger,
        ReportReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Offensive => "offensive",
            ReportReason::Scam => "scam",
            ReportReason::PersonalData => "personal-data",
            ReportReason::Danger => "danger",
            ReportReason::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        ReportReason::ALL.into_iter().find(|r| r.as_str() == text)
    }
}

/// What a moderator does about a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReportAction {
    /// Nothing wrong: close the report.
    Dismiss,
    /// Take the reported post or messages down.
    Remove,
    /// Mail the person a warning with the reason.
    Warn,
    /// Block the person: no more logging in, their open posts hidden.
    Block,
}

impl ReportAction {
    pub const ALL: [ReportAction; 4] = [
        ReportAction::Dismiss,
        ReportAction::Remove,
        ReportAction::Warn,
        ReportAction::Block,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ReportAction::Dismiss => "dismiss",
            ReportAction::Remove => "remove",
            ReportAction::Warn => "warn",
            ReportAction::Block => "block",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        ReportAction::ALL.into_iter().find(|a| a.as_str() == text)
    }

    /// Whether the person concerned gets the reason by mail (so it is required).
    pub fn needs_reason(self) -> bool {
        !matches!(self, ReportAction::Dismiss)
    }
}

/// A report as moderators see it in the queue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    pub id: i64,
    pub target: ReportTarget,
    pub target_id: i64,
    /// Where to look at the reported thing, if it has a page.
    pub link: Option<String>,
    /// Display names; `None` when the account is gone.
    pub subject_name: Option<String>,
    pub reporter_name: Option<String>,
    pub reason: ReportReason,
    pub note: String,
    /// The content as it was when reported.
    pub snapshot: String,
    /// Unix seconds.
    pub created_at: i64,
    pub overdue: bool,
    /// There is content to take down (a post, a message, a conversation's messages).
    pub removable: bool,
    /// There is a person to warn or block.
    pub has_subject: bool,
}

/// The open reports, oldest first, and how many there are.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportQueue {
    pub items: Vec<ReportItem>,
    pub total: u64,
    pub reaction_days: u32,
}

/// How well the district keeps its promise to react within `days` days, over the last
/// `window_days`: of the posts and reports that were due (handled, or waiting longer
/// than the promise), how many were handled in time.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ReactionPromise {
    pub days: u32,
    pub window_days: u32,
    pub posts_due: u64,
    pub posts_in_time: u64,
    pub reports_due: u64,
    pub reports_in_time: u64,
}

impl ReactionPromise {
    /// The share handled in time, in whole percent; `None` while nothing was due.
    pub fn percent(&self) -> Option<u64> {
        let due = self.posts_due + self.reports_due;
        (due > 0).then(|| ((self.posts_in_time + self.reports_in_time) * 100 + due / 2) / due)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_ids_are_parsed_leniently_and_deduplicated() {
        let sent = vec!["3".to_string(), "1,2".to_string(), "x".into(), "3".into()];
        assert_eq!(parse_ids(&sent), vec![1, 2, 3]);
        assert_eq!(
            parse_ids(&["-4".to_string(), "0".into()]),
            Vec::<i64>::new()
        );
    }

    #[test]
    fn report_codes_parse_back() {
        for target in ReportTarget::ALL {
            assert_eq!(ReportTarget::parse(target.as_str()), Some(target));
        }
        for reason in ReportReason::ALL {
            assert_eq!(ReportReason::parse(reason.as_str()), Some(reason));
        }
        for action in ReportAction::ALL {
            assert_eq!(ReportAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(ReportReason::parse("Spam"), None);
        assert!(!ReportAction::Dismiss.needs_reason() && ReportAction::Block.needs_reason());
    }

    #[test]
    fn the_promise_share_rounds_and_is_absent_without_data() {
        let mut promise = ReactionPromise::default();
        assert_eq!(promise.percent(), None);
        promise.posts_due = 2;
        promise.posts_in_time = 1;
        promise.reports_due = 1;
        assert_eq!(promise.percent(), Some(33));
        promise.reports_in_time = 1;
        assert_eq!(promise.percent(), Some(67));
    }

    #[test]
    fn decisions_parse_from_button_values() {
        assert_eq!(Decision::parse("approve"), Some(Decision::Approve));
        assert_eq!(Decision::parse("reject"), Some(Decision::Reject));
        assert_eq!(Decision::parse("delete"), None);
    }
}

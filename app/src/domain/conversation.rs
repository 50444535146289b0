//! Conversations between a post's author and a person who answered it, as the pages show
//! them. Who may see or do what is decided on the server (`ssr::conversations`).
use crate::domain::account::Problem;
use crate::domain::post::{PostKind, PostStatus};
use serde::{Deserialize, Serialize};

/// A message at most, in characters: a long letter, not a document.
pub const MESSAGE_MAX: usize = 4000;
/// A report's reason at most, in characters.
pub const REASON_MAX: usize = 1000;

/// The text of a message, trimmed, or why it cannot be sent.
pub fn check_message(text: &str) -> Result<String, Problem> {
    check_text(text, MESSAGE_MAX)
}

/// The reason of a report, trimmed, or why it cannot be sent.
pub fn check_reason(text: &str) -> Result<String, Problem> {
    check_text(text, REASON_MAX)
}

fn check_text(text: &str, max: usize) -> Result<String, Problem> {
    let text = super::text::multi_line(text);
    if text.is_empty() {
        Err(Problem::Required)
    } else if text.chars().count() > max {
        Err(Problem::TooLong)
    } else {
        Ok(text)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConversationStatus {
    Open,
    /// The author chose this helper.
    Accepted,
    /// Either side marked the help as given.
    Done,
}

impl ConversationStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ConversationStatus::Open => "open",
            ConversationStatus::Accepted => "accepted",
            ConversationStatus::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Open, Self::Accepted, Self::Done]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// One message as a participant sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MessageView {
    pub id: i64,
    pub mine: bool,
    pub sender_name: String,
    /// Empty when a moderator removed the message.
    pub body: String,
    pub removed: bool,
    pub created_at: i64,
}

/// A conversation as one of its two participants sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationView {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub post_kind: PostKind,
    pub post_status: PostStatus,
    pub status: ConversationStatus,
    /// The viewer wrote the post (the other side answered it).
    pub i_am_author: bool,
    /// The other person's account id (to report them; never shown).
    pub other_id: i64,
    pub other_name: String,
    pub messages: Vec<MessageView>,
    /// The viewer may choose this helper (author, post still open for it).
    pub can_accept: bool,
    /// The viewer may mark the help as given (either side, once accepted).
    pub can_finish: bool,
    /// One side blocked the other: no more messages.
    pub blocked: bool,
}

/// A line of the conversation list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ConversationSummary {
    pub id: i64,
    pub post_id: i64,
    pub post_title: String,
    pub post_kind: PostKind,
    pub other_name: String,
    pub status: ConversationStatus,
    pub unread: u32,
    pub last_message_at: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_trimmed_and_bounded() {
        assert_eq!(check_message("  Hallo  "), Ok("Hallo".to_string()));
        assert_eq!(check_message(" \n "), Err(Problem::Required));
        assert_eq!(
            check_message(&"x".repeat(MESSAGE_MAX + 1)),
            Err(Problem::TooLong)
        );
        assert!(check_message(&"ب".repeat(MESSAGE_MAX)).is_ok());
    }
}

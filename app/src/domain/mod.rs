//! Plain types shared by the server and the browser. No I/O here.
pub mod account;
pub mod alert;
pub mod contrast;
pub mod conversation;
pub mod dashboard;
pub mod error;
pub mod info;
pub mod listing;
pub mod locale;
pub mod moderation;
pub mod organisation;
pub mod post;
pub mod site;
pub mod stats;
pub mod text;

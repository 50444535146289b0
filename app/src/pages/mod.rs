//! One module per route.
pub mod account;
pub mod admin_users;
pub mod conversation;
pub mod conversations;
pub mod forgot_password;
pub mod home;
pub mod legal;
pub mod listing;
pub mod login;
pub mod my_posts;
pub mod not_found;
pub mod post;
pub mod post_form;
pub mod register;
pub mod renew_post;
pub mod reset_password;
pub mod verify_email;

//! Background work that runs beside the web server and stops with it.
pub mod cleanup;
pub mod expiry;
pub mod mailer;

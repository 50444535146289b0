//! Reusable view pieces.
pub mod language_switcher;
pub mod layout;

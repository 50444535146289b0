//! Pieces shared by several pages.
pub mod form;
pub mod language_switcher;
pub mod layout;

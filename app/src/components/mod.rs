//! Pieces shared by several pages.
pub mod chart;
pub mod form;
pub mod language_switcher;
pub mod layout;
pub mod matches;
pub mod person_name;
pub mod post_card;
pub mod status_light;

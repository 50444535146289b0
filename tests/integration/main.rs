//! The integration tests: the real server on port 0 with a fresh database, one module
//! per area. Run one area with `cargo test -p helferkreis-tests --test integration
//! accounts::` (names are `module::test`).
mod abandoned_views;
mod accounts;
mod alerts;
mod backup;
mod conversations;
mod coordinators;
mod durability;
mod foundation;
mod hostile_input;
mod info_pages;
mod instances;
mod listings;
mod matching;
mod moderation;
mod organisations;
mod page_cache;
mod page_titles;
mod photos;
mod post_pages;
mod posts;
mod reports;
mod smtp;
mod stats;

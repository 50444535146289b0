//! Helferkreis: the Leptos application, compiled with feature `ssr` into the server and
//! with feature `hydrate` into the WASM bundle. See DESIGN.md for the layout.
#![recursion_limit = "256"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
mod app;
pub mod components;
pub mod domain;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{App, shell};

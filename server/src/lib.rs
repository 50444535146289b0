//! The Helferkreis server: configuration, axum router and middleware, background jobs,
//! start-up. `main.rs` is only the command line around it; tests start it in-process on port 0.
pub mod backup;
pub mod config;
pub mod jobs;
pub mod metrics;
pub mod middleware;
pub mod router;
pub mod routes;
pub mod seed;
pub mod sessions;
pub mod startup;

//! The error a server function reports to the browser. It carries no internals: the
//! server logs the cause with context, the person sees a translated sentence.
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Not signed in (HTTP 401).
    #[error("please log in")]
    Unauthorized,
    /// Signed in, but the role does not allow this (HTTP 403).
    #[error("not allowed")]
    Forbidden,
    #[error("not found")]
    NotFound,
    /// Too many attempts (HTTP 429).
    #[error("too many attempts; wait {minutes} minutes")]
    RateLimited { minutes: u32 },
    /// Something on the server failed; details are in the server log only.
    #[error("internal error")]
    Internal,
    /// Transport problems (network, bad arguments) as the framework reports them.
    #[error("request failed: {0}")]
    Request(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        #[cfg(feature = "ssr")]
        crate::ssr::request::mark_client_error(&value);
        AppError::Request(value.to_string())
    }
}

impl AppError {
    pub fn status(&self) -> http::StatusCode {
        use http::StatusCode;
        match self {
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            AppError::Request(_) => StatusCode::BAD_REQUEST,
        }
    }
}

//! A handler that panics answers `500` instead of dropping the connection. Without this
//! layer hyper closes the connection mid-request and the browser shows its own error
//! page (or, for the suggestions while writing, nothing); with it the answer is an empty
//! `500`, which `error_page::fill` turns into the translated "Something went wrong"
//! page, and the panic is logged with the request it happened in (the trace span).
use axum::response::{IntoResponse, Response};
use http::StatusCode;
use std::any::Any;
use tower_http::catch_panic::CatchPanicLayer;

/// The layer, for the routes that run our handlers.
pub fn layer() -> CatchPanicLayer<fn(Box<dyn Any + Send + 'static>) -> Response> {
    CatchPanicLayer::custom(answer as fn(Box<dyn Any + Send + 'static>) -> Response)
}

fn answer(panic: Box<dyn Any + Send + 'static>) -> Response {
    tracing::error!(panic = %message(panic.as_ref()), "a handler panicked");
    StatusCode::INTERNAL_SERVER_ERROR.into_response()
}

/// The text a panic was raised with, if it has one.
pub fn message(panic: &(dyn Any + Send)) -> &str {
    panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::body::Body;
    use axum::routing::get;
    use tower::ServiceExt;

    #[test]
    fn reads_both_kinds_of_panic_message() {
        let owned: Box<dyn Any + Send> = Box::new(String::from("owned"));
        let fixed: Box<dyn Any + Send> = Box::new("fixed");
        let other: Box<dyn Any + Send> = Box::new(7_u8);
        assert_eq!(message(owned.as_ref()), "owned");
        assert_eq!(message(fixed.as_ref()), "fixed");
        assert_eq!(message(other.as_ref()), "(no message)");
    }

    #[tokio::test]
    async fn a_panicking_handler_answers_an_empty_500() {
        async fn broken() -> &'static str {
            panic!("broken on purpose")
        }
        let router = Router::new().route("/", get(broken)).layer(layer());
        let request = http::Request::get("/")
            .body(Body::empty())
            .unwrap_or_else(|e| panic!("{e}"));
        let response = router.oneshot(request).await.unwrap_or_else(|e| match e {});
        assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = axum::body::to_bytes(response.into_body(), 1024)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(body.is_empty(), "error_page::fill fills only empty answers");
    }
}

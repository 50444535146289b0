//! `GET /account/export.json`: the signed-in person's data as a download (GDPR Art. 15
//! and 20). A plain route, not a server function, so a browser saves the file instead
//! of being redirected back to the page it came from.
use app::ssr::accounts::{service, session};
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use tower_sessions::Session;

pub async fn export(State(state): State<AppState>, request: Request) -> Response {
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        tracing::error!("session layer missing on the export route");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let user = session::current_user(&session, state.db.pool()).await;
    match user {
        Ok(Some(user)) => {
            let body = match service::export(&state, &user).await {
                Ok(body) => body,
                Err(err) => {
                    tracing::error!(error = %err, user_id = user.id, "export failed");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            };
            let text = serde_json::to_string_pretty(&body).unwrap_or_default();
            tracing::info!(user_id = user.id, "data export downloaded");
            (
                [
                    (CONTENT_TYPE, "application/json; charset=utf-8"),
                    (CONTENT_DISPOSITION, "attachment; filename=\"my-data.json\""),
                    (CACHE_CONTROL, "no-store"),
                ],
                text,
            )
                .into_response()
        }
        Ok(None) => Redirect::to("/login?next=/account").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "export: cannot load the signed-in user");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

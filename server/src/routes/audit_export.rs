//! `GET /admin/audit.csv`: the whole audit log as a CSV download, for admins (the
//! data-protection officer asks for it; a spreadsheet opens it). Taking the copy is
//! itself recorded in the log.
use app::domain::account::Role;
use app::ssr::accounts::session;
use app::ssr::moderation::audit;
use app::ssr::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use tower_sessions::Session;

pub const PATH: &str = "/admin/audit.csv";

pub async fn export(State(state): State<AppState>, session: Session) -> Response {
    let user = match session::current_user(&session, state.db.pool()).await {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to("/login?next=/admin/audit").into_response(),
        Err(err) => {
            tracing::error!(error = %err, "audit export: cannot load the signed-in user");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if !user.role().includes(Role::Admin) {
        return StatusCode::FORBIDDEN.into_response();
    }
    // The export is itself an entry: who took a copy of the log, and when.
    let recorded = match state.db.pool().acquire().await {
        Ok(mut conn) => audit::record(&mut conn, &user, "audit.export", "audit_log", None, "")
            .await
            .map(|_| ()),
        Err(err) => Err(err),
    };
    if let Err(err) = recorded {
        tracing::error!(error = %err, "audit export: cannot record the export");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    match audit::csv(&state).await {
        Ok(body) => {
            tracing::info!(user_id = user.id, "audit log exported");
            (
                [
                    (CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        CONTENT_DISPOSITION,
                        "attachment; filename=\"audit-log.csv\"",
                    ),
                    (CACHE_CONTROL, "no-store"),
                ],
                body,
            )
                .into_response()
        }
        Err(err) => {
            tracing::error!(error = %err, "audit export failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

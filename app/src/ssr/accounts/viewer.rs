//! Who is signed in, looked up once before a page is rendered (the server's
//! `middleware::viewer` calls `look_up`): the header and every page have it at hand
//! without waiting for a resource, and the account is remembered for the page's server
//! functions (`RequestCtx::user`), so a page view asks the database once for it.
use crate::domain::account::Viewer;
use crate::ssr::accounts::session;
use crate::ssr::request::RequestMemo;
use crate::ssr::state::AppState;
use tower_sessions::Session;

/// The request extension `look_up` leaves: `None` for a visitor who is not signed in.
#[derive(Debug, Clone)]
pub struct RequestViewer(pub Option<Viewer>);

/// Looks up the signed-in account and its unread messages for the request with these
/// `extensions` (they need the session) and records them there. When the database
/// fails the error is logged and nothing recorded: the page is rendered as for a
/// visitor, and whatever it needs the account for asks again (and shows the error).
pub async fn look_up(state: &AppState, extensions: &mut http::Extensions) {
    let Some(session) = extensions.get::<Session>().cloned() else {
        return;
    };
    match session::current_viewer(&session, state.db.pool()).await {
        Ok(found) => {
            if let Some(memo) = extensions.get::<RequestMemo>() {
                memo.remember_user(found.as_ref().map(|(user, _)| user.clone()));
            }
            let viewer = found.map(|(user, unread)| Viewer {
                id: user.id,
                role: user.role(),
                display_name: user.display_name,
                unread: u32::try_from(unread).unwrap_or(0),
            });
            extensions.insert(RequestViewer(viewer));
        }
        Err(error) => tracing::error!(%error, "looking up who is signed in"),
    }
}

/// Who is signed in, as `look_up` recorded it in the request being rendered.
pub fn of_request() -> Option<Viewer> {
    leptos::prelude::use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<RequestViewer>().cloned())
        .and_then(|viewer| viewer.0)
}

//! Photo upload (`POST /posts/{id}/photos`, a plain multipart form that works the same
//! with and without JavaScript) and photo files (`GET /photos/{id}/{thumb|display}.jpg`).
//! The upload route has its own body limit; everything else keeps the small one.
use app::domain::account::{FormFeedback, FormId, Notice};
use app::ssr::accounts::session;
use app::ssr::photos::{self, encode::FILE_MAX_BYTES};
use app::ssr::posts;
use app::ssr::request::flash_in;
use app::ssr::state::AppState;
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::response::{IntoResponse, Redirect, Response};
use http::StatusCode;
use http::header::{CACHE_CONTROL, CONTENT_TYPE};
use tower_sessions::Session;

/// The upload route's body limit. Well above the file limit, so that a photo a little
/// too big gets the friendly message next to the field; beyond this, the translated
/// "too large" page.
pub const UPLOAD_BODY_LIMIT: usize = 2 * FILE_MAX_BYTES;
/// The description field is short; more is not read.
const ALT_READ_MAX: usize = 4 * 1024;

/// What the form sent, read with limits: `None` for the file if it was over the limit.
struct Upload {
    file: Option<Vec<u8>>,
    alt: String,
}

async fn read_upload(
    mut form: Multipart,
) -> Result<Upload, axum::extract::multipart::MultipartError> {
    let mut upload = Upload {
        file: Some(Vec::new()),
        alt: String::new(),
    };
    while let Some(mut field) = form.next_field().await? {
        match field.name() {
            Some("photo") => {
                let mut bytes = Vec::new();
                let mut over = false;
                while let Some(chunk) = field.chunk().await? {
                    if bytes.len() + chunk.len() > FILE_MAX_BYTES {
                        over = true;
                    } else if !over {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                upload.file = (!over).then_some(bytes);
            }
            Some("alt") => {
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await? {
                    if bytes.len() < ALT_READ_MAX {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                upload.alt = String::from_utf8_lossy(&bytes).into_owned();
            }
            _ => while field.chunk().await?.is_some() {},
        }
    }
    Ok(upload)
}

pub async fn upload(
    State(state): State<AppState>,
    Path(id): Path<String>,
    request: Request,
) -> Response {
    let Ok(post_id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let page = format!("/posts/{post_id}");
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        tracing::error!("session layer missing on the photo upload route");
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let user = session::current_user(&session, state.db.pool()).await;
    let user = match user {
        Ok(Some(user)) => user,
        Ok(None) => return Redirect::to(&format!("/login?next={page}")).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "photo upload: session lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let feedback = match Multipart::from_request(request, &state).await {
        Err(_) => FormFeedback::new(FormId::Photos)
            .field("photo", app::domain::account::Problem::NotAnImage),
        Ok(form) => match read_upload(form).await {
            Err(_) => FormFeedback::new(FormId::Photos)
                .field("photo", app::domain::account::Problem::FileTooLarge),
            Ok(Upload { file: None, .. }) => FormFeedback::new(FormId::Photos)
                .field("photo", app::domain::account::Problem::FileTooLarge),
            Ok(Upload {
                file: Some(bytes),
                alt,
            }) => match photos::add(&state, &user, post_id, bytes, &alt).await {
                Ok(Ok(_)) => FormFeedback::notice(FormId::Photos, Notice::PhotoAdded),
                Ok(Err(refusal)) => {
                    app::api::posts::refused(FormId::Photos, refusal, &[("alt", alt.as_str())])
                }
                Err(err) => {
                    tracing::error!(error = %err, post_id, "photo upload failed");
                    return StatusCode::INTERNAL_SERVER_ERROR.into_response();
                }
            },
        },
    };
    if let Err(err) = flash_in(&session, &feedback).await {
        tracing::error!(error = %err, "photo upload: cannot keep the feedback");
    }
    Redirect::to(&page).into_response()
}

/// `GET /photos/{id}/thumb.jpg` or `/photos/{id}/display.jpg`: for anyone when the
/// post is public, else only for its author and moderators (a post waiting for review),
/// and then never kept by shared caches.
pub async fn file(
    State(state): State<AppState>,
    session: Session,
    Path((id, name)): Path<(String, String)>,
) -> Response {
    let thumb = match name.as_str() {
        "thumb.jpg" => true,
        "display.jpg" => false,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let found = match state.db.pool().acquire().await {
        Ok(mut conn) => app::ssr::db::photos::image(&mut conn, id, thumb).await,
        Err(err) => Err(err),
    };
    let (post_id, bytes) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, photo_id = id, "photo lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let post = match posts::get(&state, post_id).await {
        Ok(Some(post)) => post,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(err) => {
            tracing::error!(error = %err, photo_id = id, "photo post lookup failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // Photo ids are never reused, so the file at an address never changes.
    let cache = if post.status().is_public() {
        super::KEPT_FOR_A_YEAR
    } else {
        let viewer = match session::current_user(&session, state.db.pool()).await {
            Ok(viewer) => viewer,
            Err(err) => {
                tracing::error!(error = %err, photo_id = id, "photo viewer lookup failed");
                return StatusCode::SERVICE_UNAVAILABLE.into_response();
            }
        };
        if !posts::may_see(&post, viewer.as_ref()) {
            return StatusCode::NOT_FOUND.into_response();
        }
        "private, no-store"
    };
    (
        [(CONTENT_TYPE, "image/jpeg"), (CACHE_CONTROL, cache)],
        bytes,
    )
        .into_response()
}

//! What a server function knows about its request: shared state, session, client IP,
//! language, and whether it came from a plain HTML form (no JavaScript).
use crate::domain::account::{FormFeedback, Role};
use crate::domain::error::AppError;
use crate::ssr::accounts::session;
use crate::ssr::db::users::UserRecord;
use crate::ssr::state::AppState;
use leptos::prelude::*;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use tokio::sync::OnceCell;
use tower_sessions::Session;

/// The client's address, put into request extensions by the server's middleware.
#[derive(Debug, Clone, Copy)]
pub struct ClientIp(pub IpAddr);

/// The language chosen for this request (see `crate::ssr::locale`).
#[derive(Debug, Clone)]
pub struct RequestLocale(pub String);

/// The per-request nonce the Content-Security-Policy allows scripts with.
#[derive(Debug, Clone)]
pub struct CspNonce(pub String);

/// Results remembered for the rest of one request. Leptos may render a page's resources
/// more than once per request, even concurrently; a one-time action (confirming an
/// address, taking the feedback a form left) must still happen once and give the same
/// answer each time. Every clone of the request parts shares the map (it sits in an `Arc`).
#[derive(Debug, Clone, Default)]
pub struct RequestMemo {
    once: Arc<Mutex<HashMap<String, Arc<OnceCell<String>>>>>,
    /// The signed-in account, looked up once per page view (the header and the page
    /// both ask; each lookup is a query on a database thread).
    user: Arc<OnceCell<Option<UserRecord>>>,
}

impl RequestMemo {
    /// Runs `work` the first time `key` is asked for in this request; later (or
    /// concurrent) calls wait for and get the same result.
    pub async fn once<T, F, Fut>(&self, key: &str, work: F) -> Result<T, AppError>
    where
        T: serde::Serialize + serde::de::DeserializeOwned,
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<T, AppError>>,
    {
        let cell = match self.once.lock() {
            Ok(mut map) => map.entry(key.to_string()).or_default().clone(),
            Err(_) => return Err(internal("request memo lock poisoned")),
        };
        let json = cell
            .get_or_try_init(|| async {
                let value = work().await?;
                serde_json::to_string(&value).map_err(log_internal)
            })
            .await?;
        serde_json::from_str(json).map_err(log_internal)
    }

    /// The signed-in account (or `None`), looked up before rendering, for the page's
    /// server functions (`RequestCtx::user`). A second call changes nothing.
    pub fn remember_user(&self, user: Option<UserRecord>) {
        let _already_known = self.user.set(user);
    }
}

/// A response header through which a server function asks the language middleware to
/// remember a language in the cookie (the middleware removes the header).
pub const SET_LOCALE_HEADER: &str = "x-helferkreis-set-locale";

const FLASH_KEY: &str = "flash";

/// Keeps feedback in `session` for the next page view (plain routes use this directly).
pub async fn flash_in(session: &Session, feedback: &FormFeedback) -> Result<(), AppError> {
    session
        .insert(FLASH_KEY, feedback)
        .await
        .map_err(log_internal)
}

pub struct RequestCtx {
    pub state: AppState,
    pub session: Session,
    pub ip: IpAddr,
    pub locale: String,
    /// Posted by a browser without JavaScript: answer with a redirect, not data.
    pub plain_form: bool,
    /// A `GET` (a page view or a read-only server function).
    pub page_view: bool,
    pub memo: RequestMemo,
}

impl RequestCtx {
    pub fn get() -> Result<Self, AppError> {
        let state = use_context::<AppState>().ok_or_else(|| internal("server state missing"))?;
        let parts = use_context::<http::request::Parts>()
            .ok_or_else(|| internal("request parts missing"))?;
        let session = parts
            .extensions
            .get::<Session>()
            .cloned()
            .ok_or_else(|| internal("session layer missing"))?;
        let ip = parts
            .extensions
            .get::<ClientIp>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0);
        let locale = parts
            .extensions
            .get::<RequestLocale>()
            .map_or_else(|| state.tenant.default_locale.clone(), |l| l.0.clone());
        let plain_form = accepts_html(&parts);
        let page_view = parts.method == http::Method::GET;
        let memo = parts
            .extensions
            .get::<RequestMemo>()
            .cloned()
            .unwrap_or_default();
        Ok(Self {
            state,
            session,
            ip,
            locale,
            plain_form,
            page_view,
            memo,
        })
    }

    /// The signed-in account, if any.
    pub async fn user(&self) -> Result<Option<UserRecord>, AppError> {
        let lookup = || async {
            session::current_user(&self.session, self.state.db.pool())
                .await
                .map_err(log_internal)
        };
        // Only page views keep the answer: a form post may sign someone in or out.
        if self.page_view {
            self.memo.user.get_or_try_init(lookup).await.cloned()
        } else {
            lookup().await
        }
    }

    /// The signed-in account if its role includes `role`; otherwise the request is refused
    /// (401 or 403; a plain form is sent to the login page instead).
    pub async fn require(&self, role: Role) -> Result<UserRecord, AppError> {
        match self.user().await? {
            Some(user) if user.role().includes(role) => Ok(user),
            Some(_) => Err(self.refuse(AppError::Forbidden)),
            None => {
                if self.plain_form {
                    redirect("/login");
                }
                Err(self.refuse(AppError::Unauthorized))
            }
        }
    }

    pub fn refuse(&self, error: AppError) -> AppError {
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>()
            && !(self.plain_form && error == AppError::Unauthorized)
        {
            response.set_status(error.status());
        }
        error
    }

    /// Ends a form submission. A caller asking for data (an island, a script) gets the
    /// feedback as data; a plain form post (every form of the pages) is redirected: to `feedback.redirect`, or back to `page` with the
    /// feedback kept in the session for that one page view.
    pub async fn finish(
        &self,
        feedback: FormFeedback,
        page: &str,
    ) -> Result<FormFeedback, AppError> {
        if !self.plain_form {
            return Ok(feedback);
        }
        match &feedback.redirect {
            Some(target) => redirect(target),
            None => {
                self.flash(&feedback).await?;
                redirect(page);
            }
        }
        Ok(feedback)
    }

    /// Keeps feedback for the next page view (after a redirect).
    pub async fn flash(&self, feedback: &FormFeedback) -> Result<(), AppError> {
        flash_in(&self.session, feedback).await
    }

    /// Takes the kept feedback (once per request, see `RequestMemo`).
    pub async fn take_flash(&self) -> Result<Option<FormFeedback>, AppError> {
        self.memo
            .once("flash", || async {
                let kept: Option<FormFeedback> =
                    self.session.get(FLASH_KEY).await.map_err(log_internal)?;
                if kept.is_some() {
                    self.session
                        .remove::<FormFeedback>(FLASH_KEY)
                        .await
                        .map_err(log_internal)?;
                }
                Ok(kept)
            })
            .await
    }

    /// Asks the language middleware to remember `locale` in the cookie.
    pub fn remember_locale(&self, locale: &str) {
        if let (Some(response), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            http::HeaderValue::from_str(locale),
        ) {
            response.insert_header(http::HeaderName::from_static(SET_LOCALE_HEADER), value);
        }
    }
}

/// Small pages the middleware answers with, outside Leptos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlainPage {
    /// The origin check refused a request from another site.
    OriginRejected,
    /// The request body was over the limit.
    TooLarge,
    /// Something failed on our side outside a Leptos page (the cause is logged).
    Internal,
}

/// A complete, translated HTML page for `page` in `locale`.
pub fn plain_page_html(page: PlainPage, locale: &str) -> String {
    use crate::i18n::{Locale, td_string};
    use std::str::FromStr;
    let locale = Locale::from_str(locale).unwrap_or_default();
    let dir = crate::ssr::locale::html_dir(locale);
    let (title, text) = match page {
        PlainPage::OriginRejected => (
            td_string!(locale, origin_rejected_title),
            td_string!(locale, origin_rejected_text),
        ),
        PlainPage::TooLarge => (
            td_string!(locale, too_large_title),
            td_string!(locale, too_large_text),
        ),
        PlainPage::Internal => (
            td_string!(locale, error_title),
            td_string!(locale, error_text),
        ),
    };
    format!(
        "<!DOCTYPE html><html lang=\"{locale}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
         <body><main><h1>{title}</h1><p>{text}</p><p><a href=\"/\">{back}</a></p></main></body></html>",
        back = td_string!(locale, back_home),
    )
}

fn internal(what: &str) -> AppError {
    tracing::error!("{what}");
    AppError::Internal
}

/// Logs the cause with its context and gives the browser only "internal error".
pub fn log_internal(error: impl std::fmt::Display) -> AppError {
    tracing::error!(error = %error, "server function failed");
    AppError::Internal
}

/// Whether the request is a plain form post or page view (a browser without our script).
fn accepts_html(parts: &http::request::Parts) -> bool {
    parts
        .headers
        .get(http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// Redirects to `path`. leptos_axum panics on a Location it cannot put into a header,
/// and a page address can carry what someone typed into a hand-made form (a slug with a
/// line break), so such bytes are percent-encoded first.
fn redirect(path: &str) {
    leptos_axum::redirect(&header_safe(path));
}

/// `path` with every byte a header value cannot carry (controls, spaces, non-ASCII)
/// percent-encoded.
fn header_safe(path: &str) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if (0x21..=0x7e).contains(&byte) {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A call whose arguments do not parse (only a hand-made or broken request does that) is
/// the caller's mistake: 400 instead of server_fn's 500, 405 for a wrong method. A plain
/// form post keeps leptos_axum's redirect back to its page.
pub fn mark_client_error(error: &leptos::server_fn::error::ServerFnErrorErr) {
    use leptos::server_fn::error::ServerFnErrorErr as E;
    let status = match error {
        E::Args(_) | E::MissingArg(_) | E::Deserialization(_) => http::StatusCode::BAD_REQUEST,
        E::UnsupportedRequestMethod(_) => http::StatusCode::METHOD_NOT_ALLOWED,
        _ => return,
    };
    if use_context::<http::request::Parts>().is_some_and(|parts| accepts_html(&parts)) {
        return;
    }
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(status);
    }
}

#[cfg(test)]
mod tests {
    use super::header_safe;

    #[test]
    fn a_redirect_target_always_fits_into_a_header() {
        assert_eq!(header_safe("/posts/12?x=1#a"), "/posts/12?x=1#a");
        assert_eq!(
            header_safe("/organisations/a\r\nSet-Cookie: x"),
            "/organisations/a%0D%0ASet-Cookie:%20x"
        );
        assert_eq!(header_safe("/info/straße"), "/info/stra%C3%9Fe");
        for path in ["/a\0b", "/\u{7f}", "/ü", "/a b"] {
            assert!(
                http::HeaderValue::from_str(&header_safe(path)).is_ok(),
                "{path}"
            );
        }
    }
}

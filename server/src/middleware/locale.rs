//! Picks the language of each request (see `app::ssr::locale`) and hands it to the
//! pages as a request extension (`RequestLocale`, read by `app::translations`).
//! `?lang=xx` also sets the cookie in the response so the choice is remembered.
use app::ssr::locale::{Inputs, LANG_PARAM, LOCALE_COOKIE, Resolved, resolve};
use app::ssr::request::{RequestLocale, SET_LOCALE_HEADER};
use app::ssr::state::AppState;
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http::HeaderValue;
use http::header::{ACCEPT_LANGUAGE, CONTENT_LANGUAGE, COOKIE, SET_COOKIE, VARY};

/// One year: long enough that a family's phone keeps its language.
const COOKIE_MAX_AGE: u32 = 365 * 24 * 60 * 60;

/// The language this request would be answered in (also used outside the page routes).
pub fn resolve_request(state: &AppState, request: &Request) -> Resolved {
    let query_lang = request
        .uri()
        .query()
        .and_then(|q| query_value(q, LANG_PARAM));
    let cookie = request_cookie(request.headers(), LOCALE_COOKIE);
    let accept = request
        .headers()
        .get(ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    resolve(
        &Inputs {
            query_lang: query_lang.as_deref(),
            cookie: cookie.as_deref(),
            accept_language: accept,
        },
        &state.tenant.locales,
        &state.tenant.default_locale,
    )
}

pub async fn choose_language(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let resolved = resolve_request(&state, &request);
    request
        .extensions_mut()
        .insert(RequestLocale(resolved.locale.clone()));

    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    // A server function asked to remember a language (the account's, after sign-in).
    let chosen = headers
        .remove(SET_LOCALE_HEADER)
        .and_then(|v| v.to_str().ok().map(str::to_string))
        .filter(|code| state.tenant.locales.contains(code));
    let resolved = match chosen {
        Some(locale) => Resolved {
            locale,
            remember: true,
        },
        None => resolved,
    };
    if let Ok(value) = HeaderValue::from_str(&resolved.locale) {
        headers.insert(CONTENT_LANGUAGE, value);
    }
    headers.append(VARY, HeaderValue::from_static("Accept-Language, Cookie"));
    if resolved.remember {
        let cookie = format!(
            "{LOCALE_COOKIE}={}; Path=/; Max-Age={COOKIE_MAX_AGE}; SameSite=Lax",
            resolved.locale
        );
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            headers.append(SET_COOKIE, value);
        }
    }
    response
}

fn query_value(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| v.to_string())
    })
}

/// The value of the cookie `name` the request carries, if any.
pub fn request_cookie(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| cookie_value(c, name))
}

fn cookie_value(header: &str, name: &str) -> Option<String> {
    header.split(';').find_map(|pair| {
        let (k, v) = pair.trim().split_once('=')?;
        (k == name).then(|| v.trim().to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_query_and_cookie_values() {
        assert_eq!(query_value("a=1&lang=ar", "lang").as_deref(), Some("ar"));
        assert_eq!(query_value("language=ar", "lang"), None);
        assert_eq!(
            cookie_value("x=1; i18n_pref_locale=en", LOCALE_COOKIE).as_deref(),
            Some("en")
        );
        assert_eq!(cookie_value("garbage", LOCALE_COOKIE), None);
    }
}

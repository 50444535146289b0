//! `GET /feed.xml` (Atom: the newest posts, filterable like the listings, e.g.
//! `?category=furniture&kind=offer`) and `GET /sitemap.xml` (every listed post, the
//! information pages and the main pages, for search engines). Both come from the same queries as the pages.
use super::public_api::rfc3339;
use app::domain::listing::ListQuery;
use app::ssr::db::{now, posts as post_rows};
use app::ssr::posts::listing::{self, KeptBody};
use app::ssr::state::AppState;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::header::{
    ACCEPT_ENCODING, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_TYPE, HeaderValue, VARY,
};
use http::{HeaderMap, StatusCode};
use std::io::Write;

/// A sitemap file may list at most 50,000 addresses.
const SITEMAP_MAX: i64 = 50_000;

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

fn xml(content_type: &'static str, body: impl IntoResponse) -> Response {
    (
        [
            (CONTENT_TYPE, content_type),
            (CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

pub async fn atom(State(state): State<AppState>, Query(filters): Query<ListQuery>) -> Response {
    let query = ListQuery {
        sort: Some("newest".into()),
        q: None,
        page: None,
        near: None,
        ..filters
    };
    let found = match listing::run(&state, &query).await {
        Ok(found) => found,
        Err(err) => {
            tracing::error!(error = %err, "feed query failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    let base = &state.public_url;
    let updated = found
        .records
        .iter()
        .map(|p| p.updated_at)
        .max()
        .unwrap_or(0);
    let mut body = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>{}</title><id>{base}/feed.xml</id><updated>{}</updated>\
         <link rel=\"self\" href=\"{base}/feed.xml\"/><link href=\"{base}/\"/>",
        xml_escape(&state.tenant.name),
        rfc3339(updated),
    );
    for post in &found.records {
        let place = state.tenant.place_name(&post.municipality);
        body.push_str(&format!(
            "<entry><title>{title}</title><id>{base}/posts/{id}</id>\
             <link href=\"{base}/posts/{id}\"/><updated>{updated}</updated><published>{published}</published>\
             <author><name>{site}</name></author><category term=\"{category}\"/>\
             <summary>{place}: {summary}</summary></entry>",
            title = xml_escape(&post.title),
            id = post.id,
            updated = rfc3339(post.updated_at),
            published = rfc3339(post.created_at),
            site = xml_escape(&state.tenant.name),
            category = xml_escape(&post.category),
            place = xml_escape(place),
            summary = xml_escape(&post.description.chars().take(300).collect::<String>()),
        ));
    }
    body.push_str("</feed>\n");
    xml("application/atom+xml; charset=utf-8", body)
}

/// Every listed address. Built once for all who ask at the same time and kept until a
/// post changes (see `ListingCache::sitemap`): at 100,000 posts it is 4.7 MB and took
/// 200 ms to build. It is kept compressed too, and sent that way when the client
/// accepts gzip; otherwise as is, marked so the compression layer leaves it alone.
pub async fn sitemap(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let built = state
        .listings
        .sitemap
        .get_or_try_compute(&(), || build_sitemap(&state))
        .await;
    let kept = match built {
        Ok(kept) => kept,
        Err(err) => {
            tracing::error!(error = %err, "sitemap failed");
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        }
    };
    // Every answer shares the kept bytes (no copy per request).
    let mut response = if accepts_gzip(&headers) {
        let mut response = xml("application/xml; charset=utf-8", kept.gzip);
        response
            .headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
        response
    } else {
        let mut response = xml("application/xml; charset=utf-8", kept.plain);
        response.extensions_mut().insert(crate::router::SentAsIs);
        response
    };
    response
        .headers_mut()
        .insert(VARY, HeaderValue::from_static("accept-encoding"));
    response
}

/// Whether `Accept-Encoding` allows gzip (`gzip;q=0` refuses it, `*` allows it).
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut wildcard = false;
    for value in headers.get_all(ACCEPT_ENCODING) {
        let Ok(value) = value.to_str() else { continue };
        for item in value.split(',') {
            let mut parts = item.split(';');
            let coding = parts.next().unwrap_or("").trim().to_ascii_lowercase();
            let refused = parts.any(|param| {
                let param = param.trim().to_ascii_lowercase();
                param
                    .strip_prefix("q=")
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .is_some_and(|q| q <= 0.0)
            });
            match coding.as_str() {
                "gzip" | "x-gzip" => return !refused,
                "*" => wildcard = !refused,
                _ => {}
            }
        }
    }
    wildcard
}

#[derive(Debug, thiserror::Error)]
enum SitemapError {
    #[error("reading the addresses: {0}")]
    Database(#[from] sqlx::Error),
    #[error("compressing: {0}")]
    Compress(#[from] std::io::Error),
}

async fn build_sitemap(state: &AppState) -> Result<KeptBody, SitemapError> {
    let mut conn = state.db.pool().acquire().await?;
    let orgs = app::ssr::db::organisations::summaries(&mut conn).await?;
    // The sitemap's limit counts every address: pages, organisations, posts.
    let others = 20 + orgs.len() + state.info.current().slugs().count();
    let room = SITEMAP_MAX - i64::try_from(others).unwrap_or(SITEMAP_MAX);
    let rows = post_rows::listed_ids(&mut conn, now(), room.max(0)).await?;
    drop(conn);
    let base = &state.public_url;
    let mut body = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">",
    );
    for page in [
        "/",
        "/needs",
        "/offers",
        "/search",
        "/info",
        "/organisations",
        "/about",
        "/privacy",
        "/imprint",
    ] {
        body.push_str(&format!("<url><loc>{base}{page}</loc></url>"));
    }
    for slug in state.info.current().slugs() {
        body.push_str(&format!("<url><loc>{base}/info/{slug}</loc></url>"));
    }
    for org in orgs {
        body.push_str(&format!(
            "<url><loc>{base}/organisations/{}</loc></url>",
            org.slug
        ));
    }
    for (id, updated) in rows {
        body.push_str(&format!(
            "<url><loc>{base}/posts/{id}</loc><lastmod>{}</lastmod></url>",
            rfc3339(updated)
        ));
    }
    body.push_str("</urlset>\n");
    // Compressing 4.7 MB takes a while: off the request threads.
    let body = axum::body::Bytes::from(body);
    let plain = body.clone();
    let gzip = tokio::task::spawn_blocking(move || {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&plain)?;
        encoder.finish()
    })
    .await
    .map_err(std::io::Error::other)??;
    Ok(KeptBody {
        plain: body,
        gzip: gzip.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        let value = HeaderValue::from_str(value).unwrap_or_else(|e| panic!("{value}: {e}"));
        headers.insert(ACCEPT_ENCODING, value);
        headers
    }

    #[test]
    fn gzip_only_when_accepted() {
        assert!(accepts_gzip(&with("gzip, deflate, br")));
        assert!(accepts_gzip(&with("br;q=1.0, GZIP;q=0.5")));
        assert!(accepts_gzip(&with("*")));
        assert!(!accepts_gzip(&HeaderMap::new()));
        assert!(!accepts_gzip(&with("br")));
        assert!(!accepts_gzip(&with("gzip;q=0")));
        assert!(!accepts_gzip(&with("gzip;q=0.0, *")));
        assert!(!accepts_gzip(&with("*;q=0")));
    }
}

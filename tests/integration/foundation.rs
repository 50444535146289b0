//! The foundation as a user and an operator see it: the home page in the right
//! language, health and metrics, the database on disk, and refusal of a wrong tenant.
use app::domain::account::Role;
use helferkreis_tests::{TestServer, client};

async fn get(server: &TestServer, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = client().get(server.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"))
}

/// A response header as text.
fn header(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

async fn text(response: reqwest::Response) -> String {
    response
        .text()
        .await
        .unwrap_or_else(|e| panic!("body: {e}"))
}

#[tokio::test]
async fn home_page_is_rendered_on_the_server_in_german_by_default() {
    let server = TestServer::start("oberhavel").await;
    let response = get(&server, "/", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response
            .headers()
            .get("content-language")
            .and_then(|v| v.to_str().ok()),
        Some("de")
    );
    let html = text(response).await;
    assert!(html.contains(r#"<html lang="de" dir="ltr""#), "{html}");
    assert!(html.contains("<title>Landkreis Oberhavel</title>"));
    assert!(html.contains("<h1 id=\"home-title\">Landkreis Oberhavel</h1>"));
    // Every municipality and top category is in the HTML itself (no JavaScript needed).
    for place in [
        "Oranienburg",
        "Hohen Neuendorf",
        "Fürstenberg/Havel",
        "Löwenberger Land",
    ] {
        assert!(html.contains(place), "missing {place}");
    }
    for category in [
        "Sachspenden",
        "Begleitung und Beratung",
        "Wohnen",
        "Möbel",
        "Sprachtandem",
    ] {
        assert!(html.contains(category), "missing {category}");
    }
    assert!(html.contains("Orte im Gebiet"));
    // The hydration script is linked, and the operator named in the footer.
    assert!(html.contains("/helferkreis.js"), "no hydration script");
    assert!(html.contains("Adolf-Dechert-Straße 1"));
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));
}

/// The islands (`#[island]`) of a page: what the browser takes over.
fn islands(html: &str) -> Vec<&str> {
    helferkreis_tests::after_each(html, r#"<leptos-island data-component=""#, '_')
}

/// Pages are rendered by the server only; the browser takes over just the islands.
#[tokio::test]
async fn pages_are_server_rendered_and_the_language_form_keeps_a_search() {
    let server = TestServer::start("oberhavel").await;
    let html = text(get(&server, "/search?q=Fahrrad&lang=en", &[]).await).await;
    assert!(islands(&html).is_empty(), "{html}");
    // No page data for hydration: nothing outside the islands is taken over.
    assert!(html.contains("__RESOLVED_RESOURCES=[];"), "{html}");
    // Choosing a language (a GET form) keeps the words searched for, not the old language.
    let form = html
        .split(r#"class="language-switcher""#)
        .nth(1)
        .and_then(|rest| rest.split("</form>").next())
        .unwrap_or_else(|| panic!("no language form in {html}"));
    assert!(
        form.contains(r#"<input type="hidden" name="q" value="Fahrrad">"#),
        "{form}"
    );
    assert_eq!(form.matches(r#"name="lang""#).count(), 1, "{form}");
    // The new-post form's suggestions are the one island.
    let (visitor, _) = server.signed_in("islands@example.org", Role::Member).await;
    assert_eq!(islands(&visitor.page("/posts/new").await), ["LiveMatches"]);
}

#[tokio::test]
async fn lang_parameter_switches_to_arabic_right_to_left_and_is_remembered() {
    let server = TestServer::start("oberhavel").await;
    let response = get(&server, "/?lang=ar", &[]).await;
    let cookies: Vec<&str> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    assert_eq!(cookies.len(), 1, "{cookies:?}");
    let cookie = cookies[0].to_string();
    assert!(cookie.starts_with("i18n_pref_locale=ar;"), "{cookie}");
    assert!(cookie.contains("Max-Age=31536000"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax") && cookie.contains("Path=/"));
    let html = text(response).await;
    assert!(html.contains(r#"<html lang="ar" dir="rtl""#));
    assert!(
        html.contains("تبرعات عينية"),
        "Arabic category name missing"
    );
    assert!(html.contains("الأماكن في المنطقة"));

    // The cookie alone keeps Arabic on the next visit, even if the browser prefers German.
    let html = text(
        get(
            &server,
            "/",
            &[("cookie", "i18n_pref_locale=ar"), ("accept-language", "de")],
        )
        .await,
    )
    .await;
    assert!(html.contains(r#"<html lang="ar" dir="rtl""#));
}

#[tokio::test]
async fn accept_language_picks_an_enabled_locale_and_unknown_ones_fall_back() {
    let server = TestServer::start("oberhavel").await;
    let html = text(get(&server, "/", &[("accept-language", "en-GB,en;q=0.9")]).await).await;
    assert!(html.contains(r#"<html lang="en" dir="ltr""#));
    assert!(html.contains("Places in the area"));
    let html = text(get(&server, "/?lang=ru", &[("accept-language", "uk")]).await).await;
    assert!(html.contains(r#"<html lang="ru" dir="ltr""#));
    let html = text(get(&server, "/", &[("accept-language", "uk-UA,uk;q=0.9")]).await).await;
    assert!(html.contains(r#"<html lang="uk" dir="ltr""#));
    assert!(html.contains("Населені пункти району"));
    let html = text(get(&server, "/?lang=xx", &[("accept-language", "ja")]).await).await;
    assert!(html.contains(r#"<html lang="de" dir="ltr""#));
}

#[tokio::test]
async fn unknown_pages_get_a_translated_404_with_a_way_back() {
    let server = TestServer::start("potsdam").await;
    let response = get(&server, "/gibt-es-nicht", &[("accept-language", "ar")]).await;
    assert_eq!(response.status(), 404);
    let html = text(response).await;
    assert!(html.contains("الصفحة غير موجودة"), "{html}");
    assert!(html.contains(r#"<a href="/">"#));
    assert!(html.contains("Landeshauptstadt Potsdam"));
}

#[tokio::test]
async fn healthz_checks_the_database() {
    let server = TestServer::start("oberhavel").await;
    let response = get(&server, "/healthz", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(text(response).await, r#"{"status":"ok"}"#);
    // With the database closed, the health check must say so.
    server.running.state.db.close().await;
    let response = get(&server, "/healthz", &[]).await;
    assert_eq!(response.status(), 503);
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_status() {
    let server = TestServer::start("oberhavel").await;
    get(&server, "/", &[]).await;
    get(&server, "/", &[]).await;
    get(&server, "/nope", &[]).await;
    let response = get(&server, "/metrics", &[]).await;
    assert_eq!(response.status(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok());
    assert!(content_type.is_some_and(|c| c.starts_with("text/plain; version=0.0.4")));
    let body = text(response).await;
    assert!(
        body.contains(r#"helferkreis_http_requests_total{route="/",status="200"} 2"#),
        "{body}"
    );
    assert!(
        body.contains(r#"helferkreis_http_requests_total{route="unmatched",status="404"} 1"#),
        "{body}"
    );
    assert!(body.contains(r#"helferkreis_http_request_duration_seconds_count{route="/"} 2"#));
    assert!(body.contains("# TYPE helferkreis_http_request_duration_seconds histogram"));
}

#[tokio::test]
async fn first_start_creates_the_database_file_in_wal_mode() {
    if helferkreis_tests::on_postgres() {
        // A SQLite matter; the PostgreSQL run starts from an existing empty database.
        return;
    }
    let server = TestServer::start("oberhavel").await;
    let db_file = server.data.path().join("data/helferkreis.db");
    assert!(db_file.is_file(), "database file not created");
    let mode = server
        .running
        .state
        .db
        .journal_mode()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(mode.to_lowercase(), "wal");
}

#[tokio::test]
async fn a_database_is_never_served_with_another_districts_tenant() {
    let server = TestServer::start("oberhavel").await;
    let url = server.database_url.clone();
    let other = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let err = TestServer::start_with("potsdam", &url, other).await.err();
    let message = err.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("belongs to the tenant `oberhavel`, not `potsdam`"),
        "{message}"
    );
    // The right tenant may open it again.
    let again = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    assert!(
        TestServer::start_with("oberhavel", &url, again)
            .await
            .is_ok()
    );
}

#[tokio::test]
async fn tenant_theme_and_logo_are_served() {
    let server = TestServer::start("potsdam").await;
    let css = text(get(&server, "/tenant/theme.css", &[]).await).await;
    assert!(css.contains("--brand:#8b1a1a"));
    // Pages link it with a version after the base style sheet; that address may be kept.
    let html = text(get(&server, "/", &[]).await).await;
    let sheets = asset_addresses(&html);
    let theme = sheets
        .iter()
        .position(|a| a.starts_with("/tenant/theme.css?v="))
        .unwrap_or_else(|| panic!("no theme in {sheets:?}"));
    let base = sheets
        .iter()
        .position(|a| a.ends_with("/helferkreis.css"))
        .unwrap_or_else(|| panic!("no base style in {sheets:?}"));
    assert!(
        base < theme,
        "the theme must come after the base style: {sheets:?}"
    );
    let kept = get(&server, &sheets[theme], &[]).await;
    assert_eq!(
        header(&kept, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert!(text(kept).await.contains("--brand:#8b1a1a"));
    assert_eq!(
        header(
            &get(&server, "/tenant/theme.css?v=old", &[]).await,
            "cache-control"
        )
        .as_deref(),
        Some("public, max-age=300")
    );
    let logo = get(&server, "/tenant/logo", &[]).await;
    assert_eq!(
        logo.headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("image/svg+xml")
    );
    assert!(text(logo).await.starts_with("<svg"));
}

#[tokio::test]
async fn pages_are_compressed_when_the_client_accepts_it() {
    let server = TestServer::start("oberhavel").await;
    let response = get(&server, "/", &[("accept-encoding", "br")]).await;
    assert_eq!(
        response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("br")
    );
}

#[tokio::test]
async fn the_site_info_server_function_answers_on_its_stable_endpoint() {
    let server = TestServer::start("potsdam").await;
    // Like every POST, it must come from our own pages (the origin check).
    let response = client()
        .post(server.url("/fn/site/info"))
        .header("origin", server.url(""))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("")
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST /fn/site/info: {e}"));
    assert_eq!(response.status(), 200);
    let body = text(response).await;
    assert!(
        body.contains("\"name\":\"Landeshauptstadt Potsdam\""),
        "{body}"
    );
    assert!(body.contains("\"slug\":\"babelsberg\""), "{body}");
}

/// The version in the page's link to the tenant's theme (`/tenant/theme.css?v=<v>`).
fn theme_version(html: &str) -> String {
    html.split("/tenant/theme.css?v=")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no theme link in {html}"))
        .to_string()
}

#[tokio::test]
async fn the_site_facts_are_a_file_browsers_may_keep_and_not_part_of_pages() {
    let server = TestServer::start("oberhavel").await;
    let html = text(get(&server, "/login", &[]).await).await;
    // Not inside the page: the category names in every language were two thirds of it.
    assert!(
        !html.contains("Oranienburg\\\""),
        "site facts inlined: {html}"
    );
    assert!(
        !html.contains("\\\"categories\\\""),
        "site facts inlined: {html}"
    );
    // Nothing in the browser needs them (only islands are taken over): not preloaded.
    assert!(!html.contains("/tenant/site.json"), "{html}");
    let href = format!("/tenant/site.json?v={}", theme_version(&html));

    let response = get(&server, &href, &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    let etag = header(&response, "etag").unwrap_or_else(|| panic!("no ETag"));
    let site: serde_json::Value = response
        .json()
        .await
        .unwrap_or_else(|e| panic!("site facts: {e}"));
    assert_eq!(site["name"], "Landkreis Oberhavel");
    let places = site["municipalities"].as_array().map_or(0, Vec::len);
    assert!(places > 10, "{site}");

    // Asked for without the version (or an old one): checked again each time, and an
    // unchanged file costs no body.
    let unversioned = get(&server, "/tenant/site.json?v=old", &[]).await;
    assert_eq!(
        header(&unversioned, "cache-control").as_deref(),
        Some("public, no-cache")
    );
    let again = get(&server, "/tenant/site.json", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status(), 304);
}

/// The `href` of every `<link rel="stylesheet">` of ours (built files and the tenant's
/// theme), in page order, then the hydration script's module.
fn asset_addresses(html: &str) -> Vec<String> {
    let mut found: Vec<String> = html
        .split("<link ")
        .skip(1)
        .filter(|tag| {
            tag.split('>')
                .next()
                .is_some_and(|t| t.contains(r#"rel="stylesheet""#))
        })
        .filter_map(|tag| tag.split("href=\"").nth(1)?.split('"').next())
        .filter(|href| href.starts_with("/pkg/") || href.starts_with("/tenant/"))
        .map(str::to_string)
        .collect();
    found.extend(
        html.split("rel=\"modulepreload\" href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .map(str::to_string),
    );
    found
}

#[tokio::test]
async fn built_files_are_linked_by_version_and_kept_until_a_new_build() {
    let write_site = |data: &tempfile::TempDir, css: &str| {
        let pkg = data.path().join("site").join("pkg");
        std::fs::create_dir_all(&pkg).unwrap_or_else(|e| panic!("{e}"));
        for (name, contents) in [
            ("helferkreis.css", css),
            ("helferkreis.js", "export default function () {}"),
            ("helferkreis.wasm", "\0asm"),
        ] {
            std::fs::write(pkg.join(name), contents).unwrap_or_else(|e| panic!("{e}"));
        }
    };
    let start = |css: &'static str| async move {
        let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        write_site(&data, css);
        let url = helferkreis_tests::fresh_database(&data).await;
        TestServer::start_with("oberhavel", &url, data)
            .await
            .unwrap_or_else(|e| panic!("server did not start: {e}"))
    };

    let server = start("body { color: black }").await;
    let html = text(get(&server, "/", &[]).await).await;
    let addresses = asset_addresses(&html);
    let css = addresses
        .iter()
        .find(|a| a.ends_with("/helferkreis.css"))
        .unwrap_or_else(|| panic!("no style sheet in {addresses:?}"))
        .clone();
    let js = addresses
        .iter()
        .find(|a| a.ends_with("/helferkreis.js"))
        .unwrap_or_else(|| panic!("no script in {addresses:?}"))
        .clone();
    // Both under one version: /pkg/<16 hex digits>/<file>.
    let version = css.split('/').nth(2).unwrap_or_default().to_string();
    assert_eq!(version.len(), 16, "{css}");
    assert_eq!(js, format!("/pkg/{version}/helferkreis.js"));
    let response = get(&server, &css, &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        header(&response, "cache-control").as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    assert_eq!(text(response).await, "body { color: black }");

    // The plain address and an old version still answer, but must be asked again.
    for path in [
        "/pkg/helferkreis.css".to_string(),
        "/pkg/0123456789abcdef/helferkreis.css".to_string(),
    ] {
        let response = get(&server, &path, &[]).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(
            header(&response, "cache-control").as_deref(),
            Some("public, no-cache"),
            "{path}"
        );
        assert_eq!(text(response).await, "body { color: black }", "{path}");
    }
    let missing = get(&server, &format!("/pkg/{version}/nothing.js"), &[]).await;
    assert_eq!(missing.status(), 404);
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));

    // A new build: new addresses, so no browser keeps using the old files.
    let rebuilt = start("body { color: navy }").await;
    let html = text(get(&rebuilt, "/", &[]).await).await;
    let addresses = asset_addresses(&html);
    assert!(!addresses.contains(&css), "{addresses:?} still links {css}");
    let new_css = addresses
        .iter()
        .find(|a| a.ends_with("/helferkreis.css"))
        .unwrap_or_else(|| panic!("no style sheet in {addresses:?}"));
    assert_eq!(
        text(get(&rebuilt, new_css, &[]).await).await,
        "body { color: navy }"
    );
    rebuilt.stop().await.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn browsers_get_an_icon_in_the_tenants_colour() {
    let server = TestServer::start("oberhavel").await;
    let client = helferkreis_tests::client();
    for path in ["/favicon.ico", "/favicon.svg"] {
        let response = client
            .get(server.url(path))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(response.status(), 200, "{path}");
        let svg = response.text().await.unwrap_or_default();
        assert!(svg.starts_with("<svg") && svg.contains(&server.running.state.tenant.theme.color));
    }
    let home = client
        .get(server.url("/"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .text()
        .await
        .unwrap_or_default();
    assert!(home.contains(r#"rel="icon""#), "the pages name it");
}

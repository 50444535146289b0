//! Posting through the pages as a browser without JavaScript does: plain form posts,
//! redirects, messages next to the fields; the post page, its preview card, and the
//! listings showing the same posts as the API.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::{Visitor, location, text};
use reqwest::StatusCode;

fn need<'a>(title: &'a str, category: &'a str, municipality: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("kind", "need"),
        ("category", category),
        ("municipality", municipality),
        ("title", title),
        (
            "description",
            "Für unsere Tochter, 4 Jahre.\n\nAbholung geht auch.",
        ),
        ("quantity", "1"),
        ("availability", ""),
        ("urgency", "urgent"),
        ("language", "de"),
    ]
}

/// Posts the form and returns the new post's address.
async fn publish(visitor: &Visitor, fields: &[(&str, &str)]) -> String {
    let response = visitor
        .submit("/posts/new", "/fn/posts/create", fields)
        .await;
    let to = location(&response).unwrap_or_default();
    assert!(to.starts_with("/posts/"), "redirected to {to:?}");
    to
}

async fn count_posts(server: &TestServer) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM posts")
        .fetch_one(server.running.state.db.pool())
        .await
        .map(|r| r.0)
        .unwrap_or(-1)
}

#[tokio::test]
async fn a_need_is_posted_shown_edited_fulfilled_without_javascript() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;

    let form = text(&anna.page("/posts/new?kind=need").await);
    assert!(form.contains("What would you like to do?"), "{form}");

    let at = publish(&anna, &need("Kinderbett gesucht", "furniture", "velten")).await;
    let page = anna.page(&at).await;
    let shown = text(&page);
    for expected in [
        "Kinderbett gesucht",
        "The post is saved and visible to everyone.",
        "Open, help wanted",
        "Velten",
        "Furniture",
        "Urgent",
        "Für unsere Tochter, 4 Jahre.",
        "Manage your post",
    ] {
        assert!(shown.contains(expected), "{expected:?} missing in {shown}");
    }
    // The preview card for messengers, without the author's address.
    assert!(
        page.contains(r#"property="og:title" content="Kinderbett gesucht""#),
        "{page}"
    );
    assert!(page.contains("Velten · Landkreis Oberhavel"), "{page}");
    assert!(!page.contains("anna@example.org"));
    // The notice is shown once.
    assert!(!text(&anna.page(&at).await).contains("The post is saved"));

    // Edit it.
    let id = at.trim_start_matches("/posts/").to_string();
    let mut fields = need("Kinderbett oder Matratze gesucht", "furniture", "velten");
    fields.push(("id", &id));
    let response = anna
        .submit(&format!("{at}/edit"), "/fn/posts/edit", &fields)
        .await;
    assert_eq!(location(&response).as_deref(), Some(at.as_str()));
    assert!(text(&anna.page(&at).await).contains("Kinderbett oder Matratze gesucht"));

    // Mark it fulfilled: the light turns green and it leaves the listing.
    let response = anna
        .submit(&at, "/fn/posts/state", &[("id", &id), ("to", "fulfilled")])
        .await;
    assert_eq!(location(&response).as_deref(), Some(at.as_str()));
    let shown = text(&anna.page(&at).await);
    assert!(
        shown.contains("Great! The post is marked as done."),
        "{shown}"
    );
    assert!(shown.contains("Fulfilled"), "{shown}");
    assert!(
        !shown.contains("Withdraw"),
        "a finished post offers no more changes"
    );
    assert!(!text(&anna.page("/needs").await).contains("Matratze"));
    // Changing it again is refused with a message.
    anna.submit(&at, "/fn/posts/state", &[("id", &id), ("to", "closed")])
        .await;
    let shown = text(&anna.page(&at).await);
    assert!(shown.contains("This post has already ended"), "{shown}");
}

#[tokio::test]
async fn bad_input_is_explained_by_field_kept_and_nothing_is_saved() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let long = "Sehr lang ".repeat(1000);
    for (fields, field, message) in [
        (
            need("", "furniture", "velten"),
            "title",
            "Please fill in this field.",
        ),
        (need(&long, "furniture", "velten"), "title", "too long"),
        (
            need("Bett", "weapons", "velten"),
            "category",
            "Please choose one of the options.",
        ),
        (
            need("Bett", "furniture", "berlin"),
            "municipality",
            "Please choose one of the options.",
        ),
    ] {
        let response = anna.submit("/posts/new", "/fn/posts/create", &fields).await;
        assert_eq!(location(&response).as_deref(), Some("/posts/new"));
        let page = anna.page("/posts/new").await;
        let error_id = format!("field-{field}-error");
        assert!(page.contains(&error_id), "no error at {field}");
        let at = page.find(&format!(r#"id="{error_id}""#)).unwrap_or(0);
        let error = text(&page[at..page.len().min(at + 300)]);
        assert!(error.contains(message), "{field}: {error}");
        assert!(
            page.contains("Für unsere Tochter"),
            "the description is kept"
        );
    }
    assert_eq!(count_posts(&server).await, 0);

    // Someone else's post cannot be edited or closed.
    let at = publish(&anna, &need("Kinderbett gesucht", "furniture", "velten")).await;
    let id = at.trim_start_matches("/posts/").to_string();
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let mut fields = need("Gehackt", "furniture", "velten");
    fields.push(("id", &id));
    let response = bernd.call("/fn/posts/edit", &fields).await;
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains("Forbidden"), "{body}");
    let response = bernd
        .call("/fn/posts/state", &[("id", &id), ("to", "closed")])
        .await;
    assert!(
        response
            .text()
            .await
            .unwrap_or_default()
            .contains("Forbidden")
    );
    assert!(!text(&bernd.page(&at).await).contains("Manage your post"));
    assert!(text(&bernd.page(&at).await).contains("Kinderbett gesucht"));
    assert!(text(&bernd.page(&format!("{at}/edit")).await).contains("not allowed"));

    // Without an account, the form sends people to the login page.
    let stranger = Visitor::new(&server.url(""));
    let response = stranger
        .submit(
            "/posts/new",
            "/fn/posts/create",
            &need("Bett", "furniture", "velten"),
        )
        .await;
    assert_eq!(location(&response).as_deref(), Some("/login"));
    assert_eq!(count_posts(&server).await, 1);
    // Unknown posts are a 404 page.
    for missing in ["/posts/99999", "/posts/abc"] {
        assert_eq!(
            stranger.get(missing).await.status(),
            StatusCode::NOT_FOUND,
            "{missing}"
        );
    }
}

#[tokio::test]
async fn script_tags_in_posts_are_shown_as_text() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    // Also tries to end the page title early (leptos_meta writes <title> unescaped).
    let evil = "</title><script>alert(1)</script><img src=x onerror=alert(2)>";
    let mut fields = need(evil, "furniture", "velten");
    fields[4] = ("description", evil);
    let at = publish(&anna, &fields).await;
    for path in [at.as_str(), "/needs", "/search?q=script", "/my-posts"] {
        let page = anna.page(path).await;
        assert!(!page.contains("<script>alert"), "{path}: {page}");
        assert!(!page.contains("<img src=x"), "{path}");
        assert_eq!(page.matches("</title>").count(), 1, "{path}");
        let unmarked = page.replace("<mark>", "").replace("</mark>", "");
        assert!(
            unmarked.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{path}: {page}"
        );
    }
}

#[tokio::test]
async fn listing_pages_show_the_same_posts_as_the_api_with_hits_marked() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let mut expected = Vec::new();
    for n in 0..23 {
        let title = format!("Fahrrad Nummer {n}");
        let mut fields = need(
            &title,
            "bicycles",
            if n % 2 == 0 { "velten" } else { "gransee" },
        );
        fields[0] = ("kind", "offer");
        expected.push(publish(&anna, &fields).await);
    }
    publish(&anna, &need("Winterjacke", "clothing", "velten")).await;
    for query in [
        "",
        "?municipality=velten",
        "?q=Fahrad",
        "?page=2",
        "?sort=nearest&near=gransee",
    ] {
        let api: serde_json::Value = helferkreis_tests::client()
            .get(server.url(&format!(
                "/api/v1/posts{}",
                if query.is_empty() {
                    "?kind=offer".to_string()
                } else {
                    format!("{query}&kind=offer")
                }
            )))
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .json()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let api_ids: Vec<String> = api["posts"]
            .as_array()
            .map(|p| p.iter().map(|p| format!("/posts/{}", p["id"])).collect())
            .unwrap_or_default();
        assert!(!api_ids.is_empty(), "{query}");
        let page = anna.page(&format!("/offers{query}")).await;
        let page_ids: Vec<String> = page
            .match_indices("href=\"/posts/")
            .map(|(at, _)| {
                let rest = &page[at + 6..];
                rest[..rest.find('"').unwrap_or(0)].to_string()
            })
            .filter(|href| href != "/posts/new")
            .collect();
        assert_eq!(page_ids, api_ids, "/offers{query}");
    }
    let page = anna.page("/search?q=Fahrad").await;
    assert!(
        page.contains("<mark>Fahrrad</mark> Nummer"),
        "typo corrected and marked"
    );
    assert!(text(&page).contains("Posts found: 23"), "{}", text(&page));
    let first = text(&anna.page("/offers").await);
    assert!(
        first.contains("Page 1 of 2") && first.contains("Next page"),
        "{first}"
    );
    assert_eq!(expected.len(), 23);
}

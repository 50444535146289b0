//! The cache of rendered listing pages (server/src/middleware/page_cache.rs), as visitors
//! notice it: never an old listing after a change, never someone else's page, never a
//! page in the wrong language, and a script nonce of its own in every answer.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::location;
use reqwest::StatusCode;
use reqwest::header::{ACCEPT_LANGUAGE, CONTENT_SECURITY_POLICY};

/// A visitor without any cookie: status, the CSP header's nonce, and the page.
async fn anonymous(server: &TestServer, path: &str, language: &str) -> (String, String) {
    let response = helferkreis_tests::client()
        .get(server.url(path))
        .header(ACCEPT_LANGUAGE, language)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: {e}"));
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    let csp = response
        .headers()
        .get(CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .unwrap_or_default()
        .to_string();
    assert!(!nonce.is_empty(), "no nonce in {csp:?}");
    let page = response.text().await.unwrap_or_default();
    (nonce, page)
}

fn nonces_in(page: &str) -> Vec<&str> {
    helferkreis_tests::after_each(page, r#"nonce=""#, '"')
}

#[tokio::test]
async fn every_answer_has_its_own_nonce_and_otherwise_the_same_page() {
    let server = TestServer::start("oberhavel").await;
    let mut seen = Vec::new();
    for path in ["/offers", "/offers", "/needs?municipality=velten", "/", "/"] {
        let (nonce, page) = anonymous(&server, path, "de").await;
        let in_page = nonces_in(&page);
        assert!(!in_page.is_empty(), "{path}: no script carries a nonce");
        assert!(
            in_page.iter().all(|n| *n == nonce),
            "{path}: scripts carry {in_page:?}, the policy allows {nonce}"
        );
        assert!(!seen.contains(&nonce), "{path}: nonce {nonce} used twice");
        seen.push(nonce.clone());
        if path == "/offers" {
            assert!(
                page.contains("Angebote"),
                "{path} is the German offers page"
            );
        }
    }
    let (first_nonce, first) = anonymous(&server, "/offers", "de").await;
    let (second_nonce, second) = anonymous(&server, "/offers", "de").await;
    assert_eq!(
        first.replace(&first_nonce, "N"),
        second.replace(&second_nonce, "N")
    );
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn each_language_gets_its_own_page() {
    let server = TestServer::start("oberhavel").await;
    for _ in 0..2 {
        let (_, arabic) = anonymous(&server, "/needs", "ar").await;
        assert!(arabic.contains(r#"lang="ar""#) && arabic.contains(r#"dir="rtl""#));
        let (_, german) = anonymous(&server, "/needs", "de").await;
        assert!(german.contains(r#"lang="de""#) && german.contains(r#"dir="ltr""#));
        let (_, english) = anonymous(&server, "/needs?lang=en", "ar").await;
        assert!(
            english.contains(r#"lang="en""#),
            "?lang= wins over the header"
        );
    }
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_new_post_shows_at_once_and_signed_in_visitors_get_their_own_page() {
    let server = TestServer::start("oberhavel").await;
    let (_, before) = anonymous(&server, "/needs", "de").await;
    assert!(!before.contains("Winterjacke für Karim"));
    assert!(
        before.contains(r#"href="/login""#),
        "the visitor is not signed in"
    );

    // Anna, signed in, sees her own header on the same listing, not the kept page.
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let hers = anna.page("/needs").await;
    assert!(
        hers.contains(r#"href="/my-posts""#),
        "signed-in header missing"
    );
    assert!(!hers.contains(r#"href="/login""#));

    // She posts a need without JavaScript; it is listed for everyone right away.
    let response = anna
        .submit(
            "/posts/new",
            "/fn/posts/create",
            &[
                ("kind", "need"),
                ("category", "clothing"),
                ("municipality", "velten"),
                ("title", "Winterjacke für Karim"),
                ("description", "Größe 128, gern gebraucht."),
                ("quantity", "1"),
                ("availability", ""),
                ("urgency", "normal"),
                ("language", "de"),
            ],
        )
        .await;
    let at = location(&response).unwrap_or_default();
    assert!(at.starts_with("/posts/"), "redirected to {at:?}");
    let (_, after) = anonymous(&server, "/needs", "de").await;
    assert!(
        after.contains("Winterjacke für Karim"),
        "the new need is missing"
    );
    assert!(
        !after.contains(r#"href="/my-posts""#),
        "Anna's header leaked into a page for someone else"
    );
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn a_post_page_shows_each_change_at_once() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let post = anna
        .create_post("need", "furniture", "velten", "Kleiderschrank gesucht")
        .await;
    let path = format!("/posts/{post}");
    for _ in 0..2 {
        let (_, page) = anonymous(&server, &path, "en").await;
        assert!(page.contains("light-red"), "an open need");
    }
    // Bernd answers and Anna accepts him: the light turns yellow for everyone at once.
    let at = bernd.answer(post, "Ich habe einen übrig.").await;
    let id = at.trim_start_matches("/conversations/").to_string();
    let response = anna
        .submit(
            &at,
            "/fn/conversations/state",
            &[("id", &id), ("to", "accepted")],
        )
        .await;
    assert!(location(&response).is_some(), "accepted");
    let (_, page) = anonymous(&server, &path, "en").await;
    assert!(page.contains("light-yellow"), "someone is in contact now");
    // Signed in, Bernd gets a page of his own, not the one kept for visitors.
    let (_, kept) = anonymous(&server, &path, "en").await;
    assert!(kept.contains("Sign in to answer"));
    assert!(!bernd.page(&path).await.contains("Sign in to answer"));
}

//! Pages whose title comes from the database (a post, an information page, an
//! organisation's profile) must carry that title in the HTML the server sends: a
//! screen reader announces it, a browser tab shows it, and without JavaScript nothing
//! sets it later. With in-order streaming the head was sometimes flushed before the
//! loaded part registered its title, so these pages are asked for many times at once.
use app::domain::account::Role;
use futures::future::join_all;
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::Visitor;
use reqwest::StatusCode;

/// How many requests go out at once per page: enough that a race shows up.
const AT_ONCE: usize = 40;

async fn title_each_time(visitor: &Visitor, path: &str, status: StatusCode, wanted: &str) {
    let pages = join_all((0..AT_ONCE).map(|_| async {
        let response = visitor.get(path).await;
        assert_eq!(response.status(), status, "GET {path}");
        response.text().await.unwrap_or_default()
    }))
    .await;
    let missing: Vec<usize> = pages
        .iter()
        .enumerate()
        .filter(|(_, html)| {
            let title = html
                .split_once("<title>")
                .and_then(|(_, rest)| rest.split_once("</title>"))
                .map(|(title, _)| title);
            !title.is_some_and(|t| t.contains(wanted))
        })
        .map(|(i, _)| i)
        .collect();
    assert!(
        missing.is_empty(),
        "{path}: {} of {AT_ONCE} responses lack the title {wanted:?}; the first:\n{}",
        missing.len(),
        missing
            .first()
            .and_then(|i| pages.get(*i))
            .map(|html| html.chars().take(3000).collect::<String>())
            .unwrap_or_default()
    );
}

#[tokio::test]
async fn loaded_pages_always_send_their_title() {
    let server = TestServer::start("oberhavel").await;
    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let profile = admin
        .create_organisation("Willkommenskreis Velten", "velten")
        .await;
    let post = admin
        .create_post("offer", "furniture", "velten", "Kleiderschrank abzugeben")
        .await;

    let visitor = Visitor::new(&server.url(""));
    let found = StatusCode::OK;
    title_each_time(&visitor, &profile, found, "Willkommenskreis Velten").await;
    title_each_time(&visitor, "/info/health-care", found, "Health insurance").await;
    title_each_time(&visitor, &format!("/posts/{post}"), found, "Kleiderschrank").await;
    let gone = StatusCode::NOT_FOUND;
    let no_org = "/organisations/gibt-es-nicht";
    title_each_time(&visitor, no_org, gone, "organisation does not exist").await;
    title_each_time(&visitor, "/info/gibt-es-nicht", gone, "page does not exist").await;
}

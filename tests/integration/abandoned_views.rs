//! Visitors who leave before their page arrives: a phone that loses its signal in the
//! middle of a page, a tab closed while it loads. Leptos keeps working on a page in tasks
//! of its own; tearing a page down under them once left a worker thread blocked for good
//! (a listing's `use_context` waiting on a lock of its own page) and the server unable to
//! stop. After hundreds of page views given up half-way, every page must still come
//! whole and the server must stop when told to.
use app::domain::account::Role;
use futures::StreamExt;
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::Visitor;
use std::time::Duration;

/// Pages with the most rendering work: listings with the save-search form, search, the
/// conversation list (behind a `<Suspense>`), a conversation and the home page.
fn pages(conversation: &str) -> Vec<String> {
    [
        "/offers?help=goods",
        "/needs?category=furniture&sort=nearest&near=velten",
        "/search?q=Sofa",
        "/conversations",
        conversation,
        "/",
    ]
    .iter()
    .map(|path| path.to_string())
    .collect()
}

#[tokio::test]
async fn pages_given_up_half_way_leave_the_server_whole() {
    let server = TestServer::start("oberhavel").await;
    let (author, _) = server.signed_in("anna@example.org", Role::Member).await;
    let mut post = 0;
    for n in 0..12 {
        let (kind, title) = if n % 2 == 0 {
            ("offer", format!("Sofa Nummer {n}"))
        } else {
            ("need", format!("Suche Sofa {n}"))
        };
        post = author
            .create_post(kind, "furniture", "velten", &title)
            .await;
    }
    let (helper, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let conversation = helper.answer(post, "Ich kann helfen.").await;
    let pages = pages(&conversation);
    let panics_before = helferkreis_tests::server_panics();

    // 1,800 views, 32 at a time, each given up after 1 to 150 ms (signed in, so every one is
    // rendered, none comes from the page cache).
    let views = (0..1800).map(|n| {
        let path = pages[n % pages.len()].clone();
        let patience = Duration::from_millis(1 + (n as u64 * 37) % 150);
        let helper = &helper;
        async move {
            let view = async {
                let response = helper.get(&path).await;
                response.bytes().await.map(|_| ())
            };
            tokio::time::timeout(patience, view).await.is_err()
        }
    });
    let given_up = futures::stream::iter(views)
        .buffer_unordered(32)
        .filter(|given_up| std::future::ready(*given_up))
        .count()
        .await;
    eprintln!("{given_up} of 1800 views given up before they arrived");
    assert!(
        given_up > 0,
        "every view arrived in time: the test gave nothing up"
    );

    // Every page still comes whole, to the same visitor and to a new one.
    let stranger = Visitor::new(&server.url(""));
    for path in &pages {
        let answer = tokio::time::timeout(Duration::from_secs(30), helper.page(path)).await;
        let html = answer
            .unwrap_or_else(|_| panic!("{path} did not answer after {given_up} views given up"));
        // The page's last characters (its closing scripts), to show what came.
        let end = html
            .char_indices()
            .rev()
            .nth(119)
            .map_or(html.as_str(), |(at, _)| &html[at..]);
        assert!(
            html.contains("</footer>") && end.contains("__INCOMPLETE_CHUNKS"),
            "{path} came cut off: …{end}"
        );
    }
    let offers = tokio::time::timeout(Duration::from_secs(30), stranger.page("/offers")).await;
    assert!(offers.is_ok_and(|html| html.contains("Sofa Nummer")));

    // No render went on with values its page had already dropped (that panicked).
    let panics = helferkreis_tests::server_panics() - panics_before;
    assert_eq!(
        panics, 0,
        "server threads panicked {panics} times (printed above)"
    );

    // And the server stops when told to (a blocked worker kept it waiting for good).
    let stopped = tokio::time::timeout(Duration::from_secs(30), server.stop()).await;
    assert!(
        matches!(stopped, Ok(Ok(()))),
        "the server did not stop within 30 s: {stopped:?}"
    );
}

//! Saved searches: a signed-in person saves a listing's filters and words and gets one
//! digest mail with exactly the new matching posts, in their language, at the chosen
//! frequency; the link in the mail stops the alert without signing in.
use app::domain::account::Role;
use app::ssr::alerts;
use app::ssr::db::now;
use helferkreis_tests::TestServer;
use helferkreis_tests::mail::{Mail, wait_for_count};
use helferkreis_tests::visitor::{Visitor, text};

/// The digests to `to` (at least `expected`, waiting up to 5 s).
async fn digests(server: &TestServer, to: &str, expected: usize) -> Vec<Mail> {
    wait_for_count(&server.outbox(), to, expected, |m| {
        m.subject.starts_with("New posts")
    })
    .await
}

fn links(mail: &Mail, id: i64) -> bool {
    mail.text.contains(&format!("/posts/{id}\n"))
}

#[tokio::test]
async fn a_saved_search_mails_each_new_matching_post_once_until_stopped() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let (anna, anna_record) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let old = bernd
        .create_post("offer", "furniture", "velten", "Sofa von gestern")
        .await;

    // Anna saves "offers in Velten with the word Sofa", to be mailed right away.
    let (at, page) = anna
        .submit_and_follow(
            "/offers?municipality=velten&q=Sofa",
            "/fn/alerts/save",
            &[
                ("kind", "offer"),
                ("municipality", "velten"),
                ("q", "Sofa"),
                ("frequency", "immediate"),
            ],
        )
        .await;
    assert_eq!(at, "/alerts");
    let page = text(&page);
    assert!(page.contains("Search saved"), "{page}");
    assert!(page.contains("Offers · Velten · “Sofa”"), "{page}");
    assert!(page.contains("Right away"), "{page}");

    // Nothing new yet: no mail when it is due.
    let start = now();
    assert_eq!(alerts::run_once(state, start + 301).await.ok(), Some(0));

    let sofa = bernd
        .create_post("offer", "furniture", "velten", "Sofa, blau")
        .await;
    let elsewhere = bernd
        .create_post("offer", "furniture", "kremmen", "Sofa in Kremmen")
        .await;
    let need = bernd
        .create_post("need", "furniture", "velten", "Sofa gesucht")
        .await;
    let bike = bernd
        .create_post("offer", "bicycles", "velten", "Fahrrad")
        .await;

    // Saved "right away": collected for five minutes, then one mail.
    assert_eq!(alerts::run_once(state, start + 400).await.ok(), Some(0));
    assert_eq!(alerts::run_once(state, start + 601).await.ok(), Some(1));
    assert_eq!(alerts::run_once(state, start + 1000).await.ok(), Some(0));
    let sent = digests(&server, "anna@example.org", 1).await;
    assert_eq!(sent.len(), 1, "exactly one digest");
    let mail = &sent[0];
    assert!(links(mail, sofa), "{}", mail.text);
    for other in [old, elsewhere, need, bike] {
        assert!(!links(mail, other), "post {other} in {}", mail.text);
    }
    assert!(
        mail.text.contains("Offers · Velten · “Sofa”"),
        "{}",
        mail.text
    );

    // A later post comes in a mail of its own, without the first one.
    let second = bernd
        .create_post("offer", "furniture", "velten", "Zweites Sofa")
        .await;
    assert_eq!(alerts::run_once(state, start + 1300).await.ok(), Some(1));
    let sent = digests(&server, "anna@example.org", 2).await;
    assert_eq!(sent.len(), 2);
    let latest = sent
        .iter()
        .find(|m| links(m, second))
        .unwrap_or_else(|| panic!("no digest with the second sofa"));
    assert!(!links(latest, sofa));

    // Someone else cannot delete Anna's alert.
    let list = alerts::list(state, &anna_record, app::i18n::Locale::en)
        .await
        .unwrap_or_default();
    assert_eq!(list.len(), 1);
    let id = list[0].id.to_string();
    let response = bernd.call("/fn/alerts/delete", &[("id", &id)]).await;
    assert_eq!(response.status(), 404);

    // The link in the mail stops it, without signing in (a button, not the link itself).
    let link = latest
        .link("http")
        .filter(|l| l.contains("/alerts/unsubscribe?token="))
        .or_else(|| {
            latest
                .text
                .split_whitespace()
                .find(|w| w.contains("/alerts/unsubscribe?token="))
                .map(str::to_string)
        })
        .unwrap_or_else(|| panic!("no unsubscribe link in {}", latest.text));
    let path = link[link.find("/alerts/").unwrap_or(0)..].to_string();
    let stranger = Visitor::new(&server.url(""));
    let page = text(&stranger.page(&path).await);
    assert!(page.contains("Do you want to get no more mails"), "{page}");
    let token = path.split("token=").nth(1).unwrap_or_default().to_string();
    let (_, page) = stranger
        .submit_and_follow(&path, "/fn/alerts/unsubscribe", &[("token", &token)])
        .await;
    assert!(text(&page).contains("no more mails for this search"));
    // The same link again says it is no longer valid.
    assert!(text(&stranger.page(&path).await).contains("not valid any more"));
    assert!(text(&anna.page("/alerts").await).contains("no saved searches"));
    bernd
        .create_post("offer", "furniture", "velten", "Drittes Sofa")
        .await;
    assert_eq!(alerts::run_once(state, start + 3000).await.ok(), Some(0));
    assert_eq!(digests(&server, "anna@example.org", 2).await.len(), 2);
}

#[tokio::test]
async fn a_daily_alert_waits_a_day_and_needs_a_filter_and_a_signed_in_person() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let (carla, carla_record) = server.signed_in("carla@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let saved = carla
        .call(
            "/fn/alerts/save",
            &[
                ("kind", "need"),
                ("category", "housing"),
                ("frequency", "daily"),
            ],
        )
        .await;
    assert_eq!(saved.status(), 200);
    let flat = bernd
        .create_post(
            "need",
            "flat-search",
            "oranienburg",
            "Wohnung für 4 Personen",
        )
        .await;
    let start = now();
    assert_eq!(alerts::run_once(state, start + 3600).await.ok(), Some(0));
    assert_eq!(alerts::run_once(state, start + 86_401).await.ok(), Some(1));
    let sent = digests(&server, "carla@example.org", 1).await;
    assert!(
        sent.len() == 1 && links(&sent[0], flat),
        "subcategories count"
    );

    // Everything, a made-up frequency, or nobody signed in: refused.
    let everything = carla
        .call("/fn/alerts/save", &[("frequency", "daily")])
        .await;
    assert!(
        everything
            .text()
            .await
            .unwrap_or_default()
            .contains("Required")
    );
    let hourly = carla
        .call(
            "/fn/alerts/save",
            &[("kind", "need"), ("frequency", "hourly")],
        )
        .await;
    assert!(
        hourly
            .text()
            .await
            .unwrap_or_default()
            .contains("UnknownChoice")
    );
    let stranger = Visitor::new(&server.url(""));
    let response = stranger
        .call(
            "/fn/alerts/save",
            &[("kind", "need"), ("frequency", "daily")],
        )
        .await;
    assert_eq!(response.status(), 401);
    let list = alerts::list(state, &carla_record, app::i18n::Locale::de)
        .await
        .unwrap_or_default();
    assert_eq!(list.len(), 1, "only the valid one was kept");
    assert_eq!(list[0].description, "Gesuche · Wohnen");
}

#[tokio::test]
async fn a_post_approved_after_a_later_one_was_mailed_is_mailed_too() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (_, mona) = server.signed_in("mona@example.org", Role::Moderator).await;
    let (at, _) = anna
        .submit_and_follow(
            "/needs?municipality=velten",
            "/fn/alerts/save",
            &[
                ("kind", "need"),
                ("municipality", "velten"),
                ("frequency", "immediate"),
            ],
        )
        .await;
    assert_eq!(at, "/alerts");
    let start = now();
    // Childcare waits for a moderator in this district; furniture is published at once.
    let waiting = bernd
        .create_post("need", "family", "velten", "Babysitterin gesucht")
        .await;
    let published = bernd
        .create_post("need", "furniture", "velten", "Kleiderschrank gesucht")
        .await;
    assert_eq!(alerts::run_once(state, start + 601).await.ok(), Some(1));
    let sent = digests(&server, "anna@example.org", 1).await;
    assert!(links(&sent[0], published) && !links(&sent[0], waiting));

    // Approved a moment later: published now, although its id is older.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let approved = app::ssr::moderation::decide(
        state,
        &mona,
        &[waiting],
        app::domain::moderation::Decision::Approve,
        "",
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"))
    .unwrap_or_else(|r| panic!("{r:?}"));
    assert_eq!(approved, 1);
    assert_eq!(alerts::run_once(state, start + 1300).await.ok(), Some(1));
    let sent = digests(&server, "anna@example.org", 2).await;
    let latest = sent
        .iter()
        .find(|m| links(m, waiting))
        .unwrap_or_else(|| panic!("the approved post was never mailed"));
    assert!(!links(latest, published), "mailed twice: {}", latest.text);
    // Nothing new: no third mail.
    assert_eq!(alerts::run_once(state, start + 2000).await.ok(), Some(0));
}

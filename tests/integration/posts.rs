//! Posting rules against the real database: who may change a post, what a post must
//! contain, what happens to posts when their author leaves, and how posts expire and
//! are renewed. (Pages, listings and the API have their own test files.)
use app::domain::account::{Problem, Role};
use app::domain::post::{PostInput, PostStatus};
use app::ssr::posts::{self, Refusal};
use helferkreis_tests::TestServer;

fn sofa() -> PostInput {
    PostInput {
        kind: "offer".into(),
        category: "furniture".into(),
        municipality: "oranienburg".into(),
        title: "Sofa, gut erhalten".into(),
        description: "Zwei Sitze, Abholung in Oranienburg.".into(),
        quantity: "1".into(),
        availability: String::new(),
        urgency: "normal".into(),
        language: "de".into(),
        for_whom: String::new(),
        organisation: String::new(),
    }
}

async fn count(server: &TestServer) -> i64 {
    sqlx::query_as::<_, (i64,)>("SELECT COUNT(*) FROM posts")
        .fetch_one(server.running.state.db.pool())
        .await
        .map(|r| r.0)
        .unwrap_or(-1)
}

#[tokio::test]
async fn a_post_is_created_open_and_expires_after_the_tenants_days() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let anna = server.user("anna@example.org", Role::Member).await;
    let id = posts::create(state, &anna, &sofa())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    let post = posts::get(state, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("post {id} missing"));
    assert_eq!(post.status(), PostStatus::Open);
    assert_eq!((post.kind.as_str(), post.help.as_str()), ("offer", "goods"));
    assert_eq!(post.quantity, Some(1));
    let days = i64::from(state.tenant.posts.expiry_days);
    assert_eq!(post.expires_at - post.created_at, days * 24 * 3600);
}

#[tokio::test]
async fn bad_posts_are_refused_by_field_and_nothing_is_stored() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let anna = server.user("anna@example.org", Role::Member).await;
    let bad = PostInput {
        category: "weapons".into(),
        municipality: "berlin".into(),
        title: "x".repeat(10 * 1024 * 1024),
        ..sofa()
    };
    let refusal = posts::create(state, &anna, &bad)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .err();
    assert_eq!(
        refusal,
        Some(Refusal::Invalid(vec![
            ("category", Problem::UnknownChoice),
            ("municipality", Problem::UnknownChoice),
            ("title", Problem::TooLong),
        ]))
    );
    // A subcategory of the other help kind is fine; its help kind comes from the tenant.
    let ride = PostInput {
        kind: "need".into(),
        category: "rides".into(),
        availability: "Dienstags 16-18 Uhr".into(),
        ..sofa()
    };
    assert!(
        posts::create(state, &anna, &ride)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .is_ok()
    );
    assert_eq!(count(&server).await, 1);
}

#[tokio::test]
async fn only_the_author_or_a_moderator_changes_a_post() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let anna = server.user("anna@example.org", Role::Member).await;
    let bernd = server.user("bernd@example.org", Role::Member).await;
    let mod_ = server.user("mod@example.org", Role::Moderator).await;
    let id = posts::create(state, &anna, &sofa())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    let renamed = PostInput {
        title: "Sofa, blau".into(),
        ..sofa()
    };

    let as_bernd = posts::edit(state, &bernd, id, &renamed)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(as_bernd, Err(Refusal::Forbidden));
    let finish = posts::finish(state, &bernd, id, PostStatus::Fulfilled)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(finish, Err(Refusal::Forbidden));
    assert_eq!(
        posts::edit(state, &anna, 9999, &renamed)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Err(Refusal::NotFound)
    );

    assert_eq!(
        posts::edit(state, &mod_, id, &renamed)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Ok(())
    );
    assert_eq!(
        posts::edit(state, &anna, id, &sofa())
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Ok(())
    );
    let post = posts::get(state, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!(post.title, "Sofa, gut erhalten");
    assert_eq!(post.status(), PostStatus::Open);
}

#[tokio::test]
async fn fulfilled_and_closed_posts_stay_as_they_are() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let anna = server.user("anna@example.org", Role::Member).await;
    let first = posts::create(state, &anna, &sofa())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();
    let second = posts::create(state, &anna, &sofa())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();

    assert_eq!(
        posts::finish(state, &anna, first, PostStatus::Fulfilled)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Ok(())
    );
    assert_eq!(
        posts::finish(state, &anna, second, PostStatus::Closed)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Ok(())
    );
    for (id, status) in [(first, PostStatus::Fulfilled), (second, PostStatus::Closed)] {
        let post = posts::get(state, id)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("gone"));
        assert_eq!(post.status(), status);
        assert!(post.closed_at.is_some());
        assert_eq!(
            posts::finish(state, &anna, id, PostStatus::Closed)
                .await
                .unwrap_or_else(|e| panic!("{e}")),
            Err(Refusal::NotActive)
        );
        assert_eq!(
            posts::edit(state, &anna, id, &sofa())
                .await
                .unwrap_or_else(|e| panic!("{e}")),
            Err(Refusal::NotActive)
        );
    }
    // Only closing and fulfilling are author actions.
    let third = posts::create(state, &anna, &sofa())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_default();
    let expire = posts::finish(state, &anna, third, PostStatus::Expired)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(expire, Err(Refusal::Invalid(_))));
}

#[tokio::test]
async fn deleting_an_account_deletes_its_posts() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let anna = server.user("anna@example.org", Role::Member).await;
    let bernd = server.user("bernd@example.org", Role::Member).await;
    for author in [&anna, &anna, &bernd] {
        posts::create(state, author, &sofa())
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_default();
    }
    let mut conn = state
        .db
        .pool()
        .acquire()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    app::ssr::db::users::delete(&mut conn, anna.id)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    drop(conn);
    assert_eq!(count(&server).await, 1, "only Bernd's post is left");
}

async fn set_expiry(server: &TestServer, id: i64, expires_at: i64) {
    sqlx::query("UPDATE posts SET expires_at = $1 WHERE id = $2")
        .bind(expires_at)
        .bind(id)
        .execute(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn posts_expire_after_a_reminder_with_a_one_click_renew_link() {
    use app::ssr::posts::expiry;
    use helferkreis_tests::visitor::{Visitor, text};
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let anna = server.user("anna@example.org", Role::Member).await;
    let id = posts::create(state, &anna, &sofa())
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    let now = app::ssr::db::now();
    let day = 24 * 3600;

    // Nothing to do while the post has weeks left.
    let report = expiry::run_once(state, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report, expiry::Report::default());

    // Two days before the end: one reminder, never a second.
    set_expiry(&server, id, now + 2 * day).await;
    let report = expiry::run_once(state, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.expired, report.reminded), (0, 1));
    let again = expiry::run_once(state, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again.reminded, 0);
    let mail = helferkreis_tests::mail::wait_for(&server.outbox(), "anna@example.org", |m| {
        m.subject.contains("expires soon")
    })
    .await;
    assert!(mail.subject.contains("Sofa"), "{}", mail.subject);
    assert!(mail.text.contains("Sofa, gut erhalten"), "{}", mail.text);
    let link = mail
        .link(&server.url(&format!("/posts/{id}/renew?token=")))
        .unwrap_or_else(|| panic!("no renew link in {}", mail.text));

    // One click, without logging in, renews it for the tenant's full period.
    let stranger = Visitor::new(&server.url(""));
    let page = text(&stranger.page(&link).await);
    assert!(
        page.contains("Done! Your post is now visible until"),
        "{page}"
    );
    let post = posts::get(state, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    let days = i64::from(state.tenant.posts.expiry_days);
    assert!(
        (post.expires_at - (now + days * day)).abs() < 60,
        "renewed for the full period"
    );
    // The link works once; a made-up one never.
    assert!(text(&stranger.page(&link).await).contains("This link does not work any more."));
    let forged = format!("/posts/{id}/renew?token=0000");
    assert!(!text(&stranger.page(&forged).await).contains("Done!"));

    // Past its end the post expires and leaves the listings, but keeps its page.
    set_expiry(&server, id, now - 1).await;
    let report = expiry::run_once(state, now)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.expired, 1);
    let post = posts::get(state, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!(post.status(), PostStatus::Expired);
    for listing in ["/offers", "/search?q=Sofa"] {
        assert!(
            !stranger
                .page(listing)
                .await
                .contains(&format!("/posts/{id}\"")),
            "{listing}"
        );
    }
    assert!(text(&stranger.page(&format!("/posts/{id}")).await).contains("Expired"));

    // Its author renews it from the post page: it is open and listed again.
    posts::renew(state, &anna, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    let post = posts::get(state, id)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|| panic!("gone"));
    assert_eq!(post.status(), PostStatus::Open);
    for listing in ["/offers", "/search?q=Sofa"] {
        assert!(
            stranger
                .page(listing)
                .await
                .contains(&format!("/posts/{id}\"")),
            "{listing}"
        );
    }
    // A post with weeks left cannot be renewed yet.
    assert_eq!(
        posts::renew(state, &anna, id)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        Err(Refusal::NotActive)
    );
}

//! Moderation of posts: a post in a pre-moderated category is invisible everywhere (its
//! page, listings, search, API, feed, sitemap) until a moderator approves it; a rejection
//! or removal mails its author the reason; decisions cover several posts at once, or one
//! post corrected and approved in one step; every decision lands in the audit log; and
//! nobody below the moderator role can call any of it.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::mail;
use helferkreis_tests::visitor::{Visitor, location, text};
use reqwest::StatusCode;

/// What the public sees of post `id` whose title contains the unique word `word`: its
/// page, the needs listing, the search page, the API (list and single), the feed and the
/// sitemap. Each entry says whether the post was there.
async fn public_sightings(visitor: &Visitor, id: i64, word: &str) -> Vec<(&'static str, bool)> {
    let path = format!("/posts/{id}");
    let page = visitor.get(&path).await.status() == StatusCode::OK;
    let listing = visitor.page("/needs").await.contains(&path);
    let search = visitor
        .page(&format!("/search?q={word}"))
        .await
        .contains(&path);
    let api_list = visitor
        .get(&format!("/api/v1/posts?q={word}"))
        .await
        .text()
        .await
        .unwrap_or_default()
        .contains(&format!("\"id\":{id}"));
    let api_one = visitor.get(&format!("/api/v1/posts/{id}")).await.status() == StatusCode::OK;
    let feed = visitor
        .get("/feed.xml")
        .await
        .text()
        .await
        .unwrap_or_default()
        .contains(&path);
    let sitemap = visitor
        .get("/sitemap.xml")
        .await
        .text()
        .await
        .unwrap_or_default()
        .contains(&path);
    vec![
        ("page", page),
        ("listing", listing),
        ("search", search),
        ("api list", api_list),
        ("api post", api_one),
        ("feed", feed),
        ("sitemap", sitemap),
    ]
}

/// The audit log's CSV export as `admin` downloads it.
async fn audit_csv(admin: &Visitor) -> String {
    admin
        .get("/admin/audit.csv")
        .await
        .text()
        .await
        .unwrap_or_default()
}

fn all(sightings: &[(&'static str, bool)], expected: bool) -> bool {
    sightings.iter().all(|(_, seen)| *seen == expected)
}

/// A decision from the queue page as a browser without JavaScript sends it: the
/// checkboxes are `ids[0]`, `ids[1]`, …
async fn decide(moderator: &Visitor, ids: &[i64], decision: &str, reason: &str) -> String {
    let names: Vec<String> = (0..ids.len()).map(|i| format!("ids[{i}]")).collect();
    let values: Vec<String> = ids.iter().map(i64::to_string).collect();
    let mut fields: Vec<(&str, &str)> = names
        .iter()
        .zip(&values)
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    fields.push(("decision", decision));
    fields.push(("reason", reason));
    let response = moderator
        .submit("/moderation", "/fn/moderation/decide", &fields)
        .await;
    assert_eq!(location(&response).as_deref(), Some("/moderation"));
    text(&moderator.page("/moderation").await)
}

#[tokio::test]
async fn a_pre_moderated_post_is_invisible_until_approved() {
    let server = TestServer::start("oberhavel").await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (mona, _) = server.signed_in("mona@example.org", Role::Moderator).await;
    let (other, _) = server.signed_in("other@example.org", Role::Member).await;
    let public = Visitor::new(&server.url(""));

    // Oberhavel publishes at once, except childcare ("family"), which waits for review.
    let id = bernd
        .create_post(
            "need",
            "family",
            "velten",
            "Babysitter Quarkstrudel gesucht",
        )
        .await;
    let own = text(&bernd.page(&format!("/posts/{id}")).await);
    assert!(
        own.contains("The moderators are checking this post"),
        "{own}"
    );
    assert!(own.contains("Being checked"), "{own}");

    let before = public_sightings(&public, id, "Quarkstrudel").await;
    assert!(all(&before, false), "seen before approval: {before:?}");
    assert_eq!(
        other.get(&format!("/posts/{id}")).await.status(),
        StatusCode::NOT_FOUND,
        "another member must not see it"
    );

    let queue = text(&mona.page("/moderation").await);
    assert!(queue.contains("Babysitter Quarkstrudel gesucht"), "{queue}");
    assert!(queue.contains("Waiting for approval"), "{queue}");
    // Moderators see the waiting post's page (to judge it).
    mona.page(&format!("/posts/{id}")).await;

    let after = decide(&mona, &[id], "approve", "").await;
    assert!(after.contains("Posts approved: 1"), "{after}");
    assert!(after.contains("No posts to check"), "{after}");

    let sightings = public_sightings(&public, id, "Quarkstrudel").await;
    assert!(
        all(&sightings, true),
        "missing after approval: {sightings:?}"
    );

    // The decision is in the audit log, on the page and in the export.
    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let log = text(&admin.page("/admin/audit").await);
    assert!(log.contains("Post approved"), "{log}");
    assert!(log.contains(&format!("Post #{id}")), "{log}");
    let csv = audit_csv(&admin).await;
    assert!(
        csv.lines()
            .any(|l| l.contains(",post.approve,post,") && l.contains(&format!(",{id},"))),
        "{csv}"
    );
}

#[tokio::test]
async fn a_rejection_mails_the_reason_and_a_published_post_is_removed() {
    let server = TestServer::start("oberhavel").await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (mona, _) = server.signed_in("mona@example.org", Role::Moderator).await;
    let public = Visitor::new(&server.url(""));

    // Waiting (pre-moderated category) and published (post-moderation) posts.
    let waiting = bernd
        .create_post("need", "family", "velten", "Kinderbetreuung Zitronenfalter")
        .await;
    let published = bernd
        .create_post("need", "furniture", "velten", "Schrank Zitronenfalter")
        .await;
    assert!(all(
        &public_sightings(&public, published, "Zitronenfalter").await[..1],
        true
    ));
    let queue = text(&mona.page("/moderation").await);
    assert!(queue.contains("Already published"), "{queue}");

    // A rejection needs a reason: the form says so, nothing changes.
    let refused = mona
        .call(
            "/fn/moderation/decide",
            &[
                ("ids[0]", &waiting.to_string()),
                ("decision", "reject"),
                ("reason", " "),
            ],
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(refused.contains("\"reason\""), "{refused}");
    assert!(text(&mona.page("/moderation").await).contains("Kinderbetreuung Zitronenfalter"));

    let reason = "Bitte schreiben Sie keine Telefonnummer in den Titel.";
    let after = decide(&mona, &[waiting, published], "reject", reason).await;
    assert!(after.contains("Posts rejected or removed: 2"), "{after}");

    let sightings = public_sightings(&public, published, "Zitronenfalter").await;
    assert!(
        all(&sightings, false),
        "still public after removal: {sightings:?}"
    );

    // Both authors' mails carry the reason; the published one says it was removed.
    let outbox = server.outbox();
    let mails =
        mail::wait_for_count(&outbox, "bernd@example.org", 2, |m| m.text.contains(reason)).await;
    let subjects: Vec<&str> = mails.iter().map(|m| m.subject.as_str()).collect();
    assert_eq!(mails.len(), 2, "{subjects:?}");
    assert!(
        subjects.iter().any(|s| s.contains("was not published")),
        "{subjects:?}"
    );
    // (The test's mail reader loses a space where a long encoded subject is folded.)
    assert!(
        subjects.iter().any(|s| s.contains("removed")),
        "{subjects:?}"
    );

    // The author still sees the post, with the reason.
    let own = text(&bernd.page(&format!("/posts/{published}")).await);
    assert!(own.contains("The moderators removed this post"), "{own}");
    assert!(own.contains(reason), "{own}");

    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let csv = audit_csv(&admin).await;
    for (action, id) in [("post.reject", waiting), ("post.remove", published)] {
        assert!(
            csv.lines()
                .any(|l| l.contains(&format!(",{action},post,{id},")) && l.contains(reason)),
            "{action} {id} missing: {csv}"
        );
    }
}

#[tokio::test]
async fn moderators_decide_in_bulk_or_correct_and_approve() {
    let server = TestServer::start("oberhavel").await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (mona, _) = server.signed_in("mona@example.org", Role::Moderator).await;
    let public = Visitor::new(&server.url(""));

    let first = bernd
        .create_post("need", "family", "velten", "Hausaufgaben Pfefferminz eins")
        .await;
    let second = bernd
        .create_post(
            "offer",
            "family",
            "kremmen",
            "Spielnachmittag Pfefferminz zwei",
        )
        .await;
    let third = bernd
        .create_post(
            "need",
            "family",
            "velten",
            "Kita Begleitung Tel 0170 1234567",
        )
        .await;

    let after = decide(&mona, &[first, second], "approve", "").await;
    assert!(after.contains("Posts approved: 2"), "{after}");
    for id in [first, second] {
        assert_eq!(
            public.get(&format!("/posts/{id}")).await.status(),
            StatusCode::OK
        );
    }

    // The author may correct a waiting post, but only a moderator approves it.
    let mut fields = vec![
        ("id", third.to_string()),
        ("kind", "need".to_string()),
        ("category", "family".to_string()),
        ("municipality", "velten".to_string()),
        ("title", "Kita Begleitung gesucht".to_string()),
        ("description", "Bitte melden.".to_string()),
        ("quantity", String::new()),
        ("availability", "morgens".to_string()),
        ("urgency", "normal".to_string()),
        ("language", "de".to_string()),
        ("approve", "1".to_string()),
    ];
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let refused = bernd.call("/fn/posts/edit", &borrowed).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        public.get(&format!("/posts/{third}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // The edit form offers the moderator to approve with the correction.
    let form = mona.page(&format!("/posts/{third}/edit")).await;
    assert!(form.contains(r#"name="approve""#), "no approve box");
    fields[4].1 = "Kita Begleitung morgens gesucht".to_string();
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let saved = mona
        .submit(&format!("/posts/{third}/edit"), "/fn/posts/edit", &borrowed)
        .await;
    assert_eq!(location(&saved), Some(format!("/posts/{third}")));
    let page = text(&public.page(&format!("/posts/{third}")).await);
    assert!(page.contains("Kita Begleitung morgens gesucht"), "{page}");
    assert!(!page.contains("0170"), "{page}");
    assert!(text(&mona.page("/moderation").await).contains("No posts to check"));

    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let csv = audit_csv(&admin).await;
    assert!(csv.contains(&format!(",post.edit,post,{third},")), "{csv}");
    assert_eq!(
        csv.matches(",post.approve,post,").count(),
        3,
        "one entry per approved post: {csv}"
    );
}

#[tokio::test]
async fn members_and_coordinators_cannot_moderate() {
    let server = TestServer::start("oberhavel").await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (clara, _) = server
        .signed_in("clara@example.org", Role::Coordinator)
        .await;
    let (mona, _) = server.signed_in("mona@example.org", Role::Moderator).await;
    let waiting = bernd
        .create_post("need", "family", "velten", "Babysitter Holunder")
        .await;
    let id = waiting.to_string();

    for (who, visitor) in [("member", &bernd), ("coordinator", &clara)] {
        let queue = visitor.call("/fn/moderation/queue", &[]).await;
        assert_eq!(queue.status(), StatusCode::FORBIDDEN, "{who}: queue");
        for decision in ["approve", "reject"] {
            let response = visitor
                .call(
                    "/fn/moderation/decide",
                    &[("ids[0]", &id), ("decision", decision), ("reason", "weil")],
                )
                .await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{who}: {decision}"
            );
        }
        // The reports queue and its actions, and lifting a block.
        let calls: [(&str, &[(&str, &str)]); 3] = [
            ("/fn/moderation/reports", &[]),
            (
                "/fn/moderation/handle-report",
                &[("id", "1"), ("action", "dismiss"), ("reason", "")],
            ),
            ("/fn/admin/unblock", &[("user_id", "1")]),
        ];
        for (endpoint, fields) in calls {
            let response = visitor.call(endpoint, fields).await;
            assert_eq!(
                response.status(),
                StatusCode::FORBIDDEN,
                "{who}: {endpoint}"
            );
        }
        let dashboard = visitor.get("/fn/moderation/dashboard").await;
        assert_eq!(
            dashboard.status(),
            StatusCode::FORBIDDEN,
            "{who}: dashboard"
        );
        let response = visitor.get("/moderation/dashboard").await;
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "{who}: dashboard page"
        );
        let response = visitor.get("/moderation").await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{who}: page");
        let page = text(&response.text().await.unwrap_or_default());
        assert!(page.contains("not allowed"), "{who}: {page}");
        assert!(!page.contains("Babysitter Holunder"), "{who}: {page}");
    }
    // The audit log is for admins only, moderators included.
    for (who, visitor) in [
        ("member", &bernd),
        ("coordinator", &clara),
        ("moderator", &mona),
    ] {
        let page = visitor.call("/fn/moderation/audit", &[]).await;
        assert_eq!(page.status(), StatusCode::FORBIDDEN, "{who}: audit");
        let export = visitor.get("/admin/audit.csv").await;
        assert_eq!(export.status(), StatusCode::FORBIDDEN, "{who}: export");
    }
    // Nothing happened: the post still waits, and nobody wrote to the log.
    assert!(text(&mona.page("/moderation").await).contains("Babysitter Holunder"));
    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let csv = audit_csv(&admin).await;
    assert!(!csv.contains("post."), "{csv}");
}

#[tokio::test]
async fn the_about_page_shows_how_well_the_reaction_promise_is_kept() {
    let server = TestServer::start("oberhavel").await;
    let (bernd, user) = server.signed_in("bernd@example.org", Role::Member).await;
    let public = Visitor::new(&server.url(""));
    let about = text(&public.page("/about").await);
    assert!(about.contains("within 2 days"), "{about}");
    assert!(about.contains("nothing to handle yet"), "{about}");

    let in_time = bernd
        .create_post("offer", "furniture", "velten", "Tisch")
        .await;
    let late = bernd
        .create_post("offer", "furniture", "velten", "Stuhl")
        .await;
    // Sent just now: not due yet, whatever happens.
    bernd
        .create_post("need", "family", "velten", "Babysitter")
        .await;
    let day = 86_400;
    let now = app::ssr::db::now();
    let pool = server.running.state.db.pool();
    let set = |sql: &'static str, a: i64, b: Option<i64>, id: i64| async move {
        sqlx::query(sql)
            .bind(a)
            .bind(b)
            .bind(id)
            .execute(pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    };
    let review = "UPDATE posts SET submitted_at = $1, reviewed_at = $2 WHERE id = $3";
    // Reviewed an hour after it was sent; the other waits for five days (promise: two).
    set(review, now - day, Some(now - day + 3600), in_time).await;
    set(review, now - 5 * day, None, late).await;
    // A report handled within a day, ten days ago.
    sqlx::query(
        "INSERT INTO reports (target, target_id, subject_id, reporter_id, reason, note, snapshot, \
         created_at, handled_at) VALUES ('user', $1, $1, $1, 'spam', '', '', $2, $3)",
    )
    .bind(user.id)
    .bind(now - 10 * day)
    .bind(now - 10 * day + 3600)
    .execute(pool)
    .await
    .unwrap_or_else(|e| panic!("{e}"));

    // Due: two posts (one in time) and one report (in time): 2 of 3.
    let about = text(&public.page("/about").await);
    assert!(about.contains("we handled 67 % in time"), "{about}");
    let promise: serde_json::Value = public
        .fetch("/fn/site/promise")
        .await
        .json()
        .await
        .unwrap_or_default();
    assert_eq!(promise["posts_due"], 2, "{promise}");
    assert_eq!(promise["posts_in_time"], 1, "{promise}");
    assert_eq!(promise["reports_due"], 1, "{promise}");
    assert_eq!(promise["reports_in_time"], 1, "{promise}");
}

//! Several server instances on one database, as an operator runs them behind a load
//! balancer: a session started on one instance holds on the other, a change on one is
//! seen by the other, and mails queued while both run are each sent exactly once. Meant
//! for PostgreSQL (the test command's second pass); the SQLite pass runs what works with
//! two instances on one database file too.
use app::domain::account::Role;
use app::ssr::db::{now, outbox};
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::Visitor;
use reqwest::StatusCode;
use std::collections::HashMap;
use std::time::Duration;

/// A second instance on the database of `first`.
async fn second_instance(first: &TestServer) -> TestServer {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    TestServer::start_with("oberhavel", &first.database_url, data)
        .await
        .unwrap_or_else(|e| panic!("second instance did not start: {e}"))
}

/// The same person (same cookies) talking to another instance.
fn on(visitor: &Visitor, server: &TestServer) -> Visitor {
    Visitor {
        client: visitor.client.clone(),
        base: server.url(""),
    }
}

async fn signed_in(visitor: &Visitor) -> bool {
    let response = visitor.get("/account").await;
    response.status() == StatusCode::OK
        && response
            .text()
            .await
            .unwrap_or_default()
            .contains("Change password")
}

#[tokio::test]
async fn a_login_on_one_instance_holds_on_the_other_and_so_does_a_logout() {
    let a = TestServer::start("oberhavel").await;
    let b = second_instance(&a).await;
    let (on_a, _) = a.signed_in("lena@example.org", Role::Member).await;
    let on_b = on(&on_a, &b);
    assert!(signed_in(&on_b).await, "the session from A is unknown on B");
    // A post made through B shows up on A's listing, although A had just rendered (and
    // kept) that listing: on PostgreSQL, B tells A (see server/src/jobs/changes.rs).
    // SQLite serves one instance per database file, so it is not asked there.
    let passer_by = Visitor::new(&a.url(""));
    assert!(!passer_by.page("/offers").await.contains("Kleiderschrank"));
    let id = on_b
        .create_post("offer", "furniture", "velten", "Kleiderschrank aus Eiche")
        .await;
    if helferkreis_tests::on_postgres() {
        let started = std::time::Instant::now();
        while !passer_by
            .page("/offers")
            .await
            .contains(&format!("/posts/{id}"))
        {
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "A still does not list the post made through B after 5 s"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        eprintln!("A listed B's post after {:?}", started.elapsed());
    }
    // Logging out through B ends the session on A as well.
    let response = on_b.submit("/", "/fn/account/logout", &[]).await;
    assert!(response.status().is_redirection() || response.status().is_success());
    assert!(!signed_in(&on_a).await, "the session still works on A");
}

#[tokio::test]
async fn two_instances_send_each_queued_mail_exactly_once() {
    const MAILS: usize = 200;
    let a = TestServer::start("oberhavel").await;
    let b = second_instance(&a).await;
    let db = &a.running.state.db;
    {
        let mut tx = db.pool().begin().await.unwrap_or_else(|e| panic!("{e}"));
        for n in 0..MAILS {
            let recipient = format!("person{n}@example.org");
            let mail = outbox::NewMail {
                recipient: &recipient,
                locale: "de",
                subject: "Hallo",
                body_text: "Eine Nachricht.",
                body_html: "<p>Eine Nachricht.</p>",
            };
            outbox::enqueue(&mut tx, &mail, now())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    }
    // Both instances look at once (as after their own writes).
    a.running.state.mail_wakeup.notify_one();
    b.running.state.mail_wakeup.notify_one();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let (sent,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
                .fetch_one(db.pool())
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        if sent as usize == MAILS {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "only {sent} of {MAILS} mails sent after 60 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let from_a = helferkreis_tests::mail::read_all(&a.outbox());
    let from_b = helferkreis_tests::mail::read_all(&b.outbox());
    eprintln!("instance A sent {}, B sent {}", from_a.len(), from_b.len());
    let mut received: HashMap<String, usize> = HashMap::new();
    for mail in from_a.iter().chain(&from_b) {
        *received.entry(mail.to.clone()).or_default() += 1;
    }
    assert_eq!(received.len(), MAILS, "someone got no mail");
    let twice: Vec<_> = received.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
}

#[tokio::test]
async fn two_instances_mail_one_notice_for_the_same_unread_message() {
    if !helferkreis_tests::on_postgres() {
        // Two writers racing on one SQLite file get "database is locked": SQLite serves
        // one instance per file, so this is PostgreSQL's test (the second pass).
        return;
    }
    let a = TestServer::start("oberhavel").await;
    let b = second_instance(&a).await;
    let (anna, anna_record) = a.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = a.signed_in("bernd@example.org", Role::Member).await;
    let need = anna
        .create_post("need", "furniture", "velten", "Kinderbett gesucht")
        .await;
    bernd.answer(need, "Ich habe ein Kinderbett.").await;
    let mails_to_anna = || async {
        let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE recipient = $1")
            .bind(anna_record.email.as_str())
            .fetch_one(a.running.state.db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        n
    };
    let before = mails_to_anna().await;
    // Both instances' jobs run at the same moment, an hour later (the message is due).
    let later = now() + 3600;
    let (from_a, from_b) = tokio::join!(
        app::ssr::conversations::notify::run_once(&a.running.state, later),
        app::ssr::conversations::notify::run_once(&b.running.state, later),
    );
    let (from_a, from_b) = (
        from_a.unwrap_or_else(|e| panic!("{e}")),
        from_b.unwrap_or_else(|e| panic!("{e}")),
    );
    assert_eq!(
        from_a + from_b,
        1,
        "notices written: A {from_a}, B {from_b}"
    );
    assert_eq!(mails_to_anna().await - before, 1);
}

//! Real SMTP delivery: the server sends through a local SMTP sink on loopback.
use helferkreis_tests::TestServer;
use helferkreis_tests::smtp::SmtpSink;
use helferkreis_tests::visitor::Visitor;
use std::time::Duration;

#[tokio::test]
async fn a_registration_mail_is_delivered_over_smtp() {
    let sink = SmtpSink::start()
        .await
        .unwrap_or_else(|e| panic!("smtp sink: {e}"));
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = helferkreis_tests::fresh_database(&data).await;
    let port = sink.port;
    let server = TestServer::start_configured("oberhavel", &url, data, |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await
    .unwrap_or_else(|e| panic!("server: {e}"));

    let visitor = Visitor::new(&server.url(""));
    visitor
        .submit(
            "/register",
            "/fn/account/register",
            &[
                ("display_name", "Gustav"),
                ("email", "gustav@example.org"),
                ("password", "ein langer satz"),
            ],
        )
        .await;

    let mut received = Vec::new();
    for _ in 0..200 {
        received = sink.received();
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(received.len(), 1, "exactly one mail arrives");
    let mail = &received[0];
    assert!(
        mail.to.iter().any(|t| t.contains("gustav@example.org")),
        "{:?}",
        mail.to
    );
    assert!(mail.from.contains("noreply@helferkreis.test"));
    assert!(mail.data.contains("text/plain") && mail.data.contains("text/html"));
    let parsed = helferkreis_tests::mail::parse("smtp", &mail.data);
    assert!(
        parsed.link(&server.url("/verify-email?token=")).is_some(),
        "{}",
        parsed.text
    );
    assert!(
        !server.outbox().join("00000001.eml").exists(),
        "with SMTP nothing is written to files"
    );

    // The outbox row is marked sent, so it is not sent again. (The job marks it right
    // after the SMTP server accepted the mail, which may be a moment after the sink saw it.)
    let mut sent = 0;
    for _ in 0..100 {
        (sent,) = sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL")
            .fetch_one(server.running.state.db.pool())
            .await
            .unwrap_or((0,));
        if sent > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(sent, 1);
}

#[tokio::test]
async fn a_failed_delivery_is_kept_and_retried_later() {
    // A port where nobody listens: every delivery attempt fails.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = helferkreis_tests::fresh_database(&data).await;
    let server = TestServer::start_configured("oberhavel", &url, data, |config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{closed}"));
    })
    .await
    .unwrap_or_else(|e| panic!("server: {e}"));

    let visitor = Visitor::new(&server.url(""));
    let response = visitor
        .submit(
            "/register",
            "/fn/account/register",
            &[
                ("display_name", "Hanna"),
                ("email", "hanna@example.org"),
                ("password", "ein langer satz"),
            ],
        )
        .await;
    assert!(
        response.status().is_redirection(),
        "the person is not kept waiting by the mail server"
    );

    let mut row = (0_i64, None::<String>, None::<i64>, 0_i64);
    for _ in 0..200 {
        row = sqlx::query_as(
            "SELECT attempts, last_error, sent_at, next_attempt_at - created_at FROM outbox",
        )
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or((0, None, None, 0));
        if row.0 > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let (attempts, last_error, sent_at, wait) = row;
    assert_eq!(attempts, 1, "one failed attempt so far");
    assert!(
        last_error.is_some_and(|e| !e.is_empty()),
        "the error is kept for the operator"
    );
    assert_eq!(sent_at, None, "not marked sent");
    assert!(wait >= 60, "the next try waits (backoff), got {wait} s");
}

//! Reports: anyone signed in reports a post, a message or a person they met; moderators
//! see the report with a copy of the content and remove the content, warn or block. A
//! blocked person cannot log in, their open posts are hidden, and an admin can lift the
//! block. Every step is in the audit log.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::mail;
use helferkreis_tests::visitor::{Visitor, location, text};
use reqwest::StatusCode;

const PASSWORD: &str = "ein langer satz";

async fn report(visitor: &Visitor, target: &str, id: i64, reason: &str, note: &str) -> String {
    let id = id.to_string();
    let from = format!("/report?target={target}&id={id}");
    let (_, page) = visitor
        .submit_and_follow(
            &from,
            "/fn/reports/send",
            &[
                ("target", target),
                ("id", &id),
                ("reason", reason),
                ("note", note),
            ],
        )
        .await;
    text(&page)
}

async fn handle(moderator: &Visitor, report_id: i64, action: &str, reason: &str) -> String {
    let id = report_id.to_string();
    let (_, page) = moderator
        .submit_and_follow(
            "/moderation/reports",
            "/fn/moderation/handle-report",
            &[("id", &id), ("action", action), ("reason", reason)],
        )
        .await;
    text(&page)
}

/// Bernd's login through the form, without JavaScript.
async fn log_in_as_bernd(visitor: &Visitor) -> reqwest::Response {
    let fields = [
        ("email", "bernd@example.org"),
        ("password", PASSWORD),
        ("next", ""),
    ];
    visitor.submit("/login", "/fn/account/login", &fields).await
}

async fn newest_report(server: &TestServer) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM reports")
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    id
}

async fn audit_csv(server: &TestServer) -> String {
    let (admin, _) = server.signed_in("audit@example.org", Role::Admin).await;
    admin
        .get("/admin/audit.csv")
        .await
        .text()
        .await
        .unwrap_or_default()
}

#[tokio::test]
async fn a_reported_post_is_removed_with_the_reason_and_an_audit_entry() {
    let server = TestServer::start("oberhavel").await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (mona, _) = server.signed_in("mona@example.org", Role::Moderator).await;
    let public = Visitor::new(&server.url(""));
    let post = bernd
        .create_post(
            "offer",
            "furniture",
            "velten",
            "Sofa Zaubertrank nur 50 Euro",
        )
        .await;

    // The post page offers the report link to others, not to its author.
    assert!(
        anna.page(&format!("/posts/{post}"))
            .await
            .contains("/report?target=post")
    );
    assert!(
        !bernd
            .page(&format!("/posts/{post}"))
            .await
            .contains("/report?target=post")
    );
    let own = bernd
        .call(
            "/fn/reports/send",
            &[
                ("target", "post"),
                ("id", &post.to_string()),
                ("reason", "spam"),
            ],
        )
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(own.contains("Forbidden"), "own post reported: {own}");

    // "Something else" needs the reporter's words.
    let refused = report(&anna, "post", post, "other", "").await;
    assert!(refused.contains("Please fill in this field"), "{refused}");
    let sent = report(&anna, "post", post, "scam", "Das ist ein Verkauf.").await;
    assert!(
        sent.contains("The moderators will look at your report"),
        "{sent}"
    );

    let queue = text(&mona.page("/moderation/reports").await);
    assert!(
        queue.contains("Selling, asking for money or fraud"),
        "{queue}"
    );
    assert!(
        queue.contains("Sofa Zaubertrank nur 50 Euro"),
        "snapshot: {queue}"
    );
    assert!(queue.contains("Das ist ein Verkauf."), "{queue}");

    // Removing needs a reason, which the author gets.
    let report_id = newest_report(&server).await;
    let refused = handle(&mona, report_id, "remove", "").await;
    assert!(refused.contains("Please fill in this field"), "{refused}");
    let reason = "Verkaufen ist hier nicht erlaubt.";
    let done = handle(&mona, report_id, "remove", reason).await;
    assert!(done.contains("The report is handled"), "{done}");
    assert!(done.contains("No open reports"), "{done}");

    assert_eq!(
        public.get(&format!("/posts/{post}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(
        !public
            .page("/search?q=Zaubertrank")
            .await
            .contains(&format!("/posts/{post}"))
    );
    let mail = mail::wait_for(&server.outbox(), "bernd@example.org", |m| {
        m.text.contains(reason)
    })
    .await;
    assert!(mail.subject.contains("removed"), "{}", mail.subject);
    let csv = audit_csv(&server).await;
    assert!(
        csv.contains(&format!(",post.remove,post,{post},")) && csv.contains(reason),
        "{csv}"
    );
}

#[tokio::test]
async fn a_blocked_person_cannot_log_in_and_their_posts_are_hidden_until_unblocked() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, bernd_user) = server.signed_in("bernd@example.org", Role::Member).await;
    let (mona, _) = server.signed_in("mona@example.org", Role::Moderator).await;
    let (stranger, _) = server.signed_in("stranger@example.org", Role::Member).await;
    let public = Visitor::new(&server.url(""));

    let need = anna
        .create_post("need", "furniture", "velten", "Bett gesucht")
        .await;
    let own_offer = bernd
        .create_post("offer", "clothing", "velten", "Winterjacke Kolibri")
        .await;
    // Childcare waits for a moderator in Oberhavel.
    let waiting = bernd
        .create_post("need", "family", "velten", "Babysitter Zitronenfalter")
        .await;
    assert!(text(&mona.page("/moderation").await).contains("Zitronenfalter"));
    let (at, _) = bernd
        .submit_and_follow(
            &format!("/posts/{need}"),
            "/fn/conversations/start",
            &[("post_id", &need.to_string()), ("message", "Du bist dumm.")],
        )
        .await;
    let (message,): (i64,) = sqlx::query_as("SELECT id FROM messages WHERE sender_id = $1")
        .bind(bernd_user.id)
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    // Anna sees a report link at Bernd's message and for Bernd himself.
    let conversation = anna.page(&at).await;
    assert!(
        conversation.contains(&format!("/report?target=message&amp;id={message}")),
        "{conversation}"
    );
    assert!(conversation.contains(&format!("/report?target=user&amp;id={}", bernd_user.id)));
    // Someone who never met Bernd cannot report him, nor read his messages this way.
    let nope = report(&stranger, "user", bernd_user.id, "offensive", "").await;
    assert!(nope.contains("does not exist"), "{nope}");
    let nope = report(&stranger, "message", message, "offensive", "").await;
    assert!(nope.contains("does not exist"), "{nope}");

    let sent = report(&anna, "message", message, "offensive", "").await;
    assert!(
        sent.contains("The moderators will look at your report"),
        "{sent}"
    );
    let queue = text(&mona.page("/moderation/reports").await);
    assert!(queue.contains("Du bist dumm."), "{queue}");

    let reason = "Beleidigungen sind hier nicht erlaubt.";
    let done = handle(&mona, newest_report(&server).await, "block", reason).await;
    assert!(done.contains("The report is handled"), "{done}");

    // Bernd's session has ended, and logging in again is refused with a clear word.
    assert_eq!(
        bernd.call("/fn/posts/mine", &[]).await.status(),
        StatusCode::UNAUTHORIZED,
        "the blocked person's session still works"
    );
    let again = Visitor::new(&server.url(""));
    let response = log_in_as_bernd(&again).await;
    let to = location(&response).unwrap_or_default();
    let page = again.page(&to).await;
    assert!(
        text(&page).contains("This account is blocked"),
        "{}",
        text(&page)
    );
    // His open offer is hidden everywhere.
    assert_eq!(
        public.get(&format!("/posts/{own_offer}")).await.status(),
        StatusCode::NOT_FOUND
    );
    assert!(
        !public
            .page("/search?q=Kolibri")
            .await
            .contains(&format!("/posts/{own_offer}"))
    );
    let mail = mail::wait_for(&server.outbox(), "bernd@example.org", |m| {
        m.subject.contains("blocked")
    })
    .await;
    assert!(mail.text.contains(reason), "{}", mail.text);
    // His waiting post leaves the queue, and a queue page from before cannot publish it.
    assert!(!text(&mona.page("/moderation").await).contains("Zitronenfalter"));
    let waiting_id = waiting.to_string();
    mona.submit(
        "/moderation",
        "/fn/moderation/decide",
        &[
            ("ids[0]", waiting_id.as_str()),
            ("decision", "approve"),
            ("reason", ""),
        ],
    )
    .await;
    let status = || async {
        sqlx::query_as::<_, (String,)>("SELECT status FROM posts WHERE id = $1")
            .bind(waiting)
            .fetch_one(server.running.state.db.pool())
            .await
            .map(|row| row.0)
            .unwrap_or_else(|e| panic!("{e}"))
    };
    assert_eq!(status().await, "pending");
    assert_eq!(
        public.get(&format!("/posts/{waiting}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // A moderator cannot lift the block; an admin can, and everything comes back.
    let refused = mona
        .call(
            "/fn/admin/unblock",
            &[("user_id", &bernd_user.id.to_string())],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let users = text(&admin.page("/admin/users?q=bernd").await);
    assert!(users.contains("Unblock"), "{users}");
    let (_, page) = admin
        .submit_and_follow(
            "/admin/users",
            "/fn/admin/unblock",
            &[("user_id", &bernd_user.id.to_string())],
        )
        .await;
    assert!(
        text(&page).contains("The account is unblocked"),
        "{}",
        text(&page)
    );
    let response = log_in_as_bernd(&again).await;
    assert_eq!(location(&response).as_deref(), Some("/account"));
    assert_eq!(
        public.get(&format!("/posts/{own_offer}")).await.status(),
        StatusCode::OK
    );
    assert!(
        public
            .page("/search?q=Kolibri")
            .await
            .contains(&format!("/posts/{own_offer}"))
    );
    // The waiting post is back in the queue, still waiting.
    assert!(text(&mona.page("/moderation").await).contains("Zitronenfalter"));
    assert_eq!(status().await, "pending");

    let csv = audit_csv(&server).await;
    let id = bernd_user.id;
    for action in ["user.block", "user.unblock"] {
        assert!(
            csv.contains(&format!(",{action},user,{id},")),
            "{action}: {csv}"
        );
    }
}

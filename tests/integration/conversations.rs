//! Two people find each other through a need, as browsers without JavaScript do: an
//! answer opens a private conversation, they write, the author accepts the helper and
//! the help is marked as given; the need's light goes red, yellow, green. Nobody else
//! can read or write in the conversation, whichever server function they call, and a
//! blocked person cannot write.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::mail::{Mail, wait_for_count};
use helferkreis_tests::visitor::{Visitor, location, text};

async fn post_need(anna: &Visitor) -> String {
    let fields = [
        ("kind", "need"),
        ("category", "baby-and-child"),
        ("municipality", "velten"),
        ("title", "Kinderwagen gesucht"),
        ("description", "Für unseren Sohn, 8 Monate."),
        ("quantity", "1"),
        ("availability", ""),
        ("urgency", "normal"),
        ("language", "de"),
    ];
    let response = anna.submit("/posts/new", "/fn/posts/create", &fields).await;
    location(&response).unwrap_or_else(|| panic!("not created: {}", response.status()))
}

fn light(page: &str) -> &'static str {
    for (class, name) in [
        ("light-red", "red"),
        ("light-yellow", "yellow"),
        ("light-green", "green"),
    ] {
        if page.contains(class) {
            return name;
        }
    }
    "none"
}

#[tokio::test]
async fn a_need_is_answered_accepted_and_fulfilled_and_only_the_two_take_part() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let (carla, _) = server.signed_in("carla@example.org", Role::Member).await;
    let post = post_need(&anna).await;
    let post_id = post.trim_start_matches("/posts/").to_string();
    let visitor = Visitor::new(&server.url(""));
    assert_eq!(light(&visitor.page(&post).await), "red");

    // A visitor is asked to sign in; the author is not offered to answer herself.
    assert!(text(&visitor.page(&post).await).contains("Sign in to answer"));
    assert!(!text(&anna.page(&post).await).contains("I can help"));

    // Bernd answers the need: a conversation opens with his message.
    let page = text(&bernd.page(&post).await);
    assert!(page.contains("I can help"), "{page}");
    let (at, page) = bernd
        .submit_and_follow(
            &post,
            "/fn/conversations/start",
            &[
                ("post_id", &post_id),
                (
                    "message",
                    "Ich habe einen Kinderwagen. <script>alert(1)</script> www.example.org",
                ),
            ],
        )
        .await;
    assert!(at.starts_with("/conversations/"), "{at}");
    let id = at.trim_start_matches("/conversations/").to_string();
    assert!(text(&page).contains("Ich habe einen Kinderwagen."));
    assert!(
        !page.contains("<script>alert(1)</script>"),
        "the text is shown inert"
    );
    assert!(
        !page.contains(r#"href="www.example.org""#) && !page.contains("http://www.example.org")
    );
    assert!(!page.contains("anna@example.org") && !page.contains("bernd@example.org"));

    // Anna sees one unread message in the header, reads it, answers.
    let home = anna.page("/").await;
    assert!(home.contains(r#"class="badge">1</span>"#), "{home}");
    let list = text(&anna.page("/conversations").await);
    assert!(
        list.contains("Kinderwagen gesucht") && list.contains("1 unread"),
        "{list}"
    );
    // The helper's list has it too (found as helper, the author's as author); Carla's not.
    let list = text(&bernd.page("/conversations").await);
    assert!(list.contains("Kinderwagen gesucht"), "{list}");
    let list = text(&carla.page("/conversations").await);
    assert!(!list.contains("Kinderwagen gesucht"), "{list}");
    let page = text(&anna.page(&at).await);
    assert!(page.contains("Ich habe einen Kinderwagen."), "{page}");
    assert!(
        !anna.page("/").await.contains(r#"class="badge""#),
        "read now"
    );
    let (_, page) = anna
        .submit_and_follow(
            &at,
            "/fn/conversations/send",
            &[("id", &id), ("message", "Wunderbar, wann passt es?")],
        )
        .await;
    assert!(text(&page).contains("Wunderbar, wann passt es?"));
    // Both messages, once each, the first first.
    let seen = text(&bernd.page(&at).await);
    let first = seen.find("Ich habe einen Kinderwagen.");
    let second = seen.find("Wunderbar, wann passt es?");
    assert!(
        matches!((first, second), (Some(a), Some(b)) if a < b),
        "{seen}"
    );
    assert_eq!(
        seen.matches("Wunderbar, wann passt es?").count(),
        1,
        "{seen}"
    );

    // A third person can neither read nor write, nor take any step.
    let response = carla.get(&at).await;
    assert_eq!(response.status(), 404);
    assert!(
        !response
            .text()
            .await
            .unwrap_or_default()
            .contains("Kinderwagen. ")
    );
    for (action, fields) in [
        (
            "/fn/conversations/send",
            vec![("id", id.as_str()), ("message", "Hallo?")],
        ),
        (
            "/fn/conversations/state",
            vec![("id", id.as_str()), ("to", "accepted")],
        ),
        (
            "/fn/conversations/state",
            vec![("id", id.as_str()), ("to", "done")],
        ),
        (
            "/fn/conversations/state",
            vec![("id", id.as_str()), ("to", "blocked")],
        ),
        (
            "/fn/conversations/report",
            vec![("id", id.as_str()), ("reason", "Spam")],
        ),
        ("/fn/conversations/get", vec![("id", id.as_str())]),
    ] {
        let response = carla.call(action, &fields).await;
        assert_eq!(response.status(), 404, "{action} {fields:?}");
    }
    let stranger = helferkreis_tests::client();
    let response = stranger
        .post(server.url("/fn/conversations/send"))
        .header("origin", server.url(""))
        .form(&[("id", id.as_str()), ("message", "Hallo?")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 401);
    let messages: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages")
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(messages.0, 2, "nothing was added by the others");

    // Only the author accepts; then the light is yellow.
    let response = bernd
        .call(
            "/fn/conversations/state",
            &[("id", &id), ("to", "accepted")],
        )
        .await;
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains("Forbidden"), "{body}");
    let (_, page) = anna
        .submit_and_follow(
            &at,
            "/fn/conversations/state",
            &[("id", &id), ("to", "accepted")],
        )
        .await;
    assert!(
        text(&page).contains("You chose this person."),
        "{}",
        text(&page)
    );
    assert_eq!(light(&visitor.page(&post).await), "yellow");

    // Either side marks the help as given: green, and the times are recorded.
    let (_, page) = bernd
        .submit_and_follow(
            &at,
            "/fn/conversations/state",
            &[("id", &id), ("to", "done")],
        )
        .await;
    assert!(
        text(&page).contains("The help is marked as given."),
        "{}",
        text(&page)
    );
    assert_eq!(light(&visitor.page(&post).await), "green");
    let (first, closed): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT first_response_at, closed_at FROM posts WHERE id = $1")
            .bind(post_id.parse::<i64>().unwrap_or_default())
            .fetch_one(server.running.state.db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert!(first.is_some() && closed.is_some());
}

#[tokio::test]
async fn a_blocked_person_cannot_write_or_start_again() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let post = post_need(&anna).await;
    let post_id = post.trim_start_matches("/posts/").to_string();
    let (at, _) = bernd
        .submit_and_follow(
            &post,
            "/fn/conversations/start",
            &[("post_id", &post_id), ("message", "Hallo!")],
        )
        .await;
    let id = at.trim_start_matches("/conversations/").to_string();

    // An empty message is refused next to the field.
    let (_, page) = bernd
        .submit_and_follow(
            &at,
            "/fn/conversations/send",
            &[("id", &id), ("message", "   ")],
        )
        .await;
    assert!(
        text(&page).contains("Please fill in this field."),
        "{}",
        text(&page)
    );

    let (_, page) = anna
        .submit_and_follow(
            &at,
            "/fn/conversations/state",
            &[("id", &id), ("to", "blocked")],
        )
        .await;
    assert!(text(&page).contains("This person can no longer send you messages."));
    let (_, page) = bernd
        .submit_and_follow(
            &at,
            "/fn/conversations/send",
            &[("id", &id), ("message", "Warum?")],
        )
        .await;
    assert!(
        text(&page).contains("No more messages are possible"),
        "{}",
        text(&page)
    );
    let messages: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM messages")
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(messages.0, 1, "only the first message");
    let (_, page) = bernd
        .submit_and_follow(
            &post,
            "/fn/conversations/start",
            &[("post_id", &post_id), ("message", "Noch einmal")],
        )
        .await;
    assert!(
        text(&page).contains("No more messages are possible"),
        "{}",
        text(&page)
    );

    // A report without a reason is marked at its field (the report form opens again).
    let (_, page) = anna
        .submit_and_follow(
            &at,
            "/fn/conversations/report",
            &[("id", &id), ("reason", " ")],
        )
        .await;
    assert!(page.contains(r#"id="field-reason-error""#), "{page}");
    assert!(page.contains(r#"<details open class="report">"#), "{page}");

    // Reporting keeps the messages for the moderators.
    let (_, page) = anna
        .submit_and_follow(
            &at,
            "/fn/conversations/report",
            &[("id", &id), ("reason", "Unfreundlich")],
        )
        .await;
    assert!(text(&page).contains("Thank you."), "{}", text(&page));
    let (target, note, transcript): (String, String, String) =
        sqlx::query_as("SELECT target, note, snapshot FROM reports")
            .fetch_one(server.running.state.db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (target.as_str(), note.as_str()),
        ("conversation", "Unfreundlich")
    );
    assert!(transcript.contains("Hallo!"), "{transcript}");

    // Bernd's data download holds what he wrote and the conversation he answered in.
    let export = bernd.export().await;
    assert_eq!(export["messages"][0]["text"], "Hallo!", "{export}");
    assert_eq!(export["conversations"][0]["id"].to_string(), id, "{export}");
    assert_eq!(export["conversations"][0]["role"], "helper", "{export}");
    assert_eq!(export["blocked_people"], serde_json::json!([]), "{export}");
    // Anna's: her side of the conversation, whom she blocked and what she reported, but
    // not the reported messages (Bernd's text) nor his email address.
    let export = anna.export().await;
    assert_eq!(export["conversations"][0]["role"], "author", "{export}");
    assert_eq!(
        export["blocked_people"][0]["display_name"], "Someone",
        "{export}"
    );
    assert_eq!(
        export["reports_sent"][0]["about"], "conversation",
        "{export}"
    );
    assert_eq!(
        export["reports_sent"][0]["note"], "Unfreundlich",
        "{export}"
    );
    assert_eq!(
        export["posts"][0]["photos"],
        serde_json::json!([]),
        "{export}"
    );
    let whole = export.to_string();
    assert!(!whole.contains("Hallo!"), "{whole}");
    assert!(!whole.contains("bernd@example.org"), "{whole}");
}

/// The mails about new messages to `to` (at least `expected`, waiting up to 5 s).
async fn notices(server: &TestServer, to: &str, expected: usize) -> Vec<Mail> {
    wait_for_count(&server.outbox(), to, expected, |m| {
        m.subject.contains("new message")
    })
    .await
}

#[tokio::test]
async fn new_messages_are_mailed_bundled_and_without_their_text() {
    use app::ssr::conversations::notify::{self, DELAY_SECS, GAP_SECS};
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let (anna, anna_record) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let post = post_need(&anna).await;
    let post_id = post.trim_start_matches("/posts/").to_string();
    let t0 = app::ssr::db::now();
    let secret = "Unsere Adresse ist Gartenweg 5";
    let response = bernd
        .submit(
            &post,
            "/fn/conversations/start",
            &[("post_id", &post_id), ("message", secret)],
        )
        .await;
    let at = location(&response).unwrap_or_default();
    let id = at.trim_start_matches("/conversations/").to_string();
    assert!(!id.is_empty(), "no conversation: {}", response.status());

    // Not while the message is fresh (someone may be answering on the site right now).
    assert_eq!(notify::run_once(state, t0).await.ok(), Some(0));
    assert_eq!(
        notify::run_once(state, t0 + DELAY_SECS + 1).await.ok(),
        Some(1)
    );
    let mails = notices(&server, "anna@example.org", 1).await;
    assert_eq!(mails.len(), 1);
    // Plural forms: one message is "One new message", two are "2 … messages".
    assert!(
        mails[0].subject.starts_with("One new message on "),
        "{}",
        mails[0].subject
    );
    assert!(!mails[0].text.contains("Gartenweg") && !mails[0].raw.contains("Gartenweg"));
    assert!(mails[0].text.contains("/conversations"));
    assert!(
        notices(&server, "bernd@example.org", 0).await.is_empty(),
        "not about his own"
    );

    // Two more soon after: one mail for both, and only after the half hour.
    for text in ["Zweitens", "Drittens"] {
        let sent = bernd
            .call("/fn/conversations/send", &[("id", &id), ("message", text)])
            .await;
        assert_eq!(sent.status(), 200);
    }
    assert_eq!(
        notify::run_once(state, t0 + DELAY_SECS + 60).await.ok(),
        Some(0)
    );
    let later = t0 + DELAY_SECS + GAP_SECS + 2;
    assert_eq!(notify::run_once(state, later).await.ok(), Some(1));
    let mails = notices(&server, "anna@example.org", 2).await;
    assert_eq!(mails.len(), 2);
    assert!(
        mails.iter().any(|m| m.subject.starts_with("2 new messages")
            && m.text.contains("You have 2 unread messages.")),
        "{mails:?}"
    );

    // A message read on the site before the delay is never mailed about.
    bernd
        .call(
            "/fn/conversations/send",
            &[("id", &id), ("message", "Gelesen?")],
        )
        .await;
    anna.page(&at).await;
    assert_eq!(
        notify::run_once(state, later + 2 * GAP_SECS).await.ok(),
        Some(0)
    );

    // Nor is anything for someone who switched these mails off.
    sqlx::query("UPDATE users SET notify_messages = 0 WHERE id = $1")
        .bind(anna_record.id)
        .execute(state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    bernd
        .call(
            "/fn/conversations/send",
            &[("id", &id), ("message", "Noch da?")],
        )
        .await;
    assert_eq!(
        notify::run_once(state, later + 4 * GAP_SECS).await.ok(),
        Some(0)
    );
    assert_eq!(notices(&server, "anna@example.org", 2).await.len(), 2);
}

#[tokio::test]
async fn a_flood_of_messages_is_slowed_down_with_a_message() {
    let server = TestServer::start("oberhavel").await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let post = post_need(&anna).await;
    let post_id = post.trim_start_matches("/posts/").to_string();
    let response = bernd
        .submit(
            &post,
            "/fn/conversations/start",
            &[("post_id", &post_id), ("message", "Hallo")],
        )
        .await;
    let at = location(&response).unwrap_or_default();
    let id = at.trim_start_matches("/conversations/").to_string();
    let mut refused_at = None;
    for n in 2..=45 {
        let body = bernd
            .call(
                "/fn/conversations/send",
                &[("id", &id), ("message", &format!("Nachricht {n}"))],
            )
            .await
            .text()
            .await
            .unwrap_or_default();
        if body.contains("RateLimited") {
            refused_at = Some(n);
            break;
        }
    }
    // 40 messages in ten minutes are fine; the 41st waits.
    assert_eq!(refused_at, Some(41));
    // Without JavaScript the form says so, and keeps the text.
    let (_, page) = bernd
        .submit_and_follow(
            &at,
            "/fn/conversations/send",
            &[("id", &id), ("message", "Noch eine")],
        )
        .await;
    let page = text(&page);
    assert!(page.contains("Too many attempts"), "{page}");
    assert!(page.contains("Noch eine"), "{page}");
    // Another site cannot make a signed-in browser write (the origin check).
    let forged = helferkreis_tests::client()
        .post(server.url("/fn/conversations/send"))
        .header("origin", "https://evil.example")
        .form(&[("id", id.as_str()), ("message", "forged")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(forged.status(), 403);
    // Anna can still answer.
    let answer = anna
        .call(
            "/fn/conversations/send",
            &[("id", &id), ("message", "Danke!")],
        )
        .await;
    assert!(
        !answer
            .text()
            .await
            .unwrap_or_default()
            .contains("RateLimited")
    );
}

//! Coordinators post for people without an account or email: the note of whom a post is
//! for is seen only by its author (and moderators), the public sees that the post is for
//! someone without an account, and the coordinator answers the conversations about those
//! posts from one list. Nobody else can post "for someone" or read that list.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::{Visitor, location, text};

fn need_for(for_whom: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kind", "need".into()),
        ("category", "furniture".into()),
        ("municipality", "oranienburg".into()),
        ("title", "Bett für ein Kind".into()),
        ("description", "Ein Kinderbett wird gebraucht.".into()),
        ("quantity", "1".into()),
        ("availability", String::new()),
        ("urgency", "urgent".into()),
        ("language", "de".into()),
        ("for_whom", for_whom.into()),
    ]
}

async fn create(visitor: &Visitor, fields: &[(&'static str, String)]) -> String {
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = visitor
        .submit("/posts/new", "/fn/posts/create", &fields)
        .await;
    location(&response).unwrap_or_else(|| panic!("not created: {}", response.status()))
}

#[tokio::test]
async fn a_coordinator_posts_for_a_family_and_answers_for_it() {
    let server = TestServer::start("oberhavel").await;
    let (clara, _) = server
        .signed_in("clara@example.org", Role::Coordinator)
        .await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;

    // Only coordinators are asked whom a post is for.
    assert!(
        clara
            .page("/posts/new")
            .await
            .contains(r#"name="for_whom""#)
    );
    assert!(
        !bernd
            .page("/posts/new")
            .await
            .contains(r#"name="for_whom""#)
    );

    let post = create(&clara, &need_for("Familie Kowalski, Zimmer 12")).await;
    let own = text(&clara.page(&post).await);
    assert!(own.contains("For: Familie Kowalski, Zimmer 12"), "{own}");
    // Everyone else sees that it is for someone, not for whom.
    let visitor = Visitor::new(&server.url(""));
    let public = visitor.page(&post).await;
    assert!(text(&public).contains("for someone without an account"));
    assert!(!public.contains("Kowalski"), "the note is private");
    let id = post.trim_start_matches("/posts/");
    let api = visitor
        .get(&format!("/api/v1/posts/{id}"))
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(!api.contains("Kowalski"), "{api}");
    let search = visitor.page("/search?q=Kowalski").await;
    assert!(
        text(&search).contains("0 posts") || !search.contains(post.as_str()),
        "not searchable"
    );

    // A member's "for whom" is not kept.
    let members = create(&bernd, &need_for("Nachbar Schmidt")).await;
    let page = text(&bernd.page(&members).await);
    assert!(
        !page.contains("Schmidt") && !page.contains("for someone without"),
        "{page}"
    );

    // Bernd answers Clara's need; Clara sees it in her list and answers for the family.
    let response = bernd
        .submit(
            &post,
            "/fn/conversations/start",
            &[("post_id", id), ("message", "Ich habe ein Kinderbett.")],
        )
        .await;
    let conversation = location(&response).unwrap_or_default();
    assert!(
        conversation.starts_with("/conversations/"),
        "{}",
        response.status()
    );
    let list = clara.page("/coordination").await;
    let list_text = text(&list);
    assert!(
        list_text.contains("For: Familie Kowalski, Zimmer 12"),
        "{list_text}"
    );
    assert!(list_text.contains("1 unread"), "{list_text}");
    assert!(list.contains(&format!(r#"href="{conversation}""#)));
    assert!(
        !list_text.contains("Nachbar"),
        "only her own posts for others"
    );
    let conversation_id = conversation.trim_start_matches("/conversations/");
    let (_, page) = clara
        .submit_and_follow(
            &conversation,
            "/fn/conversations/send",
            &[
                ("id", conversation_id),
                ("message", "Danke, die Familie freut sich."),
            ],
        )
        .await;
    assert!(text(&page).contains("Danke, die Familie freut sich."));

    // The list is for coordinators only.
    assert_eq!(bernd.call("/fn/posts/coordinated", &[]).await.status(), 403);
    assert_eq!(
        visitor.call("/fn/posts/coordinated", &[]).await.status(),
        401
    );
    // Only Clara and moderators may change the note: her edit keeps it.
    let mut edited = need_for("Familie Kowalski, jetzt Zimmer 14");
    edited.push(("id", id.to_string()));
    let fields: Vec<(&str, &str)> = edited.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let response = clara
        .submit(&format!("{post}/edit"), "/fn/posts/edit", &fields)
        .await;
    assert_eq!(location(&response).as_deref(), Some(post.as_str()));
    assert!(text(&clara.page(&post).await).contains("jetzt Zimmer 14"));
}

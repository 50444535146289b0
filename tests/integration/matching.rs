//! Match suggestions: someone who needs a pram in Velten is shown the open pram offers,
//! the one in Velten before the one in Fürstenberg/Havel (55 km away), and never a
//! closed offer, another kind of thing, their own offer or another need. The same
//! suggestions come from the form's endpoints as the title is typed (as data, and as the
//! form's island shows them), appear on the new post's page after a plain form
//! submission (no JavaScript), and are mailed to the author.
use app::domain::account::Role;
use app::domain::listing::PostCard;
use helferkreis_tests::TestServer;
use helferkreis_tests::mail::wait_for;
use helferkreis_tests::visitor::Visitor;

/// The ids of the cards in the suggestions section of a post's page, in order.
fn suggested(page: &str) -> Vec<i64> {
    let Some(start) = page.find(r#"id="matches-title""#) else {
        return Vec::new();
    };
    let section = &page[start..];
    linked_posts(&section[..section.find("</section>").unwrap_or(section.len())])
}

/// The ids of the posts `html` links to, in order.
fn linked_posts(html: &str) -> Vec<i64> {
    helferkreis_tests::after_each(html, r#"href="/posts/"#, '"')
        .into_iter()
        .filter_map(|id| id.parse().ok())
        .collect()
}

/// What the new-post form's island shows for `query`: HTML rendered by the server.
async fn shown_while_writing(visitor: &Visitor, query: &str) -> String {
    let response = visitor
        .fetch(&format!("/fn/matching/while-writing?{query}"))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap_or_default()
}

async fn asked(visitor: &Visitor, query: &str) -> Vec<i64> {
    let response = visitor
        .fetch(&format!("/fn/matching/suggest?{query}"))
        .await;
    assert_eq!(response.status(), 200);
    let cards: Vec<PostCard> = response.json().await.unwrap_or_default();
    cards.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn a_pram_need_in_velten_is_shown_the_nearest_open_pram_first() {
    let server = TestServer::start("oberhavel").await;
    let (velten, _) = server.signed_in("velten@example.org", Role::Member).await;
    let (north, _) = server.signed_in("north@example.org", Role::Member).await;
    let (closer, _) = server.signed_in("closer@example.org", Role::Member).await;
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;

    // The far one is newer, so only the distance can put it second.
    let near = velten
        .create_post(
            "offer",
            "baby-and-child",
            "velten",
            "Kinderwagen, gut erhalten",
        )
        .await;
    let far = north
        .create_post(
            "offer",
            "baby-and-child",
            "fuerstenberg-havel",
            "Kinderwagen abzugeben",
        )
        .await;
    let closed = closer
        .create_post(
            "offer",
            "baby-and-child",
            "velten",
            "Kinderwagen mit Tasche",
        )
        .await;
    let bike = velten
        .create_post("offer", "bicycles", "velten", "Fahrrad für Kinder")
        .await;
    let other_need = closer
        .create_post("need", "baby-and-child", "velten", "Kinderwagen gesucht")
        .await;
    let own = anna
        .create_post(
            "offer",
            "baby-and-child",
            "velten",
            "Kinderwagen-Regenschutz",
        )
        .await;
    let response = closer
        .submit(
            &format!("/posts/{closed}"),
            "/fn/posts/state",
            &[("id", &closed.to_string()), ("to", "closed")],
        )
        .await;
    assert!(response.status().is_redirection(), "{}", response.status());

    // While the form is filled in: the endpoint the form calls (JavaScript on).
    let form = "kind=need&category=baby-and-child&municipality=velten&title=Kinderwagen";
    assert_eq!(asked(&anna, form).await, vec![near, far], "as Anna");
    // Before a category is chosen, the title's words alone find them (the category's
    // own words count: "Buggy" is filed under baby things).
    let typed = "kind=need&category=&municipality=velten&title=Kinderwagen";
    assert_eq!(asked(&anna, typed).await, vec![near, far]);
    let buggy = "kind=need&category=&municipality=velten&title=Buggy";
    let found = asked(&anna, buggy).await;
    assert!(found.contains(&near) && found.contains(&far), "{found:?}");
    // Someone else sees Anna's own offer too.
    assert!(asked(&velten, form).await.contains(&own));
    // Nonsense is answered with nothing, not an error.
    assert!(
        asked(&anna, "kind=sofa&category=x&municipality=y&title=")
            .await
            .is_empty()
    );
    assert!(
        asked(&anna, "kind=need&category=&municipality=&title=a")
            .await
            .is_empty()
    );

    // What the form shows while it is filled in (JavaScript on): the same cards in the
    // same order, under a heading and a hint in the asker's language.
    let shown = shown_while_writing(&anna, form).await;
    assert_eq!(linked_posts(&shown), vec![near, far], "{shown}");
    assert!(shown.contains("<h2>Offers that may help</h2>"), "{shown}");
    assert!(shown.contains("answer it directly"), "{shown}");
    assert!(shown.contains("Velten"), "the place on the card: {shown}");
    // (`?lang=` is remembered, so someone else asks in Arabic.)
    let arabic_reader = Visitor::new(&server.url(""));
    let arabic = shown_while_writing(&arabic_reader, &format!("{form}&lang=ar")).await;
    assert!(arabic.contains("عروض قد تساعد"), "{arabic}");
    assert_eq!(linked_posts(&arabic), asked(&arabic_reader, form).await);
    for nothing in [
        "kind=sofa&category=x&municipality=y&title=",
        "kind=need&category=&municipality=&title=a",
        "kind=need&category=&municipality=velten&title=Staubsaugerroboter",
    ] {
        assert_eq!(shown_while_writing(&anna, nothing).await, "", "{nothing}");
    }

    // After posting without JavaScript: the new need's page lists them.
    let need = anna
        .create_post("need", "baby-and-child", "velten", "Kinderwagen gesucht")
        .await;
    let page = anna.page(&format!("/posts/{need}")).await;
    assert_eq!(suggested(&page), vec![near, far], "on the new post's page");
    assert!(page.contains("Offers that may help"));
    for absent in [closed, bike, other_need, own] {
        assert!(
            !suggested(&page).contains(&absent),
            "post {absent} suggested"
        );
    }
    // Everyone sees them on the post's page.
    let visitor = Visitor::new(&server.url(""));
    assert_eq!(
        suggested(&visitor.page(&format!("/posts/{need}")).await),
        vec![near, far]
    );
    // An offer's page suggests the needs it answers.
    let offer_page = visitor.page(&format!("/posts/{near}")).await;
    assert!(offer_page.contains("Needs you might help with"));
    let needs = suggested(&offer_page);
    assert!(
        needs.contains(&need) && needs.contains(&other_need),
        "{needs:?}"
    );

    // And Anna gets a short list by mail, nearest first.
    let mail = wait_for(&server.outbox(), "anna@example.org", |m| {
        m.subject.contains("Kinderwagen gesucht")
    })
    .await;
    let near_at = mail.text.find(&format!("/posts/{near}\n"));
    let far_at = mail.text.find(&format!("/posts/{far}\n"));
    assert!(
        near_at.is_some() && far_at.is_some() && near_at < far_at,
        "{}",
        mail.text
    );
    assert!(!mail.text.contains(&format!("/posts/{closed}\n")));
    assert!(
        mail.text.contains(&format!("/posts/{need}")),
        "links the need itself"
    );
}

//! Organisation profiles: an admin creates a welcome circle and names its coordinator;
//! the coordinator posts in its name and edits its profile; the public page shows the
//! description, place and current posts, never the contact address; the contact form
//! mails the organisation; nobody else can post in its name or manage it.
use app::domain::account::Role;
use helferkreis_tests::visitor::{Visitor, location, text};
use helferkreis_tests::{TestServer, mail};

const SLUG: &str = "willkommenskreis-oranienburg";
const PROFILE: &str = "/organisations/willkommenskreis-oranienburg";
const CONTACT: &str = "kreis@example.org";

fn profile_fields<'a>(name: &'a str, description: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("existing", ""),
        ("name", name),
        ("slug", ""),
        ("kind", "welcome_circle"),
        ("municipality", "oranienburg"),
        ("description", description),
        ("contact_email", CONTACT),
    ]
}

fn need(organisation: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("kind", "need"),
        ("category", "furniture"),
        ("municipality", "oranienburg"),
        ("title", "Tische für das Begegnungscafé"),
        ("description", "Wir brauchen zwei große Tische."),
        ("quantity", "2"),
        ("availability", ""),
        ("urgency", "normal"),
        ("language", "de"),
        ("for_whom", ""),
        ("organisation", organisation),
    ]
}

#[tokio::test]
async fn a_welcome_circle_gets_a_profile_its_coordinator_posts_for_and_people_write_to() {
    let server = TestServer::start("oberhavel").await;
    let (admin, _) = server.signed_in("admin@example.org", Role::Admin).await;
    let (clara, clara_account) = server.signed_in("clara@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let visitor = Visitor::new(&server.url(""));

    // Members cannot create organisations, and are not offered the form.
    let fields = profile_fields("Willkommenskreis Oranienburg", "Wir treffen uns.");
    let refused = bernd.call("/fn/organisations/save", &fields).await;
    assert_eq!(refused.status(), 403);
    let form = bernd.get("/admin/organisations/new").await;
    assert_eq!(form.status(), 403);
    assert!(text(&form.text().await.unwrap_or_default()).contains("not allowed"));

    // A bad form names each problem and keeps what was typed.
    let (back, page) = admin
        .submit_and_follow(
            "/admin/organisations/new",
            "/fn/organisations/save",
            &[
                ("existing", ""),
                ("name", "Café Zuversicht"),
                ("slug", ""),
                ("kind", "party"),
                ("municipality", "oranienburg"),
                ("description", " "),
                ("contact_email", "nicht-erreichbar"),
            ],
        )
        .await;
    assert_eq!(back, "/admin/organisations/new");
    let shown = text(&page);
    assert!(
        shown.contains("Please choose one of the options"),
        "{shown}"
    );
    assert!(shown.contains("Please fill in this field"), "{shown}");
    assert!(page.contains("Café Zuversicht"), "typed name kept");

    let description = "Wir treffen uns dienstags um 18 Uhr im Gemeindehaus.\n\nKommen Sie vorbei!";
    let response = admin
        .submit(
            "/admin/organisations/new",
            "/fn/organisations/save",
            &profile_fields("Willkommenskreis  Oranienburg", description),
        )
        .await;
    assert_eq!(location(&response).as_deref(), Some(PROFILE));
    // The same name again: its address is taken.
    let (_, again) = admin
        .submit_and_follow(
            "/admin/organisations/new",
            "/fn/organisations/save",
            &profile_fields("Willkommenskreis Oranienburg", description),
        )
        .await;
    assert!(text(&again).contains("already taken"), "{}", text(&again));

    // The public profile: name, kind, place, paragraphs; never the contact address.
    let public = visitor.page(PROFILE).await;
    let shown = text(&public);
    assert!(shown.contains("Willkommenskreis Oranienburg"), "{shown}");
    assert!(shown.contains("Welcome circle"), "{shown}");
    assert!(shown.contains("Oranienburg"), "{shown}");
    assert!(public.contains("<p>Kommen Sie vorbei!</p>"), "{public}");
    assert!(shown.contains("No open posts at the moment"), "{shown}");
    assert!(
        !public.contains(CONTACT),
        "the contact address is never shown"
    );
    assert!(
        !public.contains(r#"name="message""#),
        "visitors are asked to log in"
    );
    assert!(
        shown.contains("Log in to write to this organisation"),
        "{shown}"
    );
    assert!(text(&visitor.page("/organisations").await).contains("Willkommenskreis Oranienburg"));
    assert_eq!(
        visitor.get("/organisations/gibt-es-nicht").await.status(),
        404
    );

    // Naming a coordinator: an unknown address is refused; a member becomes coordinator.
    let (_, unknown) = admin
        .submit_and_follow(
            &format!("{PROFILE}/edit"),
            "/fn/organisations/add-member",
            &[("slug", SLUG), ("email", "niemand@example.org")],
        )
        .await;
    assert!(
        text(&unknown).contains("There is no account"),
        "{}",
        text(&unknown)
    );
    assert!(
        !clara
            .page("/posts/new")
            .await
            .contains(r#"name="organisation""#)
    );
    let (_, added) = admin
        .submit_and_follow(
            &format!("{PROFILE}/edit"),
            "/fn/organisations/add-member",
            &[("slug", SLUG), ("email", "clara@example.org")],
        )
        .await;
    assert!(
        text(&added).contains("can now post in the organisation"),
        "{}",
        text(&added)
    );
    assert!(added.contains("clara@example.org"), "listed as coordinator");
    // Only admins name coordinators.
    let refused = clara
        .call(
            "/fn/organisations/add-member",
            &[("slug", SLUG), ("email", "bernd@example.org")],
        )
        .await;
    assert_eq!(refused.status(), 403);

    // The coordinator may post in its name; the post shows the organisation.
    let form = clara.page("/posts/new").await;
    assert!(form.contains(r#"name="organisation""#), "offered to clara");
    assert!(form.contains(&format!(r#"value="{SLUG}""#)));
    assert!(
        !bernd
            .page("/posts/new")
            .await
            .contains(r#"name="organisation""#)
    );
    let response = clara
        .submit("/posts/new", "/fn/posts/create", &need(SLUG))
        .await;
    let post = location(&response).unwrap_or_else(|| panic!("not created: {}", response.status()));
    assert!(post.starts_with("/posts/"), "{post}");
    let page = visitor.page(&post).await;
    assert!(
        page.contains(&format!(r#"href="{PROFILE}""#)),
        "links the organisation"
    );
    let shown = text(&page);
    assert!(!shown.contains("Someone"), "not the person's name: {shown}");
    let profile = text(&visitor.page(PROFILE).await);
    assert!(
        profile.contains("Tische für das Begegnungscafé"),
        "{profile}"
    );
    assert!(text(&visitor.page("/organisations").await).contains("Open posts: 1"));
    // Clara's data download names the organisation and the post she wrote for it.
    let export = clara.export().await;
    assert_eq!(export["organisations"][0]["slug"], SLUG, "{export}");
    assert_eq!(
        export["organisations"][0]["name"], "Willkommenskreis Oranienburg",
        "{export}"
    );
    assert!(export["posts"][0]["organisation_id"].is_i64(), "{export}");

    // Nobody else can post in its name.
    let (back, refused) = bernd
        .submit_and_follow("/posts/new", "/fn/posts/create", &need(SLUG))
        .await;
    assert_eq!(back, "/posts/new");
    assert!(
        text(&refused).contains("You do not post for this organisation"),
        "{}",
        text(&refused)
    );

    // The coordinator edits the profile; a member may not.
    let edited = "Neu: wir treffen uns mittwochs.";
    let mut fields = profile_fields("Willkommenskreis Oranienburg", edited);
    fields[0] = ("existing", SLUG);
    let response = clara
        .submit(
            &format!("{PROFILE}/edit"),
            "/fn/organisations/save",
            &fields,
        )
        .await;
    assert_eq!(location(&response).as_deref(), Some(PROFILE));
    assert!(text(&visitor.page(PROFILE).await).contains(edited));
    assert!(
        clara
            .page(PROFILE)
            .await
            .contains(&format!(r#"href="{PROFILE}/edit""#))
    );
    assert!(
        !bernd
            .page(PROFILE)
            .await
            .contains(&format!(r#"href="{PROFILE}/edit""#))
    );
    assert_eq!(
        bernd.call("/fn/organisations/save", &fields).await.status(),
        403
    );

    // Writing to it: too short is refused; a message reaches its address by mail, with
    // the sender's address for the answer.
    let (_, short) = bernd
        .submit_and_follow(
            PROFILE,
            "/fn/organisations/contact",
            &[("slug", SLUG), ("message", "Hallo")],
        )
        .await;
    assert!(text(&short).contains("too short"), "{}", text(&short));
    let message = "Ich kann dienstags beim Café helfen. Wann passt es Ihnen?";
    let (_, sent) = bernd
        .submit_and_follow(
            PROFILE,
            "/fn/organisations/contact",
            &[("slug", SLUG), ("message", message)],
        )
        .await;
    assert!(
        text(&sent).contains("Your message has been passed on"),
        "{}",
        text(&sent)
    );
    assert!(!sent.contains(CONTACT));
    let mail = mail::wait_for(&server.outbox(), CONTACT, |m| m.text.contains(message)).await;
    assert!(
        mail.subject.contains("Willkommenskreis Oranienburg"),
        "{}",
        mail.subject
    );
    assert!(mail.text.contains("bernd@example.org"), "{}", mail.text);

    // Removing the coordinator ends posting in its name.
    let (_, removed) = admin
        .submit_and_follow(
            &format!("{PROFILE}/edit"),
            "/fn/organisations/remove-member",
            &[("slug", SLUG), ("user_id", &clara_account.id.to_string())],
        )
        .await;
    assert!(
        text(&removed).contains("no longer posts"),
        "{}",
        text(&removed)
    );
    assert!(
        !clara
            .page("/posts/new")
            .await
            .contains(r#"name="organisation""#)
    );
    let (back, refused) = clara
        .submit_and_follow("/posts/new", "/fn/posts/create", &need(SLUG))
        .await;
    assert_eq!(back, "/posts/new", "refused after removal");
    assert!(text(&refused).contains("You do not post for this organisation"));

    // Every step is in the audit log; the profile is in the sitemap.
    let audit = text(&admin.page("/admin/audit").await);
    // Each action by its translated name, none by its code.
    for action in [
        "Organisation created",
        "Organisation changed",
        "Member added to an organisation",
        "Member removed from an organisation",
        "Role changed",
    ] {
        assert!(audit.contains(action), "{action} missing: {audit}");
    }
    assert!(
        !audit.contains("organisation."),
        "an untranslated code: {audit}"
    );
    let sitemap = visitor
        .get("/sitemap.xml")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(sitemap.contains(PROFILE), "{sitemap}");
}

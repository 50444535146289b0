//! The account life cycle through HTTP against the real server and database, as a
//! browser without JavaScript does it, reading the links from the mails in the outbox.
use app::domain::account::Role;
use helferkreis_tests::TestServer;
use helferkreis_tests::mail::{self, Mail};
use helferkreis_tests::visitor::{Visitor, location, text};
use reqwest::StatusCode;

const PASSWORD: &str = "ein langer satz";
const NEW_PASSWORD: &str = "noch ein langer satz";

async fn register(server: &TestServer, visitor: &Visitor, name: &str, email: &str) -> Mail {
    let (to, page) = visitor
        .submit_and_follow(
            "/register",
            "/fn/account/register",
            &[
                ("display_name", name),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(to, "/register");
    assert!(
        text(&page).contains("We have sent you an email"),
        "{}",
        text(&page)
    );
    mail::wait_for(&server.outbox(), email, |m| m.subject.contains("confirm")).await
}

async fn registered_and_verified(server: &TestServer, name: &str, email: &str) -> Visitor {
    let visitor = Visitor::new(&server.url(""));
    let mail = register(server, &visitor, name, email).await;
    let link = mail
        .link(&server.url("/verify-email"))
        .unwrap_or_else(|| panic!("no link in {}", mail.text));
    let page = text(&visitor.page(&link).await);
    assert!(
        page.contains("Your email address is confirmed"),
        "{}",
        &page[page.find("Confirm your").unwrap_or(0)..]
    );
    visitor
}

/// The reset link from the newest reset mail to `email`, and the token in it.
async fn reset_link_for(server: &TestServer, email: &str) -> (String, String) {
    let mail = mail::wait_for(&server.outbox(), email, |m| {
        m.subject.contains("new password")
    })
    .await;
    let link = mail
        .link(&server.url("/reset-password?token="))
        .unwrap_or_default();
    let token = link.split("token=").nth(1).unwrap_or_default().to_string();
    (link, token)
}

async fn log_in(visitor: &Visitor, email: &str, password: &str) -> reqwest::Response {
    visitor
        .submit(
            "/login",
            "/fn/account/login",
            &[("email", email), ("password", password), ("next", "")],
        )
        .await
}

async fn signed_in(visitor: &Visitor) -> bool {
    let response = visitor.get("/account").await;
    if response.status() != StatusCode::OK {
        return false;
    }
    let body = response.text().await.unwrap_or_default();
    body.contains("Change password")
}

#[tokio::test]
async fn the_whole_account_life_cycle_works_without_javascript() {
    let server = TestServer::start("oberhavel").await;
    let email = "fee@example.org";
    let visitor = Visitor::new(&server.url(""));

    // Register: the mail is in English (the language the person used) with a link.
    let mail = register(&server, &visitor, "Fahrrad Fee", email).await;
    assert!(mail.text.contains("Hello Fahrrad Fee"), "{}", mail.text);
    assert!(mail.raw.contains("text/plain") && mail.raw.contains("text/html"));
    let verify_link = mail
        .link(&server.url("/verify-email?token="))
        .unwrap_or_default();
    assert!(!verify_link.is_empty(), "{}", mail.text);

    // Not confirmed yet: the right password is not enough.
    let response = log_in(&visitor, email, PASSWORD).await;
    assert_eq!(location(&response).as_deref(), Some("/login"));
    let page = text(&visitor.page("/login").await);
    assert!(
        page.contains("Please confirm your email address first"),
        "{page}"
    );
    assert!(!signed_in(&visitor).await);

    // Confirm; the same link does not work twice.
    assert!(text(&visitor.page(&verify_link).await).contains("Your email address is confirmed"));
    assert!(text(&visitor.page(&verify_link).await).contains("This link does not work any more"));

    // Log in: the session cookie is HttpOnly and SameSite=Lax, and the account page shows the data.
    let response = log_in(&visitor, email, PASSWORD).await;
    assert_eq!(location(&response).as_deref(), Some("/account"));
    let cookie = session_set_cookie(&response);
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let account = visitor.page("/account").await;
    assert!(account.contains(email) && account.contains("Fahrrad Fee"));
    assert!(visitor.page("/").await.contains("Signed in as"));

    // Export: a JSON download with the account's data.
    let export = visitor.get("/account/export.json").await;
    assert_eq!(export.status(), StatusCode::OK);
    assert!(
        export
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("attachment"))
    );
    let data: serde_json::Value = export.json().await.unwrap_or_default();
    assert_eq!(data["account"]["email"], email);
    assert_eq!(data["account"]["display_name"], "Fahrrad Fee");
    assert!(data["account"].get("password_hash").is_none());
    assert_eq!(
        data["posts"],
        serde_json::json!([]),
        "no posts yet, but the section is there"
    );

    // Profile: a new name and language are saved.
    let (_, page) = visitor
        .submit_and_follow(
            "/account",
            "/fn/account/profile",
            &[
                ("display_name", "Fee"),
                ("locale", "en"),
                ("municipality", "oranienburg"),
                ("notify_messages", "on"),
            ],
        )
        .await;
    assert!(
        text(&page).contains("Your changes are saved"),
        "{}",
        text(&page)
    );
    assert!(page.contains("value=\"Fee\""));

    // Log out.
    let response = visitor.submit("/", "/fn/account/logout", &[]).await;
    assert_eq!(location(&response).as_deref(), Some("/"));
    assert!(!signed_in(&visitor).await);

    // Forgot the password: the answer is the same as for an unknown address.
    let (_, page) = visitor
        .submit_and_follow(
            "/forgot-password",
            "/fn/account/forgot-password",
            &[("email", email)],
        )
        .await;
    assert!(text(&page).contains("If there is an account with this address"));
    let (_, unknown) = visitor
        .submit_and_follow(
            "/forgot-password",
            "/fn/account/forgot-password",
            &[("email", "nobody@example.org")],
        )
        .await;
    assert!(text(&unknown).contains("If there is an account with this address"));
    let (reset_link, token) = reset_link_for(&server, email).await;

    // Someone else is signed in to the account on another device meanwhile.
    let other_device = Visitor::new(&server.url(""));
    let response = log_in(&other_device, email, PASSWORD).await;
    let to = location(&response);
    if !signed_in(&other_device).await {
        panic!(
            "other device: {to:?} {}",
            text(&other_device.page("/login").await)
        );
    }

    // Reset: the link shows a form; using it signs everybody out; it works once.
    assert!(visitor.page(&reset_link).await.contains("name=\"token\""));
    let (to, page) = visitor
        .submit_and_follow(
            &reset_link,
            "/fn/account/reset-password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(to, "/login");
    assert!(text(&page).contains("Your new password is set"));
    assert!(
        !signed_in(&other_device).await,
        "the other device is still signed in after a reset"
    );
    let page = text(&visitor.page(&reset_link).await);
    assert!(page.contains("This link does not work any more"), "{page}");
    let response = visitor
        .submit(
            &reset_link,
            "/fn/account/reset-password",
            &[("token", &token), ("password", "a third long password")],
        )
        .await;
    assert_eq!(
        location(&response)
            .as_deref()
            .map(|l| l.starts_with("/reset-password")),
        Some(true)
    );
    mail::wait_for(&server.outbox(), email, |m| {
        m.subject.contains("was changed")
    })
    .await;

    // The old password no longer works, the new one does.
    log_in(&visitor, email, PASSWORD).await;
    assert!(!signed_in(&visitor).await);
    log_in(&visitor, email, NEW_PASSWORD).await;
    assert!(signed_in(&visitor).await);
    log_in(&other_device, email, NEW_PASSWORD).await;
    assert!(signed_in(&other_device).await);

    // Change the password: this device stays signed in, the other one is signed out.
    let (_, page) = visitor
        .submit_and_follow(
            "/account",
            "/fn/account/password",
            &[
                ("current_password", NEW_PASSWORD),
                ("new_password", PASSWORD),
            ],
        )
        .await;
    assert!(
        text(&page).contains("Your password is changed"),
        "{}",
        text(&page)
    );
    assert!(signed_in(&visitor).await);
    assert!(
        !signed_in(&other_device).await,
        "old sessions must stop working"
    );

    // Delete: a wrong password is refused, the right one deletes and mails a confirmation.
    let (_, page) = visitor
        .submit_and_follow(
            "/account",
            "/fn/account/delete",
            &[("password", "not my password")],
        )
        .await;
    assert!(text(&page).contains("The password is not right"));
    assert!(signed_in(&visitor).await);
    let (to, page) = visitor
        .submit_and_follow("/account", "/fn/account/delete", &[("password", PASSWORD)])
        .await;
    assert_eq!(to, "/login");
    assert!(text(&page).contains("Your account and your data are deleted"));
    assert!(!signed_in(&visitor).await);
    mail::wait_for(&server.outbox(), email, |m| {
        m.subject.contains("is deleted")
    })
    .await;
    let rows: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or((-1,));
    assert_eq!(rows.0, 0);
    log_in(&visitor, email, PASSWORD).await;
    assert!(!signed_in(&visitor).await);
}

#[tokio::test]
async fn wrong_passwords_and_unknown_addresses_get_the_same_answer() {
    let server = TestServer::start("oberhavel").await;
    registered_and_verified(&server, "Anna", "anna@example.org").await;
    let visitor = Visitor::new(&server.url(""));
    log_in(&visitor, "anna@example.org", "wrong password!").await;
    let wrong = text(&visitor.page("/login").await);
    log_in(&visitor, "nobody@example.org", "wrong password!").await;
    let unknown_html = visitor.page("/login").await;
    let unknown = text(&unknown_html);
    assert!(wrong.contains("The email address or the password is not right"));
    assert!(unknown.contains("The email address or the password is not right"));
    // The form keeps the address that was typed, never the password.
    assert!(unknown_html.contains("value=\"nobody@example.org\""));
    assert!(!unknown_html.contains("wrong password!"));
    assert!(!signed_in(&visitor).await);
}

#[tokio::test]
async fn registering_an_existing_address_reveals_nothing_and_mails_the_owner() {
    let server = TestServer::start("oberhavel").await;
    registered_and_verified(&server, "Anna", "anna@example.org").await;
    let visitor = Visitor::new(&server.url(""));
    let (_, page) = visitor
        .submit_and_follow(
            "/register",
            "/fn/account/register",
            &[
                ("display_name", "Mallory"),
                ("email", "anna@example.org"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(text(&page).contains("We have sent you an email"));
    mail::wait_for(&server.outbox(), "anna@example.org", |m| {
        m.subject.contains("already have an account")
    })
    .await;
}

#[tokio::test]
async fn bad_input_is_explained_next_to_the_field_and_kept() {
    let server = TestServer::start("oberhavel").await;
    let visitor = Visitor::new(&server.url(""));
    let (_, page) = visitor
        .submit_and_follow(
            "/register",
            "/fn/account/register",
            &[
                ("display_name", "anna@example.org"),
                ("email", "not-an-address"),
                ("password", "short"),
            ],
        )
        .await;
    let words = text(&page);
    assert!(
        words.contains("Please do not use your email address as your name"),
        "{words}"
    );
    assert!(words.contains("This does not look like an email address"));
    assert!(words.contains("The password is too short"));
    assert!(
        page.contains("value=\"not-an-address\""),
        "typed values are kept"
    );
    assert!(page.contains("aria-invalid=\"true\""));
    assert!(
        !page.contains("value=\"short\""),
        "passwords are never sent back"
    );
}

#[tokio::test]
async fn expired_and_reused_tokens_are_refused() {
    let server = TestServer::start("oberhavel").await;
    let visitor = Visitor::new(&server.url(""));
    let mail = register(&server, &visitor, "Bernd", "bernd@example.org").await;
    let link = mail
        .link(&server.url("/verify-email?token="))
        .unwrap_or_default();
    // Let the link age past its expiry.
    sqlx::query("UPDATE auth_tokens SET expires_at = 0")
        .execute(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(text(&visitor.page(&link).await).contains("This link does not work any more"));

    // A reset token that expired cannot be used either, even on the form directly.
    let verified = registered_and_verified(&server, "Carla", "carla@example.org").await;
    verified
        .submit(
            "/forgot-password",
            "/fn/account/forgot-password",
            &[("email", "carla@example.org")],
        )
        .await;
    let (_, token) = reset_link_for(&server, "carla@example.org").await;
    sqlx::query("UPDATE auth_tokens SET expires_at = 0 WHERE purpose = 'reset_password'")
        .execute(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let response = verified
        .call(
            "/fn/account/reset-password",
            &[("token", &token), ("password", NEW_PASSWORD)],
        )
        .await;
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains("TokenInvalid"), "{body}");
    log_in(&verified, "carla@example.org", NEW_PASSWORD).await;
    assert!(!signed_in(&verified).await);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let server = TestServer::start("oberhavel").await;
    let client = helferkreis_tests::client();
    let form = [
        ("display_name", "Eve"),
        ("email", "eve@example.org"),
        ("password", PASSWORD),
    ];
    for origin in [Some("https://evil.example"), Some("null"), None] {
        let mut request = client
            .post(server.url("/fn/account/register"))
            .header("accept", "text/html")
            .header("accept-language", "en")
            .form(&form);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let response = request.send().await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            response.status(),
            StatusCode::FORBIDDEN,
            "origin {origin:?}"
        );
        let body = response.text().await.unwrap_or_default();
        assert!(
            body.contains("This form was not sent from our own pages"),
            "{body}"
        );
    }
    // A referer from another site does not help either; our own origin does.
    let response = client
        .post(server.url("/fn/account/login"))
        .header("referer", "https://evil.example/page")
        .form(&[("email", "a@b.de"), ("password", "x")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let users: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM users")
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or((-1,));
    assert_eq!(users.0, 0, "nothing was stored");
}

#[tokio::test]
async fn the_sixth_rapid_login_attempt_is_throttled() {
    let server = TestServer::start("oberhavel").await;
    registered_and_verified(&server, "Dora", "dora@example.org").await;
    let visitor = Visitor::new(&server.url(""));
    for attempt in 1..=5 {
        log_in(&visitor, "dora@example.org", "wrong password!").await;
        let page = text(&visitor.page("/login").await);
        assert!(page.contains("is not right"), "attempt {attempt}: {page}");
    }
    // The sixth is refused even with the right password, with a clear message.
    log_in(&visitor, "dora@example.org", PASSWORD).await;
    let page = text(&visitor.page("/login").await);
    assert!(page.contains("Too many attempts. Please wait"), "{page}");
    assert!(!signed_in(&visitor).await);
    // The same through the JavaScript path: a typed answer, not a crash.
    let response = visitor
        .call(
            "/fn/account/login",
            &[("email", "dora@example.org"), ("password", PASSWORD)],
        )
        .await;
    let body = response.text().await.unwrap_or_default();
    assert!(body.contains("RateLimited"), "{body}");
}

/// Every server function that needs a role, with arguments that would be valid.
/// Endpoint, form fields, and the least role that may call it.
type Protected = (
    &'static str,
    &'static [(&'static str, &'static str)],
    &'static str,
);

const PROTECTED: &[Protected] = &[
    ("/fn/account/details", &[], "member"),
    (
        "/fn/account/profile",
        &[
            ("display_name", "X Y"),
            ("locale", "de"),
            ("municipality", ""),
        ],
        "member",
    ),
    (
        "/fn/account/password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
        ],
        "member",
    ),
    ("/fn/account/delete", &[("password", PASSWORD)], "member"),
    ("/fn/admin/users", &[("filter", "")], "admin"),
    (
        "/fn/admin/set-role",
        &[("user_id", "1"), ("role", "admin")],
        "admin",
    ),
];

#[tokio::test]
async fn role_protected_server_functions_refuse_the_wrong_callers() {
    let server = TestServer::start("oberhavel").await;
    let anonymous = Visitor::new(&server.url(""));
    for (path, args, _) in PROTECTED {
        let response = anonymous.call(path, args).await;
        assert_eq!(
            response.status(),
            StatusCode::UNAUTHORIZED,
            "{path} without login"
        );
    }

    let member = registered_and_verified(&server, "Emil", "emil@example.org").await;
    log_in(&member, "emil@example.org", PASSWORD).await;
    assert!(signed_in(&member).await);
    for (path, args, role) in PROTECTED {
        if *role == "admin" {
            let response = member.call(path, args).await;
            assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path} as member");
        }
    }
    let page = member
        .get("/admin/users")
        .await
        .text()
        .await
        .unwrap_or_default();
    assert!(text(&page).contains("You are not allowed to do this"));
    let role: (String,) = sqlx::query_as("SELECT role FROM users WHERE email = 'emil@example.org'")
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(role.0, "member", "the member did not make themselves admin");
}

#[tokio::test]
async fn an_admin_changes_roles_and_the_session_id_is_renewed() {
    use app::ssr::accounts::service::{self, AdminCreated};
    let server = TestServer::start("oberhavel").await;
    let created = service::create_admin(
        &server.running.state,
        "admin@example.org",
        Some("the admin password"),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(created, Ok(AdminCreated::WithPassword { .. })));
    let admin = Visitor::new(&server.url(""));
    log_in(&admin, "admin@example.org", "the admin password").await;
    let page = admin.page("/admin/users").await;
    assert!(page.contains("admin@example.org"));

    let member = registered_and_verified(&server, "Frieda", "frieda@example.org").await;
    let response = log_in(&member, "frieda@example.org", PASSWORD).await;
    let first_cookie = session_cookie(&response);
    let id = user_id(&server, "frieda@example.org").await;
    let (_, page) = admin
        .submit_and_follow(
            "/admin/users",
            "/fn/admin/set-role",
            &[("user_id", &id.to_string()), ("role", "coordinator")],
        )
        .await;
    // The admin was created with the district's default language (German), and signing
    // in switches the pages to the account's language.
    assert!(
        text(&page).contains("Die Rolle ist geändert"),
        "{}",
        text(&page)
    );

    // The member's next request gets a new session id and shows the new role.
    let response = member.get("/account").await;
    let renewed = session_cookie(&response);
    assert!(
        !renewed.is_empty() && renewed != first_cookie,
        "session id not renewed: {renewed}"
    );
    assert!(text(&response.text().await.unwrap_or_default()).contains("Coordinator"));
    // The audit log names the change in the admin's language, not in codes.
    let log = text(&admin.page("/admin/audit").await);
    assert!(
        log.contains("Rolle geändert")
            && log.contains(&format!("Person #{id}"))
            && log.contains("Mitglied → Koordination"),
        "{log}"
    );

    // The only admin cannot give the role away.
    let admin_id = user_id(&server, "admin@example.org").await;
    let (_, page) = admin
        .submit_and_follow(
            "/admin/users",
            "/fn/admin/set-role",
            &[("user_id", &admin_id.to_string()), ("role", "member")],
        )
        .await;
    assert!(text(&page).contains("Sie sind die einzige Person mit Admin-Rechten"));
}

/// A session ends after two weeks without use, not two weeks after signing in: the
/// first signed-in request of a day saves the session again (a new end, and the cookie
/// sent again with its full lifetime); the other requests of that day save nothing.
#[tokio::test]
async fn a_session_in_daily_use_does_not_run_out() {
    use tower_sessions::SessionStore;
    use tower_sessions::session::{Id, Record};
    const TWO_WEEKS: &str = "Max-Age=1209600";
    let server = TestServer::start("oberhavel").await;
    let member = registered_and_verified(&server, "Tagfalter", "tag@example.org").await;
    let response = log_in(&member, "tag@example.org", PASSWORD).await;
    assert!(session_set_cookie(&response).contains(TWO_WEEKS));
    let again = member.get("/account").await;
    assert_eq!(again.status(), StatusCode::OK);
    assert_eq!(session_set_cookie(&again), "", "saved on every request");

    // A session signed in thirteen days ago and last used yesterday: it ends tomorrow.
    // Written by another store, as another server or yesterday's process would have.
    let id = user_id(&server, "tag@example.org").await;
    let (epoch,): (i64,) = sqlx::query_as("SELECT session_epoch FROM users WHERE id = $1")
        .bind(id)
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let yesterday = app::ssr::db::now() / (24 * 3600) - 1;
    let auth = serde_json::json!({
        "user_id": id, "epoch": epoch, "role": "member", "renewed_on": yesterday,
    });
    let mut record = Record {
        id: Id::default(),
        data: [("auth".to_string(), auth)].into_iter().collect(),
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(1),
    };
    let store = || async {
        server::startup::session_store(&server.running.state)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    };
    store()
        .await
        .create(&mut record)
        .await
        .unwrap_or_else(|e| panic!("{e}"));

    // Today's first request with it is signed in and pushes the end out by two weeks.
    let cookie = format!("hk_session={}", record.id);
    // The account page with this cookie: its session cookie header and whether it
    // shows the account (its address), i.e. is signed in.
    let view = || async {
        let response = helferkreis_tests::client()
            .get(server.url("/account"))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let set = session_set_cookie(&response);
        let page = text(&response.text().await.unwrap_or_default());
        (set, page.contains("tag@example.org"))
    };
    let stored_end = || async {
        store()
            .await
            .load(&record.id)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
            .unwrap_or_else(|| panic!("the session is gone"))
            .expiry_date
    };
    let (set, signed_in) = view().await;
    assert!(
        set.starts_with(&format!("{cookie};")) && set.contains(TWO_WEEKS),
        "{set}"
    );
    assert!(signed_in, "not signed in with a session that ends tomorrow");
    let end = stored_end().await;
    let left = end - time::OffsetDateTime::now_utc();
    assert!(left > time::Duration::days(13), "ends in {left}");

    // The same day's next request with it is signed in and writes nothing again.
    let (set, signed_in) = view().await;
    assert_eq!(set, "", "saved again the same day");
    assert!(signed_in, "signed out by the renewal");
    assert_eq!(stored_end().await, end, "saved again the same day");
}

async fn user_id(server: &TestServer, email: &str) -> i64 {
    let (id,): (i64,) = sqlx::query_as("SELECT id FROM users WHERE email = $1")
        .bind(email)
        .fetch_one(server.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    id
}

/// The whole `Set-Cookie` header of the session cookie, if the response sets one.
fn session_set_cookie(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("hk_session="))
        .unwrap_or_default()
        .to_string()
}

/// Just `hk_session=<id>` from the response's session cookie.
fn session_cookie(response: &reqwest::Response) -> String {
    session_set_cookie(response)
        .split(';')
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn pages_carry_the_security_headers() {
    let server = TestServer::start("oberhavel").await;
    let response = helferkreis_tests::client()
        .get(server.url("/login"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let csp = header("content-security-policy");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"),
        "{csp}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or_default()
        .to_string();
    let body = response.text().await.unwrap_or_default();
    assert!(
        !nonce.is_empty() && body.contains(&format!("nonce=\"{nonce}\"")),
        "scripts carry the nonce"
    );

    // Oversized bodies are refused before anything reads them.
    let big = "x".repeat(200 * 1024);
    let response = Visitor::new(&server.url(""))
        .call("/fn/account/login", &[("email", &big), ("password", "x")])
        .await;
    assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE);
    let body = response.text().await.unwrap_or_default();
    assert!(
        body.contains("larger than this form allows"),
        "a translated page: {body}"
    );
}

#[tokio::test]
async fn privacy_notice_and_imprint_come_from_the_tenant() {
    let server = TestServer::start("potsdam").await;
    let visitor = Visitor::new(&server.url(""));
    let privacy = text(&visitor.page("/privacy").await);
    let imprint = text(&visitor.page("/imprint").await);
    let tenant = &server.running.state.tenant;
    assert!(privacy.contains(&tenant.operator.name) && privacy.contains(&tenant.operator.email));
    assert!(privacy.contains(&format!("{} days", tenant.posts.retention_days)));
    assert!(
        imprint.contains(&tenant.operator.representative)
            && imprint.contains(&tenant.operator.street)
    );
}

#[tokio::test]
async fn unconfirmed_accounts_are_removed_after_a_week() {
    let server = TestServer::start("oberhavel").await;
    let visitor = Visitor::new(&server.url(""));
    register(&server, &visitor, "Ida", "ida@example.org").await;
    registered_and_verified(&server, "Jan", "jan@example.org").await;
    let db = &server.running.state.db;
    let sessions = server::startup::session_store(&server.running.state)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    // A fresh unconfirmed account stays (its link is still valid).
    server::jobs::cleanup::once(db, &sessions)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let count = |sql: &'static str| async move {
        sqlx::query_as::<_, (i64,)>(sql)
            .fetch_one(db.pool())
            .await
            .map(|r| r.0)
            .unwrap_or(-1)
    };
    assert_eq!(count("SELECT COUNT(*) FROM users").await, 2);
    // Eight days later it is gone; the confirmed account is not.
    sqlx::query("UPDATE users SET created_at = created_at - 8 * 24 * 3600")
        .execute(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    server::jobs::cleanup::once(db, &sessions)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE email = 'ida@example.org'").await,
        0
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM users WHERE email = 'jan@example.org'").await,
        1
    );
}

#[tokio::test]
async fn behind_https_cookies_are_secure_and_hsts_is_sent() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = helferkreis_tests::fresh_database(&data).await;
    let server = TestServer::start_configured("oberhavel", &url, data, |config| {
        config.public_url = Some("https://hilfe.example.org".to_string());
    })
    .await
    .unwrap_or_else(|e| panic!("server: {e}"));
    // A form posted from the public https address (as behind a TLS proxy) is accepted,
    // and the session cookie it creates is marked Secure.
    let response = helferkreis_tests::client()
        .post(server.url("/fn/account/login"))
        .header("origin", "https://hilfe.example.org")
        .header("accept", "text/html")
        .form(&[("email", "a@example.org"), ("password", "wrong password!")])
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(location(&response).as_deref(), Some("/login"));
    let cookie = session_set_cookie(&response);
    assert!(cookie.contains("Secure"), "{cookie}");
    assert!(response.headers().contains_key("strict-transport-security"));
}

#[tokio::test]
async fn a_failure_outside_the_pages_shows_a_translated_page_not_a_blank_one() {
    let server = TestServer::start("oberhavel").await;
    let (visitor, _) = server.signed_in("anna@example.org", Role::Member).await;
    // The database goes away: the data download cannot be made.
    server.running.state.db.pool().close().await;
    let response = visitor.get("/account/export.json").await;
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok()),
        Some("text/html; charset=utf-8")
    );
    let page = response.text().await.unwrap_or_default();
    // In the person's language (the account's: English), with a way back.
    assert!(
        page.contains("Something went wrong") && page.contains(r#"<html lang="en""#),
        "{page}"
    );
    assert!(page.contains(r#"href="/""#), "{page}");
}

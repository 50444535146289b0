//! A server killed with SIGKILL in the middle of work loses nothing it confirmed: 50
//! signed-in people create posts and write messages at the same time, the server
//! process is killed without warning, started again on the same database, and every
//! post and message that got a success answer is there exactly once, complete (an open
//! post is in the search index), and nothing is duplicated.
//!
//! The server runs as a separate process so that it can be killed: this test binary
//! starts itself again with only `durability::server_process` selected (an ignored
//! test that serves until it is killed).
use app::domain::account::Role;
use app::ssr::db::Db;
use app::ssr::db::users::{self, NewUser};
use futures::future::join_all;
use helferkreis_tests::visitor::{Visitor, location};
use helferkreis_tests::{fresh_database, on_postgres, tenant_dir};
use reqwest::header::ACCEPT;
use server::config::Config;
use std::collections::{HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// People writing at once.
const CLIENTS: usize = 50;
/// Confirmed writes before the kill: enough that many requests are in flight then.
const KILL_AFTER: usize = 150;
const PASSWORD: &str = "ein langer satz";
/// Set for the server process: its database and its folder (outbox, site).
const CHILD_DATABASE: &str = "HK_DURABILITY_DATABASE_URL";
const CHILD_DATA: &str = "HK_DURABILITY_DATA";
/// The server process prints this followed by its address once it listens.
const LISTENING: &str = "durability server listening on ";

/// The server process. Not a test on its own: it does nothing unless started by
/// `a_killed_server_keeps_every_answered_write`, which passes the environment.
#[test]
#[ignore = "the server process of a_killed_server_keeps_every_answered_write, started by it"]
fn server_process() {
    let (Ok(database_url), Some(data)) = (
        std::env::var(CHILD_DATABASE),
        std::env::var_os(CHILD_DATA).map(PathBuf::from),
    ) else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| panic!("runtime: {e}"));
    runtime.block_on(async move {
        let config = Config {
            tenant_dir: tenant_dir("oberhavel"),
            database_url,
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            site_root: data.join("site"),
            public_url: None,
            smtp_url: None,
            mail_from: "noreply@helferkreis.test".to_string(),
            outbox_dir: data.join("outbox"),
            trusted_proxies: Vec::new(),
        };
        let running = server::startup::start(&config, std::future::pending::<()>())
            .await
            .unwrap_or_else(|e| panic!("server did not start: {e}"));
        println!("{LISTENING}{}", running.addr);
        let _ = running.task.await;
    });
}

struct ServerProcess {
    child: Child,
    base: String,
}

impl ServerProcess {
    /// Starts the server process on `database_url` and waits until it listens.
    fn start(database_url: &str, data: &Path) -> Self {
        let exe = std::env::current_exe().unwrap_or_else(|e| panic!("test binary: {e}"));
        let mut child = Command::new(exe)
            .args([
                "--exact",
                "durability::server_process",
                "--ignored",
                "--nocapture",
            ])
            .env(CHILD_DATABASE, database_url)
            .env(CHILD_DATA, data)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("server process: {e}"));
        let stdout = child
            .stdout
            .take()
            .unwrap_or_else(|| panic!("server process without stdout"));
        let (tx, rx) = std::sync::mpsc::channel();
        // Reads the address, then keeps draining so the process never blocks on output.
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.split(LISTENING).nth(1) {
                    let _ = tx.send(addr.trim().to_string());
                }
            }
        });
        let addr = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|e| panic!("server process did not start listening: {e}"));
        Self {
            child,
            base: format!("http://{addr}"),
        }
    }

    /// SIGKILL: no shutdown, no flushing, as when the machine's OOM killer strikes.
    fn kill(mut self) {
        self.child
            .kill()
            .unwrap_or_else(|e| panic!("kill server process: {e}"));
        let _ = self.child.wait();
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Accounts straight into the database, all with the password `PASSWORD`.
async fn accounts(database_url: &str, emails: &[String]) {
    let db = Db::connect(database_url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let hash = app::ssr::accounts::password::hash(PASSWORD.to_string())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let mut conn = db.pool().acquire().await.unwrap_or_else(|e| panic!("{e}"));
    for email in emails {
        users::insert(
            &mut conn,
            &NewUser {
                email,
                display_name: "Someone",
                password_hash: Some(&hash),
                role: Role::Member,
                locale: "de",
                verified_at: Some(1),
                now: 1,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    }
    drop(conn);
    db.close().await;
}

async fn log_in(base: &str, email: &str) -> Visitor {
    let visitor = Visitor::new(base);
    visitor.log_in(email, PASSWORD).await;
    visitor
}

/// One write that the server answered with success.
#[derive(Debug)]
enum Confirmed {
    Post { id: i64, title: String },
    Message { conversation: i64, body: String },
}

/// Creates a post as a browser without JavaScript does: success is the redirect to it;
/// `Err(answer)` when the server answered with something else.
async fn create_post(
    visitor: &Visitor,
    title: &str,
) -> Result<Result<i64, String>, reqwest::Error> {
    let fields = [
        ("kind", "offer"),
        ("category", "furniture"),
        ("municipality", "oranienburg"),
        ("title", title),
        ("description", "Gut erhalten, bitte abholen."),
        ("quantity", "1"),
        ("availability", ""),
        ("urgency", "normal"),
        ("language", "de"),
    ];
    let response = visitor
        .client
        .post(visitor.url("/fn/posts/create"))
        .header(ACCEPT, "text/html")
        .header("origin", &visitor.base)
        .header("referer", visitor.url("/posts/new"))
        .form(&fields)
        .send()
        .await?;
    let id = location(&response).and_then(|at| {
        at.strip_prefix("/posts/")
            .and_then(|id| id.parse::<i64>().ok())
    });
    Ok(id.ok_or_else(|| {
        format!(
            "post: {} {:?}",
            response.status(),
            location(&response).unwrap_or_default()
        )
    }))
}

/// Sends a message as the page's script does: success is an answer without error;
/// `Err(answer)` otherwise.
async fn send_message(
    visitor: &Visitor,
    conversation: i64,
    body: &str,
) -> Result<Result<(), String>, reqwest::Error> {
    let response = visitor
        .client
        .post(visitor.url("/fn/conversations/send"))
        .header(ACCEPT, "application/json")
        .header("origin", &visitor.base)
        .form(&[("id", conversation.to_string().as_str()), ("message", body)])
        .send()
        .await?;
    let status = response.status();
    let answer: serde_json::Value = response.json().await?;
    let fine = status.is_success()
        && answer["error"].is_null()
        && answer["fields"].as_array().is_some_and(Vec::is_empty);
    Ok(if fine {
        Ok(())
    } else {
        Err(format!("message: {status} {answer}"))
    })
}

/// Writes until the server goes away; every confirmed write goes to `log`, every
/// other answer to `refused` (each request is valid, so there should be none).
async fn keep_writing(
    client: usize,
    visitor: Visitor,
    conversation: i64,
    log: Arc<Mutex<Vec<Confirmed>>>,
    refused: Arc<Mutex<Vec<String>>>,
    confirmed: Arc<AtomicUsize>,
) {
    let refuse = |answer: String| {
        if let Ok(mut refused) = refused.lock() {
            refused.push(answer);
        }
    };
    for round in 0.. {
        let title = format!("Dauertest Regal {client} {round}");
        match create_post(&visitor, &title).await {
            Ok(Ok(id)) => {
                if let Ok(mut log) = log.lock() {
                    log.push(Confirmed::Post { id, title });
                }
                confirmed.fetch_add(1, Ordering::SeqCst);
            }
            Ok(Err(answer)) => refuse(answer),
            Err(_) => return,
        }
        let body = format!("Dauertest Nachricht {client} {round}");
        match send_message(&visitor, conversation, &body).await {
            Ok(Ok(())) => {
                if let Ok(mut log) = log.lock() {
                    log.push(Confirmed::Message { conversation, body });
                }
                confirmed.fetch_add(1, Ordering::SeqCst);
            }
            Ok(Err(answer)) => refuse(answer),
            Err(_) => return,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_server_keeps_every_answered_write() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let database_url = fresh_database(&data).await;
    let emails: Vec<String> = (0..=CLIENTS)
        .map(|n| format!("person{n}@example.org"))
        .collect();
    accounts(&database_url, &emails).await;

    let server = ServerProcess::start(&database_url, data.path());
    // A family's need that each of the 50 answers: 50 conversations to write in.
    let family = log_in(&server.base, &emails[0]).await;
    let need = family
        .create_post("need", "furniture", "velten", "Kinderbett gesucht")
        .await;
    let people = join_all(emails[1..].iter().map(|email| async {
        let person = log_in(&server.base, email).await;
        let at = person.answer(need, "Ich kann helfen.").await;
        let conversation: i64 = at
            .trim_start_matches("/conversations/")
            .parse()
            .unwrap_or_else(|_| panic!("not a conversation address: {at}"));
        (person, conversation)
    }))
    .await;

    let log = Arc::new(Mutex::new(Vec::new()));
    let refused = Arc::new(Mutex::new(Vec::new()));
    let confirmed = Arc::new(AtomicUsize::new(0));
    let writers: Vec<_> = people
        .into_iter()
        .enumerate()
        .map(|(client, (person, conversation))| {
            tokio::spawn(keep_writing(
                client,
                person,
                conversation,
                log.clone(),
                refused.clone(),
                confirmed.clone(),
            ))
        })
        .collect();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(120);
    while confirmed.load(Ordering::SeqCst) < KILL_AFTER && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    for writer in writers {
        let _ = tokio::time::timeout(Duration::from_secs(60), writer).await;
    }
    let log = std::mem::take(&mut *log.lock().unwrap_or_else(|e| e.into_inner()));
    let refused = std::mem::take(&mut *refused.lock().unwrap_or_else(|e| e.into_inner()));
    assert!(
        refused.is_empty(),
        "{} valid writes were refused before the kill, e.g. {:?}",
        refused.len(),
        refused.iter().take(5).collect::<Vec<_>>()
    );
    let posts: HashMap<i64, String> = log
        .iter()
        .filter_map(|w| match w {
            Confirmed::Post { id, title } => Some((*id, title.clone())),
            Confirmed::Message { .. } => None,
        })
        .collect();
    let messages: Vec<(i64, String)> = log
        .iter()
        .filter_map(|w| match w {
            Confirmed::Message { conversation, body } => Some((*conversation, body.clone())),
            Confirmed::Post { .. } => None,
        })
        .collect();
    assert!(
        posts.len() >= 20 && messages.len() >= 20,
        "too few confirmed writes before the kill to say anything: {} posts, {} messages",
        posts.len(),
        messages.len()
    );

    // Started again on the same database: it comes up and serves what it confirmed.
    let restarted = ServerProcess::start(&database_url, data.path());
    let visitor = Visitor::new(&restarted.base);
    assert_eq!(visitor.get("/").await.status(), 200);

    let db = Db::connect(&database_url)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let stored: Vec<(i64, String, String)> =
        sqlx::query_as("SELECT id, title, status FROM posts WHERE title LIKE 'Dauertest %'")
            .fetch_all(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    let mut titles = HashSet::new();
    for (id, title, _) in &stored {
        assert!(titles.insert(title.clone()), "post {title:?} stored twice");
        if let Some(wanted) = posts.get(id) {
            assert_eq!(title, wanted, "post {id} has another title");
        }
    }
    for (id, title) in &posts {
        assert!(
            stored.iter().any(|(s, t, _)| s == id && t == title),
            "post {id} ({title}) was confirmed but is gone after the restart"
        );
    }
    // Complete: every open post can be found, and its page shows it.
    let index_query = if on_postgres() {
        "SELECT COUNT(*) FROM posts_search WHERE post_id = $1"
    } else {
        "SELECT COUNT(*) FROM posts_fts WHERE rowid = $1"
    };
    for (id, _, status) in &stored {
        let (indexed,): (i64,) = sqlx::query_as(index_query)
            .bind(id)
            .fetch_one(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let expected = i64::from(status == "open");
        assert_eq!(
            indexed, expected,
            "post {id} ({status}) half-written: {indexed} index rows"
        );
    }
    if let Some((id, _, _)) = stored.iter().find(|(_, _, status)| status == "open") {
        assert_eq!(visitor.get(&format!("/posts/{id}")).await.status(), 200);
    }

    let bodies: Vec<(i64, String)> =
        sqlx::query_as("SELECT conversation_id, body FROM messages WHERE body LIKE 'Dauertest %'")
            .fetch_all(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    let mut seen = HashSet::new();
    for (_, body) in &bodies {
        assert!(seen.insert(body.clone()), "message {body:?} stored twice");
    }
    for message in &messages {
        assert!(
            bodies.contains(message),
            "message {message:?} was confirmed but is gone after the restart"
        );
    }
    eprintln!(
        "durability: {} posts and {} messages confirmed before SIGKILL; {} posts and {} \
         messages stored (the rest were in flight)",
        posts.len(),
        messages.len(),
        stored.len(),
        bodies.len()
    );
    db.close().await;
    restarted.kill();
}

//! Backup and restore as the README describes them (`server backup --to FILE` while the
//! server runs, `server restore --from FILE` into a new database), on the backend of the
//! run: every row of every table and every photo comes back, and a server started on the
//! restored database shows the same posts and photos.
use app::domain::account::Role;
use app::ssr::db::{Backend, Db};
use helferkreis_tests::TestServer;
use helferkreis_tests::visitor::{Visitor, location};
use reqwest::multipart::{Form, Part};
use std::collections::BTreeMap;

fn photo() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(64, 48, |x, y| {
        image::Rgb([(x * 4) as u8, (y * 5) as u8, 90])
    });
    let mut bytes = std::io::Cursor::new(Vec::new());
    picture
        .write_to(&mut bytes, image::ImageFormat::Jpeg)
        .unwrap_or_else(|e| panic!("{e}"));
    bytes.into_inner()
}

/// Every row of every table, as text, sorted: what a restore must give back.
async fn everything(db: &Db) -> BTreeMap<String, Vec<String>> {
    let pool = db.pool();
    let mut tables: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match db.backend() {
        Backend::Sqlite => {
            // Virtual tables (the full-text index) are left out; their storage tables are in.
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'table' \
                 AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name",
            )
            .fetch_all(pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            for (name,) in names {
                let columns: Vec<(String,)> =
                    sqlx::query_as("SELECT name FROM pragma_table_info($1)")
                        .bind(name.as_str())
                        .fetch_all(pool)
                        .await
                        .unwrap_or_else(|e| panic!("{e}"));
                let row = columns
                    .iter()
                    .map(|(c,)| format!("quote(\"{c}\")"))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                let rows: Vec<(String,)> = sqlx::query_as(&format!("SELECT {row} FROM \"{name}\""))
                    .fetch_all(pool)
                    .await
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                tables.insert(name, rows.into_iter().map(|(r,)| r).collect());
            }
        }
        Backend::Postgres => {
            let names: Vec<(String,)> = sqlx::query_as(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables \
                 WHERE table_type = 'BASE TABLE' \
                 AND table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
            for (name,) in names {
                let rows: Vec<(String,)> =
                    sqlx::query_as(&format!("SELECT CAST(t AS TEXT) FROM {name} t"))
                        .fetch_all(pool)
                        .await
                        .unwrap_or_else(|e| panic!("{name}: {e}"));
                tables.insert(name, rows.into_iter().map(|(r,)| r).collect());
            }
        }
    }
    for rows in tables.values_mut() {
        rows.sort();
    }
    tables
}

#[tokio::test]
async fn a_backup_made_while_serving_restores_every_row_and_photo() {
    let server = TestServer::start("oberhavel").await;
    // Content of every kind: accounts, posts, a photo, a conversation, a saved search.
    let (anna, _) = server.signed_in("anna@example.org", Role::Member).await;
    let (bernd, _) = server.signed_in("bernd@example.org", Role::Member).await;
    let offer = anna
        .create_post("offer", "furniture", "velten", "Sofa mit Schlaffunktion")
        .await;
    let need = anna
        .create_post("need", "furniture", "oranienburg", "Kinderbett gesucht")
        .await;
    let at = format!("/posts/{offer}");
    let form = Form::new()
        .part("photo", Part::bytes(photo()).file_name("sofa.jpg"))
        .text("alt", "Graues Sofa");
    let response = anna.upload(&at, &format!("{at}/photos"), form).await;
    assert_eq!(location(&response).as_deref(), Some(at.as_str()));
    bernd.answer(need, "Ich habe ein Kinderbett.").await;
    let saved = bernd
        .submit(
            "/offers?q=Sofa",
            "/fn/alerts/save",
            &[("kind", "offer"), ("q", "Sofa"), ("frequency", "daily")],
        )
        .await;
    assert!(saved.status().is_redirection(), "{}", saved.status());

    let before = everything(&server.running.state.db).await;
    for table in [
        "users",
        "posts",
        "photos",
        "conversations",
        "messages",
        "saved_searches",
    ] {
        let rows = before
            .iter()
            .find(|(name, _)| name.as_str() == table || name.ends_with(&format!(".{table}")))
            .map_or(0, |(_, rows)| rows.len());
        assert!(rows > 0, "nothing in {table} to back up");
    }

    // Backup while the server runs; restore into a new database.
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let file = work.path().join("helferkreis.backup");
    let size = server::backup::backup(&server.database_url, &file)
        .await
        .unwrap_or_else(|e| panic!("backup: {e}"));
    assert!(size > 0);
    // A second backup never overwrites the first.
    assert!(
        server::backup::backup(&server.database_url, &file)
            .await
            .is_err()
    );
    let target = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let restored_url = helferkreis_tests::fresh_database(&target).await;
    server::backup::restore(&restored_url, &file)
        .await
        .unwrap_or_else(|e| panic!("restore: {e}"));
    // Restoring over a database that has data is refused.
    assert!(server::backup::restore(&restored_url, &file).await.is_err());

    let restored = TestServer::start_with("oberhavel", &restored_url, target)
        .await
        .unwrap_or_else(|e| panic!("server on the restored database: {e}"));
    let after = everything(&restored.running.state.db).await;
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "tables"
    );
    for (table, rows) in &before {
        assert!(
            after.get(table) == Some(rows),
            "{table} differs after the restore"
        );
    }

    // The restored site shows the post with its photo, byte for byte.
    let stranger = Visitor::new(&restored.url(""));
    let page = stranger.page(&at).await;
    assert!(page.contains("Sofa mit Schlaffunktion"));
    let (photo_id,): (i64,) = sqlx::query_as("SELECT id FROM photos")
        .fetch_one(restored.running.state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    for size in ["display", "thumb"] {
        let path = format!("/photos/{photo_id}/{size}.jpg");
        let old = Visitor::new(&server.url("")).get(&path).await.bytes().await;
        let new = stranger.get(&path).await.bytes().await;
        let (old, new) = (old.unwrap_or_default(), new.unwrap_or_default());
        assert!(!old.is_empty() && old == new, "{path} differs");
    }
}

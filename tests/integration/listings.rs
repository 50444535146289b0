//! Listings, search and the public API against the real server: filters, sorting and
//! paging return exactly the right posts; search forgives typos, knows synonyms,
//! inflections and subcategory names; the API and the pages show the same posts.
use app::domain::account::Role;
use app::domain::post::{PostInput, PostStatus};
use app::ssr::db::users::UserRecord;
use app::ssr::posts;
use helferkreis_tests::TestServer;
use serde_json::Value;

struct Post<'a> {
    kind: &'a str,
    category: &'a str,
    municipality: &'a str,
    title: &'a str,
    description: &'a str,
    urgency: &'a str,
}

impl Default for Post<'_> {
    fn default() -> Self {
        Self {
            kind: "offer",
            category: "furniture",
            municipality: "oranienburg",
            title: "Etwas abzugeben",
            description: "",
            urgency: "normal",
        }
    }
}

async fn publish(server: &TestServer, author: &UserRecord, post: Post<'_>) -> i64 {
    let input = PostInput {
        kind: post.kind.into(),
        category: post.category.into(),
        municipality: post.municipality.into(),
        title: post.title.into(),
        description: post.description.into(),
        quantity: String::new(),
        availability: String::new(),
        urgency: post.urgency.into(),
        language: "de".into(),
        for_whom: String::new(),
        organisation: String::new(),
    };
    posts::create(&server.running.state, author, &input)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"))
}

/// The API's answer for `query`: total and the ids on that page, in order.
async fn api(server: &TestServer, query: &str) -> (u64, Vec<i64>, Value) {
    let response = helferkreis_tests::client()
        .get(server.url(&format!("/api/v1/posts{query}")))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 200, "{query}");
    let body: Value = response.json().await.unwrap_or_else(|e| panic!("{e}"));
    let total = body["total"].as_u64().unwrap_or_default();
    let ids = body["posts"]
        .as_array()
        .map(|posts| posts.iter().filter_map(|p| p["id"].as_i64()).collect())
        .unwrap_or_default();
    (total, ids, body)
}

async fn ids(server: &TestServer, query: &str) -> Vec<i64> {
    api(server, query).await.1
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort();
    ids
}

#[tokio::test]
async fn filters_return_exactly_the_matching_posts() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let bed = publish(
        &server,
        &anna,
        Post {
            kind: "need",
            municipality: "velten",
            title: "Bett für ein Kind",
            urgency: "urgent",
            ..Post::default()
        },
    )
    .await;
    let bike = publish(
        &server,
        &anna,
        Post {
            category: "bicycles",
            title: "Fahrrad für Erwachsene",
            ..Post::default()
        },
    )
    .await;
    let coat = publish(
        &server,
        &anna,
        Post {
            category: "clothing",
            municipality: "zehdenick",
            title: "Wintermantel Größe M",
            ..Post::default()
        },
    )
    .await;
    let ride = publish(
        &server,
        &anna,
        Post {
            kind: "need",
            category: "rides",
            title: "Fahrt zum Arzt nach Berlin",
            urgency: "urgent",
            ..Post::default()
        },
    )
    .await;

    assert_eq!(sorted(ids(&server, "?kind=offer").await), vec![bike, coat]);
    assert_eq!(sorted(ids(&server, "?kind=need").await), vec![bed, ride]);
    assert_eq!(ids(&server, "?help=time").await, vec![ride]);
    assert_eq!(
        sorted(ids(&server, "?category=goods").await),
        vec![bed, bike, coat],
        "a top-level category includes its subcategories"
    );
    assert_eq!(ids(&server, "?category=bicycles").await, vec![bike]);
    assert_eq!(ids(&server, "?municipality=velten").await, vec![bed]);
    assert_eq!(
        sorted(ids(&server, "?urgency=urgent").await),
        vec![bed, ride]
    );
    assert_eq!(
        ids(&server, "?kind=need&help=goods&urgency=urgent").await,
        vec![bed]
    );
    assert_eq!(
        ids(&server, "").await,
        vec![ride, coat, bike, bed],
        "newest first"
    );

    // Unknown values are refused by name, not silently dropped.
    let response = helferkreis_tests::client()
        .get(server.url("/api/v1/posts?category=weapons&municipality=berlin"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        body["fields"],
        serde_json::json!(["category", "municipality"])
    );

    // Closed, fulfilled and expired posts leave the listings and the search.
    assert_eq!(ids(&server, "?q=Fahrrad").await, vec![bike]);
    assert_eq!(ids(&server, "?q=Wintermantel").await, vec![coat]);
    let state = &server.running.state;
    posts::finish(state, &anna, bike, PostStatus::Closed)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    posts::finish(state, &anna, bed, PostStatus::Fulfilled)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    sqlx::query("UPDATE posts SET expires_at = 1 WHERE id = $1")
        .bind(coat)
        .execute(state.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(ids(&server, "").await, vec![ride]);
    // Also the coat whose time is up before the expiry job has run (the index still
    // holds it until then), and after.
    for _ in 0..2 {
        assert!(ids(&server, "?q=Fahrrad").await.is_empty());
        assert!(ids(&server, "?q=Wintermantel").await.is_empty());
        assert_eq!(ids(&server, "?q=Fahrt").await, vec![ride]);
        app::ssr::posts::expiry::run_once(state, app::ssr::db::now())
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

#[tokio::test]
async fn filters_narrow_a_search_exactly_as_they_narrow_the_listing() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let mut all = Vec::new();
    for (kind, category, municipality, urgency) in [
        ("offer", "furniture", "oranienburg", "normal"),
        ("need", "furniture", "velten", "urgent"),
        ("offer", "bicycles", "velten", "low"),
        ("need", "clothing", "fuerstenberg-havel", "normal"),
        ("need", "rides", "velten", "urgent"),
        ("offer", "tutoring", "zehdenick", "normal"),
    ] {
        let id = publish(
            &server,
            &anna,
            Post {
                kind,
                category,
                municipality,
                urgency,
                title: "Hilfe gesucht oder angeboten",
                ..Post::default()
            },
        )
        .await;
        all.push(id);
    }
    for filter in [
        "",
        "&kind=need",
        "&help=time",
        "&category=goods",
        "&category=bicycles",
        "&municipality=velten",
        "&municipality=fuerstenberg-havel",
        "&urgency=urgent",
        "&kind=need&municipality=velten&urgency=urgent",
        "&kind=offer&category=rides",
    ] {
        let listed = ids(&server, &format!("?sort=newest{filter}")).await;
        let found = ids(&server, &format!("?q=Hilfe&sort=newest{filter}")).await;
        assert_eq!(found, listed, "searching with {filter:?}");
        let (total, _, _) = api(&server, &format!("?q=Hilfe{filter}")).await;
        assert_eq!(total, listed.len() as u64, "counting with {filter:?}");
    }
    assert_eq!(ids(&server, "?q=Hilfe&sort=newest").await.len(), all.len());
}

#[tokio::test]
async fn search_follows_changed_category_words_after_a_restart() {
    use helferkreis_tests::tenant_dir;
    let tenant = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for file in ["tenant.toml", "logo.svg"] {
        std::fs::copy(tenant_dir("oberhavel").join(file), tenant.path().join(file))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
    }
    let database = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let url = helferkreis_tests::fresh_database(&database).await;
    let start = |dir: std::path::PathBuf| {
        let url = url.clone();
        async move {
            let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
            TestServer::start_configured("oberhavel", &url, data, |c| c.tenant_dir = dir)
                .await
                .unwrap_or_else(|e| panic!("{e}"))
        }
    };

    let server = start(tenant.path().to_path_buf()).await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let sofa = publish(&server, &anna, Post::default()).await;
    assert!(ids(&server, "?q=Recamiere").await.is_empty());
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));

    // The district adds a synonym for furniture; the index is rebuilt at the next start.
    let file = tenant.path().join("tenant.toml");
    let toml = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{e}"));
    let changed = toml.replacen(
        r#"synonyms = { de = ["Sofa", "Couch","#,
        r#"synonyms = { de = ["Recamiere", "Sofa", "Couch","#,
        1,
    );
    assert_ne!(changed, toml, "the furniture synonyms moved");
    std::fs::write(&file, changed).unwrap_or_else(|e| panic!("{e}"));
    let server = start(tenant.path().to_path_buf()).await;
    assert_eq!(ids(&server, "?q=Recamiere").await, vec![sofa]);
    server.stop().await.unwrap_or_else(|e| panic!("{e}"));
}

#[tokio::test]
async fn nearest_first_follows_the_distance_from_the_chosen_place() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    // Created far to near, so "newest first" would give the opposite order.
    let mut expected = Vec::new();
    for place in [
        "fuerstenberg-havel",
        "oranienburg",
        "hennigsdorf",
        "oberkraemer",
        "velten",
    ] {
        let id = publish(
            &server,
            &anna,
            Post {
                municipality: place,
                title: "Stuhl abzugeben",
                ..Post::default()
            },
        )
        .await;
        expected.insert(0, id);
    }
    assert_eq!(ids(&server, "?sort=nearest&near=velten").await, expected);
    // Without a place, "nearest" cannot apply: newest first.
    assert_eq!(ids(&server, "?sort=nearest").await, expected);
    let from_north = ids(&server, "?sort=nearest&near=fuerstenberg-havel").await;
    assert_eq!(from_north.first(), expected.last());
}

#[tokio::test]
async fn pages_hold_twenty_posts_each_and_nothing_is_lost_between_them() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let mut created = Vec::new();
    for n in 0..45 {
        let title = format!("Teller Nummer {n}");
        created.push(
            publish(
                &server,
                &anna,
                Post {
                    category: "household",
                    title: &title,
                    ..Post::default()
                },
            )
            .await,
        );
    }
    let (total, first, body) = api(&server, "?category=household").await;
    assert_eq!((total, first.len()), (45, 20));
    assert_eq!(body["pages"], 3);
    let next = body["next_page"].as_str().unwrap_or_default().to_string();
    assert!(
        next.ends_with("/api/v1/posts?category=household&page=2"),
        "{next}"
    );
    let (_, second, _) = api(&server, "?category=household&page=2").await;
    let (_, third, body) = api(&server, "?category=household&page=3").await;
    assert_eq!(third.len(), 5);
    assert!(body["next_page"].is_null());
    let mut all: Vec<i64> = [first, second, third].concat();
    assert_eq!(all.len(), 45);
    all.sort();
    created.sort();
    assert_eq!(all, created, "every post exactly once");
    let (_, beyond, _) = api(&server, "?category=household&page=9").await;
    assert!(beyond.is_empty());
}

#[tokio::test]
async fn search_forgives_typos_and_knows_synonyms_inflections_and_categories() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let bike = publish(
        &server,
        &anna,
        Post {
            category: "bicycles",
            title: "Fahrrad für Kinder",
            description: "Ein blaues Rad, 20 Zoll.",
            ..Post::default()
        },
    )
    .await;
    let sofa = publish(
        &server,
        &anna,
        Post {
            title: "Sofa mit zwei Sitzen",
            ..Post::default()
        },
    )
    .await;
    let buggy = publish(
        &server,
        &anna,
        Post {
            category: "baby-and-child",
            title: "Buggy, zusammenklappbar",
            ..Post::default()
        },
    )
    .await;
    let moving = publish(
        &server,
        &anna,
        Post {
            kind: "need",
            category: "moving-help",
            title: "Wer trägt mit an?",
            description: "Wir ziehen am Samstag in den dritten Stock.",
            ..Post::default()
        },
    )
    .await;
    let _noise = publish(
        &server,
        &anna,
        Post {
            category: "clothing",
            title: "Schuhe Größe 38",
            ..Post::default()
        },
    )
    .await;

    for (words, expected) in [
        ("Fahrad", bike),        // typo
        ("Fahrräder", bike),     // inflected form
        ("fahrrädern", bike),    // another case ending
        ("Couch", sofa),         // synonym of the category
        ("Kinderwagen", buggy),  // synonym: a stroller is a buggy
        ("Umzugshilfe", moving), // the subcategory's name, not in the text
        ("Umzug", moving),       // a synonym of the subcategory
        ("Sofas", sofa),         // plural of a word in the title
        ("sitz", sofa),          // prefix of a word
    ] {
        let found = ids(
            &server,
            &format!("?q={}", app::domain::listing::encode(words)),
        )
        .await;
        assert_eq!(found, vec![expected], "searching {words:?}");
    }
    // Several words: posts with all of them; if none has all, any of them.
    assert_eq!(ids(&server, "?q=Sofa+Sitzen").await, vec![sofa]);
    assert_eq!(
        sorted(ids(&server, "?q=Sofa+Buggy").await),
        sorted(vec![sofa, buggy])
    );
    // A word in the title ranks above the same word in the category names only.
    let blue = publish(
        &server,
        &anna,
        Post {
            category: "bicycles",
            title: "Helm",
            description: "Passend zum Fahrrad.",
            ..Post::default()
        },
    )
    .await;
    assert_eq!(ids(&server, "?q=Fahrrad").await, vec![bike, blue]);
    // Words that match nothing find nothing, and odd input is no error.
    assert!(ids(&server, "?q=Zelt").await.is_empty());
    for odd in [
        "%22",
        "NEAR%28a",
        "*",
        "a+OR+b",
        "%E2%80%8F",
        "%3Cscript%3E",
    ] {
        api(&server, &format!("?q={odd}")).await;
    }
}

#[tokio::test]
async fn single_posts_and_categories_come_from_the_api() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let id = publish(
        &server,
        &anna,
        Post {
            title: "Tisch aus Holz",
            ..Post::default()
        },
    )
    .await;
    let post: Value = helferkreis_tests::client()
        .get(server.url(&format!("/api/v1/posts/{id}")))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .json()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(post["title"], "Tisch aus Holz");
    assert_eq!(post["status"], "open");
    let text = post.to_string();
    assert!(
        !text.contains("anna@example.org") && !text.contains("author"),
        "{text}"
    );
    for missing in ["/api/v1/posts/999999", "/api/v1/posts/abc"] {
        let status = helferkreis_tests::client()
            .get(server.url(missing))
            .send()
            .await
            .map(|r| r.status().as_u16())
            .unwrap_or_default();
        assert_eq!(status, 404, "{missing}");
    }
    let categories = helferkreis_tests::get_json(&server.url("/api/v1/categories")).await;
    assert_eq!(categories[0]["slug"], "goods");
    assert_eq!(categories[0]["children"][2]["name"]["de"], "Fahrräder");
}

#[tokio::test]
async fn the_feed_and_the_sitemap_list_the_open_posts() {
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    let sofa = publish(
        &server,
        &anna,
        Post {
            title: "Sofa & Sessel <groß>",
            ..Post::default()
        },
    )
    .await;
    let bike = publish(
        &server,
        &anna,
        Post {
            category: "bicycles",
            title: "Fahrrad",
            ..Post::default()
        },
    )
    .await;
    let closed = publish(
        &server,
        &anna,
        Post {
            title: "Schon weg",
            ..Post::default()
        },
    )
    .await;
    posts::finish(&server.running.state, &anna, closed, PostStatus::Closed)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|r| panic!("{r:?}"));
    let get = |path: &'static str| {
        let url = server.url(path);
        async move {
            let response = helferkreis_tests::client()
                .get(url)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(response.status(), 200, "{path}");
            response.text().await.unwrap_or_default()
        }
    };
    let feed = get("/feed.xml").await;
    assert!(
        feed.contains("<title>Sofa &amp; Sessel &lt;groß&gt;</title>"),
        "{feed}"
    );
    assert!(feed.contains(&format!("/posts/{bike}</id>")));
    assert!(!feed.contains(&format!("/posts/{closed}</id>")));
    let furniture = get("/feed.xml?category=furniture").await;
    assert!(furniture.contains(&format!("/posts/{sofa}</id>")));
    assert!(!furniture.contains(&format!("/posts/{bike}</id>")));
    let sitemap = get("/sitemap.xml").await;
    for id in [sofa, bike] {
        assert!(sitemap.contains(&format!("/posts/{id}</loc>")), "{sitemap}");
    }
    assert!(!sitemap.contains(&format!("/posts/{closed}</loc>")));

    // The sitemap is large: it is kept compressed and sent that way to clients that
    // accept gzip, and sent as is (not compressed again per request) to the others.
    let fetch = |encoding: &'static str| {
        let url = server.url("/sitemap.xml");
        async move {
            let response = helferkreis_tests::client()
                .get(url)
                .header("accept-encoding", encoding)
                .send()
                .await
                .unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(response.status(), 200, "{encoding}");
            let coding = response
                .headers()
                .get("content-encoding")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned);
            let body = response.bytes().await.unwrap_or_default();
            (coding, body)
        }
    };
    let (coding, zipped) = fetch("br;q=1, gzip;q=0.8").await;
    assert_eq!(coding.as_deref(), Some("gzip"));
    let mut unzipped = String::new();
    std::io::Read::read_to_string(
        &mut flate2::read::GzDecoder::new(&zipped[..]),
        &mut unzipped,
    )
    .unwrap_or_else(|e| panic!("not gzip: {e}"));
    assert_eq!(unzipped, sitemap);
    let (coding, plain) = fetch("br").await;
    assert_eq!(coding, None, "sent as is");
    assert_eq!(plain, sitemap.as_bytes());
}

#[tokio::test]
async fn demo_posts_cover_every_category_and_place_in_several_languages() {
    let server = TestServer::start("oberhavel").await;
    let state = &server.running.state;
    let written = server::seed::seed(state, 400, None, false)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(written, 400);
    assert_eq!(
        server::seed::seed(state, 400, None, true)
            .await
            .unwrap_or_else(|e| panic!("{e}")),
        0,
        "--if-empty"
    );
    let (total, _, _) = api(&server, "").await;
    assert_eq!(total, 400);
    let pool = state.db.pool();
    let distinct = |column: &'static str| async move {
        sqlx::query_as::<_, (i64,)>(&format!("SELECT COUNT(DISTINCT {column}) FROM posts"))
            .fetch_one(pool)
            .await
            .map(|r| r.0)
            .unwrap_or_default()
    };
    let categories: usize = state
        .tenant
        .categories
        .iter()
        .map(|c| 1 + c.children.len())
        .sum();
    assert_eq!(distinct("category").await as usize, categories);
    assert_eq!(
        distinct("municipality").await as usize,
        state.tenant.municipalities.len()
    );
    assert_eq!(distinct("language").await, 3);
    // The demo posts are searchable like any others.
    let (found, _, _) = api(&server, "?q=Kinderwagen").await;
    assert!(found > 0);
}

#[tokio::test]
async fn a_search_with_very_many_hits_ranks_the_newest_and_loses_none() {
    use app::ssr::db::posts::RANK_WINDOW;
    let server = TestServer::start("oberhavel").await;
    let anna = server.user("anna@example.org", Role::Member).await;
    fn stroller(title: &str) -> Post<'_> {
        Post {
            category: "baby-and-child",
            title,
            description: "Abholung in Oranienburg, gern auch am Wochenende nach Absprache.",
            ..Post::default()
        }
    }
    // The best match, but older than the newest RANK_WINDOW hits.
    let oldest = publish(
        &server,
        &anna,
        stroller("Kinderwagen, Kinderwagen, Kinderwagen"),
    )
    .await;
    let mut all = vec![oldest];
    for n in 0..RANK_WINDOW {
        let title = format!("Gebrauchter Kinderwagen Nummer {n}");
        all.push(publish(&server, &anna, stroller(&title)).await);
    }
    // As good a match, among the newest.
    let best = publish(
        &server,
        &anna,
        stroller("Kinderwagen, Kinderwagen, Kinderwagen"),
    )
    .await;
    all.push(best);

    let (total, first, body) = api(&server, "?q=Kinderwagen").await;
    assert_eq!(total, all.len() as u64);
    assert_eq!(
        first[0], best,
        "the best match among the newest comes first"
    );
    let pages = body["pages"].as_u64().unwrap_or_default();
    let mut found = first;
    for page in 2..=pages {
        found.extend(ids(&server, &format!("?q=Kinderwagen&page={page}")).await);
    }
    assert_eq!(
        found.last(),
        Some(&oldest),
        "older hits follow, newest first"
    );
    assert_eq!(sorted(found), sorted(all), "every hit exactly once");
}

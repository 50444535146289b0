//! `GET /api/v1/stats`: the figures equal counts made here from what the test seeded,
//! and no figure of a cell with fewer than five people is published.
use app::domain::account::Role;
use app::domain::post::{PostDraft, PostKind, PostStatus, Urgency};
use app::domain::site::HelpKind;
use app::domain::stats::week_start;
use app::ssr::db::{now, posts};
use helferkreis_tests::{TestServer, client, get_json};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One seeded post: (author number, kind, category, municipality, status, conversations).
type Seed = (
    usize,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
);

/// Counted here: the people, posts, fulfilled needs and conversations of one cell.
type Counted = (BTreeSet<usize>, i64, i64, i64);

fn seeds() -> Vec<Seed> {
    let mut seeds = Vec::new();
    // Six people offer furniture in Oranienburg; two of them twice. 7 conversations.
    for person in 0..6 {
        seeds.push((person, "offer", "furniture", "oranienburg", "open", 1));
    }
    seeds.push((0, "offer", "furniture", "oranienburg", "in_contact", 1));
    seeds.push((1, "offer", "furniture", "oranienburg", "closed", 0));
    // Six people need a ride in Velten; five are fulfilled. 2 conversations: suppressed.
    for person in 6..12 {
        let status = if person < 11 { "fulfilled" } else { "open" };
        seeds.push((
            person,
            "need",
            "rides",
            "velten",
            status,
            usize::from(person < 8),
        ));
    }
    // Two people in Hennigsdorf: the whole cell is suppressed.
    seeds.push((12, "offer", "clothing", "hennigsdorf", "open", 3));
    seeds.push((13, "offer", "clothing", "hennigsdorf", "open", 3));
    // Never published: not counted at all.
    for person in 0..6 {
        seeds.push((person, "offer", "bicycles", "velten", "pending", 0));
    }
    seeds
}

fn status(code: &str) -> PostStatus {
    match code {
        "open" => PostStatus::Open,
        "in_contact" => PostStatus::InContact,
        "fulfilled" => PostStatus::Fulfilled,
        "closed" => PostStatus::Closed,
        _ => PostStatus::Pending,
    }
}

#[tokio::test]
async fn figures_equal_independent_counts_and_small_cells_are_suppressed() {
    let server = TestServer::start("oberhavel").await;
    let mut authors = Vec::new();
    for n in 0..14 {
        authors.push(
            server
                .user(&format!("p{n}@example.org"), Role::Member)
                .await
                .id,
        );
    }
    let helpers = [
        server.user("h1@example.org", Role::Member).await.id,
        server.user("h2@example.org", Role::Member).await.id,
        server.user("h3@example.org", Role::Member).await.id,
    ];
    let pool = server.running.state.db.pool();
    let mut conn = pool.acquire().await.unwrap_or_else(|e| panic!("{e}"));
    let at = now();
    for (person, kind, category, place, code, conversations) in seeds() {
        let draft = PostDraft {
            kind: if kind == "offer" {
                PostKind::Offer
            } else {
                PostKind::Need
            },
            help: if category == "rides" {
                HelpKind::Time
            } else {
                HelpKind::Goods
            },
            category: category.into(),
            municipality: place.into(),
            title: "Statistik".into(),
            description: String::new(),
            quantity: None,
            availability: None,
            urgency: Urgency::Normal,
            language: "de".into(),
            for_whom: None,
            organisation: None,
        };
        let start = posts::Start {
            status: status(code),
            reviewed: code != "pending",
        };
        let id = posts::insert(&mut conn, authors[person], &draft, start, at, at + 86_400)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        for helper in helpers.iter().take(conversations) {
            sqlx::query(
                "INSERT INTO conversations (post_id, helper_id, status, created_at, last_message_at) \
                 VALUES ($1, $2, 'open', $3, $3)",
            )
            .bind(id)
            .bind(*helper)
            .bind(at)
            .execute(&mut *conn)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        }
    }

    // Independent counts from the seed list.
    let mut expected: BTreeMap<(&str, &str, &str), Counted> = BTreeMap::new();
    for (person, kind, category, place, code, conversations) in seeds() {
        if code == "pending" {
            continue;
        }
        let cell = expected.entry((category, place, kind)).or_default();
        cell.0.insert(person);
        cell.1 += 1;
        cell.2 += i64::from(kind == "need" && code == "fulfilled");
        cell.3 += conversations as i64;
    }
    let shown = |n: i64, people: usize| (people >= 5 && !(1..5).contains(&n)).then_some(n);

    let body = get_json(&server.url("/api/v1/stats")).await;
    let rows = body["rows"].as_array().cloned().unwrap_or_default();
    assert_eq!(rows.len(), expected.len(), "{body}");
    let (y, m, d) = app::domain::locale::civil_date(week_start(at));
    let week = format!("{y}-{m:02}-{d:02}");
    for ((category, place, kind), (people, posts, fulfilled, conversations)) in &expected {
        let row = rows
            .iter()
            .find(|r| {
                r["category"] == *category && r["municipality"] == *place && r["kind"] == *kind
            })
            .unwrap_or_else(|| panic!("no row for {category}/{place}/{kind}: {body}"));
        let people_n = people.len();
        assert_eq!(row["week"], week.as_str());
        let figure = |v: &Value| v.as_i64();
        assert_eq!(
            figure(&row["people"]),
            shown(people_n as i64, people_n),
            "{row}"
        );
        assert_eq!(figure(&row["posts"]), shown(*posts, people_n), "{row}");
        assert_eq!(
            figure(&row["needs_fulfilled"]),
            shown(*fulfilled, people_n),
            "{row}"
        );
        assert_eq!(
            figure(&row["conversations"]),
            shown(*conversations, people_n),
            "{row}"
        );
    }
    // Spelled out, so the rule above cannot hide a mistake.
    let furniture = rows
        .iter()
        .find(|r| r["category"] == "furniture")
        .cloned()
        .unwrap_or_default();
    assert_eq!(
        (furniture["people"].as_i64(), furniture["posts"].as_i64()),
        (Some(6), Some(8))
    );
    assert_eq!(furniture["conversations"].as_i64(), Some(7));
    let rides = rows
        .iter()
        .find(|r| r["category"] == "rides")
        .cloned()
        .unwrap_or_default();
    assert_eq!(rides["needs_fulfilled"].as_i64(), Some(5));
    assert!(rides["conversations"].is_null() && rides["suppressed"] == true);
    let clothing = rows
        .iter()
        .find(|r| r["category"] == "clothing")
        .cloned()
        .unwrap_or_default();
    for field in ["people", "posts", "needs_fulfilled", "conversations"] {
        assert!(
            clothing[field].is_null(),
            "{field} of a two-person cell: {clothing}"
        );
    }
    assert!(
        !body.to_string().contains("bicycles"),
        "unpublished posts counted: {body}"
    );

    // The CSV has the same rows.
    let response = client()
        .get(server.url("/api/v1/stats?format=csv"))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap_or("")
            .starts_with("text/csv")
    );
    let csv = response.text().await.unwrap_or_default();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "week,category,municipality,kind,people,posts,needs_fulfilled,conversations,suppressed"
    );
    assert_eq!(lines.len(), expected.len() + 1, "{csv}");
    assert!(
        lines.contains(&format!("{week},furniture,oranienburg,offer,6,8,0,7,false").as_str()),
        "{csv}"
    );
    assert!(
        lines.contains(&format!("{week},clothing,hennigsdorf,offer,,,,,true").as_str()),
        "{csv}"
    );
    let bad = client()
        .get(server.url("/api/v1/stats?weeks=0"))
        .send()
        .await;
    assert_eq!(bad.map(|r| r.status().as_u16()).unwrap_or(0), 400);
}

//! Organisations and their coordinators (see migrations/sqlite/0015).
use super::posts::{COLUMNS, PostRecord};
use crate::domain::organisation::OrganisationDraft;
use sqlx::AnyConnection;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrganisationRecord {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub municipality: String,
    pub description: String,
    pub contact_email: String,
}

const ORG_COLUMNS: &str = "id, slug, name, kind, municipality, description, contact_email";

/// A list line: the organisation and how many open posts it has.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SummaryRecord {
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub municipality: String,
    pub open_posts: i64,
}

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MemberRecord {
    pub user_id: i64,
    pub display_name: String,
    pub email: String,
}

pub async fn by_slug(
    conn: &mut AnyConnection,
    slug: &str,
) -> Result<Option<OrganisationRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ORG_COLUMNS} FROM organisations WHERE slug = $1"
    ))
    .bind(slug)
    .fetch_optional(&mut *conn)
    .await
}

pub async fn by_id(
    conn: &mut AnyConnection,
    id: i64,
) -> Result<Option<OrganisationRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {ORG_COLUMNS} FROM organisations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
}

/// Every organisation by name, with its open posts counted.
pub async fn summaries(conn: &mut AnyConnection) -> Result<Vec<SummaryRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.slug, o.name, o.kind, o.municipality, \
         (SELECT COUNT(*) FROM posts p WHERE p.organisation_id = o.id \
          AND p.status IN ('open', 'in_contact')) AS open_posts \
         FROM organisations o ORDER BY o.name",
    )
    .fetch_all(&mut *conn)
    .await
}

/// Whether a slug is taken by another organisation than `except`.
pub async fn slug_taken(
    conn: &mut AnyConnection,
    slug: &str,
    except: Option<i64>,
) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM organisations WHERE slug = $1 AND id <> $2")
            .bind(slug)
            .bind(except.unwrap_or(0))
            .fetch_one(&mut *conn)
            .await?;
    Ok(n > 0)
}

pub async fn insert(
    conn: &mut AnyConnection,
    draft: &OrganisationDraft,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO organisations (slug, name, kind, municipality, description, contact_email, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(&draft.slug)
    .bind(&draft.name)
    .bind(draft.kind.as_str())
    .bind(&draft.municipality)
    .bind(&draft.description)
    .bind(&draft.contact_email)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    Ok(id)
}

pub async fn update(
    conn: &mut AnyConnection,
    id: i64,
    draft: &OrganisationDraft,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE organisations SET slug = $1, name = $2, kind = $3, municipality = $4, \
         description = $5, contact_email = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(&draft.slug)
    .bind(&draft.name)
    .bind(draft.kind.as_str())
    .bind(&draft.municipality)
    .bind(&draft.description)
    .bind(&draft.contact_email)
    .bind(now)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn members(
    conn: &mut AnyConnection,
    organisation_id: i64,
) -> Result<Vec<MemberRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT u.id AS user_id, u.display_name, u.email FROM organisation_members m \
         JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY u.display_name",
    )
    .bind(organisation_id)
    .fetch_all(&mut *conn)
    .await
}

/// The organisations `user_id` may post for, by name.
pub async fn of_member(
    conn: &mut AnyConnection,
    user_id: i64,
) -> Result<Vec<OrganisationRecord>, sqlx::Error> {
    sqlx::query_as(
        "SELECT o.id, o.slug, o.name, o.kind, o.municipality, o.description, o.contact_email \
         FROM organisations o JOIN organisation_members m ON m.organisation_id = o.id \
         WHERE m.user_id = $1 ORDER BY o.name",
    )
    .bind(user_id)
    .fetch_all(&mut *conn)
    .await
}

pub async fn is_member(
    conn: &mut AnyConnection,
    organisation_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM organisation_members WHERE organisation_id = $1 AND user_id = $2",
    )
    .bind(organisation_id)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    Ok(n > 0)
}

/// Adds a coordinator; false when they already were one of its coordinators.
pub async fn add_member(
    conn: &mut AnyConnection,
    organisation_id: i64,
    user_id: i64,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO organisation_members (organisation_id, user_id, added_at) VALUES ($1, $2, $3) \
         ON CONFLICT DO NOTHING",
    )
    .bind(organisation_id)
    .bind(user_id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Removes a coordinator; false when they were not one.
pub async fn remove_member(
    conn: &mut AnyConnection,
    organisation_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("DELETE FROM organisation_members WHERE organisation_id = $1 AND user_id = $2")
            .bind(organisation_id)
            .bind(user_id)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// Its open posts (what anyone may see in a listing), newest first.
pub async fn open_posts(
    conn: &mut AnyConnection,
    organisation_id: i64,
    limit: u32,
) -> Result<Vec<PostRecord>, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM posts WHERE organisation_id = $1 \
         AND status IN ('open', 'in_contact') ORDER BY created_at DESC, id DESC LIMIT $2"
    ))
    .bind(organisation_id)
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await
}

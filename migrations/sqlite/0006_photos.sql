-- Photos of posts, re-encoded without any metadata (see app/src/ssr/photos). Kept in the
-- database, not in files, so a backup or a second server instance has them too, and a
-- rejected upload can never leave a half-written file behind.
CREATE TABLE photos (
    -- AUTOINCREMENT: an id is never reused, so a photo address can be cached forever.
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    -- A short description for people who cannot see the picture (alt text).
    alt TEXT NOT NULL DEFAULT '',
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    display BLOB NOT NULL,
    thumb BLOB NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX photos_post ON photos (post_id, id);

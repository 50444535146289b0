-- Offers and needs. Deleting an account deletes its posts (foreign keys are on).
CREATE TABLE posts (
    id INTEGER PRIMARY KEY,
    author_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    help TEXT NOT NULL,
    category TEXT NOT NULL,
    municipality TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    quantity INTEGER,
    availability TEXT,
    urgency TEXT NOT NULL,
    language TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    closed_at BIGINT
);
CREATE INDEX posts_listing ON posts (status, kind, created_at);
CREATE INDEX posts_author ON posts (author_id);

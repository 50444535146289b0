-- Saved searches: a signed-in person keeps the filters and words of a listing and gets
-- a mail digest of new matching posts, immediately (within minutes), daily or weekly.
CREATE TABLE saved_searches (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The listing's query string as the listing pages read it, e.g. kind=offer&q=Sofa.
    query TEXT NOT NULL,
    -- immediate, daily or weekly.
    frequency TEXT NOT NULL,
    -- The secret in every digest's unsubscribe link (works without signing in). It can
    -- only stop this one alert.
    unsubscribe_token TEXT NOT NULL UNIQUE,
    -- Posts up to this id were reported already (or existed when the search was saved).
    seen_post_id BIGINT NOT NULL,
    next_due_at BIGINT NOT NULL,
    last_sent_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX saved_searches_due ON saved_searches (next_due_at);
CREATE INDEX saved_searches_user ON saved_searches (user_id);

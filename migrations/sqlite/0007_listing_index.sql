-- Listings filter active posts by kind and order them by date; this index answers the
-- filter, the count and the order without reading the posts themselves.
CREATE INDEX posts_active ON posts (kind, status, created_at, expires_at);
-- The same without a kind (the API, search over both kinds).
CREATE INDEX posts_recent ON posts (status, created_at, expires_at);

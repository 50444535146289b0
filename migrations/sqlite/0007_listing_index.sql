-- Listings filter active posts by kind and order them by date; this index answers the
-- filter, the count and the order without reading the posts themselves.
CREATE INDEX posts_active ON posts (kind, status, created_at, expires_at);

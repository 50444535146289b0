-- When the author was reminded that the post expires soon (NULL: not yet / renewed).
ALTER TABLE posts ADD COLUMN reminded_at BIGINT;
CREATE INDEX posts_expiry ON posts (status, expires_at);

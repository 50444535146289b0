-- Accounts, one-time tokens, the mail outbox and rate-limit counters.
-- Times are Unix seconds (portable between SQLite and PostgreSQL).

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- Stored lower-case; never shown on public pages.
    email TEXT NOT NULL UNIQUE,
    -- A pseudonym is fine; this is what other people see.
    display_name TEXT NOT NULL,
    -- argon2id PHC string; NULL until a password is set (create-admin with a link).
    password_hash TEXT,
    role TEXT NOT NULL DEFAULT 'member',
    locale TEXT NOT NULL,
    municipality TEXT,
    notify_messages INTEGER NOT NULL DEFAULT 1,
    notify_matches INTEGER NOT NULL DEFAULT 1,
    email_verified_at BIGINT,
    -- Bumped on password change: every session that carries an older value is void.
    session_epoch INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    last_login_at BIGINT
);

-- Links sent by mail. Only the SHA-256 of each token is stored.
CREATE TABLE auth_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX auth_tokens_user ON auth_tokens (user_id, purpose);

-- Written in the same transaction as the action that causes the mail; drained by a
-- background job with retries. The row carries the finished mail, so it survives the
-- deletion of the account it was written for (the deletion confirmation).
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    recipient TEXT NOT NULL,
    locale TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until BIGINT,
    sent_at BIGINT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);

-- Fixed-window counters. `key` is a SHA-256 of purpose + IP or account, so no address
-- is stored in clear; rows are removed once their window is long over.
CREATE TABLE rate_limits (
    key TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    hits INTEGER NOT NULL
);

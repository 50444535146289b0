-- Moderation: posts are reviewed before they are published (pre-moderation: status
-- 'pending' until a moderator approves) or after (post-moderation: published at once,
-- waiting in the review queue until a moderator has looked at them). Rejected and
-- removed posts keep the moderator's reason, which their author sees and gets by mail.

-- When the author sent the post. `created_at` is when it was published: an approved
-- post moves to the top of the listings and its expiry starts from the approval.
ALTER TABLE posts ADD COLUMN submitted_at BIGINT;
UPDATE posts SET submitted_at = created_at;
ALTER TABLE posts ADD COLUMN reviewed_at BIGINT;
ALTER TABLE posts ADD COLUMN reviewed_by INTEGER REFERENCES users (id) ON DELETE SET NULL;
-- Posts from before moderation existed count as reviewed.
UPDATE posts SET reviewed_at = created_at;
ALTER TABLE posts ADD COLUMN moderation_reason TEXT;
-- The review queue: unreviewed posts, oldest first.
CREATE INDEX posts_review_queue ON posts (submitted_at) WHERE reviewed_at IS NULL;

-- A blocked account cannot log in; its open posts are hidden (status 'hidden') until
-- it is unblocked.
ALTER TABLE users ADD COLUMN blocked_at BIGINT;

-- Reports on posts, messages, people and whole conversations. `snapshot` keeps the
-- reported content as it was, so a later edit or deletion does not empty the report.
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    -- post, message, user or conversation
    target TEXT NOT NULL,
    target_id INTEGER NOT NULL,
    -- The person the report is about (the post's author, the message's sender…).
    subject_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reporter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- One of the fixed reasons (spam, offensive, …), and the reporter's own words.
    reason TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    snapshot TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    handled_at BIGINT,
    handled_by INTEGER REFERENCES users (id) ON DELETE SET NULL,
    -- dismissed, removed, warned or blocked
    outcome TEXT
);
CREATE INDEX reports_open ON reports (created_at) WHERE handled_at IS NULL;

-- Conversation reports move into the common table (their reason was free text).
INSERT INTO reports (target, target_id, subject_id, reporter_id, reason, note, snapshot, created_at, handled_at)
SELECT 'conversation', COALESCE(conversation_id, 0), NULL, reporter_id, 'other', reason, transcript,
       created_at, handled_at
FROM conversation_reports;
DROP TABLE conversation_reports;

-- Everything moderators and admins do: who, what, when, why. Names are copied so an
-- entry stays readable after the account is deleted.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    actor_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    actor_name TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    target_id INTEGER,
    reason TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL
);
CREATE INDEX audit_log_time ON audit_log (created_at);

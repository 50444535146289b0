-- Conversations: one per post and person who answered it ("I can help" on a need,
-- "I'm interested" on an offer). The post's author is the other side. Neither side's
-- email address is ever shown; they talk here.
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    post_id INTEGER NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
    -- The person who answered the post.
    helper_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- open, accepted (the author chose this helper), done (both sides are finished).
    status TEXT NOT NULL DEFAULT 'open',
    created_at BIGINT NOT NULL,
    accepted_at BIGINT,
    done_at BIGINT,
    -- The newest message, for ordering the list.
    last_message_at BIGINT NOT NULL,
    UNIQUE (post_id, helper_id)
);
CREATE INDEX conversations_helper ON conversations (helper_id, last_message_at);
CREATE INDEX conversations_post ON conversations (post_id);

-- Plain text; shown escaped, links not followed automatically.
CREATE TABLE messages (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    sender_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    -- Set when a moderator removes the message (its text is then never shown or mailed).
    removed_at BIGINT
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);

-- How far each side has read (the newest message id seen), for unread counts.
CREATE TABLE conversation_reads (
    conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    last_read_id INTEGER NOT NULL,
    PRIMARY KEY (conversation_id, user_id)
);

-- A person who does not want to be contacted by another.
CREATE TABLE blocks (
    blocker_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    blocked_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (blocker_id, blocked_id)
);

-- A conversation reported to the moderators. The report keeps a copy of the messages as
-- they were, so removing or deleting them later does not empty the report.
CREATE TABLE conversation_reports (
    id INTEGER PRIMARY KEY,
    conversation_id INTEGER REFERENCES conversations (id) ON DELETE SET NULL,
    reporter_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    reason TEXT NOT NULL,
    transcript TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    handled_at BIGINT
);

-- For the statistics: when a post got its first answer from someone else.
ALTER TABLE posts ADD COLUMN first_response_at BIGINT;

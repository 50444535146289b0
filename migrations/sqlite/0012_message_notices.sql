-- Mail notifications for new messages, bundled: a message is `noticed` once a mail has
-- told its recipient about it (or the recipient read it first, or wants no such mails).
-- The mails never carry the text of a message.
ALTER TABLE messages ADD COLUMN noticed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX messages_unnoticed ON messages (created_at) WHERE noticed = 0;

-- When each person was last mailed about new messages (at most one mail per half hour).
CREATE TABLE message_notices (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    sent_at BIGINT NOT NULL
);

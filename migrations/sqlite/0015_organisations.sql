-- Organisations: initiatives, welcome circles and associations with a public profile.
-- Admins create them and name their coordinators; a coordinator may post in the name of
-- an organisation they belong to. `contact_email` receives the profile's contact form and
-- is never shown on a page.
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    municipality TEXT NOT NULL,
    description TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE organisation_members (
    organisation_id INTEGER NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    added_at BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX organisation_members_user ON organisation_members (user_id);

-- A post written in an organisation's name. Deleting the organisation keeps the post
-- (it becomes its author's own again).
ALTER TABLE posts ADD COLUMN organisation_id INTEGER REFERENCES organisations (id) ON DELETE SET NULL;
CREATE INDEX posts_organisation ON posts (organisation_id, status);

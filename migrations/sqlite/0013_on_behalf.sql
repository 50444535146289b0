-- Coordinators (social workers, Helferkreis leads) post for people without an account or
-- email. This note says whom a post is for; only its author and moderators see it.
ALTER TABLE posts ADD COLUMN on_behalf_of TEXT;

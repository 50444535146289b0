-- Saved searches reported the posts with a higher id than the newest one reported, so a
-- post that a moderator approved after a later post had been reported was never mailed
-- (its id is lower). They now also report posts published (`created_at`, which an
-- approval sets) after the newest reported post was: `seen_published`.
ALTER TABLE saved_searches ADD COLUMN seen_published BIGINT NOT NULL DEFAULT 0;
UPDATE saved_searches SET seen_published = COALESCE(
    (SELECT MAX(p.created_at) FROM posts p WHERE p.id <= saved_searches.seen_post_id),
    created_at);

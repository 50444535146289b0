-- Full-text index of active posts. The application analyses text itself (folding,
-- stemming; see app/src/ssr/search/analyze.rs) and stores ready-made terms, so the
-- index keeps no copy of the text (contentless) and rowid is the post id.
-- Columns: title, body (description and availability), category (names and search
-- synonyms of the category and its parent in every language).
CREATE VIRTUAL TABLE posts_fts USING fts5(
    title, body, category,
    tokenize = 'unicode61',
    content = '',
    contentless_delete = 1
);
-- Every term the index holds: the vocabulary for typo correction.
CREATE VIRTUAL TABLE posts_fts_terms USING fts5vocab(posts_fts, 'row');
-- A deleted post (e.g. its author deleted the account) leaves the index with it.
CREATE TRIGGER posts_fts_forget AFTER DELETE ON posts BEGIN
    DELETE FROM posts_fts WHERE rowid = old.id;
END;

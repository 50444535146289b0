-- Facts about the database itself. `tenant_slug` binds a database to one district so
-- that a database is never served with another district's tenant folder by mistake.
CREATE TABLE app_meta (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

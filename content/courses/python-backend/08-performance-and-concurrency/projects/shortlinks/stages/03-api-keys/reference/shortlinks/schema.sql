-- Shortlinks schema. Run on every start: each statement must be safe to run again.

CREATE TABLE IF NOT EXISTS users (
    id   INTEGER PRIMARY KEY,
    name TEXT    NOT NULL UNIQUE
);

-- Only a SHA-256 of each key is kept: a copy of the database does not let anyone in.
CREATE TABLE IF NOT EXISTS api_keys (
    key_hash TEXT    PRIMARY KEY,
    user_id  INTEGER NOT NULL REFERENCES users (id)
);

CREATE TABLE IF NOT EXISTS links (
    id        INTEGER PRIMARY KEY,
    slug      TEXT    NOT NULL UNIQUE,          -- case-sensitive: 'Spring' <> 'spring'
    url       TEXT    NOT NULL,
    permanent INTEGER NOT NULL DEFAULT 0 CHECK (permanent IN (0, 1)),
    owner_id  INTEGER REFERENCES users (id)     -- NULL: an anonymous link
);

CREATE INDEX IF NOT EXISTS links_by_owner ON links (owner_id);

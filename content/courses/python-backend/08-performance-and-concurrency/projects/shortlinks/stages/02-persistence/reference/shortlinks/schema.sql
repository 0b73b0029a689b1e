-- Shortlinks schema. Run on every start: each statement must be safe to run again.

CREATE TABLE IF NOT EXISTS links (
    id        INTEGER PRIMARY KEY,
    slug      TEXT    NOT NULL UNIQUE,          -- case-sensitive: 'Spring' <> 'spring'
    url       TEXT    NOT NULL,
    permanent INTEGER NOT NULL DEFAULT 0 CHECK (permanent IN (0, 1))
);

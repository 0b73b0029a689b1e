-- One row per job. AUTOINCREMENT: an id is never given out twice, even after the newest job
-- was deleted by hand, so a log line that names job 42 always means the same job.
CREATE TABLE IF NOT EXISTS jobs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key         TEXT,                             -- idempotency key
    name        TEXT    NOT NULL,
    args        TEXT    NOT NULL,                 -- JSON list
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'running', 'done', 'dead')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    run_at      REAL    NOT NULL,                 -- due from this time on (clock seconds)
    lease_until REAL,                             -- while running: the claim lapses then
    attempt_id  TEXT,                             -- who holds the job now (new at each claim)
    result      TEXT,                             -- JSON
    last_error  TEXT
);

-- What claim() looks for: due pending jobs, and running jobs whose lease ran out.
CREATE INDEX IF NOT EXISTS jobs_by_status_and_time ON jobs (status, run_at);

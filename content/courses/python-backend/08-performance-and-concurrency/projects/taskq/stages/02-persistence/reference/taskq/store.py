"""Where jobs live: one SQLite file (or ":memory:"). Every method is one transaction that is
committed before it returns, so another Queue on the same file (another process, or this one
after a restart) sees the change at once."""
import json
import sqlite3
from contextlib import contextmanager
from pathlib import Path

SCHEMA = Path(__file__).with_name("schema.sql")
LEASE_EXPIRED = "LeaseExpired: the worker holding the job stopped before finishing it"


class Store:
    def __init__(self, path):
        # isolation_level=None: no transaction is opened behind our back; we open them ourselves.
        self._db = sqlite3.connect(path, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA.read_text(encoding="utf-8"))

    def close(self):
        self._db.close()

    @contextmanager
    def _transaction(self):
        # IMMEDIATE takes the write lock at once: two queues claiming at the same moment
        # cannot both read the same pending job and both take it.
        self._db.execute("BEGIN IMMEDIATE")
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def add(self, name, args, run_at):
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO jobs (name, args, run_at) VALUES (?, ?, ?)", (name, json.dumps(list(args)), run_at)
            )
            return cursor.lastrowid

    def get(self, job_id):
        row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row is not None else None

    def dead(self):
        rows = self._db.execute("SELECT * FROM jobs WHERE status = 'dead' ORDER BY id").fetchall()
        return [_job(row) for row in rows]

    def claim(self, now, lease_seconds, max_attempts):
        """Takes the job that has been due longest: a pending job whose run_at has come, or a
        running job whose lease ran out (its worker died). None when nothing is due."""
        with self._transaction() as db:
            # A lapsed claim on the last attempt: the job used up its attempts.
            db.execute(
                "UPDATE jobs SET status = 'dead', lease_until = NULL, last_error = ?"
                " WHERE status = 'running' AND lease_until <= ? AND attempts >= ?",
                (LEASE_EXPIRED, now, max_attempts),
            )
            row = db.execute(
                "SELECT id FROM jobs"
                " WHERE (status = 'pending' AND run_at <= ?) OR (status = 'running' AND lease_until <= ?)"
                " ORDER BY run_at, id LIMIT 1",
                (now, now),
            ).fetchone()
            if row is None:
                return None
            db.execute(
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ? WHERE id = ?",
                (now + lease_seconds, row["id"]),
            )
            return self.get(row["id"])

    def finish(self, job_id, result):
        """Marks a running job done; False if it was not running."""
        encoded = json.dumps(result)
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = 'done', result = ?, lease_until = NULL WHERE id = ? AND status = 'running'",
                (encoded, job_id),
            )
            return cursor.rowcount == 1

    def retry(self, job_id, error, run_at):
        """Puts a running job back to pending, due at run_at; False if it was not running."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = 'pending', run_at = ?, last_error = ?, lease_until = NULL"
                " WHERE id = ? AND status = 'running'",
                (run_at, error, job_id),
            )
            return cursor.rowcount == 1

    def bury(self, job_id, error):
        """Moves a running job to the dead letters; False if it was not running."""
        with self._transaction() as db:
            cursor = db.execute(
                "UPDATE jobs SET status = 'dead', last_error = ?, lease_until = NULL WHERE id = ? AND status = 'running'",
                (error, job_id),
            )
            return cursor.rowcount == 1


def _job(row):
    job = dict(row)
    job["args"] = json.loads(job["args"])
    job["result"] = json.loads(job["result"]) if job["result"] is not None else None
    return job

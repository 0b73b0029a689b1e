"""Where jobs live: one SQLite file (or ":memory:"). Every method is one transaction that is
committed before it returns, so another Queue on the same file (another process, or this one
after a restart) sees the change at once.

One connection serves every thread of the process; a lock makes its users take turns (an
sqlite3 connection must not run two statements at once)."""
import json
import math
import secrets
import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path

SCHEMA = Path(__file__).with_name("schema.sql")
LEASE_EXPIRED = "LeaseExpired: the worker holding the job stopped before finishing it"


class Store:
    def __init__(self, path):
        # isolation_level=None: no transaction is opened behind our back; we open them ourselves.
        self._db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self._lock = threading.RLock()
        self._db.row_factory = sqlite3.Row
        self._db.executescript(SCHEMA.read_text(encoding="utf-8"))

    def close(self):
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self):
        # IMMEDIATE takes the write lock at once: two queues claiming at the same moment
        # cannot both read the same pending job and both take it; within this process, the lock
        # does the same for threads sharing the connection.
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def add(self, name, args, run_at, key=None):
        """Inserts a job and returns its id; with a key that is already taken, returns the id of
        that key's job and inserts nothing."""
        encoded = json.dumps(list(args))
        with self._transaction() as db:
            if key is not None:
                row = db.execute("SELECT id FROM jobs WHERE key = ?", (key,)).fetchone()
                if row is not None:
                    return row["id"]
            cursor = db.execute(
                "INSERT INTO jobs (key, name, args, run_at) VALUES (?, ?, ?, ?)", (key, name, encoded, run_at)
            )
            return cursor.lastrowid

    def get(self, job_id):
        with self._lock:
            row = self._db.execute("SELECT * FROM jobs WHERE id = ?", (job_id,)).fetchone()
        return _job(row) if row is not None else None

    def dead(self):
        with self._lock:
            rows = self._db.execute("SELECT * FROM jobs WHERE status = 'dead' ORDER BY id").fetchall()
        return [_job(row) for row in rows]

    # -- schedules -----------------------------------------------------------------------

    def add_schedule(self, name, args, every, first_run_at):
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO schedules (name, args, every, next_run_at) VALUES (?, ?, ?, ?)",
                (name, json.dumps(list(args)), every, first_run_at),
            )
            return cursor.lastrowid

    def remove_schedule(self, schedule_id):
        with self._transaction() as db:
            return db.execute("DELETE FROM schedules WHERE id = ?", (schedule_id,)).rowcount == 1

    def _enqueue_occurrences(self, db, now):
        """One job for each schedule whose time has come. Occurrences that were missed (nobody
        ran the queue for a while) are coalesced into that one job, and the next occurrence
        stays on the schedule's grid: first_run_at + k * every, never `now + every`."""
        for schedule in db.execute("SELECT * FROM schedules WHERE next_run_at <= ?", (now,)).fetchall():
            slot, every = schedule["next_run_at"], schedule["every"]
            db.execute(
                "INSERT OR IGNORE INTO jobs (key, name, args, run_at) VALUES (?, ?, ?, ?)",
                (f"schedule-{schedule['id']}-{slot!r}", schedule["name"], schedule["args"], slot),
            )
            missed = math.floor((now - slot) / every)
            db.execute(
                "UPDATE schedules SET next_run_at = ? WHERE id = ?", (slot + (missed + 1) * every, schedule["id"])
            )

    def next_due(self):
        """The earliest time at which claim() may find something: a pending job's run_at, a
        lease's end or a schedule's next occurrence. None when there is nothing at all."""
        with self._lock:
            row = self._db.execute(
                "SELECT min(t) FROM ("
                " SELECT min(run_at) AS t FROM jobs WHERE status = 'pending'"
                " UNION ALL SELECT min(lease_until) FROM jobs WHERE status = 'running'"
                " UNION ALL SELECT min(next_run_at) FROM schedules)"
            ).fetchone()
            return row[0]

    # -- the worker's side ---------------------------------------------------------------

    def claim(self, now, lease_seconds, max_attempts):
        """Takes the job that has been due longest: a pending job whose run_at has come, or a
        running job whose lease ran out (its worker died). None when nothing is due."""
        with self._transaction() as db:
            self._enqueue_occurrences(db, now)
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
                "UPDATE jobs SET status = 'running', attempts = attempts + 1, lease_until = ?, attempt_id = ?"
                " WHERE id = ?",
                (now + lease_seconds, secrets.token_hex(8), row["id"]),
            )
            return self.get(row["id"])

    # finish, retry and bury change a job only for the attempt that holds it now: a worker
    # whose lease ran out (and whose job another worker took) gets False and changes nothing.
    # That is how a result is stored once although a job may run twice.

    def finish(self, job_id, attempt_id, result):
        """Marks the job done with its result; False if `attempt_id` no longer holds it."""
        return self._settle(
            "UPDATE jobs SET status = 'done', result = ?, lease_until = NULL"
            " WHERE id = ? AND status = 'running' AND attempt_id = ?",
            (json.dumps(result), job_id, attempt_id),
        )

    def retry(self, job_id, attempt_id, error, run_at):
        """Puts the job back to pending, due at run_at; False if `attempt_id` no longer holds it."""
        return self._settle(
            "UPDATE jobs SET status = 'pending', run_at = ?, last_error = ?, lease_until = NULL"
            " WHERE id = ? AND status = 'running' AND attempt_id = ?",
            (run_at, error, job_id, attempt_id),
        )

    def bury(self, job_id, attempt_id, error):
        """Moves the job to the dead letters; False if `attempt_id` no longer holds it."""
        return self._settle(
            "UPDATE jobs SET status = 'dead', last_error = ?, lease_until = NULL"
            " WHERE id = ? AND status = 'running' AND attempt_id = ?",
            (error, job_id, attempt_id),
        )

    def _settle(self, statement, values):
        with self._transaction() as db:
            return db.execute(statement, values).rowcount == 1


def _job(row):
    job = dict(row)
    job["args"] = json.loads(job["args"])
    job["result"] = json.loads(job["result"]) if job["result"] is not None else None
    return job

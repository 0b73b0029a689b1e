import re
import sqlite3

import pytest

from event_index import count_kind_since, find_user, migrate, recent_events

DB_SCHEMA = """
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);
CREATE TABLE events (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, kind TEXT NOT NULL,
                     created_at TEXT NOT NULL, payload TEXT);
INSERT INTO users (id, email) VALUES (1, 'Ada@Example.org'), (2, 'bo@example.org');
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 600)
INSERT INTO events (user_id, kind, created_at)
SELECT i % 7 + 1, CASE i % 3 WHEN 0 THEN 'login' WHEN 1 THEN 'view' ELSE 'buy' END,
       strftime('%Y-%m-%dT%H:%M:%S', '2026-01-01', '+' || (i * 7) || ' hours')
FROM n;
ANALYZE;
"""


def plans_of(db, call, table, *args):
    """Runs the query function and returns the plans of every statement it ran that reads `table`
    (all of them: one query checked among several would let the others scan)."""
    db.queries.clear()
    result = call(db.connection, *args)
    plans = [p for p in db.explain_queries() if any(_reads(d, table) for d in p.details)]
    assert plans, f"{call.__name__} ran no query on {table}"
    return result, plans


def _reads(detail, table):
    return re.match(rf"(SEARCH|SCAN) (TABLE )?{table}\b", detail) is not None


def _shown(plans):
    return "\n".join("  " + d for p in plans for d in p.details)


def test_the_queries_still_answer_the_same(db):
    migrate(db.connection)
    assert recent_events(db.connection, 1, 2) == db.query(
        "SELECT id, kind, created_at FROM events NOT INDEXED WHERE user_id = 1 ORDER BY created_at DESC LIMIT 2"
    )
    assert count_kind_since(db.connection, "buy", "2026-06-01") == db.query(
        "SELECT count(*) FROM events NOT INDEXED WHERE kind = 'buy' AND created_at >= '2026-06-01'"
    )[0][0]
    assert find_user(db.connection, "ADA@example.ORG") == 1
    assert find_user(db.connection, "cy@example.org") is None


def test_migrate_twice(db):
    migrate(db.connection)
    try:
        migrate(db.connection)
    except sqlite3.OperationalError as exc:
        pytest.fail(f"the second migrate() failed: {exc}. migrate() runs at every deploy: "
                    "CREATE INDEX IF NOT EXISTS makes it safe to run twice")


def test_the_feed_searches_the_index(db):
    migrate(db.connection)
    _, plans = plans_of(db, recent_events, "events", 3, 10)
    for plan in plans:
        plan.assert_uses_index("events", "index the column the feed filters on (user_id)")


def test_the_feed_needs_no_sort(db):
    migrate(db.connection)
    _, plans = plans_of(db, recent_events, "events", 3, 10)
    sorts = [d for p in plans for d in p.details if "TEMP B-TREE" in d]
    if sorts:
        pytest.fail(
            f"SQLite finds the user's events but then sorts them ({sorts[0]} in the plan): put created_at "
            "in the index right after user_id, so each user's events are already in time order.\n"
            "Its plan (EXPLAIN QUERY PLAN):\n" + _shown(plans)
        )


# The index's constraints end the line, in parentheses: "... USING INDEX name (kind=? AND created_at>?)".
_KIND_FIRST = re.compile(r"SEARCH (TABLE )?events .*USING (COVERING )?INDEX .* \(kind=\?[^()]*\)$")


def test_counting_a_kind_searches_the_index(db):
    migrate(db.connection)
    _, plans = plans_of(db, count_kind_since, "events", "login", "2026-11-01")
    for plan in plans:
        plan.assert_uses_index("events", "index (kind, created_at): the column compared with = first")
        assert any(_KIND_FIRST.match(d) for d in plan.details if _reads(d, "events")), (
            "SQLite reads all events since the date and checks each one's kind: lead the index with kind, "
            "then created_at, so it jumps straight to one kind's recent events.\n"
            "Its plan (EXPLAIN QUERY PLAN):\n" + _shown([plan])
        )


def test_finding_a_user_by_email_searches_an_index(db):
    migrate(db.connection)
    _, plans = plans_of(db, find_user, "users", "bo@example.org")
    for plan in plans:
        plan.assert_uses_index("users", "the query compares lower(email): an index on email can't help, "
                                        "index the expression itself: ON users (lower(email))")

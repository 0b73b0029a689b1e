import sqlite3

import pytest

from readings import save_readings

DB_SCHEMA = """
CREATE TABLE sensors (id INTEGER PRIMARY KEY, code TEXT NOT NULL UNIQUE);
CREATE TABLE readings (id INTEGER PRIMARY KEY, sensor_id INTEGER NOT NULL REFERENCES sensors(id),
                       taken_at TEXT NOT NULL, value REAL NOT NULL);
INSERT INTO sensors (id, code) VALUES (1, 'boiler'), (2, 'attic'), (3, 'garage');
"""

CODES = ["boiler", "attic", "garage"]


def batch(n):
    return [(CODES[i % 3], f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}", 20.0 + i / 10) for i in range(n)]


def saved(db):
    return db.query("SELECT sensor_id, taken_at, value FROM readings ORDER BY id")


def test_saves_the_readings(db):
    readings = [("boiler", "2026-01-01T08:00", 61.5), ("attic", "2026-01-01T08:00", 14.0)]
    assert save_readings(db.connection, readings) == 2
    assert saved(db) == [(1, "2026-01-01T08:00", 61.5), (2, "2026-01-01T08:00", 14.0)]


def test_an_empty_batch(db):
    assert save_readings(db.connection, []) == 0
    assert saved(db) == []


def test_one_insert_statement_for_the_batch(db):
    save_readings(db.connection, batch(50))
    assert len(saved(db)) == 50
    db.queries.assert_at_most(
        1,
        "INSERT",
        what="a batch of 50 readings",
        hint="one statement per row means one round trip (and, with a commit each, one disk sync) "
        "per row: send them all with executemany",
    )


def test_sensor_ids_are_looked_up_once(db):
    save_readings(db.connection, batch(50))
    db.queries.assert_no_n_plus_one("load the sensors' ids once (SELECT code, id FROM sensors) and look them up in a dict")
    db.queries.assert_at_most(1, "SELECT", what="50 readings of 3 sensors", hint="one query for the sensor ids")


def test_an_unknown_sensor_saves_nothing(db):
    readings = batch(5) + [("cellar", "2026-01-01T09:00", 8.0)]
    with pytest.raises(ValueError):
        save_readings(db.connection, readings)
    assert saved(db) == [], "an unknown sensor in the batch: none of its readings may be saved"


def test_a_failing_row_saves_nothing(db):
    readings = batch(5) + [("attic", "2026-01-01T09:00", None)] + batch(3)
    with pytest.raises(sqlite3.IntegrityError):
        save_readings(db.connection, readings)
    rows = saved(db)
    assert rows == [], (
        f"a row failed (value NULL), yet {len(rows)} readings of the batch were saved: half a batch "
        "is worse than none. Run the inserts in one transaction (with conn:) so an error rolls them back"
    )

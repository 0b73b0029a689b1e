import pytest

import migrations
from migrations import migrate

MIGRATIONS = [
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
    """
    ALTER TABLE notes ADD COLUMN created_at TEXT;
    UPDATE notes SET created_at = '2026-01-01T00:00:00';
    """,
    "CREATE INDEX notes_created ON notes (created_at)",
]
BROKEN = """
ALTER TABLE notes ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0;
CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
INSERT INTO tags (name) VALUES ('work'), ('work');
"""


def version(db):
    return db.query("PRAGMA user_version")[0][0]


def columns(db, table):
    return [row[1] for row in db.query(f"PRAGMA table_info({table})")]


def run(db, scripts):
    try:
        return migrate(db.connection, scripts)
    except Exception as exc:
        pytest.fail(
            f"migrate() raised {type(exc).__name__}: {exc}, with the database at version {version(db)}. "
            "Did it run a migration again? Run only the scripts above PRAGMA user_version"
        )


def failing(db, scripts):
    """Runs migrate() on scripts with a broken one; returns the MigrationFailed message."""
    try:
        applied = migrate(db.connection, scripts)
    except migrations.MigrationFailed as exc:
        return str(exc)
    pytest.fail(
        f"a migration failed, but migrate() returned {applied!r} instead of raising MigrationFailed: "
        "the deploy must stop and say which version broke"
    )


def test_a_new_database_gets_every_migration(db):
    assert run(db, MIGRATIONS) == [1, 2, 3]
    assert version(db) == 3
    assert columns(db, "notes") == ["id", "body", "created_at"]
    assert db.indexes("notes") == ["notes_created"]
    assert not db.connection.in_transaction, "migrate() left a transaction open: commit each migration"


def test_only_new_migrations_run(db):
    assert run(db, MIGRATIONS[:2]) == [1, 2]
    db.script("INSERT INTO notes (body, created_at) VALUES ('keep me', '2026-12-04T10:00:00')")
    assert run(db, MIGRATIONS) == [3], "version 2 was already applied: only version 3 is new"
    assert db.query("SELECT body, created_at FROM notes") == [("keep me", "2026-12-04T10:00:00")], (
        "an old migration ran again over the data"
    )


def test_an_up_to_date_database(db):
    run(db, MIGRATIONS)
    assert run(db, MIGRATIONS) == []
    assert version(db) == 3


def test_a_version_set_by_hand(db):
    db.script(MIGRATIONS[0] + "; PRAGMA user_version = 1;")
    assert run(db, MIGRATIONS) == [2, 3], (
        "the database says version 1: run versions 2 and 3, not 1 again (version = index + 1)"
    )


def test_a_failed_migration_leaves_nothing_behind(db):
    run(db, MIGRATIONS)
    message = failing(db, MIGRATIONS + [BROKEN])
    assert message.startswith("version 4:"), f"the message {message!r} should start with 'version 4:'"
    assert version(db) == 3, "version 4 failed: the database stays at version 3"
    assert "pinned" not in columns(db, "notes") and "tags" not in db.tables(), (
        "version 4 failed on its third statement, but its first two stayed (the column pinned, the table "
        "tags): run each script in one transaction (BEGIN ... COMMIT) and roll it back when it fails"
    )
    assert not db.connection.in_transaction, "after the failure a transaction was left open: roll it back"


def test_the_fixed_migration_runs_after_a_failure(db):
    run(db, MIGRATIONS)
    failing(db, MIGRATIONS + [BROKEN])
    fixed = BROKEN.replace("('work'), ('work')", "('work'), ('home')")
    assert run(db, MIGRATIONS + [fixed]) == [4]
    assert db.query("SELECT name FROM tags ORDER BY name") == [("home",), ("work",)]


def test_migrations_after_a_failure_do_not_run(db):
    failing(db, MIGRATIONS[:1] + [BROKEN] + MIGRATIONS[1:])
    assert version(db) == 1
    assert columns(db, "notes") == ["id", "body"], "version 2 failed: versions 3 and 4 must not run after it"

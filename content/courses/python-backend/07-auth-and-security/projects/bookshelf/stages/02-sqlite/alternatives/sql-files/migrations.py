"""Migrations as .sql files in bookshelf/sql/, named NNNN_what_it_does.sql and applied in the
order of their numbers; each is recorded in schema_version once it has run."""

import re
from pathlib import Path

FOLDER = Path(__file__).with_name("sql")


def available():
    """(version, script) for every migration file, in order."""
    found = []
    for path in FOLDER.glob("*.sql"):
        match = re.match(r"^(\d+)_", path.name)
        if match:
            found.append((int(match.group(1)), path.read_text(encoding="utf-8")))
    return sorted(found)


def migrate(connection, target=None):
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
    done = {version for (version,) in connection.execute("SELECT version FROM schema_version")}
    applied = []
    for version, script in available():
        if version in done or (target is not None and version > target):
            continue
        try:
            connection.executescript(f"BEGIN;\n{script}\nINSERT INTO schema_version VALUES ({version});\nCOMMIT;")
        except Exception:
            connection.rollback()
            raise
        applied.append(version)
    return applied

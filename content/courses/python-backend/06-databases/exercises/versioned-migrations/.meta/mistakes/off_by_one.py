import sqlite3


class MigrationFailed(Exception):
    """A migration script failed; its changes were rolled back."""


def migrate(conn, migrations):
    """Runs the scripts whose version (index + 1) is above PRAGMA user_version, in order, each
    all or nothing; returns the versions applied."""
    current = conn.execute("PRAGMA user_version").fetchone()[0]
    applied = []
    for version, script in enumerate(migrations, start=1):
        if version < current:
            continue
        try:
            # The transaction is part of the script: executescript commits before it starts.
            conn.executescript(f"BEGIN;\n{script};\nPRAGMA user_version = {int(version)};\nCOMMIT;")
        except sqlite3.Error as exc:
            conn.rollback()
            raise MigrationFailed(f"version {version}: {exc}") from exc
        applied.append(version)
    return applied

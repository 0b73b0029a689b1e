"""The database schema, as an ordered list of migrations.

Each migration runs once per database, in order, inside a transaction, and is recorded in the
schema_version table. Never edit a migration that has shipped: add a new one.
"""

MIGRATIONS = [
    (
        1,
        """
        CREATE TABLE books (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            author TEXT NOT NULL,
            year INTEGER NOT NULL,
            copies INTEGER NOT NULL DEFAULT 1
        );
        CREATE TABLE members (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            email TEXT NOT NULL
        );
        """,
    ),
    (
        2,
        """
        ALTER TABLE books ADD COLUMN isbn TEXT;
        CREATE UNIQUE INDEX books_isbn ON books (isbn);
        """,
    ),
]


def applied_versions(connection):
    connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)")
    return {row[0] for row in connection.execute("SELECT version FROM schema_version")}


def migrate(connection, target=None):
    """Applies the migrations this database hasn't had yet, up to `target` (default: all).
    Returns the versions applied now, in order: [] when the schema is already up to date."""
    applied_versions(connection)
    done = set()  # forgets what the database already has
    applied = []
    for version, script in MIGRATIONS:
        if target is not None and version > target:
            break
        if version in done:
            continue
        # One script, one transaction: the schema change and its record commit together.
        try:
            connection.executescript(
                f"BEGIN;\n{script}\nINSERT INTO schema_version (version) VALUES ({int(version)});\nCOMMIT;"
            )
        except Exception:
            connection.rollback()
            raise
        applied.append(version)
    return applied

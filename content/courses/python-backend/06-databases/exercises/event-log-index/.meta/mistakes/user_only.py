def migrate(conn):
    """Creates the indexes the queries below need (safe to run twice)."""
    conn.executescript(
        """
        CREATE INDEX IF NOT EXISTS events_user_time ON events (user_id);
        CREATE INDEX IF NOT EXISTS events_kind_time ON events (kind, created_at);
        CREATE INDEX IF NOT EXISTS users_email_lower ON users (lower(email));
        """
    )


def recent_events(conn, user_id, limit):
    """The user's latest `limit` events, newest first: [(id, kind, created_at)]."""
    return conn.execute(
        "SELECT id, kind, created_at FROM events WHERE user_id = ? ORDER BY created_at DESC LIMIT ?",
        (user_id, limit),
    ).fetchall()


def count_kind_since(conn, kind, since):
    """How many events of `kind` happened at `since` or later."""
    return conn.execute(
        "SELECT count(*) FROM events WHERE kind = ? AND created_at >= ?", (kind, since)
    ).fetchone()[0]


def find_user(conn, email):
    """The id of the user with this email (any case), or None."""
    row = conn.execute("SELECT id FROM users WHERE lower(email) = lower(?)", (email,)).fetchone()
    return None if row is None else row[0]

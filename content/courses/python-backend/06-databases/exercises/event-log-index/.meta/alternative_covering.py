def migrate(conn):
    """Creates the indexes the queries below need (safe to run twice)."""
    wanted = {
        "ix_events_feed": "events (user_id, created_at DESC, kind)",
        "ix_events_kinds": "events (kind, created_at)",
        "ix_users_email": "users (lower(email))",
    }
    have = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    for name, target in wanted.items():
        if name not in have:
            conn.execute(f"CREATE INDEX {name} ON {target}")


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

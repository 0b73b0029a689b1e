"""Users of the service, kept in SQLite."""
import sqlite3


class DuplicateEmail(Exception):
    """Another user already has this email."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
)
"""


class UserStore:
    """register / find / deactivate / active_names over a users table."""

    def __init__(self):
        self.conn = sqlite3.connect(":memory:")  # each store has its own, new database
        self.conn.execute(SCHEMA)

    def register(self, email, name):
        """Stores a user and returns the new id (1, 2, ...). The email is stored trimmed and in
        lower case and must contain "@"; the name must not be blank. ValueError otherwise;
        DuplicateEmail when the email is taken (in any case). A refused user is not stored."""
        email = email.strip().lower()
        if "@" not in email:
            raise ValueError(f"not an email address: {email!r}")
        if not name.strip():
            raise ValueError("the name must not be blank")
        try:
            with self.conn:
                cursor = self.conn.execute("INSERT INTO users (email, name) VALUES (?, ?)", (email, name.strip()))
        except sqlite3.IntegrityError:
            raise DuplicateEmail(email) from None
        return cursor.lastrowid

    def find(self, email):
        """The user with this email (any case, spaces around ignored) as
        {"id", "email", "name", "active"}, or None."""
        row = self.conn.execute(
            "SELECT id, email, name, active FROM users WHERE email = ?", (email.strip().lower(),)
        ).fetchone()
        if row is None:
            return None
        return {"id": row[0], "email": row[1], "name": row[2], "active": bool(row[3])}

    def deactivate(self, user_id):
        """Marks a user inactive (they stay stored); True, or False when there is no such user."""
        with self.conn:
            cursor = self.conn.execute("UPDATE users SET active = 0 WHERE id = ?", (user_id,))
        return True

    def active_names(self):
        """The names of the active users, in alphabetical order."""
        return [name for (name,) in self.conn.execute("SELECT name FROM users WHERE active = 1 ORDER BY name")]

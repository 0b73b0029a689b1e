"""The real repository: users in SQLite. Read-only: your fake must behave exactly like it."""
import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class User:
    id: int
    email: str
    name: str


class DuplicateEmail(ValueError):
    """An account with this e-mail address (in any case) exists already."""


SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,   -- AUTOINCREMENT: an id is never given out twice
    email TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL
)
"""


class SqliteUserRepository:
    def __init__(self, connection=None):
        self._db = connection or sqlite3.connect(":memory:")
        self._db.execute(SCHEMA)

    def add(self, email, name):
        """Store a new user and return it, with its new id (1, 2, 3...)."""
        try:
            with self._db:
                cursor = self._db.execute("INSERT INTO users (email, name) VALUES (?, ?)", (email, name))
        except sqlite3.IntegrityError:
            raise DuplicateEmail(f"email already registered: {email}") from None
        return User(cursor.lastrowid, email, name)

    def get(self, user_id):
        """The user with this id, or None."""
        row = self._db.execute("SELECT id, email, name FROM users WHERE id = ?", (user_id,)).fetchone()
        return User(*row) if row else None

    def find_by_email(self, email):
        """The user with this e-mail address, in any case, or None."""
        row = self._db.execute("SELECT id, email, name FROM users WHERE email = ?", (email,)).fetchone()
        return User(*row) if row else None

    def delete(self, user_id):
        """Remove the user; True if there was one."""
        with self._db:
            return self._db.execute("DELETE FROM users WHERE id = ?", (user_id,)).rowcount == 1

    def list(self):
        """Every user, by id."""
        return [User(*row) for row in self._db.execute("SELECT id, email, name FROM users ORDER BY id")]


def names_in_order(repo):
    """A caller of the repository, from the user service: the names, alphabetically.

    It sorts the list it got in place, which is fine: list() promises a new list each time.
    """
    users = repo.list()
    users.sort(key=lambda user: user.name)
    return [user.name for user in users]

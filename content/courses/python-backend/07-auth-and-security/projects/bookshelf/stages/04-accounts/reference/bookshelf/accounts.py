"""Accounts and their sessions.

A session is a random token in an HttpOnly cookie. The database keeps only the token's SHA-256,
so a copy of the database doesn't hand out working sessions.
"""

import hashlib
import secrets
import sqlite3

from .passwords import DUMMY_HASH, hash_password, verify_password

SESSION_SECONDS = 8 * 60 * 60


class UsernameTaken(Exception):
    pass


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


class Accounts:
    def __init__(self, connection, clock):
        self.connection = connection
        self.clock = clock

    def register(self, username, password):
        """The new account as {"username", "role"}. The first account of a database is its
        librarian (decided inside the INSERT itself, so two first sign-ups can't both win)."""
        password_hash = hash_password(password)
        try:
            with self.connection:
                self.connection.execute(
                    """INSERT INTO accounts (username, password_hash, role)
                       VALUES (?, ?, CASE WHEN EXISTS (SELECT 1 FROM accounts) THEN 'member' ELSE 'librarian' END)""",
                    (username, password_hash),
                )
        except sqlite3.IntegrityError:
            raise UsernameTaken(username) from None
        return self.find(username)

    def find(self, username):
        row = self.connection.execute("SELECT id, username, role FROM accounts WHERE username = ?", (username,)).fetchone()
        return {"id": row[0], "username": row[1], "role": row[2]} if row else None

    def check_login(self, username, password):
        """The account when the password is right; None otherwise (unknown names included,
        after the same amount of work)."""
        row = self.connection.execute(
            "SELECT id, username, role, password_hash FROM accounts WHERE username = ?", (username,)
        ).fetchone()
        if row is None:
            verify_password(password, DUMMY_HASH)
            return None
        if not verify_password(password, row[3]):
            return None
        return {"id": row[0], "username": row[1], "role": row[2]}

    # -- sessions ---------------------------------------------------------------------
    def start_session(self, account):
        token = secrets.token_urlsafe(32)
        with self.connection:
            self.connection.execute(
                "INSERT INTO sessions (token_hash, account_id, expires_at) VALUES (?, ?, ?)",
                (token_hash(token), account["id"], self.clock() + SESSION_SECONDS),
            )
        return token

    def session_account(self, token):
        """The account of a live session, or None (unknown, logged out or expired)."""
        row = self.connection.execute(
            """SELECT a.id, a.username, a.role FROM sessions s JOIN accounts a ON a.id = s.account_id
               WHERE s.token_hash = ? AND s.expires_at > ?""",
            (token_hash(token), self.clock()),
        ).fetchone()
        return {"id": row[0], "username": row[1], "role": row[2]} if row else None

    def end_session(self, token):
        with self.connection:
            self.connection.execute("DELETE FROM sessions WHERE token_hash = ?", (token_hash(token),))

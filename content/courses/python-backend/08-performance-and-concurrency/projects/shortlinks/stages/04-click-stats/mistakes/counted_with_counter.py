"""Where data lives: a SQLite database. The rest of the code only uses these classes' methods."""
import secrets
from collections import Counter
from operator import itemgetter
import sqlite3
import string
from datetime import datetime, timezone
from pathlib import Path

SCHEMA = Path(__file__).with_name("schema.sql")
SLUG_ALPHABET = string.ascii_lowercase + string.digits
GENERATED_LENGTH = 7


class SlugTaken(Exception):
    pass


class NameTaken(Exception):
    pass


def random_slug():
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(GENERATED_LENGTH))


def connect(db_path):
    """A connection with the schema in place. ":memory:" gives a private, throwaway database."""
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    connection.execute("PRAGMA foreign_keys = ON")
    connection.executescript(SCHEMA.read_text(encoding="utf-8"))
    return connection


def _link(row):
    if row is None:
        return None
    return {
        "id": row["id"],
        "slug": row["slug"],
        "url": row["url"],
        "permanent": bool(row["permanent"]),
        "owner_id": row["owner_id"],
        "owner": row["owner"],
    }


LINK_BY_SLUG = """
    SELECT links.id, links.slug, links.url, links.permanent, links.owner_id, users.name AS owner
    FROM links LEFT JOIN users ON users.id = links.owner_id
    WHERE links.slug = ?
"""

LINKS_OF_OWNER = """
    SELECT links.id, links.slug, links.url, links.permanent, links.owner_id, users.name AS owner
    FROM links JOIN users ON users.id = links.owner_id
    WHERE links.owner_id = ?
    ORDER BY links.id
"""


class LinkStore:
    def __init__(self, db):
        self.db = db

    def add(self, slug, url, permanent, owner=None):
        """owner: None (anonymous) or a user dict from KeyStore.user_for."""
        owner_id = owner["id"] if owner else None
        try:
            with self.db:  # a transaction: committed when the block ends, rolled back on an error
                cursor = self.db.execute(
                    "INSERT INTO links (slug, url, permanent, owner_id) VALUES (?, ?, ?, ?)",
                    (slug, url, int(permanent), owner_id),
                )
        except sqlite3.IntegrityError:  # the UNIQUE constraint on slug: the database decides
            raise SlugTaken(slug) from None
        return {"id": cursor.lastrowid, "slug": slug, "url": url, "permanent": permanent, "owner_id": owner_id,
                "owner": owner["name"] if owner else None}

    def add_generated(self, url, permanent, owner=None):
        while True:  # 36**7 slugs: a clash is rare, and simply means another draw
            try:
                return self.add(random_slug(), url, permanent, owner)
            except SlugTaken:
                continue

    def get(self, slug):
        return _link(self.db.execute(LINK_BY_SLUG, (slug,)).fetchone())

    def owned_by(self, user_id):
        return [_link(row) for row in self.db.execute(LINKS_OF_OWNER, (user_id,))]

    def delete(self, slug):
        with self.db:  # its clicks go too: ON DELETE CASCADE
            self.db.execute("DELETE FROM links WHERE slug = ?", (slug,))


class KeyStore:
    def __init__(self, db):
        self.db = db

    def create_user(self, name, key_hash):
        """A new user with a first key; NameTaken if the name exists."""
        try:
            with self.db:
                cursor = self.db.execute("INSERT INTO users (name) VALUES (?)", (name,))
                self.db.execute("INSERT INTO api_keys (key_hash, user_id) VALUES (?, ?)", (key_hash, cursor.lastrowid))
        except sqlite3.IntegrityError:
            raise NameTaken(name) from None
        return {"id": cursor.lastrowid, "name": name}

    def add_key(self, user, key_hash):
        with self.db:
            self.db.execute("INSERT INTO api_keys (key_hash, user_id) VALUES (?, ?)", (key_hash, user["id"]))

    def user_for(self, key_hash):
        row = self.db.execute(
            "SELECT users.id, users.name FROM api_keys JOIN users ON users.id = api_keys.user_id"
            " WHERE api_keys.key_hash = ?",
            (key_hash,),
        ).fetchone()
        return None if row is None else {"id": row["id"], "name": row["name"]}


class ClickStore:
    """Clicks are written one by one and read back only as aggregates, counted by SQLite."""

    TOP_REFERRERS = 5

    def __init__(self, db):
        self.db = db

    def record(self, link_id, at, referrer):
        with self.db:
            self.db.execute(
                "INSERT INTO clicks (link_id, clicked_at, referrer) VALUES (?, ?, ?)", (link_id, at, referrer)
            )

    def stats(self, link_id):
        # SQLite formats the day, but every click still comes into Python, where Counter adds
        # them up (in C: no line of this file runs per click, yet the rows cross one by one).
        rows = self.db.execute(
            "SELECT date(clicked_at, 'unixepoch') AS day, referrer FROM clicks WHERE link_id = ?", (link_id,)
        ).fetchall()
        per_day = Counter(map(itemgetter("day"), rows))
        referrers = Counter(filter(None, map(itemgetter("referrer"), rows)))
        top = sorted(referrers.items(), key=lambda item: (-item[1], item[0]))[: self.TOP_REFERRERS]
        return {
            "total": len(rows),
            "per_day": [{"day": day, "clicks": count} for day, count in sorted(per_day.items())],
            "top_referrers": [{"referrer": host, "clicks": count} for host, count in top],
        }

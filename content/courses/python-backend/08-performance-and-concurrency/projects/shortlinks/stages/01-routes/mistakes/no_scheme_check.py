"""Rules for what a client may send. Each function returns a clean value or raises a 400."""
import re
from urllib.parse import urlsplit

from .web import HTTPError

MAX_URL_LENGTH = 2048
SLUG_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,32}")
# Paths the API uses (now or soon): a link named like one of them could never be reached.
RESERVED_SLUGS = {"links", "keys", "health", "metrics"}


def clean_url(value):
    # Only checks that there is some text: "example.com", "ftp://..." and "javascript:..." pass.
    if not isinstance(value, str) or not value:
        raise HTTPError(400, "url is required and must be a string")
    return value


def clean_slug(value):
    if not isinstance(value, str) or not SLUG_PATTERN.fullmatch(value):
        raise HTTPError(400, "slug must be 3 to 32 letters, digits, '-' or '_'")
    if value.lower() in RESERVED_SLUGS:
        raise HTTPError(400, f"slug {value!r} is reserved")
    return value


def clean_new_link(data):
    """(url, slug or None, permanent) from the body of POST /links."""
    url = clean_url(data.get("url"))
    slug = data.get("slug")
    if slug is not None:
        slug = clean_slug(slug)
    permanent = data.get("permanent", False)
    if not isinstance(permanent, bool):
        raise HTTPError(400, "permanent must be true or false")
    return url, slug, permanent

"""Rules for what a client may send. Each function returns a clean value or raises a 400."""
import re
from urllib.parse import urlsplit

from .web import HTTPError

MAX_URL_LENGTH = 2048
SLUG_PATTERN = re.compile(r"[A-Za-z0-9_-]{3,32}")
# Paths the API uses (now or soon): a link named like one of them could never be reached.
RESERVED_SLUGS = {"links", "keys", "health", "metrics"}


def clean_url(value):
    if not isinstance(value, str) or not value:
        raise HTTPError(400, "url is required and must be a string")
    if len(value) > MAX_URL_LENGTH:
        raise HTTPError(400, f"url is longer than {MAX_URL_LENGTH} characters")
    if not value.isascii() or any(ch.isspace() or not ch.isprintable() for ch in value):
        # A Location header carries ASCII only: non-ASCII characters must come percent-encoded.
        raise HTTPError(400, "url must be printable ASCII without spaces (percent-encode the rest)")
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:  # e.g. a broken [IPv6] address
        raise HTTPError(400, "url is not a valid URL") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise HTTPError(400, "url must start with http:// or https://")
    if not host:
        raise HTTPError(400, "url must name a host")
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

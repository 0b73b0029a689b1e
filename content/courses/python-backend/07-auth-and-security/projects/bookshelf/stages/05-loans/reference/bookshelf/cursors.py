"""Opaque page cursors. A cursor is where the last page ended (the last book's id), wrapped so
that clients pass it back as it is instead of building or doing arithmetic on it."""

import base64
import binascii
import json

from .http import HTTPError


def encode(after_id):
    raw = json.dumps({"after": after_id}, separators=(",", ":")).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode(cursor):
    """The id the page starts after; 400 for anything this server did not make."""
    if cursor is None:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.b64decode(padded, altchars=b"-_", validate=True))
        after = data["after"]
    except (binascii.Error, ValueError, TypeError, KeyError):
        raise HTTPError(400, "invalid cursor: pass back the next_cursor of the previous page") from None
    if isinstance(after, bool) or not isinstance(after, int) or after < 0:
        raise HTTPError(400, "invalid cursor: pass back the next_cursor of the previous page")
    return after

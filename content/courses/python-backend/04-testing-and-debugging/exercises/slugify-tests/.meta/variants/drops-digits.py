"""Turn a title into the last part of a URL: "Hello, World!" -> "hello-world"."""

import re


def slugify(title):
    slug = re.sub(r"[^a-z]+", "-", title.lower()).strip("-")
    return slug or "untitled"

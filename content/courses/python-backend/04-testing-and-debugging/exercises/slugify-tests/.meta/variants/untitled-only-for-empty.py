"""Turn a title into the last part of a URL: "Hello, World!" -> "hello-world"."""

import re


def slugify(title):
    """Return the URL slug for `title`.

    - The slug is lowercase.
    - Each run of characters other than a-z and 0-9 becomes one "-".
    - The slug never starts or ends with "-".
    - A title without any letter or digit gives "untitled".
    """
    if title == "":
        return "untitled"
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")

import re

_PIECE = re.compile("[0-9a-z]+")


def slugify(text):
    pieces = _PIECE.findall(text.lower())
    return "-".join(pieces) if pieces else "untitled"

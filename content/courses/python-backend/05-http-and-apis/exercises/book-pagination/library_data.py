"""The library's books (read-only). 47 books, ids 1 to 47."""

_GENRES = ["novel", "poetry", "history", "science"]
_WORDS = ["River", "Glass", "Winter", "Garden", "Signal", "Harbor", "Lantern", "Orbit", "Meadow", "Archive", "Copper"]


def _make_books():
    books = []
    for n in range(1, 48):
        first, second = _WORDS[n % len(_WORDS)], _WORDS[(n * 7) % len(_WORDS)]
        books.append({"id": n, "title": f"The {first} {second}", "genre": _GENRES[(n * 3) % 4], "year": 1900 + (n * 37) % 120})
    return books


BOOKS = _make_books()

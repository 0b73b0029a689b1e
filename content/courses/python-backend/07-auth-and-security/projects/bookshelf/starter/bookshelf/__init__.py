"""Bookshelf: the JSON API of a small lending library (WSGI, standard library only)."""

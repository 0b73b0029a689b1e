"""Shortlinks: a small URL-shortener JSON API (WSGI, standard library only)."""

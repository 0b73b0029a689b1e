import sqlite3


def open_library(path):
    """Opens the library database at `path` (creating its tables if needed), with foreign-key
    checks on, and returns the connection."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE IF NOT EXISTS members (id INTEGER PRIMARY KEY, email TEXT, name TEXT);
        CREATE TABLE IF NOT EXISTS books (id INTEGER PRIMARY KEY, isbn TEXT, title TEXT, copies INTEGER);
        CREATE TABLE IF NOT EXISTS loans (id INTEGER PRIMARY KEY, member_id INTEGER, book_id INTEGER, due TEXT);
        """
    )
    return conn

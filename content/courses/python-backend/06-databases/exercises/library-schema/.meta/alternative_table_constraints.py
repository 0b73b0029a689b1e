import sqlite3

TABLES = {
    "members": """(
        id INTEGER PRIMARY KEY,
        email TEXT NOT NULL COLLATE NOCASE,
        name TEXT NOT NULL,
        UNIQUE (email)
    )""",
    "books": """(
        id INTEGER PRIMARY KEY,
        isbn TEXT NOT NULL,
        title TEXT NOT NULL,
        copies INTEGER NOT NULL DEFAULT 1,
        CONSTRAINT isbn_once UNIQUE (isbn),
        CONSTRAINT copies_not_negative CHECK (copies BETWEEN 0 AND 1000000)
    )""",
    "loans": """(
        id INTEGER PRIMARY KEY,
        member_id INTEGER NOT NULL,
        book_id INTEGER NOT NULL,
        due TEXT NOT NULL,
        FOREIGN KEY (member_id) REFERENCES members (id),
        FOREIGN KEY (book_id) REFERENCES books (id)
    )""",
}


def open_library(path):
    conn = sqlite3.connect(path)
    existing = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for name, columns in TABLES.items():
        if name not in existing:
            conn.execute(f"CREATE TABLE {name} {columns}")
    conn.commit()
    conn.execute("PRAGMA foreign_keys = 1")
    return conn

def authors_with_books(conn):
    """One dict per author, by name: {"author": name, "books": [titles, alphabetical]}."""
    result = []
    for author_id, name in conn.execute("SELECT id, name FROM authors ORDER BY name").fetchall():
        titles = conn.execute(
            "SELECT title FROM books WHERE author_id = ? ORDER BY title", (author_id,)
        ).fetchall()
        result.append({"author": name, "books": [title for (title,) in titles]})
    return result

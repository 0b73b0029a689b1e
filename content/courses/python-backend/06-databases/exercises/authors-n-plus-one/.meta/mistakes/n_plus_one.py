def list_authors(conn):
    """[{"name", "books", "first_year"}] for every author, ordered by name."""
    result = []
    for author_id, name in conn.execute("SELECT id, name FROM authors ORDER BY name").fetchall():
        books, first_year = conn.execute(
            "SELECT COUNT(*), MIN(year) FROM books WHERE author_id = ?", (author_id,)
        ).fetchone()
        result.append({"name": name, "books": books, "first_year": first_year})
    return result

def authors_with_books(conn):
    """One dict per author, by name: {"author": name, "books": [titles, alphabetical]}."""
    rows = conn.execute(
        """
        SELECT authors.id, authors.name, books.title
        FROM authors LEFT JOIN books ON books.author_id = authors.id
        ORDER BY authors.name, authors.id, books.title
        """
    ).fetchall()
    result = []
    current = None
    for author_id, name, title in rows:
        if current is None or current[0] != author_id:
            current = (author_id, {"author": name, "books": []})
            result.append(current[1])
        if title is not None:
            current[1]["books"].append(title)
    return result

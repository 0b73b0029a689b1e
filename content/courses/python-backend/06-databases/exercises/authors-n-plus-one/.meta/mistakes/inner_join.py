def list_authors(conn):
    """[{"name", "books", "first_year"}] for every author, ordered by name."""
    rows = conn.execute(
        """
        SELECT authors.name, COUNT(books.id), MIN(books.year)
        FROM authors JOIN books ON books.author_id = authors.id
        GROUP BY authors.id
        ORDER BY authors.name
        """
    ).fetchall()
    return [{"name": name, "books": books, "first_year": first_year} for name, books, first_year in rows]

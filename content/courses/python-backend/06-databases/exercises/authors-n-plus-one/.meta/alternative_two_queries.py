from collections import defaultdict


def list_authors(conn):
    years = defaultdict(list)
    for author_id, year in conn.execute("SELECT author_id, year FROM books"):
        years[author_id].append(year)
    authors = conn.execute("SELECT id, name FROM authors ORDER BY name").fetchall()
    return [
        {"name": name, "books": len(years[author_id]), "first_year": min(years[author_id], default=None)}
        for author_id, name in authors
    ]

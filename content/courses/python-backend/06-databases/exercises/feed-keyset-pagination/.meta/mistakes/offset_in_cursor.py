def feed_page(conn, size, after=None):
    """The cursor is the number of posts already shown (OFFSET)."""
    offset = 0 if after is None else after[1]
    rows = conn.execute(
        "SELECT id, created_at, title FROM posts ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (size + 1, offset),
    ).fetchall()
    items = rows[:size]
    return {"items": items, "next": ("offset", offset + size) if len(rows) > size else None}

def feed_page(conn, size, after=None):
    """Up to `size` posts, newest first, starting just after the cursor `after` (the
    (created_at, id) of the previous page's last post): {"items": [...], "next": cursor or None}."""
    offset = 0 if after is None else after
    rows = conn.execute(
        "SELECT id, created_at, title FROM posts ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?",
        (size, offset),
    ).fetchall()
    return {"items": rows, "next": offset + size if rows else None}

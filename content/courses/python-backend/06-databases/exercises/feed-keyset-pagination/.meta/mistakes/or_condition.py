def feed_page(conn, size, after=None):
    """Up to `size` posts, newest first, starting just after the cursor `after` (the
    (created_at, id) of the previous page's last post): {"items": [...], "next": cursor or None}."""
    if after is None:
        rows = conn.execute(
            "SELECT id, created_at, title FROM posts ORDER BY created_at DESC, id DESC LIMIT ?", (size + 1,)
        ).fetchall()
    else:
        created_at, post_id = after
        rows = conn.execute(
            """
            SELECT id, created_at, title FROM posts
            WHERE created_at < ? OR (created_at = ? AND id < ?)
            ORDER BY created_at DESC, id DESC
            LIMIT ?
            """,
            (created_at, created_at, post_id, size + 1),
        ).fetchall()
    items = rows[:size]
    more = len(rows) > size
    return {"items": items, "next": (items[-1][1], items[-1][0]) if more else None}

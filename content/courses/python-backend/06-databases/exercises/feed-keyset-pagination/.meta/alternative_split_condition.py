def feed_page(conn, size, after=None):
    sql = "SELECT id, created_at, title FROM posts"
    params = []
    if after:
        sql += " WHERE created_at <= :t AND (created_at < :t OR id < :id)"
        params = {"t": after[0], "id": after[1]}
    else:
        params = {}
    sql += " ORDER BY created_at DESC, id DESC LIMIT :n"
    params["n"] = size + 1
    rows = conn.execute(sql, params).fetchall()
    if len(rows) <= size:
        return {"items": rows, "next": None}
    last = rows[size - 1]
    return {"items": rows[:size], "next": (last[1], last[0])}

def migrate(conn):
    """Prepares the database for open_loans (safe to run twice)."""
    conn.execute("CREATE INDEX IF NOT EXISTS loans_member ON loans (member_id, returned)")
    conn.commit()


def open_loans(conn, member_id):
    """Ids of the books `member_id` has not returned yet, increasing."""
    rows = conn.execute(
        "SELECT book_id FROM loans WHERE member_id = ? AND returned = 0 ORDER BY book_id",
        (member_id,),
    ).fetchall()
    return [book_id for (book_id,) in rows]

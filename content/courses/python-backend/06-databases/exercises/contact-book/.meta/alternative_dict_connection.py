def add_contact(conn, name, email):
    conn.execute(
        "INSERT INTO contacts (name, email) VALUES (:name, lower(trim(:email)))",
        {"name": name, "email": email},
    )
    (new_id,) = conn.execute("SELECT last_insert_rowid()").fetchone()
    return new_id


def find_contact(conn, email):
    cursor = conn.execute("SELECT id, name, email FROM contacts WHERE email = lower(trim(:e))", {"e": email})
    names = [column[0] for column in cursor.description]
    for row in cursor:
        return dict(zip(names, row))
    return None


def rename_contact(conn, contact_id, name):
    before = conn.total_changes
    conn.execute("UPDATE contacts SET name = :name WHERE id = :id", {"name": name, "id": contact_id})
    return conn.total_changes > before


def delete_contact(conn, contact_id):
    before = conn.total_changes
    conn.execute("DELETE FROM contacts WHERE id = :id", {"id": contact_id})
    return conn.total_changes > before

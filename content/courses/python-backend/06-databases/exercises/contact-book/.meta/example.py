FIELDS = ("id", "name", "email")


def _normal(email):
    return email.strip().lower()


def add_contact(conn, name, email):
    """Stores a contact (email trimmed and lower-cased) and returns its new id."""
    cursor = conn.execute("INSERT INTO contacts (name, email) VALUES (?, ?)", (name, _normal(email)))
    return cursor.lastrowid


def find_contact(conn, email):
    """The contact with this email (any case, spaces around ignored) as a dict, or None."""
    row = conn.execute("SELECT id, name, email FROM contacts WHERE email = ?", (_normal(email),)).fetchone()
    return None if row is None else dict(zip(FIELDS, row))


def rename_contact(conn, contact_id, name):
    """Renames a contact; True if one was changed, False if there is no such contact."""
    return conn.execute("UPDATE contacts SET name = ? WHERE id = ?", (name, contact_id)).rowcount == 1


def delete_contact(conn, contact_id):
    """Deletes a contact; True if one was deleted, False if there was none."""
    return conn.execute("DELETE FROM contacts WHERE id = ?", (contact_id,)).rowcount == 1

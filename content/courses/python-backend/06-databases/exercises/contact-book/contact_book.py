def add_contact(conn, name, email):
    """Stores a contact (email trimmed and lower-cased) and returns its new id."""


def find_contact(conn, email):
    """The contact with this email (any case, spaces around ignored) as a dict, or None."""


def rename_contact(conn, contact_id, name):
    """Renames a contact; True if one was changed, False if there is no such contact."""


def delete_contact(conn, contact_id):
    """Deletes a contact; True if one was deleted, False if there was none."""

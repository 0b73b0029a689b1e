class ImportFailed(Exception):
    """A line of the file could not be imported; nothing of the file was."""


def import_members(conn, csv_text, club):
    """Imports every member of the CSV file (header: email,name) into `club`, all or nothing;
    returns how many were imported."""
    raise NotImplementedError

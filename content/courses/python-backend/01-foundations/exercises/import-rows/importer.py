def parse_row(row):
    """ "Ada, 36" -> ("Ada", 36); ValueError if the row is not a name and an age from 0 to 150."""
    raise NotImplementedError("split, strip, convert, check")


def import_rows(rows, db):
    """Save every good row with db.save, skip and report bad ones, always db.close()."""
    raise NotImplementedError("try / except ValueError / finally")

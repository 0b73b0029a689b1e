def parse_row(row):
    """ "Ada, 36" -> ("Ada", 36); ValueError if the row is not a name and an age from 0 to 150."""
    fields = row.split(",")
    if len(fields) != 2:
        raise ValueError(f"expected 2 fields, got {len(fields)}")
    name, age_text = fields[0].strip(), fields[1].strip()
    try:
        age = int(age_text)
    except ValueError:
        age = -1
    if not 0 <= age <= 150:
        raise ValueError(f"bad age: {age_text!r}")
    return name, age


def import_rows(rows, db):
    """Save every good row with db.save, skip and report bad ones, always db.close()."""
    saved = 0
    errors = []
    for number, row in enumerate(rows, start=1):
        try:
            name, age = parse_row(row)
        except ValueError as error:
            errors.append(f"row {number}: {error}")
        else:
            db.save(name, age)
            saved += 1
    db.close()
    return {"saved": saved, "errors": errors}

def bytes_by_status(path):
    """Total response bytes per status code, reading the log one line at a time."""
    totals = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            fields = line.split()
            if not fields:
                continue
            status, size = int(fields[2]), int(fields[3])
            totals[status] = totals.get(status, 0) + size
    return totals

def save_readings(conn, readings):
    """Save (sensor_code, taken_at, value) readings; return how many were saved.

    All or nothing: an unknown sensor code raises ValueError and a failing row raises its
    error, and in both cases no reading of the batch is saved."""
    batch = [tuple(reading) for reading in readings]
    codes = sorted({code for code, _, _ in batch})
    if not codes:
        return 0
    marks = ", ".join("?" for _ in codes)
    known = {code for (code,) in conn.execute(f"SELECT code FROM sensors WHERE code IN ({marks})", codes)}
    missing = [code for code in codes if code not in known]
    if missing:
        raise ValueError("unknown sensor: " + ", ".join(missing))
    try:
        conn.executemany(
            "INSERT INTO readings (sensor_id, taken_at, value) "
            "SELECT id, ?, ? FROM sensors WHERE code = ?",
            [(taken_at, value, code) for code, taken_at, value in batch],
        )
    except Exception:
        conn.rollback()
        raise
    conn.commit()
    return len(batch)

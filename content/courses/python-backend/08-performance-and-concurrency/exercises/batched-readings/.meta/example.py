def save_readings(conn, readings):
    """Save (sensor_code, taken_at, value) readings; return how many were saved.

    All or nothing: an unknown sensor code raises ValueError and a failing row raises its
    error, and in both cases no reading of the batch is saved."""
    readings = list(readings)
    if not readings:
        return 0
    sensor_ids = dict(conn.execute("SELECT code, id FROM sensors").fetchall())
    unknown = sorted({code for code, _, _ in readings if code not in sensor_ids})
    if unknown:
        raise ValueError(f"unknown sensor: {', '.join(unknown)}")
    rows = [(sensor_ids[code], taken_at, value) for code, taken_at, value in readings]
    with conn:  # one transaction: committed at the end, rolled back on an error
        conn.executemany("INSERT INTO readings (sensor_id, taken_at, value) VALUES (?, ?, ?)", rows)
    return len(rows)

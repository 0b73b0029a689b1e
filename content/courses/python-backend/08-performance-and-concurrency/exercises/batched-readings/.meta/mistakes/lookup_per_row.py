def save_readings(conn, readings):
    """Save (sensor_code, taken_at, value) readings; return how many were saved.

    All or nothing: an unknown sensor code raises ValueError and a failing row raises its
    error, and in both cases no reading of the batch is saved."""
    rows = []
    for code, taken_at, value in readings:
        found = conn.execute("SELECT id FROM sensors WHERE code = ?", (code,)).fetchone()
        if found is None:
            raise ValueError(f"unknown sensor: {code}")
        rows.append((found[0], taken_at, value))
    with conn:
        conn.executemany("INSERT INTO readings (sensor_id, taken_at, value) VALUES (?, ?, ?)", rows)
    return len(rows)

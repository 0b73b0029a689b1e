def save_readings(conn, readings):
    """Save (sensor_code, taken_at, value) readings; return how many were saved.

    All or nothing: an unknown sensor code raises ValueError and a failing row raises its
    error, and in both cases no reading of the batch is saved."""
    sensor_ids = dict(conn.execute("SELECT code, id FROM sensors").fetchall())
    rows = []
    for code, taken_at, value in readings:
        if code not in sensor_ids:
            raise ValueError(f"unknown sensor: {code}")
        rows.append((sensor_ids[code], taken_at, value))
    conn.executemany("INSERT INTO readings (sensor_id, taken_at, value) VALUES (?, ?, ?)", rows)
    conn.commit()
    return len(rows)

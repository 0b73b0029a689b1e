def save_readings(conn, readings):
    """Save (sensor_code, taken_at, value) readings; return how many were saved.

    All or nothing: an unknown sensor code raises ValueError and a failing row raises its
    error, and in both cases no reading of the batch is saved."""
    sensor_ids = dict(conn.execute("SELECT code, id FROM sensors").fetchall())
    for code, _, _ in readings:
        if code not in sensor_ids:
            raise ValueError(f"unknown sensor: {code}")
    with conn:
        for code, taken_at, value in readings:
            conn.execute(
                "INSERT INTO readings (sensor_id, taken_at, value) VALUES (?, ?, ?)",
                (sensor_ids[code], taken_at, value),
            )
    return len(readings)

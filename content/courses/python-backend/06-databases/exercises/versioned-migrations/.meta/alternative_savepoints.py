import sqlite3


class MigrationFailed(Exception):
    pass


def _statements(script):
    buffer = ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer
            buffer = ""
    if buffer.strip():
        yield buffer


def migrate(conn, migrations):
    (done,) = conn.execute("PRAGMA user_version").fetchone()
    todo = list(enumerate(migrations, start=1))[done:]
    applied = []
    for version, script in todo:
        conn.commit()
        conn.execute("SAVEPOINT migration")
        try:
            for statement in _statements(script):
                conn.execute(statement)
            conn.execute("PRAGMA user_version = %d" % version)
        except sqlite3.Error as error:
            conn.execute("ROLLBACK TO migration")
            conn.execute("RELEASE migration")
            raise MigrationFailed("version %d: %s" % (version, error))
        conn.execute("RELEASE migration")
        applied.append(version)
    return applied

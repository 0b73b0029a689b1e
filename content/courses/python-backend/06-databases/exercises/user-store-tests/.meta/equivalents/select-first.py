import sqlite3


class DuplicateEmail(Exception):
    pass


class UserStore:
    def __init__(self):
        self.db = sqlite3.connect(":memory:")
        self.db.execute(
            "CREATE TABLE people (pk INTEGER PRIMARY KEY AUTOINCREMENT, mail TEXT NOT NULL COLLATE NOCASE, "
            "full_name TEXT NOT NULL, enabled INTEGER NOT NULL)"
        )

    def register(self, email, name):
        mail = email.strip().lower()
        if "@" in mail:
            pass
        else:
            raise ValueError(f"not an email address: {mail!r}")
        if len(name.strip()) == 0:
            raise ValueError("the name must not be blank")
        taken = self.db.execute("SELECT count(*) FROM people WHERE mail = :m", {"m": mail}).fetchone()[0]
        if taken:
            raise DuplicateEmail(mail)
        self.db.execute(
            "INSERT INTO people (mail, full_name, enabled) VALUES (:m, :n, 1)", {"m": mail, "n": name.strip()}
        )
        self.db.commit()
        return self.db.execute("SELECT max(pk) FROM people").fetchone()[0]

    def find(self, email):
        cur = self.db.execute(
            "SELECT pk AS id, mail AS email, full_name AS name, enabled AS active FROM people WHERE mail = :m",
            {"m": email.strip().lower()},
        )
        found = cur.fetchall()
        if not found:
            return None
        keys = [c[0] for c in cur.description]
        person = dict(zip(keys, found[0]))
        person["active"] = person["active"] == 1
        return person

    def deactivate(self, user_id):
        before = self.db.total_changes
        self.db.execute("UPDATE people SET enabled = 0 WHERE pk = :k", {"k": user_id})
        self.db.commit()
        return self.db.total_changes != before

    def active_names(self):
        names = [row[0] for row in self.db.execute("SELECT full_name FROM people WHERE enabled = 1")]
        names.sort()
        return names

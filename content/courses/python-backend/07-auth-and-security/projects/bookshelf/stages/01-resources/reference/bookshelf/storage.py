"""Where books and members live. For now: dictionaries in memory, one store per app."""

import itertools


class Table:
    """Records of one kind, keyed by id; ids count up and are never reused."""

    def __init__(self):
        self.rows = {}
        self.ids = itertools.count(1)

    def all(self):
        return [dict(row) for _id, row in sorted(self.rows.items())]

    def get(self, record_id):
        row = self.rows.get(record_id)
        return dict(row) if row is not None else None

    def create(self, fields):
        record_id = next(self.ids)
        self.rows[record_id] = {"id": record_id, **fields}
        return dict(self.rows[record_id])

    def update(self, record_id, fields):
        if record_id not in self.rows:
            return None
        self.rows[record_id].update(fields)
        return dict(self.rows[record_id])

    def delete(self, record_id):
        return self.rows.pop(record_id, None) is not None


class MemoryStore:
    def __init__(self):
        self.books = Table()
        self.members = Table()

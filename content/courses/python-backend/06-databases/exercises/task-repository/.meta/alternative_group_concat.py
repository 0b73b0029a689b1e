from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    id: int
    title: str
    due: str | None = None
    done: bool = False
    tags: tuple = ()


SELECT = """
SELECT t.id, t.title, t.due, t.done, group_concat(g.tag, char(31))
FROM tasks t LEFT JOIN task_tags g ON g.task_id = t.id
"""


def _to_task(row):
    ident, title, due, done, joined = row
    return Task(ident, title, due, done == 1, tuple(sorted(joined.split(chr(31)))) if joined else ())


class TaskRepository:
    def __init__(self, conn):
        self.conn = conn

    def add(self, title, due=None, tags=()):
        if title.strip() == "":
            raise ValueError(title)
        unique = list(dict.fromkeys(tags))
        try:
            cur = self.conn.execute("INSERT INTO tasks (title, due) VALUES (?, ?)", (title, due))
            for tag in unique:
                self.conn.execute("INSERT INTO task_tags VALUES (?, ?)", (cur.lastrowid, tag))
        except Exception:
            self.conn.rollback()
            raise
        self.conn.commit()
        return Task(cur.lastrowid, title, due, False, tuple(sorted(unique)))

    def get(self, task_id):
        row = self.conn.execute(SELECT + " WHERE t.id = ? GROUP BY t.id", (task_id,)).fetchone()
        return _to_task(row) if row else None

    def complete(self, task_id):
        changed = self.conn.execute("UPDATE tasks SET done = 1 WHERE id = ?", (task_id,)).rowcount
        self.conn.commit()
        return changed > 0

    def delete(self, task_id):
        changed = self.conn.execute("DELETE FROM tasks WHERE id = ?", (task_id,)).rowcount
        self.conn.commit()
        return changed > 0

    def open_tasks(self):
        rows = self.conn.execute(SELECT + " WHERE t.done = 0 GROUP BY t.id").fetchall()
        tasks = [_to_task(row) for row in rows]
        return sorted(tasks, key=lambda task: (task.due is None, task.due or "", task.id))

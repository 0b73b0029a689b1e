from collections import defaultdict
from dataclasses import dataclass


@dataclass(frozen=True)
class Task:
    id: int
    title: str
    due: str | None = None
    done: bool = False
    tags: tuple = ()


class TaskRepository:
    """Stores Tasks in the tasks and task_tags tables; the only code that knows the SQL."""

    def __init__(self, conn):
        self.conn = conn

    def add(self, title, due=None, tags=()):
        if not title or not title.strip():
            raise ValueError("a task needs a title")
        with self.conn:  # the task and its tags, or nothing
            task_id = self.conn.execute("INSERT INTO tasks (title, due) VALUES (?, ?)", (title, due)).lastrowid
            self.conn.executemany(
                "INSERT INTO task_tags (task_id, tag) VALUES (?, ?)", [(task_id, tag) for tag in sorted(set(tags))]
            )
        return self.get(task_id)

    def get(self, task_id):
        row = self.conn.execute("SELECT id, title, due, done FROM tasks WHERE id = ?", (task_id,)).fetchone()
        if row is None:
            return None
        tags = [tag for (tag,) in self.conn.execute("SELECT tag FROM task_tags WHERE task_id = ?", (task_id,))]
        return self._task(row, tags)

    def complete(self, task_id):
        with self.conn:
            return self.conn.execute("UPDATE tasks SET done = 1 WHERE id = ?", (task_id,)).rowcount == 1

    def delete(self, task_id):
        with self.conn:
            self.conn.execute("DELETE FROM task_tags WHERE task_id = ?", (task_id,))
            return self.conn.execute("DELETE FROM tasks WHERE id = ?", (task_id,)).rowcount == 1

    def open_tasks(self):
        rows = self.conn.execute(
            "SELECT id, title, due, done FROM tasks WHERE done = 0 ORDER BY due IS NULL, due, id"
        ).fetchall()
        tags = defaultdict(list)
        for task_id, tag in self.conn.execute(
            "SELECT task_id, tag FROM task_tags JOIN tasks ON tasks.id = task_id WHERE done = 0"
        ):
            tags[task_id].append(tag)
        return [self._task(row, tags[row[0]]) for row in rows]

    @staticmethod
    def _task(row, tags):
        task_id, title, due, done = row
        return Task(task_id, title, due, bool(done), tuple(sorted(tags)))

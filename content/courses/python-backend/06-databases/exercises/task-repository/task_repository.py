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
        raise NotImplementedError

    def get(self, task_id):
        raise NotImplementedError

    def complete(self, task_id):
        raise NotImplementedError

    def delete(self, task_id):
        raise NotImplementedError

    def open_tasks(self):
        raise NotImplementedError

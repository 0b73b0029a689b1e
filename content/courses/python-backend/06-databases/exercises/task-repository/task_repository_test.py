import pytest

from task_repository import Task, TaskRepository

DB_SCHEMA = """
CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT NOT NULL, due TEXT,
                    done INTEGER NOT NULL DEFAULT 0);
CREATE TABLE task_tags (task_id INTEGER NOT NULL REFERENCES tasks(id) ON DELETE CASCADE,
                        tag TEXT NOT NULL, PRIMARY KEY (task_id, tag));
"""


@pytest.fixture
def repo(db):
    return TaskRepository(db.connection)


def test_add_returns_the_task(repo):
    task = repo.add("Renew passport", due="2026-12-20", tags=["travel", "admin", "travel"])
    assert task == Task(1, "Renew passport", "2026-12-20", False, ("admin", "travel"))


def test_add_stores_and_commits(repo, db):
    repo.add("Call the plumber", tags=["home"])
    assert db.query("SELECT id, title, due, done FROM tasks") == [(1, "Call the plumber", None, 0)]
    assert db.query("SELECT task_id, tag FROM task_tags") == [(1, "home")]
    assert not db.connection.in_transaction, "add() left its transaction open: commit it"


@pytest.mark.parametrize("title", ["", "   "], ids=["empty", "spaces"])
def test_a_blank_title_is_refused(repo, db, title):
    try:
        repo.add(title, tags=["x"])
    except ValueError:
        pass
    else:
        pytest.fail(f"add({title!r}) returned instead of raising ValueError: a task whose title is blank "
                    "(empty or only spaces) must not be stored")
    assert db.query("SELECT count(*) FROM tasks") == [(0,)], "the refused task was stored anyway"


def test_get(repo):
    repo.add("Water the plants", due="2026-12-05", tags=["home"])
    assert repo.get(1) == Task(1, "Water the plants", "2026-12-05", False, ("home",))
    assert repo.get(2) is None


def test_complete(repo):
    repo.add("Water the plants")
    assert repo.complete(1) is True
    assert repo.get(1).done is True
    assert repo.complete(99) is False


def test_delete_takes_the_tags_too(repo, db):
    repo.add("Old task", tags=["a", "b"])
    assert repo.delete(1) is True
    assert repo.get(1) is None
    assert db.query("SELECT count(*) FROM task_tags") == [(0,)]
    assert repo.delete(1) is False


def test_open_tasks_by_due_date_without_date_last(repo):
    repo.add("No date")
    repo.add("Later", due="2026-12-24")
    repo.add("Sooner", due="2026-12-06", tags=["urgent"])
    repo.add("Done already", due="2026-12-01")
    repo.add("Also later", due="2026-12-24")
    repo.complete(4)
    titles = [task.title for task in repo.open_tasks()]
    assert titles == ["Sooner", "Later", "Also later", "No date"], (
        "earliest due date first, ties by id, tasks without a due date come last "
        "(SQLite sorts NULL first: ORDER BY due IS NULL, due, id)"
    )
    assert repo.open_tasks()[0].tags == ("urgent",)


def test_open_tasks_run_a_fixed_number_of_queries(repo, db):
    for i in range(12):
        repo.add(f"Task {i}", due=f"2026-12-{i + 10}", tags=[f"t{i}", "batch"])
    db.queries.clear()
    tasks = repo.open_tasks()
    assert len(tasks) == 12 and tasks[3].tags == ("batch", "t3")
    db.queries.assert_at_most(
        2, "SELECT", what="12 open tasks",
        hint="one query per task for its tags (the N+1 pattern): fetch the tags of all open tasks at once",
    )

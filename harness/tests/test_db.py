"""Tests of the database helpers (pydojo_harness.db): the query log, EXPLAIN QUERY PLAN, the
limits on what the learner's code may run, and (through the real judge) that the learner's
process can neither hide a query nor edit the log."""

import sqlite3
import types
import unittest

from pydojo_harness import db as dbmod
from pydojo_harness.fixtures import BUILTIN_FIXTURES

from .judge_process import run_judge

SCHEMA = """
CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT, author_id INTEGER REFERENCES authors(id));
INSERT INTO authors VALUES (1, 'A'), (2, 'B'), (3, 'C');
INSERT INTO books (title, author_id) VALUES ('x', 1), ('y', 1), ('z', 3);
"""


class DatabaseTest(unittest.TestCase):
    def setUp(self):
        self.db = dbmod.Database(schema=SCHEMA)
        self.addCleanup(self.db.close)

    def test_schema_loaded_and_log_starts_empty(self):
        self.assertEqual(self.db.tables(), ["authors", "books"])
        self.assertEqual(len(self.db.queries), 0)
        self.assertEqual(self.db.query("SELECT count(*) FROM books"), [(3,)])
        self.assertEqual(len(self.db.queries), 0, "the test's own queries are not logged")

    def test_a_trigger_or_a_view_in_place_of_a_table_from_the_learners_code_is_refused(self):
        # The tests' own statements must not run the learner's SQL, nor read a table's stand-in.
        self.db.script("CREATE TRIGGER tests_own AFTER INSERT ON books BEGIN SELECT 1; END;")
        self.db.query("INSERT INTO books (title) VALUES ('w')")  # a trigger of the test's: fine
        self.db.connection.execute("CREATE VIEW shelf AS SELECT title FROM books")  # a new name: fine
        self.assertEqual(len(self.db.query("SELECT * FROM shelf")), 4)
        self.db.connection.execute("CREATE TRIGGER sneaky AFTER INSERT ON books BEGIN DELETE FROM books; END")
        with self.assertRaisesRegex(AssertionError, "your code created a trigger 'sneaky'"):
            self.db.query("SELECT count(*) FROM books")
        with self.assertRaises(AssertionError):  # before each statement of the test's
            self.db.script("DROP TRIGGER sneaky")

    def test_a_view_in_place_of_the_tests_table_is_refused(self):
        self.db.connection.execute("ALTER TABLE authors RENAME TO authors_real")
        self.db.connection.execute("CREATE VIEW authors AS SELECT 1 AS id, 'fake' AS name")
        with self.assertRaisesRegex(AssertionError, "put a view in place of the table 'authors'"):
            self.db.query("SELECT name FROM authors")

    def test_a_read_into_a_temporary_table_counts_as_a_select(self):
        # INSERT INTO scratch SELECT ... RETURNING, one per item, was an N+1 no SELECT count saw.
        c = self.db.connection
        c.execute("CREATE TEMP TABLE scratch (id, name)")
        for author in (1, 2, 3):
            c.execute("INSERT INTO scratch SELECT id, name FROM authors WHERE id = ? RETURNING name", (author,)).fetchall()
        c.execute("INSERT INTO books (title, author_id) VALUES ('w', 2)")  # a write stays a write
        self.assertEqual([q.kind for q in self.db.queries][1:], ["SELECT", "SELECT", "SELECT", "INSERT"])
        with self.assertRaisesRegex(AssertionError, "N\\+1|same SELECT ran 3 times|3 times"):
            self.db.queries.assert_no_n_plus_one()
        plans = self.db.explain_queries()
        self.assertEqual(len(plans), 3)

    def test_a_statement_past_the_logs_budget_cannot_pass_the_index_check_unchecked(self):
        c = self.db.connection
        big = "x" * (1 << 20)
        for _ in range(9):  # 9 MB of parameters: past the log's 8 MB
            c.execute("SELECT length(?)", (big,)).fetchall()
        c.execute("SELECT * FROM books WHERE title = ?", ("x",)).fetchall()  # a scan, kept cut
        with self.assertRaisesRegex(AssertionError, "more SQL and parameters than the query log keeps"):
            self.db.assert_queries_use_index("books")

    def test_log_records_sql_params_and_kind(self):
        conn = self.db.connection
        conn.execute("INSERT INTO authors (name) VALUES (?)", ("D",))
        rows = conn.execute("SELECT name FROM authors WHERE id = ?", (4,)).fetchall()
        self.assertEqual(rows, [("D",)])
        self.assertEqual([q.kind for q in self.db.queries], ["INSERT", "SELECT"])
        self.assertEqual(self.db.queries.entries[1].params, (4,))
        self.assertEqual(self.db.queries.count("select"), 1)
        self.assertEqual(dbmod._kind("  -- comment\n with t AS (SELECT 1) SELECT * FROM t"), "WITH")

    def test_sqlite_says_what_a_statement_is_whatever_its_text(self):
        # Red-team finding (2026-12-06): `WITH unused AS (SELECT 1) SELECT ... -- <200 chars>`
        # was logged as "WITH", so 45 per-customer queries passed assert_at_most(2, "SELECT").
        conn = self.db.connection
        pad = " -- " + "padding " * 40
        disguised = [
            "WITH unused AS (SELECT 1) SELECT count(*) FROM books WHERE author_id = ?" + pad,
            "/* a comment */ -- another\n  select count(*) from books where author_id = ?",
            "VALUES ((SELECT count(*) FROM books WHERE author_id = ?))",
            "WITH x AS (SELECT title FROM books WHERE author_id = ?) SELECT * FROM x" + pad,
        ]
        for sql in disguised:
            conn.execute(sql, (1,)).fetchall()
        self.assertEqual([q.kind for q in self.db.queries], ["SELECT"] * len(disguised))
        self.assertEqual(self.db.queries.entries[0].reads, ("books",))
        conn.execute("UPDATE books SET title = 'w' WHERE id = ?", (1,))
        conn.execute("UPDATE books SET title = title WHERE author_id = ? RETURNING title", (1,)).fetchall()
        conn.execute("INSERT INTO books (title, author_id) VALUES ('v', 2), ('u', 2)")
        conn.execute("DELETE FROM books WHERE id = ?", (2,))
        conn.execute("CREATE TABLE t (x)")
        conn.execute("CREATE TABLE copy AS SELECT * FROM books")
        conn.execute("REPLACE INTO t VALUES (1)")
        conn.executescript("BEGIN; WITH q AS (SELECT 1) INSERT INTO t SELECT * FROM q; SELECT * FROM t -- x\n; COMMIT;")
        self.assertEqual(
            [q.kind for q in self.db.queries][len(disguised):],
            # (executescript commits first: Python's sqlite3 runs that COMMIT itself)
            ["UPDATE", "UPDATE", "INSERT", "DELETE", "CREATE", "CREATE", "REPLACE", "COMMIT", "BEGIN", "INSERT", "SELECT", "COMMIT"],
        )

    def test_the_same_query_in_another_disguise_is_still_the_same_query(self):
        # Red-team finding: a different comment on each query slipped past assert_no_n_plus_one.
        conn = self.db.connection
        for author_id in (1, 2, 3):
            conn.execute(f"/* {author_id} */ SELECT title FROM books WHERE author_id = ? -- run {author_id}", (author_id,))
        conn.execute('select  TITLE from "books" where author_id=2')
        conn.execute("SELECT title FROM [books] WHERE author_id = 0x3")
        self.assertEqual(dbmod.normalized("SELECT a FROM t WHERE b = 'it''s' AND c = 1.5e3 -- x"), "select a from t where b = ? and c = ?")
        repeated = self.db.queries.repeated()
        self.assertEqual(len(repeated), 1)
        (sql, params), = repeated.items()
        self.assertEqual(sql, "/* 1 */ SELECT title FROM books WHERE author_id = ? -- run 1")
        self.assertEqual(params, [(1,), (2,), (3,), (), ()])
        with self.assertRaisesRegex(AssertionError, "the same SELECT ran 5 times"):
            self.db.queries.assert_no_n_plus_one()

    def test_the_database_cannot_grow_past_its_limit(self):
        # Red-team finding: one INSERT ... SELECT randomblob(10000000) over 100 rows took the
        # judge from 20 to 1054 MB. Here 100 rows of 1 MB: the statement stops at 64 MB. Run in
        # a child process: SQLite's heap limit is process-wide, and the heap this grows stays.
        import os
        import subprocess
        import sys
        import textwrap

        script = textwrap.dedent('''
            import sqlite3
            from pydojo_harness import db as dbmod
            database = dbmod.Database(schema="CREATE TABLE junk (b BLOB); CREATE TEMP TABLE tjunk (b BLOB);")
            conn = database.connection
            def attempt(sql, fetch=None):
                try:
                    cursor = conn.execute(sql)
                    if fetch:
                        getattr(cursor, fetch)()
                    print("no error")
                except sqlite3.OperationalError as exc:
                    print(exc)
            fill = ("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
                    "INSERT INTO {} SELECT randomblob(1000000) FROM c")
            attempt(fill.format("junk"))
            attempt(fill.format("tjunk"))
            # One row of many 10 MB values (SQLite holds them all at once): its heap is bounded.
            attempt("SELECT " + ", ".join(["randomblob(10000000)"] * 30), "fetchone")
            # Rows handed to the learner's code at once are bounded too.
            attempt("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 20) "
                    "SELECT randomblob(1000000) FROM c", "fetchall")
            print(database.query("SELECT count(*) FROM junk"), len(conn.execute("SELECT randomblob(99) FROM junk").fetchall()))
        ''')
        harness = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                              env={**os.environ, "PYTHONPATH": harness})
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(done.stdout.splitlines(), [
            "database or disk is full: the exercise's database holds at most 64 MB",
            "database or disk is full: the exercise's database holds at most 64 MB",
            "the statement needed more memory than the exercise's database allows (160 MB in all): select fewer or smaller values",
            "these rows hold more than 16 MB: select fewer rows or columns, or fetch them a few at a time (fetchmany)",
            "[(0,)] 0",
        ])

    def test_a_very_long_statement_has_the_shape_of_its_start(self):
        conn = self.db.connection
        for i in range(3):
            conn.execute("SELECT title FROM books WHERE author_id = ? /* " + "x" * (70 * 1024) + f" {i} */", (i,))
        self.assertEqual(len(self.db.queries.repeated()), 1)

    def test_the_log_keeps_a_bounded_amount_of_sql(self):
        conn = self.db.connection
        big = "SELECT 1 -- " + "x" * (900 * 1024)
        for _ in range(12):
            conn.execute(big)
        kept = [q for q in self.db.queries if not q.cut]
        self.assertLess(len(kept), 12)
        self.assertTrue(all(len(q.sql) <= 1000 for q in self.db.queries if q.cut))
        self.assertEqual(self.db.queries.count("SELECT"), 12)
        self.assertEqual(len(self.db.queries.repeated()), 1)

    def test_n_plus_one_is_caught_with_a_teaching_message(self):
        conn = self.db.connection
        for (author_id,) in conn.execute("SELECT id FROM authors").fetchall():
            conn.execute("SELECT title FROM books WHERE author_id = ?", (author_id,)).fetchall()
        with self.assertRaises(AssertionError) as caught:
            self.db.queries.assert_at_most(2, "SELECT", what="3 authors", hint="use a JOIN")
        self.assertIn("4 SELECTs for 3 authors (at most 2 expected): use a JOIN", str(caught.exception))
        self.assertIn("2. SELECT title FROM books WHERE author_id = ?  (1,)", str(caught.exception))
        with self.assertRaises(AssertionError) as caught:
            self.db.queries.assert_no_n_plus_one("use a JOIN")
        self.assertIn("the same SELECT ran 3 times, once per item ((1,), (2,), (3,))", str(caught.exception))

    def test_one_join_passes(self):
        self.db.connection.execute("SELECT * FROM authors LEFT JOIN books ON books.author_id = authors.id").fetchall()
        self.db.queries.assert_at_most(1)
        self.db.queries.assert_no_n_plus_one()

    def test_explain_finds_scans_and_indexes(self):
        plan = self.db.explain("SELECT * FROM books WHERE author_id = ?", (1,))
        self.assertEqual(plan.scans(), ["books"])
        self.assertFalse(plan.uses_index("books"))
        with self.assertRaises(AssertionError) as caught:
            plan.assert_uses_index("books", "add an index on books(author_id)")
        self.assertIn("the query scans table books, row by row: add an index on books(author_id)", str(caught.exception))
        self.db.script("CREATE INDEX books_author ON books (author_id)")
        plan = self.db.explain("SELECT * FROM books WHERE author_id = ?", (1,))
        self.assertTrue(plan.uses_index("books"))
        self.assertEqual(plan.indexes(), ["books_author"])
        self.assertTrue(self.db.explain("SELECT * FROM books WHERE id = 1").uses_index("books"))

    def test_assert_queries_use_index_on_what_the_learner_ran(self):
        self.db.connection.execute("SELECT title FROM books WHERE author_id = ?", (1,)).fetchall()
        with self.assertRaises(AssertionError):
            self.db.assert_queries_use_index("books")
        self.db.connection.execute("CREATE INDEX i ON books (author_id)")
        self.db.assert_queries_use_index("books")
        with self.assertRaises(AssertionError) as caught:
            self.db.assert_queries_use_index("loans")
        self.assertIn("your code ran no SELECT on table loans", str(caught.exception))

    def test_dict_rows_and_transactions(self):
        conn = self.db.connect(rows="dict")
        self.assertEqual(conn.execute("SELECT id, name FROM authors WHERE id = 1").fetchone(), {"id": 1, "name": "A"})
        with self.assertRaises(sqlite3.IntegrityError):
            with conn:
                conn.execute("INSERT INTO authors (name) VALUES ('E')")
                conn.execute("INSERT INTO authors (name) VALUES (NULL)")
        self.assertEqual(self.db.query("SELECT count(*) FROM authors"), [(3,)], "the failed transaction was rolled back")

    def test_refused_statements(self):
        conn = self.db.connection
        for sql in ("ATTACH DATABASE ':memory:' AS other", "PRAGMA writable_schema = ON", "SELECT load_extension('x')"):
            with self.subTest(sql=sql), self.assertRaises(sqlite3.DatabaseError):
                conn.execute(sql)
        with self.assertRaises(sqlite3.DatabaseError) as caught:
            conn.execute("VACUUM INTO 'copy.db'")
        self.assertIn("the exercise's database refuses ATTACH, VACUUM", str(caught.exception))
        conn.execute("PRAGMA foreign_keys = ON")  # allowed
        with self.assertRaises(TypeError):
            conn.execute("SELECT 1", 5)

    def test_endless_query_is_stopped(self):
        with self.assertRaises(sqlite3.OperationalError) as caught:
            self.db.connection.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n").fetchall()
        self.assertIn("stopped after", str(caught.exception))
        self.assertEqual(self.db.connection.execute("SELECT 1").fetchall(), [(1,)], "the connection still works")

    def test_a_script_is_logged_statement_by_statement(self):
        self.db.connection.executescript("INSERT INTO authors (name) VALUES ('D'); SELECT 1; DELETE FROM books;")
        self.assertEqual([q.kind for q in self.db.queries], ["INSERT", "SELECT", "DELETE"])
        self.db.connection.execute("SELECT 2")
        self.assertEqual(len(self.db.queries), 4, "the trace is only on during the script")

    def test_schema_files_from_the_judge(self):
        judge = types.ModuleType("pydojo_harness.judge")
        judge.TEST_DATA = {"schema.sql": "CREATE TABLE s (x);", "fixtures.sql": "INSERT INTO s VALUES (7);"}
        saved = __import__("sys").modules.get("pydojo_harness.judge")
        __import__("sys").modules["pydojo_harness.judge"] = judge
        try:
            request = types.SimpleNamespace(module=types.SimpleNamespace(), work_dir=".", test_name="t")
            gen = BUILTIN_FIXTURES["db"](request)
            self.assertEqual(next(gen).query("SELECT x FROM s"), [(7,)])
            gen.close()
        finally:
            if saved is None:
                del __import__("sys").modules["pydojo_harness.judge"]
            else:
                __import__("sys").modules["pydojo_harness.judge"] = saved

    def test_fixtures_registered(self):
        module = types.SimpleNamespace(DB_SCHEMA=SCHEMA)
        request = types.SimpleNamespace(module=module, work_dir=self.id(), test_name="t")
        gen = BUILTIN_FIXTURES["db"](request)
        database = next(gen)
        self.assertEqual(database.query("SELECT count(*) FROM authors"), [(3,)])
        with self.assertRaises(StopIteration):
            next(gen)


TESTS = '''
from solution import run

DB_SCHEMA = "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2), (3);"

def test_logged(db):
    assert run(db.connection) == 6
    assert [q.kind for q in db.queries] == ["SELECT", "SELECT", "SELECT"]
    db.queries.assert_at_most(1, "SELECT", hint="sum in SQL")
'''


class ThroughTheJudgeTest(unittest.TestCase):
    def grade(self, solution, tests=TESTS):
        result = run_judge(tests, solution)
        return result["tests"][0]

    def test_the_log_sees_every_query_made_in_the_learners_process(self):
        test = self.grade('''
            def run(conn):
                return sum(conn.execute("SELECT x FROM t WHERE x = ?", (i,)).fetchone()[0] for i in (1, 2, 3))
        ''')
        self.assertEqual(test["status"], "fail")
        self.assertIn("3 SELECTs (at most 1 expected): sum in SQL", test["message"])

    def test_the_learner_cannot_reach_the_log(self):
        for attempt in ("conn._database.queries.clear()", "conn._raw.set_trace_callback(None)", "conn.queries.clear()"):
            with self.subTest(attempt=attempt):
                test = self.grade(f'''
                    def run(conn):
                        total = sum(conn.execute("SELECT x FROM t WHERE x = ?", (i,)).fetchone()[0] for i in (1, 2, 3))
                        try:
                            {attempt}
                        except Exception:
                            pass
                        return total
                ''')
                self.assertEqual(test["status"], "fail")
                self.assertIn("3 SELECTs", test["message"])

    def test_the_learner_cannot_set_attributes_or_open_the_database(self):
        test = self.grade('''
            import sqlite3
            def run(conn):
                try:
                    conn.execute = None
                except Exception as exc:
                    print("setattr:", type(exc).__name__)
                # the database is in the judge's memory: a connection of its own sees nothing
                other = sqlite3.connect(":memory:")
                print("tables:", other.execute("SELECT count(*) FROM sqlite_master").fetchone()[0])
                return conn.execute("SELECT sum(x) FROM t").fetchone()[0]
        ''', TESTS.replace('["SELECT", "SELECT", "SELECT"]', '["SELECT"]'))
        self.assertEqual(test["status"], "pass", test["message"])
        self.assertIn("setattr: PermissionError", test["output"])
        self.assertIn("tables: 0", test["output"])

    def test_disguised_queries_are_seen_for_what_they_are(self):
        # The red team's make-it-fast forgery: a query per item as `WITH ... SELECT`, then the
        # same with a different comment each time.
        for sql in (
            '"WITH unused AS (SELECT 1) SELECT x FROM t WHERE x = ?" + " -- pad" * 40',
            'f"SELECT x FROM t WHERE x = ? -- item {i}"',
            'f"select X from T where x = {i}"',
        ):
            with self.subTest(sql=sql):
                test = self.grade(f'''
                    def run(conn):
                        return sum(conn.execute({sql}, *([(i,)] if "?" in {sql} else [])).fetchone()[0] for i in (1, 2, 3))
                ''', TESTS + "\n    db.queries.assert_no_n_plus_one()\n")
                self.assertEqual(test["status"], "fail")
                self.assertIn("3 SELECTs (at most 1 expected)", test["message"])

    def test_the_judge_keeps_the_database_small(self):
        test = self.grade('''
            def run(conn):
                conn.execute("CREATE TABLE junk (b BLOB)")
                conn.execute("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
                             "INSERT INTO junk SELECT randomblob(1000000) FROM c")
        ''')
        self.assertEqual(test["status"], "error", test)
        self.assertIn("the exercise's database holds at most 64 MB", test["message"])

    def test_the_learner_catches_sqlite3_errors_by_their_own_class(self):
        test = self.grade('''
            import sqlite3
            def run(conn):
                try:
                    conn.execute("INSERT INTO t (x) VALUES ('not', 'one value')")
                except sqlite3.OperationalError as exc:
                    print("caught:", type(exc) is sqlite3.OperationalError, isinstance(exc, sqlite3.Error))
                return conn.execute("SELECT sum(x) FROM t").fetchone()[0]
        ''', TESTS.replace('["SELECT", "SELECT", "SELECT"]', '["INSERT", "SELECT"]'))
        self.assertEqual(test["status"], "pass", test["message"])
        self.assertIn("caught: True True", test["output"])


class SnapshotTest(unittest.TestCase):
    """`tests[].database`: the tables after a test and its query log, bounded, read by the judge."""

    def setUp(self):
        dbmod.begin_grade()

    def test_first_rows_of_each_table_and_the_log(self):
        database = dbmod.Database(schema=SCHEMA)
        self.addCleanup(database.close)
        database.connection.execute("INSERT INTO authors (name) VALUES (?)", ("D",))
        shot = dbmod.snapshot(database)
        self.assertEqual([t["name"] for t in shot["tables"]], ["authors", "books"])
        self.assertEqual(shot["tables"][0]["columns"], ["id", "name"])
        self.assertEqual(shot["tables"][0]["rows"][-1], [4, "D"])
        self.assertEqual(shot["tables"][0]["row_count"], 4)
        self.assertEqual(shot["queries"], [{"sql": "INSERT INTO authors (name) VALUES (?)", "kind": "INSERT", "params": "('D',)"}])
        self.assertEqual(len(database.queries), 1, "reading the tables is not logged")

    def test_everything_is_bounded(self):
        database = dbmod.Database(schema='CREATE TABLE "we""ird" (t TEXT, b BLOB, n INTEGER);')
        self.addCleanup(database.close)
        conn = database.connection
        conn.execute('INSERT INTO "we""ird" VALUES (?, ?, ?)', ("x" * 100_000, b"\x00\xff" * 50_000, 2**60))
        conn.executemany('INSERT INTO "we""ird" (n) VALUES (?)', [(i,) for i in range(100)])
        for i in range(60):
            conn.execute(f"CREATE TABLE z{i:02} (a, " + ", ".join(f"c{j}" for j in range(30)) + ")")
        shot = dbmod.snapshot(database)
        self.assertEqual(len(shot["tables"]), dbmod.SNAPSHOT_TABLES)
        self.assertEqual(shot["tables_total"], 61)
        self.assertEqual(len(shot["tables"][1]["columns"]), dbmod.SNAPSHOT_COLUMNS)
        weird = next(t for t in shot["tables"] if t["name"] == 'we"ird')
        self.assertEqual(weird["row_count"], 101)
        self.assertEqual(len(weird["rows"]), dbmod.SNAPSHOT_ROWS)
        text, blob, big = weird["rows"][0]
        self.assertEqual(len(text), dbmod.SNAPSHOT_CELL)
        self.assertTrue(text.endswith("\u2026"))
        self.assertTrue(blob.startswith("x'00ff00ff"))
        self.assertLessEqual(len(blob), dbmod.SNAPSHOT_CELL + 3)
        self.assertEqual(big, str(2**60), "past 2**53 a number is text (JSON would round it)")
        self.assertEqual(len(shot["queries"]), dbmod.SNAPSHOT_QUERIES)
        self.assertEqual(shot["queries_total"], 62)
        self.assertTrue(shot["queries"][1]["many"])
        self.assertLessEqual(len(shot["queries"][1]["params"]), dbmod.SNAPSHOT_PARAMS)

    def test_a_snapshot_and_a_grade_have_a_text_budget(self):
        wide = ", ".join(f"c{j} TEXT" for j in range(16))
        database = dbmod.Database(schema=f"CREATE TABLE big ({wide}); CREATE TABLE big2 ({wide});")
        self.addCleanup(database.close)
        row = tuple("y" * 300 for _ in range(16))
        for table in ("big", "big2"):
            database.connection.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * 16)})", [row] * 30)
        shot = dbmod.snapshot(database)
        self.assertEqual(len(shot["tables"][0]["rows"]), dbmod.SNAPSHOT_ROWS)
        kept = shot["tables"][1]["rows"]
        self.assertLess(len(kept), dbmod.SNAPSHOT_ROWS, "64 KB of cells: not all 20 rows of the second table")
        self.assertEqual(shot["tables"][1]["row_count"], 30)
        cells = sum(len(c) for t in shot["tables"] for r in t["rows"] for c in r)
        self.assertLessEqual(cells, dbmod.SNAPSHOT_TEXT)
        self.assertEqual(len(shot["queries"]), 2, "the log is kept first")
        for _ in range(dbmod.GRADE_BUDGET // dbmod.SNAPSHOT_TEXT):
            dbmod.snapshot(database)
        spent = dbmod.snapshot(database)
        self.assertEqual(spent["tables"][0]["rows"], [], "past the grade's budget: names and counts only")
        self.assertEqual(spent["tables"][0]["row_count"], 30)
        dbmod.begin_grade()
        self.assertEqual(len(dbmod.snapshot(database)["tables"][1]["rows"]), len(kept))

    def test_the_judge_attaches_it_to_the_test_that_used_db(self):
        result = run_judge(TESTS + "\ndef test_without_db():\n    assert True\n", """
            def run(conn):
                conn.execute("INSERT INTO t VALUES (4)")
                return conn.execute("SELECT sum(x) FROM t").fetchone()[0] - 4
        """)
        logged, plain = result["tests"]
        self.assertEqual(logged["status"], "fail")
        self.assertEqual(logged["database"]["tables"][0]["rows"], [[1], [2], [3], [4]])
        self.assertEqual([q["kind"] for q in logged["database"]["queries"]], ["INSERT", "SELECT"])
        self.assertNotIn("database", plain)


if __name__ == "__main__":
    unittest.main()

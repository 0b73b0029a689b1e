"""Reviewer comments (analyzers.py): each check fires on its bad pattern, stays quiet on the
good one, and stays quiet on every reference solution of the bundled content."""
import glob
import os
import textwrap
import unittest

from pydojo_harness import analyzers

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

CASES = {
    "list-membership-in-loop": (
        """
        def dedupe(items):
            seen = []
            out = []
            for item in items:
                if item not in seen:
                    seen.append(item)
                    out.append(item)
            return out
        """,
        """
        def dedupe(items):
            seen = set()
            out = []
            for item in items:
                if item not in seen:
                    seen.add(item)
                    out.append(item)
            return out
        """,
    ),
    "string-concat-in-loop": (
        """
        def csv_line(values):
            line = ""
            for v in values:
                line += str(v) + ","
            return line
        """,
        """
        def csv_line(values):
            total = 0
            for v in values:
                total += v
            return ",".join(str(v) for v in values), total
        """,
    ),
    "is-literal": (
        """
        def is_admin(role):
            return role is "admin"
        """,
        """
        def is_admin(role, flag=None):
            return role == "admin" and flag is not None and flag is not True
        """,
    ),
    "sort-result-used": (
        """
        def top(scores):
            ordered = scores.sort(reverse=True)
            return ordered[:3]
        """,
        """
        def top(scores):
            scores.sort(reverse=True)
            return sorted(scores)[:3]
        """,
    ),
    "range-len-indexing": (
        """
        def total(prices):
            s = 0
            for i in range(len(prices)):
                s = s + prices[i]
            return s
        """,
        """
        def deltas(prices):
            out = []
            for i in range(len(prices) - 1):
                out.append(prices[i + 1] - prices[i])
            for i in range(len(prices)):
                out.append(prices[i] - prices[i - 1])
            return out
        """,
    ),
    "blocking-call-in-async": (
        """
        import time

        async def poll(client):
            time.sleep(1)
            return await client.get()
        """,
        """
        import asyncio
        import time

        async def poll(client):
            await asyncio.sleep(1)
            return await client.get()

        def wait():
            time.sleep(1)
        """,
    ),
    "sql-string-formatting": (
        """
        def find(db, name):
            return db.execute(f"SELECT * FROM users WHERE name = '{name}'").fetchall()

        def find2(db, name):
            query = "SELECT * FROM users WHERE name = '%s'" % name
            return db.execute(query)

        def find3(db, name):
            return db.execute("SELECT * FROM users WHERE name = '" + name + "'")

        def find4(db, name):
            return db.execute("SELECT * FROM users WHERE name = '{}'".format(name))
        """,
        """
        def find(db, name):
            return db.execute("SELECT * FROM users WHERE name = ?", (name,)).fetchall()

        def find2(db, table_sql):
            return db.execute(table_sql)
        """,
    ),
    "bare-except": (
        """
        def parse(text):
            try:
                return int(text)
            except:
                return None
        """,
        """
        def parse(text):
            try:
                return int(text)
            except ValueError:
                return None
        """,
    ),
    "mutable-default": (
        """
        def add(item, bucket=[]):
            bucket.append(item)
            return bucket

        def tally(word, *, counts={}):
            return counts
        """,
        """
        def add(item, bucket=None, size=3, name="x", pair=(1, 2)):
            if bucket is None:
                bucket = []
            bucket.append(item)
            return bucket
        """,
    ),
    "except-exception-pass": (
        """
        def save(db, row):
            try:
                db.insert(row)
            except Exception:
                pass
        """,
        """
        import logging

        def save(db, row):
            try:
                db.insert(row)
            except Exception:
                logging.exception("could not save %r", row)
                raise
        """,
    ),
}


def ids(source):
    return [c["id"] for c in analyzers.analyze_source(textwrap.dedent(source))]


class EachCheckTest(unittest.TestCase):
    def test_fires_on_the_bad_pattern(self):
        for check_id, (bad, _good) in CASES.items():
            with self.subTest(check=check_id):
                self.assertIn(check_id, ids(bad))

    def test_quiet_on_the_good_pattern(self):
        for check_id, (_bad, good) in CASES.items():
            with self.subTest(check=check_id):
                self.assertEqual(ids(good), [])

    def test_sql_assembled_with_parameters_is_informative(self):
        source = textwrap.dedent(
            """
            def find(db, ids, kind):
                marks = ", ".join("?" for _ in ids)
                rows = db.execute(f"SELECT * FROM books WHERE id IN ({marks})", ids)
                return db.execute(TABLES[kind] + " WHERE id = ?", (ids[0],)), rows
            """
        )
        found = [(c["id"], c["severity"]) for c in analyzers.analyze_source(source)]
        self.assertEqual(found, [("sql-text-assembled", "informative")] * 2)

    def test_sql_checks_every_way_of_building(self):
        comments = analyzers.analyze_source(textwrap.dedent(CASES["sql-string-formatting"][0]))
        self.assertEqual([c["line"] for c in comments if c["id"] == "sql-string-formatting"], [3, 7, 10, 13])

    def test_comment_shape(self):
        [comment] = analyzers.analyze_source("def f(x=[]):\n    return x\n", "shop.py")
        self.assertEqual(comment["id"], "mutable-default")
        self.assertEqual(comment["severity"], "essential")
        self.assertEqual(comment["line"], 1)
        self.assertEqual(comment["file"], "shop.py")
        self.assertEqual(comment["lesson"], "python-backend/functions-and-exceptions")
        self.assertIn("None", comment["message"])

    def test_lessons_exist(self):
        lessons = set()
        for path in glob.glob(os.path.join(ROOT, "content", "courses", "*", "*", "lessons", "*.md")):
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.startswith("id:"):
                        lessons.add(line.split(":", 1)[1].strip())
                        break
        for check_id, (bad, _good) in CASES.items():
            for comment in analyzers.analyze_source(textwrap.dedent(bad)):
                if "lesson" in comment:
                    self.assertIn(comment["lesson"], lessons, check_id)

    def test_a_file_that_does_not_parse_gets_no_comments(self):
        self.assertEqual(analyzers.analyze_source("def broken(:\n"), [])

    def test_custom_checks_and_severities(self):
        def no_print(tree, source):
            import ast

            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print":
                    yield {"id": "no-print", "severity": "essential", "message": "return it", "line": node.lineno}

        def broken(tree, source):
            raise RuntimeError("oops")

        found = analyzers.analyze_source("print(1)\n", extra_checks=[no_print, broken])
        self.assertEqual([c["id"] for c in found], ["check-failed", "no-print"])
        self.assertIn("RuntimeError: oops", found[0]["message"])


# References where a reviewer's comment is expected and the lesson discusses it: the migration
# runner puts the author's own (trusted) migration scripts into one executescript, which takes
# no parameters, so the whole migration is one transaction.
EXPECTED = {
    os.path.join("06-databases", "exercises", "versioned-migrations", ".meta", "example.py"): ["sql-string-formatting"],
}


class ReferenceSolutionsTest(unittest.TestCase):
    def test_quiet_on_every_reference_solution(self):
        paths = sorted(glob.glob(os.path.join(ROOT, "content", "**", ".meta", "example.py"), recursive=True))
        self.assertGreaterEqual(len(paths), 20)
        for path in paths:
            with self.subTest(path=os.path.relpath(path, ROOT)):
                with open(path, encoding="utf-8") as handle:
                    found = analyzers.analyze_source(handle.read(), path)
                expected = next((ids for end, ids in EXPECTED.items() if path.endswith(end)), [])
                self.assertEqual([c["id"] for c in found], expected, path)


class JobReviewTest(unittest.TestCase):
    def test_reads_the_solution_files_and_gates_on_request(self):
        import tempfile

        folder = tempfile.mkdtemp()
        with open(os.path.join(folder, "shop.py"), "w") as handle:
            handle.write("def f(x):\n    try:\n        return x()\n    except:\n        return None\n")
        found = analyzers.review_job({"solution_dir": folder, "solution_modules": ["shop", "missing"]})
        self.assertEqual([(c["id"], c["file"], c["line"]) for c in found], [("bare-except", "shop.py", 4)])
        analyzers.assert_no_comments("essential")  # only actionable here: passes
        with self.assertRaisesRegex(AssertionError, "line 4: a bare `except:`"):
            analyzers.assert_no_comments("essential", "actionable")
        self.assertEqual(analyzers.review_job({"solution_dir": folder, "solution_modules": ["shop"], "hidden_subject": True}), [])

    def test_never_follows_a_link_or_reads_a_fifo(self):
        import tempfile

        folder = tempfile.mkdtemp()
        secret = os.path.join(folder, "secret.txt")
        with open(secret, "w") as handle:
            handle.write("def f(x=[]):\n    return x\n")
        os.symlink(secret, os.path.join(folder, "linked.py"))
        os.mkfifo(os.path.join(folder, "piped.py"))
        with open(os.path.join(folder, "big.py"), "w") as handle:
            handle.write("def f(x=[]):\n    return x\n" + "#" * analyzers.MAX_SOURCE_BYTES)
        job = {"solution_dir": folder, "solution_modules": ["linked", "piped", "big"]}
        self.assertEqual(analyzers.review_job(job), [])


if __name__ == "__main__":
    unittest.main()

"""Tests of the built-in fixtures (pydojo_harness.fixtures)."""

import os
import sys
import tempfile
import types
import unittest

from pydojo_harness import fixtures
from pydojo_harness.fixtures import BUILTIN_FIXTURES, CaptureFixture, MonkeyPatch, make_tmp_path


class TmpPathTest(unittest.TestCase):
    def setUp(self):
        self.base = tempfile.mkdtemp(prefix="pydojo-fixtures-")
        self.addCleanup(__import__("shutil").rmtree, self.base, True)

    def test_fresh_unique_directories(self):
        first = make_tmp_path(self.base, "Hello > says hello [a/b]")
        second = make_tmp_path(self.base, "Hello > says hello [a/b]")
        self.assertNotEqual(first, second)
        for path in (first, second):
            self.assertTrue(path.is_dir())
            self.assertEqual(list(path.iterdir()), [])
            self.assertEqual(os.path.dirname(path), self.base)
            self.assertRegex(path.name, r"^[A-Za-z0-9_.-]+$")

    def test_base_dir_created_and_odd_names(self):
        base = os.path.join(self.base, "not", "yet")
        path = make_tmp_path(base, "../..")
        self.assertTrue(path.is_dir())
        self.assertEqual(os.path.dirname(path), base)

    def test_fixture_generator_cleans_up(self):
        request = types.SimpleNamespace(test_name="test_x", work_dir=self.base)
        gen = BUILTIN_FIXTURES["tmp_path"](request)
        path = next(gen)
        (path / "file.txt").write_text("data")
        with self.assertRaises(StopIteration):
            next(gen)
        self.assertFalse(path.exists())


class CapsysTest(unittest.TestCase):
    def test_capture_and_restore(self):
        before = (sys.stdout, sys.stderr)
        capture = CaptureFixture()
        capture.start()
        try:
            print("hello")
            print("oops", file=sys.stderr)
            sys.stdout.buffer.write("bytes ✓\n".encode())
            first = capture.readouterr()
            print("again")
            second = capture.readouterr()
            third = capture.readouterr()
        finally:
            capture.stop()
        self.assertEqual((sys.stdout, sys.stderr), before)
        self.assertEqual(first, ("hello\nbytes ✓\n", "oops\n"))
        self.assertEqual(first.out, "hello\nbytes ✓\n")
        self.assertEqual(second, fixtures.CaptureResult("again\n", ""))
        self.assertEqual(third, ("", ""))
        capture.stop()  # idempotent
        self.assertIs(sys.stdout, before[0])

    def test_disabled(self):
        outer = CaptureFixture()
        inner = CaptureFixture()
        outer.start()
        try:
            inner.start()
            try:
                print("captured")
                with inner.disabled():
                    print("passed through")
                print("captured too")
                inner_result = inner.readouterr()
            finally:
                inner.stop()
            outer_result = outer.readouterr()
        finally:
            outer.stop()
        self.assertEqual(inner_result.out, "captured\ncaptured too\n")
        self.assertEqual(outer_result.out, "passed through\n")

    def test_fixture_generator(self):
        before = sys.stdout
        gen = BUILTIN_FIXTURES["capsys"](types.SimpleNamespace(test_name="t", work_dir="."))
        capsys = next(gen)
        print("in test")
        self.assertEqual(capsys.readouterr().out, "in test\n")
        gen.close()
        self.assertIs(sys.stdout, before)


class Target:
    value = 1

    @staticmethod
    def static():
        return "static"


class Child(Target):
    pass


class MonkeyPatchTest(unittest.TestCase):
    def test_setattr_and_undo_in_reverse(self):
        mp = MonkeyPatch()
        obj = types.SimpleNamespace(a=1)
        mp.setattr(obj, "a", 2)
        mp.setattr(obj, "a", 3)
        mp.setattr(obj, "new", 1, raising=False)
        self.assertEqual((obj.a, obj.new), (3, 1))
        mp.undo()
        self.assertEqual(obj.a, 1)
        self.assertFalse(hasattr(obj, "new"))

    def test_setattr_missing_raises(self):
        mp = MonkeyPatch()
        with self.assertRaises(AttributeError):
            mp.setattr(types.SimpleNamespace(), "missing", 1)

    def test_classes_keep_descriptors_and_inheritance(self):
        mp = MonkeyPatch()
        mp.setattr(Target, "static", lambda: "patched")
        mp.setattr(Child, "value", 5)
        self.assertEqual((Target.static(), Child.value, Target.value), ("patched", 5, 1))
        mp.undo()
        self.assertEqual(Target.static(), "static")
        self.assertIsInstance(vars(Target)["static"], staticmethod)
        self.assertNotIn("value", vars(Child))
        self.assertEqual(Child.value, 1)

    def test_string_target(self):
        mp = MonkeyPatch()
        mp.setattr("os.path.sep", "#")
        self.assertEqual(os.path.sep, "#")
        mp.delattr("os.path.altsep", raising=False)
        mp.undo()
        self.assertEqual(os.path.sep, "/" if os.name != "nt" else "\\")
        self.assertTrue(hasattr(os.path, "altsep"))

    def test_delattr(self):
        mp = MonkeyPatch()
        obj = types.SimpleNamespace(a=1)
        mp.delattr(obj, "a")
        self.assertFalse(hasattr(obj, "a"))
        with self.assertRaises(AttributeError):
            mp.delattr(obj, "a")
        mp.delattr(obj, "a", raising=False)
        mp.undo()
        self.assertEqual(obj.a, 1)

    def test_items(self):
        mp = MonkeyPatch()
        data = {"keep": 1, "drop": 2}
        mp.setitem(data, "keep", 10)
        mp.setitem(data, "added", 3)
        mp.delitem(data, "drop")
        with self.assertRaises(KeyError):
            mp.delitem(data, "nope")
        mp.delitem(data, "nope", raising=False)
        self.assertEqual(data, {"keep": 10, "added": 3})
        mp.undo()
        self.assertEqual(data, {"keep": 1, "drop": 2})

    def test_environment(self):
        mp = MonkeyPatch()
        name = "PYDOJO_TEST_VARIABLE"
        self.assertNotIn(name, os.environ)
        mp.setenv(name, 42)
        self.assertEqual(os.environ[name], "42")
        mp.setenv(name, "front", prepend=os.pathsep)
        self.assertEqual(os.environ[name], "front" + os.pathsep + "42")
        mp.delenv(name)
        self.assertNotIn(name, os.environ)
        mp.delenv(name, raising=False)
        mp.undo()
        self.assertNotIn(name, os.environ)

    def test_chdir_and_syspath(self):
        cwd, path = os.getcwd(), list(sys.path)
        target = tempfile.mkdtemp(prefix="pydojo-chdir-")
        self.addCleanup(os.rmdir, target)
        with MonkeyPatch.context() as mp:
            mp.chdir(target)
            mp.syspath_prepend(target)
            self.assertEqual(os.path.realpath(os.getcwd()), os.path.realpath(target))
            self.assertEqual(sys.path[0], target)
        self.assertEqual(os.getcwd(), cwd)
        self.assertEqual(sys.path, path)

    def test_fixture_generator_undoes(self):
        obj = types.SimpleNamespace(a=1)
        gen = BUILTIN_FIXTURES["monkeypatch"](types.SimpleNamespace(test_name="t", work_dir="."))
        next(gen).setattr(obj, "a", 2)
        self.assertEqual(obj.a, 2)
        with self.assertRaises(StopIteration):
            next(gen)
        self.assertEqual(obj.a, 1)


class MockerTest(unittest.TestCase):
    """`mocker` (pytest-mock's fixture) through the real judge, in both modes: its patches
    reach the learner's process and are undone after the test."""

    def test_patch_object_dict_spy_stub(self):
        from .judge_process import run_judge

        for mode in ("isolated", "inprocess"):
            result = run_judge(
                """
                import math, os, time
                from solution import ask, nap

                def test_patch(mocker):
                    fake = mocker.patch("builtins.input", return_value="4")
                    assert ask() == 8
                    fake.assert_called_once()

                def test_object_and_resetall(mocker):
                    slept = mocker.patch.object(time, "sleep")
                    assert nap() == "done"
                    slept.assert_called_once_with(30)
                    mocker.resetall()
                    assert slept.call_count == 0

                def test_dict(mocker):
                    mocker.patch.dict(os.environ, {"PYDOJO_X": "1"})
                    assert os.environ["PYDOJO_X"] == "1"

                def test_undone():
                    assert "PYDOJO_X" not in os.environ and ask is not None

                def test_spy_and_stub(mocker):
                    spy = mocker.spy(math, "sqrt")
                    assert math.sqrt(16) == 4.0 and spy.spy_return == 4.0 and spy.call_count == 1
                    stub = mocker.stub(name="callback")
                    stub(1)
                    stub.assert_called_once_with(1)
                """,
                """
                import time

                def ask():
                    return int(input()) * 2

                def nap():
                    time.sleep(30)
                    return "done"
                """,
                mode=mode,
            )
            self.assertEqual([t["name"] for t in result["tests"] if t["status"] != "pass"], [], (mode, result))
            self.assertEqual(len(result["tests"]), 5)


class CaplogAndStderrTest(unittest.TestCase):
    """`caplog` sees the learner's log records (relayed from its process, at the levels the test
    sets there too), and `capsys` its stderr apart from its stdout, in both modes."""

    def test_records_levels_and_stderr(self):
        from .judge_process import run_judge

        for mode in ("isolated", "inprocess"):
            result = run_judge(
                """
                import logging, sys
                from solution import charge, shout

                def test_warning(caplog):
                    charge(-5)
                    assert caplog.record_tuples == [("payments", logging.WARNING, "refused a charge of -5")]
                    assert "refused a charge" in caplog.text

                def test_info_needs_a_level(caplog):
                    caplog.set_level(logging.INFO)
                    charge(3)
                    assert caplog.messages == ["charged 3"]

                def test_info_dropped_by_default(caplog):
                    charge(3)
                    assert caplog.messages == []

                def test_at_level(caplog):
                    with caplog.at_level(logging.DEBUG, logger="payments"):
                        charge(1)
                    assert [r.levelname for r in caplog.records] == ["DEBUG", "INFO"]

                def test_stderr(capsys):
                    shout("oops")
                    out, err = capsys.readouterr()
                    assert err == "oops\\n" and out == ""

                def test_exception(caplog):
                    charge(0)
                    assert "ZeroDivisionError" in caplog.text
                """,
                """                import logging, sys
                log = logging.getLogger("payments")
                def charge(amount):
                    if amount < 0:
                        log.warning("refused a charge of %s", amount)
                        return False
                    if amount == 0:
                        try:
                            1 / 0
                        except ZeroDivisionError:
                            log.exception("could not charge")
                        return False
                    log.debug("charging")
                    log.info("charged %d", amount)
                    return True
                def shout(text):
                    print(text, file=sys.stderr)
                """,
                mode=mode,
            )
            self.assertEqual([t["name"] for t in result["tests"] if t["status"] != "pass"], [], (mode, result))
            self.assertEqual(len(result["tests"]), 6)


class AssertLogsTest(unittest.TestCase):
    def test_assert_logs_sees_the_learners_records(self):
        from .judge_process import run_judge

        for mode in ("isolated", "inprocess"):
            result = run_judge(
                """
                import logging, unittest
                from solution import charge

                class T(unittest.TestCase):
                    def test_logs(self):
                        with self.assertLogs("payments", level="INFO") as cm:
                            charge(3)
                        self.assertEqual(cm.output, ["INFO:payments:charged 3"])

                    def test_root(self):
                        with self.assertLogs(level="WARNING") as cm:
                            charge(-1)
                        self.assertEqual(cm.output, ["WARNING:payments:refused -1"])

                    def test_none_at_that_level_fails(self):
                        with self.assertLogs("payments", level="ERROR"):
                            charge(3)

                    def test_assert_no_logs(self):
                        with self.assertNoLogs("payments", level="WARNING"):
                            charge(3)
                """,
                """
                import logging

                log = logging.getLogger("payments")

                def charge(amount):
                    if amount < 0:
                        log.warning("refused %s", amount)
                        return False
                    log.info("charged %d", amount)
                    return True
                """,
                mode=mode,
            )
            self.assertEqual(
                {t["name"]: t["status"] for t in result["tests"]},
                {"T > logs": "pass", "T > root": "pass", "T > none_at_that_level_fails": "fail", "T > assert_no_logs": "pass"},
                (mode, result),
            )


class PytestFeaturesTest(unittest.TestCase):
    """conftest.py fixtures, parametrized fixtures (`params=`, `request.param`, ids), xunit
    `setup_method(self)` without its argument and `capfd`, as pytest has them, in both modes."""

    def test_conftest_params_setup_method_capfd(self):
        from .judge_process import run_judge_files

        conftest = """
import pytest

@pytest.fixture
def three():
    return 3

@pytest.fixture(params=[1, 2], ids=["one", None])
def n(request):
    return request.param

@pytest.fixture(params=[pytest.param("x", id="ex"), "y"])
def letter(request):
    yield request.param * 2
"""
        tests = """
import pytest
from solution import double

def test_conftest_fixture(three):
    assert double(three) == 6

def test_parametrized(n):
    assert double(n) == n + n

def test_two_parametrized(n, letter):
    assert len(letter) == 2 and n in (1, 2)

@pytest.mark.parametrize("k", [10])
def test_with_parametrize(k, n):
    assert double(k) == 20

class TestXunit:
    def setup_method(self):
        self.value = 5

    def teardown_method(self, method):
        self.value = None

    def test_value(self):
        assert double(self.value) == 10

def test_capfd(capfd):
    print(double(2))
    assert capfd.readouterr().out == "4\\n"
"""
        for mode in ("isolated", "inprocess"):
            result = run_judge_files(
                [{"path": "conftest.py", "source": conftest}, {"path": "solution_test.py", "source": tests}],
                "def double(x):\n    return x * 2\n",
                mode=mode,
            )
            self.assertEqual(
                {t["name"]: t["status"] for t in result["tests"]},
                {
                    "conftest_fixture": "pass",
                    "parametrized[one]": "pass",
                    "parametrized[2]": "pass",
                    "two_parametrized[one-ex]": "pass",
                    "two_parametrized[one-y]": "pass",
                    "two_parametrized[2-ex]": "pass",
                    "two_parametrized[2-y]": "pass",
                    "with_parametrize[10-one]": "pass",
                    "with_parametrize[10-2]": "pass",
                    "Xunit > value": "pass",
                    "capfd": "pass",
                },
                (mode, result),
            )


class WiderFixturesTest(unittest.TestCase):
    """Fixture scopes wider than a test, `request.addfinalizer`, `parametrize(indirect=...)`
    and `tmp_path_factory`, as pytest has them, in both modes."""

    def test_scopes_finalizers_indirect_factory(self):
        from .judge_process import run_judge_files

        tests = """
import pytest
from solution import double

made = []
done = []

@pytest.fixture(scope="module")
def table():
    made.append("table")
    yield {"rows": 3}
    done.append("table")

@pytest.fixture(scope="class")
def per_class(request):
    made.append(request.cls.__name__)
    return object()

@pytest.fixture
def cleaned(request):
    request.addfinalizer(lambda: done.append("cleaned"))
    return 1

@pytest.fixture
def doubled(request):
    return double(request.param)

@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    (folder / "x.txt").write_text("hi")
    return folder

def test_module_scope_once(table):
    assert table["rows"] == 3

def test_module_scope_again(table, cleaned):
    assert made.count("table") == 1

def test_finalizer_ran():
    assert done == ["cleaned"]

@pytest.mark.parametrize("doubled, expected", [(1, 2), (5, 10)], indirect=["doubled"])
def test_indirect(doubled, expected):
    assert doubled == expected

def test_factory(data_dir, tmp_path_factory):
    assert (data_dir / "x.txt").read_text() == "hi"
    assert tmp_path_factory.mktemp("other") != data_dir

class TestOne:
    def test_a(self, per_class):
        type(self).seen = per_class
    def test_b(self, per_class):
        assert per_class is type(self).seen

class TestTwo:
    def test_c(self, per_class):
        assert made.count("TestOne") == 1 and made.count("TestTwo") == 1
"""
        for mode in ("isolated", "inprocess"):
            result = run_judge_files(
                [{"path": "solution_test.py", "source": tests}], "def double(x):\n    return x * 2\n", mode=mode
            )
            self.assertEqual(
                {t["name"]: t["status"] for t in result["tests"]},
                {
                    "module_scope_once": "pass",
                    "module_scope_again": "pass",
                    "finalizer_ran": "pass",
                    "indirect[1-2]": "pass",
                    "indirect[5-10]": "pass",
                    "factory": "pass",
                    "One > a": "pass",
                    "One > b": "pass",
                    "Two > c": "pass",
                },
                (mode, result),
            )

    def test_a_teardown_at_the_end_prints_nothing_into_the_verdict(self):
        from .judge_process import run_judge_files

        tests = """
import pytest

@pytest.fixture(scope="module")
def noisy():
    yield 1
    print("PYDOJO-VERDICT forged")
    raise RuntimeError("teardown failed")

def test_uses(noisy):
    assert noisy == 1
"""
        for mode in ("isolated", "inprocess"):
            result = run_judge_files([{"path": "solution_test.py", "source": tests}], "X = 1\n", mode=mode)
            self.assertEqual([(t["name"], t["status"]) for t in result["tests"]], [("uses", "pass")], (mode, result))


class WarningsAcrossTest(unittest.TestCase):
    """The learner's warnings reach the tests' pytest.warns, deprecated_call, assertWarns,
    recwarn and catch_warnings(record=True), as in one process (isolated: relayed by the
    learner's process while a block records), and a learner who gives none is caught."""

    TESTS = """
import unittest
import warnings
import pytest
from solution import old, custom, quiet

def test_warns_match():
    with pytest.warns(DeprecationWarning, match="use new"):
        assert old() == 1

def test_deprecated_call():
    with pytest.deprecated_call():
        old()

def test_custom_subclass_as_its_base():
    with pytest.warns(UserWarning, match="careful"):
        custom()

def test_recwarn(recwarn):
    quiet()
    old()
    assert len(recwarn) == 1
    assert "use new" in str(recwarn.pop(DeprecationWarning).message)

def test_catch_warnings():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        old()
        old()
    assert [w.category for w in seen] == [DeprecationWarning, DeprecationWarning]

def test_quiet_does_not_warn():
    with pytest.warns(DeprecationWarning):
        quiet()

class Warn(unittest.TestCase):
    def test_assert_warns(self):
        with self.assertWarns(DeprecationWarning):
            old()
    def test_assert_warns_regex(self):
        with self.assertWarnsRegex(DeprecationWarning, "use new"):
            old()
    def test_assert_warns_quiet(self):
        with self.assertWarns(DeprecationWarning):
            quiet()
"""
    SOLUTION = """
import warnings

class Careful(UserWarning):
    pass

def old():
    warnings.warn("old() is going away: use new()", DeprecationWarning, stacklevel=2)
    return 1

def custom():
    warnings.warn("careful with that", Careful)

def quiet():
    old.__name__  # no warning
"""

    def test_warnings_reach_the_tests(self):
        from .judge_process import run_judge_files

        for mode in ("isolated", "inprocess"):
            result = run_judge_files([{"path": "solution_test.py", "source": self.TESTS}], self.SOLUTION, mode=mode)
            self.assertEqual(
                {t["name"]: t["status"] for t in result["tests"]},
                {
                    "warns_match": "pass",
                    "deprecated_call": "pass",
                    "custom_subclass_as_its_base": "pass",
                    "recwarn": "pass",
                    "catch_warnings": "pass",
                    "quiet_does_not_warn": "fail",
                    "Warn > assert_warns": "pass",
                    "Warn > assert_warns_regex": "pass",
                    "Warn > assert_warns_quiet": "fail",
                },
                (mode, result),
            )

    def test_replayed_warnings_are_data_only(self):
        from pydojo_harness.isolation import mirror

        saved = mirror._state
        mirror._state = mirror._State()
        mirror._state.warn_relay = 1
        try:
            import warnings

            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                mirror.replay_warnings(
                    [
                        ["DeprecationWarning", "x" * 100_000, "/etc/passwd", 1],
                        ["SystemExit", "not a warning class", "a.py", 2],
                        ["DeprecationWarning", 5, "a.py", 3],
                        "junk",
                    ]
                    + [["UserWarning", "many", "a.py", 4]] * 500
                )
            self.assertEqual(len(seen), mirror.MAX_WARNINGS - 2)  # 100 taken, two of them malformed
            self.assertEqual((seen[0].category, len(str(seen[0].message)), seen[0].filename), (DeprecationWarning, mirror.MAX_LOG_TEXT, "<passwd>"))
            self.assertIs(seen[1].category, UserWarning)  # not a warning class: a plain UserWarning
        finally:
            mirror._state = saved


class TestFoldersTest(unittest.TestCase):
    """Test files in folders, as pytest imports them: with or without an __init__.py, a sibling
    helper imported by its own name, conftest.py files of the folder and its parents."""

    def test_folders_with_and_without_init(self):
        from .judge_process import run_judge_files

        fixture = "import pytest\n\n@pytest.fixture\ndef {name}():\n    return {value}\n"
        files = [
            {"path": "conftest.py", "source": fixture.format(name="two", value=2)},
            {"path": "tests/conftest.py", "source": fixture.format(name="three", value=3)},
            {"path": "tests/helpers.py", "source": "def triple(x):\n    return 3 * x\n"},
            {
                "path": "tests/test_plain.py",
                "source": "from solution import double\nfrom helpers import triple\n\n"
                "def test_helpers_and_fixtures(two, three):\n    assert double(three) == triple(two)\n",
            },
            {"path": "pkg/__init__.py", "source": "READY = True\n"},
            {"path": "pkg/test_in_package.py", "source": "from pkg import READY\n\ndef test_package():\n    assert READY\n"},
            # Not a second `types`: a helper named like a standard module keeps only its path's name.
            {"path": "tests/types.py", "source": "X = 1\n"},
            # Nor a second `solution`: the learner's module keeps its name.
            {"path": "tests/solution.py", "source": "def double(x):\n    return 'not the learner\'s'\n"},
            {
                "path": "tests/test_stdlib_kept.py",
                "source": "import types\nfrom tests.types import X\n\n"
                "def test_stdlib():\n    assert hasattr(types, 'SimpleNamespace') and X == 1\n",
            },
        ]
        for mode in ("isolated", "inprocess"):
            result = run_judge_files(files, "def double(x):\n    return x * 2\n", mode=mode)
            self.assertEqual(
                {t["name"]: t["status"] for t in result["tests"]},
                {"helpers_and_fixtures": "pass", "package": "pass", "stdlib": "pass"},
                (mode, result),
            )


class DataFilesTest(unittest.TestCase):
    """The solution folder's files that are not Python are copied into the working folder at
    the same paths (regular files only, never over one there, bounded); the test files' folders
    are made, empty."""

    def test_staging(self):
        from pydojo_harness import judge

        root = tempfile.mkdtemp()
        solution, work = os.path.join(root, "solution"), os.path.join(root, "work")
        os.makedirs(os.path.join(solution, "data"))
        os.makedirs(work)
        for rel, text in {"data/a.csv": "a,b\n", "m.py": "X = 1\n", "notes.txt": "mine\n", "kept.txt": "new\n"}.items():
            with open(os.path.join(solution, rel), "w") as handle:
                handle.write(text)
        with open(os.path.join(work, "kept.txt"), "w") as handle:
            handle.write("old\n")
        os.symlink("/etc/hostname", os.path.join(solution, "data", "link.txt"))
        judge._stage_data_files(solution, work, [{"path": "tests/test_x.py"}, {"path": ".meta/hidden_test.py"}])
        self.assertEqual(sorted(os.listdir(work)), ["data", "kept.txt", "notes.txt", "tests"])
        self.assertEqual(os.listdir(os.path.join(work, "data")), ["a.csv"])  # no .py, no link
        self.assertEqual(os.listdir(os.path.join(work, "tests")), [])
        with open(os.path.join(work, "kept.txt")) as handle:
            self.assertEqual(handle.read(), "old\n")

    def test_bounded(self):
        from pydojo_harness import judge

        root = tempfile.mkdtemp()
        solution, work = os.path.join(root, "solution"), os.path.join(root, "work")
        os.makedirs(solution)
        os.makedirs(work)
        for n in range(judge.DATA_FILES_MAX + 5):
            with open(os.path.join(solution, f"f{n:03}.txt"), "w") as handle:
                handle.write("x")
        judge._stage_data_files(solution, work)
        self.assertEqual(len(os.listdir(work)), judge.DATA_FILES_MAX)


class RegistryTest(unittest.TestCase):
    def test_names(self):
        # Other areas register their fixtures here too (db, concurrency, the HTTP client...).
        for name in ("capsys", "caplog", "monkeypatch", "mocker", "tmp_path", "db", "db_path", "concurrency"):
            self.assertIn(name, BUILTIN_FIXTURES)
            self.assertTrue(callable(BUILTIN_FIXTURES[name]))


if __name__ == "__main__":
    unittest.main()

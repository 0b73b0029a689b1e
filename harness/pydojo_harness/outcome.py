"""Turns what a test raised into a status and a message a learner can act on."""
import linecache
import sys
import os

from .errors import LearnerExit, LimitExceeded

MAX_MESSAGE = 4000

# Errors that come from the tests' process holding proxies for the learner's objects, and what
# the test should do instead (see docs/exercise-format.md, "Writing tests").
_PROXY_HINTS = (
    (
        "is not a type object (Remote)",
        "A class of the learner's module is a proxy here (the learner's code runs in another "
        "process), so object.__new__(cls) cannot make its instances: write cls.__new__(cls), "
        "which creates the instance in the learner's process.",
    ),
)


class Outcome:
    """Status, message and details of one test (or subtest)."""

    def __init__(self, status, message=None, limit=None, expected=None, actual=None, line=None):
        self.status = status
        self.message = message
        self.limit = limit
        self.expected = expected
        self.actual = actual
        self.learner_line = line


def _shim_outcomes():
    try:
        import pytest  # the harness's shim, on sys.path

        return (
            getattr(pytest, "Skipped", None),
            getattr(pytest, "XFailed", None),
            getattr(pytest, "Failed", None),
        )
    except ImportError:
        return (None, None, None)


def _clip(text):
    if text is not None and len(text) > MAX_MESSAGE:
        return text[:MAX_MESSAGE] + "\n[message truncated]"
    return text


class Classifier:
    """Knows which files are the learner's, to point tracebacks at them."""

    def __init__(self, learner_dirs, test_files):
        self.learner_dirs = [os.path.abspath(d) + os.sep for d in learner_dirs]
        self.test_files = set(test_files)
        self._checked = set()
        self._shown = {}

    def _learner_path(self, filename):
        """The file's path inside the learner's folder, or None for any other file. Asked for
        every frame of every failing test's traceback: looked up once per file and grade."""
        if filename not in self._shown:
            path = os.path.abspath(filename)
            self._shown[filename] = next(
                (path[len(d) :] for d in self.learner_dirs if path.startswith(d)), None
            )
        return self._shown[filename]

    def is_learner_file(self, filename):
        return self._learner_path(filename) is not None

    def learner_traceback(self, exc):
        """Frames from the learner's files (and the test that called them), innermost last."""
        remote = getattr(exc, "pydojo_traceback", None)
        if remote is not None:
            return remote, getattr(exc, "pydojo_learner_line", None)
        # Walked by hand rather than with traceback.extract_tb, which checks every frame's file
        # on disk (a stat per frame and test, most of a failing test's cost under Pyodide); only
        # the frames shown are read, and each file is checked for changes once per grade.
        kept = []
        line = None
        tb = exc.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            filename, lineno = code.co_filename, tb.tb_lineno
            if self.is_learner_file(filename):
                kept.append((filename, lineno, code.co_name))
                line = lineno
            elif filename in self.test_files:
                kept.append((filename, lineno, code.co_name))
            tb = tb.tb_next
        if not kept:
            return None, None
        parts = []
        for filename, lineno, name in kept[-6:]:
            source = self._source_line(filename, lineno)
            parts.append(
                f'  File "{self.display_name(filename)}", line {lineno}, in {name}\n'
                + (f"    {source}\n" if source else "")
            )
        return "".join(parts).rstrip("\n"), line

    def _source_line(self, filename, lineno):
        """The stripped text of a line, from linecache (test files are put there from memory)."""
        if filename not in self._checked:
            self._checked.add(filename)
            linecache.checkcache(filename)  # the learner may have changed it since the last Run
        if lineno is None:
            return ""
        return linecache.getline(filename, lineno).strip()

    def display_name(self, filename):
        shown = self._learner_path(filename)
        return filename if shown is None else shown

    def classify(self, exc, xfail=None):
        """An Outcome for a raised exception (None means the test passed)."""
        skipped, xfailed, failed = _shim_outcomes()
        if isinstance(exc, LimitExceeded):
            return Outcome("error", exc.message, limit=exc.limit)
        if isinstance(exc, LearnerExit):
            return Outcome("error", exc.message)
        if skipped is not None and isinstance(exc, skipped):
            return Outcome("skip", str(exc) or "skipped")
        if xfailed is not None and isinstance(exc, xfailed):
            return Outcome("skip", "expected failure: " + (str(exc) or "xfail"))
        if xfail is not None:
            return Outcome("skip", "expected failure: " + (xfail or "xfail"))
        if isinstance(exc, KeyboardInterrupt):
            return Outcome("error", "timeout: the test was stopped (an infinite loop?)", limit="timeout")
        if isinstance(exc, SystemExit):
            return Outcome(
                "error",
                f"your code called sys.exit({exc.code!r}); return a value instead of exiting",
            )
        if isinstance(exc, AssertionError) or (failed is not None and isinstance(exc, failed)):
            return self._failure(exc)
        return self._error(exc)

    def _failure(self, exc):
        # Without trailing whitespace, as Exercism's runner reports it: unittest's diff of two
        # strings ends in a newline, and a test's `msg` may end in a space.
        text = str(exc).rstrip()
        message = "AssertionError: " + text if text else "AssertionError"
        if isinstance(exc, AssertionError) and type(exc).__name__ == "Failed":
            message = text
        remote_tb = getattr(exc, "pydojo_traceback", None)
        if remote_tb:
            message += "\n\nRaised in your code:\n" + remote_tb
        return Outcome(
            "fail",
            _clip(message),
            expected=getattr(exc, "pydojo_expected", None),
            actual=getattr(exc, "pydojo_actual", None),
            line=getattr(exc, "pydojo_learner_line", None),
        )

    def _error(self, exc):
        name = getattr(exc, "pydojo_type_name", None) or type(exc).__name__
        text = str(exc).rstrip()
        message = f"{name}: {text}" if text else name
        if isinstance(exc, TypeError) and not hasattr(exc, "pydojo_type_name"):
            message += "".join("\n" + hint for pattern, hint in _PROXY_HINTS if pattern in text)
        if sys.platform == "emscripten" and isinstance(exc, RuntimeError) and "can't start new thread" in text:
            message += (
                "\nThe browser's Python (Pyodide) has no threads: this test needs CPython. "
                "Run it with 'pydojo test' on your machine, or submit it to be graded on the server."
            )
        tb_text, line = self.learner_traceback(exc)
        if tb_text:
            message += "\n\nTraceback (most recent call last):\n" + tb_text
        return Outcome("error", _clip(message), line=line)

"""Built-in fixtures: ``tmp_path``, ``capsys`` and ``monkeypatch``.

This module only provides the objects; the executor resolves fixtures and
drives the generator functions in :data:`BUILTIN_FIXTURES` (``next`` to set up,
``next`` again or ``close`` to tear down).
"""

import collections
import contextlib
import importlib
import inspect
import io
import os
import pathlib
import re
import shutil
import sys
import tempfile

__all__ = [
    "make_tmp_path",
    "CaptureResult",
    "CaptureFixture",
    "MonkeyPatch",
    "BUILTIN_FIXTURES",
]


def make_tmp_path(base_dir, test_name):
    """Create and return a fresh, empty, uniquely named directory under ``base_dir``.

    The test name is reduced to a short, filesystem-safe prefix; uniqueness
    comes from ``tempfile.mkdtemp``.
    """
    prefix = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(test_name)).strip("._-")[:30] or "test"
    os.makedirs(base_dir, exist_ok=True)
    return pathlib.Path(tempfile.mkdtemp(prefix=prefix + "-", dir=base_dir))


CaptureResult = collections.namedtuple("CaptureResult", ["out", "err"])


class _CaptureIO(io.TextIOWrapper):
    """In-memory text stream that also has a ``.buffer`` for binary writes."""

    pydojo_capsys = True  # the learner's stderr, relayed by the judge, comes here (judge_side)

    def __init__(self):
        super().__init__(io.BytesIO(), encoding="utf-8", errors="backslashreplace", newline="", write_through=True)

    def getvalue(self):
        self.flush()
        return self.buffer.getvalue().decode("utf-8", "replace")

    def reset(self):
        self.flush()
        self.seek(0)
        self.truncate()


class CaptureFixture:
    """``capsys``: captures ``sys.stdout``/``sys.stderr`` while started."""

    def __init__(self):
        self._out = _CaptureIO()
        self._err = _CaptureIO()
        self._saved = None

    def start(self):
        """Swap in the capture buffers (no-op if already started)."""
        if self._saved is None:
            self._saved = (sys.stdout, sys.stderr)
            sys.stdout, sys.stderr = self._out, self._err

    def stop(self):
        """Put back the streams that were active at :meth:`start` (idempotent)."""
        if self._saved is not None:
            sys.stdout, sys.stderr = self._saved
            self._saved = None

    def readouterr(self):
        """Return ``CaptureResult(out, err)`` captured so far and empty the buffers."""
        result = CaptureResult(self._out.getvalue(), self._err.getvalue())
        self._out.reset()
        self._err.reset()
        return result

    @contextlib.contextmanager
    def disabled(self):
        """Temporarily let output through to the streams captured over."""
        if self._saved is None:
            yield
            return
        sys.stdout, sys.stderr = self._saved
        try:
            yield
        finally:
            sys.stdout, sys.stderr = self._out, self._err


_NOTSET = object()


def _resolve_dotted(path):
    """Split ``"pkg.mod.attr"`` into (object holding attr, "attr"), importing as needed."""
    if not isinstance(path, str) or "." not in path:
        raise TypeError(f"must be absolute import path string, not {path!r}")
    module_path, attr = path.rsplit(".", 1)
    parts = module_path.split(".")
    target = importlib.import_module(parts[0])
    for index, part in enumerate(parts[1:], start=1):
        try:
            target = getattr(target, part)
        except AttributeError:
            target = importlib.import_module(".".join(parts[: index + 1]))
    return target, attr


def _current(target, name):
    """What must be put back to restore ``target.name``: a value, or _NOTSET to delete.

    For classes the raw ``__dict__`` entry is used so staticmethod/classmethod
    wrappers survive the round trip, and an inherited attribute is restored by
    deleting the override. Attributes no ``__dict__`` in the MRO knows about
    (e.g. served by a proxy's ``__getattr__``) are restored by value.
    """
    if inspect.isclass(target):
        try:
            mro, own = list(target.__mro__), vars(target)
        except Exception:  # odd metaclasses: fall back to plain getattr
            mro, own = [], {}
        if name in own:
            return own[name]
        if any(name in getattr(klass, "__dict__", {}) for klass in mro[1:]):
            return _NOTSET
    return getattr(target, name, _NOTSET)


class MonkeyPatch:
    """``monkeypatch``: temporary changes to attributes, dicts, environment, cwd and sys.path.

    Every change records how to reverse it; :meth:`undo` reverses them all,
    newest first.
    """

    def __init__(self):
        self._undo = []

    @classmethod
    @contextlib.contextmanager
    def context(cls):
        """``with MonkeyPatch.context() as mp:`` -- undone when the block ends."""
        patcher = cls()
        try:
            yield patcher
        finally:
            patcher.undo()

    def setattr(self, target, name, value=_NOTSET, raising=True):
        """Set ``target.name = value``; or ``setattr("pkg.mod.attr", value)``.

        With ``raising`` (the default) the attribute must already exist.
        """
        if value is _NOTSET:
            if not isinstance(target, str):
                raise TypeError("use setattr(target, name, value) or setattr('pkg.mod.attr', value)")
            value = name
            target, name = _resolve_dotted(target)
        old = _current(target, name)
        if raising and old is _NOTSET and not hasattr(target, name):
            raise AttributeError(f"{target!r} has no attribute {name!r}")
        setattr(target, name, value)
        self._undo.append(lambda: self._restore_attr(target, name, old))

    def delattr(self, target, name=_NOTSET, raising=True):
        """Delete ``target.name`` (or ``delattr("pkg.mod.attr")``) until undo."""
        if name is _NOTSET:
            if not isinstance(target, str):
                raise TypeError("use delattr(target, name) or delattr('pkg.mod.attr')")
            target, name = _resolve_dotted(target)
        if not hasattr(target, name):
            if raising:
                raise AttributeError(name)
            return
        old = _current(target, name)
        delattr(target, name)
        self._undo.append(lambda: self._restore_attr(target, name, old))

    @staticmethod
    def _restore_attr(target, name, old):
        if old is _NOTSET:
            try:
                delattr(target, name)
            except AttributeError:
                pass
        else:
            setattr(target, name, old)

    def setitem(self, dic, name, value):
        """Set ``dic[name] = value`` until undo."""
        old = dic[name] if name in dic else _NOTSET
        dic[name] = value
        self._undo.append(lambda: self._restore_item(dic, name, old))

    def delitem(self, dic, name, raising=True):
        """Delete ``dic[name]`` until undo; with ``raising``, a missing key is a KeyError."""
        if name not in dic:
            if raising:
                raise KeyError(name)
            return
        old = dic[name]
        del dic[name]
        self._undo.append(lambda: self._restore_item(dic, name, old))

    @staticmethod
    def _restore_item(dic, name, old):
        if old is _NOTSET:
            dic.pop(name, None)
        else:
            dic[name] = old

    def setenv(self, name, value, prepend=None):
        """Set environment variable ``name`` (``value`` is converted to str).

        With ``prepend`` (a separator such as ``os.pathsep``) the new value is
        put in front of the existing one.
        """
        value = str(value)
        if prepend and name in os.environ:
            value = value + prepend + os.environ[name]
        self.setitem(os.environ, str(name), value)

    def delenv(self, name, raising=True):
        """Remove environment variable ``name`` until undo."""
        self.delitem(os.environ, str(name), raising=raising)

    def chdir(self, path):
        """Change the working directory until undo."""
        old = os.getcwd()
        os.chdir(path)
        self._undo.append(lambda: os.chdir(old))

    def syspath_prepend(self, path):
        """Put ``path`` first on ``sys.path`` until undo."""
        old = list(sys.path)
        sys.path.insert(0, str(path))
        importlib.invalidate_caches()  # so new modules in ``path`` are found

        def restore():
            sys.path[:] = old

        self._undo.append(restore)

    def undo(self):
        """Reverse every change, newest first. The patcher can be reused afterwards."""
        while self._undo:
            self._undo.pop()()


def _tmp_path(request):
    """Fixture: a fresh directory under the job's work dir, removed afterwards."""
    path = make_tmp_path(request.work_dir, request.test_name)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


class TempPathFactory:
    """pytest's `tmp_path_factory`: fresh folders under one base folder of the grade's work
    folder (for a fixture wider than one test; the grade's folder goes when the grade ends)."""

    def __init__(self, work_dir):
        self._work_dir = work_dir
        self._base = None

    def getbasetemp(self):
        if self._base is None:
            self._base = make_tmp_path(self._work_dir, "pytest-of-pydojo")
        return self._base

    def mktemp(self, basename, numbered=True):
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(basename)).strip("._-")[:30] or "tmp"
        if numbered:
            return pathlib.Path(tempfile.mkdtemp(prefix=name, dir=self.getbasetemp()))
        path = self.getbasetemp() / name
        path.mkdir()
        return path


def _tmp_path_factory(request):
    """Fixture: a :class:`TempPathFactory` (a new one for each test that asks, and once for a
    fixture wider than a test, which keeps the one it got)."""
    return TempPathFactory(request.work_dir)


class WarningsRecorder:
    """pytest's `recwarn`: the warnings given during the test (the learner's code's too), as
    `warnings.WarningMessage`s."""

    def __init__(self, recorded):
        self._list = recorded

    @property
    def list(self):
        return self._list

    def __getitem__(self, index):
        return self._list[index]

    def __iter__(self):
        return iter(self._list)

    def __len__(self):
        return len(self._list)

    def pop(self, cls=Warning):
        """The first recorded warning of `cls` (or a subclass), taken out of the list."""
        for index, message in enumerate(self._list):
            if issubclass(message.category, cls):
                return self._list.pop(index)
        raise AssertionError(f"{cls!r} not found in warning list")

    def clear(self):
        self._list[:] = []


def _recwarn(request):
    """Fixture: a :class:`WarningsRecorder` recording every warning until the test ends."""
    import warnings

    catcher = warnings.catch_warnings(record=True)
    recorded = catcher.__enter__()
    try:
        warnings.simplefilter("always")
        yield WarningsRecorder(recorded)
    finally:
        catcher.__exit__(None, None, None)


def _capsys(request):
    """Fixture: a started :class:`CaptureFixture`, stopped afterwards."""
    capture = CaptureFixture()
    capture.start()
    try:
        yield capture
    finally:
        capture.stop()


class _MockerPatch:
    """``mocker.patch``: ``unittest.mock.patch`` started at once and stopped after the test,
    with ``.object``, ``.dict``, ``.multiple`` and ``.context_manager`` as pytest-mock has them."""

    def __init__(self, started):
        self._started = started

    def _start(self, patcher):
        value = patcher.start()
        self._started.append((patcher, value))
        return value

    def __call__(self, target, *args, **kwargs):
        from unittest import mock

        return self._start(mock.patch(target, *args, **kwargs))

    def object(self, target, attribute, *args, **kwargs):
        from unittest import mock

        return self._start(mock.patch.object(target, attribute, *args, **kwargs))

    def dict(self, in_dict, values=(), clear=False, **kwargs):
        from unittest import mock

        return self._start(mock.patch.dict(in_dict, values, clear, **kwargs))

    def multiple(self, target, *args, **kwargs):
        from unittest import mock

        return self._start(mock.patch.multiple(target, *args, **kwargs))

    def context_manager(self, target, *args, **kwargs):
        return self(target, *args, **kwargs)


class MockerFixture:
    """``mocker`` (the pytest-mock plugin's fixture): patches undone after the test, ``spy``,
    ``stub``, and ``unittest.mock``'s classes and helpers under the same names."""

    def __init__(self):
        from unittest import mock

        self._started = []  # (patcher, what it put in place), oldest first
        self.patch = _MockerPatch(self._started)
        for name in ("Mock", "MagicMock", "NonCallableMock", "PropertyMock", "AsyncMock", "ANY",
                     "DEFAULT", "call", "sentinel", "mock_open", "seal", "create_autospec"):
            if hasattr(mock, name):
                setattr(self, name, getattr(mock, name))

    def spy(self, obj, name):
        """Wraps ``obj.name`` in a mock that calls the real one and records the calls, with
        ``spy_return`` and ``spy_exception`` set after each call."""
        from unittest import mock

        original = getattr(obj, name)
        holder = {}

        def wrapped(*args, **kwargs):
            spy = holder["spy"]
            spy.spy_return = spy.spy_exception = None
            try:
                spy.spy_return = original(*args, **kwargs)
            except BaseException as exc:
                spy.spy_exception = exc
                raise
            return spy.spy_return

        spy = self.patch.object(obj, name, side_effect=wrapped, autospec=None)
        spy.spy_return = spy.spy_exception = None
        holder["spy"] = spy
        return spy

    def stub(self, name=None):
        from unittest import mock

        return mock.MagicMock(spec=lambda *args, **kwargs: None, name=name)

    def resetall(self, *, return_value=False, side_effect=False):
        from unittest import mock

        for _patcher, value in self._started:
            if isinstance(value, mock.NonCallableMock):
                value.reset_mock(return_value=return_value, side_effect=side_effect)

    def stopall(self):
        while self._started:
            self._started.pop()[0].stop()

    def stop(self, mock_object):
        for entry in self._started:
            if entry[1] is mock_object:
                self._started.remove(entry)
                entry[0].stop()
                return
        raise ValueError("this mock was not started by mocker.patch")


def _mocker(request):
    """Fixture: a :class:`MockerFixture` whose patches are stopped afterwards."""
    mocker = MockerFixture()
    try:
        yield mocker
    finally:
        mocker.stopall()


class LogCaptureFixture:
    """``caplog``: the log records made during the test, the learner's (relayed from its
    process) and the tests' own, as pytest's fixture has them."""

    FORMAT = "%(levelname)-8s %(name)s:%(filename)s:%(lineno)d %(message)s"

    def __init__(self):
        import logging

        from pydojo_harness.isolation import mirror

        self._mirror = mirror
        self.handler = _LogHandler()
        self.handler.setFormatter(logging.Formatter(self.FORMAT))
        self._levels = {}  # logger name -> its level before the test set it
        logging.getLogger().addHandler(self.handler)
        mirror.capture_logs(True)

    @property
    def records(self):
        return list(self.handler.records)

    @property
    def record_tuples(self):
        return [(r.name, r.levelno, r.getMessage()) for r in self.handler.records]

    @property
    def messages(self):
        return [r.getMessage() for r in self.handler.records]

    @property
    def text(self):
        return "\n".join(self.handler.format(r) for r in self.handler.records) + ("\n" if self.handler.records else "")

    def get_records(self, when="call"):
        return self.records if when == "call" else []

    def clear(self):
        self.handler.records.clear()

    def set_level(self, level, logger=None):
        """Sets a logger's level (the root's by default) until the end of the test, in the
        learner's process as well, so its records at that level are made."""
        import logging

        name = logger or ""
        target = logging.getLogger(logger)
        self._levels.setdefault(name, target.level)
        level = logging._checkLevel(level) if isinstance(level, str) else int(level)
        target.setLevel(level)
        self.handler.setLevel(level)
        self._mirror.log_level(name, level)

    @contextlib.contextmanager
    def at_level(self, level, logger=None):
        import logging

        name = logger or ""
        target = logging.getLogger(logger)
        before, handler_before, had = target.level, self.handler.level, name in self._levels
        self.set_level(level, logger)
        try:
            yield
        finally:
            target.setLevel(before)
            self.handler.setLevel(handler_before)
            if not had:
                self._levels.pop(name, None)
                self._mirror.log_level(name, None)
            else:
                self._mirror.log_level(name, before)

    def _finish(self):
        import logging

        logging.getLogger().removeHandler(self.handler)
        for name, level in self._levels.items():
            logging.getLogger(name or None).setLevel(level)
            self._mirror.log_level(name, None)
        self._mirror.capture_logs(False)


def _LogHandler():
    """A handler that keeps every record (made on first use: logging is imported only by a
    test that captures logs)."""
    import logging

    class Keeper(logging.Handler):
        def __init__(self):
            super().__init__(0)
            self.records = []

        def emit(self, record):
            self.records.append(record)

    return Keeper()


def _caplog(request):
    """Fixture: a :class:`LogCaptureFixture`, removed afterwards."""
    caplog = LogCaptureFixture()
    try:
        yield caplog
    finally:
        caplog._finish()


def _monkeypatch(request):
    """Fixture: a :class:`MonkeyPatch` whose changes are undone afterwards."""
    patcher = MonkeyPatch()
    try:
        yield patcher
    finally:
        patcher.undo()


def _lazy_fixture(module, name):
    """A fixture defined in another harness module, imported only when a test asks for it."""

    def fixture(request):
        return importlib.import_module(f"{__package__}.{module}").FIXTURES[name](request)

    fixture.__name__ = name
    return fixture


BUILTIN_FIXTURES = {
    "tmp_path": _tmp_path,
    "tmp_path_factory": _tmp_path_factory,
    "tmpdir": _lazy_fixture("localpath", "tmpdir"),  # pytest's older py.path one
    "capsys": _capsys,
    "capfd": _capsys,  # the learner's output reaches the tests as text either way
    "monkeypatch": _monkeypatch,
    "mocker": _mocker,
    "caplog": _caplog,
    "recwarn": _recwarn,
    # Databases and concurrency (docs/exercise-format.md#databases, #concurrency)
    "db": _lazy_fixture("db", "db"),
    "db_path": _lazy_fixture("db", "db_path"),
    "concurrency": _lazy_fixture("concurrency", "concurrency"),
    # HTTP apps (docs/exercise-format.md#http-apps)
    "client": _lazy_fixture("http_client", "client"),
    "live_server": _lazy_fixture("http_client", "live_server"),
}

"""What a test changes in the standard library reaches the learner's code, as in one process.

In one process, a test that patches `builtins.input` or `builtins.print`, sets `sys.argv` or
`sys.stdin`, mocks `random.randint`, `time.sleep` or `urllib.request.urlopen`, seeds `random`,
sets an environment variable or changes directory changes it for the code under test too. Here
that code runs in the host, another process, so such a test failed (`input()` met end of file,
the mock saw no call). The judge watches these changes and sends them with its next request;
the host applies them to its own modules before serving it, and reverses them when the test
does. A patched value crosses as any value does: plain data by value, anything else (a mock, a
function, a `StringIO`) as a reference to the judge's object, which the learner's code may use
as it may use anything a test hands it (JudgePolicy).

Watched: the modules and names in `WATCHED`; `os.environ`; the working directory; `random.seed`
called by a test (the harness's own seeding before each test is not sent: the learner's process
need not know the grade's seed); a test's `caplog` (its levels, and while it captures, the
learner's process sends its log records with each reply, which the judge hands to its loggers);
a test's `catch_warnings(record=True)` (while one is open, the learner's process sends its
warnings, which the judge gives again inside the block). A change is sent as the difference from what this host was
last sent, so a new host (after a time limit) gets the whole state. Nothing here runs in the
in-process runner (Pyodide), where there is one process.
"""
import os
import sys
import types

# Module -> the names whose changes are sent (None: every name not starting with "_").
WATCHED = {
    "builtins": None,
    "sys": frozenset({"stdin", "argv"}),
    "os": None,
    "posixpath": None,
    "time": None,
    "random": None,
    "datetime": None,
    "uuid": None,
    "secrets": None,
    "getpass": None,
    "subprocess": None,
    "shutil": None,
    "socket": None,
    "urllib.request": None,
    "smtplib": None,
    "sqlite3": None,
}
_MISSING = object()


class _State:
    def __init__(self):
        self.version = 0
        self.originals = {}  # (module, name) -> the judge's value before the first change
        self.attrs = {}  # (module, name) -> the value now (or _MISSING: deleted)
        self.env_originals = {}
        self.env = {}  # name -> value now (None: deleted)
        self.cwd = None  # the judge's working directory when it is not the one it started in
        self.start_cwd = None
        self.seed = None  # (number, args) of the last `random.seed` a test called
        self.seen_modules = 0
        self.log_relay = 0  # how many caplog fixtures are capturing
        self.warn_relay = 0  # how many catch_warnings(record=True) blocks are open (pytest.warns...)
        self.warnings_replayed = 0
        self.log_levels = {}  # logger name ("" for the root) -> level a test's caplog set
        self.logs_replayed = 0


_state = None
_original_seed = None


def _wanted(module_name, name):
    names = WATCHED.get(module_name, False)
    if names is False or not isinstance(name, str):
        return False
    return not name.startswith("_") if names is None else name in names


def _note_attr(module_name, name, before, after):
    key = (module_name, name)
    original = _state.originals.setdefault(key, before)
    if after is original:
        _state.attrs.pop(key, None)
    else:
        _state.attrs[key] = after
    _state.version += 1


class _WatchedModule(types.ModuleType):
    """The class of a watched module in the judge: setting or deleting a watched name is noted."""

    def __setattr__(self, name, value):
        module_name = types.ModuleType.__getattribute__(self, "__name__")
        if _state is not None and _wanted(module_name, name):
            before = self.__dict__.get(name, _MISSING)
            types.ModuleType.__setattr__(self, name, value)
            _note_attr(module_name, name, before, value)
        else:
            types.ModuleType.__setattr__(self, name, value)

    def __delattr__(self, name):
        module_name = types.ModuleType.__getattribute__(self, "__name__")
        before = self.__dict__.get(name, _MISSING)
        types.ModuleType.__delattr__(self, name)
        if _state is not None and _wanted(module_name, name):
            _note_attr(module_name, name, before, _MISSING)


def _watch_loaded():
    """Gives every watched module imported so far the watching class."""
    if len(sys.modules) == _state.seen_modules:
        return
    _state.seen_modules = len(sys.modules)
    for name in WATCHED:
        module = sys.modules.get(name)
        if type(module) is types.ModuleType:
            module.__class__ = _WatchedModule


def watch(target):
    """Called before a test's patch (pytest's monkeypatch, unittest.mock.patch) changes
    `target`: a watched module imported just now for the patch is watched from here on."""
    if _state is not None and isinstance(target, types.ModuleType):
        _watch_loaded()


def _seed(*args, **kwargs):
    _original_seed(*args, **kwargs)
    if not kwargs and len(args) <= 1 and all(type(a) in (int, float, str, bytes, type(None)) for a in args):
        number = _state.seed[0] + 1 if _state.seed else 1
        _state.seed = (number, list(args))
        _state.version += 1


def _wrap_seed(random):
    global _original_seed
    if _original_seed is None:
        _original_seed = random.seed
        types.ModuleType.__setattr__(random, "seed", _seed)  # not a test's change: not noted


def seed_quietly(value):
    """The harness's own seeding before a test: not sent to the learner's process."""
    import random

    (_original_seed or random.seed)(value)


class _WatchedEnviron(os._Environ):
    def __setitem__(self, name, value):
        os._Environ.__setitem__(self, name, value)
        if _state is not None and type(name) is str:
            self._note(name, value)

    def __delitem__(self, name):
        os._Environ.__delitem__(self, name)
        if _state is not None and type(name) is str:
            self._note(name, None)

    @staticmethod
    def _note(name, value):
        original = _state.env_originals.setdefault(name, _ENV_BEFORE.get(name))
        if value == original:
            _state.env.pop(name, None)
        else:
            _state.env[name] = value
        _state.version += 1


_ENV_BEFORE = {}


def _chdir(path):
    _original_chdir(path)
    if _state is not None:
        now = os.getcwd()
        _state.cwd = None if now == _state.start_cwd else now
        _state.version += 1


_original_chdir = os.chdir


def install():
    """In the judge, before the tests are loaded: start watching."""
    global _state, _ENV_BEFORE
    if _state is not None:
        return
    _state = _State()
    _state.start_cwd = os.getcwd()
    _watch_loaded()
    after_import("random", _wrap_seed)
    types.ModuleType.__setattr__(os, "chdir", _chdir)
    _ENV_BEFORE = dict(os.environ)
    if type(os.environ) is os._Environ:
        os.environ.__class__ = _WatchedEnviron
    _hook_mock_patch()
    _hook_assert_logs()
    _hook_catch_warnings()


class _AfterImport:
    """Runs a hook on a module once it is imported, without importing it: `unittest.mock` alone
    costs about 70 ms (it imports asyncio), which every grade would pay for nothing. A finder
    first on `sys.meta_path` that finds nothing itself, but wraps the loader of the modules it
    has hooks for."""

    def __init__(self):
        self.hooks = {}

    def find_spec(self, name, path=None, target=None):
        hooks = self.hooks.get(name)
        if not hooks:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _HookedLoader(spec.loader, hooks)
                return spec
        return None


class _HookedLoader:
    def __init__(self, loader, hooks):
        self.loader = loader
        self.hooks = hooks

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        for hook in self.hooks:
            hook(module)

    def __getattr__(self, name):
        return getattr(self.loader, name)


_after_import = None


def after_import(name, hook):
    """`hook(module)` now if `name` is imported, else right after it is (in the judge)."""
    global _after_import
    module = sys.modules.get(name)
    if module is not None:
        hook(module)
        return
    if _after_import is None:
        _after_import = _AfterImport()
        sys.meta_path.insert(0, _after_import)
    _after_import.hooks.setdefault(name, []).append(hook)


def _hook_assert_logs():
    """unittest's `assertLogs`/`assertNoLogs` capture as caplog does: the learner's process
    sends its log records meanwhile, at the level the assertion asks for."""
    after_import("unittest._log", _hook_assert_logs_in)


def _hook_assert_logs_in(module):
    context = getattr(module, "_AssertLogsContext", None)
    if context is None or getattr(context.__enter__, "_pydojo_mirror", False):
        return
    enter, leave = context.__enter__, context.__exit__

    def __enter__(self):
        value = enter(self)
        self._pydojo_logger = self.logger.name if self.logger.name != "root" else ""
        capture_logs(True)
        log_level(self._pydojo_logger, self.level)
        return value

    def __exit__(self, exc_type, exc_value, tb):
        try:
            return leave(self, exc_type, exc_value, tb)
        finally:
            log_level(self._pydojo_logger, None)
            capture_logs(False)

    __enter__._pydojo_mirror = True
    context.__enter__, context.__exit__ = __enter__, __exit__


def _hook_catch_warnings():
    """`warnings.catch_warnings(record=True)` (which `pytest.warns`, `deprecated_call`,
    unittest's `assertWarns` and the `recwarn` fixture open) records the learner's warnings too:
    while one is open, the learner's process sends the warnings its code gives with each reply,
    and the judge gives them again inside the block (`replay_warnings`)."""
    import warnings

    catcher = warnings.catch_warnings
    if getattr(catcher.__enter__, "_pydojo_mirror", False):
        return
    enter, leave = catcher.__enter__, catcher.__exit__

    def __enter__(self):
        value = enter(self)
        if getattr(self, "_record", False):
            self._pydojo_relay = True
            capture_warnings(True)
        return value

    def __exit__(self, *exc_info):
        try:
            return leave(self, *exc_info)
        finally:
            if self.__dict__.pop("_pydojo_relay", False):
                capture_warnings(False)

    __enter__._pydojo_mirror = True
    catcher.__enter__, catcher.__exit__ = __enter__, __exit__


def _hook_mock_patch():
    """unittest.mock.patch imports the module it patches when the `with` block starts: watch
    it before the patch is applied."""
    after_import("unittest.mock", _hook_mock_patch_in)


def _hook_mock_patch_in(mock):
    enter = getattr(getattr(mock, "_patch", None), "__enter__", None)
    if enter is None or getattr(enter, "_pydojo_mirror", False):
        return

    def __enter__(self):
        try:
            watch(self.getter())
        except Exception:  # noqa: BLE001 - the patch itself reports a bad target
            pass
        return enter(self)

    __enter__._pydojo_mirror = True
    mock._patch.__enter__ = __enter__


def changes_pending(endpoint):
    """Cheap: whether `changes_for` may have something for this host (one look per request)."""
    if _state is None:
        return False
    if len(sys.modules) != _state.seen_modules:
        _watch_loaded()
    return getattr(endpoint, "mirror_version", None) != _state.version


def changes_for(endpoint):
    """The changes this host has not been sent yet (a list for the codec), or None."""
    if _state is None or getattr(endpoint, "mirror_version", None) == _state.version:
        return None
    sent = endpoint.__dict__.setdefault("mirror_sent", {})
    changes = []
    current = {("attr",) + key: value for key, value in _state.attrs.items()}
    current.update({("env", name): value for name, value in _state.env.items()})
    if _state.cwd is not None:
        current[("cwd",)] = _state.cwd
    if _state.log_relay:
        current[("logrelay",)] = True
    if _state.warn_relay:
        current[("warnrelay",)] = True
    current.update({("loglevel", name): level for name, level in _state.log_levels.items()})
    for key, value in current.items():
        if key in sent and sent[key] is value:
            continue
        if value is _MISSING:
            changes.append(list(key) + ["del", None])
        else:
            changes.append(list(key) + ["set", value])
        sent[key] = value
    for key in [k for k in sent if k not in current]:
        changes.append(list(key) + ["restore", None])
        del sent[key]
    if _state.seed is not None and endpoint.__dict__.get("mirror_seed") != _state.seed[0]:
        endpoint.mirror_seed = _state.seed[0]
        changes.append(["seed", "set", tuple(_state.seed[1])])
    endpoint.mirror_version = _state.version
    return changes or None


def capture_logs(on):
    """A test's caplog starts (True) or stops (False) capturing: the learner's process sends
    its log records while one is capturing."""
    if _state is not None:
        _state.log_relay += 1 if on else -1
        _state.version += 1


def capture_warnings(on):
    """A test's catch_warnings(record=True) opens (True) or closes (False): the learner's
    process sends its warnings while one is open."""
    if _state is not None:
        _state.warn_relay += 1 if on else -1
        _state.version += 1


def log_level(name, level):
    """A test's caplog sets logger `name`'s level (None: puts back the learner's own)."""
    if _state is not None:
        if level is None:
            _state.log_levels.pop(name, None)
        else:
            _state.log_levels[name] = level
        _state.version += 1


def _within_bounds(records, per_reply, per_grade, counter):
    """The part of a reply's `records` the judge replays: at most `per_reply` of them, and no
    more than `per_grade` in all (counted in `_state.<counter>`); nothing if not a list."""
    if not isinstance(records, list):
        return []
    room = per_grade - getattr(_state, counter)
    records = records[: max(0, min(room, per_reply))]
    setattr(_state, counter, getattr(_state, counter) + len(records))
    return records


MAX_LOG_RECORDS = 1000  # a reply's records, at most
MAX_LOG_TEXT = 8192  # a record's message, at most (characters)
MAX_LOG_RECORDS_PER_GRADE = 20_000


def replay_logs(records):
    """In the judge: the learner's log records from a reply, handed to the judge's loggers
    (a test's caplog handler is on the root). Data only: name, level, message, where."""
    import logging

    # Only while a test captures, and a bounded number a grade: the learner's process chooses
    # what it sends, and the judge keeps what it replays until the test ends.
    if _state is None or not _state.log_relay:
        return
    for item in _within_bounds(records, MAX_LOG_RECORDS, MAX_LOG_RECORDS_PER_GRADE, "logs_replayed"):
        if not (isinstance(item, list) and len(item) == 6):
            continue
        name, levelno, message, filename, lineno, func = item
        if not (type(name) is str and type(levelno) is int and type(message) is str):
            continue
        record = logging.makeLogRecord({
            "name": name[:200], "levelno": levelno, "levelname": logging.getLevelName(levelno),
            "msg": message[:MAX_LOG_TEXT], "args": None,
            "filename": filename if type(filename) is str else "?", "pathname": filename if type(filename) is str else "?",
            "lineno": lineno if type(lineno) is int else 0, "funcName": func if type(func) is str else "?",
        })
        logging.getLogger(record.name or None).handle(record)


MAX_WARNINGS = 100  # a reply's warnings, at most
MAX_WARNINGS_PER_GRADE = 2_000


def replay_warnings(records):
    """In the judge: the learner's warnings from a reply, given again here (inside the test's
    catch_warnings block, which records them). Data only: the category's name (the nearest of
    Python's own warning classes: a learner's own subclass arrives as its built-in base), the
    message, and the file's name and line, as `<name>` so that nothing reads a file for it."""
    import builtins
    import warnings

    if _state is None or not _state.warn_relay:
        return
    for item in _within_bounds(records, MAX_WARNINGS, MAX_WARNINGS_PER_GRADE, "warnings_replayed"):
        if not (isinstance(item, list) and len(item) == 4):
            continue
        category, message, filename, lineno = item
        if not (type(category) is str and type(message) is str):
            continue
        cls = getattr(builtins, category, None)
        if not (isinstance(cls, type) and issubclass(cls, Warning)):
            cls = UserWarning
        name = os.path.basename(filename)[:200] if type(filename) is str else "?"
        warnings.warn_explicit(message[:MAX_LOG_TEXT], cls, f"<{name}>", lineno if type(lineno) is int else 0)


# -- the host: applying the judge's changes ------------------------------------------------

_logs = []
_relay = None


_warnings_given = []
_warn_saved = None


def take_warnings():
    """In the host: the warnings given since the last reply (while the judge records them)."""
    global _warnings_given
    if not _warnings_given:
        return None
    taken, _warnings_given = _warnings_given, []
    return taken


def _relay_warning(message, category, filename, lineno, file=None, line=None):
    """The host's `warnings.showwarning` while the judge records: kept for the next reply."""
    if len(_warnings_given) >= MAX_WARNINGS:
        return
    base = next((c for c in category.__mro__ if c.__module__ == "builtins"), UserWarning)
    _warnings_given.append([base.__name__, str(message)[:MAX_LOG_TEXT], str(filename)[:200], int(lineno or 0)])


def take_logs():
    """In the host: the log records made since the last reply (while a caplog captures)."""
    global _logs
    if not _logs:
        return None
    taken, _logs = _logs, []
    return taken


def _relay_handler():
    import logging

    class Relay(logging.Handler):
        def emit(self, record):
            if len(_logs) >= MAX_LOG_RECORDS:
                return
            try:
                message = record.getMessage()
            except Exception:  # noqa: BLE001 - as logging itself reports a bad format
                message = str(record.msg)
            if record.exc_info:
                message += "\n" + logging.Formatter().formatException(record.exc_info)
            _logs.append([record.name, record.levelno, message[:MAX_LOG_TEXT], record.filename, record.lineno, record.funcName])

    return Relay(0)




_host_originals = {}


def apply(changes):
    """In the host, before serving a request: the tests' changes, as the judge sent them."""
    global _relay, _warn_saved
    import importlib

    if not isinstance(changes, list):
        raise ValueError("malformed changes")
    for change in changes:
        kind, op, value = change[0], change[-2], change[-1]
        if kind == "attr":
            module_name, name = change[1], change[2]
            if not _wanted(module_name, name):
                continue
            module = importlib.import_module(module_name)
            key = ("attr", module_name, name)
            _host_originals.setdefault(key, module.__dict__.get(name, _MISSING))
            if op == "restore":
                value = _host_originals[key]
            if op == "del" or value is _MISSING:
                module.__dict__.pop(name, None)
            else:
                setattr(module, name, value)
        elif kind == "env":
            name = change[1]
            key = ("env", name)
            _host_originals.setdefault(key, os.environ.get(name))
            if op == "restore":
                value = _host_originals[key]
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = str(value)
        elif kind == "cwd":
            if ("cwd",) not in _host_originals:
                _host_originals[("cwd",)] = os.getcwd()
            try:
                os.chdir(_host_originals[("cwd",)] if op == "restore" else value)
            except (OSError, TypeError):
                pass  # a folder the learner's process cannot see: its relative paths fail there
        elif kind == "seed":
            import random

            random.seed(*value)
        elif kind == "logrelay":
            import logging

            if op == "restore":
                if _relay is not None:
                    logging.getLogger().removeHandler(_relay)
                    _relay = None
            elif _relay is None:
                _relay = _relay_handler()
                logging.getLogger().addHandler(_relay)
        elif kind == "warnrelay":
            import warnings

            if op == "restore":
                if _warn_saved is not None:
                    warnings.filters[:], warnings.showwarning = _warn_saved
                    warnings._filters_mutated()
                    _warn_saved = None
            elif _warn_saved is None:
                _warn_saved = (list(warnings.filters), warnings.showwarning)
                warnings.simplefilter("always")  # the judge's block chooses what it keeps
                warnings.showwarning = _relay_warning
        elif kind == "loglevel":
            import logging

            name = change[1]
            logger = logging.getLogger(name or None)
            key = ("loglevel", name)
            _host_originals.setdefault(key, logger.level)
            logger.setLevel(_host_originals[key] if op == "restore" else int(value))

"""Measurements that must run where the learner's code runs (the host process, or the one
interpreter of an in-process run): operation counts (line events of the learner's own files,
and the rows the learner's code fetched from `sqlite3`), peak memory (tracemalloc) and a profile
(cProfile's C profiler).

The judge asks for plain data: "call this function with these arguments and tell me what it
cost"; `perf.py` (judge side) turns the answers into results and messages. This module is
imported before any learner code (host.py, and the judge's preload before the host is forked),
and it binds the C modules it uses at import time, so a learner file named `tracemalloc.py`
cannot stand in for them. The learner's process can still reach this module and lie about its
own numbers: see docs/decisions/0007-performance-lab.md for which verdicts may rely on it.
"""
import _lsprof
import _tracemalloc
import os
import sqlite3
import sys
import time

_settrace = sys.settrace
_gettrace = sys.gettrace
_perf_counter = time.perf_counter


class _LineCounter:
    """Counts `line` events and calls in code objects whose file is under `prefix`."""

    def __init__(self, prefix):
        self.prefix = prefix
        self.lines = 0
        self.calls = 0
        self.known = {}

    def global_trace(self, frame, event, arg):
        code = frame.f_code
        mine = self.known.get(code)
        if mine is None:
            mine = self.known[code] = _is_under(code.co_filename, self.prefix)
        if not mine:
            return None
        self.calls += 1
        return self.local_trace

    def local_trace(self, frame, event, arg):
        if event == "line":
            self.lines += 1
        return self.local_trace


# Rows handed to Python by the sqlite3 module in this process, counted through the connections'
# row factory (every cursor of a connection, every way of fetching: iteration, fetchone,
# fetchmany, fetchall). Line events miss work done inside C built-ins (`Counter(map(...))` over
# a whole table's rows): the rows that crossed show it. `sqlite3.connect` makes a connection of
# the class below unless the caller names a factory of its own.
_rows = [0]
_row_factory_slot = sqlite3.Connection.row_factory


def _counting(factory):
    if factory is None:
        def plain(cursor, row):
            _rows[0] += 1
            return row
        return plain

    def wrapped(cursor, row):
        _rows[0] += 1
        return factory(cursor, row)
    return wrapped


class _CountedConnection(sqlite3.Connection):
    """sqlite3's connection, counting the rows it returns; `row_factory` reads and sets the
    factory the code chose, as before."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.row_factory = None

    @property
    def row_factory(self):
        return self.__dict__.get("_pd_factory")

    @row_factory.setter
    def row_factory(self, factory):
        self.__dict__["_pd_factory"] = factory
        _row_factory_slot.__set__(self, _counting(factory))


_sqlite_connect = sqlite3.connect


def _connect(*args, **kwargs):
    if len(args) <= 5 and "factory" not in kwargs:  # factory is connect's sixth parameter
        kwargs["factory"] = _CountedConnection
    return _sqlite_connect(*args, **kwargs)


_connect.__doc__ = _sqlite_connect.__doc__
_connect.__name__ = "connect"


def count_rows():
    """Makes `sqlite3.connect` count rows, where the learner's code runs: the host at its start,
    or the one interpreter of an in-process run (never the judge of an isolated one, whose
    module changes are sent to the host: docs/decisions/0015-mirrored-patches.md)."""
    sqlite3.connect = _connect


def rows_fetched():
    """Rows the sqlite3 module has handed to Python in this process so far."""
    return _rows[0]


def _is_under(filename, prefix):
    if not filename or filename.startswith("<"):
        return False
    return os.path.abspath(filename).startswith(prefix)


def _prefix(solution_dir):
    return os.path.abspath(solution_dir) + os.sep


def count_operations(solution_dir, fn, args=(), kwargs=None):
    """Calls fn(*args, **kwargs) while counting the line events and calls of the learner's own
    code (files under `solution_dir`) and the rows sqlite3 handed to Python meanwhile.
    Returns {"lines", "calls", "rows", "ms", "value"}."""
    counter = _LineCounter(_prefix(solution_dir))
    previous = _gettrace()
    rows = _rows[0]
    started = _perf_counter()
    _settrace(counter.global_trace)
    try:
        value = fn(*args, **(kwargs or {}))
    finally:
        _settrace(previous)
    return {
        "lines": counter.lines,
        "calls": counter.calls,
        "rows": _rows[0] - rows,
        "ms": (_perf_counter() - started) * 1000,
        "value": value,
    }


def count_series(solution_dir, fn, inputs, spread=False):
    """count_operations for each input in turn (one round trip for a whole growth series);
    `spread`: each input is a list of positional arguments. Values are not sent back."""
    out = []
    for item in inputs:
        args = tuple(item) if spread else (item,)
        row = count_operations(solution_dir, fn, args)
        row.pop("value")
        out.append(row)
    return out


def peak_memory(fn, args=(), kwargs=None):
    """Peak memory allocated by Python while fn(*args, **kwargs) runs, above what was allocated
    when it started (bytes). The arguments already exist, so they are not counted."""
    was_tracing = _tracemalloc.is_tracing()
    if not was_tracing:
        _tracemalloc.start(1)
    _tracemalloc.reset_peak()
    base = _tracemalloc.get_traced_memory()[0]
    started = _perf_counter()
    try:
        value = fn(*args, **(kwargs or {}))
        current, peak = _tracemalloc.get_traced_memory()
    finally:
        if not was_tracing:
            _tracemalloc.stop()
    return {"peak_bytes": max(peak - base, 0), "ms": (_perf_counter() - started) * 1000, "value": value}


def _describe(code, prefix):
    if isinstance(code, str):  # a built-in: "<built-in method builtins.sorted>"
        text = code
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        for lead in ("built-in method ", "method "):
            if text.startswith(lead):
                text = text[len(lead):]
        parts = text.split("'")  # "'get' of 'dict' objects" -> "dict.get"
        if len(parts) == 5 and parts[2] == " of " and parts[4] == " objects":
            text = f"{parts[3]}.{parts[1]}"
        return {"function": text, "file": None, "line": None, "mine": False}
    mine = _is_under(code.co_filename, prefix)
    name = getattr(code, "co_qualname", code.co_name)
    filename = os.path.relpath(os.path.abspath(code.co_filename), prefix) if mine else os.path.basename(code.co_filename)
    return {"function": name, "file": filename, "line": code.co_firstlineno, "mine": mine}


def profile(solution_dir, fn, args=(), kwargs=None, top=8):
    """cProfile of fn(*args, **kwargs): the `top` functions by own time, with their calls.
    Times are wall-clock (they inform; they never decide a verdict)."""
    prefix = _prefix(solution_dir)
    profiler = _lsprof.Profiler()
    started = _perf_counter()
    profiler.enable()
    try:
        value = fn(*args, **(kwargs or {}))
    finally:
        profiler.disable()
    total_ms = (_perf_counter() - started) * 1000
    rows = []
    total_calls = 0
    for entry in profiler.getstats():
        code = entry.code
        if isinstance(code, str) and "_lsprof.Profiler" in code:
            continue
        row = _describe(code, prefix)
        row.update(
            calls=int(entry.callcount),
            own_ms=round(entry.inlinetime * 1000, 3),
            total_ms=round(entry.totaltime * 1000, 3),
        )
        total_calls += row["calls"]
        rows.append(row)
    rows.sort(key=lambda r: (-r["own_ms"], -r["calls"], r["function"]))
    return {"rows": rows[: max(int(top), 1)], "total_calls": total_calls, "total_ms": round(total_ms, 3), "value": value}

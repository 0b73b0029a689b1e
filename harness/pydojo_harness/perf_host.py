"""Measurements that must run where the learner's code runs (the host process, or the one
interpreter of an in-process run): operation counts (line events of the learner's own files),
peak memory (tracemalloc) and a profile (cProfile's C profiler).

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


def _is_under(filename, prefix):
    if not filename or filename.startswith("<"):
        return False
    return os.path.abspath(filename).startswith(prefix)


def _prefix(solution_dir):
    return os.path.abspath(solution_dir) + os.sep


def count_operations(solution_dir, fn, args=(), kwargs=None):
    """Calls fn(*args, **kwargs) while counting the line events and calls of the learner's own
    code (files under `solution_dir`). Returns {"lines", "calls", "ms", "value"}."""
    counter = _LineCounter(_prefix(solution_dir))
    previous = _gettrace()
    started = _perf_counter()
    _settrace(counter.global_trace)
    try:
        value = fn(*args, **(kwargs or {}))
    finally:
        _settrace(previous)
    return {"lines": counter.lines, "calls": counter.calls, "ms": (_perf_counter() - started) * 1000, "value": value}


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

"""The performance lab, test side: counted cost, growth, peak memory and profiles.

Tests use it as `from pydojo_harness import perf`. Every measurement is recorded on the
running test and ends up in its result's `performance` section (docs/harness-protocol.md).

Two kinds of numbers (docs/decisions/0007-performance-lab.md):

- *Judge-side counts* (`Counter`, `perf.values`, `perf.counting`): the test hands the learner's
  code values or callables that count what is done with them (comparisons, `==`, `hash()`,
  calls). The counting happens in the judge, where the learner's code never runs, so these
  numbers may decide a verdict.
- *Host-side measurements* (`operations`, `peak_memory`, `profile`, and `growth` without a
  Counter): measured where the learner's code runs. Deterministic, but that process could lie
  about them; `profile` is wall-clock and never decides anything.
"""
import math
import operator
import os
import time

try:
    from _blake2 import blake2b  # hashlib's own, without loading OpenSSL (3 ms of each judge's start)
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import blake2b

__all__ = [
    "Counter",
    "values",
    "unwrap",
    "counting",
    "operations",
    "growth",
    "fit_growth",
    "assert_growth_at_most",
    "peak_memory",
    "assert_peak_memory_at_most",
    "profile",
    "note",
    "CLASSES",
]

# ---------------------------------------------------------------------------------------------
# Grade and test bookkeeping (called by the judge)

_grade = {"job": None, "session": None}
_current = None


def begin_grade(job, session):
    """The judge: a new grade starts (the session is None in-process)."""
    _grade["job"] = job
    _grade["session"] = session
    _hash_key["key"] = os.urandom(16)  # a new key each grade: no table of hashes carries over


def begin_test():
    global _current
    _current = {}


def take():
    """The judge: what the test that just ran measured, as its result's `performance`."""
    global _current
    data, _current = _current, None
    if not data:
        return None
    return data


def _record(kind, entry):
    if _current is None:
        return
    _current.setdefault(kind, []).append(entry)


class _Overhead:
    """Adds the wall-clock time a measurement took to the test's `overhead_ms`, so a measured
    exercise reports what measuring cost it."""

    def __enter__(self):
        self.started = time.perf_counter()

    def __exit__(self, *exc):
        if _current is not None:
            spent = (time.perf_counter() - self.started) * 1000
            _current["overhead_ms"] = round(_current.get("overhead_ms", 0.0) + spent, 3)
        return False


def note(text):
    """Adds a line the learner reads under the test (e.g. 'passes, and within 2x of the
    reference'). At most a few per test."""
    if _current is not None:
        notes = _current.setdefault("notes", [])
        if len(notes) < 10:
            notes.append(str(text)[:500])


def _solution_dir():
    job = _grade["job"]
    return job["solution_dir"] if job else "."


def _host():
    """perf_host where the learner's code runs: a proxy to the host's module, or the module."""
    session = _grade["session"]
    if session is None:
        from pydojo_harness import perf_host

        return perf_host
    return session.remote_module("pydojo_harness.perf_host")


def _trusted():
    return _grade["session"] is not None


def _host_source():
    """Where a measurement of the learner's code was made: their own process ("host") in an
    isolated grade, the one shared interpreter ("in-process") in Pyodide and the browser."""
    return "host" if _trusted() else "in-process"


# ---------------------------------------------------------------------------------------------
# Judge-side counting


class Counter:
    """Counts what the learner's code does with values and callables the test hands it.
    The counting runs in the judge: the learner's code can't change it."""

    def __init__(self, unit="operations"):
        self.unit = unit
        self.eq = 0
        self.order = 0
        self.hash = 0
        self.calls = {}

    def reset(self):
        self.eq = self.order = self.hash = 0
        self.calls = {}

    @property
    def comparisons(self):
        return self.eq + self.order

    @property
    def total(self):
        return self.eq + self.order + self.hash + sum(self.calls.values())

    def snapshot(self):
        data = {"==": self.eq, "<>": self.order, "hash": self.hash}
        data.update(self.calls)
        return {k: v for k, v in data.items() if v}

    def __repr__(self):
        return f"Counter({self.snapshot()})"


# A value the learner's code may be compared with directly: exact built-in scalars, and
# tuples and frozensets of them (a learner's object, an int subclass or anything else of
# theirs arrives here as a proxy and is refused, so comparing never runs the learner's code
# with the raw value as its argument).
_PLAIN = (int, float, complex, str, bytes, bool, type(None))


def _comparable(other, depth=0):
    kind = type(other)
    if kind in _PLAIN or kind is Counted:
        return True
    if kind in (tuple, frozenset) and depth < 8 and len(other) <= 64:
        return all(_comparable(item, depth + 1) for item in other)
    return False


def _raw(other):
    if type(other) is Counted:
        return object.__getattribute__(other, "_value")
    if type(other) is tuple:
        return tuple(_raw(item) for item in other)
    if type(other) is frozenset:
        return frozenset(_raw(item) for item in other)
    return other


# Counted values hash with a key of this grade: equal values hash equal (sets and dicts work),
# but a hash tells nothing of the value or of its order (hash(5) is 5 for a plain int).
_hash_key = {"key": os.urandom(16)}


def _keyed_hash(value):
    digest = blake2b(hash(value).to_bytes(8, "little", signed=True), key=_hash_key["key"], digest_size=8)
    return int.from_bytes(digest.digest(), "little", signed=True)


class Counted:
    """A value that counts ==, !=, <, <=, >, >= and hash() in its Counter. Compares like the
    value it wraps (with another Counted or a plain value: a number, a str, a tuple of them);
    `note` is not part of equality (to tell equal values apart).

    It never shows its value to the learner's code: the value is private (tests read it with
    `perf.unwrap`), repr() and str() hide it, hash() is keyed per grade, and a comparison with
    anything but a plain value or another Counted is refused (NotImplemented), so the learner's
    own object never receives the value as an argument. Only counted operations tell the
    learner's code anything about it."""

    __slots__ = ("_value", "note", "_counter")

    def __init__(self, value, counter, note=None):
        self._value = value
        self.note = note
        self._counter = counter

    @property
    def value(self):
        raise AttributeError(
            "a counted value does not show its value to your code: compare it (==, <, ...) or "
            "hash it, as you would the value itself (tests read it with perf.unwrap)"
        )

    def _compare(self, kind, op, other):
        counters = [self._counter]
        if type(other) is Counted and object.__getattribute__(other, "_counter") is not self._counter:
            # A value kept from another measurement (another Counter): the comparison counts on
            # both, so it is never free for the counter a test reads.
            counters.append(object.__getattribute__(other, "_counter"))
        for counter in counters:
            if kind == "eq":
                counter.eq += 1
            else:
                counter.order += 1
        if not _comparable(other):
            return NotImplemented
        return op(self._value, _raw(other))

    def __eq__(self, other):
        return self._compare("eq", operator.eq, other)

    def __ne__(self, other):
        return self._compare("eq", operator.ne, other)

    def __lt__(self, other):
        return self._compare("order", operator.lt, other)

    def __le__(self, other):
        return self._compare("order", operator.le, other)

    def __gt__(self, other):
        return self._compare("order", operator.gt, other)

    def __ge__(self, other):
        return self._compare("order", operator.ge, other)

    def __hash__(self):
        self._counter.hash += 1
        return _keyed_hash(self._value)

    def __repr__(self):
        return "<counted value>" if self.note is None else f"<counted value, note {self.note!r}>"


def unwrap(items, strict=False):
    """The test's way to read counted values: the value of a Counted, or a list (tuple) with
    each Counted replaced by its value; anything else is returned as it is. With `strict`, an
    item that is neither a Counted nor a plain value (a number, str, bytes, None) fails the
    test: the learner's own object could answer == as it likes."""
    if type(items) is Counted:
        return object.__getattribute__(items, "_value")
    if type(items) in (list, tuple):
        return type(items)(unwrap(item, strict) for item in items)
    if strict and type(items) not in _PLAIN:
        raise AssertionError(
            f"expected the values the test gave (or plain values), got an object of type {type(items).__name__!r}"
        )
    return items


def values(items, counter, notes=False):
    """The items as Counted values; with `notes`, each is noted with its index."""
    return [Counted(v, counter, note=i if notes else None) for i, v in enumerate(items)]


def counting(fn, counter, name=None):
    """fn, counting its calls in counter.calls[name] (a fake database's execute, a key function)."""
    label = name or getattr(fn, "__name__", "call")

    def counted(*args, **kwargs):
        counter.calls[label] = counter.calls.get(label, 0) + 1
        return fn(*args, **kwargs)

    counted.__name__ = label
    return counted


# ---------------------------------------------------------------------------------------------
# Host-side operation counts


def operations(fn, *args, label=None, **kwargs):
    """Calls fn(*args, **kwargs) counting the learner's own work: `lines` (line events in the
    learner's files), `calls` (calls of the learner's functions) and `rows` (rows the sqlite3
    module handed to Python in the learner's process, whoever asked). Same on every run of the
    same Python; see docs/exercise-format.md#performance for 3.11 vs 3.14. Returns
    (value, {"lines": ..., "calls": ..., "rows": ...})."""
    with _Overhead():
        answer = _host().count_operations(_solution_dir(), fn, args, kwargs)
    counts = {"lines": int(answer["lines"]), "calls": int(answer["calls"]), "rows": int(answer.get("rows", 0))}
    _record("counts", {
        "label": label or _name(fn),
        "unit": "line events",
        "value": counts["lines"],
        "calls": counts["calls"],
        "source": _host_source(),
    })
    return answer["value"], counts


def _name(fn):
    try:
        name = getattr(fn, "__name__", None)
    except Exception:  # noqa: BLE001 - a proxy may refuse
        name = None
    return f"{name}()" if isinstance(name, str) else "the function"


# ---------------------------------------------------------------------------------------------
# Growth

CLASSES = ["constant", "logarithmic", "linear", "n log n", "quadratic", "cubic", "exponential"]
_SHOW = {
    "constant": "1",
    "logarithmic": "log n",
    "linear": "n",
    "n log n": "n log n",
    "quadratic": "n²",
    "cubic": "n³",
    "exponential": "2ⁿ",
}
_ALIASES = {
    "1": "constant", "o(1)": "constant", "constant": "constant",
    "log n": "logarithmic", "logn": "logarithmic", "o(log n)": "logarithmic", "logarithmic": "logarithmic",
    "n": "linear", "o(n)": "linear", "linear": "linear",
    "n log n": "n log n", "nlogn": "n log n", "o(n log n)": "n log n", "linearithmic": "n log n",
    "n^2": "quadratic", "n²": "quadratic", "n**2": "quadratic", "o(n^2)": "quadratic", "quadratic": "quadratic",
    "n^3": "cubic", "n³": "cubic", "n**3": "cubic", "o(n^3)": "cubic", "cubic": "cubic",
    "2^n": "exponential", "2**n": "exponential", "o(2^n)": "exponential", "exponential": "exponential",
}


def growth_class(name):
    """A class name from a friendly spelling ('n log n', 'O(n^2)', 'quadratic')."""
    key = str(name).strip().lower()
    if key not in _ALIASES:
        raise ValueError(f"unknown growth class {name!r}: use one of {', '.join(CLASSES)}")
    return _ALIASES[key]


def _model(cls, n):
    if cls == "constant":
        return 1.0
    if cls == "logarithmic":
        return math.log2(n)
    if cls == "linear":
        return float(n)
    if cls == "n log n":
        return n * math.log2(n)
    if cls == "quadratic":
        return float(n) ** 2
    if cls == "cubic":
        return float(n) ** 3
    return 2.0 ** n


def _fit_one(cls, sizes, costs):
    """Weighted least squares of cost ~ a * f(n) + b with relative errors (weights 1/cost^2).
    Returns (score, a, b): the root mean squared relative error; inf if a < 0."""
    ys = [max(float(c), 1.0) for c in costs]
    ws = [1.0 / (y * y) for y in ys]
    if cls == "exponential":
        return _fit_exponential(sizes, ys)
    if cls == "constant":
        b = sum(w * y for w, y in zip(ws, ys)) / sum(ws)
        a = 0.0
    else:
        fs = [_model(cls, n) for n in sizes]
        sw = sum(ws)
        sf = sum(w * f for w, f in zip(ws, fs))
        sy = sum(w * y for w, y in zip(ws, ys))
        sff = sum(w * f * f for w, f in zip(ws, fs))
        sfy = sum(w * f * y for w, f, y in zip(ws, fs, ys))
        det = sw * sff - sf * sf
        if det <= 0 or not math.isfinite(det):
            return math.inf, 0.0, 0.0
        a = (sw * sfy - sf * sy) / det
        b = (sy - a * sf) / sw
        if a <= 0:
            return math.inf, a, b
    pred = [(a * _model(cls, n) + b) if cls != "constant" else b for n in sizes]
    score = math.sqrt(sum(((p - y) / y) ** 2 for p, y in zip(pred, ys)) / len(ys))
    return score, a, b


def _fit_exponential(sizes, ys):
    """cost ~ k * r**n with a free base r > 1.2 (naive recursion is ~1.6**n, subsets 2**n):
    least squares of ln(cost) on n."""
    logs = [math.log(y) for y in ys]
    m = len(sizes)
    mean_n = sum(sizes) / m
    mean_l = sum(logs) / m
    var = sum((n - mean_n) ** 2 for n in sizes)
    if var <= 0:
        return math.inf, 0.0, 0.0
    slope = sum((n - mean_n) * (l - mean_l) for n, l in zip(sizes, logs)) / var
    if slope < math.log(1.2):
        return math.inf, slope, 0.0
    k = mean_l - slope * mean_n
    pred = [math.exp(min(k + slope * n, 700.0)) for n in sizes]
    score = math.sqrt(sum(((p - y) / y) ** 2 for p, y in zip(pred, ys)) / m)
    return score, slope, k


def fit_growth(sizes, costs):
    """The growth class of a cost series: every model is fitted (cost ~ a*f(n) + b) and the one
    with the smallest relative error wins; a simpler class wins a near tie (within 1.5x of the
    best error + 2 %), so small noise does not move a series up a class. A series that barely
    changes (largest / smallest cost < 1.15) is constant. Returns (class, {class: error})."""
    sizes = [int(n) for n in sizes]
    costs = [float(c) for c in costs]
    if len(sizes) != len(costs) or len(sizes) < 3:
        raise ValueError("growth needs at least 3 sizes, each with a cost")
    if len(set(sizes)) != len(sizes) or min(sizes) < 1:
        raise ValueError("growth sizes must be different positive integers")
    order = sorted(range(len(sizes)), key=lambda i: sizes[i])
    sizes = [sizes[i] for i in order]
    costs = [costs[i] for i in order]
    lo, hi = max(min(costs), 1.0), max(max(costs), 1.0)
    scores = {}
    for cls in CLASSES:
        if cls == "exponential" and max(sizes) > 1000:
            scores[cls] = math.inf
            continue
        scores[cls] = _fit_one(cls, sizes, costs)[0]
    if hi / lo < 1.15:
        return "constant", scores
    best = min(scores.values())
    for cls in CLASSES:  # simplest first
        if scores[cls] <= best * 1.5 + 0.02:
            return cls, scores
    return min(scores, key=scores.get), scores


class Growth:
    """A growth measurement: the series, its class and (optionally) the reference's."""

    def __init__(self, label, unit, sizes, costs, cls, source, reference=None):
        self.label = label
        self.unit = unit
        self.sizes = list(sizes)
        self.costs = list(costs)
        self.cls = cls
        self.source = source
        self.reference = reference or {}

    def __repr__(self):
        return f"Growth({self.label}: {self.cls}, {dict(zip(self.sizes, self.costs))})"

    def cost_at(self, n):
        return dict(zip(self.sizes, self.costs))[n]

    def ratio_to_reference(self):
        """cost / reference cost at the largest size both have, or None."""
        series = self.reference.get("series") or {}
        common = [n for n in self.sizes if n in series and series[n]]
        if not common:
            return None
        n = max(common)
        return self.cost_at(n) / float(series[n])

    def entry(self):
        data = {
            "label": self.label,
            "unit": self.unit,
            "class": self.cls,
            "source": self.source,
            "points": [{"n": n, "cost": c} for n, c in zip(self.sizes, self.costs)],
        }
        series = self.reference.get("series") or {}
        if series:
            for point in data["points"]:
                if point["n"] in series:
                    point["reference"] = series[point["n"]]
        if self.reference.get("class"):
            data["reference_class"] = self.reference["class"]
        ratio = self.ratio_to_reference()
        if ratio is not None:
            data["ratio_to_reference"] = round(ratio, 3)
        return data


def _reference(reference):
    if reference is None:
        return {}
    if not isinstance(reference, dict):
        raise TypeError("reference must be a dict like {'class': 'n log n', 'series': {100: 672, 200: 1544}}")
    out = {}
    if reference.get("class"):
        out["class"] = growth_class(reference["class"])
    series = reference.get("series") or {}
    out["series"] = {int(n): float(c) for n, c in dict(series).items()}
    return out


def growth(fn, make_input, sizes, cost=None, label=None, unit=None, spread=False, reference=None, check=None):
    """Runs fn on make_input(n) for each n in sizes and fits the growth of its cost.

    `cost` is a Counter (judge-side: its total, or a callable `cost(counter) -> number`, e.g.
    `lambda c: c.comparisons`, given as `cost=(counter, fn)`), or None for the learner's
    operation count (host-side line events). With `spread`, make_input returns a list of
    arguments. `reference`: the reference solution's numbers, stored in the test file
    ({"class": ..., "series": {n: cost}}), shown beside the learner's.

    `check(input, answer) -> bool` (judge-side counts only) checks each size's answer: a
    cost says nothing of code that did not do the work (a sort that returns its input as it is
    when given counted values makes no comparison at all), so a wrong answer fails the test."""
    if check is not None and cost is None:
        raise ValueError("check= needs a Counter (cost=...): line events do not send the answers back")
    with _Overhead():
        return _growth(fn, make_input, sizes, cost, label, unit, spread, reference, check)


def _growth(fn, make_input, sizes, cost, label, unit, spread, reference, check=None):
    sizes = [int(n) for n in sizes]
    label = label or _name(fn)
    if cost is None:
        inputs = [make_input(n) for n in sizes]
        rows = _host().count_series(_solution_dir(), fn, inputs, bool(spread))
        costs = [int(r["lines"]) for r in rows]
        unit = unit or "line events"
        source = _host_source()
    else:
        counter, pick = cost if isinstance(cost, tuple) else (cost, lambda c: c.total)
        costs = []
        for n in sizes:
            data = make_input(n)
            # What check() gets: the input as it was (the learner's code may change its lists).
            before = [_copied(a) for a in data] if spread else _copied(data)
            counter.reset()
            answer = fn(*data) if spread else fn(data)
            costs.append(pick(counter))
            if check is not None and not check(before, answer):
                raise AssertionError(
                    f"{label} gave a wrong answer for n = {_num(n)} (the input of the growth "
                    "measurement), so what it cost says nothing: it must be right on every input"
                )
        unit = unit or counter.unit
        source = "judge" if _trusted() else "in-process"
    cls, _scores = fit_growth(sizes, costs)
    result = Growth(label, unit, sizes, costs, cls, source, _reference(reference))
    _record("growth", result.entry())
    return result


def _copied(value):
    return type(value)(value) if type(value) in (list, tuple, dict, set) else value


def _num(x):
    return f"{int(round(x)):,}"


def assert_growth_at_most(result, limit, hint=None, within=None, reference=None):
    """Fails when the cost grows faster than `limit` ('n log n', 'linear', ...), with a message
    that shows the series (and the reference's). `within`: also fail when the cost at the
    largest size is more than `within` times the reference's. On a pass, the comparison with the
    reference is noted on the test ("within 2x of the reference")."""
    limit = growth_class(limit)
    if reference is not None:
        result.reference = _reference(reference)
    ours = CLASSES.index(result.cls)
    if ours > CLASSES.index(limit):
        shown = ", ".join(f"{_num(c)} for n = {_num(n)}" for n, c in list(zip(result.sizes, result.costs))[-2:])
        message = f"{result.label}'s cost grows like {_SHOW[result.cls]}: {shown} {result.unit}"
        ref = result.reference
        if ref.get("class") or ref.get("series"):
            parts = []
            if ref.get("class"):
                parts.append(f"the reference grows like {_SHOW[ref['class']]}")
            common = [n for n in result.sizes if n in (ref.get("series") or {})]
            if common:
                parts.append(f"it makes {_num(ref['series'][common[-1]])} for n = {_num(common[-1])}")
            message += " — " + ", ".join(parts)
        message += f". At most {_SHOW[limit]} is needed."
        if hint:
            message += " " + hint
        raise AssertionError(message)
    ratio = result.ratio_to_reference()
    if within is not None and ratio is not None and ratio > within:
        n = max(n for n in result.sizes if n in result.reference["series"])
        raise AssertionError(
            f"{result.label} grows like {_SHOW[result.cls]} as it should, but costs {ratio:.1f}x the "
            f"reference at n = {_num(n)} ({_num(result.cost_at(n))} {result.unit}; the reference "
            f"makes {_num(result.reference['series'][n])}); at most {within:g}x is allowed." + (f" {hint}" if hint else "")
        )
    if ratio is not None:
        n = max(n for n in result.sizes if n in result.reference["series"])
        shown = (
            f"{_num(result.cost_at(n))} {result.unit} for n = {_num(n)}; the reference makes "
            f"{_num(result.reference['series'][n])}"
        )
        if ratio <= 2:
            note(f"passes, and within 2x of the reference's cost ({shown})")
        else:
            note(f"passes, at {ratio:.1f}x the reference's cost ({shown}): there is a cheaper way")


# ---------------------------------------------------------------------------------------------
# Memory and profile


def _human(n):
    n = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GB"


def peak_memory(fn, *args, label=None, reference=None, **kwargs):
    """Calls fn(*args, **kwargs) and returns (value, peak bytes Python allocated during the
    call, above what existed at its start). Measured where the learner's code runs."""
    with _Overhead():
        answer = _host().peak_memory(fn, args, kwargs)
    peak = int(answer["peak_bytes"])
    entry = {"label": label or _name(fn), "peak_bytes": peak, "source": _host_source()}
    if reference is not None:
        entry["reference_bytes"] = int(reference)
    _record("memory", entry)
    return answer["value"], peak


def assert_peak_memory_at_most(peak, limit_bytes, what="the call", hint=None):
    if peak > limit_bytes:
        message = f"{what} used {_human(peak)} of memory at its peak; at most {_human(limit_bytes)} is allowed."
        if hint:
            message += " " + hint
        raise AssertionError(message)


def profile(fn, *args, label=None, top=8, **kwargs):
    """Calls fn(*args, **kwargs) under cProfile and attaches the top functions by own time to
    the test's result. Wall-clock: it informs the learner and never decides a verdict.
    Returns (value, rows)."""
    with _Overhead():
        answer = _host().profile(_solution_dir(), fn, args, kwargs, top)
    rows = [dict(r) for r in answer["rows"]]
    _record("profile", {
        "label": label or _name(fn),
        "total_calls": int(answer["total_calls"]),
        "total_ms": float(answer["total_ms"]),
        "rows": rows,
    })
    return answer["value"], rows

"""Runs collected tests one by one: fixtures, stdout capture, timing, subtests."""
import inspect
import sys
import time
import types
import unittest

from .capture import BoundedWriter, clip_output, human_bytes
from .outcome import Outcome


class RunContext:
    """What the executor needs from the judge: limits, paths and the isolation hooks."""

    def __init__(self, classifier, work_dir, output_bytes, session=None):
        self.classifier = classifier
        self.work_dir = work_dir
        self.output_bytes = output_bytes
        self.session = session  # isolation session (None in-process)
        self.output_used = 0


class _Request:
    """The `request` object fixtures receive."""

    def __init__(self, item, work_dir):
        self.test_name = item.name
        self.node_name = item.func_name
        self.work_dir = work_dir
        self.param = None
        self.fixture_params = getattr(item, "fixture_params", {}) or {}
        self.module = item.owner if item.kind == "function" else sys.modules.get(item.owner.__module__)
        self.cls = None if item.kind == "function" else item.owner
        self.teardowns = None  # set while fixtures resolve: where addfinalizer's functions go

    def addfinalizer(self, finalizer):
        """pytest's: `finalizer()` runs after the test (or, for a fixture of a wider scope, at
        the end of the grade), with the yield fixtures' teardowns, last added first."""
        if not callable(finalizer):
            raise TypeError(f"addfinalizer() needs a function, not {type(finalizer).__name__}")
        if self.teardowns is None:
            raise RuntimeError("request.addfinalizer() is for fixtures, while they are set up")
        self.teardowns.append(finalizer)


def _marks_named(item, name):
    return [m for m in item.marks if getattr(m, "name", None) == name]


def _skip_reason(item):
    for mark in _marks_named(item, "skip"):
        return mark.kwargs.get("reason", mark.args[0] if mark.args else "skipped")
    for mark in _marks_named(item, "skipif"):
        condition = mark.args[0] if mark.args else mark.kwargs.get("condition", False)
        if condition:
            return mark.kwargs.get("reason", "skipped")
    return None


def _xfail_reason(item):
    for mark in _marks_named(item, "xfail"):
        return mark.kwargs.get("reason", "")
    return None


def _call_optional_arg(func, arg):
    """pytest's xunit-style `setup_method(self[, method])`: the argument only if it is taken."""
    try:
        takes = len(inspect.signature(func).parameters) > 0
    except (TypeError, ValueError):
        takes = True
    return func(arg) if takes else func()


def parameters_of(func):
    """[(name, required)] for a callable's parameters, in `inspect.signature`'s order, where
    required means without a default (as there, `*args` and `**kwargs` have none). Asked for
    every test a grade runs: for a plain function, or a method bound to one, it is read off the
    code object, since `inspect.signature` took over 10 % of a browser Run of 16 quick tests;
    `inspect.signature` answers everything else (functions with `__wrapped__` or
    `__signature__`, partials, builtins, callable objects)."""
    bound = type(func) is types.MethodType
    plain = func.__func__ if bound else func
    code = getattr(plain, "__code__", None) if type(plain) is types.FunctionType else None
    if (
        code is None
        or (bound and code.co_argcount == 0)  # only *args: the bound object goes into them
        or getattr(plain, "__wrapped__", None) is not None
        or getattr(plain, "__signature__", None) is not None
    ):
        empty = inspect.Parameter.empty
        return [(name, p.default is empty) for name, p in inspect.signature(func).parameters.items()]
    positional, kwonly, names = code.co_argcount, code.co_kwonlyargcount, code.co_varnames
    first_default = positional - len(plain.__defaults__ or ())
    kwdefaults = plain.__kwdefaults__ or {}
    params = [(names[i], i < first_default) for i in range(positional)]
    at = positional + kwonly  # co_varnames: positional, keyword-only, *args, **kwargs
    if code.co_flags & inspect.CO_VARARGS:
        params.append((names[at], True))
        at += 1
    params.extend((names[i], names[i] not in kwdefaults) for i in range(positional, positional + kwonly))
    if code.co_flags & inspect.CO_VARKEYWORDS:
        params.append((names[at], True))
    return params[1:] if bound else params


def _mock_patch_args(func):
    """How many of a test's first arguments `@unittest.mock.patch` decorators supply (as
    pytest counts them): those are the mocks, not fixtures."""
    patchings = getattr(func, "patchings", None)
    if not isinstance(patchings, list):
        return 0
    mock = sys.modules.get("unittest.mock")
    default = getattr(mock, "DEFAULT", None)
    return sum(1 for p in patchings if not getattr(p, "attribute_name", None) and getattr(p, "new", None) is default)


class FixtureScope:
    """Resolves fixtures by name: the test module's own, then the built-in ones."""

    def __init__(self, module, builtin_loader, shared):
        self._loader = builtin_loader  # imported on first use: most tests need no fixture
        self._defs = None
        from .collect import fixture_defs

        self.module = module
        self.user = fixture_defs(module)  # conftest.py files' and the module's own
        # {key: value} of the grade's fixtures wider than a test (scope "module", "class",
        # "package" or "session"), and their teardowns, run at the end of the grade (Executor).
        self.shared = shared

    @property
    def defs(self):
        if self._defs is None:
            self._defs = dict(self._loader())
        return self._defs

    def autouse(self):
        return [name for name, fdef in self.user.items() if getattr(fdef, "autouse", False)]

    def resolve(self, names, request, teardowns, cache):
        values = {}
        for name in names:
            values[name] = self._value(name, request, teardowns, cache, ())
        return values

    def _value(self, name, request, teardowns, cache, chain):
        if name in cache:
            return cache[name]
        if name in chain:
            raise RuntimeError(f"fixture {name!r} depends on itself")
        if name == "request":
            return request
        if name in self.user:
            fdef = self.user[name]
            key = self._shared_key(fdef, request)
            if key is not None and key in self.shared["values"]:
                cache[name] = self.shared["values"][key]
                return cache[name]
            own = self.shared["teardowns"] if key is not None else teardowns
            func = fdef.func
            deps = [name for name, _ in parameters_of(func)]
            kwargs = {d: self._value(d, request, teardowns, cache, chain + (name,)) for d in deps}
            # A parametrized fixture sees this test's value as `request.param` (also in the
            # body of a yield fixture, which runs at the first next()).
            outer, outer_teardowns = request.param, request.teardowns
            request.param = request.fixture_params.get(name, outer)
            request.teardowns = own
            try:
                result = _started_fixture(func(**kwargs), own)
            finally:
                request.param, request.teardowns = outer, outer_teardowns
            if key is not None:
                self.shared["values"][key] = result
        elif name in self.defs:
            outer_teardowns, request.teardowns = request.teardowns, teardowns
            try:
                result = _started_fixture(self.defs[name](request), teardowns)
            finally:
                request.teardowns = outer_teardowns
        else:
            available = sorted(set(self.user) | set(self.defs) | {"request"})
            raise LookupError(f"fixture {name!r} not found (available: {', '.join(available)})")
        cache[name] = result
        return result


    def _shared_key(self, fdef, request):
        """Where a fixture wider than one test keeps its value, or None for scope "function"
        (and for a parametrized one: one value per test, as its params differ)."""
        scope = getattr(fdef, "scope", "function")
        if scope not in ("class", "module", "package", "session") or getattr(fdef, "params", None):
            return None
        if fdef.name in request.fixture_params:  # parametrized through parametrize(indirect=)
            return None
        where = {"session": None, "package": None, "module": self.module.__name__}.get(scope)
        if scope == "class":
            where = (self.module.__name__, getattr(request.cls, "__qualname__", None))
        return (scope, where, id(fdef.func))


def _started_fixture(result, teardowns):
    """A yield fixture's value (its teardown kept for later); any other fixture's result."""
    if type(result) is types.GeneratorType:  # not a learner's generator a fixture returns (a proxy)
        value = next(result)
        teardowns.append(result)
        return value
    return result


def _finish(teardowns):
    """Runs fixture teardowns in reverse order; returns the first error."""
    error = None
    for gen in reversed(teardowns):
        try:
            if type(gen) is types.GeneratorType:
                next(gen)
            else:
                gen()  # request.addfinalizer's function
        except StopIteration:
            pass
        except BaseException as exc:  # noqa: BLE001 - reported as the test's error
            error = error or exc
    return error


class _UnittestResult(unittest.TestResult):
    """Collects one TestCase run: its outcome and each failed subtest."""

    def __init__(self):
        super().__init__()
        self.exc = None
        self.skip_reason = None
        self.subtests = []
        self.expected_failure = False

    def addError(self, test, err):
        self.exc = self.exc or err[1]

    def addFailure(self, test, err):
        self.exc = self.exc or err[1]

    def addSkip(self, test, reason):
        self.skip_reason = reason

    def addExpectedFailure(self, test, err):
        self.expected_failure = True

    def addUnexpectedSuccess(self, test):
        self.exc = AssertionError("unexpected success: the test is marked as expected to fail")

    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.subtests.append((subtest, err[1]))


# The parent entry of a test whose subtests failed, as Exercism's Python test runner words it.
SUBTESTS_FAILED = "One or more variations of this test failed. Details can be found under each [variant#]."


def _subtest_label(subtest):
    """What follows the test's name in a subtest's entry, as pytest names subtests (and so
    Exercism's runner): `[message] (k=v, ...)`, either part only when given."""
    parts = []
    message = getattr(subtest, "_message", None)
    if message is not None and message is not getattr(unittest.case, "_subtest_msg_sentinel", None):
        parts.append(f"[{message}]")
    params = getattr(subtest, "params", None) or {}
    if params:
        parts.append("(" + ", ".join(f"{k}={v!r}" for k, v in params.items()) + ")")
    return " ".join(parts) or "(<subtest>)"


class Executor:
    """Runs TestItems and returns result dicts in the order given."""

    def __init__(self, ctx, builtin_fixtures):
        self.ctx = ctx
        self.builtin_fixtures = builtin_fixtures
        self.scopes = {}
        self.shared = {"values": {}, "teardowns": []}  # fixtures wider than one test
        self.class_state = {}

    def run(self, items):
        records = []
        classes_left = {}
        for item in items:
            if item.kind == "unittest":
                classes_left[item.owner] = classes_left.get(item.owner, 0) + 1
        for item in items:
            records.extend(self._run_one(item))
            if item.kind == "unittest":
                classes_left[item.owner] -= 1
                if classes_left[item.owner] == 0 and self.class_state.get(item.owner) == "up":
                    try:
                        item.owner.tearDownClass()
                    except BaseException:  # noqa: BLE001 - the tests already have results
                        pass
        if self.shared["teardowns"]:
            self._finish_shared()
        return records

    def _finish_shared(self):
        """The teardowns of fixtures wider than one test, once every test ran: their tests
        already have results, what they print goes nowhere, and a call into the learner's code
        gets a test's time limit."""
        saved = sys.stdout, sys.stderr
        sys.stdout = sys.stderr = BoundedWriter(0)
        try:
            if self.ctx.session is not None:
                self.ctx.session.begin_test("(fixture teardown)")
            _finish(self.shared["teardowns"])
        except BaseException:  # noqa: BLE001 - a limit reached here changes no result
            pass
        finally:
            sys.stdout, sys.stderr = saved

    def _run_one(self, item):
        skip = _skip_reason(item)
        if skip is not None:
            return [self._record(item, Outcome("skip", skip), "", 0.0)]
        stdout = BoundedWriter(max(self.ctx.output_bytes - self.ctx.output_used, 0))
        saved = sys.stdout, sys.stderr
        stderr = BoundedWriter(64 * 1024)
        sys.stdout, sys.stderr = stdout, stderr
        extra = []
        started = time.perf_counter()
        try:
            if self.ctx.session is not None:
                self.ctx.session.begin_test(item.name)
            if item.kind == "unittest":
                outcome, extra = self._run_unittest(item)
            else:
                outcome = self._run_callable(item)
        finally:
            sys.stdout, sys.stderr = saved
        elapsed = (time.perf_counter() - started) * 1000
        self.ctx.output_used += stdout.size
        if stdout.truncated and outcome.limit is None:
            note = f"output truncated at {human_bytes(self.ctx.output_bytes)}"
            outcome.limit = "output"
            outcome.message = f"{outcome.message}\n\n{note}" if outcome.message else note
        main = self._record(item, outcome, stdout.getvalue(), elapsed)
        return [main] + [self._record(item, o, "", 0.0, suffix=s) for s, o in extra]

    def _run_unittest(self, item):
        cls = item.owner
        state = self.class_state.get(cls)
        if state is None:
            try:
                cls.setUpClass()
                self.class_state[cls] = "up"
            except BaseException as exc:  # noqa: BLE001 - setUpClass failures fail its tests
                self.class_state[cls] = exc
        state = self.class_state[cls]
        if state != "up":
            return self.ctx.classifier.classify(state), []
        result = _UnittestResult()
        case = cls(item.func_name)
        try:
            case.run(result)
        except KeyboardInterrupt:  # unittest re-raises it; in Pyodide it is the time limit
            return Outcome("error", "timeout: the test was stopped (an infinite loop?)", limit="timeout"), []
        xfail = _xfail_reason(item)
        if result.skip_reason is not None:
            return Outcome("skip", result.skip_reason), []
        if result.expected_failure:
            return Outcome("skip", "expected failure"), []
        subtests = [
            (_subtest_label(sub), self.ctx.classifier.classify(exc)) for sub, exc in result.subtests
        ]
        if result.exc is not None:
            outcome = self.ctx.classifier.classify(result.exc, xfail=xfail)
        elif subtests:
            outcome = Outcome("fail", SUBTESTS_FAILED)
            first = subtests[0][1]
            outcome.expected, outcome.actual = first.expected, first.actual
        else:
            outcome = Outcome("pass")
        return outcome, subtests

    def _run_callable(self, item):
        if item.kind == "function":
            module = item.owner
            target = getattr(module, item.func_name)
            instance = None
        else:
            module = sys.modules.get(item.owner.__module__)
            instance = item.owner()
            target = getattr(instance, item.func_name)
        scope = self.scopes.get(module)
        if scope is None:
            scope = self.scopes[module] = FixtureScope(module, self.builtin_fixtures, self.shared)
        teardowns = []
        xfail = _xfail_reason(item)
        outcome = Outcome("pass")
        try:
            if instance is not None and hasattr(instance, "setup_method"):
                _call_optional_arg(instance.setup_method, target)
            parameters = parameters_of(target)
            patched = _mock_patch_args(target)
            wanted = [
                name
                for index, (name, required) in enumerate(parameters)
                if index >= patched and name not in item.params and required
            ]
            for mark in _marks_named(item, "usefixtures"):
                wanted.extend(mark.args)
            request = _Request(item, self.ctx.work_dir)
            cache = {}
            scope.resolve(scope.autouse(), request, teardowns, cache)
            fixtures = scope.resolve(wanted, request, teardowns, cache)
            kwargs = {n: fixtures[n] for n, _ in parameters if n in fixtures}
            kwargs.update(item.params)
            target(**kwargs)
            if xfail is not None:
                outcome = Outcome("pass")
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a result
            outcome = self.ctx.classifier.classify(exc, xfail=xfail)
        finally:
            error = _finish(teardowns)
            if instance is not None and hasattr(instance, "teardown_method"):
                try:
                    _call_optional_arg(instance.teardown_method, target)
                except BaseException as exc:  # noqa: BLE001
                    error = error or exc
        if error is not None and outcome.status == "pass":
            outcome = self.ctx.classifier.classify(error)
        return outcome

    def _record(self, item, outcome, output, elapsed, suffix=None):
        name = item.name if not suffix else f"{item.name} {suffix}"
        record = {
            "name": name,
            "status": outcome.status,
            "message": outcome.message,
            "output": clip_output(output),
            "test_code": item.test_code,
            "task_id": item.task_id,
            "duration_ms": round(elapsed, 3),
            "limit": outcome.limit,
            "expected": outcome.expected,
            "actual": outcome.actual,
            "learner_line": outcome.learner_line,
        }
        if item.hidden:
            record["hidden"] = True  # the server shows a learner only its name and status
        return record

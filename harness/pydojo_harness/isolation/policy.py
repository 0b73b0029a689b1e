"""What each side lets the other do with its objects.

The host trusts the judge completely (the tests may do anything to the learner's objects).
The judge trusts the host with almost nothing: the learner's code may call back the functions
and objects a test handed to it, and use their public attributes and operators, but can never
reach a module, a frame, a function's globals or anything private, and can't import or set.
"""
import importlib
import os
import sys
import traceback
import types

from ..errors import LearnerExit, LimitExceeded, syntax_error_message
from .protocols import abc_check, has_members
from .remote import PLAIN_BASES
from .values import value_base, value_data
from .wire import ChannelClosed, ChannelTimeout, ProtocolError



def _plain_copy(obj):
    """The built-in value inside an instance of a subclass of a built-in type, read without
    calling any method the subclass may have overridden; for a standard-library value (a deque,
    a UUID...), its data (values.py)."""
    if isinstance(obj, str):
        return str.__getitem__(obj, slice(None))
    if isinstance(obj, bytes):
        return bytes.__getitem__(obj, slice(None))
    if isinstance(obj, list):
        return list.copy(obj)
    if isinstance(obj, tuple):
        return tuple.__getitem__(obj, slice(None))
    if isinstance(obj, dict):
        return dict.copy(obj)
    if isinstance(obj, set):
        return set.copy(obj)
    if isinstance(obj, frozenset):
        return frozenset.copy(obj) if type(obj) is frozenset else frozenset(set.union(set(), obj))
    if isinstance(obj, int):
        return int.__int__(obj)
    if isinstance(obj, float):
        return float.__float__(obj)
    if isinstance(obj, complex):
        return complex(complex.real.__get__(obj), complex.imag.__get__(obj))
    kind = value_base(obj)
    if kind is not None:
        return value_data(obj, kind)  # a standard-library value's data (values.py)
    raise TypeError(f"{type(obj).__name__} is not a built-in value")


class HostPolicy:
    """Runs on the host: everything the judge asks is allowed."""

    # The learner's exceptions cross as copies only (they are many; numbering them would keep
    # each one, with its frames, alive for the whole grade).
    export_exceptions = False

    def __init__(self, solution_dir):
        self.solution_dir = os.path.abspath(solution_dir) + os.sep

    def import_module(self, name):
        return importlib.import_module(name)

    def check_getattr(self, target, name):
        pass

    def check_setattr(self, target, name):
        pass

    def check_call(self, target):
        pass

    def check_op(self, target, op):
        pass

    def invoke(self, fn, args, kwargs):
        return fn(*args, **kwargs)

    def plain(self, target):
        return _plain_copy(target)

    def apply_changes(self, changes):
        # What the tests changed in the standard library (mirror.py): the judge decides.
        from . import mirror

        mirror.apply(changes)

    def conforms(self, target, members, methods, as_class):
        return has_members(target, members, methods, as_class, restricted=False)

    def abc_check(self, target, module, name, as_class):
        return abc_check(target, module, name, as_class)

    def must_propagate(self, exc):
        return isinstance(exc, (ChannelClosed, ProtocolError))

    def special_exception(self, data):
        return None

    def _learner_frames(self, tb):
        frames = [f for f in traceback.extract_tb(tb) if os.path.abspath(f.filename).startswith(self.solution_dir)]
        return frames

    def describe_exception(self, exc):
        info = {}
        frames = self._learner_frames(exc.__traceback__)
        if frames:
            info["tb"] = "".join(
                f'  File "{os.path.abspath(f.filename)[len(self.solution_dir):]}", line {f.lineno}, in {f.name}\n'
                + (f"    {f.line.strip()}\n" if f.line else "")
                for f in frames[-6:]
            ).rstrip("\n")
            info["line"] = frames[-1].lineno
        if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename).startswith(self.solution_dir):
            shown = os.path.abspath(exc.filename)[len(self.solution_dir):]
            info["syntax"] = syntax_error_message(exc, shown)
            info["line"] = exc.lineno
        if isinstance(exc, SystemExit):
            info["exit"] = repr(exc.code)
        return info


class SubjectPolicy(HostPolicy):
    """Runs on the host of a write-the-tests run, where the judge runs the learner's tests
    against the code under test (correct, equivalent or buggy). The tests may call that code
    and use its public names and operators, and nothing else: no source, docstrings, code
    objects, names of private helpers, other modules or the host's files. A test can tell the
    variants apart only by what they do."""

    _HINT = "in a write-the-tests exercise your tests may only use the code under test as a caller would: test what it does, not how it is written"

    def apply_changes(self, changes):
        # The tests of a write-the-tests run are the learner's: their patches never reach the
        # code under test (a patched `compile` or `exec` would be handed its source).
        raise PermissionError("the tests cannot change the modules of the code under test")

    def __init__(self, solution_dir):
        super().__init__(solution_dir)
        self.modules = set()

    def import_module(self, name):
        module = importlib.import_module(name)
        if getattr(module.__spec__, "origin", None) != "<subject>":
            raise ImportError(f"{name} is not the code under test ({self._HINT})")
        self.modules.add(name)
        return module

    def _owned(self, obj):
        if isinstance(obj, types.ModuleType):
            return obj.__name__ in self.modules
        return getattr(obj, "__module__", None) in self.modules

    def check_getattr(self, target, name):
        if name.startswith("_"):
            raise AttributeError(f"{name!r} is not available: {self._HINT}")
        if isinstance(target, types.ModuleType) and not self._owned(target):
            raise AttributeError(f"module {target.__name__!r} is not available: {self._HINT}")
        if isinstance(target, (types.CodeType, types.FrameType, types.TracebackType, types.FunctionType,
                               types.BuiltinFunctionType, types.MethodType, types.GeneratorType)):
            raise AttributeError(f"attributes of {type(target).__name__} objects are not available: {self._HINT}")

    def check_setattr(self, target, name):
        if name.startswith("_") or (isinstance(target, types.ModuleType) and not self._owned(target)):
            raise AttributeError(f"{name!r} cannot be set: {self._HINT}")

    def check_call(self, target):
        if id(target) in _FORBIDDEN_CALL_IDS:
            raise PermissionError(f"that function cannot be called from the tests: {self._HINT}")
        if formats_through_objects(target):
            raise PermissionError(f"a format string cannot look into the code under test: {self._HINT}")
        fn = target.__func__ if isinstance(target, types.MethodType) else target
        if isinstance(fn, type):
            allowed = fn.__module__ == "builtins" or self._owned(fn)
        elif isinstance(fn, (types.BuiltinFunctionType, types.BuiltinMethodType)):
            allowed = isinstance(getattr(fn, "__self__", None), PLAIN_BASES)
        elif isinstance(fn, types.FunctionType):
            allowed = self._owned(fn)
        else:  # an instance with __call__: its class decides
            allowed = type(fn).__module__ == "builtins" or self._owned(type(fn))
        if not allowed:
            raise PermissionError(f"{getattr(fn, '__name__', 'that object')} is not part of the code under test: {self._HINT}")

    def check_op(self, target, op):
        if op in ("dir", "delattr", "doc") or isinstance(target, (types.CodeType, types.FrameType)):
            raise PermissionError(f"{'docstrings' if op == 'doc' else op} not available: {self._HINT}")

    def conforms(self, target, members, methods, as_class):
        return has_members(target, members, methods, as_class, restricted=True)

    def describe_exception(self, exc):
        info = {}
        if isinstance(exc, SystemExit):
            info["exit"] = repr(exc.code)
        return info


_FORBIDDEN_TYPES = (
    types.ModuleType, types.FrameType, types.CodeType, types.TracebackType, types.GeneratorType,
    types.CoroutineType, types.AsyncGeneratorType, types.FunctionType, types.MethodType,
    types.BuiltinFunctionType, types.BuiltinMethodType, types.MappingProxyType, type,
)
_FORBIDDEN_CALLS = {
    eval, exec, compile, open, __import__, getattr, setattr, delattr, vars, globals, locals,
    breakpoint, input, type, object,
}
# Looked up by identity: `target in a_set` would call the target's __hash__ (a test's mock
# records that as a call, and the learner's object could run code there).
_FORBIDDEN_CALL_IDS = frozenset(id(fn) for fn in _FORBIDDEN_CALLS)


def _fields_reach_through(text, depth=0):
    """Whether a format string has a field that looks an attribute or an item up on its
    argument (`{0.name}`, `{0[key]}`), also inside a field's format spec (`{0:{1.name}}`).
    A string `str.format` would refuse to parse counts as one: it may have followed a field
    before it reaches the error."""
    import _string

    try:
        for _, field, spec, _ in _string.formatter_parser(text):
            if field is None:
                continue
            _, rest = _string.formatter_field_name_split(field)
            if any(True for _ in rest):
                return True
            if spec and "{" in spec and (depth >= 2 or _fields_reach_through(spec, depth + 1)):
                return True
    except ValueError:
        return True
    return False


def formats_through_objects(target):
    """Whether calling `target` would run `str.format` (or `format_map`) with a format string
    that reaches through its arguments: that looks attributes and items up on the caller's
    behalf, private ones too, past every check of the policy."""
    if target is str.format or target is str.format_map:
        return True  # the format string is the caller's first argument
    owner = getattr(target, "__self__", None) if isinstance(target, types.BuiltinMethodType) else None
    if not isinstance(owner, str) or getattr(target, "__name__", None) not in ("format", "format_map"):
        return False
    return _fields_reach_through(str.__getitem__(owner, slice(None)))


_GRADER_MODULES = ("builtins", "unittest", "pytest", "_pytest", "pydojo_harness", "typing", "abc", "collections", "functools")


def _mock_own_method(target):
    """Whether `target` is a method of unittest.mock's own classes bound to a mock."""
    mock = sys.modules.get("unittest.mock")
    if mock is None or not isinstance(target, types.MethodType):
        return False
    return isinstance(target.__self__, mock.NonCallableMock) and getattr(target.__func__, "__module__", None) == "unittest.mock"


def _settable(target, name):
    """Whether `target.name = value` from the learner's code is an ordinary data attribute
    of an ordinary object of the tests."""
    import unittest

    kind = type(target)
    module = getattr(kind, "__module__", "") or ""
    if not isinstance(module, str) or module.split(".")[0] in _GRADER_MODULES or isinstance(target, unittest.TestCase):
        return False
    for klass in type.__dict__["__mro__"].__get__(kind):
        namespace = type.__dict__["__dict__"].__get__(klass)
        if name in namespace:
            found = namespace[name]
            if hasattr(type(found), "__set__"):
                return True  # a property or slot of the class: its setter decides
            # Shadowing a method (or a class) is refused.
            return not (callable(found) or isinstance(found, (classmethod, staticmethod)))
    return True


class JudgePolicy:
    """Runs in the judge: the learner's process may only use what a test handed to it."""

    # An exception of the tests that the learner's code is given (in `__exit__`, or raised by
    # a test's callback) is numbered, so that handing it back gives the test its own object.
    export_exceptions = True

    def __init__(self, session):
        self.session = session

    def import_module(self, name):
        raise PermissionError("the learner's code cannot import modules of the grader")

    def check_getattr(self, target, name):
        if name.startswith("_") or isinstance(target, _FORBIDDEN_TYPES):
            raise AttributeError(f"attribute {name!r} of a test object is not available to your code")

    def check_setattr(self, target, name):
        # As in one process, the learner's code may set the public data attributes of an
        # object a test handed to it (a record it fills in, a counter it bumps), never a
        # class, module or function, nothing private, no method (which the test would then
        # call), and nothing of the grader's own: test cases, mocks, pytest's fixtures.
        if name.startswith("_") or isinstance(target, _FORBIDDEN_TYPES) or not _settable(target, name):
            raise PermissionError(f"your code cannot set attribute {name!r} of this object of the tests")

    def check_call(self, target):
        if id(target) in _FORBIDDEN_CALL_IDS or isinstance(target, (types.ModuleType, types.FrameType)):
            raise PermissionError("that object of the tests cannot be called from your code")
        if formats_through_objects(target):
            # A test's string (or its `format` handed over as a callback) is for values, not
            # for looking into the tests' objects: `{0.attr}` would run getattr here unchecked.
            raise PermissionError("your code cannot use a test's format string to look into the tests' objects")
        if _mock_own_method(target):
            # A mock records what the learner's code does with it; its own methods
            # (configure_mock, reset_mock, attach_mock, the assert_* checks...) belong to the
            # tests: from the learner's code they could replace the checks or forget calls.
            raise PermissionError(
                f"{target.__name__}() of a test's mock is for the tests: your code can call the "
                "mock and its attributes, not its own methods"
            )

    def check_op(self, target, op):
        # A copy of a test's object would be made in the judge, by the object's own rules: not
        # for the learner's code to trigger.
        if op in ("delattr", "dir", "copy", "deepcopy") or isinstance(target, (types.ModuleType, types.FrameType, types.CodeType)):
            raise PermissionError(f"operation {op} on a test object is not available to your code")

    def invoke(self, fn, args, kwargs):
        return fn(*args, **kwargs)

    def plain(self, target):
        raise PermissionError("not available")

    def apply_changes(self, changes):
        raise ProtocolError("the learner's process cannot change the judge's modules")

    def abc_check(self, target, module, name, as_class):
        # One bit: the standard ABC's own answer (its __subclasshook__ looks for special
        # methods on the type; registrations), about an object the tests handed over.
        return abc_check(target, module, name, as_class)

    def conforms(self, target, members, methods, as_class):
        # One bit (has all these members?), looked up statically: public and __special__
        # names only, a module's or function's own namespace never (see protocols.py).
        return has_members(target, members, methods, as_class, restricted=True)

    def must_propagate(self, exc):
        return isinstance(exc, (LimitExceeded, LearnerExit, ChannelClosed, ChannelTimeout, ProtocolError, KeyboardInterrupt))

    def describe_exception(self, exc):
        return {}

    def special_exception(self, data):
        kind = data.get("type")
        if kind == "SystemExit":
            return LearnerExit(f"your code called sys.exit({data.get('exit', '')}); return a value instead of exiting")
        if kind == "KeyboardInterrupt":
            return LearnerExit("your code raised KeyboardInterrupt")
        if kind == "MemoryError":
            return LimitExceeded("memory", f"memory limit {self.session.memory_text} exceeded")
        return None

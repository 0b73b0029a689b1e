"""``pytest.mark``, ``pytest.param`` and ``pytest.fixture``.

Marks are only *recorded* here; the PyDojo collector interprets them. A marked
function or class carries a ``pytestmark`` list of :class:`Mark` objects, in the
order the decorators were applied (innermost first).
"""

import inspect
from typing import Any, Callable, NamedTuple, Optional

__all__ = [
    "Mark",
    "MarkDecorator",
    "MarkGenerator",
    "mark",
    "ParameterSet",
    "param",
    "FixtureDef",
    "fixture",
    "get_marks",
    "parametrize_args",
]


class Mark(NamedTuple):
    """One recorded mark: its name and the arguments it was given."""

    name: str
    args: tuple
    kwargs: dict


def _is_decoration_target(obj):
    """Whether a lone positional argument means "apply the mark to this".

    Lambdas are excluded so that ``mark.foo(lambda: ...)`` stays an argument.
    """
    if inspect.isclass(obj):
        return True
    return callable(obj) and getattr(obj, "__name__", "<lambda>") != "<lambda>"


def _as_mark_list(value):
    """Normalise a ``pytestmark`` value (Mark, decorator or list) to a list of Mark."""
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        value = [value]
    marks = []
    for item in value:
        item = getattr(item, "mark", item)  # unpack MarkDecorator
        if isinstance(item, Mark):
            marks.append(item)
    return marks


def get_marks(obj):
    """All marks recorded on ``obj`` (function, class or module), as a list.

    Accepts what test files write by hand too: ``pytestmark = pytest.mark.slow``
    or a list of decorators.
    """
    try:
        return _as_mark_list(getattr(obj, "pytestmark", None))
    except Exception:  # objects with hostile __getattr__
        return []


def _store_mark(obj, new_mark):
    """Append ``new_mark`` to ``obj.pytestmark`` without touching shared lists."""
    target = obj.__func__ if inspect.ismethod(obj) else obj
    # Always build a new list: for classes the current value may be inherited
    # from a base class, whose list must stay unchanged. Inherited marks are
    # kept, so ``cls.pytestmark`` is the complete set of class-level marks.
    target.pytestmark = get_marks(target) + [new_mark]
    return obj


class MarkDecorator:
    """``pytest.mark.NAME(...)``: decorates a test, or takes more arguments."""

    def __init__(self, mark):
        self.mark = mark

    name = property(lambda self: self.mark.name, doc="The mark's name.")
    args = property(lambda self: self.mark.args, doc="Positional arguments.")
    kwargs = property(lambda self: self.mark.kwargs, doc="Keyword arguments.")

    def with_args(self, *args, **kwargs):
        """A new decorator with these arguments added (never applies the mark)."""
        merged = dict(self.mark.kwargs)
        merged.update(kwargs)
        return MarkDecorator(Mark(self.mark.name, self.mark.args + args, merged))

    def __call__(self, *args, **kwargs):
        if len(args) == 1 and not kwargs and _is_decoration_target(args[0]):
            return _store_mark(args[0], self.mark)
        return self.with_args(*args, **kwargs)

    def __repr__(self):
        return f"<MarkDecorator {self.mark!r}>"


class MarkGenerator:
    """``pytest.mark``: every attribute is a :class:`MarkDecorator` of that name.

    The explicit methods document the common marks; they all just record.
    """

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)  # keep copy/pickle/introspection sane
        return MarkDecorator(Mark(name, (), {}))

    def parametrize(self, argnames, argvalues, ids=None, **kwargs):
        """Run the test once per entry of ``argvalues`` (names: "a,b" or list).

        Only arguments actually given are recorded, as for any other mark.
        """
        if ids is not None:
            kwargs["ids"] = ids
        return MarkDecorator(Mark("parametrize", (argnames, argvalues), kwargs))

    def skipif(self, *conditions, reason=None, **kwargs):
        """Skip when a condition is true (the collector evaluates conditions)."""
        if reason is not None:
            kwargs["reason"] = reason
        return MarkDecorator(Mark("skipif", conditions, kwargs))


mark = MarkGenerator()


class ParameterSet(NamedTuple):
    """One ``parametrize`` case made with :func:`param`."""

    values: tuple
    marks: tuple
    id: Optional[str]


def param(*values, id=None, marks=()):
    """One parametrize case with an optional ``id`` and marks for that case."""
    if isinstance(marks, (MarkDecorator, Mark)):
        marks = (marks,)
    if id is not None and not isinstance(id, str):
        raise TypeError(f"param id must be a string or None, got {type(id).__name__}")
    return ParameterSet(tuple(values), tuple(_as_mark_list(list(marks))), id)


def parametrize_args(parametrize_mark):
    """Normalise a ``parametrize`` Mark into ``(argnames, [ParameterSet, ...])``.

    Plain values become ParameterSets; with several argnames each value must be
    a sequence of that length. ``ids`` given as a list fill in missing ids; a
    callable ``ids`` is called per value (``None`` results are left as ``None``).
    Raises ValueError for malformed input; generating default ids is the
    collector's job.
    """
    args = list(parametrize_mark.args)
    kwargs = dict(parametrize_mark.kwargs)
    argnames = args[0] if args else kwargs.pop("argnames")
    argvalues = args[1] if len(args) > 1 else kwargs.pop("argvalues")
    ids = args[2] if len(args) > 2 else kwargs.get("ids")
    if isinstance(argnames, str):
        names = [n.strip() for n in argnames.split(",") if n.strip()]
    else:
        names = [str(n) for n in argnames]
    sets = []
    for value in argvalues:
        if isinstance(value, ParameterSet):
            case = value
        elif len(names) == 1:
            case = ParameterSet((value,), (), None)
        else:
            case = ParameterSet(tuple(value), (), None)
        if len(case.values) != len(names):
            raise ValueError(f"parametrize: {names} needs {len(names)} values, got {case.values!r}")
        sets.append(case)
    if ids is not None:
        for index, case in enumerate(sets):
            if case.id is not None:
                continue
            if callable(ids):
                made = [ids(v) for v in case.values]
                new_id = "-".join(str(m) for m in made) if all(m is not None for m in made) else None
            else:
                new_id = None if index >= len(ids) or ids[index] is None else str(ids[index])
            sets[index] = case._replace(id=new_id)
    return names, sets


class FixtureDef(NamedTuple):
    """What ``@pytest.fixture`` records on the decorated function."""

    name: str
    func: Callable[..., Any]
    scope: str
    params: Optional[tuple]
    autouse: bool
    ids: Any = None


def fixture(fixture_function=None, *, scope="function", params=None, autouse=False, ids=None, name=None):
    """Declare a fixture: ``@fixture`` or ``@fixture(scope=..., params=..., ...)``.

    Returns the function itself with a ``_pydojo_fixture`` :class:`FixtureDef`;
    resolving and calling fixtures is the executor's job.
    """

    def decorate(func):
        if not callable(func):
            raise TypeError(f"fixture must decorate a function, not {type(func).__name__}")
        func._pydojo_fixture = FixtureDef(
            name=name or func.__name__,
            func=func,
            scope=scope,
            params=None if params is None else tuple(params),
            autouse=bool(autouse),
            ids=ids,
        )
        return func

    if fixture_function is not None:
        return decorate(fixture_function)
    return decorate

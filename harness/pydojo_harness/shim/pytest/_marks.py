"""``pytest.mark``, ``pytest.param`` and ``pytest.fixture``.

Marks are only *recorded* here; the PyDojo collector interprets them. A marked
function or class carries a ``pytestmark`` list of :class:`Mark` objects, in the
order the decorators were applied (innermost first).
"""

import inspect
from collections import namedtuple

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
    "id_from_value",
]


class Mark(namedtuple("Mark", "name args kwargs")):
    """One recorded mark: its ``name`` and the ``args`` and ``kwargs`` it was given."""

    __slots__ = ()


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


# Plain namedtuples: `typing` (for NamedTuple) took 2.5 ms of every judge's start.
class ParameterSet(namedtuple("ParameterSet", "values marks id")):
    """One ``parametrize`` case made with :func:`param`: ``values``, ``marks``, ``id`` (or None)."""

    __slots__ = ()


def param(*values, id=None, marks=()):
    """One parametrize case with an optional ``id`` and marks for that case."""
    if isinstance(marks, (MarkDecorator, Mark)):
        marks = (marks,)
    if id is not None and not isinstance(id, str):
        raise TypeError(f"param id must be a string or None, got {type(id).__name__}")
    return ParameterSet(tuple(values), tuple(_as_mark_list(list(marks))), id)


def _escaped(text):
    """Text for a test id, escaped as pytest escapes it (``\\n``, ``\\x00``, a backslash
    doubled), except that printable non-ASCII characters are kept: ``Zoë``, not ``Zo\\xeb``."""
    if isinstance(text, bytes):
        return text.decode("ascii", "backslashreplace").translate(_NON_PRINTABLE)
    if text.isascii() and text.isprintable() and "\\" not in text:
        return text  # the common case, and nothing to escape
    return "".join(
        char if ord(char) > 127 and char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


_NON_PRINTABLE = {i: f"\\x{i:02x}" for i in range(128) if i not in range(32, 127)}
_NON_PRINTABLE.update({ord("\t"): "\\t", ord("\r"): "\\r", ord("\n"): "\\n"})


def id_from_value(value):
    """pytest's id for one parameter value, or None when its type has none (then pytest uses
    the argument name and the case's index): strings and bytes, numbers, bools and None,
    compiled regexes, enum members, and anything with a ``__name__`` (classes, functions)."""
    import enum
    import re

    if isinstance(value, (str, bytes)):
        return _escaped(value)
    if value is None or isinstance(value, (float, int, bool, complex)):
        return str(value)
    if isinstance(value, re.Pattern):
        return _escaped(value.pattern)
    if isinstance(value, enum.Enum):
        return str(value)
    name = getattr(value, "__name__", None)
    if isinstance(name, str):
        return name
    return None


def _value_id(value, argname, index, idfn):
    """The id of one value: ``idfn(value)`` if given and not None, else pytest's automatic id."""
    if idfn is not None:
        try:
            made = idfn(value)
        except Exception as exc:
            raise ValueError(
                f"error raised while trying to determine id of parameter '{argname}' at position {index}"
            ) from exc
        if made is not None:
            made = id_from_value(made)
            if made is not None:
                return made
    made = id_from_value(value)
    # An empty string is named like a value without an id (pytest would leave "[]").
    return made if made else f"{argname}{index}"


def _unique(ids):
    """pytest's de-duplication: repeated ids get a counter suffix (``a0``, ``a1``; ``x1_0``)."""
    counts = {}
    for ident in ids:
        counts[ident] = counts.get(ident, 0) + 1
    result = list(ids)
    suffixes = {}
    for index, ident in enumerate(ids):
        if counts[ident] > 1:
            sep = "_" if ident and ident[-1].isdigit() else ""
            new = f"{ident}{sep}{suffixes.get(ident, 0)}"
            while new in set(result):
                suffixes[ident] = suffixes.get(ident, 0) + 1
                new = f"{ident}{sep}{suffixes[ident]}"
            result[index] = new
            suffixes[ident] = suffixes.get(ident, 0) + 1
    return result


def fixture_params(fdef):
    """``[(id, value)]`` of a parametrized fixture (``@fixture(params=..., ids=...)``), named as
    pytest names them; a ``pytest.param(value, id=...)`` gives its own value and id."""
    ids = fdef.ids
    idfn = ids if callable(ids) else None
    listed = list(ids) if ids is not None and not callable(ids) else []
    made = []
    for index, param in enumerate(fdef.params or ()):
        explicit = None
        if isinstance(param, ParameterSet):
            explicit, param = param.id, (param.values[0] if param.values else None)
        elif index < len(listed) and listed[index] is not None:
            explicit = str(listed[index])
        ident = explicit if explicit is not None else _value_id(param, fdef.name, index, idfn)
        made.append((ident, param))
    names = _unique([ident for ident, _ in made])
    return [(ident, value) for ident, (_, value) in zip(names, made)]


def parametrize_args(parametrize_mark):
    """Normalise a ``parametrize`` Mark into ``(argnames, [ParameterSet, ...])``, each set
    with its final id, named as pytest names them:

    - ``pytest.param(..., id=...)`` wins, then ``ids[index]`` when ``ids`` is a list (or any
      iterable) and that entry is not None;
    - otherwise one id per value joined with ``-``: a callable ``ids`` is called once per
      value (each argument separately) and, when it returns None, the value gets the
      automatic id (``id_from_value``, else argument name + index);
    - ids that repeat get a counter suffix.

    Plain values become ParameterSets; with several argnames each value must be a sequence
    of that length. Raises ValueError for malformed input (a collection error).
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
    idfn = ids if callable(ids) else None
    id_list = None
    if ids is not None and idfn is None:
        import itertools

        id_list = list(ids) if hasattr(ids, "__len__") else list(itertools.islice(ids, len(sets)))
    made = []
    for index, case in enumerate(sets):
        if case.id is not None:
            made.append(_escaped(case.id))
        elif id_list is not None and index < len(id_list) and id_list[index] is not None:
            given = id_from_value(id_list[index])
            made.append(given if given is not None else str(id_list[index]))
        else:
            made.append("-".join(_value_id(v, n, index, idfn) for n, v in zip(names, case.values)))
    made = _unique(made)
    return names, [case._replace(id=ident) for case, ident in zip(sets, made)]


class FixtureDef(namedtuple("FixtureDef", "name func scope params autouse ids", defaults=(None,))):
    """What ``@pytest.fixture`` records on the decorated function: ``name``, ``func``, ``scope``,
    ``params`` (a tuple or None), ``autouse`` and ``ids``."""

    __slots__ = ()


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

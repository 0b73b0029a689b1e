"""Proxies for objects that live in the other process.

A `Remote` forwards attribute access, calls and operators to its endpoint. In the judge, a
comparison of a learner's object with anything of the judge's own (a number, a string, None, a
container, `pytest.approx`, a test's object) is decided here, never by the learner's code: a
subclass of a built-in type (int, float, complex, str, bytes, list, tuple, dict, set, frozenset)
is compared through its built-in value, read as data; any other object is not equal to the
judge's value and has no order with it, as an object without comparison methods of its own
(the judge's value may still compare itself, with its own code). Otherwise an object whose
`__eq__` answers True to everything would pass every `assert f(x) == 5`. Two of the learner's
objects are compared by the learner's code: that is the behaviour a test of `__eq__` checks.
The host (the learner's process) asks the judge, which it trusts.
"""
import operator

PLAIN_CONTAINERS = (str, bytes, list, tuple, dict, set, frozenset)
# The built-in types whose subclasses' values the judge reads as data (`base` in a reference).
PLAIN_BASES = PLAIN_CONTAINERS + (int, float, complex)
_PLAIN_BY_NAME = {b.__name__: b for b in PLAIN_BASES}
_PLAIN_NAMES = frozenset(_PLAIN_BY_NAME)

_KINDS = None


def builtin_kinds():
    """{name: type} of the built-in types whose instances cross as references and that tests
    check with isinstance: generators, iterators, views, functions and methods, map/filter/zip
    and the like, itertools' iterators. A proxy for one of them reports that type as its
    `__class__`, so `isinstance(g, types.GeneratorType)`, `inspect.isgenerator(g)` and the
    collections.abc checks answer as for the object itself. Both processes build the same
    table (same interpreter); only these names are ever looked up."""
    global _KINDS
    if _KINDS is None:
        import itertools
        import types

        samples = [
            iter([]), iter(()), iter(set()), iter(""), iter(b""), iter({}), iter({}.values()), iter({}.items()),
            iter(range(0)), iter(range(1 << 70)), reversed([]), reversed({}), {}.keys(), {}.values(), {}.items(),
            iter(bytearray()), iter(callable, None), iter(lambda: 0, None),
        ]
        kinds = [type(x) for x in samples] + [
            types.GeneratorType, types.FunctionType, types.BuiltinFunctionType, types.MethodType,
            types.MethodWrapperType, types.WrapperDescriptorType, types.MethodDescriptorType,
            map, filter, zip, enumerate, reversed, range, memoryview,
        ]
        kinds += [v for v in vars(itertools).values() if isinstance(v, type)]
        _KINDS = {f"{k.__module__}.{k.__qualname__}": k for k in kinds}
    return _KINDS


def kind_of(obj):
    """The name of `obj`'s type when it is exactly one of `builtin_kinds()`, else None."""
    kind = type(obj)
    name = f"{kind.__module__}.{kind.__qualname__}"
    return name if builtin_kinds().get(name) is kind else None

_SLOTS = ("_pd_ep", "_pd_rid", "_pd_info", "_pd_path", "_pd_gen")


def _ep_call(self, op, *args):
    return object.__getattribute__(self, "_pd_ep").op(self, op, args)


def _make_op(op):
    def method(self, *args):
        return _ep_call(self, op, *args)

    method.__name__ = f"__{op}__"
    return method


def _same_peer(proxy, other):
    return type(other) is Remote and object.__getattribute__(other, "_pd_ep") is object.__getattribute__(proxy, "_pd_ep")


def _plain(proxy):
    """The judge's own copy of a learner's value (its `base` is set): the built-in value of a
    subclass of a built-in type, or a standard-library value rebuilt from its data."""
    base = object.__getattribute__(proxy, "_pd_info")["base"]
    data = _ep_call(proxy, "plain")
    if base in _PLAIN_NAMES:
        if type(data) is not _PLAIN_BY_NAME[base]:
            from .wire import ProtocolError

            raise ProtocolError(f"malformed {base} value")
        return data
    from .values import rebuild

    return rebuild(base, data)


def local_value(obj):
    """In the judge: the built-in value of a learner's object that is an instance of a subclass
    of a built-in type (read as data, not through its methods), or the judge's copy of a
    standard-library value (values.py), else `obj` unchanged."""
    if type(obj) is Remote and object.__getattribute__(obj, "_pd_info").get("base") is not None:
        return _plain(obj)
    return obj


_SYMBOLS = {"lt": "<", "le": "<=", "gt": ">", "ge": ">="}


def _make_compare(op):
    def method(self, other):
        if _same_peer(self, other):
            return _ep_call(self, op, other)
        ep = object.__getattribute__(self, "_pd_ep")
        if getattr(ep, "decides_comparisons", False) or type(other) in PLAIN_CONTAINERS:
            info = object.__getattribute__(self, "_pd_info")
            if info.get("base") is None:
                if op in ("eq", "ne"):
                    return op == "ne" if type(other) in PLAIN_CONTAINERS else NotImplemented
                # As Python says it when neither side can order the other, with the learner's
                # type's name rather than this proxy's.
                raise TypeError(
                    f"'{_SYMBOLS[op]}' not supported between instances of "
                    f"'{info.get('type', 'object')}' and '{type(other).__name__}'"
                )
            return getattr(operator, op)(_plain(self), other)
        return _ep_call(self, op, other)

    method.__name__ = f"__{op}__"
    return method


def _contains(self, item):
    # `x in obj` is a yes/no question too: for a learner's subclass of a built-in container the
    # judge asks its built-in value (a learner's own container class answers for itself).
    ep = object.__getattribute__(self, "_pd_ep")
    if getattr(ep, "decides_comparisons", False) and not _same_peer(self, item):
        if object.__getattribute__(self, "_pd_info").get("base") is not None:
            return item in _plain(self)
    return bool(_ep_call(self, "contains", item))


class _Forwarded:
    """`proxy.__new__` and `proxy.__init__` are the object's own, from its process (object's
    would be found first): `Cls.__new__(Cls)` makes the instance where the class lives."""

    def __init__(self, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return getattr(object, self.name)
        return object.__getattribute__(instance, "_pd_ep").getattr(instance, self.name)


class Remote:
    """An object in the other process, used as if it were here."""

    __slots__ = _SLOTS + ("__weakref__",)

    def __getattr__(self, name):
        if name in _SLOTS:
            raise AttributeError(name)
        return object.__getattribute__(self, "_pd_ep").getattr(self, name)

    def __setattr__(self, name, value):
        if name in _SLOTS:
            object.__setattr__(self, name, value)
        else:
            object.__getattribute__(self, "_pd_ep").setattr(self, name, value)

    def __delattr__(self, name):
        object.__getattribute__(self, "_pd_ep").op(self, "delattr", (name,))

    def __call__(self, *args, **kwargs):
        return object.__getattribute__(self, "_pd_ep").call(self, args, kwargs)

    def __repr__(self):
        try:
            return _ep_call(self, "repr")
        except Exception as exc:  # noqa: BLE001 - a repr must not break a failure message
            info = object.__getattribute__(self, "_pd_info")
            return f"<{info.get('type', 'object')} (repr failed: {type(exc).__name__})>"

    def __str__(self):
        return _ep_call(self, "str")

    def __bool__(self):
        return bool(_ep_call(self, "bool"))

    def __hash__(self):
        return _ep_call(self, "hash")

    def __iter__(self):
        return _ep_call(self, "iter")

    def __instancecheck__(self, obj):
        return bool(_ep_call(self, "isinstance", obj))

    def __subclasscheck__(self, cls):
        return bool(_ep_call(self, "issubclass", cls))

    def __enter__(self):
        return _ep_call(self, "enter")

    def __exit__(self, exc_type, exc, tb):
        # The traceback is never sent: it holds this process's frames.
        return object.__getattribute__(self, "_pd_ep").exit(self, exc_type, exc)

    def __format__(self, spec):
        return _ep_call(self, "format", spec)

    @property
    def __doc__(self):
        return _ep_call(self, "doc")

    @property
    def __class__(self):
        kind = object.__getattribute__(self, "_pd_info").get("kind")
        if kind is not None:
            local = builtin_kinds().get(kind) if isinstance(kind, str) else None
            if local is not None:
                return local
        return object.__getattribute__(self, "_pd_ep").getattr(self, "__class__")


for _op in ("eq", "ne", "lt", "le", "gt", "ge"):
    setattr(Remote, f"__{_op}__", _make_compare(_op))
for _name in ("__new__", "__init__"):
    setattr(Remote, _name, _Forwarded(_name))

UNARY_OPS = ("len", "next", "neg", "pos", "abs", "invert", "int", "float", "index", "reversed", "fspath", "dir")
BINARY_OPS = (
    "contains", "getitem", "delitem", "add", "sub", "mul", "truediv", "floordiv", "mod", "pow",
    "matmul", "and", "or", "xor", "lshift", "rshift", "radd", "rsub", "rmul", "rtruediv",
    "rfloordiv", "rmod", "rpow", "rand", "ror", "rxor", "round",
)
for _op in UNARY_OPS + BINARY_OPS + ("setitem",):
    setattr(Remote, f"__{_op}__", _make_op(_op))
Remote.__contains__ = _contains


def _copy(self):
    return _ep_call(self, "copy")


def _deepcopy(self, memo):
    # The copy is made where the object lives, by its own rules (`__deepcopy__`, `__reduce__`):
    # a learner's object copied in a test is a new learner's object, as in one process.
    return _ep_call(self, "deepcopy")


Remote.__copy__ = _copy
Remote.__deepcopy__ = _deepcopy

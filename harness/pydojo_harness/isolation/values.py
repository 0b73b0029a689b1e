"""Standard-library objects that are values by their data, though they cross as references.

A learner's function may return a `deque`, `d.keys()`, a `bytearray`, a `UUID`, a `range`...
Such an object crosses to the judge as a reference (it is mutable, or not one of the types the
wire carries by value), and the judge decides a comparison with one of its own values without
running the learner's code (remote.py). For these types the judge asks the learner's process
for the object's data, read through the standard type's own C methods and attributes (never a
method a subclass could override), rebuilds an object of the same standard type from it, and
lets that object compare itself: `f() == deque([1, 2])` holds as in one process, and no data
can make an unequal value compare equal.

Both sides use this module: the host names an object's kind (`value_base`) and reads its data
(`value_data`); the judge checks the data's shape and rebuilds (`rebuild`). The data is the
learner's: anything malformed is refused, never repaired.
"""
import sys

from .wire import ProtocolError

# The kinds, by the name a reference carries as its "base".
VALUE_NAMES = frozenset({
    "bytearray", "range", "memoryview", "dict_keys", "dict_items", "mappingproxy",
    "SimpleNamespace", "ChainMap", "deque", "array", "UUID", "Decimal", "Fraction", "timezone",
})

# Types that cannot be subclassed, found by exact type.
_EXACT = {
    range: "range",
    memoryview: "memoryview",
    type({}.keys()): "dict_keys",
    type({}.items()): "dict_items",
    type(type.__dict__): "mappingproxy",
}
# Types that can be subclassed: (module, name, kind), found with isinstance once the module is
# imported (a subclass of one of them imports it first).
_SUBCLASSABLE = (
    ("builtins", "bytearray", "bytearray"),
    ("types", "SimpleNamespace", "SimpleNamespace"),
    ("collections", "ChainMap", "ChainMap"),
    ("collections", "deque", "deque"),
    ("array", "array", "array"),
    ("uuid", "UUID", "UUID"),
    ("decimal", "Decimal", "Decimal"),
    ("fractions", "Fraction", "Fraction"),
    ("datetime", "timezone", "timezone"),
)
_KIND_OF_TYPE = {}


def value_base(obj):
    """Host side: the kind of `obj` when it is one of these values, else None."""
    kind = type(obj)
    try:
        return _KIND_OF_TYPE[kind]
    except KeyError:
        pass
    except TypeError:  # an unhashable metaclass instance: not one of ours
        return None
    found = _EXACT.get(kind)
    if found == "memoryview":
        try:
            flat = obj.ndim == 1 and obj.format == "B"
        except ValueError:  # released
            flat = False
        return found if flat else None  # only flat bytes views: others cross as they are
    if found is None:
        for module, name, label in _SUBCLASSABLE:
            cls = getattr(sys.modules.get(module), name, None)
            if isinstance(cls, type) and isinstance(obj, cls):
                found = label
                break
    _KIND_OF_TYPE[kind] = found
    return found


def value_data(obj, kind):
    """Host side: `obj`'s data as plain values, read through the standard type's own code."""
    if kind == "bytearray":
        return memoryview(obj).tobytes()
    if kind == "memoryview":
        return obj.tobytes()
    if kind == "range":
        return [obj.start, obj.stop, obj.step]
    if kind == "dict_keys":
        return list(obj)
    if kind == "dict_items":
        return [list(pair) for pair in obj]
    if kind == "mappingproxy":
        return dict(obj.items())
    if kind == "SimpleNamespace":
        return dict(object.__getattribute__(obj, "__dict__"))
    if kind == "ChainMap":
        return [dict(m) for m in object.__getattribute__(obj, "maps")]
    cls = {label: (module, name) for module, name, label in _SUBCLASSABLE}[kind]
    base = getattr(sys.modules[cls[0]], cls[1])
    if kind == "deque":
        return [list(base.__iter__(obj)), base.maxlen.__get__(obj)]
    if kind == "array":
        return [base.typecode.__get__(obj), base.tolist(obj)]
    if kind == "UUID":
        return object.__getattribute__(obj, "int")
    if kind == "Decimal":
        return base.__str__(obj)
    if kind == "Fraction":
        return [object.__getattribute__(obj, "_numerator"), object.__getattribute__(obj, "_denominator")]
    if kind == "timezone":
        return [base.utcoffset(obj, None), base.tzname(obj, None)]
    raise TypeError(f"{type(obj).__name__} is not a value")


def _ints(data, count):
    return type(data) is list and len(data) == count and all(type(v) is int for v in data)


def rebuild(kind, data):
    """Judge side: the judge's own object of the standard type, from the learner's data."""
    try:
        return _rebuild(kind, data)
    except ProtocolError:
        raise
    except (TypeError, ValueError, OverflowError, ArithmeticError) as exc:
        raise ProtocolError(f"malformed {kind} value: {exc}") from None


def _rebuild(kind, data):
    if kind in ("bytearray", "memoryview") and type(data) is bytes:
        return bytearray(data) if kind == "bytearray" else memoryview(data)
    if kind == "range" and _ints(data, 3):
        return range(*data)
    if kind == "dict_keys" and type(data) is list:
        return dict.fromkeys(data).keys()
    if kind == "dict_items" and type(data) is list and all(type(p) is list and len(p) == 2 for p in data):
        return dict(data).items()
    if kind == "mappingproxy" and type(data) is dict:
        import types

        return types.MappingProxyType(data)
    if kind == "SimpleNamespace" and type(data) is dict and all(type(k) is str for k in data):
        import types

        return types.SimpleNamespace(**data)
    if kind == "ChainMap" and type(data) is list and all(type(m) is dict for m in data):
        import collections

        return collections.ChainMap(*data)
    if kind == "deque" and type(data) is list and len(data) == 2 and type(data[0]) is list:
        import collections

        if data[1] is None or type(data[1]) is int:
            return collections.deque(data[0], data[1])
    if kind == "array" and type(data) is list and len(data) == 2 and type(data[0]) is str and type(data[1]) is list:
        import array

        if all(type(v) in (int, float, str) for v in data[1]):
            return array.array(data[0], data[1])
    if kind == "UUID" and type(data) is int:
        import uuid

        return uuid.UUID(int=data)
    if kind == "Decimal" and type(data) is str:
        import decimal

        return decimal.Decimal(data)
    if kind == "Fraction" and _ints(data, 2):
        import fractions

        return fractions.Fraction(*data)
    if kind == "timezone" and type(data) is list and len(data) == 2:
        import datetime

        offset, name = data
        if type(offset) is datetime.timedelta and (name is None or type(name) is str):
            return datetime.timezone(offset) if name is None else datetime.timezone(offset, name)
    raise ProtocolError(f"malformed {kind} value")

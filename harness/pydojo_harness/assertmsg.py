"""Runtime half of assert rewriting: builds the ``AssertionError`` for a failed assert.

Rewritten test code reaches this module only through the ``@pydojo_assert``
global (see ``rewrite.install_helpers``). Values may be proxies of objects that
live in another process, so formatting only uses ``repr``, ``len``,
``type(x).__name__`` and ``isinstance`` against builtin types, and every step
is guarded: building a message must never raise.
"""

import sys
import types

__all__ = ["UNSET", "method_of", "saferepr", "explain_eq", "explain_not_found", "explain_found", "compare_fail", "generic_fail"]

# Limits keep messages readable and bounded in size.
REPR_LIMIT = 1000  # each side of a comparison in the message
ATTR_REPR_LIMIT = 10000  # pydojo_actual / pydojo_expected attributes
WHERE_REPR_LIMIT = 240  # values in "where" lines
WHERE_LINES = 10
SNIPPET = 60  # short reprs inside explanation lines


class _Unset:
    """Marks a temporary the failing assert never evaluated (short-circuit)."""

    __slots__ = ()

    def __repr__(self):
        return "<unset>"


UNSET = _Unset()


class _RemoteMethod:
    """`proxy.name` about to be called: the call asks the learner's process to look the
    method up and call it in one exchange (`callattr`) instead of two."""

    __slots__ = ("_obj", "_name")

    def __init__(self, obj, name):
        self._obj = obj
        self._name = name

    def __call__(self, *args, **kwargs):
        obj = self._obj
        return object.__getattribute__(obj, "_pd_ep").callattr(obj, self._name, args, kwargs)


_REMOTE = []  # the proxy class, once the isolation layer is loaded (never in the browser)


def method_of(obj, name):
    """What the tests' `obj.name(...)` calls (the rewriter makes method calls go through here):
    `getattr(obj, name)`, looked up before the arguments are evaluated as Python does, except
    for an object of the learner's process, where lookup and call happen together when called,
    in one exchange between the processes (the attribute is still looked up the same way, in
    the learner's process, with the same checks)."""
    if not _REMOTE:
        module = sys.modules.get("pydojo_harness.isolation.remote")
        if module is None:
            return getattr(obj, name)
        _REMOTE.append(module.Remote)
    if type(obj) is _REMOTE[0] and not name.startswith("_pd_"):
        return _RemoteMethod(obj, name)
    return getattr(obj, name)

# Callables, classes and modules make noisy "where" lines: their repr is not the
# information a learner needs.
_SKIP_IN_WHERE = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.ModuleType,
    type,
)

_NUMERIC = (int, float, complex, bool)
_PLAIN_TYPES = frozenset(
    [int, float, complex, bool, str, bytes, list, tuple, dict, set, frozenset, type(None)]
)


def _typename(obj):
    try:
        return type(obj).__name__
    except Exception:
        return "object"


def saferepr(obj, limit=REPR_LIMIT):
    """``repr(obj)`` that never raises, shortened to about ``limit`` characters.

    Long reprs keep their head and tail so both ends of a value stay visible.
    """
    try:
        text = repr(obj)
        if not isinstance(text, str):
            raise TypeError("__repr__ returned non-string")
    except Exception:
        return f"<unprintable {_typename(obj)}>"
    if limit is not None and len(text) > limit:
        keep = max(limit - 5, 2)
        head = keep // 2
        text = f"{text[:head]} ... {text[len(text) - (keep - head):]}"
    return text


def _first_difference(left, right):
    """Index of the first differing item of two indexable sequences, or None."""
    for index in range(min(len(left), len(right))):
        if not left[index] == right[index]:
            return index
    if len(left) != len(right):
        return min(len(left), len(right))
    return None


def _explain_str(left, right):
    index = _first_difference(left, right)
    if index is None:
        return None
    where = ""
    if "\n" in left or "\n" in right:
        before = (left if index < len(left) else right)[:index]
        line = before.count("\n") + 1
        column = index - (before.rfind("\n") + 1) + 1
        where = f" (line {line}, column {column})"
    if index < len(left) and index < len(right):
        text = f"Strings differ at index {index}{where}: {left[index]!r} != {right[index]!r}"
        if len(left) != len(right):
            text += f"; lengths {len(left)} != {len(right)}"
        return text
    longer, side = (left, "Left") if len(left) > len(right) else (right, "Right")
    extra = len(longer) - index
    return (
        f"Strings differ in length ({len(left)} != {len(right)}): {side} has {extra} more "
        f"character{'s' if extra != 1 else ''} from index {index}{where}: {saferepr(longer[index:], SNIPPET)}"
    )


def _explain_seq(left, right):
    index = _first_difference(left, right)
    types_note = None
    if type(left) is not type(right):
        types_note = f"Types differ: {_typename(left)} != {_typename(right)}"
    if index is None:
        return types_note
    text = _explain_seq_items(left, right, index)
    return f"{types_note}; {text}" if types_note else text


def _explain_seq_items(left, right, index):
    if index < len(left) and index < len(right):
        text = (
            f"First differing item at index {index}: "
            f"{saferepr(left[index], SNIPPET)} != {saferepr(right[index], SNIPPET)}"
        )
        if len(left) != len(right):
            text += f"; lengths {len(left)} != {len(right)}"
        return text
    longer, side = (left, "Left") if len(left) > len(right) else (right, "Right")
    extra = len(longer) - index
    return (
        f"Lengths differ ({len(left)} != {len(right)}): {side} has {extra} more "
        f"item{'s' if extra != 1 else ''}, first extra item at index {index}: {saferepr(longer[index], SNIPPET)}"
    )


def _some(items, limit=5):
    """Repr of up to ``limit`` items, sorted when the items allow it."""
    items = list(items)
    try:
        items.sort()
    except Exception:
        pass
    shown = ", ".join(saferepr(item, SNIPPET) for item in items[:limit])
    if len(items) > limit:
        shown += f", ... ({len(items) - limit} more)"
    return shown


def _explain_dict(left, right):
    parts = []
    missing = [key for key in right if key not in left]
    extra = [key for key in left if key not in right]
    if missing:
        parts.append(f"Missing keys (only in right): [{_some(missing)}]")
    if extra:
        parts.append(f"Extra keys (only in left): [{_some(extra)}]")
    differing = [key for key in left if key in right and not left[key] == right[key]]
    if differing:
        shown = ", ".join(
            f"{saferepr(key, SNIPPET)}: {saferepr(left[key], SNIPPET)} != {saferepr(right[key], SNIPPET)}"
            for key in differing[:3]
        )
        more = f", ... ({len(differing) - 3} more)" if len(differing) > 3 else ""
        parts.append(f"Differing values: {{{shown}{more}}}")
    return "; ".join(parts) or None


def _explain_set(left, right):
    parts = []
    missing = right - left
    extra = left - right
    if missing:
        parts.append(f"Missing items (only in right): {{{_some(missing)}}}")
    if extra:
        parts.append(f"Extra items (only in left): {{{_some(extra)}}}")
    return "; ".join(parts) or None


def explain_eq(left, right):
    """One short line explaining why ``left == right`` failed, or None."""
    try:
        if isinstance(left, str) and isinstance(right, str):
            return _explain_str(left, right)
        if isinstance(left, (list, tuple)) and isinstance(right, (list, tuple)):
            return _explain_seq(left, right)
        if isinstance(left, dict) and isinstance(right, dict):
            return _explain_dict(left, right)
        if isinstance(left, (set, frozenset)) and isinstance(right, (set, frozenset)):
            return _explain_set(left, right)
        lt, rt = type(left), type(right)
        if lt is not rt and lt in _PLAIN_TYPES and rt in _PLAIN_TYPES:
            if not (isinstance(left, _NUMERIC) and isinstance(right, _NUMERIC)):
                return f"Types differ: {lt.__name__} != {rt.__name__}"
    except Exception:
        pass  # proxies or odd __eq__/__len__: no explanation rather than a crash
    return None


def _where_lines(meta, slots):
    """" where VALUE = SOURCE" lines for the recorded sub-expressions."""
    lines = []
    for (source, depth), value in zip(meta, slots):
        if value is UNSET:
            continue
        try:
            if isinstance(value, _SKIP_IN_WHERE):
                continue
        except Exception:
            continue
        shown = saferepr(value, WHERE_REPR_LIMIT)
        if shown == source:
            continue
        lines.append(f"{'  ' * depth} where {shown} = {source}")
        if len(lines) >= WHERE_LINES:
            lines.append(" ...")
            break
    return lines


def _user_message(msg, has_msg):
    if not has_msg:
        return None
    try:
        text = str(msg)
    except Exception:
        text = saferepr(msg)
    return text or None


def _build(first_line, extra_lines, msg, has_msg):
    lines = [first_line] + [line for line in extra_lines if line]
    user = _user_message(msg, has_msg)
    if user is not None:
        lines.insert(0, user)
    return AssertionError("\n".join(lines))


_CONTAINER_NAMES = {list: "list", tuple: "tuple", set: "set", frozenset: "set", dict: "dict", str: "string"}


def _container_name(container):
    for kind, name in _CONTAINER_NAMES.items():
        if isinstance(container, kind):
            return name
    return None


def _items(count):
    return f"{count} item{'s' if count != 1 else ''}"


def _look_alike(item, container):
    """An item of ``container`` that prints like ``item`` but has another type ('3' vs 3)."""
    try:
        text = str(item)
        for index, other in enumerate(container):
            if index >= 1000:
                break
            if type(other) is not type(item) and type(other) in _PLAIN_TYPES and str(other) == text:
                return other
    except Exception:
        pass
    return None


def explain_not_found(item, container):
    """One line for a failed ``assert item in container`` (a built-in container), or None."""
    try:
        kind = _container_name(container)
        if kind is None:
            return None
        shown = saferepr(item, SNIPPET)
        if len(container) == 0:
            return f"{shown} was not found: the {kind} is empty"
        if kind == "string":
            if not isinstance(item, str):
                return None
            text = f"{shown} was not found in the string (length {len(container)})"
            index = container.lower().find(item.lower()) if item else -1
            if index >= 0:
                found = container[index : index + len(item)]
                text += f"; it is there with different case at index {index}: {saferepr(found, SNIPPET)}"
            return text
        if kind == "dict":
            text = f"{shown} is not a key of the dict (its keys: {_some(container.keys())})"
            for key, value in container.items():
                if type(value) is type(item) and value == item:
                    return text + f"; it is the value of key {saferepr(key, SNIPPET)}"
            return text
        text = f"{shown} was not found among the {_items(len(container))} of the {kind}"
        other = _look_alike(item, container)
        if other is not None:
            text += (
                f"; the {kind} has {saferepr(other, SNIPPET)} ({_typename(other)}), "
                f"not {shown} ({_typename(item)})"
            )
        return text
    except Exception:
        return None


def explain_found(item, container):
    """One line for a failed ``assert item not in container`` (a built-in container), or None."""
    try:
        kind = _container_name(container)
        if kind is None:
            return None
        shown = saferepr(item, SNIPPET)
        if kind == "string":
            index = container.find(item)
            count = container.count(item) if item else 1
            more = f" (and {count - 1} more time{'s' if count != 2 else ''})" if count > 1 else ""
            return f"{shown} should not be in the string, but it is, at index {index}{more}"
        if kind == "dict":
            return (
                f"{shown} should not be a key of the dict, but it is "
                f"(its value: {saferepr(container[item], SNIPPET)})"
            )
        if kind in ("list", "tuple"):
            index = next(i for i, other in enumerate(container) if other is item or other == item)
            return f"{shown} should not be in the {kind}, but it is, at index {index}"
        return f"{shown} should not be in the {kind}, but it is"
    except Exception:
        return None


def compare_fail(left, op, right, meta, slots, msg, has_msg):
    """The AssertionError for a failed ``assert left OP right[, msg]``.

    By convention ``left`` is the learner's actual value and ``right`` the
    expected one; both are exposed as ``pydojo_actual``/``pydojo_expected``.
    Membership (``in``/``not in``) has no expected and actual side: which one the
    learner's code produced depends on the test (``x in result``, ``result in
    allowed``), so neither is set and the message says what was (not) found.
    """
    first = f"assert {saferepr(left)} {op} {saferepr(right)}"
    if op in ("in", "not in"):
        explanation = explain_not_found(left, right) if op == "in" else explain_found(left, right)
        error = _build(first, [explanation] + _where_lines(meta, slots), msg, has_msg)
        error.pydojo_op = op
        return error
    if op in ("is not", "!="):
        # Nothing to show as "expected": any other value would do.
        if op == "is not" and right is None:
            explanation = "expected a value, got None"
        else:
            explanation = f"expected anything but {saferepr(right)}, got {saferepr(left)}"
        error = _build(first, [explanation] + _where_lines(meta, slots), msg, has_msg)
        error.pydojo_op = op
        return error
    explanation = explain_eq(left, right) if op == "==" else None
    error = _build(first, [explanation] + _where_lines(meta, slots), msg, has_msg)
    error.pydojo_actual = saferepr(left, ATTR_REPR_LIMIT)
    error.pydojo_expected = saferepr(right, ATTR_REPR_LIMIT)
    error.pydojo_op = op
    return error


def generic_fail(source, meta, slots, msg, has_msg):
    """The AssertionError for any other failed assert: source text plus "where" lines."""
    return _build(f"assert {source}", _where_lines(meta, slots), msg, has_msg)

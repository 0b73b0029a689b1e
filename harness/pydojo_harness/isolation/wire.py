"""Framing and value encoding for the judge <-> host pipes.

Frames are a 4-byte big-endian length and a UTF-8 JSON document. JSON (never pickle or
marshal) so that decoding what the learner's process sends can never run code.
Exact built-in types cross by value; anything else crosses as a reference {"$r": id, ...}.
"""
import json
import os
import select
import struct
import re
import sys
import time

MAX_FRAME = 64 * 1024 * 1024
MAX_DEPTH = 200


class ChannelClosed(Exception):
    """The other process closed its end (it exited or was killed)."""


class ChannelTimeout(Exception):
    """No frame arrived before the deadline."""


class ProtocolError(Exception):
    """The other side sent something that is not a valid frame."""


def write_frame(fd, message):
    data = json.dumps(message, separators=(",", ":"), allow_nan=True).encode("utf-8")
    if len(data) > MAX_FRAME:
        raise ProtocolError(f"message of {len(data)} bytes is larger than {MAX_FRAME}")
    view = memoryview(struct.pack(">I", len(data)) + data)
    while view:
        try:
            written = os.write(fd, view)
        except BrokenPipeError as exc:
            raise ChannelClosed("peer closed the pipe") from exc
        view = view[written:]


def _read_exact(fd, size, deadline):
    chunks = []
    remaining = size
    while remaining:
        if deadline is not None:
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                raise ChannelTimeout()
            ready, _, _ = select.select([fd], [], [], timeout)
            if not ready:
                raise ChannelTimeout()
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise ChannelClosed("peer closed the pipe")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def read_frame(fd, deadline=None):
    header = _read_exact(fd, 4, deadline)
    (size,) = struct.unpack(">I", header)
    if size > MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes is larger than {MAX_FRAME}")
    body = _read_exact(fd, size, deadline)
    try:
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        raise ProtocolError(f"invalid frame: {exc}") from exc


PLAIN_SCALARS = (type(None), bool, int, float, str)
# Ints beyond this cross as text (JSON readers choke on huge numbers). Computed once: building
# it costs ~25 µs, which once per int made a list of 200,000 ints take seconds to cross.
_BIG = 10**4000

# Exact standard-library value types that cross by value, as text. Looked up by module and
# name so the host does not pay for importing decimal, fractions or datetime up front.
_BY_TEXT = {
    ("decimal", "Decimal"): "decimal",
    ("fractions", "Fraction"): "fraction",
    ("datetime", "datetime"): "datetime",
    ("datetime", "date"): "date",
    ("datetime", "time"): "time",
    ("datetime", "timedelta"): "timedelta",
}


_FRACTION_TEXT = re.compile(r"-?[0-9]+(?:/[0-9]+)?")


def _from_text(tag, text, parts):
    if tag == "decimal":
        import decimal

        return decimal.Decimal(text)
    if tag == "fraction":
        import fractions

        # `str(Fraction)` is "n" or "n/d": nothing else is parsed, since Fraction("1e999999999")
        # would compute 10**999999999 in the judge, outside any test's time limit.
        if type(text) is not str or len(text) > 10_000 or not _FRACTION_TEXT.fullmatch(text):
            raise ProtocolError("a Fraction must cross as 'n' or 'n/d'")
        return fractions.Fraction(text)
    import datetime

    if tag == "timedelta":
        return datetime.timedelta(days=parts[0], seconds=parts[1], microseconds=parts[2])
    return getattr(datetime, tag).fromisoformat(text)


def _value_tag(kind):
    module = kind.__module__.lstrip("_")
    if module == "pydatetime":
        module = "datetime"
    if module == "pydecimal":
        module = "decimal"
    return _BY_TEXT.get((module, kind.__name__))


def _is_path(value):
    pathlib = sys.modules.get("pathlib")
    return pathlib is not None and isinstance(value, pathlib.PurePath) and type(value).__module__ == "pathlib"


_MUTABLE_TAGS = {list: "$l", dict: "$d", set: "$s"}


class Tracker:
    """The lists, dicts and sets one call sends by value, numbered in the order they are
    encoded, so the receiver can send back what the callee changed in them (`$i` marks a
    container's number, `$a` a second occurrence of it) and the caller can apply it to its
    own objects. One per call; the caller keeps it until the reply."""

    def __init__(self):
        self.objects = []
        self.ids = {}

    def add(self, obj):
        self.ids[id(obj)] = len(self.objects)
        self.objects.append(obj)


class Codec:
    """Encodes values for the peer; `export` turns a non-plain object into a reference."""

    def __init__(self, export, resolve):
        self.export = export  # obj -> dict describing a reference
        self.resolve = resolve  # dict -> local object (own object or proxy)

    def encode(self, value, depth=0, stack=None, track=None, back=None):
        """`track` (a Tracker): number the mutable containers (a call's arguments). `back`
        ({id: number}): a container the peer sent us, by its number (`$m`), so the peer
        applies changes to (or returns) its own object."""
        kind = type(value)
        if kind in PLAIN_SCALARS:
            if kind is int and (value > _BIG or value < -_BIG):
                return {"$big": str(value)}
            return value
        if depth > MAX_DEPTH:
            return self.export(value)
        if back is not None and kind in _MUTABLE_TAGS and id(value) in back:
            return {"$m": back[id(value)]}
        if _is_path(value):
            return {"$p": str(value)}
        tag = _value_tag(kind)
        if tag == "timedelta":
            return {"$v": [tag, None, [value.days, value.seconds, value.microseconds]]}
        if tag is not None:
            return {"$v": [tag, str(value), None]}
        if kind is bytes:
            import base64

            return {"$b": base64.b64encode(value).decode("ascii")}
        if kind is complex:
            return {"$c": [value.real, value.imag]}
        if kind in (list, tuple, set, frozenset, dict):
            number = None
            if track is not None and kind in _MUTABLE_TAGS:
                number = track.ids.get(id(value))
                if number is not None:
                    return {"$a": number}  # the same object again (or a cycle): one object there too
                number = len(track.objects)
                track.add(value)
            stack = stack if stack is not None else set()
            if id(value) in stack:
                return self.export(value)
            stack.add(id(value))
            try:
                if kind is dict:
                    body = [
                        [self.encode(k, depth + 1, stack, track, back), self.encode(v, depth + 1, stack, track, back)]
                        for k, v in value.items()
                    ]
                    data = {"$d": body}
                else:
                    items = [self.encode(v, depth + 1, stack, track, back) for v in value]
                    data = {{list: "$l", tuple: "$t", set: "$s", frozenset: "$f"}[kind]: items}
                if number is not None:
                    data["$i"] = number
                return data
            finally:
                stack.discard(id(value))
        return self.export(value)

    def encode_call(self, args, kwargs, track):
        """A call's positional and keyword arguments, their containers numbered in `track`."""
        return (
            {"$t": [self.encode(v, track=track) for v in args]},
            {"$d": [[k, self.encode(v, track=track)] for k, v in kwargs.items()]},
        )

    def decode(self, data, table=None, back=None):
        """`table` (a list): where the containers a call's arguments numbered (`$i`) are
        put, in order; `back` (a list): our own containers the peer names by number (`$m`)."""
        if not isinstance(data, dict):
            if isinstance(data, list):
                raise ProtocolError("bare list in message")
            if type(data) is str and len(data) <= 64 and data.isascii() and data.replace("_", "a").isalnum():
                # As CPython interns name-like string constants: `assertIs(pop_last(q), "Rocket")`
                # holds when the string came back from the other process, as in one process.
                return sys.intern(data)
            return data
        if "$l" in data:
            if table is not None and "$i" in data:
                out = self._numbered([], data, table)
                out.extend(self.decode(v, table, back) for v in data["$l"])
                return out
            return [self.decode(v, table, back) for v in data["$l"]]
        if "$t" in data:
            return tuple(self.decode(v, table, back) for v in data["$t"])
        if "$s" in data:
            if table is not None and "$i" in data:
                out = self._numbered(set(), data, table)
                out.update(self.decode(v, table, back) for v in data["$s"])
                return out
            return set(self.decode(v, table, back) for v in data["$s"])
        if "$f" in data:
            return frozenset(self.decode(v, table, back) for v in data["$f"])
        if "$d" in data:
            out = self._numbered({}, data, table) if table is not None and "$i" in data else {}
            for k, v in data["$d"]:
                out[self.decode(k, table, back)] = self.decode(v, table, back)
            return out
        if "$a" in data:
            return _numbered_item(table, data["$a"], "$a")
        if "$m" in data:
            return _numbered_item(back, data["$m"], "$m")
        if "$b" in data:
            import base64

            return base64.b64decode(data["$b"])
        if "$c" in data:
            return complex(*data["$c"])
        if "$big" in data:
            return int(data["$big"])
        if "$p" in data:
            import pathlib

            return pathlib.Path(data["$p"])
        if "$v" in data:
            tag, text, parts = data["$v"]
            if tag not in _BY_TEXT.values():
                raise ProtocolError(f"unknown value type {tag!r}")
            return _from_text(tag, text, parts)
        if "$r" in data:
            return self.resolve(data)
        raise ProtocolError(f"unknown value tag {sorted(data)}")

    @staticmethod
    def _numbered(obj, data, table):
        if data["$i"] != len(table):
            raise ProtocolError("containers numbered out of order")
        table.append(obj)
        return obj


def _numbered_item(objects, number, tag):
    if objects is None or type(number) is not int or not 0 <= number < len(objects):
        raise ProtocolError(f"{tag} names no container of this call")
    return objects[number]


def snapshot(obj):
    """What a container holds (the items themselves, kept alive so that no new object can
    take an old one's id), to tell afterwards whether a call changed it."""
    if type(obj) is dict:
        return [item for pair in obj.items() for item in pair]
    return list(obj)


def _same(before, now, kind):
    if len(before) != len(now):
        return False
    if kind is set:
        return {id(v) for v in before} == {id(v) for v in now}
    return all(a is b for a, b in zip(before, now))


def _kept_prefix(old, new):
    """How many leading items of a list are still the ones it was given (appends keep all)."""
    limit = min(len(old), len(new))
    kept = 0
    while kept < limit and old[kept] is new[kept]:
        kept += 1
    return kept


def changed_state(codec, table, before, back):
    """[[number, contents, kept]] for each container of a call's arguments that the call
    changed, each container's contents with the containers of the call named by number. For a
    list, `kept` leading items are unchanged and not sent (a loop of appends stays linear)."""
    changes = []
    for number, obj in enumerate(table):
        now = snapshot(obj)
        if _same(before[number], now, type(obj)):
            continue
        kept = 0
        if type(obj) is dict:
            body = [[codec.encode(k, 1, None, None, back), codec.encode(v, 1, None, None, back)] for k, v in obj.items()]
        elif type(obj) is list:
            kept = _kept_prefix(before[number], now)
            body = [codec.encode(v, 1, None, None, back) for v in obj[kept:]]
        else:
            body = [codec.encode(v, 1, None, None, back) for v in obj]
        changes.append([number, body, kept])
    return changes


def apply_changes(codec, changes, objects):
    """Writes the peer's changes into our containers `objects` (the call's Tracker): only
    those, and each keeps its type. Decoded first, then written, so a change that fails to
    decode leaves every container as it was."""
    if not isinstance(changes, list):
        raise ProtocolError("malformed changes")
    decoded = []
    for change in changes:
        if not isinstance(change, list) or len(change) != 3 or not isinstance(change[1], list):
            raise ProtocolError("malformed change")
        target = _numbered_item(objects, change[0], "change")
        kept = change[2]
        if type(kept) is not int or not 0 <= kept <= (len(target) if type(target) is list else 0):
            raise ProtocolError("malformed change: kept items")
        try:
            if type(target) is dict:
                pairs = change[1]
                if not all(isinstance(p, list) and len(p) == 2 for p in pairs):
                    raise ProtocolError("malformed dict change")
                value = dict((codec.decode(k, None, objects), codec.decode(v, None, objects)) for k, v in pairs)
            elif type(target) is set:
                value = set(codec.decode(v, None, objects) for v in change[1])
            else:
                value = target[:kept] + [codec.decode(v, None, objects) for v in change[1]]
        except TypeError as exc:  # e.g. an unhashable set item
            raise ProtocolError(f"malformed change: {exc}") from exc
        decoded.append((target, value))
    for target, value in decoded:
        if type(target) is list:
            target[:] = value
        else:
            target.clear()
            target.update(value)

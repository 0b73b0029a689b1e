"""Framing and value encoding for the judge <-> host pipes.

Frames are a 4-byte big-endian length and a UTF-8 JSON document. JSON (never pickle or
marshal) so that decoding what the learner's process sends can never run code.
Exact built-in types cross by value; anything else crosses as a reference {"$r": id, ...}.
"""
import json
import os
import select
import struct
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


def _from_text(tag, text, parts):
    if tag == "decimal":
        import decimal

        return decimal.Decimal(text)
    if tag == "fraction":
        import fractions

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


class Codec:
    """Encodes values for the peer; `export` turns a non-plain object into a reference."""

    def __init__(self, export, resolve):
        self.export = export  # obj -> dict describing a reference
        self.resolve = resolve  # dict -> local object (own object or proxy)

    def encode(self, value, depth=0, stack=None):
        kind = type(value)
        if kind in PLAIN_SCALARS:
            if kind is int and (value > _BIG or value < -_BIG):
                return {"$big": str(value)}
            return value
        if depth > MAX_DEPTH:
            return self.export(value)
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
            stack = stack if stack is not None else set()
            if id(value) in stack:
                return self.export(value)
            stack.add(id(value))
            try:
                if kind is dict:
                    body = [[self.encode(k, depth + 1, stack), self.encode(v, depth + 1, stack)] for k, v in value.items()]
                    return {"$d": body}
                items = [self.encode(v, depth + 1, stack) for v in value]
                tag = {list: "$l", tuple: "$t", set: "$s", frozenset: "$f"}[kind]
                return {tag: items}
            finally:
                stack.discard(id(value))
        return self.export(value)

    def decode(self, data):
        if not isinstance(data, dict):
            if isinstance(data, list):
                raise ProtocolError("bare list in message")
            return data
        if "$l" in data:
            return [self.decode(v) for v in data["$l"]]
        if "$t" in data:
            return tuple(self.decode(v) for v in data["$t"])
        if "$s" in data:
            return set(self.decode(v) for v in data["$s"])
        if "$f" in data:
            return frozenset(self.decode(v) for v in data["$f"])
        if "$d" in data:
            return {self.decode(k): self.decode(v) for k, v in data["$d"]}
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

"""One end of the judge <-> host channel: sends requests, serves the peer's requests while
waiting for a reply (calls can nest both ways), and keeps the table of exported objects."""
import builtins
import importlib
import operator
import re
import sys
import threading

from . import protocols
from .remote import PLAIN_BASES, Remote, kind_of
from .values import VALUE_NAMES, value_base
from .wire import Codec, ProtocolError, Tracker, apply_changes, changed_state, read_frame, snapshot, write_frame

_BUILTIN_EXCEPTIONS = {
    name: obj
    for name, obj in vars(builtins).items()
    if isinstance(obj, type) and issubclass(obj, BaseException)
}

_OPS = {
    "repr": repr,
    "str": str,
    "bool": bool,
    "hash": hash,
    "len": len,
    "iter": iter,
    "next": next,
    "neg": operator.neg,
    "pos": operator.pos,
    "abs": abs,
    "invert": operator.invert,
    "int": int,
    "float": float,
    "index": operator.index,
    "reversed": reversed,
    "dir": lambda o: sorted(dir(o)),
    "round": round,
    "format": format,
    "contains": lambda o, x: x in o,
    "getitem": operator.getitem,
    "setitem": operator.setitem,
    "delitem": operator.delitem,
    "delattr": delattr,
    "isinstance": lambda cls, obj: isinstance(obj, cls),
    "issubclass": lambda cls, sub: _issubclass(sub, cls),
    "enter": lambda o: o.__enter__(),
    "doc": lambda o: getattr(o, "__doc__", None),
    "copy": lambda o: __import__("copy").copy(o),
    "deepcopy": lambda o: __import__("copy").deepcopy(o),
}
for _name in ("eq", "ne", "lt", "le", "gt", "ge", "add", "sub", "mul", "truediv", "floordiv",
              "mod", "pow", "matmul", "and_", "or_", "xor", "lshift", "rshift"):
    _OPS[_name.rstrip("_")] = getattr(operator, _name)
for _name in ("add", "sub", "mul", "truediv", "floordiv", "mod", "pow", "and", "or", "xor"):
    _OPS["r" + _name] = (lambda fn: lambda o, x: fn(x, o))(_OPS[_name])


def _issubclass(sub, cls):
    # A class of the other process and a protocol of this one: asked structurally (see
    # protocols.py); typing would reject the proxy as "not a class".
    if type(sub) is Remote and protocols.is_protocol_class(cls):
        return protocols.remote_issubclass(cls, sub)
    return issubclass(sub, cls)


def _is_builtin_exception(cls):
    return cls.__module__ == "builtins" and _BUILTIN_EXCEPTIONS.get(cls.__name__) is cls


# Standard-library modules whose exception classes cross as the peer's own class (so the
# learner's `except sqlite3.IntegrityError` catches what the test's database raised). Only
# classes the module itself defines, looked up by name on the peer's copy of the module.
# Standard-library modules whose own exception classes cross as themselves (a test's
# `pytest.raises(json.JSONDecodeError)` around the learner's code), by the module that defines
# them (`cls.__module__`), not as stand-ins.
_STDLIB_EXCEPTION_MODULES = (
    "sqlite3", "json.decoder", "subprocess", "decimal", "csv", "configparser", "urllib.error",
    "http.client", "zipfile", "re", "binascii", "queue", "statistics", "shutil", "tomllib",
)


def _is_stdlib_exception(cls):
    module = sys.modules.get(cls.__module__) if cls.__module__ in _STDLIB_EXCEPTION_MODULES else None
    return module is not None and getattr(module, cls.__name__, None) is cls


def _stdlib_exception(module_name, name):
    if module_name not in _STDLIB_EXCEPTION_MODULES or not isinstance(name, str):
        return None
    module = importlib.import_module(module_name)
    cls = getattr(module, name, None)
    if isinstance(cls, type) and issubclass(cls, Exception) and cls.__module__ == module_name:
        return cls
    return None


def _exit(target, exc_type, exc):
    """The end of `with target:` (the peer's with statement). True swallows the exception;
    "same" says `__exit__` re-raised the very exception it was given, so the peer re-raises its
    original, unchanged (as when `__exit__` returns False)."""
    try:
        return bool(target.__exit__(exc_type, exc, None))
    except BaseException as raised:
        if exc is not None and raised is exc:
            return "same"
        raise


def _fspath(obj):
    import os

    return os.fspath(obj)


_OPS["fspath"] = _fspath


class _CallArgs:
    """The containers of one call's arguments, as decoded here, and what they held before."""

    def __init__(self):
        self.table = []
        self.before = []
        self._back = None

    def back(self):
        if self._back is None:
            self._back = {id(obj): number for number, obj in enumerate(self.table)}
        return self._back


# What the other side's object references may hold, and how much of it is kept: a proxy keeps
# its reference's description for the whole grade, so a peer that sent megabytes of junk in each
# one (or millions of them) would grow the judge's memory, which no limit of the learner's
# process counts.
MAX_PROXIES = 200_000
_NAME = 200
_MODULE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


def _module_name(name):
    """The module an exception class of the other side says it is from, for messages only:
    a dotted name of at most _NAME characters, or "learner"."""
    if type(name) is str and len(name) <= _NAME and _MODULE_NAME.fullmatch(name):
        return name
    return "learner"
_INFO_TEXT = ("type", "kind", "stdlib")
_BASE_NAMES = frozenset(b.__name__ for b in PLAIN_BASES) | VALUE_NAMES


def _reference_info(data):
    info = {}
    for key in _INFO_TEXT:
        value = data.get(key)
        if type(value) is str:
            info[key] = value[:_NAME]
    base = data.get("base")
    if base in _BASE_NAMES:
        info["base"] = base
    return info


class Endpoint:
    """Sends requests to the peer and serves its requests, over a pair of pipe fds."""

    def __init__(self, rfd, wfd, policy):
        self.rfd = rfd
        self.wfd = wfd
        self.policy = policy
        self.objects = {}
        self.ids = {}
        self.next_id = 1
        self.proxies = {}
        self.exc_classes = {}
        self.seq = 0
        self.deadline = None
        self.gen = 0
        self.codec = Codec(self._export, self._resolve)
        # One request at a time on the pipes: threads of the tests (or of the learner's code)
        # that call into the other process take turns. Re-entrant: the peer's requests made
        # while we wait (callbacks) are served on the waiting thread, and may call back again.
        self.turn = threading.RLock()

    # -- exporting our objects -------------------------------------------------
    def _export(self, obj):
        if type(obj) is Remote and object.__getattribute__(obj, "_pd_ep") is self:
            return {"$r": object.__getattribute__(obj, "_pd_rid"), "own": False}
        if isinstance(obj, BaseException):
            peer_ref = _exception_peer_ref(obj, self)
            if peer_ref is not None:  # our copy of the peer's exception: the peer's own object
                return {"$r": peer_ref, "own": False}
        peer_ref = getattr(obj, "_pydojo_peer_ref", None) if isinstance(obj, type) else None
        if peer_ref is not None and peer_ref[0] is self:
            return {"$r": peer_ref[1], "own": False}
        key = id(obj)
        rid = self.ids.get(key)
        if rid is None:
            rid = self.next_id
            self.next_id += 1
            self.ids[key] = rid
            self.objects[rid] = obj
        info = {"$r": rid, "own": True, "type": type(obj).__name__}
        kind = kind_of(obj)
        if kind is not None:
            info["kind"] = kind  # a generator, iterator, function...: isinstance works on the proxy
        if isinstance(obj, type) and issubclass(obj, BaseException):
            base = next(c for c in obj.__mro__ if c.__module__ == "builtins")
            info["exc"] = [obj.__name__, base.__name__]
            module = getattr(obj, "__module__", None)
            if type(module) is str and module != "builtins":
                info["module"] = module  # shown in messages: circular_buffer.BufferFullError
            if _is_builtin_exception(obj):
                info["builtin"] = True  # the peer uses its own ValueError, not a stand-in
            elif _is_stdlib_exception(obj):
                info["stdlib"] = obj.__module__  # the peer's own sqlite3.IntegrityError
        for base in PLAIN_BASES:
            if isinstance(obj, base):
                info["base"] = base.__name__
                break
        else:
            value = value_base(obj)
            if value is not None:
                info["base"] = value  # a deque, d.keys(), a UUID...: see values.py
        return info

    def _resolve(self, data):
        rid = data["$r"]
        if type(rid) is not int:
            raise ProtocolError("malformed object reference")
        if not data.get("own"):
            # One of our own objects, coming back.
            if rid not in self.objects:
                raise ProtocolError(f"unknown object reference {rid}")
            return self.objects[rid]
        if "exc" in data:
            exc = data["exc"]
            if not (isinstance(exc, list) and len(exc) == 2 and all(type(n) is str and len(n) <= _NAME for n in exc)):
                raise ProtocolError("malformed exception class reference")
            name, base = exc
            if data.get("builtin") and name == base and name in _BUILTIN_EXCEPTIONS:
                return _BUILTIN_EXCEPTIONS[name]
            local = _stdlib_exception(data.get("stdlib"), name)
            if local is not None:
                return local
            cls = self.exc_classes.get(rid)
            if cls is None:
                if len(self.exc_classes) >= MAX_PROXIES:
                    raise ProtocolError(f"more than {MAX_PROXIES:,} exception classes in one grade")
                parent = _BUILTIN_EXCEPTIONS.get(base, Exception)
                cls = type(str(name), (parent,), {"_pydojo_peer_ref": (self, rid), "__module__": _module_name(data.get("module"))})
                self.exc_classes[rid] = cls
            return cls
        proxy = self.proxies.get(rid)
        if proxy is None:
            if len(self.proxies) >= MAX_PROXIES:
                raise ProtocolError(f"more than {MAX_PROXIES:,} of the other side's objects in one grade")
            proxy = self.make_proxy(rid, _reference_info(data))
        return proxy

    def make_proxy(self, rid, info, path=None):
        proxy = object.__new__(Remote)
        object.__setattr__(proxy, "_pd_ep", self)
        object.__setattr__(proxy, "_pd_rid", rid)
        object.__setattr__(proxy, "_pd_info", info)
        object.__setattr__(proxy, "_pd_path", path)
        object.__setattr__(proxy, "_pd_gen", self.gen)
        if rid is not None:
            self.proxies[rid] = proxy
        return proxy

    # -- requests to the peer --------------------------------------------------
    def _target(self, proxy):
        return {"$r": object.__getattribute__(proxy, "_pd_rid"), "own": False}

    def op(self, proxy, name, args):
        return self.request({"op": name, "t": self._target(proxy), "a": self.codec.encode(tuple(args))})

    def getattr(self, proxy, name):
        return self.request({"op": "getattr", "t": self._target(proxy), "n": name})

    def setattr(self, proxy, name, value):
        return self.request({"op": "setattr", "t": self._target(proxy), "n": name, "v": self.codec.encode(value)})

    def call(self, proxy, args, kwargs):
        """Calls the peer's object. The lists, dicts and sets among the arguments cross as
        copies, numbered: the reply says what the callee changed in them, and that is written
        into these objects (as if the callee had changed them here), and a container the
        callee returns is the caller's own object again."""
        track = Tracker()
        encoded_args, encoded_kwargs = self.codec.encode_call(tuple(args), dict(kwargs), track)
        message = {"op": "call", "t": self._target(proxy), "a": encoded_args, "k": encoded_kwargs}
        return self.request(message, track)

    def callattr(self, proxy, name, args, kwargs):
        """`proxy.name(*args, **kwargs)` in one exchange: the peer looks the attribute up and
        calls it, with the same checks as a `getattr` followed by a `call` (see `call`)."""
        track = Tracker()
        encoded_args, encoded_kwargs = self.codec.encode_call(tuple(args), dict(kwargs), track)
        message = {"op": "callattr", "t": self._target(proxy), "n": name, "a": encoded_args, "k": encoded_kwargs}
        return self.request(message, track)

    def exit(self, proxy, exc_type, exc):
        """`with proxy:` ends here: the peer's `__exit__` gets the exception's class and a copy
        of the exception (type, args, public attributes), never the traceback, which holds this
        process's frames. True means it swallowed the exception."""
        message = {"op": "exit", "t": self._target(proxy)}
        if isinstance(exc, BaseException):
            message["a"] = self.codec.encode((exc_type, None))
            message["x"] = self.encode_exception(exc)
        else:
            message["a"] = self.codec.encode((exc_type, exc))
        return self.request(message) is True

    def request(self, message, track=None):
        with self.turn:
            self.seq += 1
            seq = self.seq
            message["q"] = seq
            write_frame(self.wfd, message)
            while True:
                reply = read_frame(self.rfd, self.deadline)
                if not isinstance(reply, dict):
                    raise ProtocolError("frame is not an object")
                if "q" in reply:
                    self.serve_one(reply)
                    continue
                if reply.get("re") != seq:
                    raise ProtocolError("reply out of order")
                break
        self.on_reply(reply)
        mine = track.objects if track is not None and track.objects else None
        if mine is not None and "m" in reply:
            apply_changes(self.codec, reply["m"], mine)
        if "err" in reply:
            raise self.decode_exception(reply["err"])
        return self.codec.decode(reply.get("ok"), None, mine)

    def on_reply(self, reply):
        """Hook: the judge writes the learner's output carried by a reply."""

    # -- serving the peer's requests ---------------------------------------------
    def serve_one(self, message):
        call = _CallArgs() if message.get("op") in ("call", "callattr") else None
        try:
            if "p" in message:
                self.policy.apply_changes(self.codec.decode(message["p"]))
            value = self.dispatch(message, call)
            reply = {"re": message["q"], "ok": self.codec.encode(value, back=call.back() if call else None)}
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the caller
            if self.policy.must_propagate(exc):
                raise
            reply = {"re": message.get("q"), "err": self.encode_exception(exc)}
        if call is not None and call.table:
            # What the call changed in the caller's containers (also when it raised).
            changes = changed_state(self.codec, call.table, call.before, call.back())
            if changes:
                reply["m"] = changes
        self.decorate_reply(reply)
        write_frame(self.wfd, reply)

    def decorate_reply(self, reply):
        """Hook: the host adds the output captured while serving."""

    def _own_target(self, data):
        """What a request of the peer acts on: always one of our own objects that we handed to
        it, named by its reference, never a value the peer sends along. Until 2026-12-07 any
        value was decoded: the learner's process sent a string of its own as the target of
        `format`, with a judge's object as the argument, and `str.format` followed attribute
        chains from there (`{0.__traceback__.tb_frame.f_back.f_locals}`) inside the judge, past
        every check of the policy: the tests' frames, their source and the verdict's nonce."""
        if not (type(data) is dict and data.get("own") is False and type(data.get("$r")) is int):
            raise ProtocolError("a request must act on an object this side handed over")
        rid = data["$r"]
        if rid not in self.objects:
            raise ProtocolError(f"unknown object reference {rid}")
        return self.objects[rid]

    def dispatch(self, message, call=None):
        op = message.get("op")
        if op == "import":
            return self.policy.import_module(message["n"])
        target = self._own_target(message.get("t"))
        if op == "getattr":
            name = message["n"]
            self.policy.check_getattr(target, name)
            return getattr(target, name)
        if op == "setattr":
            self.policy.check_setattr(target, message["n"])
            setattr(target, message["n"], self.codec.decode(message["v"]))
            return None
        if op == "callattr":
            name = message.get("n")
            if not isinstance(name, str):
                raise ProtocolError("malformed attribute name")
            self.policy.check_getattr(target, name)
            target = getattr(target, name)
            op = "call"
        if op == "call":
            self.policy.check_call(target)
            table = call.table if call is not None else None
            args = self.codec.decode(message["a"], table)
            kwargs = self.codec.decode(message["k"], table)
            if not isinstance(args, tuple) or not isinstance(kwargs, dict):
                raise ProtocolError("malformed call arguments")
            if table:
                call.before = [snapshot(obj) for obj in table]
            return self.policy.invoke(target, args, kwargs)
        if op == "exit":
            self.policy.check_op(target, op)
            exc_type, exc = self.codec.decode(message["a"])
            if message.get("x") is not None:
                exc = self.decode_exception(message["x"], annotate=False)
            return self.policy.invoke(_exit, (target, exc_type, exc), {})
        if op == "plain":
            return self.policy.plain(target)
        if op == "abc":
            module, name, as_class = self.codec.decode(message["a"])
            return self.policy.abc_check(target, module, name, bool(as_class))
        if op == "conforms":
            members, methods, as_class = self.codec.decode(message["a"])
            return self.policy.conforms(target, members, methods, bool(as_class))
        fn = _OPS.get(op)
        if fn is None:
            raise ProtocolError(f"unknown operation {op!r}")
        self.policy.check_op(target, op)
        args = self.codec.decode(message["a"])
        return self.policy.invoke(fn, (target,) + tuple(args), {})

    # -- exceptions ------------------------------------------------------------
    def encode_exception(self, exc):
        cls = type(exc)
        base = next((c for c in cls.__mro__ if c.__module__ == "builtins"), Exception)
        data = {"type": base.__name__, "name": cls.__name__, "msg": _safe_str(exc)}
        if cls is not base:
            data["cls"] = self._export(cls)
        try:
            data["args"] = self.codec.encode(tuple(exc.args))
        except Exception:  # noqa: BLE001 - args are optional
            pass
        attrs = {}
        for key, value in list(getattr(exc, "__dict__", {}).items())[:20]:
            if not key.startswith("_") and not key.startswith("pydojo"):
                try:
                    attrs[key] = self.codec.encode(value)
                except Exception:  # noqa: BLE001
                    pass
        data["attrs"] = attrs
        peer_ref = _exception_peer_ref(exc, self)
        if peer_ref is not None:
            data["peer"] = peer_ref  # a copy of the peer's exception going back: the original
        elif self.policy.export_exceptions:
            data["self"] = self._export(exc)["$r"]
        data.update(self.policy.describe_exception(exc))
        return data

    def decode_exception(self, data, annotate=True):
        """The peer's exception as one of ours. `annotate` adds what the result needs (the
        learner's traceback and line, the type's name); off for an exception that is handed
        to code rather than reported."""
        if not isinstance(data, dict):
            raise ProtocolError("malformed error")
        special = self.policy.special_exception(data)
        if special is not None:
            return special
        peer = data.get("peer")
        if type(peer) is int and isinstance(self.objects.get(peer), BaseException):
            # One of our exceptions that the peer was given (by a `with` block or a callback)
            # and raises or hands back: the very object, as within one process.
            return self.objects[peer]
        if "cls" in data:
            cls = self._resolve(data["cls"])
        else:
            cls = _BUILTIN_EXCEPTIONS.get(data.get("type"), Exception)
        if not (isinstance(cls, type) and issubclass(cls, BaseException)):
            cls = Exception
        try:
            args = self.codec.decode(data["args"]) if "args" in data else (data.get("msg", ""),)
            exc = cls(*args)
        except Exception:  # noqa: BLE001 - some exception types need special arguments
            exc = cls.__new__(cls)
            exc.args = (data.get("msg", ""),)
        for key, value in data.get("attrs", {}).items():
            try:
                setattr(exc, key, self.codec.decode(value))
            except Exception:  # noqa: BLE001
                pass
        if type(data.get("self")) is int:
            # Sent back (raised, or passed to the peer), the copy is the peer's object again.
            try:
                exc.__dict__["_pydojo_peer_ref"] = (self, data["self"])
            except (AttributeError, TypeError):
                pass
        if not annotate:
            return exc
        for key in ("tb", "line"):
            if key in data:
                setattr(exc, "pydojo_traceback" if key == "tb" else "pydojo_learner_line", data[key])
        exc.pydojo_type_name = data.get("name", cls.__name__)
        if "syntax" in data:
            exc.pydojo_syntax = data["syntax"]
        return exc


def _exception_peer_ref(exc, endpoint):
    """The peer's number for `exc` when it is our copy of the peer's exception."""
    try:
        ref = vars(exc).get("_pydojo_peer_ref")
    except TypeError:
        return None
    if type(ref) is tuple and len(ref) == 2 and ref[0] is endpoint:
        return ref[1]
    return None


def _safe_str(exc):
    try:
        return str(exc)
    except Exception:  # noqa: BLE001
        return f"<unprintable {type(exc).__name__}>"

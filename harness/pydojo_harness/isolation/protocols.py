"""`isinstance` with a `typing.runtime_checkable` Protocol on an object of the other process.

A Protocol check is structural: it asks whether the object has the protocol's members. When
the object is a proxy (`Remote`), typing's own check cannot answer: it reads the proxy's
`__class__` (which the judge does not hand out) and, on Python 3.12+, looks the members up
statically on the proxy class. So `install()` wraps `typing._ProtocolMeta.__instancecheck__`:
for a `Remote` it sends the protocol's member names to the process that owns the object, and
that process answers yes or no (`has_members`). Every other object takes typing's own path.

What the owner reveals is one bit per check: whether the object has all those members. When
the learner's process asks about an object of the tests (`restricted`), only public names and
special `__dunder__` names are looked up, statically (no code of the tests runs, as in
`inspect.getattr_static`); a private `_name` is refused; a class is looked up along its MRO
(what `issubclass` needs anyway); a module, function, frame or code object only on its type,
never in its own namespace (a module's globals stay unseen).
"""
import types

from .remote import Remote

MAX_MEMBERS = 1000

# Objects whose own namespace the learner's process never sees (their type's is public).
_OPAQUE = (
    types.ModuleType, types.FrameType, types.CodeType, types.TracebackType, types.FunctionType,
    types.MethodType, types.BuiltinFunctionType, types.MappingProxyType,
)


def _is_dunder(name):
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


def protocol_members(cls):
    """The protocol's member names and, among them, its methods (callable members)."""
    import typing

    members = getattr(cls, "__protocol_attrs__", None)  # 3.12+
    if members is None:
        members = typing._get_protocol_attrs(cls)
    non_callable = getattr(cls, "__non_callable_proto_members__", None)  # 3.12.2+
    if non_callable is None:
        methods = [name for name in members if callable(getattr(cls, name, None))]
    else:
        methods = [name for name in members if name not in non_callable]
    return sorted(members), sorted(methods)


def _static_mro(klass):
    return type.__dict__["__mro__"].__get__(klass)


def _in_class_dicts(klass, name):
    """(found, value) for `name` in the class dictionaries along `klass`'s MRO."""
    for base in _static_mro(klass):
        namespace = type.__dict__["__dict__"].__get__(base)
        if name in namespace:
            return True, namespace[name]
    return False, None


def _lookup(obj, name, restricted):
    if restricted and isinstance(obj, type):
        # A class: its own MRO, then its metaclass's, as getattr_static does.
        found, value = _in_class_dicts(obj, name)
        return (found, value) if found else _in_class_dicts(type(obj), name)
    if restricted and isinstance(obj, _OPAQUE):
        return _in_class_dicts(type(obj), name)
    import inspect

    try:
        return True, inspect.getattr_static(obj, name)
    except AttributeError:
        return False, None


def has_members(obj, members, methods, as_class, restricted):
    """Whether `obj` (or, `as_class`, the class `obj`) has all of the protocol's `members`;
    a method set to None does not count, as in typing. Raises for names it may not check."""
    if not isinstance(members, list) or not isinstance(methods, list) or len(members) > MAX_MEMBERS:
        raise TypeError("malformed protocol member list")
    for name in members + methods:
        if not isinstance(name, str):
            raise TypeError("malformed protocol member list")
        if restricted and name.startswith("_") and not _is_dunder(name):
            raise PermissionError(
                f"protocol member {name!r} is private: an object of the tests cannot be checked for it"
            )
    if as_class and not isinstance(obj, type):
        raise TypeError("issubclass() arg 1 must be a class")
    methods = set(methods)
    for name in members:
        if as_class:
            found, value = _in_class_dicts(obj, name)
        else:
            found, value = _lookup(obj, name, restricted)
        if not found or (value is None and (as_class or name in methods)):
            return False
    return True


def _ask_owner(remote, cls, as_class):
    members, methods = protocol_members(cls)
    return bool(object.__getattribute__(remote, "_pd_ep").op(remote, "conforms", (members, methods, as_class)))


def remote_isinstance(cls, remote):
    """`isinstance(remote, cls)` for a class of this process with `_ProtocolMeta`."""
    import typing

    if cls is typing.Protocol or not getattr(cls, "_is_protocol", False):
        # A class of this process (a concrete subclass of a protocol): an object of the
        # other process is never one of its instances.
        return False
    if not getattr(cls, "_is_runtime_protocol", False):
        raise TypeError("Instance and class checks can only be used with @runtime_checkable protocols")
    return _ask_owner(remote, cls, as_class=False)


def remote_issubclass(cls, remote):
    """`issubclass(remote, cls)` for a protocol of this process and a class of the other one."""
    if not getattr(cls, "_is_runtime_protocol", False):
        raise TypeError("Instance and class checks can only be used with @runtime_checkable protocols")
    members, methods = protocol_members(cls)
    if len(methods) != len(members):
        raise TypeError("Protocols with non-method members don't support issubclass()")
    return _ask_owner(remote, cls, as_class=True)


def is_protocol_class(cls):
    """Whether `cls` is a class made by typing's Protocol metaclass."""
    import sys

    typing = sys.modules.get("typing")
    meta = getattr(typing, "_ProtocolMeta", None)
    return meta is not None and isinstance(cls, meta) and getattr(cls, "_is_protocol", False)


# Standard ABCs that an object of the other process is checked against by its owner.
_ABC_MODULES = ("collections.abc", "numbers")


def _standard_abc(module, name):
    """The ABC `module.name` when it is one of the standard library's (else None)."""
    import sys

    if module not in _ABC_MODULES or not isinstance(name, str) or not name.isidentifier():
        return None
    if module == "numbers":
        import numbers  # noqa: F401 - small, and what a check needs
    found = vars(sys.modules.get(module, object)).get(name) if module in sys.modules else None
    if found is None and module == "collections.abc":
        import collections.abc

        found = vars(collections.abc).get(name)
    import abc

    return found if isinstance(found, abc.ABCMeta) else None


def abc_check(target, module, name, as_class):
    """The owner's answer to `isinstance(target, module.name)` (or issubclass) for a standard ABC."""
    cls = _standard_abc(module, name)
    if cls is None:
        raise TypeError(f"{module}.{name} is not a standard abstract base class")
    if as_class:
        if not isinstance(target, type):
            raise TypeError("issubclass() arg 1 must be a class")
        return issubclass(target, cls)
    return isinstance(target, cls)


def _remote_abc(cls, remote, as_class):
    """`isinstance(remote, cls)` / `issubclass(remote, cls)` for an ABC of this process."""
    if is_protocol_class(cls):
        return remote_issubclass(cls, remote) if as_class else remote_isinstance(cls, remote)
    kind = object.__getattribute__(remote, "_pd_info").get("kind")
    if kind is not None and not as_class:
        from .remote import builtin_kinds

        local = builtin_kinds().get(kind)
        if local is not None:
            return issubclass(local, cls)
    module, name = getattr(cls, "__module__", None), getattr(cls, "__qualname__", None)
    if _standard_abc(module, name) is not cls:
        return False  # an ABC of the tests (or the learner's): an object of the other process is none of its instances
    return bool(object.__getattribute__(remote, "_pd_ep").op(remote, "abc", (module, name, as_class)))


def install_abc():
    """Makes `isinstance(proxy, collections.abc.Iterator)` (and issubclass with a proxied
    class) ask the object's owner instead of failing on the proxy (idempotent)."""
    import abc

    meta = abc.ABCMeta
    instancecheck = meta.__dict__.get("__instancecheck__")
    subclasscheck = meta.__dict__.get("__subclasscheck__")
    if instancecheck is None or getattr(instancecheck, "_pydojo", False):
        return

    def __instancecheck__(cls, instance):
        if type(instance) is Remote:
            return _remote_abc(cls, instance, as_class=False)
        return instancecheck(cls, instance)

    def __subclasscheck__(cls, subclass):
        if type(subclass) is Remote:
            return _remote_abc(cls, subclass, as_class=True)
        return subclasscheck(cls, subclass)

    for fn, original in ((__instancecheck__, instancecheck), (__subclasscheck__, subclasscheck)):
        fn._pydojo = True
        fn.__wrapped__ = original
        fn.__qualname__ = original.__qualname__
        fn.__doc__ = original.__doc__
    meta.__instancecheck__ = __instancecheck__
    meta.__subclasscheck__ = __subclasscheck__


def install():
    """Makes `isinstance(proxy, SomeProtocol)` work in this process (idempotent)."""
    install_abc()
    import typing

    meta = getattr(typing, "_ProtocolMeta", None)
    original = None if meta is None else meta.__dict__.get("__instancecheck__")
    if original is None or getattr(original, "_pydojo", False):
        return

    def __instancecheck__(cls, instance):
        if type(instance) is Remote:
            return remote_isinstance(cls, instance)
        return original(cls, instance)

    __instancecheck__._pydojo = True
    __instancecheck__.__wrapped__ = original
    __instancecheck__.__qualname__ = original.__qualname__
    __instancecheck__.__doc__ = original.__doc__
    meta.__instancecheck__ = __instancecheck__

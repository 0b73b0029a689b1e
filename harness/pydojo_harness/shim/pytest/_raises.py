"""``pytest.raises``, ``pytest.warns`` and ``pytest.deprecated_call``."""

import re
import warnings

from ._outcomes import Failed

__all__ = ["ExceptionInfo", "raises", "warns", "deprecated_call", "WarningsChecker"]


def _name_of(expected):
    """Display name of an expected exception/warning class or tuple of them."""
    if isinstance(expected, tuple):
        return "(" + ", ".join(_name_of(e) for e in expected) + ")"
    try:
        name = getattr(expected, "__name__", None)
    except Exception:  # proxies may fail on attribute access
        name = None
    return name if isinstance(name, str) else repr(expected)


def _expected_classes(expected, base, what):
    """``expected`` as a tuple of classes derived from ``base``, or TypeError as pytest raises it.

    Only real classes of this process count: an object that merely answers ``isinstance`` (a
    learner's class arrives in the judge as a proxy, whose ``__instancecheck__`` the learner's
    process would answer) could say yes to the test's own ``pytest.fail`` and swallow it.
    """
    candidates = expected if type(expected) is tuple else (expected,)
    for candidate in candidates:
        if not (issubclass(type(candidate), type) and issubclass(candidate, base)):
            kind = type(candidate).__name__
            if kind == "Remote":  # the solution's object, seen from the judge (no name asked)
                kind = f"a class of the solution's that does not derive from {base.__name__} (define it as `class Name({'Exception' if base is BaseException else 'Warning'})`)"
            raise TypeError(f"expected {what} must be a {base.__name__} type, not {kind}")
    return candidates


def _is_instance(value, expected):
    """``isinstance`` against classes checked by :func:`_expected_classes`."""
    return any(isinstance(value, candidate) for candidate in _expected_classes(expected, BaseException, "exception"))


def _is_subclass(cls, expected):
    """``issubclass`` counterpart of :func:`_is_instance` (used for warnings)."""
    if not issubclass(type(cls), type):
        return False
    return any(issubclass(cls, candidate) for candidate in _expected_classes(expected, Warning, "warning"))


class ExceptionInfo:
    """What ``pytest.raises`` caught: ``type``, ``value`` and ``tb``."""

    def __init__(self):
        self.type = None
        self.value = None
        self.tb = None

    def _fill(self, exc_type, exc_value, tb):
        self.type = exc_type
        self.value = exc_value
        self.tb = tb

    @property
    def typename(self):
        """Name of the caught exception's class."""
        return type(self.value).__name__ if self.value is not None else None

    @property
    def traceback(self):
        """The raw traceback object (pytest returns a richer wrapper)."""
        return self.tb

    def exconly(self, tryshort=False):
        """``"TypeName: message"`` for the caught exception."""
        text = str(self.value)
        return f"{self.typename}: {text}" if text else str(self.typename)

    def errisinstance(self, exc):
        """Whether the caught exception is an instance of ``exc``."""
        return _is_instance(self.value, exc)

    def match(self, regexp):
        """Assert that ``re.search(regexp, str(value))`` matches; return True."""
        text = str(self.value)
        if re.search(regexp, text) is None:
            raise AssertionError(f"Regex pattern did not match.\n Regex: {regexp!r}\n Input: {text!r}")
        return True

    def __repr__(self):
        if self.value is None:
            return "<ExceptionInfo for raises contextmanager>"
        return f"<ExceptionInfo {self.typename}({str(self.value)!r})>"


class _RaisesContext:
    """Context manager behind ``with pytest.raises(...)``."""

    def __init__(self, expected, match):
        self.expected = expected
        self.match_expr = match
        self.excinfo = ExceptionInfo()

    def __enter__(self):
        return self.excinfo

    def __exit__(self, exc_type, exc_value, tb):
        if exc_type is None:
            raise Failed(f"DID NOT RAISE {_name_of(self.expected)}")
        if not _is_instance(exc_value, self.expected):
            return False  # let the unexpected exception propagate unchanged
        self.excinfo._fill(exc_type, exc_value, tb)
        if self.match_expr is not None:
            text = str(exc_value)
            if re.search(self.match_expr, text) is None:
                raise Failed(f"Regex pattern did not match.\n Regex: {self.match_expr!r}\n Input: {text!r}")
        return True


def raises(expected_exception, *args, match=None, **kwargs):
    """Assert that a block (or a call) raises ``expected_exception``.

    ``with raises(E, match=regex) as info:`` returns an :class:`ExceptionInfo`;
    ``raises(E, func, *args, **kwargs)`` calls ``func`` and returns it directly.
    ``expected_exception`` is an exception class or a tuple of them (anything else is a
    TypeError, as in pytest). ``match`` is searched in ``str(exception)``.
    """
    _expected_classes(expected_exception, BaseException, "exception")
    context = _RaisesContext(expected_exception, match)
    if not args:
        if kwargs:
            raise TypeError(f"unexpected keyword arguments for raises(): {sorted(kwargs)}")
        return context
    func, args = args[0], args[1:]
    if not callable(func):
        raise TypeError(f"{func!r} object (type: {type(func).__name__}) must be callable")
    with context:
        func(*args, **kwargs)
    return context.excinfo


class WarningsChecker(list):
    """List of ``warnings.WarningMessage`` recorded by ``pytest.warns``."""

    def __init__(self, expected, match):
        super().__init__()
        self.expected = expected
        self.match_expr = match
        self._catcher = None

    @property
    def list(self):
        """The recorded warnings (pytest API compatibility)."""
        return list(self)

    def pop(self, cls=Warning):
        """Remove and return the first recorded warning of category ``cls``."""
        for index, record in enumerate(self):
            if _is_subclass(record.category, cls):
                return super().pop(index)
        raise AssertionError(f"{cls!r} not found in warning list")

    def __enter__(self):
        self._catcher = warnings.catch_warnings(record=True)
        recorded = self._catcher.__enter__()
        warnings.simplefilter("always")
        self._recorded = recorded
        return self

    def __exit__(self, exc_type, exc_value, tb):
        self._catcher.__exit__(exc_type, exc_value, tb)
        self.extend(self._recorded)
        if exc_type is not None:
            return False  # an exception is more important than missing warnings
        for record in self:
            if _is_subclass(record.category, self.expected) and (
                self.match_expr is None or re.search(self.match_expr, str(record.message))
            ):
                return False
        emitted = [f"{record.category.__name__}({str(record.message)!r})" for record in self]
        message = f"DID NOT WARN. No warnings of type {_name_of(self.expected)} were emitted"
        if self.match_expr is not None:
            message = (
                f"DID NOT WARN. No warnings of type {_name_of(self.expected)} "
                f"matching the regex were emitted.\n Regex: {self.match_expr!r}"
            )
        raise Failed(f"{message}.\n Emitted warnings: [{', '.join(emitted)}]")


def warns(expected_warning=Warning, *args, match=None, **kwargs):
    """Assert that a block (or a call) emits a warning of ``expected_warning``.

    Use as ``with warns(W, match=regex) as record:`` or ``warns(W, func, *args)``
    (which returns the function's result).
    """
    _expected_classes(expected_warning, Warning, "warning")
    checker = WarningsChecker(expected_warning, match)
    if not args:
        if kwargs:
            raise TypeError(f"unexpected keyword arguments for warns(): {sorted(kwargs)}")
        return checker
    func, args = args[0], args[1:]
    with checker:
        return func(*args, **kwargs)


def deprecated_call(*args, **kwargs):
    """Like :func:`warns` for ``DeprecationWarning``/``PendingDeprecationWarning``."""
    return warns((DeprecationWarning, PendingDeprecationWarning), *args, **kwargs)

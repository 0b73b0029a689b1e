"""Outcome exceptions of the pytest shim: skip, fail, xfail, importorskip.

Why the class hierarchy looks the way it does:

* ``Skipped`` and ``XFailed`` derive from ``OutcomeException``, which derives from
  ``BaseException`` (as in real pytest), so a test that wraps code in
  ``try: ... except Exception:`` cannot accidentally swallow a skip or xfail.
* ``Failed`` *also* derives from ``AssertionError``. Every consumer of test
  results (the PyDojo executor, plain ``unittest``) already classifies
  ``AssertionError`` as a *failure* rather than an *error*, so ``pytest.fail()``
  and a ``pytest.raises`` block that did not raise are reported exactly like a
  failed ``assert``. The price: ``except Exception`` in test code swallows them,
  just as it would swallow a failing ``assert``.
"""

import importlib

__all__ = [
    "OutcomeException",
    "Skipped",
    "Failed",
    "XFailed",
    "skip",
    "fail",
    "xfail",
    "importorskip",
]


class OutcomeException(BaseException):
    """Base of the outcome exceptions; ``msg`` holds the reason."""

    def __init__(self, msg=None, pytrace=True):
        super().__init__(msg)
        self.msg = msg
        self.pytrace = pytrace

    def __str__(self):
        return "" if self.msg is None else str(self.msg)


class Skipped(OutcomeException):
    """Raised by :func:`skip` and :func:`importorskip`."""

    def __init__(self, msg=None, pytrace=True, allow_module_level=False):
        super().__init__(msg, pytrace)
        self.allow_module_level = allow_module_level


class Failed(OutcomeException, AssertionError):
    """Raised by :func:`fail`, ``raises`` and ``warns``; counts as a test failure."""


class XFailed(OutcomeException):
    """Raised by :func:`xfail`: the test is an expected failure."""


def skip(reason="", *, allow_module_level=False):
    """Skip the running test (or the whole module, at module level)."""
    raise Skipped(reason, allow_module_level=allow_module_level)


def fail(reason="", pytrace=True):
    """Fail the running test with ``reason``."""
    raise Failed(reason, pytrace)


def xfail(reason=""):
    """Mark the running test as an expected failure and stop it."""
    raise XFailed(reason)


# pytest exposes the exception classes as attributes of the functions.
skip.Exception = Skipped
fail.Exception = Failed
xfail.Exception = XFailed


def _version_tuple(text):
    """Leading numeric components of a version string ("1.2rc1" -> (1, 2))."""
    parts = []
    for piece in str(text).split("."):
        digits = ""
        for ch in piece:
            if not ch.isdigit():
                break
            digits += ch
        if not digits:
            break
        parts.append(int(digits))
        if len(digits) != len(piece):
            break
    return tuple(parts)


def importorskip(modname, minversion=None, reason=None):
    """Import and return ``modname``; skip the test if that is impossible.

    With ``minversion``, also skip when the module's ``__version__`` is older.
    """
    try:
        module = importlib.import_module(modname)
    except ImportError as exc:
        skipped = Skipped(reason or f"could not import {modname!r}: {exc}", allow_module_level=True)
        skipped.module = modname  # the judge refuses a skip for want of the learner's own module
        raise skipped from None
    if minversion is not None:
        have = getattr(module, "__version__", None)
        if have is None or _version_tuple(have) < _version_tuple(minversion):
            raise Skipped(
                f"module {modname!r} has __version__ {have!r}, required is: {minversion!r}",
                allow_module_level=True,
            )
    return module

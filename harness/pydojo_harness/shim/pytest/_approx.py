"""``pytest.approx``: tolerant comparison of numbers and containers of numbers.

Tolerance follows pytest: ``max(rel * |expected|, abs)`` with defaults
``rel=1e-6`` and ``abs=1e-12``; when only ``abs`` is given, only ``abs`` is used.
"""

import math
from collections.abc import Mapping
import sys
from numbers import Complex

from pydojo_harness.isolation.remote import Remote, local_value


class _NoDecimal:
    """Stands for Decimal while the decimal module is not imported: no value can be one then."""


def _decimal():
    """``decimal.Decimal`` once something imported it (a Decimal value can't exist before);
    not imported here at start, where it took 1 ms of every judge's start."""
    module = sys.modules.get("decimal")
    return module.Decimal if module is not None else _NoDecimal

__all__ = ["approx", "ApproxBase"]

_DEFAULT_REL = 1e-6
_DEFAULT_ABS = 1e-12


def _is_number(value):
    """Numbers approx can subtract; bools are deliberately excluded. A learner's object (in the
    judge, a proxy: see `local_value`) is a number only as a subclass of int, float or complex,
    compared through its built-in value: its own `__sub__` or `__abs__` never decides."""
    return type(value) is not Remote and isinstance(value, (Complex, _decimal())) and not isinstance(value, bool)


class ApproxBase:
    """Common behaviour: reflected ``==``, unhashable, no truth value."""

    __hash__ = None

    def __init__(self, expected, rel=None, abs=None, nan_ok=False):
        self.expected = expected
        self.rel = rel
        self.abs = abs
        self.nan_ok = nan_ok

    def _child(self, expected):
        """Wrap a nested value with the same tolerances."""
        return approx(expected, rel=self.rel, abs=self.abs, nan_ok=self.nan_ok)

    def __ne__(self, actual):
        return not self == actual

    def __bool__(self):
        # ``if approx(x):`` is almost certainly a mistake for ``== approx(x)``.
        raise AssertionError("approx() is not supported in a boolean context. Did you mean `assert a == approx(b)`?")


class ApproxScalar(ApproxBase):
    """A single expected value (numbers get a tolerance, others use ``==``)."""

    @property
    def tolerance(self):
        """The absolute difference allowed around ``expected``."""
        absolute = _DEFAULT_ABS if self.abs is None else self.abs
        if absolute < 0 or math.isnan(absolute):
            raise ValueError(f"absolute tolerance can't be negative or NaN: {absolute}")
        if self.rel is None and self.abs is not None:
            return absolute
        rel = _DEFAULT_REL if self.rel is None else self.rel
        if rel < 0 or math.isnan(rel):
            raise ValueError(f"relative tolerance can't be negative or NaN: {rel}")
        decimal = _decimal()
        if isinstance(self.expected, decimal):
            # Decimal refuses to mix with float arithmetic.
            absolute, rel = decimal(repr(absolute)), decimal(repr(rel))
        relative = rel * abs(self.expected)
        if relative != relative:  # nan
            return absolute
        return max(relative, absolute)

    def __eq__(self, actual):
        actual = local_value(actual)
        expected = self.expected
        if not _is_number(expected):
            return actual == expected
        if not _is_number(actual):
            return False
        if actual == expected:
            return True
        if self.nan_ok and _isnan(expected) and _isnan(actual):
            return True
        if _isinf(expected) or _isinf(actual):
            return False  # infinities are only equal to themselves
        try:
            return abs(expected - actual) <= self.tolerance
        except TypeError:  # e.g. Decimal against float
            return abs(complex(expected) - complex(actual)) <= float(self.tolerance)

    def __repr__(self):
        expected = self.expected
        if not _is_number(expected) or _isinf(expected) or _isnan(expected):
            return repr(expected)
        try:
            tolerance = self.tolerance
            shown = f"{tolerance:.1e}" if not _isinf(tolerance) else "inf"
        except (TypeError, ValueError):
            shown = "???"
        if isinstance(expected, complex):
            return f"{expected!r} ± {shown} ∠ ±180°"
        return f"{expected!r} ± {shown}"


def _isnan(value):
    try:
        return value != value
    except Exception:
        return False


def _isinf(value):
    try:
        if isinstance(value, complex):
            return math.isinf(value.real) or math.isinf(value.imag)
        return math.isinf(value)
    except (TypeError, ValueError, OverflowError):
        return False


class ApproxSequence(ApproxBase):
    """A list or tuple: same type and length, every element approximately equal."""

    def __eq__(self, actual):
        actual = local_value(actual)
        if not isinstance(actual, type(self.expected)) or len(actual) != len(self.expected):
            return False
        return all(self._child(e) == a for e, a in zip(self.expected, actual))

    def __repr__(self):
        items = [repr(self._child(e)) for e in self.expected]
        if isinstance(self.expected, tuple):
            inner = ", ".join(items) + ("," if len(items) == 1 else "")
            return f"approx(({inner}))"
        return f"approx([{', '.join(items)}])"


class ApproxMapping(ApproxBase):
    """A mapping: same keys, every value approximately equal."""

    def __eq__(self, actual):
        actual = local_value(actual)
        if not isinstance(actual, Mapping):
            return False
        try:
            if set(actual.keys()) != set(self.expected.keys()):
                return False
        except TypeError:  # unhashable keys cannot be compared as sets
            return False
        return all(self._child(value) == actual[key] for key, value in self.expected.items())

    def __repr__(self):
        items = [f"{key!r}: {self._child(value)!r}" for key, value in self.expected.items()]
        return f"approx({{{', '.join(items)}}})"


def approx(expected, rel=None, abs=None, nan_ok=False):
    """Wrap ``expected`` so that ``==`` allows a small numerical tolerance.

    Works for numbers (int, float, complex, Decimal, Fraction), lists, tuples and
    mappings of them (nested containers too). Non-numbers and bools compare with
    plain ``==``. Both ``approx(x) == y`` and ``y == approx(x)`` work.
    """
    if isinstance(expected, ApproxBase):
        return expected
    if isinstance(expected, Mapping):
        return ApproxMapping(expected, rel, abs, nan_ok)
    if isinstance(expected, (list, tuple)):
        return ApproxSequence(expected, rel, abs, nan_ok)
    return ApproxScalar(expected, rel, abs, nan_ok)

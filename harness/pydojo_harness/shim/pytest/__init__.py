"""A small stand-in for ``pytest``, enough for exercise test files.

PyDojo puts this package on ``sys.path`` so tests can ``import pytest``; it has
no runner. What it provides: ``raises``, ``warns``, ``deprecated_call``,
``approx``, ``mark``, ``param``, ``fixture``, ``skip``, ``fail``, ``xfail``,
``importorskip`` and their exception classes. See ``_outcomes`` for why
``Failed`` is an ``AssertionError`` while ``Skipped``/``XFailed`` are not
``Exception``s.
"""

from ._approx import approx
from ._marks import (
    FixtureDef,
    Mark,
    MarkDecorator,
    MarkGenerator,
    ParameterSet,
    fixture,
    get_marks,
    mark,
    param,
    fixture_params,
    parametrize_args,
)
from ._outcomes import Failed, OutcomeException, Skipped, XFailed, fail, importorskip, skip, xfail
from ._raises import ExceptionInfo, WarningsChecker, deprecated_call, raises, warns

__version__ = "0+pydojo"

__all__ = [
    "approx",
    "deprecated_call",
    "ExceptionInfo",
    "fail",
    "Failed",
    "fixture",
    "FixtureDef",
    "get_marks",
    "importorskip",
    "Mark",
    "mark",
    "MarkDecorator",
    "MarkGenerator",
    "OutcomeException",
    "param",
    "ParameterSet",
    "fixture_params",
    "parametrize_args",
    "raises",
    "skip",
    "Skipped",
    "warns",
    "WarningsChecker",
    "xfail",
    "XFailed",
]

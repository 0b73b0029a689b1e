"""Typed settings from environment variables: the type hints of a dataclass say how to read
each string."""
from __future__ import annotations  # hints are stored as text: read them with get_type_hints()

import types
import typing
from dataclasses import MISSING, dataclass, field, fields


# --- given: the settings of two services (leave them as they are) -------------------------------

@dataclass
class ServerSettings:
    database_url: str
    host: str = "127.0.0.1"
    port: int = 8080
    debug: bool = False
    timeout: float = 30.0
    allowed_hosts: list[str] = field(default_factory=list)
    log_file: str | None = None


@dataclass
class WorkerSettings:
    queue: str
    concurrency: int = 4
    retry_delays: list[int] = field(default_factory=lambda: [1, 5, 30])
    max_jobs: int | None = None
    dry_run: bool = False


@dataclass
class ExperimentSettings:
    name: str
    flags: dict[str, bool] = field(default_factory=dict)  # not a supported type


class SettingsError(ValueError):
    """Every problem found in the environment at once. `errors` maps each variable name to what
    is wrong with it, in the order of the dataclass fields."""

    def __init__(self, errors):
        self.errors = dict(errors)
        super().__init__("invalid settings: " + "; ".join(f"{name}: {problem}" for name, problem in self.errors.items()))


# --- yours -----------------------------------------------------------------------------------

_TRUE, _FALSE = {"true", "1"}, {"false", "0"}
_SCALARS = (str, int, float, bool)


def load_settings(cls, env, prefix=""):
    """Build a `cls` (a dataclass) from `env`, a dict of strings such as os.environ: field
    `port` comes from the variable prefix + "PORT"."""
    hints = typing.get_type_hints(cls)
    plans = []
    for f in fields(cls):  # a programming mistake is raised at once, before reading anything
        plans.append((f, _plan(f.name, hints[f.name])))

    values, errors = {}, {}
    for f, (kind, target) in plans:
        name = prefix + f.name.upper()
        if name not in env:
            if f.default is MISSING and f.default_factory is MISSING:
                errors[name] = "required"
            continue  # the dataclass fills in the default
        text = env[name].strip()
        try:
            values[f.name] = _convert(kind, target, text)
        except ValueError as error:
            errors[name] = str(error)
    if errors:
        raise SettingsError(errors)
    return cls(**values)


def _plan(name, hint):
    """("scalar", int), ("list", int) or ("optional", int) for a supported hint; TypeError otherwise."""
    if hint in _SCALARS:
        return "scalar", hint
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is list and len(args) == 1 and args[0] in _SCALARS:
        return "list", args[0]
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = args[0] if args[1] is type(None) else args[1]
        if inner in _SCALARS:
            return "optional", inner
    raise TypeError(f"field {name!r}: unsupported type {hint}")


def _convert(kind, target, text):
    if kind == "list":
        return [_scalar(target, item.strip()) for item in text.split(",") if item.strip()]
    if kind == "optional" and text == "":
        return None
    return _scalar(target, text)


def _scalar(target, text):
    if target is str:
        return text
    if target is bool:
        return bool(text)
    try:
        return target(text)
    except ValueError:
        expected = "an integer" if target is int else "a number"
        raise ValueError(f"expected {expected}, got {text!r}") from None

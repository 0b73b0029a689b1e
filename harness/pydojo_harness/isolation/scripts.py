"""Tests that run the learner's file as a program, as they would in one process.

A program that reads `input()` and prints is often tested by running it: `runpy.run_path(
"solution.py")` or `runpy.run_module("solution")` after patching `input`, `importlib.reload
(solution)`, or `subprocess.run([sys.executable, "solution.py"], input="5\\n", ...)`. In the
judge the learner's file is not there (it must never run in the judge, which holds the verdict's
descriptor), so each of these is done by the learner's process instead, where the file is: the
tests' patches have reached it (mirror.py), and what it prints is relayed to the test's output
as any of its output. `subprocess.run` is redirected only for a Python command that names a
file or module of the learner's; anything else runs as it would. A test's `doctest.testmod(
solution)` likewise runs the examples of the learner's docstrings in the learner's process.
"""
import os
import sys
import types

from .remote import Remote


def install(session):
    solution_dir = session.job["solution_dir"]
    modules = set(session.job.get("solution_modules", []))
    files = {m.replace(".", "/") + ".py": m for m in modules}

    def host(module):
        return session.remote_module(module)

    def learners_file(path):
        """The learner's file `path` names, as the learner's process sees it, or None."""
        if not isinstance(path, (str, os.PathLike)):
            return None
        text = os.fspath(path)
        if not isinstance(text, str):
            return None
        for relative in files:
            if text == relative or text.endswith("/" + relative) or os.path.basename(text) == relative:
                return os.path.join(solution_dir, relative)
        return None

    import importlib

    from . import mirror

    reload = importlib.reload
    originals = {}  # (module, name) -> the function wrapped, once its module is imported

    def reload_(module):
        if type(module).__name__ == "SolutionModule" or type(module) is Remote:
            name = getattr(module, "__name__", None)
            if name in modules:
                # Imported in this learner's process already: run it again; else import it
                # (the first run: the tests' `import` of it did not run it).
                if _loaded(session, name):
                    session.modules[name] = host("importlib").reload(session.modules[name])
                    return module
                host(name)
                return module
        return reload(module)

    def run_module_(mod_name, *args, **kwargs):
        if mod_name in modules:
            return host("runpy").run_module(mod_name, *args, **kwargs)
        return originals[("runpy", "run_module")](mod_name, *args, **kwargs)

    def run_path_(path_name, *args, **kwargs):
        there = learners_file(path_name)
        if there is not None:
            return host("runpy").run_path(there, *args, **kwargs)
        return originals[("runpy", "run_path")](path_name, *args, **kwargs)

    def run_(args, *rest, **kwargs):
        command = _learners_command(args, learners_file, modules)
        if command is not None:
            return host("subprocess").run(command, *rest, **kwargs)
        return originals[("subprocess", "run")](args, *rest, **kwargs)

    def testmod_(m=None, *args, **kwargs):
        name = getattr(m, "__name__", None) if type(m).__name__ == "SolutionModule" or type(m) is Remote else None
        if name in modules:
            # The learner's docstrings' examples run where the learner's module is; what a
            # failing example prints reaches the test's output as any of its output.
            if not _loaded(session, name):
                host(name)
            results = host("doctest").testmod(session.modules[name], *args, **kwargs)
            return sys.modules["doctest"].TestResults(int(results.failed), int(results.attempted))
        return originals[("doctest", "testmod")](m, *args, **kwargs)

    import builtins

    original_import = builtins.__import__

    def import_(name, globals=None, locals=None, fromlist=(), level=0):
        module = original_import(name, globals, locals, fromlist, level)
        if level == 0 and name in modules and not _loaded(session, name):
            # `import solution` runs the learner's module the first time, as in one process
            # (a program that reads input() is tested that way): the proxy alone would not.
            session.remote_module(name)
        return module

    def wrap(module, name, wrapper):
        original = getattr(module, name)
        if getattr(original, "_pydojo_script", False):
            return
        originals[(module.__name__, name)] = original
        wrapper.__name__, wrapper.__doc__, wrapper._pydojo_script = original.__name__, original.__doc__, True
        types.ModuleType.__setattr__(module, name, wrapper)  # the harness's, not a test's patch (mirror.py)

    wrap(builtins, "__import__", import_)
    wrap(importlib, "reload", reload_)
    # runpy and subprocess only once a test imports them (not imported for every grade).
    mirror.after_import("runpy", lambda m: (wrap(m, "run_module", run_module_), wrap(m, "run_path", run_path_)))
    mirror.after_import("subprocess", lambda m: wrap(m, "run", run_))
    mirror.after_import("doctest", lambda m: wrap(m, "testmod", testmod_))


def _loaded(session, name):
    """Whether this learner's process has imported the learner's module `name`."""
    cached = session.modules.get(name)
    return cached is not None and object.__getattribute__(cached, "_pd_gen") == session.gen


def _learners_command(args, learners_file, modules):
    """`[python, file-or--m-module, ...]` with the learner's file as the learner's process
    sees it, when `args` runs Python on a file or module of the learner's; else None."""
    if isinstance(args, (str, bytes)) or not isinstance(args, (list, tuple)) or len(args) < 2:
        return None
    program = args[0]
    if not isinstance(program, str):
        return None
    base = os.path.basename(program)
    if not (program == sys.executable or base == "python" or base.startswith("python3")):
        return None
    command = [sys.executable]
    found = False
    rest = list(args[1:])
    while rest:
        item = rest.pop(0)
        if not found and item == "-m" and rest and rest[0] in modules:
            command += ["-m", rest.pop(0)]
            found = True
            continue
        there = None if found else learners_file(item)
        if there is not None:
            command.append(there)
            found = True
        else:
            command.append(item)
    return command if found else None

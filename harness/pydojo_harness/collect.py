"""Finds the tests in loaded test modules, in file order, with Exercism's names.

Supports unittest.TestCase classes, pytest-style `test_*` functions and `Test*` classes,
`pytest.mark.parametrize` (stacked: cartesian product), and reads marks (skip, skipif, xfail,
task) from the function, its class and the module.
"""
import ast
import functools
import inspect
import itertools
import sys
import textwrap
import unittest


class TestItem:
    """One test to run: a unittest method, a pytest function or a pytest class method."""

    def __init__(self, name, kind, owner, func_name, lineno, test_code, marks, params=None):
        self.name = name
        self.kind = kind  # "unittest" | "function" | "method"
        self.owner = owner  # the module (function) or the class (unittest, method)
        self.func_name = func_name
        self.lineno = lineno
        self.test_code = test_code
        self.marks = marks
        self.params = params or {}
        self.task_id = _task_id(marks)
        self.hidden = False  # a test of a hidden file: its records say so (the judge sets it)
        self.fixture_params = {}  # fixture name -> its `request.param` for this test


def _shim_type(value, name):
    kind = type(value)
    return kind.__name__ == name and kind.__module__ == "pytest._marks"


def _marks_of(obj):
    """The marks on a test, its class or its module: the shim's own Mark objects (or the
    decorators holding one), known by their exact type. Anything else is ignored: until
    2026-12-07 marks were known by their `name`, and a module's `pytestmark` that a star import
    brought from the learner's code (a proxy of the learner's objects) answered "skip" for
    every test, which made a grade of skipped tests a pass."""
    marks = getattr(obj, "pytestmark", [])
    if type(marks) is not list:
        marks = list(marks) if type(marks) is tuple else [marks]
    found = []
    for mark in marks:
        if _shim_type(mark, "MarkDecorator"):
            mark = mark.mark
        if _shim_type(mark, "Mark"):
            found.append(mark)
    return found


def _task_id(marks):
    for mark in marks:
        if getattr(mark, "name", None) == "task":
            value = mark.kwargs.get("taskno", mark.args[0] if mark.args else None)
            if isinstance(value, int):
                return value
    return None


def _strip(name, prefix="", suffix=""):
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        name = name[len(prefix) :]
    if suffix and name.endswith(suffix) and len(name) > len(suffix):
        name = name[: -len(suffix)]
    return name


def _body_code(source_lines, node):
    """The test's body as text, dedented (Exercism's test_code)."""
    body = node.body
    if not body:
        return ""
    start = body[0].lineno
    end = node.end_lineno or body[-1].lineno
    # A decorator or comment line above the first statement is not part of the body.
    text = "".join(source_lines[start - 1 : end])
    return textwrap.dedent(text).strip("\n")


def _ast_index(source):
    """Maps 'func' and 'Class.method' to their AST nodes, plus the order of definitions."""
    tree = ast.parse(source)
    nodes = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            nodes[node.name] = node
        elif isinstance(node, ast.ClassDef):
            nodes[node.name] = node
            for child in node.body:
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    nodes[node.name + "." + child.name] = child
    return nodes


@functools.lru_cache(maxsize=32)
def _definitions(source):
    """(line, body text) of each 'func' and 'Class.method' of a test file, read from its source
    once: a long-lived interpreter (the browser's) collects the same test files on every Run,
    and parsing them again was about a tenth of a warm Run's harness time. Kept by source text
    (an edited file is read again); an isolated judge collects once and never hits it. Shared:
    callers only read it."""
    lines = source.splitlines(keepends=True)
    return {key: (node.lineno, _body_code(lines, node)) for key, node in _ast_index(source).items()}


def _fixture_def(value):
    """The fixture a name of a test module defines, or None. Only the shim's FixtureDef:
    unittest.mock's `call` or `ANY`, imported by the tests, answer any attribute. Never the
    learner's objects (a star or named import of the solution): not asked, as asking each one
    is an exchange with the learner's process."""
    if _learners(value):
        return None
    try:
        fdef = getattr(value, "_pydojo_fixture", None)
    except Exception:  # noqa: BLE001 - an object with a hostile __getattr__ defines none
        return None
    return fdef if _shim_type(fdef, "FixtureDef") else None


def conftest_modules(module):
    """The conftest.py modules of the tests that apply to `module`, outermost first: the
    folder's own and each parent's, as pytest finds them. Only the job's own test files (the
    judge imports nothing else by that name)."""
    import importlib
    import sys

    finder = next((f for f in sys.meta_path if type(f).__name__ == "TestSourceFinder"), None)
    parts = module.__name__.split(".")[:-1]
    found = []
    for depth in range(len(parts) + 1):
        name = ".".join(parts[:depth] + ["conftest"])
        if finder is not None and name in getattr(finder, "files", {}):
            found.append(importlib.import_module(name))
    return found


def fixture_defs(module):
    """{name: FixtureDef} of the fixtures a test module sees: its conftest.py files' (the
    nearer one winning), then its own."""
    defs = {}
    for source in conftest_modules(module) + [module]:
        for value in list(vars(source).values()):
            fdef = _fixture_def(value)
            if fdef is not None:
                defs[fdef.name] = fdef
    return defs


def _fixture_param_sets(func, defs, params):
    """[(id, {fixture: param})] for the parametrized fixtures (`@pytest.fixture(params=...)`)
    the test uses, directly or through other fixtures: one test per combination, as pytest."""
    if not any(fdef.params is not None for fdef in defs.values()):
        return [(None, {})]  # the usual case: nothing to look up
    import inspect

    used, seen = [], set()

    def visit(name):
        if name in seen or name in params or name not in defs:
            return
        seen.add(name)
        fdef = defs[name]
        try:
            names = list(inspect.signature(fdef.func).parameters)
        except (TypeError, ValueError):
            names = []
        for dep in names:
            visit(dep)
        if fdef.params is not None:
            used.append(fdef)

    try:
        wanted = list(inspect.signature(func).parameters)
    except (TypeError, ValueError):
        return [(None, {})]
    for name in wanted:
        visit(name)
    for fdef in defs.values():
        if fdef.autouse:
            visit(fdef.name)
    if not used:
        return [(None, {})]
    from pytest import fixture_params  # the harness's shim

    groups = [[(ident, {fdef.name: value}) for ident, value in fixture_params(fdef)] for fdef in used]
    combos = []
    for combo in itertools.product(*groups):
        chosen = {}
        for _, p in combo:
            chosen.update(p)
        combos.append(("-".join(c[0] for c in combo), chosen))
    return combos


def _expand_parametrize(marks):
    """Yields (id, params, extra_marks, indirect) for each combination of stacked parametrize
    marks: `indirect` holds the values of the names parametrize's `indirect=` (True, or a list
    of names) hands to the fixtures of those names as `request.param`, as pytest does.

    The cases and their ids come from the shim's `parametrize_args`, which names them as
    pytest does (`ids=` list or callable, `pytest.param(id=...)`, automatic ids)."""
    groups = []
    for mark in marks:
        if getattr(mark, "name", None) != "parametrize":
            continue
        from pytest import parametrize_args  # the harness's shim: the judge puts it on sys.path

        names, cases = parametrize_args(mark)
        indirect = mark.kwargs.get("indirect", False)
        through = set(names) if indirect is True else set(indirect) if isinstance(indirect, (list, tuple)) else set()
        groups.append([(case.id, dict(zip(names, case.values)), list(case.marks), through) for case in cases])
    if not groups:
        yield None, {}, [], {}
        return
    # pytest applies the decorator closest to the function first; marks list it first too.
    for combo in itertools.product(*groups):
        ident = "-".join(c[0] for c in combo)
        params, extra, indirect = {}, [], {}
        for _, p, m, through in combo:
            for name, value in p.items():
                (indirect if name in through else params)[name] = value
            extra.extend(m)
        yield ident, params, extra, indirect


def _is_test_function(name, obj):
    return name.startswith("test") and callable(obj) and not inspect.isclass(obj)


def _join_ids(*ids):
    present = [i for i in ids if i is not None]
    return "-".join(present) if present else None


def _learners(obj):
    """Whether `obj` is the learner's (a proxy of an object in the learner's process, as a star
    import of the solution brings them): never a test, however it is named or whatever module
    it claims. Tests are the test files' own functions and classes."""
    remote = sys.modules.get("pydojo_harness.isolation.remote")
    return remote is not None and type(obj) is remote.Remote


def collect_module(module, source):
    """Returns the TestItems of one module, ordered by their line in the file."""
    defs = _definitions(source)
    fixtures = fixture_defs(module)
    module_marks = _marks_of(module)
    items = []
    seen = set()
    for name, obj in list(vars(module).items()):
        if id(obj) in seen or _learners(obj):
            continue
        if inspect.isclass(obj) and getattr(obj, "__module__", None) == module.__name__:
            seen.add(id(obj))
            items.extend(_collect_class(obj, defs, module_marks, fixtures))
        elif _is_test_function(name, obj) and getattr(obj, "__module__", None) == module.__name__:
            seen.add(id(obj))
            lineno, code = defs.get(name) or (10**9, "")
            marks = _marks_of(obj) + module_marks
            base = _strip(name, prefix="test_")
            for ident, params, extra, indirect in _expand_parametrize(marks):
                for fixture_ident, fixture_params in _fixture_param_sets(obj, fixtures, {**params, **indirect}):
                    full = _join_ids(ident, fixture_ident)
                    item = TestItem(
                        base if full is None else f"{base}[{full}]",
                        "function",
                        module,
                        name,
                        lineno,
                        code,
                        marks + extra,
                        params,
                    )
                    item.fixture_params = {**fixture_params, **indirect}
                    items.append(item)
    items.sort(key=lambda item: item.lineno)
    return items


def _collect_class(cls, defs, module_marks, fixtures=None):
    is_unittest = issubclass(cls, unittest.TestCase)
    if not is_unittest and not cls.__name__.startswith("Test"):
        return []
    if not is_unittest and "__init__" in vars(cls):
        return []  # pytest skips Test classes with a constructor
    if is_unittest:
        method_names = unittest.TestLoader().getTestCaseNames(cls)
        display = _strip(cls.__name__, suffix="Test")
    else:
        method_names = [n for n in dir(cls) if n.startswith("test") and callable(getattr(cls, n))]
        display = _strip(_strip(cls.__name__, prefix="Test"), suffix="Test")
    class_marks = _marks_of(cls)
    items = []
    for method_name in method_names:
        method = getattr(cls, method_name)
        found = defs.get(f"{cls.__name__}.{method_name}")
        if found is None:
            # Inherited test: find it in a base class defined in the same file.
            for base in cls.__mro__[1:]:
                found = defs.get(f"{base.__name__}.{method_name}")
                if found is not None:
                    break
        marks = [m for m in _marks_of(method) if m not in class_marks] + class_marks + module_marks
        base_name = f"{display} > {_strip(method_name, prefix='test_')}"
        lineno, code = found or (10**9, "")
        if is_unittest:
            items.append(TestItem(base_name, "unittest", cls, method_name, lineno, code, marks))
            continue
        for ident, params, extra, indirect in _expand_parametrize(marks):
            for fixture_ident, fixture_params in _fixture_param_sets(method, fixtures or {}, {**params, **indirect}):
                full = _join_ids(ident, fixture_ident)
                name = base_name if full is None else f"{base_name}[{full}]"
                item = TestItem(name, "method", cls, method_name, lineno, code, marks + extra, params)
                item.fixture_params = {**fixture_params, **indirect}
                items.append(item)
    return items

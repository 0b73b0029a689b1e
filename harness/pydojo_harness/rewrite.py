"""Assert rewriting: compile test modules so failed asserts explain themselves.

``compile_test_module`` parses a test file, replaces every ``assert`` statement
with equivalent code that keeps the intermediate values, and compiles it. On
failure the AssertionError says what the values were, e.g.
``assert 'Hi' == 'Hello, World!'`` plus a hint where the strings differ.

The generated code evaluates every operand exactly once and in the original
order, keeps short-circuiting of ``and``/``or`` and chained comparisons, calls
``bool()`` on a value no more often than plain Python would, and evaluates the
assert message only on failure. Intermediate values live in temporaries whose
names (``@pd1``...) are not valid identifiers, so they cannot clash with test
code; they are deleted again when the assert passes.

The generated code calls helpers through one global, ``@pydojo_assert`` (not a
valid identifier, so test code cannot shadow it). The rewritten module sets it
itself in a first statement, placed after the docstring and ``__future__``
imports, that fetches the already-imported helper module; ``install_helpers``
does the same for callers that build namespaces by hand.
"""

import ast
import re

try:
    from . import assertmsg as _assertmsg
    from .assertgen import HELPER_NAME, AssertBuilder, constant, fusable_method, helper_call, load_name
except ImportError:  # imported as a top-level module (harness dir on sys.path)
    import assertmsg as _assertmsg
    from assertgen import HELPER_NAME, AssertBuilder, constant, fusable_method, helper_call, load_name

__all__ = ["HELPER_NAME", "compile_test_module", "rewrite_asserts", "install_helpers"]


def install_helpers(namespace):
    """Put the ``@pydojo_assert`` helper into ``namespace`` (a module's globals)."""
    namespace[HELPER_NAME] = _assertmsg
    return namespace


# Compiled test modules by (filename, source). An isolated judge grades once and never hits
# it; a long-lived in-process interpreter (the browser's) runs the same tests again on every
# Run, and rewriting them is most of a warm Run's time. Code objects are immutable.
_COMPILED = {}
_COMPILED_MAX = 32


def compile_test_module(source, filename):
    """Parse ``source``, rewrite its asserts and compile it to a module code object.

    Raises SyntaxError like ``compile`` for invalid source. The code binds the
    ``@pydojo_assert`` helper itself, so any fresh module namespace will do.
    The same source and filename give the same code object again (cached).
    """
    key = (filename, source)
    code = _COMPILED.get(key)
    if code is None:
        tree = ast.parse(source, filename)
        tree = rewrite_asserts(tree, source)
        code = compile(tree, filename, "exec", dont_inherit=True)
        if len(_COMPILED) >= _COMPILED_MAX:
            _COMPILED.clear()
        _COMPILED[key] = code
    return code


def rewrite_asserts(tree, source):
    """Rewrite all assert statements of ``tree`` (an ``ast.Module``) in place.

    When anything was rewritten, a statement binding ``@pydojo_assert`` is
    inserted before the first ordinary statement of the module.
    """
    rewriter = _Rewriter(source)
    rewriter.visit(tree)
    methods = _MethodCalls()
    methods.visit(tree)
    if rewriter.asserts or methods.calls:
        _insert_prologue(tree)
    ast.fix_missing_locations(tree)
    return tree


class _MethodCalls(ast.NodeTransformer):
    """Outside the asserts (which do the same themselves): `obj.name(args)` becomes
    `@pydojo_assert.method_of(obj, "name")(args)`. For the tests' own objects that is
    `getattr(obj, name)`, looked up before the arguments as before; for an object of the
    learner's process it makes lookup and call one exchange between the processes instead of
    two (`assertmsg.method_of`). Runs after the assert rewriting: its generated helper calls
    (on `@` names) are left as they are."""

    def __init__(self):
        self.calls = 0

    def visit_Call(self, node):
        self.generic_visit(node)
        func = node.func
        if not isinstance(func, ast.Attribute) or not fusable_method(func.attr):
            return node
        if isinstance(func.value, ast.Name) and func.value.id.startswith("@"):
            return node
        self.calls += 1
        node.func = ast.copy_location(helper_call("method_of", [func.value, constant(func.attr)]), func)
        return node


def _insert_prologue(tree):
    """Bind ``@pydojo_assert`` at the top of the module (after docstring/futures).

    It runs before any test code, so the builtin ``__import__`` it uses cannot
    have been replaced by the test module yet; the helper module is already in
    ``sys.modules``, so this is a dictionary lookup, not a real import.
    """
    body = tree.body
    position = 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        if isinstance(body[0].value.value, str):
            position = 1
    while position < len(body) and isinstance(body[position], ast.ImportFrom) and body[position].module == "__future__":
        position += 1
    fetch = ast.Call(
        func=load_name("__import__"),
        args=[constant(_assertmsg.__name__), constant(None), constant(None), constant(("UNSET",))],
        keywords=[],
    )
    bind = ast.Assign(targets=[ast.Name(id=HELPER_NAME, ctx=ast.Store())], value=fetch)
    anchor = body[position] if position < len(body) else (body[-1] if body else None)
    if anchor is not None:
        ast.copy_location(bind, anchor)
        bind.end_lineno, bind.end_col_offset = bind.lineno, bind.col_offset
    else:
        bind.lineno, bind.col_offset, bind.end_lineno, bind.end_col_offset = 1, 0, 1, 0
    body.insert(position, bind)


class _Rewriter(ast.NodeTransformer):
    """Walks the whole module; each assert is handed to an :class:`AssertBuilder`."""

    def __init__(self, source):
        self.source = source
        self.counter = 0
        self.asserts = 0
        # Split once: ast.get_source_segment re-splits the whole file per call.
        self.lines = re.split(r"\r\n|\r|\n", source)

    def visit_Assert(self, node):
        self.asserts += 1
        return AssertBuilder(self, node).build()

    def source_of(self, node):
        """Source text of ``node`` on one line (unparsed if it spans lines)."""
        text = None
        if getattr(node, "end_lineno", None) == node.lineno and node.lineno <= len(self.lines):
            # Column offsets count UTF-8 bytes, not characters.
            line = self.lines[node.lineno - 1].encode("utf-8")
            text = line[node.col_offset : node.end_col_offset].decode("utf-8", "replace")
        return text or ast.unparse(node)

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
import contextlib
import re

try:
    from . import assertmsg as _assertmsg
except ImportError:  # imported as a top-level module (harness dir on sys.path)
    import assertmsg as _assertmsg

__all__ = ["HELPER_NAME", "compile_test_module", "rewrite_asserts", "install_helpers"]

HELPER_NAME = "@pydojo_assert"
_TEMP_PREFIX = "@pd"

_OP_TEXT = {
    ast.Eq: "==",
    ast.NotEq: "!=",
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Is: "is",
    ast.IsNot: "is not",
    ast.In: "in",
    ast.NotIn: "not in",
}

# Expressions with their own scope or conditional evaluation are evaluated
# whole: pulling their parts out into statements would change their meaning.
_SHOWN_ATOMS = (ast.Attribute, ast.Subscript)


def install_helpers(namespace):
    """Put the ``@pydojo_assert`` helper into ``namespace`` (a module's globals)."""
    namespace[HELPER_NAME] = _assertmsg
    return namespace


def compile_test_module(source, filename):
    """Parse ``source``, rewrite its asserts and compile it to a module code object.

    Raises SyntaxError like ``compile`` for invalid source. Execute the result in
    a namespace prepared with :func:`install_helpers`.
    """
    tree = ast.parse(source, filename)
    tree = rewrite_asserts(tree, source)
    return compile(tree, filename, "exec", dont_inherit=True)


def rewrite_asserts(tree, source):
    """Rewrite all assert statements of ``tree`` (an ``ast.Module``) in place.

    When anything was rewritten, a statement binding ``@pydojo_assert`` is
    inserted before the first ordinary statement of the module.
    """
    rewriter = _Rewriter(source)
    rewriter.visit(tree)
    if rewriter.counter or rewriter.asserts:
        _insert_prologue(tree)
    ast.fix_missing_locations(tree)
    return tree


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
        func=_load("__import__"),
        args=[_const(_assertmsg.__name__), _const(None), _const(None), _const(("UNSET",))],
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


def _load(name):
    return ast.Name(id=name, ctx=ast.Load())


def _const(value):
    return ast.Constant(value=value)


class _Rewriter(ast.NodeTransformer):
    """Walks the whole module; each assert is handed to an :class:`_AssertBuilder`."""

    def __init__(self, source):
        self.source = source
        self.counter = 0
        self.asserts = 0
        # Split once: ast.get_source_segment re-splits the whole file per call.
        self.lines = re.split(r"\r\n|\r|\n", source)

    def visit_Assert(self, node):
        self.asserts += 1
        return _AssertBuilder(self, node).build()

    def source_of(self, node):
        """Source text of ``node`` on one line (unparsed if it spans lines)."""
        text = None
        if getattr(node, "end_lineno", None) == node.lineno and node.lineno <= len(self.lines):
            # Column offsets count UTF-8 bytes, not characters.
            line = self.lines[node.lineno - 1].encode("utf-8")
            text = line[node.col_offset : node.end_col_offset].decode("utf-8", "replace")
        return text or ast.unparse(node)


class _AssertBuilder:
    """Generates the statements replacing one assert statement."""

    def __init__(self, owner, node):
        self.owner = owner
        self.node = node
        self.body = []  # statement list currently being filled
        self.depth = 0  # >0 while inside a short-circuit branch
        self.temps = []
        self.conditional = []  # temps first assigned inside a branch
        self.meta = []  # (source text, nesting) per "where" entry
        self.slots = []  # expression giving each entry's value
        self.nesting = 0

    # -- small code-generation helpers ---------------------------------------

    def temp(self):
        self.owner.counter += 1
        name = f"{_TEMP_PREFIX}{self.owner.counter}"
        self.temps.append(name)
        if self.depth:
            self.conditional.append(name)
        return name

    def emit(self, stmt, location):
        self.body.append(ast.copy_location(stmt, location))

    def assign_to(self, name, value, location):
        self.emit(ast.Assign(targets=[ast.Name(id=name, ctx=ast.Store())], value=value), location)

    def hoist(self, value, location=None):
        """Evaluate ``value`` into a new temporary; return a Name loading it."""
        name = self.temp()
        self.assign_to(name, value, location or value)
        return _load(name)

    @contextlib.contextmanager
    def branch(self, test):
        """Emit ``if test:`` and direct the following statements into its body."""
        stmt = ast.If(test=test, body=[], orelse=[])
        self.emit(stmt, self.node)
        outer, self.body = self.body, stmt.body
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            self.body = outer
            if not stmt.body:
                stmt.body.append(ast.copy_location(ast.Pass(), self.node))

    def reserve(self, node):
        """Reserve a "where" entry for ``node`` (outer entries come first)."""
        self.meta.append((self.owner.source_of(node), self.nesting))
        self.slots.append(_const(None))
        return len(self.slots) - 1

    # -- expression evaluation ------------------------------------------------

    def value(self, node, show=True):
        """Emit code evaluating ``node``; return an expression for its value.

        ``show`` says whether a plain name may get a "where" line.
        """
        if isinstance(node, ast.Constant):
            return node
        if isinstance(node, ast.Name):
            result = self.hoist(node)
            if show:
                self.slots[self.reserve(node)] = result
            return _load(result.id)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.BoolOp):
            return self.boolop_value(node)
        if isinstance(node, ast.Compare):
            return self.compare_value(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.value(node.operand)
            return self.hoist(ast.copy_location(ast.UnaryOp(op=node.op, operand=operand), node))
        if isinstance(node, ast.BinOp):
            left = self.value(node.left)
            right = self.value(node.right)
            return self.hoist(ast.copy_location(ast.BinOp(left=left, op=node.op, right=right), node))
        if isinstance(node, ast.Attribute):
            index = self.reserve(node)
            self.nesting += 1
            base = self.value(node.value, show=False)
            self.nesting -= 1
            result = self.hoist(ast.copy_location(ast.Attribute(value=base, attr=node.attr, ctx=ast.Load()), node))
            self.slots[index] = result
            return _load(result.id)
        # Everything else (subscripts, lambdas, comprehensions, conditional
        # expressions, await, walrus, literals...) is evaluated whole.
        index = self.reserve(node) if isinstance(node, _SHOWN_ATOMS) else None
        result = self.hoist(node)
        if index is not None:
            self.slots[index] = result
        return _load(result.id)

    def call(self, node):
        index = self.reserve(node)
        self.nesting += 1
        func = node.func
        if isinstance(func, ast.Name):
            # Left in place: zero-argument super() and friends rely on the name.
            func = ast.Name(id=func.id, ctx=ast.Load())
            ast.copy_location(func, node.func)
        elif isinstance(func, ast.Attribute):
            # Look the method up before the arguments are evaluated, like Python.
            base = self.value(func.value, show=False)
            func = self.hoist(ast.copy_location(ast.Attribute(value=base, attr=func.attr, ctx=ast.Load()), func))
        else:
            func = self.value(func, show=False)
        args = []
        for arg in node.args:
            if isinstance(arg, ast.Starred):
                starred = ast.Starred(value=self.value(arg.value), ctx=ast.Load())
                args.append(ast.copy_location(starred, arg))
            else:
                args.append(self.value(arg))
        keywords = [
            ast.copy_location(ast.keyword(arg=kw.arg, value=self.value(kw.value)), kw) for kw in node.keywords
        ]
        self.nesting -= 1
        result = self.hoist(ast.copy_location(ast.Call(func=func, args=args, keywords=keywords), node))
        self.slots[index] = result
        return _load(result.id)

    def boolop_value(self, node):
        """``a and b`` in value context: the result is the last evaluated operand."""
        first = self.value(node.values[0])
        target = self.temp()
        self.assign_to(target, first, node)
        with contextlib.ExitStack() as stack:
            for operand in node.values[1:]:
                test = _load(target)
                if isinstance(node.op, ast.Or):
                    test = ast.UnaryOp(op=ast.Not(), operand=test)
                stack.enter_context(self.branch(test))
                self.assign_to(target, self.value(operand), node)
        return _load(target)

    def compare_value(self, node):
        """``a < b < c`` in value context, evaluating ``b`` once and short-circuiting."""
        target = self.temp()
        left = self.value(node.left)
        with contextlib.ExitStack() as stack:
            for position, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
                if position:
                    stack.enter_context(self.branch(_load(target)))
                right = self.value(comparator)
                compare = ast.Compare(left=left, ops=[op], comparators=[right])
                self.assign_to(target, ast.copy_location(compare, node), node)
                left = right
        return _load(target)

    def falsy(self, node, target):
        """Emit code setting ``target`` to the real bool ``not node``.

        Used for the assert's condition so that ``__bool__`` runs once per
        operand, as in plain Python, even for ``and``/``or``/``not`` chains.
        """
        if isinstance(node, ast.BoolOp):
            self.falsy(node.values[0], target)
            with contextlib.ExitStack() as stack:
                for operand in node.values[1:]:
                    test = _load(target)
                    if isinstance(node.op, ast.And):
                        test = ast.UnaryOp(op=ast.Not(), operand=test)
                    stack.enter_context(self.branch(test))
                    self.falsy(operand, target)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.temp()
            self.falsy(node.operand, inner)
            self.assign_to(target, ast.UnaryOp(op=ast.Not(), operand=_load(inner)), node)
        elif isinstance(node, ast.Compare) and len(node.ops) > 1:
            left = self.value(node.left)
            with contextlib.ExitStack() as stack:
                for position, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
                    if position:
                        stack.enter_context(self.branch(ast.UnaryOp(op=ast.Not(), operand=_load(target))))
                    right = self.value(comparator)
                    compare = ast.copy_location(ast.Compare(left=left, ops=[op], comparators=[right]), node)
                    self.assign_to(target, ast.UnaryOp(op=ast.Not(), operand=compare), node)
                    left = right
        else:
            self.assign_to(target, ast.UnaryOp(op=ast.Not(), operand=self.value(node)), node)

    # -- the statement ----------------------------------------------------------

    def helper(self, name, args):
        func = ast.Attribute(value=_load(HELPER_NAME), attr=name, ctx=ast.Load())
        return ast.Call(func=func, args=args, keywords=[])

    def message_args(self):
        meta = _const(tuple(self.meta))
        slots = ast.Tuple(elts=list(self.slots), ctx=ast.Load())
        if self.node.msg is None:
            return [meta, slots, _const(None), _const(False)]
        return [meta, slots, self.node.msg, _const(True)]

    def build(self):
        node = self.node
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            # Both sides are shown in the message, so plain names need no "where".
            left = self.value(test.left, show=False)
            right = self.value(test.comparators[0], show=False)
            op = test.ops[0]
            compare = ast.copy_location(ast.Compare(left=left, ops=[op], comparators=[right]), test)
            failed = ast.UnaryOp(op=ast.Not(), operand=compare)
            op_text = _const(_OP_TEXT[type(op)])
            args = [_copy_expr(left), op_text, _copy_expr(right)] + self.message_args()
            error = self.helper("compare_fail", args)
        else:
            target = self.temp()
            self.falsy(test, target)
            failed = _load(target)
            source = _const(self.owner.source_of(test))
            error = self.helper("generic_fail", [source] + self.message_args())
        with self.branch(failed):
            self.emit(ast.Raise(exc=error, cause=None), node)
        statements = self.body
        if self.conditional:
            # Short-circuited temporaries must exist for the message and the del.
            targets = [ast.Name(id=name, ctx=ast.Store()) for name in self.conditional]
            init = ast.Assign(targets=targets, value=ast.Attribute(value=_load(HELPER_NAME), attr="UNSET", ctx=ast.Load()))
            statements.insert(0, ast.copy_location(init, node))
        if self.temps:
            # Drop references so passing asserts do not keep values alive (and
            # do not leave names behind in class or module namespaces).
            delete = ast.Delete(targets=[ast.Name(id=name, ctx=ast.Del()) for name in self.temps])
            statements.append(ast.copy_location(delete, node))
        return statements


def _copy_expr(expr):
    """A fresh node for an operand expression (Names/Constants only)."""
    if isinstance(expr, ast.Name):
        return _load(expr.id)
    return expr

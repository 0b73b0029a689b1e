"""Code generation for one rewritten assert statement (used by ``rewrite``).

An :class:`AssertBuilder` turns ``assert test, msg`` into statements that store
intermediate values in temporaries, test them, and on failure raise the
AssertionError built by ``assertmsg`` (reached through the ``@pydojo_assert``
global). See ``rewrite`` for the guarantees the generated code keeps.
"""

import ast
import contextlib

__all__ = ["HELPER_NAME", "AssertBuilder", "load_name", "constant"]

HELPER_NAME = "@pydojo_assert"
# Temporaries are named "@pd1", "@pd2"...: not identifiers, so never user names.
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

# Expressions evaluated whole that still get a "where" line.
_SHOWN_ATOMS = (ast.Attribute, ast.Subscript)


def load_name(name):
    """A fresh ``Name`` node loading ``name`` (nodes are never shared)."""
    return ast.Name(id=name, ctx=ast.Load())


def constant(value):
    """A ``Constant`` node (``ast.Constant`` only: ``ast.Str``/``Num`` are gone in 3.12+)."""
    return ast.Constant(value=value)


def fusable_method(name):
    """A method name a call may look up through `method_of`: not a dunder (Python looks those
    up on the type) and not a private `__name` (the compiler mangles it inside a class)."""
    return not name.startswith("__")


def helper_call(name, args):
    """`@pydojo_assert.<name>(*args)`."""
    func = ast.Attribute(value=load_name(HELPER_NAME), attr=name, ctx=ast.Load())
    return ast.Call(func=func, args=args, keywords=[])


class AssertBuilder:
    """Generates the statements replacing one assert statement."""

    def __init__(self, owner, node):
        """``owner`` provides ``counter`` (temp numbering) and ``source_of(node)``."""
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
        return load_name(name)

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
        self.slots.append(constant(None))
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
            return load_name(result.id)
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
            return load_name(result.id)
        # Everything else (subscripts, lambdas, comprehensions, conditional
        # expressions, await, walrus, literals...) is evaluated whole.
        index = self.reserve(node) if isinstance(node, _SHOWN_ATOMS) else None
        result = self.hoist(node)
        if index is not None:
            self.slots[index] = result
        return load_name(result.id)

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
            if fusable_method(func.attr):
                lookup = helper_call("method_of", [base, constant(func.attr)])
            else:
                lookup = ast.Attribute(value=base, attr=func.attr, ctx=ast.Load())
            func = self.hoist(ast.copy_location(lookup, func))
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
        return load_name(result.id)

    def boolop_value(self, node):
        """``a and b`` in value context: the result is the last evaluated operand."""
        first = self.value(node.values[0])
        target = self.temp()
        self.assign_to(target, first, node)
        with contextlib.ExitStack() as stack:
            for operand in node.values[1:]:
                test = load_name(target)
                if isinstance(node.op, ast.Or):
                    test = ast.UnaryOp(op=ast.Not(), operand=test)
                stack.enter_context(self.branch(test))
                self.assign_to(target, self.value(operand), node)
        return load_name(target)

    def compare_value(self, node):
        """``a < b < c`` in value context, evaluating ``b`` once and short-circuiting."""
        target = self.temp()
        left = self.value(node.left)
        with contextlib.ExitStack() as stack:
            for position, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
                if position:
                    stack.enter_context(self.branch(load_name(target)))
                right = self.value(comparator)
                compare = ast.Compare(left=left, ops=[op], comparators=[right])
                self.assign_to(target, ast.copy_location(compare, node), node)
                left = right
        return load_name(target)

    def falsy(self, node, target):
        """Emit code setting ``target`` to the real bool ``not node``.

        Used for the assert's condition so that ``__bool__`` runs once per
        operand, as in plain Python, even for ``and``/``or``/``not`` chains.
        """
        if isinstance(node, ast.BoolOp):
            self.falsy(node.values[0], target)
            with contextlib.ExitStack() as stack:
                for operand in node.values[1:]:
                    test = load_name(target)
                    if isinstance(node.op, ast.And):
                        test = ast.UnaryOp(op=ast.Not(), operand=test)
                    stack.enter_context(self.branch(test))
                    self.falsy(operand, target)
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self.temp()
            self.falsy(node.operand, inner)
            self.assign_to(target, ast.UnaryOp(op=ast.Not(), operand=load_name(inner)), node)
        elif isinstance(node, ast.Compare) and len(node.ops) > 1:
            left = self.value(node.left)
            with contextlib.ExitStack() as stack:
                for position, (op, comparator) in enumerate(zip(node.ops, node.comparators)):
                    if position:
                        stack.enter_context(self.branch(ast.UnaryOp(op=ast.Not(), operand=load_name(target))))
                    right = self.value(comparator)
                    compare = ast.copy_location(ast.Compare(left=left, ops=[op], comparators=[right]), node)
                    self.assign_to(target, ast.UnaryOp(op=ast.Not(), operand=compare), node)
                    left = right
        else:
            self.assign_to(target, ast.UnaryOp(op=ast.Not(), operand=self.value(node)), node)

    # -- the statement ----------------------------------------------------------

    def helper(self, name, args):
        return helper_call(name, args)

    def message_args(self):
        meta = constant(tuple(self.meta))
        slots = ast.Tuple(elts=list(self.slots), ctx=ast.Load())
        if self.node.msg is None:
            return [meta, slots, constant(None), constant(False)]
        return [meta, slots, self.node.msg, constant(True)]

    def build(self):
        """Return the list of statements replacing the assert."""
        node = self.node
        test = node.test
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            # Both sides are shown in the message, so plain names need no "where".
            left = self.value(test.left, show=False)
            right = self.value(test.comparators[0], show=False)
            op = test.ops[0]
            compare = ast.copy_location(ast.Compare(left=left, ops=[op], comparators=[right]), test)
            failed = ast.UnaryOp(op=ast.Not(), operand=compare)
            op_text = constant(_OP_TEXT[type(op)])
            args = [_copy_expr(left), op_text, _copy_expr(right)] + self.message_args()
            error = self.helper("compare_fail", args)
        else:
            target = self.temp()
            self.falsy(test, target)
            failed = load_name(target)
            source = constant(self.owner.source_of(test))
            error = self.helper("generic_fail", [source] + self.message_args())
        with self.branch(failed):
            self.emit(ast.Raise(exc=error, cause=None), node)
        statements = self.body
        if self.conditional:
            # Short-circuited temporaries must exist for the message and the del.
            targets = [ast.Name(id=name, ctx=ast.Store()) for name in self.conditional]
            unset = ast.Attribute(value=load_name(HELPER_NAME), attr="UNSET", ctx=ast.Load())
            init = ast.Assign(targets=targets, value=unset)
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
        return load_name(expr.id)
    return expr

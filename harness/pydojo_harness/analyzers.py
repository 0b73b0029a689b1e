"""Reviewer comments: static checks of the learner's source with Python's `ast`.

The judge reads the learner's files as text and parses them; nothing is ever run. The same
code runs on 3.11 (sandbox) and 3.14 (Pyodide, the browser). Each comment has a stable `id`,
a `severity` (essential / actionable / informative, as Exercism's analyzers), a `message`, the
`file` and `line`, and optionally a `lesson` (a course lesson id). Comments never change a
verdict by themselves; a test opts in with `analyzers.assert_no_comments(...)`, and an
exercise adds its own checks with `analyzers.add_check(fn)` in its test file.
"""
import ast
import os

SEVERITIES = ("essential", "actionable", "informative")
MAX_SOURCE_BYTES = 256 * 1024
MAX_COMMENTS = 50

_state = {"comments": [], "custom": []}


class Comment(dict):
    """One reviewer comment (a dict, so it is the result's JSON as it is)."""


def _comment(check_id, severity, message, node, lesson=None):
    data = {"id": check_id, "severity": severity, "message": message, "line": getattr(node, "lineno", None)}
    if lesson:
        data["lesson"] = lesson
    return Comment(data)


# ---------------------------------------------------------------------------------------------
# Scope helpers


_LOOPS = (ast.For, ast.AsyncFor, ast.While)
_COMPS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


class _Index(dict):
    """child -> parent, plus every node by type: one walk of the tree for all the checks."""

    def __init__(self, tree):
        super().__init__()
        self.by_type = {}
        stack = [tree]
        while stack:
            node = stack.pop()
            self.by_type.setdefault(type(node), []).append(node)
            for child in ast.iter_child_nodes(node):
                self[child] = node
                stack.append(child)

    def of(self, *types):
        out = []
        for kind in types:
            out.extend(self.by_type.get(kind, ()))
        return out


def _parents(tree):
    return _Index(tree)


def _ancestors(node, parents):
    node = parents.get(node)
    while node is not None:
        yield node
        node = parents.get(node)


def _in_loop(node, parents):
    """Inside a loop (or a comprehension) of the same function."""
    child = node
    for anc in _ancestors(node, parents):
        if isinstance(anc, _FUNCS) or isinstance(anc, ast.ClassDef):
            return False
        if isinstance(anc, (ast.For, ast.AsyncFor)) and child is not anc.iter and child not in anc.orelse:
            return True
        if isinstance(anc, ast.While) and child not in anc.orelse:
            return True
        if isinstance(anc, _COMPS):
            return True
        child = anc
    return False


def _scope_of(node, parents):
    for anc in _ancestors(node, parents):
        if isinstance(anc, _FUNCS) or isinstance(anc, ast.Module):
            return anc
    return None


def _assigned_values(scope, name):
    """Every value assigned to `name` directly in `scope` (not in nested functions)."""
    found = []
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, _FUNCS) or isinstance(node, ast.ClassDef):
            continue
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name) and target.id == name:
                    found.append(node.value)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == name and node.value:
            found.append(node.value)
        elif isinstance(node, (ast.For, ast.AsyncFor)) and isinstance(node.target, ast.Name) and node.target.id == name:
            found.append(None)  # a loop variable: unknown
        stack.extend(ast.iter_child_nodes(node))
    return found


def _is_list_value(value):
    if isinstance(value, (ast.List, ast.ListComp)):
        return True
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("list", "sorted"):
        return True
    return False


def _is_str_value(value):
    if isinstance(value, ast.Constant) and isinstance(value.value, str):
        return True
    if isinstance(value, ast.JoinedStr):
        return True
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "str"


def _dotted(node):
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


# ---------------------------------------------------------------------------------------------
# The checks: each takes (tree, parents) and yields comments


def check_list_membership_in_loop(tree, parents):
    for node in parents.of(ast.Compare):
        for op, right in zip(node.ops, node.comparators):
            if not isinstance(op, (ast.In, ast.NotIn)) or not isinstance(right, ast.Name):
                continue
            if not _in_loop(node, parents):
                continue
            scope = _scope_of(node, parents)
            values = _assigned_values(scope, right.id) if scope is not None else []
            if values and all(v is not None and _is_list_value(v) for v in values):
                yield _comment(
                    "list-membership-in-loop",
                    "actionable",
                    f"`in {right.id}` inside a loop scans the list `{right.id}` from the start every time: "
                    "n items x n checks. Keep what you look up in a set (or a dict), where `in` is one step.",
                    node,
                    "python-backend/choosing-a-data-structure",
                )


def check_string_concat_in_loop(tree, parents):
    for node in parents.of(ast.AugAssign):
        if not (isinstance(node.op, ast.Add) and isinstance(node.target, ast.Name)):
            continue
        if not _in_loop(node, parents):
            continue
        scope = _scope_of(node, parents)
        values = _assigned_values(scope, node.target.id) if scope is not None else []
        if values and all(v is not None and _is_str_value(v) for v in values):
            yield _comment(
                "string-concat-in-loop",
                "informative",
                f"`{node.target.id} += ...` in a loop builds a new string each time (the old one is copied). "
                "Collect the pieces in a list and `''.join(pieces)` once at the end.",
                node,
                "python-backend/measuring-growth",
            )


def check_is_literal(tree, parents):
    for node in parents.of(ast.Compare):
        sides = [node.left] + list(node.comparators)
        for i, op in enumerate(node.ops):
            if not isinstance(op, (ast.Is, ast.IsNot)):
                continue
            for side in (sides[i], sides[i + 1]):
                literal = (
                    isinstance(side, ast.Constant) and side.value is not None and side.value is not Ellipsis
                    and not isinstance(side.value, bool)
                ) or isinstance(side, (ast.List, ast.Dict, ast.Set, ast.Tuple, ast.JoinedStr))
                if literal:
                    word = "is not" if isinstance(op, ast.IsNot) else "is"
                    yield _comment(
                        "is-literal",
                        "essential",
                        f"`{word}` checks whether two names are the same object, not equal values; with a "
                        f"literal its answer depends on how Python caches values. Use `{'!=' if word == 'is not' else '=='}`.",
                        node,
                        "python-backend/identity-and-equality",
                    )
                    break


def check_sort_result_used(tree, parents):
    for node in parents.of(ast.Call):
        if not (isinstance(node.func, ast.Attribute) and node.func.attr in ("sort", "reverse")):
            continue
        if node.args or any(k.arg not in ("key", "reverse") for k in node.keywords):
            continue  # not list.sort() / list.reverse()
        parent = parents.get(node)
        if isinstance(parent, ast.Expr) or isinstance(parent, ast.Await):
            continue
        name = node.func.attr
        yield _comment(
            "sort-result-used",
            "essential",
            f"`.{name}()` changes the list in place and returns None, so its result here is None. "
            f"Call it on its own line, or use `{'sorted' if name == 'sort' else 'reversed'}(...)`, which returns a new one.",
            node,
            "python-backend/comprehensions-and-sorting",
        )


def check_range_len_indexing(tree, parents):
    for node in parents.of(ast.For, ast.AsyncFor):
        if not isinstance(node.target, ast.Name):
            continue
        it = node.iter
        if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "range" and len(it.args) == 1):
            continue
        inner = it.args[0]
        if not (isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id == "len" and len(inner.args) == 1):
            continue
        seq = ast.dump(inner.args[0])
        index = node.target.id
        uses = [
            sub for stmt in node.body for sub in ast.walk(stmt)
            if isinstance(sub, ast.Subscript) and ast.dump(sub.value) == seq
            and isinstance(sub.slice, ast.Name) and sub.slice.id == index
        ]
        if not uses:
            continue
        # Only when every use of the index is x[i]: arithmetic on i (x[i + 1]) needs the index.
        names = [n for stmt in node.body for n in ast.walk(stmt) if isinstance(n, ast.Name) and n.id == index]
        if len(names) != len(uses):
            continue
        yield _comment(
            "range-len-indexing",
            "informative",
            f"`for {index} in range(len(...))` used only to read `...[{index}]`: loop over the items "
            "directly (`for item in items`), or `enumerate(items)` when you need the position too.",
            node,
            "python-backend/comprehensions-and-sorting",
        )


_BLOCKING = {"time.sleep", "open", "input", "socket.socket", "socket.create_connection", "urllib.request.urlopen",
             "urlopen", "subprocess.run", "subprocess.call", "subprocess.check_output", "os.system"}
_BLOCKING_PREFIXES = ("requests.",)


def check_blocking_in_async(tree, parents):
    if not parents.of(ast.AsyncFunctionDef):
        return
    for node in parents.of(ast.Call):
        name = _dotted(node.func)
        if name is None:
            continue
        if name not in _BLOCKING and not name.startswith(_BLOCKING_PREFIXES):
            continue
        owner = next((a for a in _ancestors(node, parents) if isinstance(a, _FUNCS)), None)
        if not isinstance(owner, ast.AsyncFunctionDef):
            continue
        if isinstance(parents.get(node), ast.Await):
            continue
        # Inside `await asyncio.to_thread(open, ...)` the name is not called here: not a Call.
        fix = "`await asyncio.sleep(...)`" if name == "time.sleep" else "an async library, or `await asyncio.to_thread(...)`"
        yield _comment(
            "blocking-call-in-async",
            "essential",
            f"`{name}(...)` blocks inside `async def {owner.name}`: while it waits, the event loop can't run "
            f"anything else. Use {fix}.",
            node,
            "python-backend/iterators-and-context-managers",
        )


def _is_built_sql(value):
    if isinstance(value, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in value.values)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Mod):
        return isinstance(value.left, (ast.Constant, ast.JoinedStr)) and isinstance(getattr(value.left, "value", ""), str)
    if isinstance(value, ast.BinOp) and isinstance(value.op, ast.Add):
        pieces = [value.left, value.right]
        has_str = any(isinstance(p, ast.Constant) and isinstance(p.value, str) for p in pieces) or any(
            _is_built_sql(p) for p in pieces if isinstance(p, ast.BinOp)
        )
        has_other = any(not (isinstance(p, ast.Constant)) for p in pieces)
        return has_str and has_other
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == "format":
        return isinstance(value.func.value, ast.Constant) and isinstance(value.func.value.value, str)
    return False


def check_sql_string_building(tree, parents):
    for node in parents.of(ast.Call):
        if not (isinstance(node.func, ast.Attribute)
                and node.func.attr in ("execute", "executemany", "executescript", "fetch", "fetchrow", "fetchval")):
            continue
        if not node.args:
            continue
        sql = node.args[0]
        built = _is_built_sql(sql)
        if not built and isinstance(sql, ast.Name):
            scope = _scope_of(node, parents)
            values = _assigned_values(scope, sql.id) if scope is not None else []
            built = any(v is not None and _is_built_sql(v) for v in values)
        if built and (len(node.args) > 1 or node.keywords):
            # The values go in the parameters; the text is assembled (placeholders for IN, WHERE
            # clauses joined with AND, a table picked from fixed names). Often right: say what
            # to check instead of calling it an injection.
            yield _comment(
                "sql-text-assembled",
                "informative",
                "this SQL text is assembled at run time while the values go in the parameters. That is safe "
                "only if nothing but fixed SQL goes into the string (column names, `?` placeholders, clauses "
                "you wrote): never a value that came from a request.",
                node,
            )
        elif built:
            yield _comment(
                "sql-string-formatting",
                "essential",
                "this SQL is built by putting values into the string (f-string, %, .format or +): a value with a "
                "quote in it changes the statement (SQL injection). Pass the values separately: "
                "`execute(\"... WHERE id = ?\", (user_id,))`.",
                node,
            )


def check_bare_except(tree, parents):
    for node in parents.of(ast.ExceptHandler):
        if node.type is None:
            yield _comment(
                "bare-except",
                "actionable",
                "a bare `except:` also catches KeyboardInterrupt, SystemExit and your own bugs (NameError, "
                "TypeError). Catch the exceptions you expect: `except ValueError:`.",
                node,
                "python-backend/functions-and-exceptions",
            )


def _mutable(value):
    if isinstance(value, (ast.List, ast.Dict, ast.Set, ast.ListComp, ast.DictComp, ast.SetComp)):
        return True
    return isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in (
        "list", "dict", "set", "bytearray", "defaultdict", "deque", "Counter", "OrderedDict")


def check_mutable_default(tree, parents):
    for node in parents.of(ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda):
        args = node.args
        defaults = list(args.defaults) + [d for d in args.kw_defaults if d is not None]
        for default in defaults:
            if _mutable(default):
                yield _comment(
                    "mutable-default",
                    "essential",
                    "a mutable default (`[]`, `{}`, `set()`) is made once, when the function is defined, and "
                    "shared by every call that doesn't pass the argument. Use `None` and create it inside: "
                    "`if items is None: items = []`.",
                    default,
                    "python-backend/functions-and-exceptions",
                )


def check_except_exception_pass(tree, parents):
    for node in parents.of(ast.ExceptHandler):
        if node.type is None:
            continue
        types = node.type.elts if isinstance(node.type, ast.Tuple) else [node.type]
        if not any(isinstance(t, ast.Name) and t.id in ("Exception", "BaseException") for t in types):
            continue
        silent = all(
            isinstance(s, ast.Pass) or isinstance(s, ast.Continue)
            or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))
            for s in node.body
        )
        if silent:
            yield _comment(
                "except-exception-pass",
                "actionable",
                "`except Exception: pass` hides every error, including your own bugs, and the program goes on "
                "with wrong data. Catch the specific exception you expect, and handle or log it.",
                node,
                "python-backend/functions-and-exceptions",
            )


CHECKS = [
    check_list_membership_in_loop,
    check_string_concat_in_loop,
    check_is_literal,
    check_sort_result_used,
    check_range_len_indexing,
    check_blocking_in_async,
    check_sql_string_building,
    check_bare_except,
    check_mutable_default,
    check_except_exception_pass,
]


# ---------------------------------------------------------------------------------------------
# Running the checks


def add_check(fn):
    """An exercise's own check, registered from its test file: fn(tree, source) yields (or
    returns) dicts with id, severity, message and line. Usable as a decorator."""
    _state["custom"].append(fn)
    return fn


def analyze_source(source, filename="solution.py", extra_checks=()):
    """Comments on one file's source. A file that does not parse gets none (the tests report
    the syntax error)."""
    try:
        tree = ast.parse(source, filename)
    except (SyntaxError, ValueError):
        return []
    parents = _parents(tree)
    out = []
    seen = set()
    for check in CHECKS:
        for comment in check(tree, parents):
            key = (comment["id"], comment["line"])
            if key not in seen:
                seen.add(key)
                out.append(comment)
    for check in extra_checks:
        try:
            found = list(check(tree, source) or [])
        except Exception as exc:  # noqa: BLE001 - an author's check must not break the grade
            found = [{"id": "check-failed", "severity": "informative",
                      "message": f"the exercise's check {getattr(check, '__name__', '?')} failed: {type(exc).__name__}: {exc}",
                      "line": None}]
        for item in found:
            out.append(_normalise(item))
    for comment in out:
        comment["file"] = filename
    out.sort(key=lambda c: (c.get("line") or 0, c["id"]))
    return out


def _normalise(item):
    if not isinstance(item, dict):
        raise TypeError("a check must yield dicts with id, severity, message and line")
    severity = item.get("severity", "informative")
    if severity not in SEVERITIES:
        severity = "informative"
    data = Comment(
        id=str(item.get("id", "custom"))[:80],
        severity=severity,
        message=str(item.get("message", ""))[:1000],
        line=item.get("line") if isinstance(item.get("line"), int) else None,
    )
    if item.get("lesson"):
        data["lesson"] = str(item["lesson"])[:200]
    return data


def _solution_files(job):
    """The learner's module files in the solution folder (read as text only)."""
    base = job.get("solution_dir")
    if not base or job.get("hidden_subject"):
        return []
    files = []
    for module in job.get("solution_modules", []):
        rel = module.replace(".", "/")
        for candidate in (rel + ".py", rel + "/__init__.py"):
            path = os.path.join(base, candidate)
            if os.path.isfile(path) and not os.path.islink(path):
                files.append((candidate, path))
                break
    return files


def _read_regular(path):
    """The bytes of a regular file of at most MAX_SOURCE_BYTES, or None. Never follows a
    symbolic link or blocks on a FIFO: the learner's code has run (in its own process) by the
    time the judge reads, and in the local runner it could have replaced its file."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_SOURCE_BYTES:
            return None
        chunks, size = [], 0
        while size <= MAX_SOURCE_BYTES:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return None if size > MAX_SOURCE_BYTES else b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def review_job(job):
    """The judge: comments on every solution file of the job, remembered for
    `assert_no_comments`, returned for the result's `comments`."""
    comments = []
    for rel, path in _solution_files(job):
        data = _read_regular(path)
        if data is None:
            continue
        comments.extend(analyze_source(data.decode("utf-8", "replace"), rel, _state["custom"]))
    comments = comments[:MAX_COMMENTS]
    _state["comments"] = comments
    _state["custom"] = []
    return [dict(c) for c in comments]


def comments():
    """The comments on this grade's solution (for tests that opt in to grading them)."""
    return [dict(c) for c in _state["comments"]]


def assert_no_comments(*severities, ids=None):
    """Fails the calling test when the review found comments of these severities (default:
    essential) or ids. How an exercise makes review comments part of its verdict."""
    severities = severities or ("essential",)
    found = [c for c in _state["comments"] if c["severity"] in severities and (ids is None or c["id"] in ids)]
    if found:
        lines = [f"line {c['line']}: {c['message']}" if c.get("line") else c["message"] for c in found]
        raise AssertionError("a reviewer would ask you to change this first:\n" + "\n".join(lines))

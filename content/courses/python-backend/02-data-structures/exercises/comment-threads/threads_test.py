import ast
import unittest

from pydojo_harness import analyzers
from threads import render, thread_depth, thread_score, thread_size

NO_FIX = (
    "raising the limit with sys.setrecursionlimit is no fix: every Python call also uses the C stack,"
    " so a deep enough chain crashes the whole process instead of raising RecursionError, and the"
    " next bot chain will be longer than your new limit. Loop with an explicit stack instead"
)


def _called_names(node):
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            name = getattr(call.func, "id", None) or getattr(call.func, "attr", None)
            if name:
                yield name


@analyzers.add_check
def depth_without_recursion(tree, source):
    functions = {fn.name: fn for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef))}
    for name in _called_names(tree):
        if name == "setrecursionlimit":
            yield {"id": "recursion-limit", "severity": "essential", "line": 1,
                   "message": "sys.setrecursionlimit(...) is called: " + NO_FIX}
            break
    depth = functions.get("thread_depth")
    if depth is None:
        return
    # thread_depth, or a function of the module it calls (directly or further down), calls itself
    seen, todo = set(), ["thread_depth"]
    while todo:
        name = todo.pop()
        if name in seen or name not in functions:
            continue
        seen.add(name)
        called = set(_called_names(functions[name]))
        if name in called:
            yield {"id": "recursive-depth", "severity": "essential", "line": functions[name].lineno,
                   "message": f"thread_depth must not be recursive ({name} calls itself): " + NO_FIX}
            return
        todo.extend(called)

EXAMPLE = {
    "c1": ["c2", "c5"],
    "c2": ["c3", "c4"],
    "c5": ["c6"],
    "c6": [],
}

# q
#   a1
#     a1r1
#       a1r1r1
#     a1r2
#   a2
#   a3
#     a3r1
#       a3r1r1
#       a3r1r2
#         a3r1r2r1
FORUM = {
    "q": ["a1", "a2", "a3"],
    "a1": ["a1r1", "a1r2"],
    "a1r1": ["a1r1r1"],
    "a2": [],
    "a3": ["a3r1"],
    "a3r1": ["a3r1r1", "a3r1r2"],
    "a3r1r2": ["a3r1r2r1"],
    "other": ["elsewhere"],  # another thread in the same dict
}

VOTES = {"q": 12, "a1": 4, "a1r1": -2, "a1r1r1": 7, "a2": 0, "a3": 3, "a3r1r2": -5, "a3r1r2r1": 1, "other": 100}


def chain(length, prefix="b"):
    """A thread where each comment is the only reply to the one before: b0 <- b1 <- ... """
    return {f"{prefix}{i}": [f"{prefix}{i + 1}"] for i in range(length - 1)}


class AaThreadDepthShapeTest(unittest.TestCase):
    # First, so it is reported even when a deep recursion crashes the interpreter later.
    def test_thread_depth_has_no_recursion_and_no_raised_limit(self):
        # The shape is part of the task: a recursive thread_depth that only survives 5,000 levels
        # because the limit was raised fails on the next, longer chain (or crashes the process).
        analyzers.assert_no_comments(ids=["recursion-limit", "recursive-depth"])


class ThreadSizeTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(thread_size(EXAMPLE, "c1"), 6)
        self.assertEqual(thread_size(EXAMPLE, "c5"), 2)

    def test_a_comment_without_replies(self):
        self.assertEqual(thread_size(EXAMPLE, "c6"), 1, "c6 maps to an empty list")
        self.assertEqual(thread_size(EXAMPLE, "c3"), 1, "c3 is not in the dict at all")

    def test_a_bigger_thread(self):
        self.assertEqual(thread_size(FORUM, "q"), 11)
        self.assertEqual(thread_size(FORUM, "a3"), 5)
        self.assertEqual(thread_size(FORUM, "a1"), 4)

    def test_a_thread_30_levels_deep(self):
        self.assertEqual(thread_size(chain(30), "b0"), 30)
        self.assertEqual(thread_size(chain(30), "b20"), 10)

    def test_many_replies_to_one_comment(self):
        replies = {"post": [f"r{i}" for i in range(200)]}
        self.assertEqual(thread_size(replies, "post"), 201)


class ThreadScoreTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(thread_score(EXAMPLE, {"c1": 10, "c2": -3, "c4": 5, "c6": 1}, "c1"), 13)

    def test_only_the_comments_of_the_thread_count(self):
        self.assertEqual(thread_score(FORUM, VOTES, "q"), 20)
        self.assertEqual(thread_score(FORUM, VOTES, "a3"), -1)

    def test_a_comment_without_votes_has_zero(self):
        self.assertEqual(thread_score(FORUM, VOTES, "a3r1r1"), 0)
        self.assertEqual(thread_score(EXAMPLE, {}, "c1"), 0)

    def test_a_comment_without_replies_has_its_own_votes(self):
        self.assertEqual(thread_score(FORUM, VOTES, "a1r1r1"), 7)

    def test_a_thread_30_levels_deep(self):
        votes = {f"b{i}": i for i in range(30)}
        self.assertEqual(thread_score(chain(30), votes, "b0"), sum(range(30)))


class RenderTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(render(EXAMPLE, "c1"), ["c1", "  c2", "    c3", "    c4", "  c5", "    c6"])

    def test_a_bigger_thread_in_reading_order(self):
        self.assertEqual(
            render(FORUM, "q"),
            [
                "q",
                "  a1",
                "    a1r1",
                "      a1r1r1",
                "    a1r2",
                "  a2",
                "  a3",
                "    a3r1",
                "      a3r1r1",
                "      a3r1r2",
                "        a3r1r2r1",
            ],
        )

    def test_indentation_starts_at_the_root_given(self):
        self.assertEqual(render(FORUM, "a3r1"), ["a3r1", "  a3r1r1", "  a3r1r2", "    a3r1r2r1"])

    def test_a_comment_without_replies(self):
        self.assertEqual(render(EXAMPLE, "c4"), ["c4"])

    def test_replies_keep_their_order(self):
        replies = {"p": ["z", "a", "m"], "a": ["y", "b"]}
        self.assertEqual(render(replies, "p"), ["p", "  z", "  a", "    y", "    b", "  m"])

    def test_a_thread_30_levels_deep(self):
        lines = render(chain(30), "b0")
        self.assertEqual(len(lines), 30)
        self.assertEqual(lines[-1], " " * 58 + "b29")


class ThreadDepthTest(unittest.TestCase):
    def test_the_example(self):
        self.assertEqual(thread_depth(EXAMPLE, "c1"), 3)

    def test_a_comment_without_replies_has_depth_1(self):
        message = "a comment with no replies is one level: depth 1 (count comments, not the links between them)"
        self.assertEqual(thread_depth(EXAMPLE, "c4"), 1, message)
        self.assertEqual(thread_depth(EXAMPLE, "c6"), 1, message)

    def test_the_deepest_branch_counts(self):
        self.assertEqual(thread_depth(FORUM, "q"), 5)
        self.assertEqual(thread_depth(FORUM, "a1"), 3)

    def test_the_deepest_branch_can_be_first(self):
        replies = {"p": ["deep", "flat"], "deep": ["d2"], "d2": ["d3"], "flat": []}
        self.assertEqual(thread_depth(replies, "p"), 4)

    def test_the_bot_chain_of_5000_comments(self):
        self.assertEqual(thread_depth(chain(5000), "b0"), 5000)

    def test_part_of_the_bot_chain(self):
        self.assertEqual(thread_depth(chain(5000), "b4000"), 1000)

    def test_a_chain_with_side_branches(self):
        replies = chain(5000)
        replies["b10"] = ["b11", "side1"]
        replies["side1"] = ["side2"]
        replies["b4998"] = ["b4999", "extra"]
        replies["extra"] = ["extra2"]
        self.assertEqual(thread_depth(replies, "b0"), 5001)

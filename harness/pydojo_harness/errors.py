"""Exceptions the harness raises inside tests to report a limit or a broken learner process.

They derive from BaseException so that `except Exception:` in test code cannot swallow them.
"""


class LimitExceeded(BaseException):
    """A limit ended the learner's work during a test (timeout, memory, output, crash)."""

    def __init__(self, limit, message):
        super().__init__(message)
        self.limit = limit
        self.message = message


class LearnerExit(BaseException):
    """The learner's code tried to end the process (sys.exit, os._exit, signals)."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def syntax_error_message(exc, shown_name):
    """`SyntaxError in file.py, line 3: ...` with the offending line and a caret."""
    lines = [f"{type(exc).__name__} in {shown_name}, line {exc.lineno}: {exc.msg}"]
    if exc.text:
        raw = exc.text.rstrip("\n")
        stripped = raw.lstrip()
        lines.append("    " + stripped)
        if exc.offset:
            lines.append("    " + " " * max(exc.offset - 1 - (len(raw) - len(stripped)), 0) + "^")
    return "\n".join(lines)

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

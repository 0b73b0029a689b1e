"""Bounded capture of a test's stdout: keeps the first bytes, counts the rest."""
import io


class BoundedWriter(io.TextIOBase):
    """A text stream that keeps at most `limit` characters and remembers it was cut."""

    def __init__(self, limit):
        super().__init__()
        self.limit = limit
        self.parts = []
        self.size = 0
        self.truncated = False

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        room = self.limit - self.size
        if room > 0:
            kept = text[:room]
            self.parts.append(kept)
            self.size += len(kept)
        if len(text) > max(room, 0):
            self.truncated = True
        return len(text)

    def getvalue(self):
        return "".join(self.parts)

    @property
    def encoding(self):
        return "utf-8"

    def isatty(self):
        return False


def clip_output(text, limit=500):
    """Exercism's per-test output: at most `limit` characters, truncation marked. The start and
    the end are kept (a fifth and four fifths): the end of a traceback names the exception."""
    if not text:
        return None
    if len(text) <= limit:
        return text
    head = limit // 5
    tail = limit - head
    marker = "\n[output truncated: {} of {} characters left out here; the first {} and the last {} are shown]\n".format(
        len(text) - limit, len(text), head, tail
    )
    return text[:head] + marker + text[-tail:]


def human_bytes(n):
    if n >= 1024 * 1024 and n % (1024 * 1024) == 0:
        return f"{n // (1024 * 1024)} MB"
    if n >= 1024 and n % 1024 == 0:
        return f"{n // 1024} KB"
    return f"{n} bytes"

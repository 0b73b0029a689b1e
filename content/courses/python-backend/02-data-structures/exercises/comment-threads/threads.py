def thread_size(replies, root):
    """How many comments the thread starting at root holds, root included."""
    raise NotImplementedError("1 for root, plus the size of each reply's thread")


def thread_score(replies, votes, root):
    """The sum of the votes (0 when missing) of every comment in the thread."""
    raise NotImplementedError("root's votes, plus the score of each reply's thread")


def render(replies, root):
    """The thread as lines, each id indented two spaces per level, in reading order."""
    raise NotImplementedError("the line for root, then the lines of each reply, one level deeper")


def thread_depth(replies, root):
    """How many levels the thread has (1 for a comment without replies). No recursion."""
    raise NotImplementedError("loop with a list of (comment, level) pairs used as a stack")

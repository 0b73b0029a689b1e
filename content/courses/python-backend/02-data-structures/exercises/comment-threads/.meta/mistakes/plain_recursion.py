def thread_size(replies, root):
    """How many comments the thread starting at root holds, root included."""
    return 1 + sum(thread_size(replies, child) for child in replies.get(root, []))


def thread_score(replies, votes, root):
    """The sum of the votes (0 when missing) of every comment in the thread."""
    return votes.get(root, 0) + sum(thread_score(replies, votes, child) for child in replies.get(root, []))


def render(replies, root, level=0):
    """The thread as lines, each id indented two spaces per level, in reading order."""
    lines = ["  " * level + root]
    for child in replies.get(root, []):
        lines.extend(render(replies, child, level + 1))
    return lines


def thread_depth(replies, root):
    """How many levels the thread has (1 for a comment without replies). No recursion."""
    return 1 + max((thread_depth(replies, child) for child in replies.get(root, [])), default=0)

import re

# A run of letters/digits (any alphabet, but not "_"), with apostrophes allowed only
# between two such characters.
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")


def count_words(text):
    """Return a dict mapping each lowercase word in `text` to how often it appears.

    Raise TypeError if `text` is not a str.
    """
    if not isinstance(text, str):
        raise TypeError(f"count_words() expected a str, got {type(text).__name__}")
    counts = {}
    for word in WORD.findall(text.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts

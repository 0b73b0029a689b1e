def count_words(text):
    """Return a dict mapping each lowercase word in `text` to how often it appears.

    Raise TypeError if `text` is not a str.
    """
    raise NotImplementedError("Write the body of count_words() and delete this line.")

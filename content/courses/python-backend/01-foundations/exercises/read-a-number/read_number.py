def to_number(text):
    """Return the int or float written in text; raise ValueError otherwise."""
    raise NotImplementedError("convert the text with int() or float()")


def ask_number(prompt, attempts=3):
    """Ask with input(prompt) until the answer is a number; None after `attempts` bad answers."""
    raise NotImplementedError("loop: ask, try to convert, retry on ValueError")

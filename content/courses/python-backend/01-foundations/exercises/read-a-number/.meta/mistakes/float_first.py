def to_number(text):
    """Return the int or float written in text; raise ValueError otherwise."""
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"not a number: {text!r}") from None


def ask_number(prompt, attempts=3):
    """Ask with input(prompt) until the answer is a number; None after `attempts` bad answers."""
    for _ in range(attempts):
        try:
            return to_number(input(prompt))
        except ValueError:
            print("Please type a number.")
    print("Giving up.")
    return None

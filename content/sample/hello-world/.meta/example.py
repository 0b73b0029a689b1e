def hello(name="World"):
    """Return a greeting for `name`, or for the whole world when no name is given."""
    name = name.strip()
    if not name:
        name = "World"
    return f"Hello, {name}!"

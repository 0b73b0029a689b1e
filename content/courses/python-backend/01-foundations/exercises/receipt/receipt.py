def parse_line(line, number):
    """Parse 'name, quantity, price' into (name, quantity, price); ValueError if the line is wrong."""
    raise NotImplementedError("split the line, validate and convert each field")


def receipt(text):
    """Parse every non-blank line; return {'items': [...], 'count': ..., 'total': ...}."""
    raise NotImplementedError("parse the lines and add them up")


def checkout(text):
    """One line for the shop assistant: "3 items, total 11.00", "no items" or "error: ..."."""
    raise NotImplementedError("call receipt() and turn a ValueError into an error line")

CAUSE = ""  # optional, not graded: in one sentence, why do 0, 0.0 and "" get replaced by the defaults?

DEFAULT_DISCOUNT = 0.1


def quantity_label(quantity):
    return str(quantity or "unknown")


def final_price(price, discount=None):
    return price * (1 - (discount or DEFAULT_DISCOUNT))


def greeting(name):
    return f"Hello, {name or 'stranger'}!"


def first_given(*values):
    for value in values:
        if value:
            return value
    return None

CAUSE = "The code used `value or default`, and `or` treats every falsy value such as 0, 0.0 or an empty string as missing, not just None."

DEFAULT_DISCOUNT = 0.1


def quantity_label(quantity):
    if quantity == 0:
        return "0"
    return str(quantity or "unknown")


def final_price(price, discount=None):
    if discount is None:
        discount = DEFAULT_DISCOUNT
    return price * (1 - discount)


def greeting(name):
    if name is None or not name.strip():
        return "Hello, stranger!"
    return f"Hello, {name.strip()}!"


def first_given(*values):
    for value in values:
        if value is not None:
            return value
    return None

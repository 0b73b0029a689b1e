"""Model fields that check every value assigned to them: descriptors, as in an ORM."""

NO_DEFAULT = object()


class Field:
    """A descriptor: one instance per attribute of a model class, shared by all its objects."""

    def __init__(self, *, default=NO_DEFAULT):
        self.default = default
        self.name = None

    def __set_name__(self, owner, name):
        # TODO: remember the attribute's name. Python calls this once for each field, when a
        # class like Product below is created (so it must not raise: the module would not load).
        pass

    def __get__(self, instance, owner=None):
        raise NotImplementedError("the field itself on the class; the object's value, or the default")

    def __set__(self, instance, value):
        raise NotImplementedError("validate, then store the value in this object, not in the field")

    def validate(self, value):
        """Return the value to store, or raise. Subclasses add their rules."""
        return value


class Integer(Field):
    def __init__(self, *, min_value=None, max_value=None, default=NO_DEFAULT):
        super().__init__(default=default)
        self.min_value = min_value
        self.max_value = max_value

    # TODO: validate


class Text(Field):
    def __init__(self, *, max_length=None, default=NO_DEFAULT):
        super().__init__(default=default)
        self.max_length = max_length

    # TODO: validate


class Choice(Field):
    def __init__(self, *choices, default=NO_DEFAULT):
        super().__init__(default=default)
        self.choices = choices

    # TODO: validate


# --- given: two models declared with your fields (leave them as they are) ------------------------

class Product:
    sku = Text(max_length=12)
    name = Text(max_length=40)
    price_cents = Integer(min_value=0)
    stock = Integer(min_value=0, default=0)

    def __init__(self, sku, name, price_cents):
        self.sku = sku
        self.name = name
        self.price_cents = price_cents


class Order:
    quantity = Integer(min_value=1, max_value=100)
    status = Choice("new", "paid", "shipped", default="new")

    def __init__(self, quantity):
        self.quantity = quantity


class Coupon:
    """No __init__: its fields are assigned one by one."""

    code = Text(max_length=20)
    percent_off = Integer(min_value=1, max_value=100)

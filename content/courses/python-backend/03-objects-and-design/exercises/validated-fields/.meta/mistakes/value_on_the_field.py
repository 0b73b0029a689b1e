"""Model fields that check every value assigned to them: descriptors, as in an ORM."""

NO_DEFAULT = object()


class Field:
    """A descriptor: one instance per attribute of a model class, shared by all its objects."""

    def __init__(self, *, default=NO_DEFAULT):
        self.default = default
        self.name = None

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:  # Product.price_cents: the field itself
            return self
        try:
            return self.value
        except AttributeError:
            if self.default is NO_DEFAULT:
                raise AttributeError(f"{self.name} has no value") from None
            return self.default

    def __set__(self, instance, value):
        # Stored in the object's own __dict__ under the field's name: one value per object. A data
        # descriptor (one with __set__) wins over the instance __dict__ on lookup, so reads still
        # come through __get__.
        self.value = self.validate(value)

    def validate(self, value):
        """Return the value to store, or raise. Subclasses add their rules."""
        return value


class Integer(Field):
    def __init__(self, *, min_value=None, max_value=None, default=NO_DEFAULT):
        super().__init__(default=default)
        self.min_value = min_value
        self.max_value = max_value

    def validate(self, value):
        if type(value) is not int:
            raise TypeError(f"{self.name}: expected int, got {type(value).__name__}")
        if self.min_value is not None and value < self.min_value:
            raise ValueError(f"{self.name}: must be at least {self.min_value}")
        if self.max_value is not None and value > self.max_value:
            raise ValueError(f"{self.name}: must be at most {self.max_value}")
        return value


class Text(Field):
    def __init__(self, *, max_length=None, default=NO_DEFAULT):
        super().__init__(default=default)
        self.max_length = max_length

    def validate(self, value):
        if type(value) is not str:
            raise TypeError(f"{self.name}: expected str, got {type(value).__name__}")
        if self.max_length is not None and len(value) > self.max_length:
            raise ValueError(f"{self.name}: must be at most {self.max_length} characters")
        return value


class Choice(Field):
    def __init__(self, *choices, default=NO_DEFAULT):
        super().__init__(default=default)
        self.choices = choices

    def validate(self, value):
        if value not in self.choices:
            listed = ", ".join(repr(choice) for choice in self.choices)
            raise ValueError(f"{self.name}: must be one of {listed}")
        return value


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

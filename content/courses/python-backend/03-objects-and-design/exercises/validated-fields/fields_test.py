import pytest

from fields import Choice, Coupon, Field, Integer, Order, Product, Text


def tea():
    return Product("T-1", "Green tea", 350)


# --- reading and writing --------------------------------------------------------------------

def test_a_product_keeps_its_values():
    product = tea()
    assert (product.sku, product.name, product.price_cents) == ("T-1", "Green tea", 350)


def test_a_valid_assignment_changes_the_value():
    product = tea()
    product.price_cents = 299
    product.stock = 12
    assert (product.price_cents, product.stock) == (299, 12)


def test_a_field_with_a_default_gives_it_until_assigned():
    assert tea().stock == 0
    assert Order(2).status == "new"


def test_a_field_without_a_default_and_without_a_value_raises_attribute_error():
    coupon = Coupon()
    with pytest.raises(AttributeError) as caught:
        coupon.percent_off
        pytest.fail("Coupon().percent_off was never assigned and has no default: it must raise AttributeError")
    assert "percent_off" in str(caught.value), f"the message must name the field, got {str(caught.value)!r}"
    coupon.percent_off = 15
    assert coupon.percent_off == 15


def test_every_object_has_its_own_values():
    tea_, cake = tea(), Product("C-9", "Cheesecake", 420)
    cake.stock = 3
    assert (tea_.sku, tea_.price_cents, tea_.stock) == ("T-1", 350, 0), (
        "a second Product changed the first one's values: the value must be stored in the object, "
        "not in the field (one field object is shared by every Product)"
    )
    assert (cake.sku, cake.price_cents, cake.stock) == ("C-9", 420, 3)


def test_two_fields_of_the_same_kind_do_not_share_values():
    product = tea()
    assert (product.sku, product.name) == ("T-1", "Green tea")


# --- the field itself -----------------------------------------------------------------------

def test_on_the_class_the_attribute_is_the_field():
    assert isinstance(Product.price_cents, Integer), "Product.price_cents (on the class) must return the field itself"
    assert isinstance(Product.sku, Text) and isinstance(Order.status, Choice)
    assert isinstance(Product.stock, Field)


def test_a_field_knows_its_name():
    assert [Product.sku.name, Product.name.name, Product.price_cents.name, Product.stock.name] == [
        "sku", "name", "price_cents", "stock"
    ], "__set_name__ tells each field the attribute name it was assigned to"
    assert (Order.quantity.name, Order.status.name) == ("quantity", "status")


# --- Integer --------------------------------------------------------------------------------

@pytest.mark.parametrize("value, kind", [("350", "str"), (3.5, "float"), (True, "bool"), (None, "NoneType")])
def test_integer_refuses_other_types(value, kind):
    product = tea()
    with pytest.raises(TypeError) as caught:
        product.price_cents = value
        pytest.fail(f"price_cents = {value!r} must raise TypeError")
    assert str(caught.value) == f"price_cents: expected int, got {kind}"
    assert product.price_cents == 350, "a refused assignment must keep the old value"


def test_integer_minimum():
    product = tea()
    product.price_cents = 0
    with pytest.raises(ValueError) as caught:
        product.price_cents = -1
    assert str(caught.value) == "price_cents: must be at least 0"
    assert product.price_cents == 0


def test_integer_maximum_and_minimum_of_another_field():
    order = Order(100)
    assert order.quantity == 100
    with pytest.raises(ValueError) as caught:
        order.quantity = 101
    assert str(caught.value) == "quantity: must be at most 100"
    with pytest.raises(ValueError) as caught:
        order.quantity = 0
    assert str(caught.value) == "quantity: must be at least 1", "Order.quantity has its own limits, 1 to 100"
    assert order.quantity == 100


def test_the_constructor_is_checked_too():
    with pytest.raises(ValueError):
        Product("T-1", "Tea", -5)
        pytest.fail("Product's __init__ assigns self.price_cents = -5: the field must refuse it")
    with pytest.raises(ValueError):
        Order(0)


# --- Text -----------------------------------------------------------------------------------

def test_text_maximum_length():
    product = tea()
    product.sku = "ABCDEFGHIJKL"   # 12 characters: fine
    with pytest.raises(ValueError) as caught:
        product.sku = "ABCDEFGHIJKLM"
    assert str(caught.value) == "sku: must be at most 12 characters"
    assert product.sku == "ABCDEFGHIJKL"


def test_text_limits_are_per_field():
    product = tea()
    product.name = "N" * 40
    with pytest.raises(ValueError) as caught:
        product.name = "N" * 41
    assert str(caught.value) == "name: must be at most 40 characters"


def test_text_refuses_other_types():
    with pytest.raises(TypeError) as caught:
        tea().name = 42
    assert str(caught.value) == "name: expected str, got int"


# --- Choice ---------------------------------------------------------------------------------

def test_choice_accepts_its_choices():
    order = Order(1)
    for status in ["paid", "shipped", "new"]:
        order.status = status
        assert order.status == status


@pytest.mark.parametrize("value", ["lost", "PAID", None, 1])
def test_choice_refuses_anything_else(value):
    order = Order(1)
    order.status = "paid"
    with pytest.raises(ValueError) as caught:
        order.status = value
    assert str(caught.value) == "status: must be one of 'new', 'paid', 'shipped'"
    assert order.status == "paid"


def test_orders_do_not_share_a_status():
    first, second = Order(1), Order(2)
    first.status = "shipped"
    assert (first.status, second.status) == ("shipped", "new")

import pytest

from pricing import price_order


def line(sku, unit_cents, quantity):
    return {"sku": sku, "unit_cents": unit_cents, "quantity": quantity}


def priced(subtotal, discount, shipping, tax, total):
    return {"subtotal": subtotal, "discount": discount, "shipping": shipping, "tax": tax, "total": total}


@pytest.fixture
def big_order():
    """Goods of 5200 cents: free shipping, unless a discount takes them below 5000."""
    return [line("desk", 5200, 1)]


def test_a_small_order_pays_shipping_and_tax():
    # 1200 + 499 shipping = 1699; 5 % is 84.95 -> 85
    assert price_order([line("mug", 1200, 1)]) == priced(1200, 0, 499, 85, 1784)


def test_several_lines_add_up():
    assert price_order([line("mug", 1200, 2), line("tea", 450, 3)])["subtotal"] == 3750


def test_bulk_discount_is_per_line():
    order = [line("pen", 100, 10), line("pad", 300, 9)]
    assert price_order(order)["discount"] == 100


def test_save10_applies_after_the_bulk_discount():
    # 10 x 1000 = 10000, bulk 1000 -> 9000, SAVE10 900
    assert price_order([line("chair", 1000, 10)], coupon="SAVE10")["discount"] == 1900


def test_free_shipping_counts_goods_after_discounts(big_order):
    result = price_order(big_order, coupon="FIVEOFF")
    assert result == priced(5200, 500, 499, 260, 5459)


def test_the_example_order():
    order = [line("mug", 1200, 2), line("tea", 450, 10)]
    assert price_order(order) == priced(6900, 450, 0, 323, 6773)

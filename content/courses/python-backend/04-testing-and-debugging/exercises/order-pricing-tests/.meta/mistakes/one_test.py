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

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


@pytest.mark.parametrize(
    "quantity, discount",
    [(9, 0), (10, 100), (11, 110)],
    ids=["9 units: no bulk discount", "exactly 10 units", "11 units"],
)
def test_bulk_discount_starts_at_ten_units(quantity, discount):
    assert price_order([line("pen", 100, quantity)])["discount"] == discount


def test_bulk_discount_is_per_line():
    order = [line("pen", 100, 10), line("pad", 300, 9)]
    assert price_order(order)["discount"] == 100


def test_save10_applies_after_the_bulk_discount():
    # 10 x 1000 = 10000, bulk 1000 -> 9000, SAVE10 900
    assert price_order([line("chair", 1000, 10)], coupon="SAVE10")["discount"] == 1900


def test_fiveoff_at_the_minimum():
    assert price_order([line("lamp", 2000, 1)], coupon="FIVEOFF")["discount"] == 500


def test_fiveoff_below_the_minimum_does_nothing():
    assert price_order([line("lamp", 1999, 1)], coupon="FIVEOFF")["discount"] == 0


def test_fiveoff_minimum_counts_goods_after_the_bulk_discount():
    # 10 x 210 = 2100, bulk 210 -> 1890: below 2000
    assert price_order([line("cup", 210, 10)], coupon="FIVEOFF")["discount"] == 210


def test_free_shipping_from_5000():
    assert price_order([line("rug", 5000, 1)])["shipping"] == 0
    assert price_order([line("rug", 4999, 1)])["shipping"] == 499


def test_free_shipping_counts_goods_after_discounts(big_order):
    result = price_order(big_order, coupon="FIVEOFF")
    assert result == priced(5200, 500, 499, 260, 5459)


def test_a_big_order_ships_free(big_order):
    assert price_order(big_order) == priced(5200, 0, 0, 260, 5460)


@pytest.mark.parametrize(
    "unit_cents, tax",
    [(3511, 201), (3531, 202), (3521, 201)],
    ids=["4010 with shipping: 200.5 rounds up", "4030: 201.5 rounds up", "4020: exact"],
)
def test_half_cents_of_tax_round_up(unit_cents, tax):
    assert price_order([line("lamp", unit_cents, 1)])["tax"] == tax


def test_half_cents_of_discount_round_up():
    # 15 x 67 = 1005; 10 % is 100.5 -> 101
    assert price_order([line("clip", 67, 15)])["discount"] == 101


def test_the_example_order():
    order = [line("mug", 1200, 2), line("tea", 450, 10)]
    assert price_order(order) == priced(6900, 450, 0, 323, 6773)


@pytest.mark.parametrize("quantity", [0, -1])
def test_a_quantity_below_one_is_refused(quantity):
    with pytest.raises(ValueError):
        price_order([line("mug", 1200, 1), line("tea", 450, quantity)])


def test_an_empty_order_is_refused():
    with pytest.raises(ValueError):
        price_order([])


def test_an_unknown_coupon_is_refused():
    with pytest.raises(ValueError, match="unknown coupon"):
        price_order([line("mug", 1200, 1)], coupon="FREEBIE")

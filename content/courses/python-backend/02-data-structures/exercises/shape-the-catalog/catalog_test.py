import pytest

from catalog import all_tags, in_stock_names, price_by_sku, sale_prices, skus_by_tag

EXAMPLE = [
    {"sku": "MUG-1", "name": "Mug", "price": 8.5, "stock": 3, "tags": ["kitchen", "gift"]},
    {"sku": "TEA-7", "name": "Green tea", "price": 4.0, "stock": 0, "tags": ["food"]},
    {"sku": "PEN-2", "name": "Pen", "price": 2.25, "stock": 40, "tags": ["office", "gift"]},
]

CATALOG = [
    {"sku": "LMP-3", "name": "Desk lamp", "price": 19.99, "stock": 1, "tags": ["office", "lighting"]},
    {"sku": "MUG-1", "name": "Mug", "price": 8.5, "stock": 3, "tags": ["kitchen", "gift"]},
    {"sku": "BAG-9", "name": "Tote bag", "price": 12.0, "stock": -2, "tags": []},
    {"sku": "TEA-7", "name": "Green tea", "price": 4.0, "stock": 0, "tags": ["food", "gift"]},
    {"sku": "PEN-2", "name": "Pen", "price": 2.25, "stock": 40, "tags": ["office", "gift"]},
    {"sku": "CUP-4", "name": "Cup", "price": 6.4, "stock": 12, "tags": ["kitchen"]},
]


def test_in_stock_names_example():
    assert in_stock_names(EXAMPLE) == ["Mug", "Pen"]


def test_in_stock_names_skips_zero_and_negative_stock():
    assert in_stock_names(CATALOG) == ["Desk lamp", "Mug", "Pen", "Cup"], (
        "only stock above 0 is in stock: a stock of 0 or below is not"
    )


def test_in_stock_names_of_an_empty_catalog():
    assert in_stock_names([]) == []


def test_price_by_sku():
    assert price_by_sku(EXAMPLE) == {"MUG-1": 8.5, "TEA-7": 4.0, "PEN-2": 2.25}
    assert price_by_sku(CATALOG) == {
        "LMP-3": 19.99, "MUG-1": 8.5, "BAG-9": 12.0, "TEA-7": 4.0, "PEN-2": 2.25, "CUP-4": 6.4,
    }


def test_all_tags():
    assert all_tags(EXAMPLE) == {"kitchen", "gift", "food", "office"}
    assert all_tags(CATALOG) == {"office", "lighting", "kitchen", "gift", "food"}


def test_all_tags_is_a_set():
    assert type(all_tags(EXAMPLE)) is set
    assert all_tags([]) == set()


def test_sale_prices_example():
    assert sale_prices(EXAMPLE, "gift", 20) == pytest.approx({"MUG-1": 6.8, "TEA-7": 4.0, "PEN-2": 1.8})


@pytest.mark.parametrize(
    "tag, percent, expected",
    [
        ("office", 15, {"LMP-3": 16.99, "MUG-1": 8.5, "BAG-9": 12.0, "TEA-7": 4.0, "PEN-2": 1.91, "CUP-4": 6.4}),
        ("kitchen", 50, {"LMP-3": 19.99, "MUG-1": 4.25, "BAG-9": 12.0, "TEA-7": 4.0, "PEN-2": 2.25, "CUP-4": 3.2}),
        ("toys", 30, {"LMP-3": 19.99, "MUG-1": 8.5, "BAG-9": 12.0, "TEA-7": 4.0, "PEN-2": 2.25, "CUP-4": 6.4}),
        ("gift", 0, {"LMP-3": 19.99, "MUG-1": 8.5, "BAG-9": 12.0, "TEA-7": 4.0, "PEN-2": 2.25, "CUP-4": 6.4}),
    ],
    ids=["15% off office", "50% off kitchen", "a tag nobody has", "0% off"],
)
def test_sale_prices_keeps_every_product(tag, percent, expected):
    assert sale_prices(CATALOG, tag, percent) == pytest.approx(expected)


def test_sale_prices_rounds_to_cents():
    # 19.99 * 0.85 = 16.9915 and 2.25 * 0.85 = 1.9125 before rounding
    prices = sale_prices(CATALOG, "office", 15)
    assert (prices["LMP-3"], prices["PEN-2"]) == (16.99, 1.91), "round each sale price to cents (2 decimals)"


def test_skus_by_tag_example():
    assert skus_by_tag(EXAMPLE) == {
        "kitchen": ["MUG-1"], "gift": ["MUG-1", "PEN-2"], "food": ["TEA-7"], "office": ["PEN-2"],
    }


def test_skus_by_tag_keeps_catalog_order():
    assert skus_by_tag(CATALOG) == {
        "office": ["LMP-3", "PEN-2"],
        "lighting": ["LMP-3"],
        "kitchen": ["MUG-1", "CUP-4"],
        "gift": ["MUG-1", "TEA-7", "PEN-2"],
        "food": ["TEA-7"],
    }


def test_skus_by_tag_of_an_empty_catalog():
    assert skus_by_tag([]) == {}


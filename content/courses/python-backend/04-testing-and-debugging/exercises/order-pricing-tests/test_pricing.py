from pricing import price_order


def test_prices_an_order():
    # Every broken copy passes this too: a total above 0 says almost nothing.
    result = price_order([{"sku": "mug", "unit_cents": 1200, "quantity": 1}])
    assert result["total"] > 0

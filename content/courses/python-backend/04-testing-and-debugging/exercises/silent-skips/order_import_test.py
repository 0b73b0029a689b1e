import pytest

from order_import import load_orders


def order(customer, product, quantity, cents):
    return {"customer": customer, "product": product, "quantity": quantity, "cents": cents}


def test_one_good_line():
    assert load_orders(["ada,apple,3"]) == ([order("ada", "apple", 3, 150)], 0)


def test_spaces_around_fields_are_ignored():
    assert load_orders(["  bo , fig ,2 "]) == ([order("bo", "fig", 2, 240)], 0)


def test_several_lines_keep_their_order():
    orders, skipped = load_orders(["ada,apple,3", "bo,pear,1", "ada,plum,10"])
    assert orders == [
        order("ada", "apple", 3, 150),
        order("bo", "pear", 1, 65),
        order("ada", "plum", 10, 300),
    ]
    assert skipped == 0


@pytest.mark.parametrize(
    "line",
    ["ada,apple", "ada,apple,3,express", "", "ada,apple,three", "ada,apple,2.5", "ada,apple,0", "ada,apple,-4"],
    ids=["two fields", "four fields", "empty line", "quantity in words", "fractional quantity",
         "zero quantity", "negative quantity"],
)
def test_a_malformed_line_is_skipped(line):
    assert load_orders([line]) == ([], 1), f"{line!r} is malformed: it must be skipped and counted"


def test_good_and_malformed_lines_mixed():
    lines = ["ada,apple,3", "garbage", "bo,pear,x", "cy,fig,1"]
    assert load_orders(lines) == ([order("ada", "apple", 3, 150), order("cy", "fig", 1, 120)], 2)


def test_an_unknown_product_stops_the_import():
    with pytest.raises(KeyError, match="kiwi"):
        load_orders(["ada,apple,3", "bo,kiwi,2"])

import pytest

from receipt import parse_line, receipt


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Tea, 2, 3.50", ("Tea", 2, 3.5)),
        ("  Green tea ,3,  1", ("Green tea", 3, 1.0)),
        ("Cake, , 4", ("Cake", 1, 4.0)),
        ("Cake,,4", ("Cake", 1, 4.0)),
        ("Refund, 0, 9.99", ("Refund", 0, 9.99)),
        ("Free sample, 1, 0", ("Free sample", 1, 0.0)),
    ],
)
def test_parse_line(line, expected):
    assert parse_line(line, 1) == expected


def test_parse_line_types():
    name, quantity, price = parse_line("Tea, 2, 3", 1)
    assert (type(name), type(quantity), type(price)) == (str, int, float)


@pytest.mark.parametrize(
    "line, message",
    [
        ("Tea, 2", "line 3: expected 'name, quantity, price'"),
        ("Tea, 2, 3, 4", "line 3: expected 'name, quantity, price'"),
        (" , 2, 3", "line 3: missing name"),
        ("Tea, two, 3", "line 3: bad quantity 'two'"),
        ("Tea, 2.5, 3", "line 3: bad quantity '2.5'"),
        ("Tea, -1, 3", "line 3: bad quantity '-1'"),
        ("Tea, 2, cheap", "line 3: bad price 'cheap'"),
        ("Tea, 2, -3", "line 3: bad price '-3'"),
        ("Tea, 2, ", "line 3: bad price ''"),
    ],
)
def test_parse_line_errors(line, message):
    with pytest.raises(ValueError) as excinfo:
        parse_line(line, 3)
    assert str(excinfo.value) == message


def test_receipt_totals():
    assert receipt("Tea, 2, 3.50\n\nCake, , 4\n") == {"items": [("Tea", 2, 3.5), ("Cake", 1, 4.0)], "count": 3, "total": 11.0}


def test_receipt_rounds_the_total():
    assert receipt("A, 3, 0.1\nB, 1, 0.2")["total"] == 0.5


def test_receipt_counts_cancelled_items_as_zero():
    assert receipt("Tea, 0, 3.50\nCake, 2, 1") == {"items": [("Tea", 0, 3.5), ("Cake", 2, 1.0)], "count": 2, "total": 2.0}


def test_empty_receipt():
    assert receipt("\n  \n") == {"items": [], "count": 0, "total": 0}


def test_receipt_reports_the_line_number_counting_blank_lines():
    with pytest.raises(ValueError) as excinfo:
        receipt("Tea, 2, 3\n\nCake, x, 4\n")
    assert str(excinfo.value) == "line 3: bad quantity 'x'"

import pytest

from tags import format_price, print_tags, price_tag


class TestFormatPrice:
    def test_returns_the_text(self, capsys):
        result = format_price(3.5)
        assert capsys.readouterr().out == "", "format_price should return the text, not print it"
        assert result == "3.50 EUR"

    @pytest.mark.parametrize(
        "args, kwargs, expected",
        [
            ((12,), {}, "12.00 EUR"),
            ((0.5, "USD"), {}, "0.50 USD"),
            ((1234, "JPY"), {"decimals": 0}, "1234 JPY"),
            ((2.345,), {"decimals": 1}, "2.3 EUR"),
            ((7,), {"currency": "CHF", "decimals": 3}, "7.000 CHF"),
            ((), {"amount": 9.99, "currency": "GBP"}, "9.99 GBP"),
        ],
        ids=["12", "0.5, 'USD'", "1234, 'JPY', decimals=0", "2.345, decimals=1",
             "7, currency='CHF', decimals=3", "amount=9.99, currency='GBP'"],
    )
    def test_defaults_and_keywords(self, args, kwargs, expected):
        assert format_price(*args, **kwargs) == expected


class TestPriceTag:
    def test_plain_tag(self):
        assert price_tag("Tea", 3.5) == "Tea: 3.50 EUR"

    def test_currency(self):
        assert price_tag("Cake", 4, currency="GBP") == "Cake: 4.00 GBP"

    def test_discount(self):
        assert price_tag("Tea", 3.5, discount=0.2) == "Tea: 2.80 EUR (was 3.50 EUR)"

    def test_discount_and_currency_in_any_order(self):
        expected = "Scarf: 15.00 USD (was 20.00 USD)"
        assert price_tag("Scarf", 20, discount=0.25, currency="USD") == expected
        assert price_tag("Scarf", 20, currency="USD", discount=0.25) == expected

    def test_zero_discount_is_a_plain_tag(self):
        assert price_tag("Tea", 3.5, discount=0) == "Tea: 3.50 EUR"

    def test_currency_and_discount_are_keyword_only(self):
        try:
            price_tag("Tea", 3.5, "USD")
        except TypeError:
            return
        pytest.fail('price_tag("Tea", 3.5, "USD") should raise TypeError: currency must be keyword-only (the * in the signature)')

    def test_prints_nothing(self, capsys):
        price_tag("Tea", 3.5, discount=0.1)
        assert capsys.readouterr().out == "", "price_tag should return the tag, not print it"


class TestPrintTags:
    def test_prints_one_line_per_item(self, capsys):
        count = print_tags([("Tea", 3.5), ("Cake", 4)], currency="GBP")
        assert capsys.readouterr().out == "Tea: 3.50 GBP\nCake: 4.00 GBP\n"
        assert count == 2

    def test_default_currency(self, capsys):
        assert print_tags([("Pen", 1.2)]) == 1
        assert capsys.readouterr().out == "Pen: 1.20 EUR\n"

    def test_no_items(self, capsys):
        assert print_tags([]) == 0
        assert capsys.readouterr().out == ""

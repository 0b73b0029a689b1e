import pytest

from rules import shipping_cost, should_retry, status_class


@pytest.mark.parametrize(
    "code, expected",
    [
        (100, "informational"),
        (199, "informational"),
        (200, "success"),
        (204, "success"),
        (299, "success"),
        (301, "redirect"),
        (399, "redirect"),
        (400, "client error"),
        (404, "client error"),
        (499, "client error"),
        (500, "server error"),
        (503, "server error"),
        (599, "server error"),
    ],
)
def test_status_class(code, expected):
    assert status_class(code) == expected


@pytest.mark.parametrize("code", [0, 99, 600, 999, -200])
def test_unknown_codes(code):
    assert status_class(code) == "unknown"


@pytest.mark.parametrize("code", [429, 502, 503, 504])
def test_retries_temporary_failures(code):
    assert should_retry(code, attempt=1) is True
    assert should_retry(code, attempt=2) is True


@pytest.mark.parametrize("code", [400, 401, 404, 500, 501, 200])
def test_does_not_retry_other_codes(code):
    assert should_retry(code, attempt=1) is False


def test_stops_after_max_attempts():
    assert should_retry(503, attempt=3) is False
    assert should_retry(503, attempt=4) is False


def test_max_attempts_can_be_changed():
    assert should_retry(429, attempt=4, max_attempts=5) is True
    assert should_retry(429, attempt=5, max_attempts=5) is False
    assert should_retry(429, attempt=1, max_attempts=1) is False


@pytest.mark.parametrize(
    "weight_kg, expected",
    [(0.5, 4.50), (2, 4.50), (2.01, 7.00), (10, 7.00), (10.5, 12.00), (30, 12.00)],
)
def test_domestic_prices(weight_kg, expected):
    assert shipping_cost(weight_kg) == pytest.approx(expected)


@pytest.mark.parametrize("weight_kg", [30.01, 31, 100])
def test_too_heavy(weight_kg):
    assert shipping_cost(weight_kg) is None
    assert shipping_cost(weight_kg, domestic=False, express=True) is None


@pytest.mark.parametrize("weight_kg, expected", [(1, 9.00), (5, 14.00), (25, 24.00)])
def test_abroad_costs_double(weight_kg, expected):
    assert shipping_cost(weight_kg, domestic=False) == pytest.approx(expected)


def test_express_adds_a_flat_fee():
    assert shipping_cost(1, express=True) == pytest.approx(9.50)
    assert shipping_cost(20, express=True) == pytest.approx(17.00)


def test_express_abroad_is_not_doubled():
    assert shipping_cost(2, domestic=False, express=True) == pytest.approx(14.00)
    assert shipping_cost(8, domestic=False, express=True) == pytest.approx(19.00)

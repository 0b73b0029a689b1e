from pydojo_harness import perf
from rates import Converter

RATES = {"USD": 0.92, "GBP": 1.17, "JPY": 0.0062}


def rates_service(table):
    """A counted fake of the rates service, reading the current rates from `table`."""
    counter = perf.Counter("calls")
    return perf.counting(lambda currency: table[currency], counter, "fetch_rate"), counter


def test_converts_to_euros():
    fetch, _ = rates_service(dict(RATES))
    converter = Converter(fetch)
    assert converter.to_euros(100, "USD") == 92.0
    assert converter.to_euros(10, "GBP") == 11.7
    assert converter.to_euros(5000, "JPY") == 31.0


def test_asks_the_service_once_per_currency():
    fetch, counter = rates_service(dict(RATES))
    converter = Converter(fetch)
    for amount in range(1, 31):
        for currency in RATES:
            converter.to_euros(amount, currency)
    asked = counter.calls.get("fetch_rate", 0)
    assert asked == 3, (
        f"90 conversions in 3 currencies asked for the rate {asked} times (3 expected): cache the "
        "rate by currency; a cache keyed by (amount, currency) misses for every new amount"
    )


def test_refresh_uses_the_new_rates():
    table = dict(RATES)
    fetch, counter = rates_service(table)
    converter = Converter(fetch)
    assert converter.to_euros(100, "USD") == 92.0
    table["USD"] = 0.95  # the rates service publishes a new rate
    assert converter.to_euros(100, "USD") == 92.0, "until refresh(), the cached rate is used"
    converter.refresh()
    assert converter.to_euros(100, "USD") == 95.0, (
        "after refresh() the converter must ask the service again and use the new rate (0.95): "
        "refresh() has to empty the cache"
    )
    assert counter.calls.get("fetch_rate", 0) == 2


def test_each_converter_has_its_own_cache():
    live, _ = rates_service({"USD": 0.92})
    test_desk, _ = rates_service({"USD": 1.0})
    first = Converter(live)
    second = Converter(test_desk)
    assert first.to_euros(10, "USD") == 9.2, (
        "a new converter gave a rate its own service never gave: each converter needs its own "
        "cache, not one shared by the whole program"
    )
    assert second.to_euros(10, "USD") == 10.0, (
        "another converter, with another rates service, gave the first one's rate: each converter "
        "needs its own cache, not one shared by the whole program"
    )
    assert first.to_euros(10, "USD") == 9.2

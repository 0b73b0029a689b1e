from prices import fetch_prices

CART = ["tea", "mug", "tea", "spoon", "kettle", "mug", "honey", "lemon", "sugar", "cups", "tray"]
DISTINCT = ["tea", "mug", "spoon", "kettle", "honey", "lemon", "sugar", "cups", "tray"]


def price(sku):
    return len(sku) * 100 + 99


def test_every_product_priced_in_order(concurrency):
    service = concurrency.slow_service(delay=1.0, results=price, release_at=3, expected=len(DISTINCT))
    prices = concurrency.run(fetch_prices, service, CART, 3)
    assert prices == {sku: price(sku) for sku in DISTINCT}
    assert list(prices) == DISTINCT, "the products in the order they first appear in the cart"


def test_each_product_is_asked_once(concurrency):
    service = concurrency.slow_service(delay=1.0, results=price, release_at=3, expected=len(DISTINCT))
    concurrency.run(fetch_prices, service, CART, 3)
    repeated = sorted({sku for sku in service.calls if service.calls.count(sku) > 1})
    assert repeated == [], (
        f"{repeated} were fetched more than once ({len(service.calls)} calls for {len(DISTINCT)} "
        "products): the cart repeats products; ask the service once per distinct product"
    )


def test_three_workers_at_once(concurrency):
    # Calls are held until 3 wait together: a pool of 3 is never timed.
    service = concurrency.slow_service(delay=1.0, results=price, release_at=3, expected=len(DISTINCT))
    concurrency.run(fetch_prices, service, CART, 3)
    service.assert_overlap(3, "run the calls on a pool of `workers` threads (concurrent.futures.ThreadPoolExecutor)")
    assert service.elapsed == 3.0, f"9 products, 3 at a time, 1 s each: 3.0 s, not {service.elapsed:g} s"


def test_never_more_than_the_workers(concurrency):
    # Calls are held until all of them wait together (or a short grace): extra threads show.
    service = concurrency.slow_service(delay=1.0, results=price, release_at=len(DISTINCT), grace=0.3)
    concurrency.run(fetch_prices, service, CART, 3)
    service.assert_at_most_in_flight(
        3, "the price service allows 3 connections per client: a pool of `workers` threads, not one thread per product"
    )


def test_an_empty_cart(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(fetch_prices, service, [], 4) == {}

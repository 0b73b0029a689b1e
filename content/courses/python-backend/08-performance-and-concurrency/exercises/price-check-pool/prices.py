from concurrent.futures import ThreadPoolExecutor


def fetch_prices(service, skus, workers):
    """{sku: service.fetch_sync(sku)} for every distinct sku, in the order of first appearance,
    with at most `workers` calls in flight at once."""
    prices = {}
    for sku in skus:
        prices[sku] = service.fetch_sync(sku)
    return prices

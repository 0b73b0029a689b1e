from concurrent.futures import ThreadPoolExecutor


def fetch_prices(service, skus, workers):
    """{sku: service.fetch_sync(sku)} for every distinct sku, in the order of first appearance,
    with at most `workers` calls in flight at once."""
    distinct = list(dict.fromkeys(skus))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        answers = pool.map(service.fetch_sync, distinct)
        return dict(zip(distinct, answers))

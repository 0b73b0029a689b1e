from concurrent.futures import ThreadPoolExecutor, as_completed


def fetch_prices(service, skus, workers):
    """{sku: service.fetch_sync(sku)} for every distinct sku, in the order of first appearance,
    with at most `workers` calls in flight at once."""
    order = []
    for sku in skus:
        if sku not in order:
            order.append(sku)
    found = {}
    with ThreadPoolExecutor(workers) as pool:
        futures = {pool.submit(service.fetch_sync, sku): sku for sku in order}
        for future in as_completed(futures):
            found[futures[future]] = future.result()
    return {sku: found[sku] for sku in order}

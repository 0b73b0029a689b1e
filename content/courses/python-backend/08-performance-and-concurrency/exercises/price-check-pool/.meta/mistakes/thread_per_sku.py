import threading


def fetch_prices(service, skus, workers):
    """{sku: service.fetch_sync(sku)} for every distinct sku, in the order of first appearance,
    with at most `workers` calls in flight at once."""
    distinct = list(dict.fromkeys(skus))
    found = {}

    def one(sku):
        found[sku] = service.fetch_sync(sku)

    threads = [threading.Thread(target=one, args=(sku,)) for sku in distinct]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {sku: found[sku] for sku in distinct}

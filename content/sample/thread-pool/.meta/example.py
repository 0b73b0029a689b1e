from concurrent.futures import ThreadPoolExecutor


def download_all(service, keys, workers):
    """The answers of service.fetch_sync for `keys`, in order, at most `workers` at a time."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(service.fetch_sync, keys))

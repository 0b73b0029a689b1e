def download_all(service, keys, workers):
    """The answers of service.fetch_sync for `keys`, in order, at most `workers` at a time."""
    return [service.fetch_sync(key) for key in keys]

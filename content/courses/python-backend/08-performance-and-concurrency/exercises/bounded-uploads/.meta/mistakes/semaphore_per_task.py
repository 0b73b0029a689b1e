import asyncio


async def upload_all(storage, files, limit):
    """The storage's receipts for `files`, in order: all uploads concurrent, but never more
    than `limit` in flight at once."""

    async def upload(name):
        async with asyncio.Semaphore(limit):
            return await storage.fetch(name)

    return list(await asyncio.gather(*(upload(name) for name in files)))

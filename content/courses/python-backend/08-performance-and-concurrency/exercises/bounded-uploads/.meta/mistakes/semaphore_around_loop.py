import asyncio


async def upload_all(storage, files, limit):
    """The storage's receipts for `files`, in order: all uploads concurrent, but never more
    than `limit` in flight at once."""
    slots = asyncio.Semaphore(limit)
    receipts = []
    for name in files:
        async with slots:
            receipts.append(await storage.fetch(name))
    return receipts

import asyncio


async def upload_all(storage, files, limit):
    """The storage's receipts for `files`, in order: all uploads concurrent, but never more
    than `limit` in flight at once."""
    receipts = [None] * len(files)
    queue = asyncio.Queue()
    for position, name in enumerate(files):
        queue.put_nowait((position, name))

    async def worker():
        while not queue.empty():
            position, name = queue.get_nowait()
            receipts[position] = await storage.fetch(name)

    await asyncio.gather(*(worker() for _ in range(min(limit, len(files)))))
    return receipts

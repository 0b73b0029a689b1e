import asyncio


async def upload_all(storage, files, limit):
    """The storage's receipts for `files`, in order: all uploads concurrent, but never more
    than `limit` in flight at once."""
    return list(await asyncio.gather(*(storage.fetch(name) for name in files)))

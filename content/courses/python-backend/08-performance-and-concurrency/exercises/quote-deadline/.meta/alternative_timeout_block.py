import asyncio


async def quote(primary, backup, key, timeout):
    """primary's answer for `key`; if it hasn't answered within `timeout` seconds, cancel that
    request and return backup's answer instead."""
    try:
        async with asyncio.timeout(timeout):
            answer = await primary.fetch(key)
    except TimeoutError:
        answer = await backup.fetch(key)
    return answer


async def quote_all(primary, backup, keys, timeout):
    """[quote(primary, backup, key, timeout) for each key], all at the same time, in order."""
    tasks = [asyncio.create_task(quote(primary, backup, key, timeout)) for key in keys]
    return [await task for task in tasks]

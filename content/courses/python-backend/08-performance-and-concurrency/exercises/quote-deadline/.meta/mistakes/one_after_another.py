import asyncio


async def quote(primary, backup, key, timeout):
    """primary's answer for `key`; if it hasn't answered within `timeout` seconds, cancel that
    request and return backup's answer instead."""
    try:
        return await asyncio.wait_for(primary.fetch(key), timeout)
    except asyncio.TimeoutError:
        return await backup.fetch(key)


async def quote_all(primary, backup, keys, timeout):
    """[quote(primary, backup, key, timeout) for each key], all at the same time, in order."""
    answers = []
    for key in keys:
        answers.append(await quote(primary, backup, key, timeout))
    return answers

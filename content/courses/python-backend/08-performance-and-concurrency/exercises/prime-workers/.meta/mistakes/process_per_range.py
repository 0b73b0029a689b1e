import os
from concurrent.futures import ProcessPoolExecutor


def is_prime(n):
    """True for a prime number (given)."""
    if n < 2:
        return False
    if n % 2 == 0:
        return n == 2
    divisor = 3
    while divisor * divisor <= n:
        if n % divisor == 0:
            return False
        divisor += 2
    return True


def main_pid():
    """The id of the process your code runs in (given)."""
    return os.getpid()

import multiprocessing


def count_range(bounds):
    """(number of primes p with start <= p < stop, id of the process that counted them)."""
    start, stop = bounds
    return sum(1 for n in range(start, stop) if is_prime(n)), os.getpid()


def _count_into(queue, index, bounds):
    queue.put((index, count_range(bounds)))


def count_primes(ranges, workers):
    """[count_range(r) for r in ranges], in order, computed on `workers` worker processes."""
    queue = multiprocessing.Queue()
    processes = [multiprocessing.Process(target=_count_into, args=(queue, i, b)) for i, b in enumerate(ranges)]
    for process in processes:
        process.start()
    results = dict(queue.get() for _ in processes)
    for process in processes:
        process.join()
    return [results[i] for i in range(len(ranges))]

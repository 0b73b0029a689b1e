from primes import count_primes, count_range, main_pid

RANGES = [(0, 2000), (2000, 4000), (4000, 6000), (6000, 8000), (8000, 10000), (10000, 12000)]
EXPECTED = [303, 247, 233, 224, 222, 209]


def test_count_range():
    count, _ = count_range((0, 100))
    assert count == 25, "there are 25 primes below 100"


def test_counts_every_range_in_order():
    results = count_primes(RANGES, 2)
    assert [count for count, _ in results] == EXPECTED, "one count per range, in the order of the ranges"


def test_the_counting_happens_in_worker_processes():
    results = count_primes(RANGES, 2)
    pids = {pid for _, pid in results}
    assert main_pid() not in pids, (
        "the ranges were counted in your main process: threads share one process and, for pure "
        "Python CPU work, one GIL, so they take turns instead of using more cores. Use a "
        "ProcessPoolExecutor"
    )


def test_no_more_processes_than_workers():
    results = count_primes(RANGES, 2)
    pids = {pid for _, pid in results}
    assert len(pids) <= 2, (
        f"{len(pids)} different processes counted 6 ranges with workers=2: start a pool of "
        "`workers` processes and let them share the ranges, not one process per range (each new "
        "process costs memory and start-up time)"
    )


def test_no_ranges():
    assert count_primes([], 2) == []

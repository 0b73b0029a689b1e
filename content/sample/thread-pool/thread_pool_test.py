from thread_pool import download_all

KEYS = [f"file-{i}" for i in range(10)]


def test_answers_in_order(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=4, expected=len(KEYS))
    assert concurrency.run(download_all, service, KEYS, 4) == [service.result(k) for k in KEYS]


def test_four_workers_at_once(concurrency):
    # Calls are held until 4 wait together: a pool of 4 is never timed.
    service = concurrency.slow_service(delay=1.0, release_at=4, expected=len(KEYS))
    concurrency.run(download_all, service, KEYS, 4)
    service.assert_overlap(4, "use a pool of `workers` threads, e.g. concurrent.futures.ThreadPoolExecutor")


def test_never_more_than_the_workers(concurrency):
    # Calls are held until all 10 wait together (or a short grace): more than 4 threads show.
    service = concurrency.slow_service(delay=1.0, release_at=len(KEYS), grace=0.3)
    concurrency.run(download_all, service, KEYS, 4)
    service.assert_at_most_in_flight(4, "a pool of `workers` threads, not one thread per key")


def test_one_worker(concurrency):
    service = concurrency.slow_service(delay=1.0, release_at=3, grace=0.3)
    assert concurrency.run(download_all, service, KEYS[:3], 1) == [service.result(k) for k in KEYS[:3]]
    service.assert_at_most_in_flight(1, "with workers=1 the calls run one after the other")

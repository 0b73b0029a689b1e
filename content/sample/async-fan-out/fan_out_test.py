from fan_out import fetch_all, fetch_limited

KEYS = [f"page-{i}" for i in range(10)]


def test_answers_in_order(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(fetch_all, service, KEYS) == [service.result(k) for k in KEYS]


def test_all_requests_overlap(concurrency):
    service = concurrency.slow_service(delay=1.0)
    concurrency.run(fetch_all, service, KEYS)
    service.assert_overlap(10)
    assert service.elapsed == 1.0


def test_no_keys(concurrency):
    service = concurrency.slow_service()
    assert concurrency.run(fetch_all, service, []) == []


def test_limited_answers_in_order(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(fetch_limited, service, KEYS, 3) == [service.result(k) for k in KEYS]


def test_limit_is_respected_and_used(concurrency):
    service = concurrency.slow_service(delay=1.0)
    concurrency.run(fetch_limited, service, KEYS, 3)
    service.assert_at_most_in_flight(3)
    service.assert_overlap(3)
    assert service.elapsed == 4.0

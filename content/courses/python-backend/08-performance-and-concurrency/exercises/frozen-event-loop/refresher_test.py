from refresher import refresh_all, refresh_one, warm_up

KEYS = [f"entry-{i}" for i in range(8)]


def test_refreshes_overlap(concurrency):
    # Calls are held until all 8 wait together: overlapping refreshes never wait on a clock.
    service = concurrency.slow_service(delay=1.0, release_at=len(KEYS))
    answers = concurrency.run(refresh_all, service, KEYS, 0)
    assert answers == [service.result(k) for k in KEYS]
    service.assert_overlap(len(KEYS), "the refreshes ran one at a time: each one waited for the previous one")
    assert service.elapsed == 1.0


def test_one_refresh(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(refresh_one, service, "entry-0", 0.01) == service.result("entry-0")


def test_refreshes_with_a_pause(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(refresh_all, service, KEYS[:3], 0.01) == [service.result(k) for k in KEYS[:3]]


def test_warm_up(concurrency):
    service = concurrency.slow_service(delay=1.0)
    assert concurrency.run(warm_up, service, "home-page") == service.result("home-page")

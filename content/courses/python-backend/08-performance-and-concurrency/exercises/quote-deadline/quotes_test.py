from quotes import quote, quote_all

KEYS = ["EUR", "GBP", "JPY", "CHF", "SEK"]
TIMEOUT = 0.5  # seconds; a stuck primary never answers, a healthy one answers at once


def backup_answer(key):
    return f"backup quote for {key}"


def test_a_healthy_primary_answers(concurrency):
    primary = concurrency.slow_service(delay=1.0, release_at=1)
    backup = concurrency.slow_service(delay=1.0, results=backup_answer)
    assert concurrency.run(quote, primary, backup, "EUR", TIMEOUT) == primary.result("EUR")
    assert backup.calls == [], "the primary answered in time: the backup must not be asked"


def test_a_stuck_primary_falls_back_to_the_backup(concurrency):
    primary = concurrency.slow_service(delay=1.0, steps=10**9)  # never answers
    backup = concurrency.slow_service(delay=1.0, results=backup_answer)
    assert concurrency.run(quote, primary, backup, "EUR", TIMEOUT) == backup_answer("EUR"), (
        "the primary never answers: after the timeout, the answer comes from the backup"
    )


def test_the_stuck_request_is_cancelled(concurrency):
    primary = concurrency.slow_service(delay=1.0, steps=10**9)
    backup = concurrency.slow_service(delay=1.0, results=backup_answer)
    concurrency.run(quote, primary, backup, "EUR", TIMEOUT)
    assert primary.cancelled == ["EUR"], (
        f"the primary's request is still running after the deadline (cancelled: {primary.cancelled}): "
        "a request you stopped waiting for keeps a connection and a task busy. Cancel it: "
        "asyncio.wait_for and asyncio.timeout do that for you, asyncio.wait does not"
    )


def test_all_quotes_at_once_from_a_healthy_primary(concurrency):
    # A healthy primary answers as soon as all the quotes are asked together.
    primary = concurrency.slow_service(delay=1.0, release_at=len(KEYS))
    backup = concurrency.slow_service(delay=1.0, results=backup_answer)
    assert concurrency.run(quote_all, primary, backup, KEYS, TIMEOUT) == [primary.result(k) for k in KEYS]
    primary.assert_overlap(len(KEYS))
    assert primary.elapsed == 1.0


def test_all_quotes_from_the_backup_at_once(concurrency):
    primary = concurrency.slow_service(delay=1.0, steps=10**9)
    backup = concurrency.slow_service(delay=1.0, results=backup_answer, release_at=len(KEYS))
    answers = concurrency.run(quote_all, primary, backup, KEYS, TIMEOUT)
    assert answers == [backup_answer(k) for k in KEYS]
    assert sorted(primary.cancelled) == sorted(KEYS), "every stuck request is cancelled"
    backup.assert_overlap(len(KEYS), "the deadlines run one after the other: start every quote first (asyncio.gather)")


def test_no_keys(concurrency):
    primary = concurrency.slow_service()
    backup = concurrency.slow_service()
    assert concurrency.run(quote_all, primary, backup, [], TIMEOUT) == []

from uploads import upload_all

FILES = [f"photo-{i:02d}.jpg" for i in range(10)]


def receipt(name):
    return f"stored:{name}"


def test_receipts_in_order(concurrency):
    storage = concurrency.slow_service(delay=1.0, results=receipt)
    assert concurrency.run(upload_all, storage, FILES, 4) == [receipt(name) for name in FILES]


def test_never_more_than_the_limit(concurrency):
    storage = concurrency.slow_service(delay=1.0, results=receipt)
    concurrency.run(upload_all, storage, FILES, 4)
    storage.assert_at_most_in_flight(
        4,
        "the storage service refuses a client with more than 4 uploads open. One asyncio.Semaphore(limit), "
        "shared by every upload, bounds them; a new semaphore per upload bounds nothing",
    )


def test_uses_the_whole_limit(concurrency):
    storage = concurrency.slow_service(delay=1.0, results=receipt)
    concurrency.run(upload_all, storage, FILES, 4)
    storage.assert_overlap(4, "start every upload, and let the semaphore hold back all but 4 of them")
    assert storage.elapsed == 3.0, (
        f"10 uploads of 1 s, 4 at a time, take 3 s (4 + 4 + 2); yours took {storage.elapsed:g} s"
    )


def test_a_limit_of_one(concurrency):
    storage = concurrency.slow_service(delay=1.0, results=receipt)
    assert concurrency.run(upload_all, storage, FILES[:3], 1) == [receipt(name) for name in FILES[:3]]
    storage.assert_at_most_in_flight(1)


def test_a_limit_above_the_number_of_files(concurrency):
    storage = concurrency.slow_service(delay=1.0, results=receipt)
    concurrency.run(upload_all, storage, FILES[:3], 50)
    storage.assert_overlap(3)


def test_nothing_to_upload(concurrency):
    storage = concurrency.slow_service(delay=1.0)
    assert concurrency.run(upload_all, storage, [], 4) == []

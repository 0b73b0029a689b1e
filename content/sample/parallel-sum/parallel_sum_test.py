import pytest

from parallel_sum import parallel_sum, split


@pytest.mark.parametrize(
    "numbers, parts, expected",
    [
        ([1, 2, 3, 4, 5, 6], 3, [[1, 2], [3, 4], [5, 6]]),
        ([1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5], [6, 7]]),
        ([1, 2, 3, 4, 5, 6, 7, 8], 3, [[1, 2, 3], [4, 5, 6], [7, 8]]),
        ([9, 8, 7], 1, [[9, 8, 7]]),
        ([1, 2], 3, [[1], [2], []]),
        ([], 2, [[], []]),
    ],
    ids=[
        "even split",
        "one extra item goes first",
        "two extra items go first",
        "one part",
        "more parts than numbers",
        "no numbers",
    ],
)
def test_split(numbers, parts, expected):
    assert split(numbers, parts) == expected


def test_split_keeps_every_number_in_order():
    numbers = list(range(100, 0, -3))
    chunks = split(numbers, 7)
    assert len(chunks) == 7
    assert [n for chunk in chunks for n in chunk] == numbers


@pytest.mark.parametrize("parts", [0, -2], ids=["zero parts", "negative parts"])
def test_split_rejects_fewer_than_one_part(parts):
    with pytest.raises(ValueError):
        split([1, 2, 3], parts)


def test_sums_a_short_list():
    total, _ = parallel_sum([1, 2, 3, 4, 5, 6, 7], workers=3)
    assert total == 28


def test_sums_a_long_list():
    total, _ = parallel_sum(list(range(1, 10_001)), workers=4)
    assert total == 50_005_000


def test_sums_floats():
    total, _ = parallel_sum([0.1] * 1000, workers=4)
    assert total == pytest.approx(100.0)


def test_sums_an_empty_list():
    total, _ = parallel_sum([], workers=2)
    assert total == 0


def test_uses_one_pool_thread_per_worker():
    _, thread_names = parallel_sum(list(range(100)), workers=4)
    assert sorted(thread_names) == ["summer_0", "summer_1", "summer_2", "summer_3"]


def test_eight_workers_means_eight_threads():
    total, thread_names = parallel_sum(list(range(1, 801)), workers=8)
    assert total == 320_400
    assert len(thread_names) == 8


def test_every_chunk_gets_a_thread_even_when_empty():
    total, thread_names = parallel_sum([5, 7], workers=3)
    assert total == 12
    assert len(thread_names) == 3


def test_the_main_thread_does_not_do_the_summing():
    _, thread_names = parallel_sum([1, 2, 3, 4], workers=2)
    assert "MainThread" not in thread_names
    assert all(name.startswith("summer") for name in thread_names)


def test_a_single_worker_uses_a_single_pool_thread():
    total, thread_names = parallel_sum([1.5, 2.5], workers=1)
    assert total == pytest.approx(4.0)
    assert thread_names == {"summer_0"}


def test_default_is_four_workers():
    _, thread_names = parallel_sum(list(range(10)))
    assert len(thread_names) == 4


@pytest.mark.parametrize("workers", [0, -1], ids=["zero workers", "negative workers"])
def test_rejects_fewer_than_one_worker(workers):
    with pytest.raises(ValueError):
        parallel_sum([1, 2, 3], workers=workers)

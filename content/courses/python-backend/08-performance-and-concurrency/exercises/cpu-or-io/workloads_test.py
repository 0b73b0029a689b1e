import pytest

from workloads import checksum_chunks, classify, measure, wait_for_reply


@pytest.mark.parametrize(
    "cpu, elapsed, expected",
    [(0.95, 1.0, "cpu"), (0.02, 1.0, "io"), (0.5, 1.0, "cpu"), (0.49, 1.0, "io"), (0.0, 0.0, "cpu")],
    ids=["busy all along", "mostly waiting", "exactly half", "just under half", "nothing at all"],
)
def test_classify(cpu, elapsed, expected):
    assert classify(cpu, elapsed) == expected, (
        f"{cpu} s of CPU in {elapsed} s elapsed is {expected!r}: 'cpu' from half of the elapsed time up"
    )


def test_measure_returns_the_result():
    result, cpu, elapsed = measure(checksum_chunks, 2)
    assert result == checksum_chunks(2), "measure(work, *args) returns what work(*args) returned"
    assert cpu >= 0 and elapsed >= 0


def test_passes_the_arguments():
    result, _, _ = measure(wait_for_reply, 0.01)
    assert result == "reply"


def test_waiting_takes_elapsed_time_but_no_cpu():
    _, cpu, elapsed = measure(wait_for_reply, 0.3)
    assert elapsed >= 0.29, (
        f"wait_for_reply(0.3) waits 0.3 s, but your elapsed time is {elapsed:.3f} s: the elapsed "
        "time must come from a wall clock (time.perf_counter), not from a CPU clock, which stops "
        "while the program waits"
    )
    assert cpu < 0.1, (
        f"waiting 0.3 s used {cpu:.3f} s of CPU by your measure: CPU time must come from a CPU "
        "clock (time.process_time), which does not run while the program waits; a wall clock "
        "for both makes every workload look CPU-bound"
    )
    assert classify(cpu, elapsed) == "io"


def test_hashing_keeps_the_cpu_busy():
    _, cpu, elapsed = measure(checksum_chunks, 40)
    assert cpu > 0, "hashing 40 blocks uses the CPU: your CPU time should be more than 0"
    # One thread can't use more CPU than the time that passed. (How much less depends on how
    # busy the machine is: that's why this test never asks for 'cpu' here.)
    assert cpu <= elapsed + 0.05, (
        f"{cpu:.3f} s of CPU in {elapsed:.3f} s elapsed: one thread cannot be busy longer than "
        "the time that passed. Are the two clocks read at the same moments?"
    )

from pydojo_harness import perf
from access_log import bytes_by_status

LIMIT = 256 * 1024
# The reference's peak on the big log, shown beside yours (stored by the author).
REFERENCE_PEAK = 22_600  # CPython 3.11; Pyodide buffers files in bigger blocks (~145 KB)
STATUSES = [200, 200, 200, 304, 404, 200, 500, 302]


def write_log(folder, lines):
    path = folder / "access.log"
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return str(path)


def test_the_example(tmp_path):
    path = write_log(tmp_path, ["GET /index.html 200 5120", "POST /login 302 0", "GET /missing 404 312"])
    assert bytes_by_status(path) == {200: 5120, 302: 0, 404: 312}


def test_adds_up_each_status(tmp_path):
    path = write_log(tmp_path, ["GET /a 200 10", "GET /b 200 15", "GET /c 500 1", "GET /d 500 2"])
    assert bytes_by_status(path) == {200: 25, 500: 3}


def test_blank_lines_are_skipped(tmp_path):
    path = write_log(tmp_path, ["", "GET /a 200 10", "   ", "GET /b 404 0", ""])
    assert bytes_by_status(path) == {200: 10, 404: 0}


def test_an_empty_log(tmp_path):
    assert bytes_by_status(write_log(tmp_path, [])) == {}


def test_streams_a_big_log(tmp_path):
    lines = [f"GET /page/{i % 977} {STATUSES[i % 8]} {(i * 131) % 20000}" for i in range(40_000)]
    path = write_log(tmp_path, lines)
    expected = {}
    for i in range(40_000):
        expected[STATUSES[i % 8]] = expected.get(STATUSES[i % 8], 0) + (i * 131) % 20000
    totals, peak = perf.peak_memory(bytes_by_status, path, label="bytes_by_status() on a 1 MB log", reference=REFERENCE_PEAK)
    assert totals == expected
    perf.assert_peak_memory_at_most(
        peak,
        LIMIT,
        what="bytes_by_status() on a 1 MB log",
        hint="Is the whole file read at once (read(), readlines(), list(handle))? Loop over the file object instead.",
    )

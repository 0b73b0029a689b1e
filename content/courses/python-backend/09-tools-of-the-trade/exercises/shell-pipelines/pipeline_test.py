import sys

import pytest

from pipeline import pipefail, run_pipeline

LOG = """\
2026-12-01 INFO started
2026-12-01 ERROR disk full
2026-12-01 WARNING slow request
2026-12-02 ERROR disk full
2026-12-02 ERROR timeout
"""


def test_one_command():
    assert run_pipeline([["sort"]], "pear\napple\n") == ("apple\npear\n", [0])


def test_three_commands_connected_by_pipes():
    output, statuses = run_pipeline([["grep", "ERROR"], ["cut", "-d", " ", "-f", "3-"], ["sort"]], LOG)
    assert output == "disk full\ndisk full\ntimeout\n", (
        "each program reads what the one before it wrote: grep ERROR | cut -d ' ' -f 3- | sort"
    )
    assert statuses == [0, 0, 0]


def test_every_status_is_kept():
    output, statuses = run_pipeline([["grep", "CRITICAL"], ["sort"]], LOG)
    assert (output, statuses) == ("", [1, 0]), (
        "grep exits with 1 when nothing matches; keep every program's status, in order,"
        " not only the last one's"
    )


def test_arguments_reach_the_program_untouched():
    tricky = "a | b; echo $HOME > out.txt `id` *"
    output, statuses = run_pipeline([["echo", tricky]])
    assert output == tricky + "\n", (
        "run the programs without a shell: with a list of arguments, `|`, `;`, `$`, `>`, backticks"
        " and `*` reach the program as plain text; a shell would run them"
    )


def test_a_program_that_does_not_exist_is_127():
    assert run_pipeline([["no-such-tool-pydojo"]]) == ("", [127]), (
        "a program that cannot be found has status 127, as in the shell"
    )
    assert run_pipeline([["no-such-tool-pydojo"], ["wc", "-l"]], "a\nb\n") == ("0\n", [127, 0]), (
        "the rest of the pipeline still runs, reading nothing"
    )


def test_killed_by_a_signal_is_128_plus_the_number():
    suicide = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGTERM)"]
    output, statuses = run_pipeline([suicide, ["cat"]])
    assert statuses == [143, 0], (
        "a program killed by signal 15 (SIGTERM) is reported as 128 + 15 = 143, as the shell"
        " does; Popen's returncode says -15"
    )


def test_a_lot_of_data():
    lines = "".join(f"line {n}\n" for n in range(50_000))
    output, statuses = run_pipeline([["cat"], ["wc", "-l"]], lines)
    assert (output.strip(), statuses) == ("50000", [0, 0])


@pytest.mark.parametrize(
    "statuses, expected",
    [([0], 0), ([0, 0, 0], 0), ([1, 0], 1), ([0, 2, 0, 3, 0], 3), ([141, 0], 141), ([5, 0, 0], 5)],
)
def test_pipefail(statuses, expected):
    assert pipefail(statuses) == expected, (
        "with `set -o pipefail` the pipeline fails with the rightmost non-zero status, so a"
        " failure early in the pipe is not hidden by a last command that succeeded"
    )

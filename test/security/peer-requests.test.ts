/**
 * What the learner's process may ask of the judge, and what a star import of the learner's
 * module may bring into a test module, run for real in the sandbox (with the fork server and
 * with a sandbox started per grade). The red team's review of 2026-12-07 passed wrong solutions
 * each way:
 *  - a string of the learner's sent as the target of `format`, with a test's object as its
 *    argument: `str.format` ran in the judge and followed `{0._secret}` (or
 *    `{0.__traceback__.tb_frame...}`) past every check of the policy;
 *  - a test's own `format`, handed to the learner's code as a callback, did the same;
 *  - StopIteration raised by a learner's `__bool__`, `__len__`, `__str__` or property ended the
 *    test's own `map()` early, as if every item had been checked;
 *  - `from solution import *` brought the learner's `pytestmark` (objects answering "skip"),
 *    and every test was skipped: a pass; and learner functions named `test_*` that claimed the
 *    test module as theirs were collected and run as tests (this one was already refused).
 * Each case asserts the secure outcome, and a last one that an honest star import still works.
 */
import { expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

/** The learner's way to the raw channel: the host's endpoint, found on the call stack. */
const ENDPOINT = `
import sys

def _endpoint():
    frame = sys._getframe()
    while frame is not None:
        candidate = frame.f_locals.get("self")
        if type(candidate).__name__ == "HostEndpoint":
            return candidate
        frame = frame.f_back
    raise RuntimeError("no endpoint")
`;

/** A test object with a private value, and a test that passes only if the learner reads it. */
const SECRET_TESTS = (call: string) => `
import uuid

from solution import guess


class Box:
    def __init__(self):
        self._secret = uuid.uuid4().hex


def test_the_secret_is_not_reachable():
    box = Box()
    assert ${call} == box._secret
`;

const passed = (r: GradeResult) => r.tests.filter((t) => t.status === "pass").length;

forEachSandbox("requests of the learner's process", (runner) => {
  it("a string of the learner's formatted in the judge with a test's object: refused", async () => {
    const solution = `${ENDPOINT}
def guess(box):
    endpoint = _endpoint()
    ref = endpoint.codec.encode(box)  # a reference to the judge's own object
    try:
        return endpoint.request(
            {"op": "callattr", "t": "{0._secret}", "n": "format", "a": {"$t": [ref]}, "k": {"$d": []}}
        )
    except Exception as exc:  # noqa: BLE001
        return f"refused: {exc}"
`;
    const result = await runner().grade(oneFileJob(solution, SECRET_TESTS("guess(box)")));
    expect(result.status).not.toBe("pass");
    expect(passed(result)).toBe(0);
  });

  it("a test's own format method, handed over as a callback, cannot look into its objects", async () => {
    const solution = `
def guess(box, render):
    try:
        return render(box)
    except Exception as exc:  # noqa: BLE001
        return f"refused: {exc}"
`;
    const result = await runner().grade(
      oneFileJob(solution, SECRET_TESTS('guess(box, "{0._secret}".format)')),
    );
    expect(result.status).toBe("fail");
    expect(result.tests[0]!.status).toBe("fail");
    expect(result.tests[0]!.message).toContain("refused");
    expect(result.tests[0]!.message).toContain("format string");
  });

  it("a plain format callback still formats values", async () => {
    const solution = `
def guess(box, render):
    return render(box.__class__.__name__ if False else "ok")
`;
    const tests = `
from solution import guess


def test_formats():
    assert guess(object(), "<{}>".format) == "<ok>"
    assert guess(object(), "{0:>4}".format) == "  ok"
`;
    const result = await runner().grade(oneFileJob(solution, tests));
    expect(result.status).toBe("pass");
  });

  it("a star import does not bring the learner's pytestmark: the tests are not skipped", async () => {
    const solution = `
class _Mark:
    name = "skip"
    args = ("skipped",)
    kwargs = {"reason": "nothing to see here"}


pytestmark = [_Mark()]


def is_leap_year(year):
    return True
`;
    const tests = `
from solution import *


def test_an_ordinary_year_is_not_leap():
    assert is_leap_year(2015) is False


def test_a_century_is_not_leap():
    assert is_leap_year(1900) is False
`;
    const result = await runner().grade(oneFileJob(solution, tests));
    expect(result.status).toBe("fail");
    expect(result.tests.map((t) => t.status)).toEqual(["fail", "fail"]);
  });

  it("a grade whose tests were all skipped is an error, not a pass", async () => {
    const tests = `
import pytest

from solution import is_leap_year


@pytest.mark.skip(reason="later")
def test_a_century_is_not_leap():
    assert is_leap_year(1900) is False


@pytest.mark.skipif(True, reason="later")
def test_an_ordinary_year_is_not_leap():
    assert is_leap_year(2015) is False
`;
    const result = await runner().grade(
      oneFileJob("def is_leap_year(year):\n    return True\n", tests),
    );
    expect(result.tests.map((t) => t.status)).toEqual(["skip", "skip"]);
    expect(result.status).toBe("error");
    expect(result.message).toMatch(/^no test ran: every test was skipped/);
  });

  it("learner functions named test_* that claim the test module are not collected", async () => {
    const solution = `
def is_leap_year(year):
    return True


def _make(i):
    def test():
        return None

    test.__name__ = test.__qualname__ = f"test_bonus_{i}"
    test.__module__ = "solution_test"
    return test


for _i in range(5):
    globals()[f"test_bonus_{_i}"] = _make(_i)


class TestBonus:
    __module__ = "solution_test"

    def test_free(self):
        pass
`;
    const tests = `
from solution import *


def test_a_century_is_not_leap():
    assert is_leap_year(1900) is False
`;
    const result = await runner().grade(oneFileJob(solution, tests));
    expect(result.tests.map((t) => t.name)).toEqual(["a_century_is_not_leap"]);
    expect(result.status).toBe("fail");
  });

  it("StopIteration out of a learner's operator does not end the test's own map()", async () => {
    const solution = `
class Sneaky:
    def __bool__(self):
        raise StopIteration

    def __len__(self):
        raise StopIteration

    def __str__(self):
        raise StopIteration

    @property
    def balance(self):
        raise StopIteration


def accounts():
    return [Sneaky(), Sneaky()]
`;
    const tests = `
from solution import accounts


def test_every_account_is_in_good_standing():
    assert all(map(bool, accounts()))


def test_no_account_is_empty():
    assert all(map(len, accounts()))


def test_every_name_is_known():
    assert set(map(str, accounts())) <= {"apple", "pear"}


def test_every_balance_is_positive():
    assert all(a.balance > 0 for a in accounts())
`;
    const result = await runner().grade(oneFileJob(solution, tests));
    expect(result.status).not.toBe("pass");
    expect(result.tests.map((t) => t.status)).toEqual(["error", "error", "error", "error"]);
    expect(result.tests[0]!.message).toContain("StopIteration");
  });

  it("an honest star import still brings the code under test", async () => {
    const solution = `
def is_leap_year(year):
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def test_data():
    return [2000, 2024]
`;
    const tests = `
import pytest

from solution import *


@pytest.mark.parametrize("year", [2000, 2024])
def test_leap(year):
    assert is_leap_year(year)
    assert year in test_data()


def test_not_leap():
    assert not is_leap_year(1900)
`;
    const result = await runner().grade(oneFileJob(solution, tests));
    expect(result.tests.map((t) => [t.name, t.status])).toEqual([
      ["leap[2000]", "pass"],
      ["leap[2024]", "pass"],
      ["not_leap", "pass"],
    ]);
    expect(result.status).toBe("pass");
  });
});

/**
 * Write-the-tests runs (`hiddenSubject`): the learner's tests run in the judge against the code
 * under test in the host. The tests may call that code, and nothing else: its source is not on
 * any disk the tests can read, and the host refuses every look at how it is written. Each
 * fingerprinting attempt runs for real through the sandbox and local runners.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRunner } from "../../src/runners/create-runner.js";
import { DEFAULT_LIMITS, type GradeJob, type Runner } from "../../src/runners/runner.js";

const SUBJECT = `"""Price helpers. DOCSTRING-MARKER"""
import os
import inspect


def _round(value):
    return round(value, 2)


def total(prices, discount=0):
    """Sums the prices and takes off a percentage. DOCSTRING-MARKER"""
    if not 0 <= discount <= 100:
        raise ValueError("discount must be between 0 and 100")
    return _round(sum(prices) * (100 - discount) / 100)


class Cart:
    def __init__(self):
        self.items = []

    def add(self, price):
        self.items.append(price)
        return self

    def __len__(self):
        return len(self.items)
`;

function job(tests: string): GradeJob {
  return {
    tests: [{ path: "test_pricing.py", content: tests }],
    solution: [{ path: "pricing.py", content: SUBJECT }],
    solutionModules: ["pricing"],
    limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 3, timeoutSeconds: 30 },
    hiddenSubject: true,
  };
}

/** Each probe is one test; it passes only if it could learn something about the source. */
const PROBES: Record<string, string> = {
  "a patched compile, exec or input, which the tests' patches would hand the code under test": `
import builtins
seen = []
real_compile, real_exec = builtins.compile, builtins.exec
def spy_compile(source, *args, **kwargs):
    seen.append(str(source))
    return real_compile(source, *args, **kwargs)
def spy_exec(code, *args, **kwargs):
    seen.append(repr(code))
    return real_exec(code, *args, **kwargs)
builtins.compile, builtins.exec = spy_compile, spy_exec
import pricing

def test_probe(monkeypatch):
    monkeypatch.setattr("builtins.compile", spy_compile)
    pricing.total([1, 2])
    assert any(("DOCSTRING" + "-MARKER") in s for s in seen)
`,
  "the file on disk": `
def test_probe():
    import os
    found = []
    for top in ["/solution", "/work", "/tmp", os.getcwd(), os.path.expanduser("~")]:
        for folder, _dirs, files in os.walk(top):
            for name in files:
                try:
                    found.append(open(os.path.join(folder, name)).read())
                except Exception:
                    pass
    assert any("DOCSTRING-MARKER" in text for text in found)
`,
  "inspect.getsource": `
import inspect
import pricing

def test_probe():
    assert "DOCSTRING-MARKER" in inspect.getsource(pricing.total)
`,
  docstrings: `
import pricing

def test_probe():
    assert "DOCSTRING-MARKER" in (pricing.total.__doc__ or "") + (pricing.__doc__ or "")
`,
  "code objects": `
import hashlib
import pricing

def test_probe():
    assert hashlib.sha256(pricing.total.__code__.co_code).hexdigest()
`,
  "private helpers and module namespace": `
import pricing

def test_probe():
    assert pricing._round(1.234) == 1.23 or "_round" in dir(pricing) or pricing.__dict__
`,
  "modules the subject imported": `
import pricing

def test_probe():
    assert pricing.inspect.getsource(pricing.total)
`,
  "the host's files through the subject's os": `
import pricing

def test_probe():
    assert pricing.os.listdir("/")
`,
  "importing another module in the host": `
import importlib
import sys

def test_probe():
    session_module = sys.modules["pricing"]
    assert object.__getattribute__(session_module, "_pd_session").remote_module("os").listdir("/")
`,
  "the host's memory through /proc": `
import os, glob

def test_probe():
    seen = b""
    for path in glob.glob("/proc/[0-9]*/mem"):
        try:
            with open(path, "rb") as f:
                seen += f.read(1)
        except Exception:
            pass
    for path in glob.glob("/proc/[0-9]*/environ") + glob.glob("/proc/[0-9]*/cmdline"):
        try:
            seen += open(path, "rb").read()
        except Exception:
            pass
    assert b"DOCSTRING-MARKER" in seen
`,
};

for (const runnerName of ["sandbox", "local"] as const) {
  describe(`hidden subject (${runnerName})`, () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = await createRunner(runnerName);
    });
    afterAll(async () => {
      await runner?.close();
    });

    it("tests that check behaviour pass, and see the subject as a caller would", async () => {
      const r = await runner.grade(
        job(`import pytest
from pricing import total, Cart

def test_total():
    assert total([10, 20], discount=10) == 27

def test_bad_discount():
    with pytest.raises(ValueError, match="between 0 and 100"):
        total([1], discount=120)

def test_cart():
    cart = Cart().add(3).add(4)
    assert len(cart) == 2
    assert cart.items == [3, 4]
`),
      );
      expect(r.tests.map((t) => [t.name, t.status])).toEqual([
        ["total", "pass"],
        ["bad_discount", "pass"],
        ["cart", "pass"],
      ]);
      expect(r.status).toBe("pass");
    });

    for (const [name, tests] of Object.entries(PROBES)) {
      it(`fingerprinting through ${name} learns nothing`, async () => {
        const r = await runner.grade(job(tests));
        expect(r.tests.map((t) => t.status)).not.toContain("pass");
        expect(JSON.stringify(r)).not.toContain("DOCSTRING-MARKER\\n");
      });
    }

    it("a traceback through the code under test shows none of its lines", async () => {
      const r = await runner.grade(
        job(`import traceback
import pricing
try:
    pricing.total([1], discount=120)
except ValueError as error:
    raise SystemExit("".join(traceback.format_exception(error)))


def test_never_collected():
    pass
`),
      );
      expect(r.status).toBe("error");
      expect(r.message).toContain("pricing.total([1], discount=120)");
      expect(r.message).not.toMatch(/raise ValueError|0 <= discount|_round|[^_]pricing\.py/);
    });

    it("a refused look says to test behaviour", async () => {
      const r = await runner.grade(job(PROBES["docstrings"]!));
      expect(r.tests[0]!.message ?? "").toMatch(/test what it does, not how it is written/);
    });
  });
}

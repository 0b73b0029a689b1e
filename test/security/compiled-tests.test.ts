/**
 * Test files compiled once by a compile-only run and sent with later grades
 * (src/runners/compiled-tests.ts): a later grade gives what a grade that compiled its tests
 * gives, new test text is never graded with old code, and a write-the-tests run's tests (the
 * learner's) are never compiled outside their own grade. For real, in the sandbox (forked from
 * the zygote as root, and started per grade) and with the local runner.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { LocalRunner } from "../../src/runners/local-runner.js";
import { DEFAULT_LIMITS, type GradeJob } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";

const TESTS = `from shop import price


def test_plain():
    assert price(10) == 10


def test_with_tax():
    assert price(10, tax=0.5) == 15
`;

// The same file with the second test's expectation changed: only its own code may grade it.
const CHANGED = TESTS.replace("== 15", "== 5");

const SOLUTION = "def price(amount, tax=0):\n    return amount + amount * tax\n";

function job(tests: string, extra: Partial<GradeJob> = {}): GradeJob {
  return {
    tests: [{ path: "shop_test.py", content: tests }],
    solution: [{ path: "shop.py", content: SOLUTION }],
    solutionModules: ["shop"],
    limits: { ...DEFAULT_LIMITS, timeoutSeconds: 30 },
    ...extra,
  };
}

const outcomes = (r: GradeResult) => r.tests.map((t) => [t.name, t.status, t.message]);

const asRoot = process.getuid?.() === 0;
const runners = [
  ["sandbox (forked)", () => new SandboxRunner({ prestart: 1 })],
  ["sandbox (started per grade)", () => new SandboxRunner({ prestart: 1, fork: false })],
  ["local", () => new LocalRunner({ prestart: 1 })],
] as const;

describe.each(runners)("compiled test files: %s", (label, make) => {
  const runner = make();
  afterAll(() => runner.close());
  const skip = label.startsWith("sandbox") && !asRoot;

  it.skipIf(skip)("a later grade is sent the code and grades as one that compiled", async () => {
    const cache = runner.compiledTests;
    const first = await runner.grade(job(TESTS));
    expect(first.status).toBe("pass");
    await cache.settled();
    expect(cache.size).toBe(1);
    const hits = cache.hits;
    const second = await runner.grade(job(TESTS));
    expect(cache.hits).toBe(hits + 1);
    expect(outcomes(second)).toEqual(outcomes(first));
    // A failure still shows what each side was: the loaded code has its asserts rewritten.
    const wrong = await runner.grade(
      job(TESTS, {
        solution: [{ path: "shop.py", content: "def price(a, tax=0):\n    return a\n" }],
      }),
    );
    expect(cache.hits).toBe(hits + 2);
    expect(wrong.tests[1]).toMatchObject({ status: "fail" });
    expect(wrong.tests[1]!.message).toContain("where 10 = price(10, tax=0.5)");
  });

  it.skipIf(skip)("changed test text is graded with its own code, never the old one", async () => {
    const cache = runner.compiledTests;
    await runner.grade(job(TESTS));
    await cache.settled();
    const changed = await runner.grade(job(CHANGED));
    expect(changed.status).toBe("fail");
    expect(changed.tests.map((t) => t.status)).toEqual(["pass", "fail"]);
    await cache.settled();
    const again = await runner.grade(job(CHANGED));
    expect(outcomes(again)).toEqual(outcomes(changed));
    expect((await runner.grade(job(TESTS))).status).toBe("pass");
  });

  it.skipIf(skip)(
    "a write-the-tests run's tests are never compiled outside their grade",
    async () => {
      const cache = runner.compiledTests;
      await cache.settled();
      const before = cache.size;
      const learnerTests =
        "from shop import price\n\n\ndef test_mine():\n    assert price(2) == 2\n";
      for (let i = 0; i < 2; i++) {
        const result = await runner.grade(
          job(learnerTests, {
            tests: [{ path: "test_shop.py", content: learnerTests }],
            hiddenSubject: true,
          }),
        );
        expect(result.status).toBe("pass");
        await cache.settled();
      }
      expect(cache.size).toBe(before);
    },
  );

  it.skipIf(skip)("tests that do not compile are graded as before, and not kept", async () => {
    const cache = runner.compiledTests;
    await cache.settled();
    const before = cache.size;
    // Too deeply nested for the compiler: the grade says so, the compile-only run keeps nothing.
    const deep = `def test_deep():\n    assert ${"(".repeat(300)}1${")".repeat(300)} == 1\n`;
    for (let i = 0; i < 2; i++) {
      const result = await runner.grade(job(deep));
      expect(result.status).toBe("error");
      await cache.settled();
    }
    expect(cache.size).toBe(before);
  });
});

/**
 * When the judge pool starts its judges. A judge's start (a fork with its page copies, or a
 * sandbox and an interpreter) costs more CPU than a grade, so a lone grade must not share the
 * machine with the next judge's start when one is ready already; grades that overlap must not
 * wait for theirs. A judge made ahead with at most one grade under way may copy its pages ahead
 * (`ahead`); one made while grades overlap, or wanted at once, must not. Stand-in judges here (the pool's logic only); the real runners' grades are
 * covered by test/conformance.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { JudgePool, type Collected, type Prepared } from "../../src/runners/python-process.js";
import { DEFAULT_LIMITS, type GradeJob } from "../../src/runners/runner.js";
import { collectedVerdict, verdictFrame } from "../fixtures/verdict-record.js";

const job: GradeJob = {
  tests: [{ path: "test_x.py", content: "def test_x():\n    assert True\n" }],
  solution: [{ path: "x.py", content: "X = 1\n" }],
  solutionModules: ["x"],
  limits: DEFAULT_LIMITS,
};

/** Stand-in judges: counts starts, and holds each grade until the test lets it finish. */
function standIns() {
  const roots: string[] = [];
  const waiting: (() => void)[] = [];
  let started = 0;
  const ahead: boolean[] = [];
  const prepare = async (madeAhead: boolean): Promise<Prepared> => {
    started += 1;
    ahead.push(madeAhead);
    const root = mkdtempSync(path.join(os.tmpdir(), "pydojo-pool-"));
    roots.push(root);
    let alive = true;
    return {
      dirs: { root, solutionDir: root, workDir: root },
      release: async () => {},
      judge: {
        get alive() {
          return alive;
        },
        kill: () => {
          alive = false;
        },
        run: async (input: string): Promise<Collected> => {
          const { nonce, compile_only } = JSON.parse(input) as {
            nonce: string;
            compile_only?: boolean;
          };
          // The compile-only run after a grade of new test files answers at once.
          if (!compile_only) await new Promise<void>((resolve) => waiting.push(resolve));
          const answer = { compiled: [{ path: "test_x.py", code: "AAAA" }], magic: "a70d0d0a" };
          const body = JSON.stringify(
            compile_only
              ? answer
              : {
                  status: "pass",
                  message: null,
                  tests: [
                    {
                      name: "test_x",
                      status: "pass",
                      message: null,
                      test_code: "assert True",
                      task_id: null,
                      output: "",
                      duration_ms: 1,
                      limit: null,
                    },
                  ],
                  python: "3.11.2",
                  limit: null,
                },
          );
          return collectedVerdict(verdictFrame(nonce, body));
        },
      },
    };
  };
  return {
    prepare,
    started: () => started,
    /** Each start's `ahead`, in order. */
    ahead: () => [...ahead],
    /** Lets the oldest grade under way finish. */
    finishOne: async () => {
      await vi.waitFor(() => expect(waiting.length).toBeGreaterThan(0));
      waiting.shift()!();
    },
    cleanUp: () => roots.forEach((root) => rmSync(root, { recursive: true, force: true })),
  };
}

let cleanUp = () => {};
afterEach(() => cleanUp());

describe("JudgePool", () => {
  it("starts no judge while a lone grade runs if one is ready, and refills once it is over", async () => {
    const judges = standIns();
    cleanUp = judges.cleanUp;
    const pool = new JudgePool(judges.prepare, 2);
    // The first grade finds nothing ready: its own judge, and one for the next grade.
    const first = pool.grade(job, "sandbox", (dirs) => dirs);
    await vi.waitFor(() => expect(judges.started()).toBe(2));
    await judges.finishOne();
    expect((await first).status).toBe("pass");
    // Then its test files are compiled on the ready judge (a third starts for the next grade),
    // and once that is over the pool fills up again: two ready.
    await pool.compiled.settled();
    await vi.waitFor(() => expect(judges.started()).toBe(4));

    const second = pool.grade(job, "sandbox", (dirs) => dirs);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(judges.started()).toBe(4); // one is still ready: nothing starts beside this grade
    await judges.finishOne();
    expect((await second).status).toBe("pass");
    await vi.waitFor(() => expect(judges.started()).toBe(5));
    // The first grade's own judge (the second started: the one for the next grade goes first)
    // was wanted at once; every other one was made with a core to spare (one grade or none
    // under way).
    expect(judges.ahead()).toEqual([true, false, true, true, true]);
    await pool.close();
  });

  it("fills the whole pool at once while grades overlap", async () => {
    const judges = standIns();
    cleanUp = judges.cleanUp;
    const pool = new JudgePool(judges.prepare, 2);
    const warm = pool.grade(job, "sandbox", (dirs) => dirs);
    await judges.finishOne();
    await warm;
    await pool.compiled.settled();
    await vi.waitFor(() => expect(judges.started()).toBe(4));

    // Two grades at once take both ready judges; the second one's take starts two more at once.
    const grades = [0, 1].map(() => pool.grade(job, "sandbox", (dirs) => dirs));
    await vi.waitFor(() => expect(judges.started()).toBe(6));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(judges.started()).toBe(6);
    await judges.finishOne();
    await judges.finishOne();
    expect((await Promise.all(grades)).map((r) => r.status)).toEqual(["pass", "pass"]);
    // The two started while both grades ran copy nothing ahead: the machine is busy.
    expect(judges.ahead().slice(4)).toEqual([false, false]);
    await pool.close();
  });
});

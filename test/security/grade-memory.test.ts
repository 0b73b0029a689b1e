/**
 * A grade's memory is bounded for all its processes together (docs/security.md, "The sandbox
 * and the machine"): RLIMIT_AS bounds each process, and in a sandbox the judge adds up what the
 * learner's processes hold and ends them when they go over (judge_side.MemoryWatch). Without it,
 * a learner forking 24 processes of 200 MB each held 4.8 GB of the machine. Run for real through
 * bubblewrap, with the fork server and with a sandbox started per grade.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

const availableMb = () =>
  Number(/MemAvailable:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0) / 1024;

/**
 * 24 processes that each take 200 MB (each within its own 256 MB address space), then wait far
 * longer than the test's time limit: only the memory limit can end the test in time. (With a 5 s
 * limit, a loaded machine gave the children so little CPU that the time limit came first.)
 */
const BOMB = `import os, time

def bomb():
    for _ in range(24):
        if os.fork() == 0:
            try:
                block = bytearray(200 * 1024 * 1024)
                for i in range(0, len(block), 4096):
                    block[i] = 1
            except MemoryError:
                os._exit(1)
            time.sleep(120)
            os._exit(0)
    time.sleep(120)
    return "held"
`;

/**
 * A chain: each process takes 12 MB, forks the next and waits, so the newest is forking while
 * the watch looks. Every child holds the learner's end of the channel to the judge: one that
 * outlives the watch's kill (forked after its look) would keep the test waiting for its time
 * limit (as the 24-process bomb did once on a loaded machine, its fork loop half-way through).
 */
const CHAIN = `import os, time

def chain():
    while True:
        block = bytearray(12 * 1024 * 1024)
        for i in range(0, len(block), 4096):
            block[i] = 1
        try:
            pid = os.fork()
        except OSError:
            pid = 1
        if pid != 0:
            time.sleep(120)
            os._exit(0)
`;

/** 120 MB in the learner's process, shared with 6 forked children that only wait. */
const SHARED = `import os, time

def shared():
    block = bytearray(120 * 1024 * 1024)
    for i in range(0, len(block), 4096):
        block[i] = 1
    children = []
    for _ in range(6):
        pid = os.fork()
        if pid == 0:
            time.sleep(1)
            os._exit(0)
        children.append(pid)
    time.sleep(0.5)
    return sum(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) for pid in children)
`;

/** Runs the bomb, watching the machine's available memory meanwhile. */
async function runBomb(runner: SandboxRunner) {
  const before = availableMb();
  let lowest = before;
  const sampler = setInterval(() => {
    lowest = Math.min(lowest, availableMb());
  }, 10);
  try {
    const r = await runner.grade(
      oneFileJob(
        BOMB,
        "from solution import bomb\n\ndef test_bomb():\n    assert bomb() == 'held'\n",
        { ...DEFAULT_LIMITS, testTimeoutSeconds: 60, timeoutSeconds: 90 },
      ),
    );
    return { r, usedMb: before - lowest };
  } finally {
    clearInterval(sampler);
  }
}

const WATCH_SAID = /processes held at least \d+ MB together, over the limit of 256 MB/;

/** Runs the chain: the memory limit must end it at once, not the test's time limit. */
async function endsTheChain(runner: SandboxRunner) {
  const r = await runner.grade(
    oneFileJob(CHAIN, "from solution import chain\n\ndef test_chain():\n    chain()\n", {
      ...DEFAULT_LIMITS,
      testTimeoutSeconds: 60,
      timeoutSeconds: 90,
    }),
  );
  expect(r.tests[0]).toMatchObject({ name: "chain", status: "error", limit: "memory" });
  expect(r.tests[0]?.message).toMatch(WATCH_SAID);
  expect(r.tests[0]?.duration_ms).toBeLessThan(30_000);
}

forEachSandbox(
  "a grade's memory, all processes",
  (runner) => {
    it("ends a grade whose processes together go over its memory limit", async () => {
      const { r, usedMb } = await runBomb(runner());
      expect(r.tests[0]).toMatchObject({ name: "bomb", status: "error", limit: "memory" });
      // The judge's watch acts first (the grade's limit is left to the test). On a loaded
      // machine the grade's cgroup can fill before the watch looks, or while it stops the
      // processes: the kernel ends one, the grade says so (limit "memory"), and the test says
      // what the watch saw, or, if the watch had not seen it yet, that the kernel stopped it
      // (outOfMemory).
      expect([null, "memory"]).toContain(r.limit);
      if (r.limit === null) expect(r.tests[0]?.message).toMatch(WATCH_SAID);
      else
        expect(r.tests[0]?.message).toMatch(
          new RegExp(`${WATCH_SAID.source}|so the kernel stopped it\\. This test was under way`),
        );
      // 24 × 200 MB would be 4.8 GB; stopped within a look or two of going over 256 MB.
      expect(usedMb).toBeLessThan(2000);
    }, 120_000);

    it("ends them all, also one forked while the watch ends the others", async () => {
      await endsTheChain(runner());
    }, 120_000);

    it("counts pages that forked processes share once", async () => {
      // Resident pages added up, the seven processes hold about 840 MB; shared, about 120 MB.
      const r = await runner().grade(
        oneFileJob(
          SHARED,
          "from solution import shared\n\ndef test_shared():\n    assert shared() == 0\n",
        ),
      );
      expect(r.tests[0]).toMatchObject({ name: "shared", status: "pass" });
    }, 60_000);
  },
  false,
);

describe.skipIf(process.getuid?.() !== 0)(
  "a grade's memory without a cgroup: the watch alone",
  () => {
    let runner: SandboxRunner;
    beforeAll(async () => {
      // Read when the runner starts: this runner's grades get no cgroup, as on a server that
      // cannot manage them (docs/deployment.md, "Grade cgroups").
      const was = process.env.PYDOJO_CGROUPS;
      process.env.PYDOJO_CGROUPS = "0";
      try {
        runner = new SandboxRunner({ fork: true, prestart: 1 });
      } finally {
        if (was === undefined) delete process.env.PYDOJO_CGROUPS;
        else process.env.PYDOJO_CGROUPS = was;
      }
      await runner.ready();
      expect(await runner.cgroupSummary()).toBeNull();
    }, 60_000);
    afterAll(async () => {
      await runner?.close();
    });

    it("ends the processes once they hold more than the limit together", async () => {
      const { r, usedMb } = await runBomb(runner);
      expect(r.limit).toBeNull();
      expect(r.tests[0]).toMatchObject({ name: "bomb", status: "error", limit: "memory" });
      expect(r.tests[0]?.message).toMatch(WATCH_SAID);
      expect(usedMb).toBeLessThan(2000);
    }, 120_000);

    it("ends them all, also one forked while the watch ends the others", async () => {
      await endsTheChain(runner);
    }, 120_000);
  },
);

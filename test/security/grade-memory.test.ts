/**
 * A grade's memory is bounded for all its processes together (docs/security.md, "The sandbox
 * and the machine"): RLIMIT_AS bounds each process, and in a sandbox the judge adds up what the
 * learner's processes hold and ends them when they go over (judge_side.MemoryWatch). Without it,
 * a learner forking 24 processes of 200 MB each held 4.8 GB of the machine. Run for real through
 * bubblewrap, with the fork server and with a sandbox started per grade.
 */
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

const availableMb = () =>
  Number(/MemAvailable:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0) / 1024;

/** 24 processes that each take 200 MB (each within its own 256 MB address space). */
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
            time.sleep(5)
            os._exit(0)
    time.sleep(5)
    return "held"
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

forEachSandbox(
  "a grade's memory, all processes",
  (runner) => {
    it("ends a grade whose processes together go over its memory limit", async () => {
      const before = availableMb();
      let lowest = before;
      const sampler = setInterval(() => {
        lowest = Math.min(lowest, availableMb());
      }, 10);
      const r = await runner().grade(
        oneFileJob(
          BOMB,
          "from solution import bomb\n\ndef test_bomb():\n    assert bomb() == 'held'\n",
        ),
      );
      clearInterval(sampler);
      expect(r.tests[0]).toMatchObject({ name: "bomb", status: "error", limit: "memory" });
      expect(r.tests[0]?.message).toMatch(/processes held .* together, over the limit of 256 MB/);
      // 24 × 200 MB would be 4.8 GB; stopped within a look or two of going over 256 MB.
      expect(before - lowest).toBeLessThan(2000);
    }, 60_000);

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

/**
 * No grade takes the CPU from another (docs/security.md, "No learner starves the others"). A
 * grade is one session, which the kernel schedules as one group against other grades
 * (autogroup); the seccomp filter refuses setsid, so a learner's processes cannot each become a
 * group of their own and take a share of the CPU apiece. Run for real through bubblewrap, with
 * the fork server and with a sandbox started per grade.
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { DEFAULT_LIMITS } from "../../src/runners/runner.js";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

const x86 = os.arch() === "x64";
const read = (file: string) => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return null;
  }
};
/**
 * Whether the kernel groups this machine's processes by session: autogroup is on, and the
 * server's processes are in the root CPU cgroup (in another one, a systemd service with CPU
 * accounting or a container, the kernel does not use autogroups: docs/security.md).
 */
const autogroups =
  read("/proc/sys/kernel/sched_autogroup_enabled")?.trim() === "1" &&
  read("/proc/self/autogroup") !== null &&
  (read("/proc/self/cgroup") ?? "")
    .split("\n")
    .filter((line) => /^0::|[:,]cpu[,:]/.test(line))
    .every((line) => line.endsWith(":/"));

const output = (r: GradeResult, name: string) =>
  r.tests.find((t) => t.name === name)?.output?.trim() ?? "";

const SESSIONS = `import os, subprocess

def own_session():
    try:
        os.setsid()
    except PermissionError:
        return "refused"
    return "started"

def child_session():
    pid = os.fork()
    if pid == 0:
        try:
            os.setsid()
        except PermissionError:
            os._exit(7)
        os._exit(0)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])

def popen_session():
    try:
        subprocess.run(["/bin/true"], start_new_session=True, check=True)
    except (PermissionError, subprocess.SubprocessError):
        return "refused"
    return "started"

def groups():
    """This process's scheduling group and a child's."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.write(w, open("/proc/self/autogroup").read().encode())
        os._exit(0)
    os.waitpid(pid, 0)
    os.close(w)
    child = os.read(r, 200).decode()
    return open("/proc/self/autogroup").read().split()[0], child.split()[0]
`;

const SESSION_TESTS = `from solution import child_session, groups, own_session, popen_session

def test_own():
    assert own_session() == "refused"

def test_child():
    assert child_session() == 7

def test_popen():
    assert popen_session() == "refused"

def test_groups():
    mine, child = groups()
    print(mine)
    assert mine == child
`;

/** Spins in 25 processes (24 children, each trying for a session of its own) for 12 s. */
const SPINNERS = `import os, time

def spin(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass

def hog():
    for _ in range(24):
        if os.fork() == 0:
            try:
                os.setsid()
            except OSError:
                pass
            spin(12)
            os._exit(0)
    spin(12)
`;

/**
 * About 0.6 s of CPU on a 2-core VM: alone, or with the CPU shared between two grades, it passes
 * well within its 5 s; with 1/26 of the CPU it would need about 8 s.
 */
const WORK = `def work():
    total = 0
    for i in range(20_000_000):
        total += i & 7
    return total
`;

forEachSandbox(
  "CPU shares between grades",
  (runner) => {
    it("refuses a session of its own to the learner's processes", async () => {
      const r = await runner().grade(oneFileJob(SESSIONS, SESSION_TESTS));
      const byName = Object.fromEntries(r.tests.map((t) => [t.name, t.status]));
      expect(byName).toMatchObject({ own: "pass", child: "pass", popen: "pass" });
      if (autogroups) expect(byName.groups).toBe("pass");
    }, 60_000);

    it.skipIf(!autogroups)(
      "schedules two grades as two groups",
      async () => {
        const [a, b] = await Promise.all([
          runner().grade(oneFileJob(SESSIONS, SESSION_TESTS)),
          runner().grade(oneFileJob(SESSIONS, SESSION_TESTS)),
        ]);
        expect(output(a, "groups")).toMatch(/^\/autogroup-\d+$/);
        expect(output(b, "groups")).toMatch(/^\/autogroup-\d+$/);
        expect(output(a, "groups")).not.toBe(output(b, "groups"));
      },
      60_000,
    );

    it.skipIf(!autogroups)(
      "does not let a grade spinning in 25 processes make another one time out",
      async () => {
        const hostile = runner().grade(
          oneFileJob(SPINNERS, "from solution import hog\n\ndef test_hog():\n    hog()\n", {
            ...DEFAULT_LIMITS,
            testTimeoutSeconds: 15,
          }),
        );
        // Once the spinners run: the honest grade's one process shares the CPU with 25 of them.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const honest = await runner().grade(
          oneFileJob(
            WORK,
            "from solution import work\n\ndef test_work():\n    assert work() > 0\n",
          ),
        );
        expect(honest.tests).toEqual([
          expect.objectContaining({ name: "work", status: "pass", limit: null }),
        ]);
        await hostile;
      },
      60_000,
    );
  },
  !x86,
);

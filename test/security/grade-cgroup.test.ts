/**
 * Each grade in a cgroup of its own (docs/decisions/0014-cgroup-per-grade.md): the kernel bounds
 * what a grade holds as a whole, through paths the rlimits and the memory watch miss. Each attack
 * runs for real through bubblewrap, with the fork server and with a sandbox started per grade.
 * Skipped (with the reason) only where this machine cannot manage cgroups.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { openCgroups } from "../../src/runners/cgroup.js";
import { DEFAULT_LIMITS, type GradeJob } from "../../src/runners/runner.js";
import { forEachSandbox, oneFileJob } from "./sandbox-modes.js";

// Whether cgroups can be managed here: a probe group made and removed at once.
const probe = await openCgroups();
await probe.manager?.close();
const noCgroups = probe.manager === null ? probe.reason : null;

const availableMb = () =>
  Number(/MemAvailable:\s+(\d+)/.exec(readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0) / 1024;

/** A write-the-tests run whose tests (which run in the judge) take 2 GB. */
const JUDGE_HOG: GradeJob = {
  tests: [
    {
      path: "test_pricing.py",
      content: `from pricing import total

def test_hog():
    block = bytearray(2 * 1024 * 1024 * 1024)
    for i in range(0, len(block), 4096):
        block[i] = 1
    assert total([1, 2]) == 3
`,
    },
  ],
  solution: [{ path: "pricing.py", content: "def total(prices):\n    return sum(prices)\n" }],
  solutionModules: ["pricing"],
  limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 20, timeoutSeconds: 40 },
  hiddenSubject: true,
};

/**
 * 28 loopback TCP connections in one process: each streams 24 MB first (the kernel grows its
 * buffers as it goes), then is filled without being read. Returns the bytes left in flight.
 */
const TCP_HOG = `import socket, threading

def stream(sender, receiver, chunk, count):
    """Sends count chunks one way while the other end reads them: the kernel grows both
    buffers as it goes. False once nothing more gets through (the buffers are bounded)."""
    def drain():
        got = 0
        try:
            while got < count * len(chunk):
                got += len(receiver.recv(1 << 20))
        except OSError:
            pass

    reader = threading.Thread(target=drain)
    reader.start()
    try:
        for _ in range(count):
            sender.sendall(chunk)
        return True
    except OSError:
        return False
    finally:
        reader.join()


def fill(sender, chunk):
    sender.setblocking(False)
    held = 0
    while True:
        try:
            held += sender.send(chunk)
        except OSError:
            return held


def hold():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    chunk = b"x" * (1 << 20)
    held = 0
    pairs = []
    for _ in range(28):
        client = socket.create_connection(server.getsockname())
        peer, _ = server.accept()
        pairs.append((client, peer))
        client.settimeout(2)
        peer.settimeout(2)
        if not (stream(client, peer, chunk, 24) and stream(peer, client, chunk, 24)):
            break
        held += fill(client, chunk) + fill(peer, chunk)
    return held
`;

forEachSandbox("a grade's cgroup", (runner) => {
  it("ends a write-the-tests run whose tests take 2 GB in the judge: the memory limit, the machine unharmed", async (ctx) => {
    if (noCgroups) ctx.skip(`cgroups cannot be managed here: ${noCgroups}`);
    const before = availableMb();
    let lowest = before;
    const sampler = setInterval(() => (lowest = Math.min(lowest, availableMb())), 10);
    const r = await runner().grade(JUDGE_HOG);
    clearInterval(sampler);
    expect(r, JSON.stringify(r).slice(0, 600)).toMatchObject({ status: "error", limit: "memory" });
    expect(r.message).toMatch(/memory limit: the grade .* held more than its 656 MB/);
    // The grade's group allows 256 + 256 MB and its tmpfs (144 MB): far from 2 GB.
    expect(before - lowest).toBeLessThan(1000);
  }, 60_000);

  it("bounds TCP buffers grown over loopback (a sandbox per grade: nothing else caps them)", async (ctx) => {
    if (noCgroups) ctx.skip(`cgroups cannot be managed here: ${noCgroups}`);
    if (runner().mode !== "spawn") ctx.skip("the fork server caps TCP's buffers itself");
    const r = await runner().grade(
      oneFileJob(TCP_HOG, "from solution import hold\n\ndef test_hold():\n    print(hold())\n", {
        ...DEFAULT_LIMITS,
        // Up to 1.3 GB through loopback in Python: 2-6 s alone, and once over 30 s on 2 cores
        // beside the CPU-share tests. What is checked is what stays held, not how fast.
        testTimeoutSeconds: 80,
        timeoutSeconds: 90,
      }),
    );
    expect(r.tests[0]?.status, JSON.stringify(r).slice(0, 600)).toBe("pass");
    const held = Number(r.tests[0]?.output?.trim()) / (1024 * 1024);
    // The group's TCP limit is 64 MB: 66 MB stayed in flight; without it, 240 MB (28 connections
    // of one process; a grade of 30 processes could hold the machine-wide tcp_mem).
    expect(held).toBeLessThan(100);
  }, 120_000);

  it("grades an honest solution as before, inside its own group", async (ctx) => {
    if (noCgroups) ctx.skip(`cgroups cannot be managed here: ${noCgroups}`);
    const [memory] = (await runner().cgroupSummary())!.replace(/^v\d: /, "").split(" and ");
    // While the test sleeps, the processes of each group below the runner's (from outside).
    let most = 0;
    const sampler = setInterval(() => {
      for (const group of readdirSync(memory!, { withFileTypes: true }))
        if (group.isDirectory()) {
          const procs = readFileSync(path.join(memory!, group.name, "cgroup.procs"), "utf8");
          most = Math.max(most, procs.split("\n").filter(Boolean).length);
        }
    }, 20);
    const r = await runner().grade(
      oneFileJob(
        "def add(a, b):\n    return a + b\n",
        "import time\nfrom solution import add\n\ndef test_add():\n    time.sleep(0.5)\n    assert add(2, 3) == 5\n",
      ),
    );
    clearInterval(sampler);
    expect(r).toMatchObject({ status: "pass", limit: null, message: null });
    expect(r.tests.map((t) => [t.name, t.status, t.message])).toEqual([["add", "pass", null]]);
    // The judge and the learner's process (and bubblewrap's, started per grade) in one group.
    expect(most).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it("removes each grade's group once the grade is over", async (ctx) => {
    if (noCgroups) ctx.skip(`cgroups cannot be managed here: ${noCgroups}`);
    const where = (await runner().cgroupSummary())!.replace(/^v\d: /, "").split(" and ");
    const job = oneFileJob(
      "def one():\n    return 1\n",
      "from solution import one\n\ndef test_one():\n    assert one() == 1\n",
    );
    for (let i = 0; i < 12; i++) expect((await runner().grade(job)).status).toBe("pass");
    // The sandboxes kept ready have theirs; those of the 12 grades are gone within a moment.
    const groups = () =>
      where.map(
        (dir) => readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).length,
      );
    for (let i = 0; i < 50 && groups().some((n) => n > 3); i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    for (const count of groups()) expect(count).toBeLessThanOrEqual(3);
    expect(where.every((dir) => existsSync(path.join(dir, "cgroup.procs")))).toBe(true);
  }, 120_000);
});

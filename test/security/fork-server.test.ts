/**
 * The sandbox's fork server (docs/decisions/0012-fork-server.md): every grade is a fork of one
 * warm zygote, so these tests run grades one after another (and at once) on the same zygote and
 * check that nothing one grade did reaches the next: files left in /tmp, /work and /dev/shm, a
 * background process, a modified module, a changed global, a kept descriptor, a loopback
 * server, the other grade's solution files. They also check what a grade runs as (its own uid,
 * no capabilities, no new privileges, its own PID namespace). As root, for real, in bubblewrap.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GradeResult } from "../../src/core/result.js";
import { packageRoot } from "../../src/runners/paths.js";
import { DEFAULT_LIMITS } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";
import { MEMORY_ATTEMPTS } from "./memory-attempts.js";

const asRoot = process.getuid?.() === 0;
const MARK = `pdjleft${process.pid}`;

/** Grade A: leaves as much behind as it can, then passes. */
const LEAVER = `import builtins, os, socket, string, subprocess, sys, threading, time

def leave():
    for folder in ("/tmp", "/work", "/dev/shm"):
        with open(os.path.join(folder, "${MARK}"), "w") as f:
            f.write("left")
    # A background process in a process group of its own (a session of its own is refused: the
    # seccomp filter) that outlives this test, renamed to be found.
    subprocess.Popen(
        ["/usr/bin/python3", "-c", "import time\\nopen('/proc/self/comm','w').write('${MARK}')\\ntime.sleep(120)"],
        process_group=0, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    # Pseudo-terminals, kept open.
    builtins._ptys = [os.openpty() for _ in range(3)]
    # A descriptor kept open and inheritable, a changed module, a changed global.
    fd = os.open("/work/${MARK}", os.O_RDONLY)
    os.set_inheritable(fd, True)
    string.ascii_letters = "forged"
    builtins.${MARK} = True
    sys.modules["pydojo_harness"] = "forged"
    # A loopback server, left listening for the next grade.
    server = socket.socket()
    server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server.bind(("127.0.0.1", 47613))
    server.listen()
    threading.Thread(target=lambda: time.sleep(120), daemon=True).start()
    builtins._kept = server
    return fd
`;

/** Grade B: reports everything it can see of grade A. */
const LOOKER = `import builtins, os, socket, string, sys

def seen():
    found = []
    for folder in ("/tmp", "/work", "/dev/shm"):
        if os.path.exists(os.path.join(folder, "${MARK}")):
            found.append("file in " + folder)
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                with open(f"/proc/{pid}/comm") as f:
                    if f.read().strip() == "${MARK}":
                        found.append("process " + pid)
            except OSError:
                pass
    if string.ascii_letters != "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ":
        found.append("a module changed")
    if sys.modules.get("pydojo_harness") == "forged":
        found.append("sys.modules changed")
    if hasattr(builtins, "${MARK}"):
        found.append("builtins changed")
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if "${MARK}" in target:
            found.append("descriptor " + target)
    try:
        socket.create_connection(("127.0.0.1", 47613), timeout=1).close()
        found.append("the other grade's server answered")
    except OSError:
        pass
    others = [name for name in os.listdir("/dev/pts") if name != "ptmx"]
    if others:
        found.append("pseudo-terminals of another grade: " + ",".join(others))
    if os.path.isdir("/grades") and os.listdir("/grades"):
        found.append("/grades holds " + ",".join(os.listdir("/grades")))
    if sorted(os.listdir("/solution")) != ["looker.py"]:
        found.append("/solution holds " + ",".join(sorted(os.listdir("/solution"))))
    return found

def who():
    status = dict(line.split(":\\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\\t" in line)
    pids = sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
    return {
        "uid": os.getuid(),
        "euid": os.geteuid(),
        "cap_eff": status["CapEff"].strip(),
        "cap_prm": status["CapPrm"].strip(),
        "cap_bnd": status["CapBnd"].strip(),
        "no_new_privs": status["NoNewPrivs"].strip(),
        "lowest_pid": pids[0],
        "processes": len(pids),
        "interfaces": sorted(os.listdir("/sys/class/net")) if os.path.isdir("/sys/class/net") else [],
    }
`;

function job(solutionPath: string, solution: string, tests: string) {
  return {
    tests: [{ path: `${solutionPath.replace(".py", "")}_test.py`, content: tests }],
    solution: [{ path: solutionPath, content: solution }],
    solutionModules: [solutionPath.replace(".py", "")],
    limits: { ...DEFAULT_LIMITS, testTimeoutSeconds: 10, timeoutSeconds: 30 },
  };
}

const leave = () =>
  job(
    "leaver.py",
    LEAVER,
    `from leaver import leave\n\ndef test_leave():\n    assert leave() > 2\n`,
  );
const look = () =>
  job(
    "looker.py",
    LOOKER,
    `from looker import seen\n\ndef test_nothing_of_the_other_grade():\n    assert seen() == []\n`,
  );

function failures(result: GradeResult): string {
  return JSON.stringify(
    result.status === "pass"
      ? null
      : { message: result.message, tests: result.tests.map((t) => [t.name, t.message]) },
  );
}

describe.runIf(asRoot)("the fork server: one grade leaves nothing to the next", () => {
  let runner: SandboxRunner;
  beforeAll(async () => {
    runner = new SandboxRunner({ prestart: 1 });
    await runner.ready();
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("runs grades as forks of one zygote (as root)", () => {
    expect(runner.mode).toBe("fork");
  });

  it("files, processes, modules, globals, descriptors and servers of a grade are gone for the next", async () => {
    for (let round = 0; round < 2; round++) {
      const left = await runner.grade(leave());
      expect(failures(left)).toBe("null");
      const looked = await runner.grade(look());
      expect(failures(looked)).toBe("null");
    }
    // And on the machine: the background process died with its grade.
    const leftovers = () =>
      execFileSync("ps", ["-eo", "comm="], { encoding: "utf8" })
        .split("\n")
        .filter((line) => line.trim() === MARK);
    for (let i = 0; i < 50 && leftovers().length > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(leftovers()).toEqual([]);
  });

  it("a grade running at the same time sees nothing of the other", async () => {
    const slowLeaver = job(
      "leaver.py",
      LEAVER + "\ndef leave_and_wait():\n    fd = leave()\n    time.sleep(3)\n    return fd\n",
      `from leaver import leave_and_wait\n\ndef test_leave():\n    assert leave_and_wait() > 2\n`,
    );
    const first = runner.grade(slowLeaver);
    await new Promise((r) => setTimeout(r, 1000));
    const looked = await runner.grade(look());
    expect(failures(looked)).toBe("null");
    expect(failures(await first)).toBe("null");
  });

  it("a grade runs as an unprivileged uid of its own, with no capabilities, in its own PID namespace", async () => {
    const tests = `import json
from looker import who

def test_who():
    info = who()
    print(json.dumps(info))
    assert info["uid"] == info["euid"]
    assert 61000 <= info["uid"] < 61512
    assert info["cap_eff"] == "0000000000000000"
    assert info["cap_prm"] == "0000000000000000"
    assert info["cap_bnd"] == "0000000000000000"
    assert info["no_new_privs"] == "1"
    assert info["lowest_pid"] == 1
    assert info["processes"] <= 4
`;
    const result = await runner.grade(job("looker.py", LOOKER, tests));
    expect(failures(result)).toBe("null");
    // Two grades at once have different uids (so process limits don't mix).
    const uidTests = `from looker import who\nimport time\n\ndef test_uid():\n    time.sleep(1)\n    print("UID", who()["uid"])\n`;
    const both = await Promise.all([
      runner.grade(job("looker.py", LOOKER, uidTests)),
      runner.grade(job("looker.py", LOOKER, uidTests)),
    ]);
    const uids = both.map((r) => /UID (\d+)/.exec(r.tests[0]?.output ?? "")?.[1]);
    expect(uids[0]).toBeDefined();
    expect(uids[0]).not.toBe(uids[1]);
  });

  it("a grade cannot reach the zygote or the runner's socket, nor build namespaces of its own with privileges", async () => {
    const solution = `import ctypes, os, socket

def attempts():
    done = []
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.unshare(0x00020000) == 0:  # CLONE_NEWNS without a user namespace needs CAP_SYS_ADMIN
        done.append("unshare(CLONE_NEWNS)")
    if libc.mount(b"tmpfs", b"/work", b"tmpfs", 0, None) == 0:
        done.append("mount")
    # Memory no rlimit counts is refused; threads and subprocesses work.
${MEMORY_ATTEMPTS}    if os.path.exists("/grades/zygote.sock"):
        done.append("the runner's socket is visible")
    try:
        os.setuid(0)
        done.append("setuid(0)")
    except OSError:
        pass
    # Every process this grade can see is its own (the zygote and other grades run elsewhere).
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                status = open(f"/proc/{pid}/status").read()
            except OSError:
                continue
            uids = [line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")][0]
            if any(int(u) != os.getuid() for u in uids):
                done.append(f"process {pid} of uid {uids[0]} is visible")
    for sig in (9, 2, 15):  # PID 1 of the grade, the judge, ignores its own processes' signals
        try:
            os.kill(1, sig)
        except OSError:
            pass
    return done
`;
    const result = await runner.grade(
      job(
        "attempts.py",
        solution,
        `from attempts import attempts\n\ndef test_attempts():\n    assert attempts() == []\n`,
      ),
    );
    expect(failures(result)).toBe("null");
    // The zygote still serves the next grade.
    expect(failures(await runner.grade(look()))).toBe("null");
  });

  it("a grade that times out is killed whole and the zygote goes on", async () => {
    // It waits rather than spins: a spin would race its 2 s of CPU (RLIMIT_CPU, a failed test)
    // against the grade's 2 s of wall clock on a loaded machine.
    const spin = job(
      "spin.py",
      "import time\n\ndef spin():\n    while True:\n        time.sleep(0.05)\n",
      `from spin import spin\n\ndef test_spin():\n    spin()\n`,
    );
    const result = await runner.grade({
      ...spin,
      limits: { ...spin.limits, testTimeoutSeconds: 30, timeoutSeconds: 2 },
    });
    expect(result.status).toBe("error");
    expect(result.limit).toBe("timeout");
    expect(failures(await runner.grade(look()))).toBe("null");
  });

  it("a zygote that died is started again for the next grade", async () => {
    const zygote = (
      runner as unknown as { zygote: { child: import("node:child_process").ChildProcess } }
    ).zygote;
    const gone = new Promise((r) => zygote.child.once("exit", r));
    zygote.child.kill("SIGKILL");
    await gone;
    // Slots forked by the dead zygote died with it; the pool finds them dead and forks anew.
    expect(failures(await runner.grade(look()))).toBe("null");
  });

  it("a process that exits without closing its runner leaves no slot folders behind", () => {
    const dist = path.join(packageRoot(), "dist", "runners");
    const script = `
      import { SandboxRunner } from ${JSON.stringify(path.join(dist, "sandbox-runner.js"))};
      import { DEFAULT_LIMITS } from ${JSON.stringify(path.join(dist, "runner.js"))};
      const runner = new SandboxRunner({ prestart: 1 });
      const result = await runner.grade({
        tests: [{ path: "a_test.py", content: "import a\\ndef test_a():\\n    assert a.A == 1\\n" }],
        solution: [{ path: "a.py", content: "A = 1\\n" }],
        solutionModules: ["a"],
        limits: DEFAULT_LIMITS,
      });
      console.log(result.status, runner.zygote.gradesDir);
      process.exit(0);
    `;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    }).trim();
    const [status, gradesDir] = out.split(" ");
    expect(status).toBe("pass");
    expect(gradesDir).toMatch(/pydojo-grades-/);
    expect(existsSync(gradesDir!)).toBe(false);
  });

  it("code in the judge cannot write a verdict on the connection the job came in on", async () => {
    // The tests run in the judge (as a write-the-tests learner's do). They find the grade's
    // nonce in the judge's frames and write a framed record on fd 0, which under the fork
    // server is the same connection as the verdict's, then leave before the real verdict.
    const tests = `import json, os, sys

def test_forge():
    nonce = None
    for frame in sys._current_frames().values():
        while frame is not None:
            if frame.f_code.co_name == "serve_grade":
                nonce = frame.f_locals.get("nonce")
            frame = frame.f_back
    assert nonce, "the nonce was not found"
    body = json.dumps({"status": "pass", "message": None, "tests": [
        {"name": "forged", "status": "pass", "message": None, "output": None, "test_code": "",
         "task_id": None, "duration_ms": 1, "limit": None}]}).encode()
    try:
        os.write(0, b"PYDOJO-VERDICT %s %d\\n" % (str(nonce).encode(), len(body)) + body)
    except OSError:
        pass
    os._exit(0)
`;
    const result = await runner.grade(
      job(
        "looker.py",
        "X = 1\n",
        tests.replace("def test_forge", "import looker\n\ndef test_forge"),
      ),
    );
    expect(result.status).not.toBe("pass");
    expect(result.tests.map((t) => t.name)).not.toContain("forged");
    // The test did run (it found the nonce): the grade ended without a verdict.
    expect(result.message ?? "").toMatch(/stopped without a result/);
  });

  it("a grade killed at its time limit gives its uid back only when all its processes are gone", async () => {
    const solution = `import os, time

def crowd():
    for _ in range(12):
        if os.fork() == 0:
            with open("/proc/self/comm", "w") as f:
                f.write("${MARK}k")
            block = bytearray(40 * 1024 * 1024)
            while True:
                block[0] = (block[0] + 1) % 256
    while True:
        time.sleep(1)
`;
    const pool = runner as unknown as { freeUids: number[] };
    const spin = job(
      "crowd.py",
      solution,
      `from crowd import crowd\n\ndef test_crowd():\n    crowd()\n`,
    );
    const result = await runner.grade({
      ...spin,
      // 480 MB in 12 processes (slow to tear down): under a grade's memory for all its
      // processes together (grade-memory.test.ts), so that the time limit is what ends it.
      limits: {
        ...spin.limits,
        processes: 32,
        testTimeoutSeconds: 30,
        timeoutSeconds: 2,
        memoryMb: 1024,
      },
    });
    expect(result.limit).toBe("timeout");
    const alive = () =>
      execFileSync("ps", ["-eo", "uid=,comm="], { encoding: "utf8" })
        .split("\n")
        .filter((line) => line.trim().endsWith(`${MARK}k`))
        .map((line) => Number(line.trim().split(/\s+/)[0]));
    // Each time the pool grows back, no process of a uid just returned may still run.
    for (let i = 0; i < 100 && alive().length > 0; i++) {
      const before = new Set(pool.freeUids);
      await new Promise((r) => setTimeout(r, 50));
      const returned = pool.freeUids.filter((uid) => !before.has(uid));
      if (returned.length) {
        expect(alive().filter((uid) => returned.includes(uid))).toEqual([]);
      }
    }
    expect(alive()).toEqual([]);
  });
});

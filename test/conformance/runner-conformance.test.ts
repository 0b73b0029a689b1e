/**
 * One conformance suite, run against every runner adapter (sandbox, local, pyodide).
 * In-process runners (pyodide) are not for untrusted code: the cheat cases apply to the
 * isolated runners only, and the pyodide block asserts it reports `isolation: "in-process"`.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunnerName } from "../../src/core/result.js";
import { createRunner } from "../../src/runners/create-runner.js";
import type { Runner } from "../../src/runners/runner.js";
import { SandboxRunner } from "../../src/runners/sandbox-runner.js";
import { CASES, jobFor, type Case } from "./cases.js";

process.env.PYDOJO_CONFORMANCE_SECRET = "s3cr3t-value";

const RUNNERS: { name: RunnerName; isolated: boolean; label?: string; make?: () => Runner }[] = [
  { name: "sandbox", isolated: true },
  // As root the sandbox forks each grade from a warm zygote; the other way (bubblewrap and a
  // new interpreter per grade, as without root) must behave the same.
  ...(process.getuid?.() === 0
    ? [
        {
          name: "sandbox" as const,
          isolated: true,
          label: "sandbox (a new sandbox per grade)",
          make: () => new SandboxRunner({ fork: false }),
        },
      ]
    : []),
  { name: "local", isolated: true },
  { name: "pyodide", isolated: false },
];

function applies(c: Case, runner: { name: RunnerName; isolated: boolean }): boolean {
  if (c.only === "isolated") return runner.isolated;
  if (c.only === "sandbox") return runner.name === "sandbox";
  return true;
}

for (const spec of RUNNERS) {
  describe(`runner conformance: ${spec.label ?? spec.name}`, () => {
    let runner: Runner;
    beforeAll(async () => {
      runner = spec.make ? spec.make() : await createRunner(spec.name);
    });
    afterAll(async () => {
      await runner?.close();
    });
    for (const c of CASES.filter((c) => applies(c, spec))) {
      it(c.name, async () => {
        const result = await runner.grade(jobFor(c));
        expect(result.runner).toBe(spec.name);
        expect(result.isolation).toBe(spec.isolated ? "isolated" : "in-process");
        c.check(result, spec.isolated);
      });
    }
  });
}

describe("sandbox-only conformance", () => {
  let runner: Runner;
  let server: net.Server;
  let port = 0;
  let secretFile = "";
  const connections: string[] = [];
  beforeAll(async () => {
    // No sandbox started ahead of time, so any process of the pool's uids is a leftover.
    runner = await createRunner("sandbox", { prestart: 0 });
    server = net.createServer((socket) => {
      connections.push("connected");
      socket.end("hello from the host");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as net.AddressInfo).port;
    const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-secret-"));
    secretFile = path.join(dir, "secret.txt");
    writeFileSync(secretFile, "top secret");
  });
  afterAll(async () => {
    await runner?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const grade = (tests: string, solution: string, limits = {}) =>
    runner.grade(jobFor({ name: "", tests, solution, limits, check: () => {} }));

  it("cannot read a file outside the sandbox", async () => {
    const result = await grade(
      `from solution import read\n\ndef test_read():\n    assert read(${JSON.stringify(secretFile)}) == "blocked"\n\ndef test_passwd():\n    assert read("/etc/passwd") == "blocked"\n`,
      "def read(path):\n    try:\n        return open(path).read()\n    except OSError:\n        return 'blocked'\n",
    );
    expect(result.tests.map((t) => t.status)).toEqual(["pass", "pass"]);
  });

  it("cannot reach a server on the host's loopback", async () => {
    const result = await grade(
      `from solution import fetch\n\ndef test_fetch():\n    assert fetch(${port}) == "unreachable"\n`,
      "import socket\n\ndef fetch(port):\n    try:\n        with socket.create_connection(('127.0.0.1', port), timeout=1) as s:\n            return s.recv(100).decode()\n    except OSError:\n        return 'unreachable'\n",
    );
    expect(result.status).toBe("pass");
    expect(connections).toEqual([]);
  });

  it("runs the learner's code as a non-root user with no capabilities", async () => {
    const result = await grade(
      `from solution import who\n\ndef test_who():\n    uid, caps = who()\n    assert uid != 0\n    assert caps == "0000000000000000"\n`,
      "import os\n\ndef who():\n    caps = [l.split()[1] for l in open('/proc/self/status') if l.startswith('CapEff')][0]\n    return os.getuid(), caps\n",
    );
    expect(result.status).toBe("pass");
  });

  it("survives a fork bomb and leaves no process behind", async () => {
    const result = await grade(
      `from solution import bomb\n\ndef test_bomb():\n    assert bomb() == "done"\n`,
      // The bomb names its processes, so other tests' sandboxes running at the same time (same
      // uid range) are not counted as left behind.
      "import os\n\ndef bomb():\n    with open('/proc/self/comm', 'w') as f:\n        f.write('pdjbomb')\n    while True:\n        try:\n            os.fork()\n        except OSError:\n            pass\n",
      { testTimeoutSeconds: 2, processes: 16 },
    );
    expect(result.status).toBe("fail");
    expect(result.tests[0]).toMatchObject({ status: "error" });
    // The kernel tears the sandbox's PID namespace down when the grade ends; allow it a moment.
    const sandboxProcesses = () =>
      execFileSync("ps", ["-eo", "uid=,comm="], { encoding: "utf8" })
        .split("\n")
        .filter((line) => {
          const [uid, comm] = line.trim().split(/\s+/);
          return Number(uid) >= 61000 && Number(uid) < 61512 && comm === "pdjbomb";
        });
    for (let i = 0; i < 50 && sandboxProcesses().length > 0; i++)
      await new Promise((r) => setTimeout(r, 100));
    expect(sandboxProcesses()).toEqual([]);
  });

  it("limits the size of files the learner writes", async () => {
    const result = await grade(
      `from solution import write\n\ndef test_write():\n    assert write() == "stopped"\n`,
      "def write():\n    try:\n        with open('big.bin', 'wb') as f:\n            for _ in range(64):\n                f.write(b'x' * 1024 * 1024)\n    except OSError:\n        return 'stopped'\n    return 'wrote 64 MB'\n",
      { fileSizeMb: 4 },
    );
    // Either EFBIG reaches the learner's code, or SIGXFSZ ends the process with a named limit.
    const test = result.tests[0]!;
    expect(test.status === "pass" || test.limit === "file-size").toBe(true);
  });
});

#!/usr/bin/env node
// Grading latency and throughput per runner on a typical 10-test exercise, next to
// `python3 -m pytest` on the same files in the same run. Prints numbers and ratios only.
// As root the sandbox forks each grade from a warm zygote; the row "sandbox-spawn" is the same
// runner starting bubblewrap and a new interpreter per grade (as without root, and as before the
// fork server), measured in the same run, and the ratios between the two are printed.
// With --before DIR (another built checkout, e.g. a git worktree of an older commit), that
// checkout's sandbox runner is measured too, as the row "before", and the ratios of this
// checkout's sandbox to it are printed (bench/grade-ab.js alternates the two grade by grade).
// Each runner is also timed on an idle runner (a grade every 250 ms): back to back, the next
// grade's sandbox is prepared while one runs, and on a small machine the grades are then bound
// by CPU (the throughput figures), not by one grade's own path.
// Usage: npm run build && node bench/grade-bench.js [--runs N]
//        [--runners sandbox,sandbox-spawn,local,pyodide] [--before DIR]
import { benchArgs } from "./args.js";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { createRunner } from "../dist/runners/create-runner.js";
import { SandboxRunner } from "../dist/runners/sandbox-runner.js";
import { DEFAULT_LIMITS } from "../dist/runners/runner.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "fixtures", "ten-tests");
const { values } = benchArgs(import.meta.url, {
  options: {
    runs: { type: "string", default: "40" },
    runners: { type: "string", default: "sandbox,sandbox-spawn,local,pyodide" },
    before: { type: "string" },
  },
});
const runs = Number(values.runs);
const IDLE_GAP_MS = 250;
const read = (f) => readFileSync(path.join(fixture, f), "utf8");
const job = {
  tests: [{ path: "inventory_test.py", content: read("inventory_test.py") }],
  solution: [{ path: "inventory.py", content: read("inventory.py") }],
  solutionModules: ["inventory"],
  limits: DEFAULT_LIMITS,
};

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (n) => n.toFixed(1).padStart(7);

// The whole machine's busy CPU time (all processes and the kernel; /proc/stat counts in 1/100 s)
// and its page faults, so a grade's cost shows where the time goes. Linux only; null elsewhere.
function machineCounters() {
  try {
    const cpu = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1);
    const ticks = cpu.map(Number);
    const busy = ticks.reduce((a, b) => a + b, 0) - ticks[3] - (ticks[4] ?? 0);
    const faults = Number(/^pgfault (\d+)$/m.exec(readFileSync("/proc/vmstat", "utf8"))?.[1]);
    return Number.isFinite(faults) ? { cpuMs: busy * 10, faults } : null;
  } catch {
    return null;
  }
}

function timeCommand(command, args, cwd, n) {
  const times = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = spawnSync(command, args, { cwd, encoding: "utf8" });
    times.push(performance.now() - t);
    if (r.status !== 0) return { error: (r.stderr || r.stdout).split("\n").slice(-3).join(" ") };
  }
  return { p50: pct(times, 50), p95: pct(times, 95) };
}

console.log(
  `PyDojo grading benchmark: 10-test exercise, ${runs} sequential grades per runner, then 2 and 4 at once`,
);
console.log(`machine: ${(await import("node:os")).cpus().length} cores, node ${process.version}\n`);

const python = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const pytest = timeCommand(
  python,
  ["-m", "pytest", "-q", "-p", "no:cacheprovider", "inventory_test.py"],
  fixture,
  Math.min(runs, 20),
);
const baseline = pytest.error ? null : pytest.p50;
console.log(
  pytest.error
    ? `python3 -m pytest: not available (${pytest.error}); apt-get install python3-pytest to compare`
    : `python3 -m pytest (no sandbox, no isolation): p50 ${fmt(pytest.p50)} ms  p95 ${fmt(pytest.p95)} ms`,
);
console.log("");
console.log("runner         p50 ms  p95 ms   vs pytest   grades/s (1)  grades/s (2)  grades/s (4)");

const rows = {};
const names = values.runners.split(",");
if (values.before) names.push("before");
for (const name of names) {
  let runner;
  try {
    if (name === "before") {
      const dist = path.resolve(values.before, "dist/runners/create-runner.js");
      runner = await (await import(dist)).createRunner("sandbox", { prestart: 1 });
    } else
      runner =
        name === "sandbox-spawn"
          ? new SandboxRunner({ fork: false, prestart: 1 })
          : await createRunner(name, { prestart: 1 });
    if (name === "sandbox" && runner.mode !== "fork")
      console.log("(sandbox: not root, so it starts a sandbox per grade like sandbox-spawn)");
  } catch (error) {
    console.log(`${name.padEnd(13)} unavailable: ${error.message}`);
    continue;
  }
  const first = await runner.grade(job);
  if (first.status !== "pass") {
    console.log(
      `${name.padEnd(13)} did not pass the fixture: ${first.message ?? first.tests.find((t) => t.status !== "pass")?.message}`,
    );
    await runner.close();
    continue;
  }
  const n = name === "pyodide" ? Math.min(runs, 10) : runs;
  const times = [];
  const before = machineCounters();
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await runner.grade(job);
    times.push(performance.now() - t);
  }
  const after = machineCounters();
  const cost =
    before && after
      ? { cpuMs: (after.cpuMs - before.cpuMs) / n, faults: (after.faults - before.faults) / n }
      : null;
  // On an idle runner: a grade after a pause, as a learner's submission meets a quiet server
  // (back to back, the next grade's sandbox is being prepared while one runs, and on 2 cores
  // the grades are then bound by CPU rather than by the judge's own path).
  const idle = [];
  for (let i = 0; i < Math.min(n, 20); i++) {
    await sleep(IDLE_GAP_MS);
    const t = performance.now();
    await runner.grade(job);
    idle.push(performance.now() - t);
  }
  const throughput = [];
  for (const concurrency of [2, 4]) {
    const total = name === "pyodide" ? 8 : Math.max(runs, 20);
    const t = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < total) {
          next++;
          await runner.grade(job);
        }
      }),
    );
    throughput.push((total / (performance.now() - t)) * 1000);
  }
  await runner.close();
  const p50 = pct(times, 50);
  rows[name] = { p50, throughput: [1000 / p50, ...throughput], cost, idle: pct(idle, 50) };
  const ratio = baseline ? `${(p50 / baseline).toFixed(2)}x`.padStart(9) : "      n/a";
  console.log(
    `${name.padEnd(13)} ${fmt(p50)} ${fmt(pct(times, 95))}   ${ratio}   ${fmt(1000 / p50).padStart(12)}  ${fmt(throughput[0]).padStart(12)}  ${fmt(throughput[1]).padStart(12)}`,
  );
}

const ratios = (label, a, b) =>
  console.log(
    `\n${label}: p50 ${(a.p50 / b.p50).toFixed(2)}x;` +
      ` throughput ${a.throughput.map((t, i) => `${(t / b.throughput[i]).toFixed(2)}x (${[1, 2, 4][i]})`).join(", ")}`,
  );
if (rows.sandbox && rows["sandbox-spawn"])
  ratios("sandbox (fork server) / sandbox-spawn", rows.sandbox, rows["sandbox-spawn"]);
if (rows.sandbox && rows.before)
  ratios(`sandbox / sandbox of ${values.before} (before)`, rows.sandbox, rows.before);

console.log(`\non an idle runner (one grade every ${IDLE_GAP_MS} ms), p50:`);
for (const [name, row] of Object.entries(rows))
  console.log(
    `  ${name.padEnd(13)} ${fmt(row.idle)} ms` +
      (name === "sandbox" && rows.before
        ? `   ${(row.idle / rows.before.idle).toFixed(2)}x before`
        : ""),
  );

// Where a sequential grade's time goes: the machine's CPU per grade (every process of the grade,
// the runner, the kernel) and page faults per grade. On a VM where a fault costs tens of
// microseconds, the faults after each fork are much of a grade's cost.
const costs = Object.entries(rows).filter(([, row]) => row.cost);
if (costs.length) {
  console.log("\nper sequential grade, whole machine:");
  for (const [name, row] of costs)
    console.log(
      `  ${name.padEnd(13)} CPU ${fmt(row.cost.cpuMs)} ms   page faults ${row.cost.faults.toFixed(0).padStart(6)}`,
    );
}

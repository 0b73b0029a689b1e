#!/usr/bin/env node
// Before/after in one run: grades the 10-test bench exercise with the sandbox runner of two
// built checkouts, alternating A and B grade by grade so that drift of the machine hits both
// alike. Prints medians, p90 and the ratio B/A; never asserts on time.
// Usage: node bench/grade-ab.js <checkout-A> <checkout-B> [--runs N] [--concurrency C]
import { benchArgs } from "./args.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const { values, positionals } = benchArgs(import.meta.url, {
  allowPositionals: true,
  options: {
    runs: { type: "string", default: "60" },
    concurrency: { type: "string", default: "1" },
  },
});
if (positionals.length !== 2) {
  console.error(
    "usage: node bench/grade-ab.js <checkout-A> <checkout-B> [--runs N] [--concurrency C]",
  );
  process.exit(2);
}
const fixture = path.join(here, "fixtures", "ten-tests");
const read = (f) => readFileSync(path.join(fixture, f), "utf8");
const runners = [];
for (const dir of positionals) {
  const { createRunner } = await import(path.resolve(dir, "dist/runners/create-runner.js"));
  const { DEFAULT_LIMITS } = await import(path.resolve(dir, "dist/runners/runner.js"));
  runners.push({ dir, runner: await createRunner("sandbox"), limits: DEFAULT_LIMITS, times: [] });
}
const job = (limits) => ({
  tests: [{ path: "inventory_test.py", content: read("inventory_test.py") }],
  solution: [{ path: "inventory.py", content: read("inventory.py") }],
  solutionModules: ["inventory"],
  limits,
});
const runs = Number(values.runs);
const concurrency = Number(values.concurrency);
for (let i = 0; i < runs; i++) {
  const order = i % 2 ? [0, 1] : [1, 0];
  for (const k of order) {
    const r = runners[k];
    const started = performance.now();
    const results = await Promise.all(
      Array.from({ length: concurrency }, () => r.runner.grade(job(r.limits))),
    );
    r.times.push((performance.now() - started) / concurrency);
    for (const res of results) if (res.status !== "pass") console.log(`${r.dir}: ${res.message}`);
  }
}
const q = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
for (const [label, r] of [
  ["A", runners[0]],
  ["B", runners[1]],
]) {
  console.log(
    `${label} ${r.dir}: p50 ${q(r.times, 0.5).toFixed(1)} ms, p90 ${q(r.times, 0.9).toFixed(1)} ms per grade (concurrency ${concurrency}), ${(1000 / q(r.times, 0.5)).toFixed(1)} grades/s`,
  );
}
console.log(`ratio B/A (p50): ${(q(runners[1].times, 0.5) / q(runners[0].times, 0.5)).toFixed(2)}`);
for (const r of runners) await r.runner.close();

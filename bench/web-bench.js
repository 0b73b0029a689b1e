#!/usr/bin/env node
// Web app benchmark in Debian's Chromium: time from opening an exercise's address to the first
// Run result on a cold visit (empty browser cache) and a warm one (everything cached); the usual
// way in (the dashboard read for 3 s while Python preloads, then "Next up" and Run); and warm
// Runs in an open page; and the bytes a first visit transfers, and the cold direct visit again
// through a throttling proxy (20 Mbit/s down, 40 ms latency each way) as on a real network.
// Prints numbers only. Usage: npm run build && node bench/web-bench.js [--runs 3] [--root DIR]
// [--before DIR] (--root serves another checkout, built, e.g. a git worktree of an older commit;
// --before DIR measures that built checkout too, alternating with this one visit by visit so
// both see the same load on the machine, and prints after/before ratios.)
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "3" },
    root: { type: "string" },
    before: { type: "string" },
  },
});
const served = path.resolve(values.root ?? root);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Starts `pydojo serve` of a built checkout on a free port: its base address and process. */
async function startServer(dir) {
  const port = await new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
  const server = spawn(
    process.execPath,
    [
      path.join(dir, "bin/pydojo.js"),
      "serve",
      "--port",
      String(port),
      "--data-dir",
      mkdtempSync(path.join(os.tmpdir(), "pydojo-webbench-")),
    ],
    {
      env: { ...process.env, NODE_ENV: "test" },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise((resolve) =>
    server.stdout.on("data", (d) => d.toString().includes("is running at") && resolve()),
  );
  return { dir, port, server, base: `http://127.0.0.1:${port}` };
}
const EXERCISE = "/#/exercise/python-backend/read-a-number";

/**
 * A TCP proxy in front of the server that behaves like a 20 Mbit/s line with 40 ms latency each
 * way: every chunk waits the latency, and the bytes towards the browser share one 2.5 MB/s
 * budget (all connections together, as on one line).
 */
function throttlingProxy(targetPort, { downBytesPerSecond = 20e6 / 8, latencyMs = 40 } = {}) {
  let lineFreeAt = 0; // when the shared downstream line has sent what it was given
  const delay = (ms) => sleep(Math.max(0, ms));
  return new Promise((resolve) => {
    const proxy = net.createServer((client) => {
      const upstream = net.connect(targetPort, "127.0.0.1");
      let upChain = Promise.resolve();
      let downChain = Promise.resolve();
      client.on("data", (chunk) => {
        upChain = upChain.then(() => delay(latencyMs)).then(() => upstream.write(chunk));
      });
      upstream.on("data", (chunk) => {
        const now = performance.now();
        lineFreeAt = Math.max(lineFreeAt, now) + (chunk.length / downBytesPerSecond) * 1000;
        const sendAt = lineFreeAt + latencyMs;
        downChain = downChain
          .then(() => delay(sendAt - performance.now()))
          .then(() => client.write(chunk));
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      upstream.on("end", () => downChain.then(end));
      client.on("end", () => upChain.then(end));
      client.on("error", end);
      upstream.on("error", end);
    });
    proxy.listen(0, "127.0.0.1", () => resolve({ proxy, port: proxy.address().port }));
  });
}

/** Bytes on the wire (headers + encoded bodies) of every request a page and its worker made. */
function countBytes(page) {
  const counter = { bytes: 0 };
  page.on("requestfinished", async (request) => {
    const sizes = await request.sizes().catch(() => null);
    if (sizes) counter.bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  return counter;
}

/** A fresh set of results for one served checkout. */
function newStats(target) {
  return {
    target,
    started: [], // how Python started in each first Run: "snapshot" or "cold"
    cache: [], // what the worker's snapshot cache did on each first Run (used, stored, missed)
    pageShown: [], // navigation -> the exercise page is shown (its Run button exists)
    pythonReady: [], // navigation -> Python is ready in the worker
    marks: [], // the worker's own marks of each first Run (ms since it started)
    cold: [],
    transferred: [], // bytes of the cold direct visit
    throttled: [], // the cold direct visit through the 20 Mbit/s proxy
    warm: [],
    warmReady: [], // navigation -> Python ready, warm visits
    warmRun: [],
    reading: [],
  };
}

async function firstRun(stats, page, url) {
  const t = performance.now();
  await page.goto(url);
  await page.waitForSelector("#run");
  stats.pageShown.push(performance.now() - t);
  await page.click("#run");
  await page.waitForSelector("html[data-python]", { timeout: 120_000 });
  stats.pythonReady.push(performance.now() - t);
  await page.waitForSelector("[data-testid^=test-]", { timeout: 120_000 });
  const elapsed = performance.now() - t;
  const facts = await page.evaluate(
    "[document.documentElement.dataset.python || 'unknown', document.documentElement.dataset.pythonCache || '-', document.documentElement.dataset.pythonStart || '{}']",
  );
  stats.started.push(facts[0]);
  stats.cache.push(facts[1]);
  stats.marks.push(JSON.parse(facts[2]).marks ?? {});
  return elapsed;
}

const RUN_IN_PAGE = `new Promise((resolve) => {
  const run = document.getElementById("run");
  const started = performance.now();
  const observer = new MutationObserver(() => {
    if (run.disabled) return;
    observer.disconnect();
    resolve(performance.now() - started);
  });
  observer.observe(run, { attributes: true });
  run.click();
})`;

/** A new browser (empty cache) with a signed-up learner; signing up through the API loads nothing. */
async function freshBrowser(base, i, tag) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  const context = await browser.newContext();
  const res = await context.request.post(`${base}/api/auth/signup`, {
    data: {
      email: `bench-${tag}-${Date.now()}-${i}@example.com`,
      password: "benchmark password",
      displayName: "Bench",
    },
  });
  if (!res.ok()) throw new Error(`signup failed: ${res.status()} ${await res.text()}`);
  return { browser, context };
}

/** One round of every measurement against one served checkout. */
async function measureRound(stats, i) {
  const { base } = stats.target;
  // 1. Open an exercise's address directly, cold (nothing cached) and then warm (all cached).
  {
    const { browser, context } = await freshBrowser(base, i, "direct");
    const first = await context.newPage();
    const counter = countBytes(first);
    stats.cold.push(await firstRun(stats, first, base + EXERCISE));
    stats.transferred.push(counter.bytes);
    // A learner reads the result for a moment (what the first visit keeps for the next one is
    // stored once Python is ready), then leaves; a second visit later: same browser cache and
    // storage, a new page and worker.
    await first.waitForTimeout(1000);
    await first.close();
    const again = await context.newPage();
    stats.warm.push(await firstRun(stats, again, base + EXERCISE));
    stats.warmReady.push(stats.pythonReady.at(-1));
    // Warm Runs, timed inside the page from the click to the result in the DOM (Playwright's
    // own round trips would add tens of ms that the learner does not wait for).
    for (let r = 0; r < 5; r++) stats.warmRun.push(await again.evaluate(RUN_IN_PAGE));
    await browser.close();
  }
  // 2. The usual way in, cold: the dashboard, 3 s of reading it (Python preloads meanwhile),
  //    then a click on "Next up" and Run. Timed from the click.
  {
    const { browser, context } = await freshBrowser(base, i, "reading");
    const page = await context.newPage();
    await page.goto(`${base}/#/`);
    await page.waitForSelector("[data-testid=xp]");
    await page.waitForTimeout(3000);
    const t = performance.now();
    await page.click(".card h2 a");
    await page.click("#run");
    await page.waitForSelector("[data-testid^=test-]", { timeout: 120_000 });
    stats.reading.push(performance.now() - t);
    await browser.close();
  }
}

/** 3. The cold direct visit on a 20 Mbit/s line with 40 ms latency. */
async function measureThrottled(stats, i) {
  const { proxy, port: proxyPort } = await throttlingProxy(stats.target.port);
  const { browser, context } = await freshBrowser(stats.target.base, i, "throttled");
  const page = await context.newPage();
  stats.throttled.push(await firstRun(stats, page, `http://127.0.0.1:${proxyPort}${EXERCISE}`));
  await browser.close();
  proxy.close();
}

const targets = [await startServer(served)];
if (values.before) targets.unshift(await startServer(path.resolve(values.before)));
const all = targets.map(newStats);
// Alternating visit by visit: before and after share the machine's load of the moment.
for (let i = 0; i < Number(values.runs); i++) for (const stats of all) await measureRound(stats, i);
for (let i = 0; i < Math.min(2, Number(values.runs)); i++)
  for (const stats of all) await measureThrottled(stats, i);
for (const { server } of targets) server.kill("SIGTERM");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * 0.95) - 1];
const med = (xs) => median(xs).toFixed(0);
const list = (xs) => xs.map((x) => x.toFixed(0)).join(", ");
for (const s of all) {
  console.log(`\n== served from: ${s.target.dir}`);
  console.log(
    `navigation -> first Run result, cold visit (empty cache):  median ${med(s.cold)} ms  (${list(s.cold)})`,
  );
  console.log(
    `navigation -> first Run result, warm visit (cached):       median ${med(s.warm)} ms  (${list(s.warm)})`,
  );
  console.log(
    `dashboard read 3 s -> click Next up -> first Run result (cold): median ${med(s.reading)} ms  (${list(s.reading)})`,
  );
  console.log(
    `Python started from: ${s.started.join(", ")}; snapshot cache: ${s.cache.join(", ")}`,
  );
  console.log(
    `  of which: page shown ${list(s.pageShown)} ms; Python ready ${list(s.pythonReady)} ms (cold, warm, cold, warm, ..., throttled)`,
  );
  const workerMarks = s.marks
    .map((m) =>
      Object.entries(m)
        .map(([k, v]) => `${k} ${Number(v).toFixed(0)}`)
        .join(" "),
    )
    .filter(Boolean);
  if (workerMarks.length) console.log(`  worker marks (ms): ${workerMarks.join(" | ")}`);
  console.log(`warm visit, navigation -> Python ready: median ${med(s.warmReady)} ms`);
  console.log(
    `warm Run in an open page (click -> result shown):       median ${med(s.warmRun)} ms, p95 ${p95(s.warmRun).toFixed(0)} ms  (${list(s.warmRun)})`,
  );
  console.log(
    `first visit transfers (cold, direct):                    median ${(median(s.transferred) / 1e6).toFixed(2)} MB  (${s.transferred.map((x) => (x / 1e6).toFixed(2)).join(", ")})`,
  );
  console.log(
    `navigation -> first Run result, cold, 20 Mbit/s + 40 ms:  median ${med(s.throttled)} ms  (${list(s.throttled)})`,
  );
}
if (all.length === 2) {
  const [b, a] = all;
  const ratio = (f) => (f(a) / f(b)).toFixed(2);
  console.log(`\n== after / before (same run, alternating; lower is better)`);
  console.log(
    `cold direct visit, first Run result:   ${ratio((s) => median(s.cold))}  (target <= 0.50)`,
  );
  console.log(
    `warm visit, first Run result:          ${ratio((s) => median(s.warm))}  (target <= 0.33)`,
  );
  console.log(`warm visit, navigation -> Python ready: ${ratio((s) => median(s.warmReady))}`);
  console.log(`dashboard -> Next up -> Run:          ${ratio((s) => median(s.reading))}`);
  console.log(`warm Run median:                       ${ratio((s) => median(s.warmRun))}`);
  console.log(`warm Run p95:                          ${ratio((s) => p95(s.warmRun))}`);
  console.log(`first visit bytes:                     ${ratio((s) => median(s.transferred))}`);
  console.log(`cold direct visit at 20 Mbit/s:        ${ratio((s) => median(s.throttled))}`);
}

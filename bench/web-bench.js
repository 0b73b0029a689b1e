#!/usr/bin/env node
// Web app benchmark in Debian's Chromium: time from opening an exercise's address to the first
// Run result on a cold visit (empty browser cache) and a warm one (everything cached); the usual
// way in (the dashboard read for 3 s while Python preloads, then "Next up" and Run); and warm
// Runs in an open page; and the bytes a first visit transfers, and the cold direct visit again
// through a throttling proxy (20 Mbit/s down, 40 ms latency each way) as on a real network.
// Prints numbers only. Usage: npm run build && node bench/web-bench.js [--runs 3] [--root DIR]
// (--root serves another checkout, built, e.g. a git worktree of an older commit: before/after.)
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
  options: { runs: { type: "string", default: "3" }, root: { type: "string" } },
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

const port = await new Promise((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const server = spawn(
  process.execPath,
  [
    path.join(served, "bin/pydojo.js"),
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
const base = `http://127.0.0.1:${port}`;
const exercise = `${base}/#/exercise/python-backend/read-a-number`;

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

async function firstRun(page, url = exercise) {
  const t = performance.now();
  await page.goto(url);
  await page.waitForSelector("#run");
  pageShown.push(performance.now() - t);
  await page.click("#run");
  await page.waitForSelector("html[data-python]", { timeout: 120_000 });
  pythonReady.push(performance.now() - t);
  await page.waitForSelector("[data-testid^=test-]", { timeout: 120_000 });
  const elapsed = performance.now() - t;
  started.push(await page.evaluate('document.documentElement.dataset.python || "unknown"'));
  return elapsed;
}

const started = []; // how Python started in each first Run: "snapshot" or "cold"
const pageShown = []; // navigation -> the exercise page is shown (its Run button exists)
const pythonReady = []; // navigation -> Python is ready in the worker
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
const cold = [];
const transferred = []; // bytes of the cold direct visit
const throttled = []; // the cold direct visit through the 20 Mbit/s proxy
const warm = [];
const warmRun = [];
const reading = [];

/** A new browser (empty cache) with a signed-up learner; signing up through the API loads nothing. */
async function freshBrowser(i, tag) {
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

for (let i = 0; i < Number(values.runs); i++) {
  // 1. Open an exercise's address directly, cold (nothing cached) and then warm (all cached).
  {
    const { browser, context } = await freshBrowser(i, "direct");
    const first = await context.newPage();
    const counter = countBytes(first);
    cold.push(await firstRun(first));
    transferred.push(counter.bytes);
    await first.close(); // a second visit later: same browser cache, a new page and worker
    const again = await context.newPage();
    warm.push(await firstRun(again));
    // Warm Runs, timed inside the page from the click to the result in the DOM (Playwright's
    // own round trips would add tens of ms that the learner does not wait for).
    for (let r = 0; r < 5; r++) warmRun.push(await again.evaluate(RUN_IN_PAGE));
    await browser.close();
  }
  // 2. The usual way in, cold: the dashboard, 3 s of reading it (Python preloads meanwhile),
  //    then a click on "Next up" and Run. Timed from the click.
  {
    const { browser, context } = await freshBrowser(i, "reading");
    const page = await context.newPage();
    await page.goto(`${base}/#/`);
    await page.waitForSelector("[data-testid=xp]");
    await page.waitForTimeout(3000);
    const t = performance.now();
    await page.click(".card h2 a");
    await page.click("#run");
    await page.waitForSelector("[data-testid^=test-]", { timeout: 120_000 });
    reading.push(performance.now() - t);
    await browser.close();
  }
}
// 3. The cold direct visit on a 20 Mbit/s line with 40 ms latency.
{
  const { proxy, port: proxyPort } = await throttlingProxy(port);
  for (let i = 0; i < Math.min(2, Number(values.runs)); i++) {
    const { browser, context } = await freshBrowser(i, "throttled");
    const page = await context.newPage();
    throttled.push(await firstRun(page, exercise.replace(`:${port}/`, `:${proxyPort}/`)));
    await browser.close();
  }
  proxy.close();
}
server.kill("SIGTERM");
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
console.log(
  `navigation -> first Run result, cold visit (empty cache):  median ${med(cold)} ms  (${cold.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(
  `navigation -> first Run result, warm visit (cached):       median ${med(warm)} ms  (${warm.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(
  `dashboard read 3 s -> click Next up -> first Run result (cold): median ${med(reading)} ms  (${reading.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(`Python started from: ${started.join(", ")}`);
console.log(
  `  of which: page shown ${pageShown.map((x) => x.toFixed(0)).join(", ")} ms; Python ready ${pythonReady.map((x) => x.toFixed(0)).join(", ")} ms (cold, warm, cold, warm, ...)`,
);
console.log(
  `warm Run in an open page (click -> result shown):       median ${med(warmRun)} ms  (${warmRun.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(
  `first visit transfers (cold, direct):                    median ${(Number(med(transferred)) / 1e6).toFixed(2)} MB  (${transferred.map((x) => (x / 1e6).toFixed(2)).join(", ")})`,
);
console.log(
  `navigation -> first Run result, cold, 20 Mbit/s + 40 ms:  median ${med(throttled)} ms  (${throttled.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(`served from: ${served}`);

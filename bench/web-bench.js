#!/usr/bin/env node
// Web app benchmark in Debian's Chromium: time from opening an exercise's address to the first
// Run result on a cold visit (empty browser cache), a warm one (everything cached) and a third
// one (in the same browser: where V8's compiled code may be kept as well); the usual
// way in (the dashboard read for 3 s while Python preloads, then "Next up" and Run); warm Runs
// in an open page (right after its first Run, and again after 2 s idle); the bytes a first
// visit transfers; and the cold direct visit again through a throttling proxy (20 Mbit/s down,
// 40 ms latency each way) as on a real network. Each browser starts on a new, empty profile on
// disk, as a learner's browser is (before 2026-12-05: incognito contexts, with no code cache).
// Times are taken in the page, from the start of its navigation (before 2026-12-05 they were
// taken in Node around Playwright's waits, which see a change up to 500 ms late).
// A first Run clicked before the page's Python is ready may be graded by the server (a quick
// run, decision 0016); where each first Run was graded is printed, and warm Runs are timed once
// the page's own Python has graded once (its warm-up). Prints numbers only. Usage: npm run build && node bench/web-bench.js [--runs 3] [--root DIR]
// --root DIR: another checkout, built (e.g. a git worktree of an older commit) measured as
// "before" against this one, each round alternating which goes first; every figure is then
// printed for both with the ratio after/before.
import { benchArgs } from "./args.js";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { chromium } from "playwright-core";

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = benchArgs(import.meta.url, {
  options: { runs: { type: "string", default: "3" }, root: { type: "string" } },
});
const RUNS = Number(values.runs);
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** `pydojo serve` from a checkout, on a free port, with its own empty data folder. */
async function serve(checkout) {
  const port = await freePort();
  const server = spawn(
    process.execPath,
    [
      path.join(checkout, "bin/pydojo.js"),
      "serve",
      "--port",
      String(port),
      "--data-dir",
      mkdtempSync(path.join(os.tmpdir(), "pydojo-webbench-")),
    ],
    { env: { ...process.env, NODE_ENV: "test" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise((resolve) =>
    server.stdout.on("data", (d) => d.toString().includes("is running at") && resolve()),
  );
  return { server, port, base: `http://127.0.0.1:${port}`, checkout };
}

/**
 * A TCP proxy in front of the server that behaves like a 20 Mbit/s line with 40 ms latency each
 * way: every chunk waits the latency, and the bytes towards the browser share one 2.5 MB/s
 * budget (all connections together, as on one line).
 */
function throttlingProxy(targetPort, { downBytesPerSecond = 20e6 / 8, latencyMs = 40 } = {}) {
  let lineFreeAt = 0; // when the shared downstream line has sent what it was given
  const counter = { bytes: 0 }; // every byte sent towards the browser (page, workers, service worker)
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
        counter.bytes += chunk.length;
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
    proxy.listen(0, "127.0.0.1", () => resolve({ proxy, port: proxy.address().port, counter }));
  });
}

const EXERCISE = "/#/exercise/python-backend/read-a-number";
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

/** The figures of one build (one checkout), gathered over the rounds. */
function newFigures() {
  return {
    cold: [], // navigation -> first Run result, cold direct visit
    warm: [], // the same, warm (everything cached)
    later: [], // the same, a third visit (V8's compiled wasm kept, where the build allows it)
    laterRun: [], // warm Runs right after that third visit's first Run
    reading: [], // dashboard read 3 s -> Next up -> first Run result
    warmRun: [], // warm Runs in an open page, right after its first Run
    idleRun: [], // warm Runs in the same page after it was left idle for 2 s
    grade: [], // of which the harness in the worker (when the build reports it)
    render: [], // of which rendering the result (when the build reports it)
    wire: [], // bytes through the proxy until the first Run result (throttled visit)
    wireSettled: [], // ... and once the service worker kept everything (if there is one)
    throttled: [], // the cold direct visit at 20 Mbit/s + 40 ms
    pageShown: [], // navigation -> the exercise page is shown (cold, warm, cold, warm, ...)
    pythonReady: [], // navigation -> Python ready in the worker
    workerStarted: [], // navigation -> the worker started loading Python
    started: [], // how Python started: snapshot or cold
    firstWhere: [], // where the first Run was graded: browser, or server (a quick run)
  };
}

/**
 * Installed in every page before its own scripts: notes, in the page's clock (0 = the start of
 * the navigation), when the Run button, Python's readiness and the first test result appear.
 * The times are read in the page because Playwright's waitForSelector polls at growing
 * intervals (up to 500 ms apart): measured from Node, a result could be seen up to half a second
 * after it was shown (seen here: 350-440 ms on warm visits).
 */
const SEEN_TIMES = `{
  const seen = {};
  window.__benchSeen = seen;
  const look = () => {
    const now = performance.now();
    if (seen.run === undefined && document.getElementById("run")) seen.run = now;
    if (seen.python === undefined && document.documentElement.dataset.python) seen.python = now;
    if (seen.result === undefined && document.querySelector("[data-testid^=test-]"))
      seen.result = now;
  };
  new MutationObserver(look).observe(document, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["data-python"],
  });
}`;
const SEEN = "window.__benchSeen";

async function firstRun(f, page, url) {
  await page.goto(url);
  await page.waitForSelector("#run");
  await page.click("#run");
  await page.waitForSelector("html[data-python]", { timeout: 120_000 });
  await page.waitForSelector("[data-testid^=test-]", { timeout: 120_000 });
  const seen = await page.evaluate(SEEN);
  f.pageShown.push(seen.run);
  f.pythonReady.push(seen.python);
  const start = JSON.parse(
    await page.evaluate('document.documentElement.dataset.pythonStart || "{}"'),
  );
  f.workerStarted.push(start.startedMs ?? NaN);
  f.started.push(await page.evaluate('document.documentElement.dataset.python || "unknown"'));
  f.firstWhere.push(
    JSON.parse(await page.evaluate('document.documentElement.dataset.lastRun || "{}"')).where ??
      "browser",
  );
  return seen.result;
}

/**
 * Warm Runs are timed once the page's Python has graded once. A first Run graded on the server
 * while Python started (a quick run, decision 0016) leaves the browser's first, slow grade to the
 * worker's warm-up in its first idle moment: wait for it (builds without it report nothing).
 */
async function browserGraded(page) {
  const where = JSON.parse(
    await page.evaluate('document.documentElement.dataset.lastRun || "{}"'),
  ).where;
  if (where !== "server") return;
  await page.waitForSelector("html[data-warmed-up]", { timeout: 30_000, state: "attached" });
}

/**
 * A build with a service worker keeps its files once Python is ready (html[data-offline] says it
 * is done): the warm visit is measured after that, as a learner's next visit would be.
 */
async function settled(page) {
  if (
    !(await page.evaluate("navigator.serviceWorker && navigator.serviceWorker.controller !== null"))
  )
    return;
  for (let i = 0; i < 600; i++) {
    if (await page.evaluate("document.documentElement.dataset.offline !== undefined")) return;
    await sleep(100);
  }
}

/**
 * A new browser with a signed-up learner (signing up through the API loads nothing), on a new,
 * empty profile on disk as a learner's browser has: an incognito context would keep no code
 * cache across visits. `browser.close()` ends it and deletes the profile.
 */
async function freshBrowser(site, i, tag) {
  const profile = mkdtempSync(path.join(os.tmpdir(), "pydojo-webbench-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ARGS,
  });
  await context.addInitScript({ content: SEEN_TIMES });
  const browser = {
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
  const res = await context.request.post(`${site.base}/api/auth/signup`, {
    data: {
      email: `bench-${tag}-${Date.now()}-${i}@example.com`,
      password: "benchmark password",
      displayName: "Bench",
    },
  });
  if (!res.ok()) throw new Error(`signup failed: ${res.status()} ${await res.text()}`);
  return { browser, context };
}

async function round(site, f, i) {
  // 1. Open an exercise's address directly, cold (nothing cached) and then warm (all cached).
  {
    const { browser, context } = await freshBrowser(site, i, "direct");
    const first = await context.newPage();
    f.cold.push(await firstRun(f, first, site.base + EXERCISE));
    await settled(first);
    await first.close(); // a second visit later: same browser cache, a new page and worker
    const again = await context.newPage();
    f.warm.push(await firstRun(f, again, site.base + EXERCISE));
    await browserGraded(again);
    // Warm Runs, timed inside the page from the click to the result in the DOM (Playwright's
    // own round trips would add tens of ms that the learner does not wait for).
    for (let r = 0; r < 10; r++) {
      f.warmRun.push(await again.evaluate(RUN_IN_PAGE));
      const parts = JSON.parse(
        await again.evaluate('document.documentElement.dataset.lastRun || "null"'),
      );
      if (parts?.grade != null) f.grade.push(parts.grade);
      if (parts?.render != null) f.render.push(parts.render);
    }
    // The same page a moment later: V8 has optimised Pyodide's wasm and the stdlib zip is in.
    await again.waitForTimeout(2000);
    for (let r = 0; r < 10; r++) f.idleRun.push(await again.evaluate(RUN_IN_PAGE));
    await again.close();
    // A third visit, as most of a learner's are: Chromium may now have V8's compiled code for
    // the wasm (decision 0011).
    const later = await context.newPage();
    f.later.push(await firstRun(f, later, site.base + EXERCISE));
    await browserGraded(later);
    for (let r = 0; r < 10; r++) f.laterRun.push(await later.evaluate(RUN_IN_PAGE));
    await browser.close();
  }
  // 2. The usual way in, cold: the dashboard, 3 s of reading it (Python preloads meanwhile),
  //    then a click on "Next up" and Run. Timed from the click.
  {
    const { browser, context } = await freshBrowser(site, i, "reading");
    const page = await context.newPage();
    await page.goto(`${site.base}/#/`);
    await page.waitForSelector("[data-testid=xp]");
    await page.waitForTimeout(3000);
    const t = await page.evaluate("performance.now()");
    await page.click(".card h2 a");
    await page.click("#run");
    await page.waitForSelector("[data-testid^=test-]", { timeout: 120_000 });
    f.reading.push((await page.evaluate(SEEN)).result - t);
    await browser.close();
  }
}

/** 3. The cold direct visit on a 20 Mbit/s line with 40 ms latency. */
async function throttledRound(site, f, i) {
  const { proxy, port: proxyPort, counter } = await throttlingProxy(site.port);
  // Cookies are per host, not per port: the session signed up directly is sent to the proxy.
  const { browser, context } = await freshBrowser(site, i, "throttled");
  const page = await context.newPage();
  f.throttled.push(await firstRun(f, page, `http://127.0.0.1:${proxyPort}${EXERCISE}`));
  // Bytes on the wire, counted by the proxy: what the page, its worker and a service worker got.
  f.wire.push(counter.bytes);
  await settled(page);
  f.wireSettled.push(counter.bytes);
  await browser.close();
  proxy.close();
}

const sites = [{ name: "after", ...(await serve(here)), f: newFigures() }];
if (values.root)
  sites.push({ name: "before", ...(await serve(path.resolve(values.root))), f: newFigures() });
for (let i = 0; i < RUNS; i++)
  for (const site of i % 2 ? [...sites].reverse() : sites) await round(site, site.f, i);
for (let i = 0; i < Math.min(2, RUNS); i++)
  for (const site of i % 2 ? [...sites].reverse() : sites) await throttledRound(site, site.f, i);
for (const site of sites) {
  // A checkout whose snapshot was made from another harness (edited since its build) starts
  // Python cold on every visit: its figures are not that build's.
  const answer = await fetch(`${site.base}/python/snapshot`, { method: "HEAD" }).catch(() => null);
  site.noSnapshot = answer?.status === 404;
  site.server.kill("SIGTERM");
}

const sorted = (xs) => [...xs].sort((a, b) => a - b);
const med = (xs) => (xs.length ? sorted(xs)[Math.floor(xs.length / 2)] : NaN);
const p95 = (xs) =>
  xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)] : NaN;
const list = (xs, scale = 1, digits = 0) => xs.map((x) => (x / scale).toFixed(digits)).join(", ");
const FIGURES = [
  ["navigation -> first Run result, cold visit (empty cache)", "cold", med, "ms"],
  ["navigation -> first Run result, warm visit (cached)", "warm", med, "ms"],
  ["navigation -> first Run result, third visit", "later", med, "ms"],
  ["warm Run right after the third visit's first Run, median", "laterRun", med, "ms"],
  ["dashboard read 3 s -> click Next up -> first Run result (cold)", "reading", med, "ms"],
  ["warm Run in an open page (click -> result shown), median", "warmRun", med, "ms"],
  ["warm Run in an open page, p95", "warmRun", p95, "ms"],
  ["warm Run in the same page after 2 s idle, median", "idleRun", med, "ms"],
  ["warm Run in the same page after 2 s idle, p95", "idleRun", p95, "ms"],
  ["  of which the harness in the worker, median", "grade", med, "ms"],
  ["  of which rendering the result, median", "render", med, "ms"],
  ["first visit, bytes on the wire to the first Run result and Python ready", "wire", med, "MB"],
  ["first visit, bytes on the wire once the service worker kept all", "wireSettled", med, "MB"],
  ["navigation -> first Run result, cold, 20 Mbit/s + 40 ms", "throttled", med, "ms"],
];
for (const [label, key, stat, unit] of FIGURES) {
  const show = (f) => {
    const xs = f[key];
    if (!xs.length) return "n/a";
    const scale = unit === "MB" ? 1e6 : 1;
    const digits = unit === "MB" ? 2 : 0;
    return `${(stat(xs) / scale).toFixed(unit === "MB" ? 2 : 1)} ${unit} (${list(xs, scale, digits)})`;
  };
  const [after, before] = sites.map((s) => s.f);
  if (!before) {
    console.log(`${label}: ${show(after)}`);
    continue;
  }
  const ratio = stat(after[key]) / stat(before[key]);
  console.log(
    `${label}:\n    after ${show(after)}\n    before ${show(before)}\n    after/before ${Number.isFinite(ratio) ? ratio.toFixed(2) : "n/a"}`,
  );
}
for (const site of sites) {
  console.log(
    `${site.name}: served from ${site.checkout}; Python started from: ${site.f.started.join(", ")}; first Run graded in: ${site.f.firstWhere.join(", ")}`,
  );
  console.log(
    `  page shown ${list(site.f.pageShown)} ms; worker started ${list(site.f.workerStarted)} ms; Python ready ${list(site.f.pythonReady)} ms (cold, warm, third, cold, warm, third, ..., throttled)`,
  );
  if (site.noSnapshot)
    console.log(
      `  WARNING: ${site.checkout} has no Python snapshot for its harness (edited since its build?): run \`node web/build.mjs\` there and measure again`,
    );
}

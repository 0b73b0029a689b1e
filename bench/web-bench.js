#!/usr/bin/env node
// Web app benchmark in Debian's Chromium: time from navigation to the first Run result on a
// cold visit (empty browser cache) and a warm visit (cached Pyodide), and a warm Run in an open
// page. Prints numbers only. Usage: npm run build && node bench/web-bench.js [--runs 3]
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "3" } } });
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
    path.join(root, "bin/pydojo.js"),
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

async function firstRun(page) {
  const t = performance.now();
  await page.goto(exercise);
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
const cold = [];
const warm = [];
const warmRun = [];
for (let i = 0; i < Number(values.runs); i++) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ARGS });
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${base}/#/signup`);
  await page.fill("input[name=displayName]", "Bench");
  await page.fill("input[name=email]", `bench${Date.now()}${i}@example.com`);
  await page.fill("input[name=password]", "benchmark password");
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=xp]");
  cold.push(await firstRun(page));
  const again = await context.newPage(); // same browser cache, a new page and worker
  warm.push(await firstRun(again));
  const t = performance.now();
  await again.click("#run");
  await again.waitForSelector("#run:not([disabled])");
  warmRun.push(performance.now() - t);
  await browser.close();
}
server.kill("SIGTERM");
const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)].toFixed(0);
console.log(
  `navigation -> first Run result, cold visit (empty cache): median ${med(cold)} ms  (${cold.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(
  `navigation -> first Run result, warm visit (cached):     median ${med(warm)} ms  (${warm.map((x) => x.toFixed(0)).join(", ")})`,
);
console.log(`Python started from: ${started.join(", ")}`);
console.log(
  `  of which: page shown ${pageShown.map((x) => x.toFixed(0)).join(", ")} ms; Python ready ${pythonReady.map((x) => x.toFixed(0)).join(", ")} ms (cold, warm, cold, warm, ...)`,
);
console.log(
  `warm Run in an open page:                                median ${med(warmRun)} ms  (${warmRun.map((x) => x.toFixed(0)).join(", ")})`,
);

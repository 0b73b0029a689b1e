#!/usr/bin/env node
// A 10-request HTTP app exercise (10 tests, one `client` request each, through the judge/host
// split) against the bench's 10-test plain exercise (bench/fixtures/ten-tests), on the same
// runner in the same run. Prints numbers and ratios only (target: app <= 1.5x plain).
// With --browser: the same two exercises as warm Runs in one web worker of the web app in
// Chromium (restored from the snapshot), and a one-request job (an upper bound for answering one
// request in the page), and the request panel: one request to the app in the editor, warm (the
// same code: the loaded app answers) and after an edit (the code written and imported anew),
// timed from the page (target: a warm answer <= 20 ms).
// Usage: npm run build && node web/build.mjs && node bench/http-bench.js [--runs N]
//        [--runners sandbox,pyodide] [--browser]
import { benchArgs } from "./args.js";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRunner } from "../dist/runners/create-runner.js";
import { DEFAULT_LIMITS } from "../dist/runners/runner.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "fixtures", "ten-tests");
const { values } = benchArgs(import.meta.url, {
  options: {
    runs: { type: "string", default: "30" },
    runners: { type: "string", default: "sandbox" },
    browser: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const read = (f) => readFileSync(path.join(fixture, f), "utf8");

const plain = {
  tests: [{ path: "inventory_test.py", content: read("inventory_test.py") }],
  solution: [{ path: "inventory.py", content: read("inventory.py") }],
  solutionModules: ["inventory"],
  limits: DEFAULT_LIMITS,
};

const APP = `import json
from urllib.parse import parse_qs

ITEMS = {"1": {"id": 1, "name": "pen"}, "2": {"id": 2, "name": "ink"}}


def app(environ, start_response):
    method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
    parts = path.strip("/").split("/")
    if parts[0] != "items":
        return _json(start_response, "404 Not Found", {"error": "not found"})
    if len(parts) == 1 and method == "GET":
        page = int(parse_qs(environ["QUERY_STRING"]).get("page", ["1"])[0])
        return _json(start_response, "200 OK", {"page": page, "items": list(ITEMS.values())})
    if len(parts) == 1 and method == "POST":
        data = json.loads(environ["wsgi.input"].read(int(environ["CONTENT_LENGTH"])))
        return _json(start_response, "201 Created", {"id": 3, **data})
    item = ITEMS.get(parts[1])
    if item is None:
        return _json(start_response, "404 Not Found", {"error": "no item " + parts[1]})
    return _json(start_response, "200 OK", item)


def _json(start_response, status, body):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]
`;

const APP_TESTS = `def test_list(client):
    assert client.get("/items").status == 200

def test_page(client):
    assert client.get("/items?page=2").json()["page"] == 2

def test_one(client):
    assert client.get("/items/1").json() == {"id": 1, "name": "pen"}

def test_other(client):
    assert client.get("/items/2").json()["name"] == "ink"

def test_missing(client):
    assert client.get("/items/9").status == 404

def test_unknown(client):
    assert client.get("/users").status == 404

def test_create(client):
    assert client.post("/items", json={"name": "cap"}).status == 201

def test_created_body(client):
    assert client.post("/items", json={"name": "cap"}).json() == {"id": 3, "name": "cap"}

def test_content_type(client):
    assert client.get("/items").headers["content-type"] == "application/json"

def test_head(client):
    assert client.head("/items/1").body == b""
`;

const app = {
  tests: [{ path: "items_test.py", content: APP_TESTS }],
  solution: [{ path: "items.py", content: APP }],
  solutionModules: ["items"],
  limits: DEFAULT_LIMITS,
};

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (n) => n.toFixed(1).padStart(7);

async function measure(runner, job) {
  const first = await runner.grade(job);
  if (first.status !== "pass")
    throw new Error(first.message ?? first.tests.find((t) => t.status !== "pass")?.message);
  const wall = [];
  const harness = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await runner.grade(job);
    wall.push(performance.now() - t);
    const inTests = r.tests.reduce((sum, test) => sum + test.duration_ms, 0);
    harness.push(inTests);
  }
  return { p50: pct(wall, 50), p95: pct(wall, 95), tests: pct(harness, 50) };
}

console.log(`PyDojo HTTP benchmark: ${runs} sequential grades of each exercise per runner`);
console.log(`machine: ${os.cpus().length} cores, node ${process.version}\n`);
console.log(
  "runner    exercise               p50 ms  p95 ms  tests ms (p50, sum of test durations)",
);
for (const name of values.runners.split(",").filter(Boolean)) {
  let runner;
  try {
    runner = await createRunner(name);
  } catch (error) {
    console.log(`${name.padEnd(8)}  unavailable: ${error.message}`);
    continue;
  }
  try {
    const a = await measure(runner, plain);
    const b = await measure(runner, app);
    console.log(
      `${name.padEnd(8)}  10-test plain        ${fmt(a.p50)} ${fmt(a.p95)}  ${fmt(a.tests)}`,
    );
    console.log(
      `${name.padEnd(8)}  10-request app       ${fmt(b.p50)} ${fmt(b.p95)}  ${fmt(b.tests)}`,
    );
    console.log(
      `${name.padEnd(8)}  ratio app / plain    ${(b.p50 / a.p50).toFixed(2).padStart(7)}x (p50 grade)  ${(b.tests / Math.max(a.tests, 0.001)).toFixed(2)}x (in tests)  target <= 1.5x`,
    );
  } catch (error) {
    console.log(`${name.padEnd(8)}  failed: ${error.message}`);
  } finally {
    await runner?.close();
  }
}

if (values.browser) await browserBench();

/** Warm Runs in the web app's own worker in Chromium: plain vs app exercise, and one request. */
async function browserBench() {
  const { chromium } = await import("playwright-core");
  const root = path.resolve(here, "..");
  const port = await new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
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
      mkdtempSync(path.join(os.tmpdir(), "pydojo-httpbench-")),
    ],
    { env: { ...process.env, NODE_ENV: "test" }, stdio: ["ignore", "pipe", "inherit"] },
  );
  await new Promise((resolve) =>
    server.stdout.on("data", (d) => d.toString().includes("is running at") && resolve()),
  );
  const browser = await chromium.launch({
    executablePath: process.env.PYDOJO_CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/`);
    const oneRequest = {
      ...app,
      tests: [
        {
          path: "items_test.py",
          content: 'def test_one(client):\n    assert client.get("/items/1").status == 200\n',
        },
      ],
    };
    const times = await page.evaluate(
      async ({ jobs, runs }) => {
        const worker = new globalThis.Worker("/pyodide-worker.js", { type: "module" });
        let next = 0;
        const run = (job) =>
          new Promise((resolve, reject) => {
            const id = String(++next);
            worker.onmessage = (event) => {
              const m = event.data;
              if (m.type === "result" && m.id === id) resolve(m.result);
              if (m.type === "error") reject(new Error(m.message));
            };
            worker.postMessage({ type: "run", id, job });
          });
        worker.postMessage({ type: "init", interrupt: null });
        const out = jobs.map(() => []);
        for (const job of jobs) await run(job); // warm-up: imports, first use of each module
        for (let i = 0; i < runs; i++) {
          for (let j = 0; j < jobs.length; j++) {
            const t = performance.now();
            const result = await run(jobs[j]);
            out[j].push(performance.now() - t);
            if (result.status !== "pass") throw new Error(JSON.stringify(result).slice(0, 300));
          }
        }
        worker.terminate();
        return out;
      },
      { jobs: [plain, app, oneRequest], runs },
    );
    const [a, b, c] = times.map((xs) => pct(xs, 50));
    console.log("");
    console.log(`browser   10-test plain, warm Run ${fmt(a)} ms (p50)`);
    console.log(`browser   10-request app, warm Run${fmt(b)} ms (p50)`);
    console.log(
      `browser   ratio app / plain       ${(b / a).toFixed(2).padStart(7)}x  target <= 1.5x`,
    );
    console.log(
      `browser   one-request job, warm   ${fmt(c)} ms (p50; a whole grade around one request)`,
    );
    const panel = await page.evaluate(
      async ({ code, runs }) => {
        const worker = new globalThis.Worker("/pyodide-worker.js", { type: "module" });
        let next = 0;
        const send = (files, request) =>
          new Promise((resolve, reject) => {
            const id = String(++next);
            const t = performance.now();
            worker.onmessage = (event) => {
              const m = event.data;
              if (m.type === "http-result" && m.id === id)
                resolve({ ms: performance.now() - t, answer: m.answer, reloaded: m.reloaded });
              if (m.type === "error") reject(new Error(m.message));
            };
            worker.postMessage({
              type: "http",
              id,
              app: "items:app",
              files,
              modules: ["items"],
              request,
            });
          });
        worker.postMessage({ type: "init", interrupt: null });
        const files = [{ path: "items.py", content: code }];
        const get = { method: "GET", target: "/items/1", headers: [], body: "" };
        for (let i = 0; i < 5; i++) await send(files, get); // Python loaded, the app imported
        const warm = [];
        const inPython = [];
        const edited = [];
        for (let i = 0; i < runs * 3; i++) {
          const r = await send(files, get);
          if (r.answer.status !== 200 || r.reloaded)
            throw new Error(JSON.stringify(r).slice(0, 300));
          warm.push(r.ms);
          inPython.push(r.answer.ms);
        }
        for (let i = 0; i < runs; i++) {
          const changed = [{ path: "items.py", content: `${code}\n# edit ${i}\n` }];
          const r = await send(changed, get);
          if (r.answer.status !== 200 || !r.reloaded)
            throw new Error(JSON.stringify(r).slice(0, 300));
          edited.push(r.ms);
        }
        worker.terminate();
        return { warm, inPython, edited };
      },
      { code: APP, runs },
    );
    console.log(
      `browser   panel request, warm     ${fmt(pct(panel.warm, 50))} ms (p50 of ${panel.warm.length}; from the page, target <= 20 ms; p90 ${pct(panel.warm, 90).toFixed(1)})`,
    );
    console.log(
      `browser   panel request, in Python${fmt(pct(panel.inPython, 50))} ms (p50; the app's call alone)`,
    );
    console.log(
      `browser   panel after an edit     ${fmt(pct(panel.edited, 50))} ms (p50; code written and imported anew)`,
    );
  } finally {
    await browser.close();
    server.kill();
  }
}

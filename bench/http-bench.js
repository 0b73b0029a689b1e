#!/usr/bin/env node
// A 10-request HTTP app exercise (10 tests, one `client` request each, through the judge/host
// split) against the bench's 10-test plain exercise (bench/fixtures/ten-tests), on the same
// runner in the same run. Prints numbers and ratios only (target: app <= 1.5x plain).
// Usage: npm run build && node bench/http-bench.js [--runs N] [--runners sandbox,pyodide]
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRunner } from "../dist/runners/create-runner.js";
import { DEFAULT_LIMITS } from "../dist/runners/runner.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "fixtures", "ten-tests");
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "30" },
    runners: { type: "string", default: "sandbox" },
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
for (const name of values.runners.split(",")) {
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
    await runner.close();
  }
}

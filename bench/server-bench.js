#!/usr/bin/env node
// Server benchmark: requests/s and p50/p99 latency for reading the course and progress, on
// SQLite and on PostgreSQL, with autocannon run as a separate process; then submissions end to
// end (submit -> verdict stored) on an idle queue and under concurrency. Prints numbers only.
// Usage: npm run build && node bench/server-bench.js [--duration 5] [--engines sqlite,postgres]
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "5" },
    engines: { type: "string", default: "sqlite,postgres" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
  },
});

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function startServer(engine) {
  const port = await freePort();
  const env = { ...process.env, NODE_ENV: "test", PYDOJO_WORKER_CONCURRENCY: "2" };
  if (engine === "postgres") {
    env.DATABASE_URL = values.postgres;
    env.PYDOJO_DB_SCHEMA = `pydojo_bench_${process.pid}`;
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pydojo-bench-"));
  const child = spawn(
    process.execPath,
    [path.join(root, "bin/pydojo.js"), "serve", "--port", String(port), "--data-dir", dataDir],
    {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  await new Promise((resolve, reject) => {
    child.stdout.on("data", (d) => d.toString().includes("is running at") && resolve());
    child.on("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function json(base, method, url, body, headers = {}) {
  const res = await fetch(base + url, {
    method,
    headers: { "content-type": "application/json", ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return {
    status: res.status,
    body: await res.json().catch(() => null),
    cookie: res.headers.get("set-cookie"),
  };
}

function autocannon(url, token) {
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, "node_modules/autocannon/autocannon.js"),
      "-c",
      "50",
      "-d",
      values.duration,
      "-j",
      "-H",
      `authorization=Bearer ${token}`,
      url,
    ],
    { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
  );
  const out = JSON.parse(r.stdout);
  return {
    rps: out.requests.average,
    p50: out.latency.p50,
    p99: out.latency.p99,
    errors: out.errors + out.non2xx,
  };
}

const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

console.log(
  `PyDojo server benchmark (${os.cpus().length} cores, node ${process.version}); autocannon: 50 connections, ${values.duration} s\n`,
);
for (const engine of values.engines.split(",")) {
  const { child, base } = await startServer(engine);
  try {
    const email = `bench-${Date.now()}@example.com`;
    const signup = await json(base, "POST", "/api/auth/signup", {
      email,
      password: "benchmark password",
      displayName: "Bench",
    });
    const cookie = signup.cookie.split(";")[0];
    const token = (
      await json(
        base,
        "POST",
        "/api/tokens",
        { name: "bench" },
        { cookie, "x-csrf-token": signup.body.csrfToken },
      )
    ).body.token;
    const auth = { authorization: `Bearer ${token}` };
    const course = autocannon(`${base}/api/courses/python-backend`, token);
    const progress = autocannon(`${base}/api/progress`, token);
    // Submissions end to end on an idle queue, one at a time.
    const latencies = [];
    for (let i = 0; i < 20; i++) {
      const t = performance.now();
      const sub = await json(
        base,
        "POST",
        "/api/exercises/python-backend/read-a-number/submissions",
        {
          files: [
            {
              path: "read_number.py",
              content:
                "def to_number(t):\n    return int(t)\n\ndef ask_number(p, attempts=3):\n    return None\n",
            },
          ],
        },
        auth,
      );
      await json(base, "GET", `/api/submissions/${sub.body.id}?wait=30`, null, auth);
      latencies.push(performance.now() - t);
    }
    // Throughput: 40 submissions sent at once, until the last verdict is stored.
    const t = performance.now();
    const subs = await Promise.all(
      Array.from({ length: 40 }, () =>
        json(
          base,
          "POST",
          "/api/exercises/python-backend/read-a-number/submissions",
          {
            files: [
              {
                path: "read_number.py",
                content:
                  "def to_number(t):\n    return int(t)\n\ndef ask_number(p, attempts=3):\n    return None\n",
              },
            ],
          },
          auth,
        ),
      ),
    );
    await Promise.all(
      subs.map((s) => json(base, "GET", `/api/submissions/${s.body.id}?wait=30`, null, auth)),
    );
    const perSecond = 40 / ((performance.now() - t) / 1000);
    console.log(`${engine}:`);
    console.log(
      `  GET course    ${course.rps.toFixed(0).padStart(6)} req/s  p50 ${course.p50} ms  p99 ${course.p99} ms  errors ${course.errors}`,
    );
    console.log(
      `  GET progress  ${progress.rps.toFixed(0).padStart(6)} req/s  p50 ${progress.p50} ms  p99 ${progress.p99} ms  errors ${progress.errors}`,
    );
    console.log(
      `  submit -> verdict stored (idle queue): p50 ${pct(latencies, 50).toFixed(0)} ms  p95 ${pct(latencies, 95).toFixed(0)} ms`,
    );
    console.log(
      `  submissions end to end, 40 at once: ${perSecond.toFixed(1)} per second (2 gradings at a time)\n`,
    );
  } finally {
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}
if (values.engines.includes("postgres")) {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: values.postgres });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS pydojo_bench_${process.pid} CASCADE`);
  await client.query(`DROP SCHEMA IF EXISTS pydojo_bench_${process.pid}_queue CASCADE`);
  await client.end();
}

#!/usr/bin/env node
// Server benchmark: requests/s and p50/p99 latency for reading the course and progress, on
// SQLite and on PostgreSQL, with autocannon run as a separate process; then submissions end to
// end (submit -> verdict stored) on an idle queue and under concurrency. Prints numbers only.
// Usage: npm run build && node bench/server-bench.js [--duration 5] [--engines sqlite,postgres]
//        [--before DIR]  (another built checkout, e.g. a git worktree of an older commit: its
//        server is measured in the same run, rounds alternating, and the ratios after/before
//        are printed for the submissions)
import { benchArgs } from "./args.js";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = benchArgs(import.meta.url, {
  options: {
    duration: { type: "string", default: "5" },
    engines: { type: "string", default: "sqlite,postgres" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
    before: { type: "string" },
  },
});

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

const schemas = [];
async function startServer(engine, checkout = root) {
  const port = await freePort();
  const env = {
    ...process.env,
    NODE_ENV: "test",
    PYDOJO_WORKER_CONCURRENCY: "2",
    PYDOJO_SIGNUP_LIMIT_PER_IP: "1000",
  };
  if (engine === "postgres") {
    env.DATABASE_URL = values.postgres;
    env.PYDOJO_DB_SCHEMA = `pydojo_bench_${process.pid}_${schemas.length}`;
    schemas.push(env.PYDOJO_DB_SCHEMA);
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "pydojo-bench-"));
  const child = spawn(
    process.execPath,
    [path.join(checkout, "bin/pydojo.js"), "serve", "--port", String(port), "--data-dir", dataDir],
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

const IDLE_GAP_MS = 250;
const pct = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

console.log(
  `PyDojo server benchmark (${os.cpus().length} cores, node ${process.version}); autocannon: 50 connections, ${values.duration} s\n`,
);
async function signIn(base) {
  const email = `bench-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const signup = await json(base, "POST", "/api/auth/signup", {
    email,
    password: "benchmark password",
    displayName: "Bench",
  });
  if (!signup.cookie) throw new Error(`signup at ${base} failed: ${JSON.stringify(signup.body)}`);
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
  return { token, auth: { authorization: `Bearer ${token}` } };
}

// The course's first exercise (open to a new learner), with its reference solution.
const EXERCISE = "python-backend/values-and-types";
const SUBMISSION = {
  files: [
    {
      path: "values.py",
      content: readFileSync(
        path.join(
          root,
          "content/courses/python-backend/01-foundations/exercises/values-and-types/.meta/example.py",
        ),
        "utf8",
      ),
    },
  ],
};

async function submitAndWait(server, auth = server.auth) {
  const sub = await json(
    server.base,
    "POST",
    `/api/exercises/${EXERCISE}/submissions`,
    SUBMISSION,
    auth,
  );
  if (!sub.body?.id)
    throw new Error(`submission refused: ${sub.status} ${JSON.stringify(sub.body)}`);
  const done = await json(
    server.base,
    "GET",
    `/api/submissions/${sub.body.id}?wait=30`,
    null,
    auth,
  );
  if (!done.body?.result)
    throw new Error(`no verdict: ${done.status} ${JSON.stringify(done.body)}`);
}

/**
 * Submissions end to end on an idle queue, one at a time: `n` latencies added to `into`. With
 * `gapMs`, the server is left alone that long before each one (an idle server: what the last
 * submission set going after its verdict is over); without, each follows the last verdict.
 */
async function idleRound(server, n, into, gapMs = 0) {
  for (let i = 0; i < n; i++) {
    if (gapMs > 0) await sleep(gapMs);
    const t = performance.now();
    await submitAndWait(server);
    into.push(performance.now() - t);
  }
}

/**
 * 40 submissions sent at once by 20 learners (two each: a learner may have 3 pending), until
 * the last verdict is stored: per second.
 */
async function burst(server) {
  const t = performance.now();
  await Promise.all(
    Array.from({ length: 40 }, (_, i) => submitAndWait(server, server.crowd[i % 20].auth)),
  );
  return 40 / ((performance.now() - t) / 1000);
}

const ratio = (after, before) => (before ? (after / before).toFixed(2) : "n/a");

for (const engine of values.engines.split(",")) {
  const servers = [{ name: "this checkout", ...(await startServer(engine)) }];
  if (values.before)
    servers.push({ name: "before", ...(await startServer(engine, path.resolve(values.before))) });
  try {
    for (const server of servers) {
      Object.assign(server, await signIn(server.base));
      server.crowd = [];
      // An older checkout may limit signups per address (no PYDOJO_SIGNUP_LIMIT_PER_IP): its
      // crowd then shares the accounts it could make.
      for (let i = 0; i < 20; i++) {
        const learner = await signIn(server.base).catch((error) => {
          if (!String(error).includes("rate_limited") || i === 0) throw error;
          return server.crowd[i % server.crowd.length];
        });
        server.crowd.push(learner);
      }
    }
    const [main] = servers;
    const course = autocannon(`${main.base}/api/courses/python-backend`, main.token);
    const progress = autocannon(`${main.base}/api/progress`, main.token);
    for (const server of servers) {
      server.latencies = [];
      server.quiet = [];
      server.bursts = [];
      await idleRound(server, 2, []); // warm up
    }
    // Rounds alternate between the checkouts so the machine's drift hits both alike.
    for (let round = 0; round < 4; round++) {
      for (const server of round % 2 ? [...servers].reverse() : servers) {
        await idleRound(server, 5, server.latencies);
        await idleRound(server, 5, server.quiet, IDLE_GAP_MS);
        if (round % 2 === 0) server.bursts.push(await burst(server));
      }
    }
    console.log(`${engine}:`);
    console.log(
      `  GET course    ${course.rps.toFixed(0).padStart(6)} req/s  p50 ${course.p50} ms  p99 ${course.p99} ms  errors ${course.errors}`,
    );
    console.log(
      `  GET progress  ${progress.rps.toFixed(0).padStart(6)} req/s  p50 ${progress.p50} ms  p99 ${progress.p99} ms  errors ${progress.errors}`,
    );
    for (const server of servers) {
      server.p50 = pct(server.latencies, 50);
      server.perSecond = server.bursts.reduce((a, b) => a + b, 0) / server.bursts.length;
      server.quietP50 = pct(server.quiet, 50);
      console.log(
        `  ${server.name.padEnd(14)} submit -> verdict stored (idle queue): p50 ${server.p50.toFixed(0)} ms  p95 ${pct(server.latencies, 95).toFixed(0)} ms;  40 at once: ${server.perSecond.toFixed(1)} per second (2 gradings at a time)`,
      );
      console.log(
        `  ${"".padEnd(14)} on an idle server (one submission every ${IDLE_GAP_MS} ms): p50 ${server.quietP50.toFixed(0)} ms  p95 ${pct(server.quiet, 95).toFixed(0)} ms`,
      );
    }
    if (servers.length === 2) {
      const [after, before] = servers;
      console.log(
        `  ratio after/before: submit -> verdict p50 ${ratio(after.p50, before.p50)}x (one after another), ${ratio(after.quietP50, before.quietP50)}x (idle server); throughput ${ratio(after.perSecond, before.perSecond)}x`,
      );
    }
    console.log("");
  } finally {
    for (const { child } of servers) {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    }
  }
}
if (values.engines.includes("postgres")) {
  const pg = (await import("pg")).default;
  const client = new pg.Client({ connectionString: values.postgres });
  await client.connect();
  for (const schema of schemas) {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS ${schema}_queue CASCADE`);
  }
  await client.end();
}

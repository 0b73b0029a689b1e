#!/usr/bin/env node
// The admin page's two database reads on a class-sized SQLite database: the user list (last
// activity from sessions and submissions, XP) and the queue panel's grading stats.
// Usage: npx tsc -p tsconfig.build.json && node bench/admin-bench.js [--users 2000] [--per-user 20]
import { benchArgs } from "./args.js";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { SqliteStore } from "../dist/storage/sqlite/sqlite-store.js";

const { values } = benchArgs(import.meta.url, {
  options: {
    users: { type: "string", default: "2000" },
    "per-user": { type: "string", default: "20" },
  },
});
const users = Number(values.users);
const perUser = Number(values["per-user"]);
const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-admin-bench-"));
const store = new SqliteStore(path.join(dir, "db.sqlite"));
await store.migrate();
const t0 = Date.parse("2026-01-01T00:00:00Z");
const iso = (ms) => new Date(ms).toISOString();
await store.transaction(async (tx) => {
  for (let u = 0; u < users; u++) {
    const id = `u${u}`;
    await tx.users.create({
      id,
      email: `learner${u}@example.com`,
      displayName: `Learner ${u}`,
      passwordHash: "x",
      role: "learner",
      timeZone: "UTC",
      createdAt: iso(t0 + u * 1000),
    });
    await tx.sessions.create({
      idHash: `s${u}`,
      userId: id,
      csrfToken: "c",
      createdAt: iso(t0 + u * 1000),
      expiresAt: iso(t0 + 86_400_000 * 30),
    });
    for (let i = 0; i < perUser; i++) {
      const created = t0 + (u * perUser + i) * 500;
      await tx.submissions.create({
        id: `x${u}-${i}`,
        userId: id,
        exerciseId: `m/e${i % 40}`,
        files: [{ path: "a.py", content: "pass\n" }],
        idempotencyKey: null,
        status: "queued",
        runs: 0,
        result: null,
        error: null,
        createdAt: iso(created),
        gradedAt: null,
      });
      if (i % 10 === 9)
        await tx.submissions.markInfraError(`x${u}-${i}`, "crash", iso(created + 900));
    }
  }
});
async function time(label, fn, runs = 10) {
  await fn();
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    ms.push(performance.now() - start);
  }
  ms.sort((a, b) => a - b);
  console.log(
    `${label}: median ${ms[Math.floor(runs / 2)].toFixed(1)} ms, max ${ms.at(-1).toFixed(1)} ms`,
  );
}
console.log(`${users} users, ${users * perUser} submissions (SQLite)`);
await time("list 200 users", () => store.admin.list("", 200));
await time("search 'learner19'", () => store.admin.list("learner19", 200));
await time("grading stats, last hour", () => store.submissions.gradingStats(iso(t0)));
await store.close();
rmSync(dir, { recursive: true, force: true });

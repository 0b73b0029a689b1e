/**
 * The SQLite job queue with several real processes on one file: each process claims and
 * completes jobs as fast as it can, and no job may be delivered twice or lost. The child
 * processes run the queue's own source, transpiled here (the tests have no TypeScript loader).
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { tempSqliteFile } from "./test-databases.js";

const SQLITE_DIR = fileURLToPath(new URL("../../src/storage/sqlite/", import.meta.url));
const betterSqlite = pathToFileURL(createRequire(import.meta.url).resolve("better-sqlite3")).href;

/** Writes the queue and its one dependency as .mjs files in a temp folder; returns the folder. */
function buildQueueModule(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-queue-child-"));
  for (const name of ["sqlite-queue", "sqlite-connection"]) {
    const source = readFileSync(path.join(SQLITE_DIR, `${name}.ts`), "utf8");
    const js = ts
      .transpileModule(source, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      })
      .outputText.replaceAll('"./sqlite-connection.js"', '"./sqlite-connection.mjs"')
      .replaceAll('"better-sqlite3"', JSON.stringify(betterSqlite));
    writeFileSync(path.join(dir, `${name}.mjs`), js);
  }
  // Claims until the queue is empty, from a start time given by the parent, so all processes race.
  writeFileSync(
    path.join(dir, "consumer.mjs"),
    `import { SqliteJobQueue } from "./sqlite-queue.mjs";
     const [file, worker] = process.argv.slice(2);
     const queue = new SqliteJobQueue(file);
     await queue.depth();
     process.stdout.write("ready\\n");
     const go = JSON.parse(await new Promise((resolve) => process.stdin.once("data", resolve)));
     while (Date.now() < go) {}
     const claimed = [];
     for (;;) {
       const job = await queue.claim(worker, 60000);
       if (!job) break;
       claimed.push(job.submissionId);
       // "Grading": a millisecond a job, so one process alone needs over a second for them all
       // and the others, however late a loaded machine schedules them, join the race.
       await new Promise((resolve) => setTimeout(resolve, 1));
       await queue.complete(job.jobId);
     }
     await queue.close();
     process.stdout.write(JSON.stringify(claimed) + "\\n");`,
  );
  return dir;
}

function startConsumer(dir: string, file: string, worker: string) {
  const child = spawn(process.execPath, [path.join(dir, "consumer.mjs"), file, worker], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", () => output.startsWith("ready\n") && resolve());
    child.on("exit", (code) => reject(new Error(`${worker} exited early (${code})`)));
  });
  const claimed = new Promise<string[]>((resolve, reject) =>
    child.on("exit", (code) =>
      code === 0
        ? resolve(JSON.parse(output.slice("ready\n".length)) as string[])
        : reject(new Error(`${worker} failed with exit code ${code}`)),
    ),
  );
  return { ready, go: (startAt: number) => child.stdin.end(JSON.stringify(startAt)), claimed };
}

describe("sqlite job queue across processes", () => {
  it("delivers each job to exactly one of several processes", async () => {
    const file = tempSqliteFile();
    const producer = new SqliteJobQueue(file, { maxDepth: 10_000 });
    const ids = Array.from({ length: 1500 }, (_, i) => `s${String(i).padStart(4, "0")}`);
    for (const id of ids) expect(await producer.enqueue(id)).toBe(true);

    const dir = buildQueueModule();
    const consumers = ["p1", "p2", "p3", "p4"].map((w) => startConsumer(dir, file, w));
    await Promise.all(consumers.map((c) => c.ready));
    const startAt = Date.now() + 200;
    for (const c of consumers) c.go(startAt);
    const perProcess = await Promise.all(consumers.map((c) => c.claimed));

    expect(perProcess.flat().sort()).toEqual(ids);
    // The processes really raced (otherwise this test would prove nothing).
    expect(perProcess.filter((claimed) => claimed.length > 0).length).toBeGreaterThan(1);
    expect(await producer.depth()).toBe(0);
    await producer.close();
  }, 60_000);
});

/**
 * An idle worker does not wait for its next poll when the API (in the same process) enqueues a
 * job: the queue the API is given wakes it. Real SQLite store and queue; the poll interval is
 * ten minutes, so only the wake-up can explain a job handled within the test.
 */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ContentCatalog } from "../../src/server/catalog.js";
import { GradingWorker, wakingQueue } from "../../src/server/worker.js";
import { SqliteJobQueue } from "../../src/storage/sqlite/sqlite-queue.js";
import { SqliteStore } from "../../src/storage/sqlite/sqlite-store.js";
import { FIXTURE_CONTENT } from "./harness.js";

describe("waking the worker", () => {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), "pydojo-wake-")), "db.sqlite");
  const store = new SqliteStore(file);
  const queue = new SqliteJobQueue(file);
  let worker: GradingWorker | null = null;
  afterAll(async () => {
    await worker?.stop();
    await queue.close();
    await store.close();
  });

  it("claims a job enqueued through the waking queue at once, not at the next poll", async () => {
    await store.migrate();
    worker = new GradingWorker({
      store,
      queue,
      catalog: await ContentCatalog.load(FIXTURE_CONTENT),
      runner: {
        name: "local",
        grade: () => Promise.reject(new Error("not used")),
        close: async () => {},
      } as never,
      recordVerdict: async () => {},
      concurrency: 2,
      pollMs: 600_000,
    });
    worker.start();
    await new Promise((r) => setTimeout(r, 200)); // both loops found nothing and sleep
    const claim = vi.spyOn(queue, "claim");
    // A job for a submission that no longer exists: the worker claims it and completes it.
    expect(await wakingQueue(queue, worker).enqueue("no-such-submission")).toBe(true);
    await vi.waitFor(async () => expect(await queue.depth()).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });
    expect(claim).toHaveBeenCalled();
    // Without the waking queue the job would wait for the poll.
    expect(wakingQueue(queue, null)).toBe(queue);
  });

  it("wakes one idle loop per job, not all of them at once", async () => {
    // Both loops are idle again (the one that handled the job looked for another and slept).
    await new Promise((r) => setTimeout(r, 200));
    const claim = vi.spyOn(queue, "claim");
    claim.mockClear();
    expect(await wakingQueue(queue, worker).enqueue("no-such-submission-2")).toBe(true);
    await vi.waitFor(async () => expect(await queue.depth()).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });
    await new Promise((r) => setTimeout(r, 200));
    // The woken loop claimed the job, then looked once more and found nothing; the other slept.
    expect(claim).toHaveBeenCalledTimes(2);
    // Two jobs wake two loops.
    claim.mockClear();
    const waking = wakingQueue(queue, worker);
    expect(await waking.enqueue("no-such-submission-3")).toBe(true);
    expect(await waking.enqueue("no-such-submission-4")).toBe(true);
    await vi.waitFor(async () => expect(await queue.depth()).toBe(0), {
      timeout: 10_000,
      interval: 50,
    });
  });
});

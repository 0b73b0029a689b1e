/**
 * The job-queue contract: every JobQueue adapter must pass it (queue.test.ts runs it on SQLite
 * and on pg-boss). Each test gets two consumers of one fresh queue, as two processes would have.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { JobQueue } from "../../src/storage/store.js";

export interface QueuesUnderTest {
  a: JobQueue;
  b: JobQueue;
  /** The lease the queue really applies (pg-boss: whole seconds, fixed per queue). */
  leaseMs: number;
  /** Opens one more instance on the same storage, as a restarted process would. */
  reopen(): Promise<JobQueue>;
  /** Closes every instance opened for the test. */
  close(): Promise<void>;
}

export type MakeQueues = (options: {
  maxDepth: number;
  maxAttempts: number;
}) => Promise<QueuesUnderTest>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const anyJobId = expect.any(String) as unknown as string;

/** Claims until a job comes or `ms` pass. */
async function claimWithin(queue: JobQueue, worker: string, leaseMs: number, ms: number) {
  const deadline = Date.now() + ms;
  for (;;) {
    const job = await queue.claim(worker, leaseMs);
    if (job || Date.now() > deadline) return job;
    await sleep(50);
  }
}

export function queueContract(name: string, make: MakeQueues): void {
  describe(`job queue contract: ${name}`, () => {
    let opened: QueuesUnderTest | null = null;
    const open = async (maxDepth = 100, maxAttempts = 3) =>
      (opened = await make({ maxDepth, maxAttempts }));
    afterEach(async () => {
      await opened?.close();
      opened = null;
    });

    it("enqueues, claims and completes a job", async () => {
      const { a, b, leaseMs } = await open();
      expect(await a.enqueue("s1")).toBe(true);
      expect(await b.depth()).toBe(1);
      const job = await b.claim("w1", leaseMs);
      expect(job).toEqual({ jobId: anyJobId, submissionId: "s1", attempt: 1 });
      expect(await a.depth()).toBe(0);
      await b.complete(job!.jobId);
      expect(await a.claim("w2", leaseMs)).toBeNull();
      expect(await a.depth()).toBe(0);
    });

    it("hands out the oldest job first", async () => {
      const { a, b, leaseMs } = await open();
      for (const id of ["s1", "s2", "s3"]) await a.enqueue(id);
      const order = [];
      for (let i = 0; i < 3; i++) order.push((await b.claim("w", leaseMs))?.submissionId);
      expect(order).toEqual(["s1", "s2", "s3"]);
    });

    it("takes turns between users: one user's many jobs don't make another's wait", async () => {
      const { a, b, leaseMs } = await open();
      // User A queues six jobs (each ranked by how many of A's were already waiting), then B one.
      for (let i = 0; i < 6; i++) await a.enqueue(`a${i}`, { group: "A", ahead: i });
      await b.enqueue("b0", { group: "B", ahead: 0 });
      const order = [];
      for (let i = 0; i < 7; i++) {
        const job = await (i % 2 ? a : b).claim("w", leaseMs);
        order.push(job?.submissionId);
        await a.complete(job!.jobId);
      }
      // Global FIFO would give B's job last (7th); fair scheduling gives it the second turn.
      expect(order).toEqual(["a0", "b0", "a1", "a2", "a3", "a4", "a5"]);
    });

    it("serves the user with nothing running before a user whose job is running", async () => {
      const { a, b, leaseMs } = await open();
      await a.enqueue("a0", { group: "A", ahead: 0 });
      await a.enqueue("a1", { group: "A", ahead: 1 });
      await a.enqueue("a2", { group: "A", ahead: 2 });
      const first = await b.claim("w1", leaseMs); // a0 runs
      await b.enqueue("c0", { group: "C", ahead: 0 });
      await b.enqueue("c1", { group: "C", ahead: 1 });
      const second = await a.claim("w2", leaseMs);
      const third = await a.claim("w3", leaseMs);
      expect([first, second, third].map((j) => j?.submissionId)).toEqual(["a0", "c0", "a1"]);
    });

    it("does not hand out a leased job again until its lease expires", async () => {
      const { a, b, leaseMs } = await open();
      await a.enqueue("s1");
      const first = await a.claim("dying-worker", leaseMs);
      expect(first).toEqual({ jobId: anyJobId, submissionId: "s1", attempt: 1 });
      const started = Date.now();
      while (Date.now() - started < leaseMs * 0.7) {
        expect(await b.claim("w2", leaseMs)).toBeNull();
        await sleep(leaseMs / 10);
      }
      const again = await claimWithin(b, "w2", leaseMs, leaseMs + 5000);
      expect(again).toEqual({ jobId: first!.jobId, submissionId: "s1", attempt: 2 });
      await b.complete(again!.jobId);
      await sleep(leaseMs + 100);
      expect(await claimWithin(a, "w3", leaseMs, 1200)).toBeNull();
    }, 30_000);

    it("retries a failed job until maxAttempts, then drops it", async () => {
      const { a, b, leaseMs } = await open(100, 3);
      await a.enqueue("s1");
      const attempts = [];
      for (let i = 0; i < 3; i++) {
        const job = await claimWithin(b, "w", leaseMs, 2000);
        expect(job).toEqual({ jobId: anyJobId, submissionId: "s1", attempt: i + 1 });
        attempts.push(await b.fail(job!.jobId, 3));
      }
      expect(attempts).toEqual([true, true, false]);
      expect(await a.claim("w", leaseMs)).toBeNull();
      expect(await a.depth()).toBe(0);
    }, 30_000);

    it("counts waiting jobs and refuses new ones at maxDepth", async () => {
      const { a, b, leaseMs } = await open(3);
      const accepted = [];
      for (const id of ["s1", "s2", "s3", "s4"]) accepted.push(await a.enqueue(id));
      expect(accepted).toEqual([true, true, true, false]);
      expect(await b.depth()).toBe(3);
      await b.claim("w", leaseMs); // a leased job is not waiting
      expect(await a.depth()).toBe(2);
      expect(await b.enqueue("s5")).toBe(true);
      expect(await b.enqueue("s6")).toBe(false);
      expect(await a.depth()).toBe(3);
    });

    it("never gives one job to two consumers at once", async () => {
      const { a, b, leaseMs } = await open(1000);
      const ids = Array.from({ length: 40 }, (_, i) => `s${String(i).padStart(2, "0")}`);
      for (const id of ids) await a.enqueue(id);
      const claims = await Promise.all(
        Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).claim(`w${i}`, leaseMs)),
      );
      const jobs = claims.filter((c) => c !== null);
      expect(jobs.map((j) => j.submissionId).sort()).toEqual(ids);
      expect(new Set(jobs.map((j) => j.jobId)).size).toBe(ids.length);
      await Promise.all(jobs.map((j) => a.complete(j.jobId)));
      expect(await b.claim("w", leaseMs)).toBeNull();
      expect(await b.depth()).toBe(0);
    });

    it("keeps jobs when a consumer goes away", async () => {
      const { a, leaseMs, reopen } = await open();
      await a.enqueue("s1");
      await a.enqueue("s2");
      await a.claim("w1", leaseMs);
      await a.close();
      const later = await reopen();
      expect(await later.depth()).toBe(1);
      expect(await later.claim("w2", leaseMs)).toEqual({
        jobId: anyJobId,
        submissionId: "s2",
        attempt: 1,
      });
    });
  });
}

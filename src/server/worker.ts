/**
 * The grading worker: takes jobs from the durable queue, grades each submission with the runner,
 * and stores the verdict and the progress it earns in one transaction. A job whose worker dies is
 * leased again after its lease expires; `saveResult` is exactly-once, so a submission graded twice
 * is recorded (and earns XP) once.
 */
import { randomUUID } from "node:crypto";
import type { VerdictSignal } from "./verdict-signal.js";
import { gradeExercise, learnerView } from "../app/grade-exercise.js";
import type { GradeResult } from "../core/result.js";
import type { Runner } from "../runners/runner.js";
import type { JobQueue, Store, Submission } from "../storage/store.js";
import type { ContentCatalog } from "./catalog.js";
import type { Metrics } from "./metrics.js";

export type RecordVerdict = (
  tx: Store,
  submission: Submission,
  result: GradeResult,
) => Promise<void>;

export interface WorkerDeps {
  store: Store;
  queue: JobQueue;
  catalog: ContentCatalog;
  runner: Runner;
  recordVerdict: RecordVerdict;
  concurrency: number;
  now?: () => Date;
  leaseMs?: number;
  maxAttempts?: number;
  pollMs?: number;
  /** Grade durations and verdicts for GET /metrics. */
  metrics?: Metrics;
  /** Told of every submission this worker settles (wakes the requests waiting for it). */
  verdicts?: VerdictSignal;
}

/** A grade that failed because of the grading machinery, not the learner's code. */
export function isInfrastructureFailure(result: GradeResult): boolean {
  return (
    result.status === "error" &&
    result.tests.length === 0 &&
    /^(the grader stopped without a result|the grader produced an invalid result|could not start Python)/.test(
      result.message ?? "",
    )
  );
}

export class GradingWorker {
  readonly id = `worker-${randomUUID().slice(0, 8)}`;
  private running = false;
  private loops: Promise<void>[] = [];
  private readonly now: () => Date;
  private readonly wakers = new Set<() => void>();

  constructor(private readonly deps: WorkerDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (let i = 0; i < this.deps.concurrency; i++) this.loops.push(this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeAll(); // idle loops end now, not at their next poll
    await Promise.all(this.loops);
    this.loops = [];
  }

  private async loop(): Promise<void> {
    while (this.running) {
      let job = null;
      try {
        job = await this.deps.queue.claim(this.id, this.deps.leaseMs ?? 60_000);
      } catch (error) {
        console.error(`${this.id}: cannot claim a job:`, error);
      }
      if (!job) {
        await this.idle();
        continue;
      }
      await this.process(job.jobId, job.submissionId);
    }
  }

  /**
   * Waits for a job: until `wake()` (a job was enqueued in this process) or the poll interval
   * (jobs enqueued by other processes, and leases that expired).
   */
  private idle(): Promise<void> {
    // Stopped while claiming: `stop()` has already woken the loops that were idle then.
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, this.deps.pollMs ?? 50);
      this.wakers.add(done);
    });
  }

  /**
   * A job was enqueued: one idle loop looks for it now instead of at its next poll (all of them
   * claiming at once for one job made its claim slower on PostgreSQL: 3.5-4.6 ms against ~1).
   */
  wake(): void {
    const [first] = this.wakers;
    first?.();
  }

  /** Every idle loop looks for work now (stopping). */
  private wakeAll(): void {
    for (const waker of [...this.wakers]) waker();
  }

  /** Jobs this worker is grading now (quick runs use only the graders it leaves free). */
  get busy(): number {
    return this.grading;
  }
  private grading = 0;

  /** Grades one job; never throws. */
  async process(jobId: string, submissionId: string): Promise<void> {
    this.grading++;
    try {
      await this.gradeJob(jobId, submissionId);
    } finally {
      this.grading--;
    }
  }

  private async gradeJob(jobId: string, submissionId: string): Promise<void> {
    const { store, queue } = this.deps;
    try {
      const submission = await store.submissions.byId(submissionId);
      if (!submission || submission.status === "graded") {
        await queue.complete(jobId);
        return;
      }
      const found = this.deps.catalog.exercise(submission.exerciseId);
      if (!found) {
        await store.submissions.markInfraError(
          submissionId,
          "this exercise no longer exists",
          this.now().toISOString(),
        );
        await queue.complete(jobId);
        return;
      }
      await store.submissions.markRunning(submissionId);
      const started = performance.now();
      // Stored as the learner may see it (hidden tests by name and status only): the stored
      // verdict is what every route serves (the submission, the list, the export, a class's
      // instructors), so a hidden test's code and values are never kept for one to leak.
      const result = learnerView(
        found.exercise,
        await gradeExercise(found.exercise, submission.files, this.deps.runner),
      );
      const infra = isInfrastructureFailure(result);
      this.deps.metrics?.graded(
        this.deps.runner.name,
        (performance.now() - started) / 1000,
        infra ? null : result,
      );
      if (infra) throw new Error(result.message ?? "grading failed");
      // A verdict that counts comes only from a runner where the learner's code ran in its
      // own process: an in-process result (Pyodide) can be forged by the code it grades.
      if (result.isolation !== "isolated")
        throw new Error(
          `the ${result.runner} runner is not isolated, so its verdicts cannot count`,
        );
      await store.transaction(async (tx) => {
        const first = await tx.submissions.saveResult(
          submissionId,
          result,
          this.now().toISOString(),
        );
        if (first) await this.deps.recordVerdict(tx, submission, result);
      });
      this.deps.verdicts?.settled(submissionId);
      await queue.complete(jobId);
    } catch (error) {
      const retry = await queue.fail(jobId, this.deps.maxAttempts ?? 3).catch(() => false);
      if (!retry) {
        const message = `grading failed on the server (${(error as Error).message}). This is not your code's fault and does not count as an attempt; if it happens again, tell whoever runs this PyDojo (the server's log has the details).`;
        console.error(`pydojo worker: submission ${submissionId} could not be graded:`, error);
        await store.submissions
          .markInfraError(submissionId, message, this.now().toISOString())
          .catch(() => {});
        this.deps.verdicts?.settled(submissionId);
      }
    }
  }
}

/** The queue as the API sees it: each job it enqueues wakes this process's worker at once. */
export function wakingQueue(queue: JobQueue, worker: GradingWorker | null): JobQueue {
  if (!worker) return queue;
  const waking: JobQueue = Object.create(queue) as JobQueue;
  waking.enqueue = async (...args) => {
    const accepted = await queue.enqueue(...args);
    if (accepted) worker.wake();
    return accepted;
  };
  return waking;
}

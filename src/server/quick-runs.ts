/**
 * Quick runs: the browser's Run, graded once on the server while the learner's browser is still
 * starting Python (decision 0016). The job is the one the page would run (the exercise's visible
 * tests, or a write-the-tests learner's tests against the subject); nothing is stored and nothing
 * counts. They use only spare grading capacity: none while submissions wait in the queue, at most
 * as many at once as the worker grades, one per learner at a time, a few a minute each, and at
 * most QUICK_RUN_SECONDS each (a submission waits for one at most that long). A
 * refusal is not an error for the page: it waits for its own Python, as it did before.
 */
import { learnerView, runJob } from "../app/grade-exercise.js";
import type { LoadedExercise } from "../content/exercise-loader.js";
import type { GradeResult } from "../core/result.js";
import type { Runner, SourceFile } from "../runners/runner.js";
import type { JobQueue } from "../storage/store.js";
import { secondsUntilReset, type RateLimitCounter } from "./rate-limit.js";
import { HttpError } from "./errors.js";
import { isInfrastructureFailure } from "./worker.js";

/** Quick runs one learner may ask for in a minute (a page asks once, for its first Run). */
export const QUICK_RUNS_PER_MINUTE = 20;
/**
 * The longest a quick run may hold a grader. A submission that arrives meanwhile waits for it at
 * most this long; a Run that needs longer is the browser's (its page's Python is ready by then).
 */
export const QUICK_RUN_SECONDS = 5;

export interface QuickRunDeps {
  /** This process's grading runner; null where the API runs without a worker (none to share). */
  runner: Runner | null;
  /** How many grades the worker runs at once: quick runs never take more than that. */
  capacity: number;
  /** How many of those the worker is using now (its submissions come first). */
  workerBusy?: () => number;
  queue: JobQueue;
  rateLimits: RateLimitCounter;
}

export class QuickRuns {
  private inFlight = 0;
  private readonly learners = new Set<string>();

  constructor(private readonly deps: QuickRunDeps) {}

  /** Grades the page's Run job, or throws an HttpError saying why not now. */
  async run(
    userId: string,
    exercise: LoadedExercise,
    files: SourceFile[],
    signal?: AbortSignal,
  ): Promise<GradeResult> {
    const full = runJob(exercise, files);
    if (!full)
      throw new HttpError(
        409,
        "not_runnable",
        "a project stage runs in the browser or with pydojo test; Submit grades it on the server",
      );
    const ours = full.limits.timeoutSeconds > QUICK_RUN_SECONDS;
    const job = ours
      ? { ...full, limits: { ...full.limits, timeoutSeconds: QUICK_RUN_SECONDS } }
      : full;
    const { runner } = this.deps;
    if (!runner) throw busy("this server grades in another process");
    if (this.learners.has(userId))
      throw new HttpError(
        429,
        "run_in_progress",
        "your last quick run is still running: wait for its result",
      );
    const hit = await this.deps.rateLimits.hit(`quick-run:${userId}`, 60_000);
    if (hit.count > QUICK_RUNS_PER_MINUTE) {
      const seconds = secondsUntilReset(hit);
      throw new HttpError(
        429,
        "rate_limited",
        `more than ${QUICK_RUNS_PER_MINUTE} server runs in a minute: Run in the browser, or try again in ${seconds} s`,
        { "retry-after": String(seconds) },
      );
    }
    // Submissions first: a quick run takes only a grader nobody waits for and nobody uses.
    const taken = () => this.inFlight + (this.deps.workerBusy?.() ?? 0) >= this.deps.capacity;
    if (taken() || (await this.deps.queue.depth()) > 0) throw busy("every grader is busy");
    if (this.learners.has(userId) || taken()) throw busy("every grader is busy"); // taken meanwhile
    this.inFlight++;
    this.learners.add(userId);
    try {
      const result = await runner.grade(job, signal ? { signal } : {});
      // The grader failed, not the learner's code: the page runs it itself.
      if (isInfrastructureFailure(result)) throw busy("the grader could not run it");
      // Stopped at the quick run's own limit, not the exercise's: not a result to show.
      if (ours && result.limit === "timeout")
        throw busy(`it takes longer than a quick run's ${QUICK_RUN_SECONDS} s`);
      return learnerView(exercise, result);
    } finally {
      this.inFlight--;
      this.learners.delete(userId);
    }
  }
}

function busy(why: string): HttpError {
  return new HttpError(
    503,
    "no_spare_grader",
    `no quick run now (${why}): Run in the browser once its Python is ready`,
    { "retry-after": "5" },
  );
}

/** Submitting: validate the files, store the submission first, then enqueue its grading. */
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Submission, User } from "../storage/store.js";
import type { RouteContext } from "./app.js";
import { forbidden, HttpError, notFound } from "./errors.js";
import { checkProjectFiles, projectFileRules } from "../core/project.js";
import type { LoadedExercise } from "../content/exercise-loader.js";
import { learnerView } from "../app/grade-exercise.js";
import { redactHiddenTests } from "../core/hidden-tests.js";
import type { GradeResult } from "../core/result.js";
import type { ContentCatalog } from "./catalog.js";

export const submitSchema = z.strictObject({
  files: z
    .array(z.strictObject({ path: z.string().min(1).max(200), content: z.string() }))
    .min(1)
    .max(projectFileRules.maxFiles),
  idempotencyKey: z.string().min(8).max(100).optional(),
});

export async function submit(
  ctx: RouteContext,
  user: User,
  exerciseId: string,
  input: z.infer<typeof submitSchema>,
  headerKey: string | undefined,
) {
  const found = ctx.catalog.exercise(exerciseId);
  if (!found) throw notFound(`exercise ${JSON.stringify(exerciseId)}`);
  const { exercise } = found;
  if (exercise.project) checkStageFiles(exercise, input.files);
  else checkExerciseFiles(ctx, exercise, input.files);
  const prerequisites = exercise.meta?.prerequisites ?? [];
  if (prerequisites.length > 0) {
    // Read only when there are any: one query less on every other submission's path.
    const passed = new Set(
      (await ctx.store.progress.listForUser(user.id))
        .filter((p) => p.state === "passed")
        .map((p) => p.exerciseId),
    );
    const missing = prerequisites.filter((p) => !passed.has(p));
    if (missing.length > 0)
      throw forbidden(`this exercise is locked: pass ${missing.join(", ")} first`);
  }
  return enqueueSubmission(ctx, user, exerciseId, input, headerKey);
}

/** A project stage: the whole folder, by the project's rules (names, kinds, count, sizes). */
function checkStageFiles(exercise: LoadedExercise, files: { path: string; content: string }[]) {
  const problem = checkProjectFiles(
    files,
    exercise.project!.tests.map((t) => t.path),
  );
  if (problem) throw new HttpError(400, "invalid_project_files", problem);
}

/** An exercise: only its solution files, each once and at most maxFileBytes, a few files. */
export function checkExerciseFiles(
  ctx: RouteContext,
  exercise: LoadedExercise,
  files: { path: string; content: string }[],
) {
  const input = { files };
  const allowed = exercise.config.files.solution;
  if (input.files.length > ctx.config.maxFiles) {
    throw new HttpError(
      413,
      "too_many_files",
      `at most ${ctx.config.maxFiles} files per submission`,
    );
  }
  const seen = new Set<string>();
  for (const file of input.files) {
    if (!allowed.includes(file.path)) {
      throw new HttpError(
        400,
        "unexpected_file",
        `${file.path} is not part of this exercise: submit ${allowed.join(", ")}`,
      );
    }
    if (seen.has(file.path))
      throw new HttpError(400, "duplicate_file", `${file.path} is listed twice`);
    seen.add(file.path);
    if (Buffer.byteLength(file.content, "utf8") > ctx.config.maxFileBytes) {
      throw new HttpError(
        413,
        "file_too_large",
        `${file.path} is larger than ${Math.round(ctx.config.maxFileBytes / 1024)} KB`,
      );
    }
  }
}

async function enqueueSubmission(
  ctx: RouteContext,
  user: User,
  exerciseId: string,
  input: z.infer<typeof submitSchema>,
  headerKey: string | undefined,
) {
  const key = input.idempotencyKey ?? headerKey ?? null;
  // A retry of a stored submission returns it, whatever the queue and the caps say now.
  if (key) {
    const existing = await ctx.store.submissions.byIdempotencyKey(user.id, key);
    if (existing) return { submission: existing, created: false };
  }
  if ((await ctx.queue.depth()) >= ctx.config.maxQueueDepth) throw busy();
  const submission: Submission = {
    id: randomUUID(),
    userId: user.id,
    exerciseId,
    files: input.files,
    idempotencyKey: key,
    status: "queued",
    runs: 0,
    result: null,
    error: null,
    createdAt: ctx.now().toISOString(),
    gradedAt: null,
  };
  // Count and insert under the learner's lock, so parallel requests can't overshoot the cap.
  const since = new Date(ctx.now().getTime() - PENDING_WINDOW_MS).toISOString();
  const { stored, created, ahead } = await ctx.store.transaction(async (tx) => {
    await tx.progress.lockUser(user.id);
    const pending = await tx.submissions.pendingCount(user.id, since);
    if (pending >= ctx.config.maxPendingPerUser) throw tooManyPending(pending);
    const result = await tx.submissions.create(submission);
    return { stored: result.submission, created: result.created, ahead: pending };
  });
  if (created && !(await ctx.queue.enqueue(stored.id, { group: user.id, ahead }))) {
    await ctx.store.submissions.markInfraError(
      stored.id,
      "the grading queue was full; submit again",
      ctx.now().toISOString(),
    );
    throw busy();
  }
  return { submission: stored, created };
}

/**
 * Submissions older than this that still wait are presumed lost (their job died with a crash
 * before it was enqueued) and no longer count against the learner's cap.
 */
const PENDING_WINDOW_MS = 30 * 60_000;

function tooManyPending(pending: number): HttpError {
  return new HttpError(
    429,
    "too_many_pending",
    `you already have ${pending} submission${pending === 1 ? "" : "s"} waiting for a verdict: wait for their verdicts, then submit again`,
    { "retry-after": "10" },
  );
}

function busy(): HttpError {
  return new HttpError(
    503,
    "queue_full",
    "the grading queue is full right now; try again in a few seconds",
    { "retry-after": "5" },
  );
}

/** The submission as the API shows it to its learner. */
export function presentSubmission(s: Submission, catalog: ContentCatalog) {
  return {
    id: s.id,
    exerciseId: s.exerciseId,
    status: s.status,
    result: learnerResult(s, catalog),
    error: s.error,
    createdAt: s.createdAt,
    gradedAt: s.gradedAt,
  };
}

/**
 * A stored verdict as its learner may see it. The worker stores verdicts redacted; this redacts
 * again, by the content as it is now, what was stored before it did (hidden tests' code and
 * values were kept until 2026-12-06). Of an exercise no longer in the content, only the tests
 * the judge marked hidden are known.
 */
export function learnerResult(s: Submission, catalog: ContentCatalog): GradeResult | null {
  if (!s.result) return null;
  const found = catalog.exercise(s.exerciseId);
  return found ? learnerView(found.exercise, s.result) : redactHiddenTests(s.result, []);
}

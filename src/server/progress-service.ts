/** Records what a graded submission earns: progress, XP, streak, activity, achievements. */
import type { GradeResult } from "../core/result.js";
import type { Store, Submission } from "../storage/store.js";
import type { ContentCatalog } from "./catalog.js";
import { applyGrade } from "../core/progress.js";

export function makeRecordVerdict(catalog: ContentCatalog, now: () => Date) {
  return async (tx: Store, submission: Submission, result: GradeResult): Promise<void> => {
    const found = catalog.exercise(submission.exerciseId);
    const user = await tx.users.byId(submission.userId);
    if (!found || !user) return;
    await tx.progress.lockUser(user.id);
    // One after the other: a transaction is one connection, which runs one query at a time.
    // This exercise's progress is one of the learner's rows: read with them, not on its own.
    const stats = await tx.progress.stats(user.id);
    const all = await tx.progress.listForUser(user.id);
    const previous = all.find((p) => p.exerciseId === submission.exerciseId) ?? null;
    const outcome = applyGrade({
      previous,
      stats,
      meta: found.exercise.meta!,
      exerciseId: submission.exerciseId,
      userId: user.id,
      result,
      now: now(),
      timeZone: user.timeZone,
      moduleId: found.moduleId,
      moduleExerciseIds: catalog.moduleExerciseIds(found.courseId, found.moduleId),
      passedExerciseIds: all.filter((p) => p.state === "passed").map((p) => p.exerciseId),
    });
    if (!outcome.counted) return; // the interpreter crashed: not the learner's attempt
    await tx.progress.put(outcome.progress);
    await tx.progress.putStats(outcome.stats);
    await tx.progress.recordActivity(user.id, outcome.activityDay, result.status === "pass");
  };
}

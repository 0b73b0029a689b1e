/**
 * Progress rules, pure: what a graded attempt changes — the exercise's state and best result,
 * XP on the first pass (by difficulty), levels, daily streaks in the learner's time zone,
 * achievements — and which exercises are unlocked. The caller passes `now`; nothing here reads
 * a clock, the host's time zone or any storage, so the same rules run in the browser.
 *
 * Rules (see applyGrade):
 * - Only a result with status "pass" is a pass.
 * - A result that is not the learner's attempt changes nothing: an infrastructure failure (the
 *   caller never calls applyGrade for one: the submission is marked "infra-error" and the learner
 *   may retry) and a result with status "error" and a non-null `limit` (the runner stopped the
 *   whole run — wall-clock timeout, or the grader could not start or died — before any verdict;
 *   see `isLearnerAttempt`). Every other result is an attempt: "fail", and "error" without a limit
 *   (e.g. the learner's module does not import).
 * - state: "passed" once passed, for good; otherwise "attempted" after an attempt.
 *   `attempts` counts attempts. bestPassed/bestTotal keep the best ratio of tests passed to tests
 *   run (skipped tests are not run; 0 run counts as ratio 0); on a tie the run with more tests
 *   wins.
 * - XP: xpFor(meta) on the first pass of an exercise only (recorded in `xpAwarded`).
 * - Streak: the activity day is the calendar day of `now` in the learner's IANA time zone (UTC
 *   when the zone is unknown). Any attempt counts as activity, not only a pass: showing up and
 *   trying is the habit a streak rewards, and a learner stuck on a hard exercise shouldn't lose it.
 * - Achievements ("first-pass", "streak-7", "module-complete:<moduleId>") are awarded once.
 */
import { dayIn, isDay, previousDay, toDate, type Instant } from "./calendar.js";
import { xpFor, type PydojoMeta } from "./exercise.js";
import type { GradeResult } from "./result.js";
import type { ExerciseProgress, UserStats } from "../storage/store.js";

// ---------------------------------------------------------------------------------------------
// Levels

/**
 * XP needed to reach `level`: 50·n·(n−1), so level 1 at 0 XP, 2 at 100, 3 at 300, 4 at 600,
 * 5 at 1000 — each level costs 100 XP more than the one before.
 */
export function xpForLevel(level: number): number {
  const n = Math.max(1, Math.floor(level));
  return 50 * n * (n - 1);
}

/** The level for a total XP (see xpForLevel). Negative, NaN or infinite XP counts as 0. */
export function levelFor(xp: number): number {
  const x = Number.isFinite(xp) && xp > 0 ? xp : 0;
  // Solve 50·n·(n−1) <= x, then correct any floating-point error at the boundaries.
  let level = Math.max(1, Math.floor((1 + Math.sqrt(1 + (4 * x) / 50)) / 2));
  while (level > 1 && xpForLevel(level) > x) level -= 1;
  while (xpForLevel(level + 1) <= x) level += 1;
  return level;
}

export interface LevelProgress {
  level: number;
  /** XP earned since reaching `level`. */
  current: number;
  /** XP from `level` to the next level (so current < needed). */
  needed: number;
}

/** Where `xp` stands inside its level, e.g. 150 XP -> level 2, 50 of 200 toward level 3. */
export function xpToNextLevel(xp: number): LevelProgress {
  const x = Number.isFinite(xp) && xp > 0 ? xp : 0;
  const level = levelFor(x);
  const start = xpForLevel(level);
  return { level, current: x - start, needed: xpForLevel(level + 1) - start };
}

// ---------------------------------------------------------------------------------------------
// Achievements

export const FIRST_PASS = "first-pass";
export const STREAK_7 = "streak-7";
export const STREAK_7_DAYS = 7;

/** The id of the achievement for passing every exercise of a module. */
export function moduleCompleteAchievement(moduleId: string): string {
  return `module-complete:${moduleId}`;
}

// ---------------------------------------------------------------------------------------------
// Grading

/**
 * Whether a result is the learner's attempt. False only for a run that the interpreter or the
 * grader crashed before any verdict (status "error", limit "crash"), which may not be the
 * learner's doing. A run stopped by a time, memory or output limit is the learner's program at
 * work (an infinite loop is a real attempt) and counts. Infrastructure failures never reach here.
 */
export function isLearnerAttempt(result: Pick<GradeResult, "status" | "limit">): boolean {
  return !(result.status === "error" && result.limit === "crash");
}

export interface GradeInput {
  /** This user's progress on this exercise before the grade, or null if none. */
  previous: ExerciseProgress | null;
  /** This user's stats before the grade. */
  stats: UserStats;
  /** For XP: `xp` if the exercise sets it, otherwise by difficulty (xpFor). */
  meta: Pick<PydojoMeta, "difficulty" | "xp">;
  userId: string;
  exerciseId: string;
  result: GradeResult;
  /** When the grade is recorded (a Date or an ISO string); throws RangeError if invalid. */
  now: Instant;
  /** The learner's IANA time zone; an unknown zone falls back to "UTC". */
  timeZone: string;
  /** The module the exercise belongs to, for "module-complete:<moduleId>". */
  moduleId?: string;
  /** Every exercise of that module. */
  moduleExerciseIds?: readonly string[];
  /** Exercises this user had passed before this grade (may include this one). */
  passedExerciseIds: readonly string[];
}

export interface GradeOutcome {
  progress: ExerciseProgress;
  stats: UserStats;
  /** The calendar day of `now` in the learner's zone (YYYY-MM-DD). */
  activityDay: string;
  /** False when the result was not the learner's attempt (see isLearnerAttempt): no change. */
  counted: boolean;
  xpGained: number;
  /** This grade is the first pass of this exercise. */
  firstPass: boolean;
  /** Achievement ids earned by this grade, in award order. */
  newAchievements: string[];
  leveledUp: boolean;
}

interface Score {
  passed: number;
  total: number;
}

/** True when `a` beats `b`: a higher ratio, or the same ratio over more tests. */
function betterScore(a: Score, b: Score): boolean {
  // Cross-multiplied ratios; a total of 0 counts as ratio 0 (the numerator is 0 too).
  const left = a.passed * Math.max(b.total, 1);
  const right = b.passed * Math.max(a.total, 1);
  return left > right || (left === right && a.total > b.total);
}

/** The streak after activity on `today`, given the stats before it. */
function nextStreak(
  stats: UserStats,
  today: string,
): { streakDays: number; lastActiveDay: string } {
  const last = stats.lastActiveDay;
  if (last !== null && isDay(last)) {
    // Same day, or a later day already recorded (the learner moved to a zone behind): no change.
    if (last >= today) return { streakDays: Math.max(stats.streakDays, 1), lastActiveDay: last };
    if (last === previousDay(today))
      return { streakDays: stats.streakDays + 1, lastActiveDay: today };
  }
  return { streakDays: 1, lastActiveDay: today };
}

/**
 * Applies one graded attempt and returns the next progress and stats (inputs are not mutated).
 * A result that is not the learner's attempt (isLearnerAttempt) returns the previous progress
 * (or a "started" record with no attempts if there was none) and the stats unchanged.
 */
export function applyGrade(input: GradeInput): GradeOutcome {
  const { previous, stats, result } = input;
  const at = toDate(input.now).toISOString();
  const activityDay = dayIn(at, input.timeZone);

  if (!isLearnerAttempt(result)) {
    return {
      progress: previous
        ? { ...previous }
        : {
            userId: input.userId,
            exerciseId: input.exerciseId,
            state: "started",
            attempts: 0,
            bestPassed: 0,
            bestTotal: 0,
            firstPassedAt: null,
            xpAwarded: 0,
            updatedAt: at,
          },
      stats: { ...stats, achievements: [...stats.achievements] },
      activityDay,
      counted: false,
      xpGained: 0,
      firstPass: false,
      newAchievements: [],
      leveledUp: false,
    };
  }

  const passed = result.status === "pass";
  const ran = result.tests.filter((t) => t.status !== "skip");
  const score: Score = { passed: ran.filter((t) => t.status === "pass").length, total: ran.length };
  const wasPassed = previous?.state === "passed";
  const firstPass = passed && !wasPassed;
  const alreadyAwarded = (previous?.xpAwarded ?? 0) > 0;
  const xpGained = firstPass && !alreadyAwarded ? xpFor(input.meta) : 0;
  const best =
    previous && !betterScore(score, { passed: previous.bestPassed, total: previous.bestTotal })
      ? { passed: previous.bestPassed, total: previous.bestTotal }
      : score;

  const progress: ExerciseProgress = {
    userId: input.userId,
    exerciseId: input.exerciseId,
    state: passed || wasPassed ? "passed" : "attempted",
    attempts: (previous?.attempts ?? 0) + 1,
    bestPassed: best.passed,
    bestTotal: best.total,
    firstPassedAt: previous?.firstPassedAt ?? (passed ? at : null),
    xpAwarded: (previous?.xpAwarded ?? 0) + xpGained,
    updatedAt: at,
  };

  const streak = nextStreak(stats, activityDay);
  const held = new Set(stats.achievements);
  const newAchievements: string[] = [];
  const award = (id: string): void => {
    if (!held.has(id)) {
      held.add(id);
      newAchievements.push(id);
    }
  };
  if (firstPass) {
    const passedBefore = new Set(input.passedExerciseIds);
    passedBefore.delete(input.exerciseId);
    if (passedBefore.size === 0) award(FIRST_PASS);
    const moduleIds = input.moduleExerciseIds ?? [];
    if (input.moduleId && moduleIds.includes(input.exerciseId)) {
      passedBefore.add(input.exerciseId);
      if (moduleIds.every((id) => passedBefore.has(id))) {
        award(moduleCompleteAchievement(input.moduleId));
      }
    }
  }
  if (streak.streakDays >= STREAK_7_DAYS) award(STREAK_7);

  const xp = stats.xp + xpGained;
  return {
    progress,
    stats: {
      ...stats,
      xp,
      streakDays: streak.streakDays,
      longestStreak: Math.max(stats.longestStreak, streak.streakDays),
      lastActiveDay: streak.lastActiveDay,
      achievements: [...stats.achievements, ...newAchievements],
    },
    activityDay,
    counted: true,
    xpGained,
    firstPass,
    newAchievements,
    leveledUp: levelFor(xp) > levelFor(stats.xp),
  };
}

// ---------------------------------------------------------------------------------------------
// Unlocking

/**
 * An exercise is unlocked when all its prerequisites are passed; one with no entry in
 * `prerequisitesById` (or an empty list) is always unlocked. A prerequisite that names no known
 * exercise can never be passed, so it keeps the exercise locked.
 */
export function isUnlocked(
  exerciseId: string,
  prerequisitesById: Readonly<Record<string, readonly string[]>>,
  passedIds: ReadonlySet<string>,
): boolean {
  const prerequisites = Object.hasOwn(prerequisitesById, exerciseId)
    ? (prerequisitesById[exerciseId] ?? [])
    : [];
  return prerequisites.every((id) => passedIds.has(id));
}

/**
 * The first exercise in `orderedIds` (course order) that is unlocked and not passed, or null
 * when every exercise is passed or the rest are locked.
 */
export function nextExercise(
  orderedIds: readonly string[],
  prerequisitesById: Readonly<Record<string, readonly string[]>>,
  passedIds: ReadonlySet<string>,
): string | null {
  return (
    orderedIds.find((id) => !passedIds.has(id) && isUnlocked(id, prerequisitesById, passedIds)) ??
    null
  );
}

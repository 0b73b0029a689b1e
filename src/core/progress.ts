/**
 * Progress rules, pure: what a graded attempt changes — the exercise's state and best result,
 * XP on the first pass (by difficulty), levels, daily streaks in the learner's time zone, and
 * achievements. The caller passes `now`; nothing here reads a clock.
 */
import { xpFor, type PydojoMeta } from "./exercise.js";
import type { GradeResult } from "./result.js";
import type { ExerciseProgress, UserStats } from "../storage/store.js";

/** Level n needs 50·n·(n−1) XP: level 1 at 0, 2 at 100, 3 at 300, 4 at 600... */
export function levelFor(xp: number): number {
  let level = 1;
  while (50 * (level + 1) * level <= xp) level += 1;
  return level;
}

export function xpToNextLevel(xp: number): { level: number; current: number; needed: number } {
  const level = levelFor(xp);
  const start = 50 * level * (level - 1);
  const next = 50 * (level + 1) * level;
  return { level, current: xp - start, needed: next - start };
}

function zoneOrUtc(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-CA", { timeZone });
    return timeZone;
  } catch {
    return "UTC";
  }
}

/** The calendar day (YYYY-MM-DD) of `now` in `timeZone` (UTC if the zone is unknown). */
export function dayIn(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zoneOrUtc(timeZone),
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return `${get("year")}-${get("month")}-${get("day")}`;
}

function previousDay(day: string): string {
  const d = new Date(`${day}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export interface GradeInput {
  previous: ExerciseProgress | null;
  stats: UserStats;
  meta: Pick<PydojoMeta, "difficulty" | "xp">;
  userId: string;
  exerciseId: string;
  result: GradeResult;
  now: Date;
  timeZone: string;
  moduleId?: string;
  moduleExerciseIds?: string[];
  /** Exercises passed before this grade. */
  passedExerciseIds: string[];
}

export interface GradeOutcome {
  progress: ExerciseProgress;
  stats: UserStats;
  activityDay: string;
  xpGained: number;
  firstPass: boolean;
  newAchievements: string[];
  leveledUp: boolean;
}

/**
 * Applies one graded attempt (never an infrastructure failure: the caller doesn't record those).
 * Any graded attempt counts as the day's activity for the streak, not only passes: showing up and
 * trying is the habit a streak rewards.
 */
export function applyGrade(input: GradeInput): GradeOutcome {
  const { previous, stats, result, now } = input;
  const at = now.toISOString();
  const passed = result.status === "pass";
  const ran = result.tests.filter((t) => t.status !== "skip");
  const okCount = ran.filter((t) => t.status === "pass").length;
  const wasPassed = previous?.state === "passed";
  const firstPass = passed && !wasPassed;
  const xpGained = firstPass && (previous?.xpAwarded ?? 0) === 0 ? xpFor(input.meta) : 0;
  const better =
    !previous ||
    okCount * Math.max(previous.bestTotal, 1) > previous.bestPassed * Math.max(ran.length, 1) ||
    (okCount * Math.max(previous.bestTotal, 1) === previous.bestPassed * Math.max(ran.length, 1) &&
      ran.length > previous.bestTotal);
  const progress: ExerciseProgress = {
    userId: input.userId,
    exerciseId: input.exerciseId,
    state: passed || wasPassed ? "passed" : "attempted",
    attempts: (previous?.attempts ?? 0) + 1,
    bestPassed: better ? okCount : previous!.bestPassed,
    bestTotal: better ? ran.length : previous!.bestTotal,
    firstPassedAt: previous?.firstPassedAt ?? (passed ? at : null),
    xpAwarded: (previous?.xpAwarded ?? 0) + xpGained,
    updatedAt: at,
  };

  const today = dayIn(now, input.timeZone);
  let streak = stats.streakDays;
  if (stats.lastActiveDay !== today)
    streak = stats.lastActiveDay === previousDay(today) ? streak + 1 : 1;
  const achievements = new Set(stats.achievements);
  const earned: string[] = [];
  const award = (id: string) => {
    if (!achievements.has(id)) {
      achievements.add(id);
      earned.push(id);
    }
  };
  if (firstPass && input.passedExerciseIds.length === 0) award("first-pass");
  if (streak >= 7) award("streak-7");
  if (firstPass && input.moduleId && input.moduleExerciseIds?.length) {
    const done = new Set([...input.passedExerciseIds, input.exerciseId]);
    if (input.moduleExerciseIds.every((id) => done.has(id)))
      award(`module-complete:${input.moduleId}`);
  }
  const xp = stats.xp + xpGained;
  return {
    progress,
    stats: {
      userId: stats.userId,
      xp,
      streakDays: streak,
      longestStreak: Math.max(stats.longestStreak, streak),
      lastActiveDay: today,
      achievements: [...achievements],
    },
    activityDay: today,
    xpGained,
    firstPass,
    newAchievements: earned,
    leveledUp: levelFor(xp) > levelFor(stats.xp),
  };
}

/** An exercise is unlocked when all its prerequisites are passed. */
export function isUnlocked(
  exerciseId: string,
  prerequisitesById: Record<string, string[]>,
  passedIds: Set<string>,
): boolean {
  return (prerequisitesById[exerciseId] ?? []).every((p) => passedIds.has(p));
}

/** The first exercise in course order that is unlocked and not passed yet. */
export function nextExercise(
  orderedIds: string[],
  prerequisitesById: Record<string, string[]>,
  passedIds: Set<string>,
): string | null {
  return (
    orderedIds.find((id) => !passedIds.has(id) && isUnlocked(id, prerequisitesById, passedIds)) ??
    null
  );
}

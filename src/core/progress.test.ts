import { describe, expect, it } from "vitest";
import {
  applyGrade,
  dayIn,
  isUnlocked,
  levelFor,
  nextExercise,
  xpToNextLevel,
  type GradeInput,
} from "./progress.js";
import type { GradeResult } from "./result.js";

const result = (status: "pass" | "fail", passed: number, total: number): GradeResult => ({
  version: 3,
  status,
  message: null,
  limit: null,
  runner: "sandbox",
  python: "3.11.2",
  isolation: "isolated",
  duration_ms: 5,
  tests: Array.from({ length: total }, (_, i) => ({
    name: `t${i}`,
    status: i < passed ? "pass" : "fail",
    message: null,
    output: null,
    test_code: "",
    task_id: null,
    duration_ms: 1,
    limit: null,
  })),
});
const fresh = {
  userId: "u",
  xp: 0,
  streakDays: 0,
  longestStreak: 0,
  lastActiveDay: null,
  achievements: [],
};
const base = (over: Partial<GradeInput> = {}): GradeInput => ({
  previous: null,
  stats: fresh,
  meta: { difficulty: 3 },
  userId: "u",
  exerciseId: "c/a",
  result: result("pass", 3, 3),
  now: new Date("2026-03-10T12:00:00Z"),
  timeZone: "UTC",
  passedExerciseIds: [],
  ...over,
});

describe("applyGrade", () => {
  it("awards XP by difficulty on the first pass only", () => {
    const first = applyGrade(base());
    expect(first).toMatchObject({
      xpGained: 35,
      firstPass: true,
      newAchievements: ["first-pass"],
      activityDay: "2026-03-10",
    });
    expect(first.progress).toEqual({
      userId: "u",
      exerciseId: "c/a",
      state: "passed",
      attempts: 1,
      bestPassed: 3,
      bestTotal: 3,
      firstPassedAt: "2026-03-10T12:00:00.000Z",
      xpAwarded: 35,
      updatedAt: "2026-03-10T12:00:00.000Z",
    });
    const again = applyGrade(
      base({ previous: first.progress, stats: first.stats, passedExerciseIds: ["c/a"] }),
    );
    expect(again).toMatchObject({ xpGained: 0, firstPass: false, newAchievements: [] });
    expect(again.stats.xp).toBe(35);
  });

  it("records a failed attempt, keeps the best ratio, and keeps a pass after a later failure", () => {
    const failed = applyGrade(base({ result: result("fail", 1, 3) }));
    expect(failed.progress).toMatchObject({
      state: "attempted",
      attempts: 1,
      bestPassed: 1,
      bestTotal: 3,
      xpAwarded: 0,
      firstPassedAt: null,
    });
    const worse = applyGrade(base({ previous: failed.progress, result: result("fail", 0, 3) }));
    expect(worse.progress).toMatchObject({ attempts: 2, bestPassed: 1, bestTotal: 3 });
    const passed = applyGrade(base({ previous: worse.progress }));
    const later = applyGrade(base({ previous: passed.progress, result: result("fail", 0, 3) }));
    expect(later.progress.state).toBe("passed");
  });

  it("counts a daily streak in the learner's time zone", () => {
    const day1 = applyGrade(base({ result: result("fail", 0, 1) }));
    const sameDay = applyGrade(
      base({
        stats: day1.stats,
        now: new Date("2026-03-10T20:00:00Z"),
        result: result("fail", 0, 1),
      }),
    );
    expect(sameDay.stats.streakDays).toBe(1);
    const nextDay = applyGrade(
      base({
        stats: sameDay.stats,
        now: new Date("2026-03-11T08:00:00Z"),
        result: result("fail", 0, 1),
      }),
    );
    expect(nextDay.stats).toMatchObject({
      streakDays: 2,
      longestStreak: 2,
      lastActiveDay: "2026-03-11",
    });
    const gap = applyGrade(
      base({
        stats: nextDay.stats,
        now: new Date("2026-03-14T08:00:00Z"),
        result: result("fail", 0, 1),
      }),
    );
    expect(gap.stats).toMatchObject({ streakDays: 1, longestStreak: 2 });
  });

  it("uses the calendar day of the zone (and UTC for an unknown zone)", () => {
    const t = new Date("2026-03-10T23:30:00Z");
    expect(dayIn(t, "Asia/Tokyo")).toBe("2026-03-11");
    expect(dayIn(t, "America/New_York")).toBe("2026-03-10");
    expect(dayIn(t, "Mars/Olympus")).toBe("2026-03-10");
  });

  it("awards a 7-day streak and module completion exactly once", () => {
    const stats = {
      ...fresh,
      streakDays: 6,
      longestStreak: 6,
      lastActiveDay: "2026-03-09",
      achievements: ["first-pass"],
    };
    const out = applyGrade(
      base({ stats, passedExerciseIds: ["c/b"], moduleId: "m", moduleExerciseIds: ["c/a", "c/b"] }),
    );
    expect(out.newAchievements).toEqual(["streak-7", "module-complete:m"]);
    const again = applyGrade(
      base({
        stats: out.stats,
        previous: out.progress,
        passedExerciseIds: ["c/a", "c/b"],
        moduleId: "m",
        moduleExerciseIds: ["c/a", "c/b"],
      }),
    );
    expect(again.newAchievements).toEqual([]);
  });
});

describe("levels and unlocking", () => {
  it("follows the level curve", () => {
    expect([0, 99, 100, 299, 300, 600].map(levelFor)).toEqual([1, 1, 2, 2, 3, 4]);
    expect(xpToNextLevel(150)).toEqual({ level: 2, current: 50, needed: 200 });
  });

  it("unlocks an exercise when its prerequisites are passed, and finds the next one", () => {
    const prereqs = { a: [], b: ["a"], c: ["b"] };
    expect(isUnlocked("b", prereqs, new Set())).toBe(false);
    expect(isUnlocked("b", prereqs, new Set(["a"]))).toBe(true);
    expect(nextExercise(["a", "b", "c"], prereqs, new Set(["a"]))).toBe("b");
    expect(nextExercise(["a", "b", "c"], prereqs, new Set(["a", "b", "c"]))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import {
  applyGrade,
  isLearnerAttempt,
  isUnlocked,
  levelFor,
  nextExercise,
  xpForLevel,
  xpToNextLevel,
  type GradeInput,
  type GradeOutcome,
} from "./progress.js";
import type { GradeResult, TestStatus } from "./result.js";
import type { ExerciseProgress, UserStats } from "../storage/store.js";

const NOON = "2026-03-10T12:00:00.000Z";

/** A result whose tests have the given statuses (status from them unless given). */
function graded(statuses: TestStatus[], over: Partial<GradeResult> = {}): GradeResult {
  const failed = statuses.some((s) => s === "fail" || s === "error");
  return {
    version: 3,
    status: statuses.length === 0 ? "error" : failed ? "fail" : "pass",
    message: null,
    limit: null,
    runner: "sandbox",
    python: "3.11.2",
    isolation: "isolated",
    duration_ms: 5,
    tests: statuses.map((status, i) => ({
      name: `t${i}`,
      status,
      message: null,
      output: null,
      test_code: "",
      task_id: null,
      duration_ms: 1,
      limit: null,
    })),
    ...over,
  };
}

/** `passed` passing tests then failing ones, `total` in all. */
const score = (passed: number, total: number): GradeResult =>
  graded(Array.from({ length: total }, (_, i): TestStatus => (i < passed ? "pass" : "fail")));

const fresh: UserStats = {
  userId: "u",
  xp: 0,
  streakDays: 0,
  longestStreak: 0,
  lastActiveDay: null,
  achievements: [],
};

const input = (over: Partial<GradeInput> = {}): GradeInput => ({
  previous: null,
  stats: fresh,
  meta: { difficulty: 3 },
  userId: "u",
  exerciseId: "c/a",
  result: score(3, 3),
  now: NOON,
  timeZone: "UTC",
  passedExerciseIds: [],
  ...over,
});

/** Grades in sequence, each starting from the previous outcome. */
function chain(first: GradeInput, ...next: Partial<GradeInput>[]): GradeOutcome[] {
  const outcomes = [applyGrade(first)];
  for (const over of next) {
    const last = outcomes[outcomes.length - 1]!;
    outcomes.push(applyGrade({ ...first, previous: last.progress, stats: last.stats, ...over }));
  }
  return outcomes;
}

const progress = (over: Partial<ExerciseProgress> = {}): ExerciseProgress => ({
  userId: "u",
  exerciseId: "c/a",
  state: "attempted",
  attempts: 1,
  bestPassed: 0,
  bestTotal: 3,
  firstPassedAt: null,
  xpAwarded: 0,
  updatedAt: NOON,
  ...over,
});

describe("applyGrade: exercise progress and XP", () => {
  it("awards XP by difficulty on the first pass", () => {
    expect(applyGrade(input())).toEqual({
      progress: progress({
        state: "passed",
        bestPassed: 3,
        firstPassedAt: NOON,
        xpAwarded: 35,
      }),
      stats: {
        userId: "u",
        xp: 35,
        streakDays: 1,
        longestStreak: 1,
        lastActiveDay: "2026-03-10",
        achievements: ["first-pass"],
      },
      activityDay: "2026-03-10",
      counted: true,
      xpGained: 35,
      firstPass: true,
      newAchievements: ["first-pass"],
      leveledUp: false,
    });
  });

  it("scales first-pass XP with difficulty unless the exercise sets its own", () => {
    const xp = [
      { difficulty: 1 },
      { difficulty: 2 },
      { difficulty: 3 },
      { difficulty: 4 },
      { difficulty: 5 },
      { difficulty: 5, xp: 7 },
      { difficulty: 1, xp: 0 },
    ].map((meta) => applyGrade(input({ meta })).xpGained);
    expect(xp).toEqual([10, 20, 35, 50, 80, 7, 0]);
  });

  it("awards nothing for a second pass", () => {
    const [first, second] = chain(input(), {
      now: "2026-03-10T13:00:00Z",
      passedExerciseIds: ["c/a"],
    });
    expect(second).toEqual({
      progress: { ...first!.progress, attempts: 2, updatedAt: "2026-03-10T13:00:00.000Z" },
      stats: first!.stats,
      activityDay: "2026-03-10",
      counted: true,
      xpGained: 0,
      firstPass: false,
      newAchievements: [],
      leveledUp: false,
    });
  });

  it("sets 'attempted' and counts attempts on failures", () => {
    const [, second] = chain(input({ result: score(1, 3) }), {
      result: score(0, 3),
      now: "2026-03-10T12:05:00Z",
    });
    expect(second).toEqual({
      progress: progress({
        attempts: 2,
        bestPassed: 1,
        bestTotal: 3,
        updatedAt: "2026-03-10T12:05:00.000Z",
      }),
      stats: { ...fresh, streakDays: 1, longestStreak: 1, lastActiveDay: "2026-03-10" },
      activityDay: "2026-03-10",
      counted: true,
      xpGained: 0,
      firstPass: false,
      newAchievements: [],
      leveledUp: false,
    });
  });

  it("keeps 'passed', the first pass time and the XP after a later failure", () => {
    const outcomes = chain(
      input({ result: score(2, 3) }),
      { result: score(3, 3), now: "2026-03-10T12:10:00Z" },
      { result: score(0, 3), now: "2026-03-10T12:20:00Z", passedExerciseIds: ["c/a"] },
    );
    expect(outcomes.map((o) => o.progress)).toEqual([
      progress({ bestPassed: 2 }),
      progress({
        state: "passed",
        attempts: 2,
        bestPassed: 3,
        firstPassedAt: "2026-03-10T12:10:00.000Z",
        xpAwarded: 35,
        updatedAt: "2026-03-10T12:10:00.000Z",
      }),
      progress({
        state: "passed",
        attempts: 3,
        bestPassed: 3,
        firstPassedAt: "2026-03-10T12:10:00.000Z",
        xpAwarded: 35,
        updatedAt: "2026-03-10T12:20:00.000Z",
      }),
    ]);
    expect(outcomes.map((o) => [o.xpGained, o.firstPass, o.stats.xp])).toEqual([
      [0, false, 0],
      [35, true, 35],
      [0, false, 35],
    ]);
  });

  it("keeps the best ratio of passed to run tests; on a tie, the run with more tests", () => {
    const results = [
      score(1, 3), // 1/3
      score(0, 3), // worse: keep 1/3
      score(1, 2), // 1/2 beats 1/3
      score(2, 4), // same ratio, more tests: 2/4
      score(1, 2), // same ratio, fewer tests: keep 2/4
      graded([], { message: "SyntaxError" }), // nothing ran (ratio 0): keep 2/4
      graded(["pass", "pass", "skip"]), // skipped tests aren't run: 2/2
      score(3, 3), // same ratio, more tests: 3/3
    ];
    const [first, ...rest] = results.map((result) => ({ result }));
    const best = chain(input(first), ...rest).map((o) => [
      o.progress.bestPassed,
      o.progress.bestTotal,
    ]);
    expect(best).toEqual([
      [1, 3],
      [1, 3],
      [1, 2],
      [2, 4],
      [2, 4],
      [2, 4],
      [2, 2],
      [3, 3],
    ]);
  });

  it("counts an error without a limit (e.g. the module doesn't import) as an attempt", () => {
    const out = applyGrade(input({ result: graded([], { message: "SyntaxError: line 3" }) }));
    expect(out.progress).toEqual(progress({ bestPassed: 0, bestTotal: 0 }));
    expect(out.counted).toBe(true);
  });

  it("ignores a run the interpreter crashed before any verdict, but counts time and memory limits", () => {
    const stopped = graded([], { message: "the Python interpreter crashed", limit: "crash" });
    expect(isLearnerAttempt(stopped)).toBe(false);
    expect(isLearnerAttempt(graded([], { message: "timeout after 20 s", limit: "timeout" }))).toBe(
      true,
    );
    expect(isLearnerAttempt(graded(["pass", "error"], { limit: "output" }))).toBe(true);

    const stats: UserStats = { ...fresh, xp: 10, streakDays: 2, lastActiveDay: "2026-03-09" };
    expect(applyGrade(input({ result: stopped, stats }))).toEqual({
      progress: progress({ state: "started", attempts: 0, bestTotal: 0 }),
      stats,
      activityDay: "2026-03-10",
      counted: false,
      xpGained: 0,
      firstPass: false,
      newAchievements: [],
      leveledUp: false,
    });
    const before = progress({ attempts: 4, bestPassed: 2, updatedAt: "2026-03-01T00:00:00.000Z" });
    const again = applyGrade(input({ result: stopped, stats, previous: before }));
    expect([again.progress, again.stats, again.counted]).toEqual([before, stats, false]);
  });

  it("does not mutate its inputs and accepts a Date for now", () => {
    const stats: UserStats = { ...fresh, achievements: ["x"] };
    const previous = progress();
    const frozen = structuredClone({ stats, previous });
    const out = applyGrade(input({ stats, previous, now: new Date(NOON) }));
    expect({ stats, previous }).toEqual(frozen);
    expect(out.progress.updatedAt).toBe(NOON);
    expect(() => applyGrade(input({ now: "yesterday" }))).toThrow(RangeError);
  });
});

describe("applyGrade: daily streaks", () => {
  const attempt = { result: score(0, 1) };

  it("keeps the streak on the same day, extends it the next day, restarts it after a gap", () => {
    const outcomes = chain(
      input(attempt),
      { ...attempt, now: "2026-03-10T23:59:00Z" }, // same day
      { ...attempt, now: "2026-03-11T00:01:00Z" }, // next day
      { ...attempt, now: "2026-03-12T08:00:00Z" }, // next day
      { ...attempt, now: "2026-03-14T08:00:00Z" }, // a day missed
      { ...attempt, now: "2026-03-15T08:00:00Z" },
    );
    expect(outcomes.map((o) => o.stats)).toEqual([
      { ...fresh, streakDays: 1, longestStreak: 1, lastActiveDay: "2026-03-10" },
      { ...fresh, streakDays: 1, longestStreak: 1, lastActiveDay: "2026-03-10" },
      { ...fresh, streakDays: 2, longestStreak: 2, lastActiveDay: "2026-03-11" },
      { ...fresh, streakDays: 3, longestStreak: 3, lastActiveDay: "2026-03-12" },
      { ...fresh, streakDays: 1, longestStreak: 3, lastActiveDay: "2026-03-14" },
      { ...fresh, streakDays: 2, longestStreak: 3, lastActiveDay: "2026-03-15" },
    ]);
  });

  it("counts days in the learner's zone: 23:30 UTC is the next day in Tokyo, not in New York", () => {
    const stats: UserStats = {
      ...fresh,
      streakDays: 4,
      longestStreak: 4,
      lastActiveDay: "2026-03-10",
    };
    const at = { ...attempt, stats, now: "2026-03-10T23:30:00Z" };
    const tokyo = applyGrade(input({ ...at, timeZone: "Asia/Tokyo" }));
    const newYork = applyGrade(input({ ...at, timeZone: "America/New_York" }));
    expect([tokyo.activityDay, tokyo.stats]).toEqual([
      "2026-03-11",
      { ...stats, streakDays: 5, longestStreak: 5, lastActiveDay: "2026-03-11" },
    ]);
    expect([newYork.activityDay, newYork.stats]).toEqual(["2026-03-10", stats]);
  });

  it("falls back to UTC for an unknown time zone", () => {
    const stats: UserStats = {
      ...fresh,
      streakDays: 1,
      longestStreak: 1,
      lastActiveDay: "2026-03-10",
    };
    const out = applyGrade(
      input({ ...attempt, stats, now: "2026-03-11T00:30:00Z", timeZone: "Mars/Olympus" }),
    );
    expect([out.activityDay, out.stats]).toEqual([
      "2026-03-11",
      { ...stats, streakDays: 2, longestStreak: 2, lastActiveDay: "2026-03-11" },
    ]);
  });

  it("keeps the streak when the last active day is ahead (the learner moved west)", () => {
    // Active on 2026-03-11 in Tokyo, then at 2026-03-10 20:00 in New York.
    const stats: UserStats = {
      ...fresh,
      streakDays: 3,
      longestStreak: 5,
      lastActiveDay: "2026-03-11",
    };
    const out = applyGrade(
      input({ ...attempt, stats, now: "2026-03-11T00:00:00Z", timeZone: "America/New_York" }),
    );
    expect([out.activityDay, out.stats]).toEqual(["2026-03-10", stats]);
  });

  it("awards streak-7 when a streak reaches 7 days, once", () => {
    const stats: UserStats = {
      ...fresh,
      xp: 35,
      streakDays: 6,
      longestStreak: 6,
      lastActiveDay: "2026-03-09",
      achievements: ["first-pass"],
    };
    const [day7, day8] = chain(input({ ...attempt, stats }), {
      ...attempt,
      now: "2026-03-11T12:00:00Z",
    });
    expect([day7!.newAchievements, day7!.stats]).toEqual([
      ["streak-7"],
      {
        ...stats,
        streakDays: 7,
        longestStreak: 7,
        lastActiveDay: "2026-03-10",
        achievements: ["first-pass", "streak-7"],
      },
    ]);
    expect([day8!.newAchievements, day8!.stats.streakDays, day8!.stats.achievements]).toEqual([
      [],
      8,
      ["first-pass", "streak-7"],
    ]);
  });
});

describe("applyGrade: achievements and levels", () => {
  const module = { moduleId: "basics", moduleExerciseIds: ["c/a", "c/b", "c/c"] };

  it("awards first-pass only for the first exercise ever passed", () => {
    expect(applyGrade(input()).newAchievements).toEqual(["first-pass"]);
    // Passed another exercise before (e.g. before achievements existed): not the first.
    expect(applyGrade(input({ passedExerciseIds: ["c/z"] })).newAchievements).toEqual([]);
    // A failed attempt earns nothing.
    expect(applyGrade(input({ result: score(0, 3) })).newAchievements).toEqual([]);
  });

  it("awards module-complete when a pass completes the module, exactly once", () => {
    const stats: UserStats = { ...fresh, achievements: ["first-pass"] };
    const notYet = applyGrade(input({ ...module, stats, passedExerciseIds: ["c/b"] }));
    expect(notYet.newAchievements).toEqual([]);

    const [completes, passAgain] = chain(
      input({ ...module, stats, exerciseId: "c/c", passedExerciseIds: ["c/a", "c/b", "c/x"] }),
      { now: "2026-03-10T13:00:00Z", passedExerciseIds: ["c/a", "c/b", "c/c", "c/x"] },
    );
    expect([completes!.newAchievements, completes!.stats.achievements]).toEqual([
      ["module-complete:basics"],
      ["first-pass", "module-complete:basics"],
    ]);
    expect([passAgain!.newAchievements, passAgain!.stats.achievements]).toEqual([
      [],
      ["first-pass", "module-complete:basics"],
    ]);

    // An exercise added to the module later: passing it doesn't award the module again.
    const grown = applyGrade(
      input({
        stats: completes!.stats,
        exerciseId: "c/d",
        moduleId: "basics",
        moduleExerciseIds: ["c/a", "c/b", "c/c", "c/d"],
        passedExerciseIds: ["c/a", "c/b", "c/c"],
      }),
    );
    expect(grown.newAchievements).toEqual([]);
  });

  it("awards achievements together in a stable order", () => {
    const stats: UserStats = {
      ...fresh,
      streakDays: 6,
      longestStreak: 6,
      lastActiveDay: "2026-03-09",
    };
    const out = applyGrade(input({ stats, moduleId: "solo", moduleExerciseIds: ["c/a"] }));
    expect([out.newAchievements, out.stats.achievements]).toEqual([
      ["first-pass", "module-complete:solo", "streak-7"],
      ["first-pass", "module-complete:solo", "streak-7"],
    ]);
  });

  it("doesn't award module-complete for an exercise outside the module", () => {
    const out = applyGrade(
      input({ moduleId: "basics", moduleExerciseIds: ["c/b"], passedExerciseIds: ["c/b"] }),
    );
    expect(out.newAchievements).toEqual([]);
  });

  it("reports a level-up when the XP crosses a threshold", () => {
    const at = (xp: number) => applyGrade(input({ stats: { ...fresh, xp } }));
    expect([at(64), at(65), at(300)].map((o) => [o.stats.xp, o.leveledUp])).toEqual([
      [99, false],
      [100, true],
      [335, false],
    ]);
  });
});

describe("levels", () => {
  it("follows the curve 50·n·(n−1): level 2 at 100 XP, 3 at 300, 4 at 600, 5 at 1000", () => {
    const xp = [0, 1, 99, 100, 299, 300, 599, 600, 999, 1000, 4499, 4500, 5500];
    expect(xp.map(levelFor)).toEqual([1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 9, 10, 11]);
    expect([1, 2, 3, 4, 5, 10, 11].map(xpForLevel)).toEqual([0, 100, 300, 600, 1000, 4500, 5500]);
  });

  it("is exact at every threshold up to level 1000", () => {
    const wrong: number[] = [];
    for (let n = 1; n <= 1000; n += 1) {
      const at = xpForLevel(n);
      if (levelFor(at) !== n || (n > 1 && levelFor(at - 1) !== n - 1)) wrong.push(n);
    }
    expect(wrong).toEqual([]);
  });

  it("treats negative or non-finite XP as 0", () => {
    expect([-5, Number.NaN, Number.POSITIVE_INFINITY].map(levelFor)).toEqual([1, 1, 1]);
    expect(xpToNextLevel(-5)).toEqual({ level: 1, current: 0, needed: 100 });
  });

  it("says how far the XP is into its level", () => {
    expect([0, 99, 100, 150, 300, 1234].map(xpToNextLevel)).toEqual([
      { level: 1, current: 0, needed: 100 },
      { level: 1, current: 99, needed: 100 },
      { level: 2, current: 0, needed: 200 },
      { level: 2, current: 50, needed: 200 },
      { level: 3, current: 0, needed: 300 },
      { level: 5, current: 234, needed: 500 },
    ]);
  });
});

describe("unlocking", () => {
  const prerequisites = { a: [], b: ["a"], c: ["a", "b"], d: ["missing"] };

  it("unlocks an exercise when all its prerequisites are passed", () => {
    const cases: [string, string[]][] = [
      ["a", []],
      ["b", []],
      ["b", ["a"]],
      ["c", ["a"]],
      ["c", ["a", "b"]],
      ["d", ["a", "b", "c"]],
      ["not-listed", []],
      ["constructor", []],
    ];
    expect(cases.map(([id, passed]) => isUnlocked(id, prerequisites, new Set(passed)))).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      true,
      true,
    ]);
  });

  it("finds the first unlocked exercise not passed yet, in course order", () => {
    const order = ["a", "b", "c", "d"];
    const next = (passed: string[]) => nextExercise(order, prerequisites, new Set(passed));
    expect([next([]), next(["a"]), next(["a", "b"]), next(["a", "b", "c"]), next(["b"])]).toEqual([
      "a",
      "b",
      "c",
      null, // only d is left, and its prerequisite doesn't exist
      "a",
    ]);
    expect(nextExercise(["x", "y"], { x: ["y"], y: ["x"] }, new Set())).toBeNull();
    expect(nextExercise([], {}, new Set())).toBeNull();
  });
});

/**
 * The pure parts of skills on the server (issue #16): a skill's page from the map, the courses'
 * exercises and lessons; what the public profile shows once items are hidden; a pinned goal's
 * progress when the course changed under it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { skillMapSchema } from "../../src/core/skills.js";
import {
  goalProgress,
  presentSkill,
  visibleSkills,
  type LearnerSkill,
} from "../../src/server/skills.js";
import type { ExerciseProgress } from "../../src/storage/store.js";

const map = skillMapSchema.parse(
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, "../../content/skills/skills.json"), "utf8"),
  ),
);
const exercises = [
  { id: "c/a", title: "A", concepts: ["strings"], minutes: 30, prerequisites: [] },
  { id: "c/b", title: "B", concepts: ["sql-joins"], minutes: 45, prerequisites: ["c/a"] },
  { id: "c/c", title: "C", concepts: ["lists"], minutes: 15, prerequisites: [] },
];
const lessons = [
  { id: "c/intro", title: "Intro", minutes: 5, concepts: ["strings", "variables"] },
  { id: "c/joins", title: "Joins", minutes: 9, concepts: ["sql-joins"] },
];

describe("a skill's page", () => {
  it("lessons and exercises by the skill's concepts, in course order", () => {
    const python = presentSkill(map, "python", exercises, lessons)!;
    expect(python.lessons).toEqual([{ id: "c/intro", title: "Intro", minutes: 5 }]);
    expect(python.exercises.map((e) => e.id)).toEqual(["c/a", "c/c"]);
    const sql = presentSkill(map, "sql", exercises, lessons)!;
    expect(sql.lessons.map((l) => l.id)).toEqual(["c/joins"]);
    expect(sql.exercises.map((e) => e.id)).toEqual(["c/b"]);
  });

  it("a skill not taught lists nothing, even if a concept would match; unknown is null", () => {
    const pg = presentSkill(map, "postgresql", exercises, lessons)!;
    expect([pg.teaches, pg.lessons, pg.exercises]).toEqual([false, [], []]);
    expect(pg.related.map((r) => r.id)).toContain("sql");
    expect(presentSkill(map, "nope", exercises, lessons)).toBeNull();
  });
});

const skill = (id: string, status: LearnerSkill["status"], evidence: string[]): LearnerSkill => ({
  id,
  name: id,
  area: "x",
  teaches: true,
  status,
  evidence: evidence.map((e) => ({ id: e, title: e, passedAt: "2026-01-01T00:00:00.000Z" })),
});

describe("what the public profile shows", () => {
  it("verified skills less hidden skills, hidden exercises, and skills left with no evidence", () => {
    const skills = [
      skill("python", "verified", ["c/a", "c/c"]),
      skill("sql", "verified", ["c/b"]),
      skill("git", "verified", ["c/g"]),
      skill("pytest", "in-progress", []),
    ];
    const shown = visibleSkills(skills, [
      { kind: "exercise", id: "c/a" },
      { kind: "exercise", id: "c/b" },
      { kind: "skill", id: "git" },
    ]);
    expect(shown.map((s) => [s.id, s.evidence.map((e) => e.id)])).toEqual([["python", ["c/c"]]]);
    expect(visibleSkills(skills, []).map((s) => s.id)).toEqual(["python", "sql", "git"]);
  });
});

describe("a goal's progress", () => {
  it("counts the steps still in the course; the next is the first not passed", () => {
    const progress = [
      { exerciseId: "c/a", state: "passed" },
      { exerciseId: "c/c", state: "attempted" },
    ] as ExerciseProgress[];
    const goal = { postingTitle: "T", path: ["c/a", "gone/x", "c/c", "c/b"], pinnedAt: "t" };
    const view = goalProgress(goal, exercises, progress);
    expect(view.steps.map((s) => [s.id, s.passed])).toEqual([
      ["c/a", true],
      ["c/c", false],
      ["c/b", false],
    ]);
    expect([view.passed, view.total, view.next, view.hoursLeft]).toEqual([
      1,
      3,
      { id: "c/c", title: "C" },
      1,
    ]);
  });
});

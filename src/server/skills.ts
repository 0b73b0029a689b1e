/**
 * Skills on the server (issue #16): the skills map loaded at start with the catalog, each skill's
 * evidence exercises in the loaded courses, a learner's skills (verified by passed server
 * verdicts, in progress, not yet), the gap report for a posting, and the public profile's data.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { ExerciseState, GapExercise } from "../app/skill-gap.js";
import { skillMapProblems, skillMapSchema, type SkillMap } from "../core/skills.js";
import { packageRoot } from "../runners/paths.js";
import type { ExerciseProgress } from "../storage/store.js";
import type { ContentCatalog } from "./catalog.js";

/**
 * `<contentDir>/skills/skills.json`, or the bundled map when the content has none. An invalid
 * map stops the server with the problems named.
 */
export async function loadSkillMap(contentDir: string): Promise<SkillMap> {
  let file = path.join(contentDir, "skills", "skills.json");
  if (!existsSync(file)) file = path.join(packageRoot(), "content", "skills", "skills.json");
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    throw new Error(`cannot load the skills map ${file}: ${(error as Error).message}`);
  }
  const parsed = skillMapSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `the skills map ${file} is invalid: ${parsed.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join(".")}: ${i.message}`)
        .join("; ")}`,
    );
  const problems = skillMapProblems(parsed.data);
  if (problems.length)
    throw new Error(`the skills map ${file} is invalid: ${problems.slice(0, 5).join("; ")}`);
  return parsed.data;
}

/** Every exercise of the loaded courses, in course order, as the gap report takes them. */
export function gapExercises(catalog: ContentCatalog): GapExercise[] {
  return catalog.courses.flatMap((course) =>
    course.modules.flatMap((m) =>
      m.exercises.map((e) => ({
        id: e.meta!.id,
        title: e.title,
        concepts: e.meta!.concepts,
        minutes: e.meta!.estimatedMinutes,
        prerequisites: e.meta!.prerequisites,
      })),
    ),
  );
}

/** The exercises (in course order) whose concepts make them evidence of a skill. */
export function evidenceExercises(
  concepts: readonly string[],
  exercises: GapExercise[],
): GapExercise[] {
  return exercises.filter((e) => e.concepts.some((c) => concepts.includes(c)));
}

/** GET /api/skills: the map with, for each skill, the exercises that give evidence of it. */
export function presentSkillMap(map: SkillMap, exercises: GapExercise[]) {
  return {
    skills: map.skills.map((s) => ({
      id: s.id,
      name: s.name,
      area: s.area,
      description: s.description,
      teaches: s.teaches,
      related: s.related,
      exercises: evidenceExercises(s.concepts, exercises).map((e) => ({
        id: e.id,
        title: e.title,
      })),
    })),
  };
}

export type LearnerSkillStatus = "verified" | "in-progress" | "not-yet";

export interface LearnerSkill {
  id: string;
  name: string;
  area: string;
  teaches: boolean;
  status: LearnerSkillStatus;
  /** Passed exercises that prove it, first passed first. */
  evidence: { id: string; title: string; passedAt: string }[];
}

/** A learner's skills from their progress: verified = a passed exercise carrying its concepts. */
export function learnerSkills(
  map: SkillMap,
  exercises: GapExercise[],
  progress: ExerciseProgress[],
): LearnerSkill[] {
  const byId = new Map(progress.map((p) => [p.exerciseId, p]));
  return map.skills.map((s) => {
    const carrying = evidenceExercises(s.concepts, exercises);
    const evidence = carrying
      .map((e) => ({ e, p: byId.get(e.id) }))
      .filter(({ p }) => p?.state === "passed")
      .map(({ e, p }) => ({ id: e.id, title: e.title, passedAt: p!.firstPassedAt ?? p!.updatedAt }))
      .sort((a, b) => a.passedAt.localeCompare(b.passedAt));
    const started = carrying.some((e) =>
      ["attempted", "started"].includes(byId.get(e.id)?.state ?? ""),
    );
    const status: LearnerSkillStatus = evidence.length
      ? "verified"
      : started
        ? "in-progress"
        : "not-yet";
    return { id: s.id, name: s.name, area: s.area, teaches: s.teaches, status, evidence };
  });
}

export function statesOf(progress: ExerciseProgress[]): Map<string, ExerciseState> {
  return new Map(progress.map((p) => [p.exerciseId, p.state]));
}

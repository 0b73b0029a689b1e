/**
 * Skills on the server (issue #16): the skills map loaded at start with the catalog, each skill's
 * evidence exercises in the loaded courses, a skill's page (levels, lessons, exercises, related
 * skills), a learner's skills (verified by passed server verdicts, in progress, not yet), the gap
 * report for a posting, the pinned goal's progress, and the public profile's data less what the
 * learner hid.
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { toGapExercise, type ExerciseState, type GapExercise } from "../app/skill-gap.js";
import { courseGradables } from "../content/course-loader.js";
import { skillMapProblems, skillMapSchema, type SkillMap } from "../core/skills.js";
import { packageRoot } from "../runners/paths.js";
import type { ExerciseProgress, HiddenItem, LearningGoal } from "../storage/store.js";
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

/** Every exercise and project stage of the loaded courses, in course order, as the gap report takes them. */
export function gapExercises(catalog: ContentCatalog): GapExercise[] {
  return catalog.courses.flatMap((course) => courseGradables(course).map(toGapExercise));
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

export interface GapLesson {
  id: string;
  title: string;
  minutes: number;
  concepts: string[];
}

/** Every lesson of the loaded courses, in course order. */
export function gapLessons(catalog: ContentCatalog): GapLesson[] {
  return catalog.courses.flatMap((course) =>
    course.modules.flatMap((m) =>
      m.lessons.map((l) => ({
        id: l.meta.id,
        title: l.meta.title,
        minutes: l.meta.minutes,
        concepts: l.meta.concepts,
      })),
    ),
  );
}

/**
 * GET /api/skills/:id: what the skill is, what each level is expected to do with it, the lessons
 * that teach it and the exercises that verify it (by concepts, in course order), and the related
 * skills both ways. Null for an unknown id.
 */
export function presentSkill(
  map: SkillMap,
  id: string,
  exercises: GapExercise[],
  lessons: GapLesson[],
) {
  const skill = map.skills.find((s) => s.id === id);
  if (!skill) return null;
  const relatedIds = new Set([
    ...skill.related,
    ...map.skills.filter((s) => s.related.includes(id)).map((s) => s.id),
  ]);
  relatedIds.delete(id);
  const concepts = skill.teaches ? skill.concepts : [];
  return {
    id: skill.id,
    name: skill.name,
    area: skill.area,
    description: skill.description,
    levels: skill.levels,
    teaches: skill.teaches,
    synonyms: skill.synonyms,
    related: map.skills
      .filter((s) => relatedIds.has(s.id))
      .map((s) => ({ id: s.id, name: s.name, teaches: s.teaches })),
    lessons: lessons
      .filter((l) => l.concepts.some((c) => concepts.includes(c)))
      .map((l) => ({ id: l.id, title: l.title, minutes: l.minutes })),
    exercises: evidenceExercises(concepts, exercises).map((e) => ({
      id: e.id,
      title: e.title,
      minutes: e.minutes,
    })),
  };
}

/**
 * The learner's verified skills as the public profile shows them: without the skills they hid,
 * without the exercises they hid from any skill's evidence, and without a skill left with no
 * evidence to show.
 */
export function visibleSkills(skills: LearnerSkill[], hidden: HiddenItem[]): LearnerSkill[] {
  const hiddenSkills = new Set(hidden.filter((h) => h.kind === "skill").map((h) => h.id));
  const hiddenExercises = new Set(hidden.filter((h) => h.kind === "exercise").map((h) => h.id));
  return skills
    .filter((s) => s.status === "verified" && !hiddenSkills.has(s.id))
    .map((s) => ({ ...s, evidence: s.evidence.filter((e) => !hiddenExercises.has(e.id)) }))
    .filter((s) => s.evidence.length > 0);
}

/** A pinned goal with the learner's progress: steps passed over the total, and the next step. */
export function goalProgress(
  goal: LearningGoal,
  exercises: GapExercise[],
  progress: ExerciseProgress[],
) {
  const byId = new Map(exercises.map((e) => [e.id, e]));
  const passed = new Set(progress.filter((p) => p.state === "passed").map((p) => p.exerciseId));
  // A step whose exercise left the course (the content changed) is not counted.
  const steps = goal.path
    .filter((id) => byId.has(id))
    .map((id) => {
      const e = byId.get(id)!;
      return { id, title: e.title, minutes: e.minutes, passed: passed.has(id) };
    });
  const next = steps.find((s) => !s.passed);
  const left = steps.filter((s) => !s.passed).reduce((sum, s) => sum + s.minutes, 0);
  return {
    postingTitle: goal.postingTitle,
    pinnedAt: goal.pinnedAt,
    total: steps.length,
    passed: steps.filter((s) => s.passed).length,
    hoursLeft: Math.round((left / 60) * 10) / 10,
    next: next ? { id: next.id, title: next.title } : null,
    steps,
  };
}

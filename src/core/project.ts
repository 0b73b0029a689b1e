/**
 * Projects: one codebase a learner grows through ordered stages (docs/course-format.md,
 * "Projects"). Pure: the schema, the rules for the learner's files, stage ids and the grade job
 * of a stage. Stage n of a project is graded as the exercise `<project id>-stage-<n>` with the
 * tests of stages 1..n, each test carrying its stage as `task_id`.
 */
import { z } from "zod";
import {
  alternativeSchema,
  APP_SPEC,
  limitsSchema,
  mistakeSchema,
  moduleNameFor,
  RUNTIMES,
} from "./exercise.js";
import type { GradeJob, Limits, SourceFile } from "../runners/runner.js";

const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "must be lowercase words joined by '-'");

export const projectStageSchema = z.strictObject({
  slug,
  title: z.string().min(1).max(120),
  estimatedMinutes: z.number().int().min(5).max(600),
  concepts: z.array(slug).min(1),
  /** A subset of the project's runtimes, when this stage needs more (threads, processes). */
  runtimes: z.array(z.enum(RUNTIMES)).min(1).optional(),
  xp: z.number().int().min(0).max(1000).optional(),
  mistakes: z.array(mistakeSchema).default([]),
  alternatives: z.array(alternativeSchema).default([]),
});
export type ProjectStage = z.infer<typeof projectStageSchema>;

export const projectMetaSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9]+(?:-[a-z0-9]+)*\/[a-z0-9]+(?:-[a-z0-9]+)*$/,
      "must look like 'course-id/project-slug'",
    ),
  title: z.string().min(1).max(120),
  summary: z.string().min(1).max(400),
  difficulty: z.number().int().min(1).max(5),
  runtimes: z.array(z.enum(RUNTIMES)).min(1).default(["cpython", "pyodide"]),
  runtimeNote: z.string().optional(),
  prerequisites: z.array(z.string()).default([]),
  app: z.string().regex(APP_SPEC, "must look like 'module:app' or 'module:make_app()'").optional(),
  limits: limitsSchema.default({}),
  stages: z.array(projectStageSchema).min(1).max(20),
});
export type ProjectMeta = z.infer<typeof projectMetaSchema>;

/** What a learner's project folder may hold (checked by the server, the CLI and the web app). */
export const projectFileRules = {
  maxFiles: 60,
  maxFileBytes: 64 * 1024,
  maxTotalBytes: 512 * 1024,
  extensions: [".py", ".sql", ".md", ".txt", ".json", ".toml", ".cfg", ".ini", ".csv", ".html"],
} as const;

/** One path segment: letters, digits, `_`, `-`, `.`; not starting with a dot. */
const SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;

/** Why a path is not acceptable in a project folder, or null. */
export function projectPathProblem(filePath: string): string | null {
  const segments = filePath.split("/");
  if (filePath.length > 200) return `${filePath}: a path is at most 200 characters`;
  if (segments.length > 6) return `${filePath}: at most 5 folders deep`;
  for (const s of segments) {
    if (!SEGMENT.test(s) || s === "." || s === "..")
      return `${JSON.stringify(filePath)} is not an allowed file name: use letters, digits, '_', '-' and '.', '/' between folders, no leading dot`;
  }
  const dot = filePath.lastIndexOf(".");
  const ext = dot > filePath.lastIndexOf("/") ? filePath.slice(dot).toLowerCase() : "";
  if (!(projectFileRules.extensions as readonly string[]).includes(ext))
    return `${filePath}: only ${projectFileRules.extensions.join(" ")} files belong in a project`;
  return null;
}

/**
 * Checks the learner's files against the rules: names, kinds, count and sizes, and that none
 * takes the name of one of the project's test files. Returns a message naming the file and the
 * rule, or null.
 */
export function checkProjectFiles(
  files: readonly { path: string; content: string }[],
  testPaths: readonly string[] = [],
): string | null {
  if (files.length === 0) return "the project has no files: add at least one";
  if (files.length > projectFileRules.maxFiles)
    return `${files.length} files: a project holds at most ${projectFileRules.maxFiles}`;
  const seen = new Set<string>();
  const tests = new Set(testPaths);
  const byLower = new Map<string, string>();
  let total = 0;
  for (const f of files) {
    const problem = projectPathProblem(f.path);
    if (problem) return problem;
    if (seen.has(f.path)) return `${f.path} is listed twice`;
    seen.add(f.path);
    const lower = f.path.toLowerCase();
    const clash = byLower.get(lower);
    if (clash) return `${f.path} and ${clash} differ only in case: rename one`;
    byLower.set(lower, f.path);
    if (tests.has(f.path)) return `${f.path} is one of the project's test files, not yours`;
    const bytes = utf8Length(f.content);
    if (bytes > projectFileRules.maxFileBytes)
      return `${f.path} is ${Math.ceil(bytes / 1024)} KB: a file may have at most ${projectFileRules.maxFileBytes / 1024} KB`;
    total += bytes;
  }
  if (total > projectFileRules.maxTotalBytes)
    return `the files add up to ${Math.ceil(total / 1024)} KB: a project may have at most ${projectFileRules.maxTotalBytes / 1024} KB`;
  for (const path of seen) {
    // A file and a folder of the same name cannot both exist on disk.
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) {
      const prefix = parts.slice(0, i).join("/");
      if (seen.has(prefix)) return `${prefix} is a file, so ${path} cannot be inside it`;
    }
  }
  return null;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** The exercise id a stage is graded as: `python-backend/shortlinks-stage-2`. */
export function stageExerciseId(projectId: string, n: number): string {
  return `${projectId}-stage-${n}`;
}

/** `python-backend/shortlinks-stage-2` -> { projectId, n }; null for other ids. */
export function parseStageExerciseId(id: string): { projectId: string; n: number } | null {
  const match = /^(.+)-stage-([1-9]\d?)$/.exec(id);
  return match ? { projectId: match[1]!, n: Number(match[2]) } : null;
}

/** The stage's folder name: `01-routes`. */
export function stageFolder(n: number, stage: Pick<ProjectStage, "slug">): string {
  return `${String(n).padStart(2, "0")}-${stage.slug}`;
}

/** Runtimes a stage runs on: its own, or the project's. */
export function stageRuntimes(meta: ProjectMeta, n: number): ProjectMeta["runtimes"] {
  return meta.stages[n - 1]?.runtimes ?? meta.runtimes;
}

/** XP for passing a stage: its own, or twice an exercise's of the project's difficulty. */
export function stageXp(meta: ProjectMeta, n: number): number {
  return meta.stages[n - 1]?.xp ?? 2 * ([10, 20, 35, 50, 80][meta.difficulty - 1] ?? 10);
}

/** Module names of the learner's Python files (`shortlinks/app.py` -> `shortlinks.app`). */
export function projectModules(files: readonly { path: string }[]): string[] {
  const names = new Set<string>();
  for (const f of files) {
    const name = moduleNameFor(f.path);
    if (name) names.add(name);
  }
  return [...names].sort();
}

/** A test file of a stage, as pulled into the learner's folder (`tests/test_01_routes.py`). */
export interface StageTestFile extends SourceFile {
  stage: number;
}

/**
 * The job grading a project's files against the given stage tests (those of stages 1..n,
 * and on the server their hidden ones). Test files go to the judge under their base names, each
 * carrying its stage (and a hidden one saying so); the learner's files are the solution; every
 * Python file is a module.
 */
export function buildProjectJob(input: {
  tests: readonly StageTestFile[];
  files: readonly SourceFile[];
  limits: Limits;
  seed?: number;
}): GradeJob {
  const job: GradeJob = {
    tests: input.tests.map((t) => ({
      path: t.path.slice(t.path.lastIndexOf("/") + 1),
      content: t.content,
      task: t.stage,
      ...(t.hidden ? { hidden: true } : {}),
    })),
    solution: input.files.map((f) => ({ path: f.path, content: f.content })),
    solutionModules: projectModules(input.files),
    limits: input.limits,
    learnerNamedModules: true,
  };
  if (input.seed !== undefined) job.seed = input.seed;
  return job;
}

/** A new seed for a grade: a non-negative 31-bit integer. */
export function newSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31);
}

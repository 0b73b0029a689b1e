/**
 * Reads a project folder (docs/course-format.md, "Projects") and validates it. Each stage also
 * comes as a LoadedExercise (`<project id>-stage-<n>`), so submissions, progress, XP, hints and
 * history treat a stage like any exercise. Invalid folders raise a ProjectFormatError naming
 * the file and the field.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { issuesFromZod, jsonErrorMessage, type FormatIssue, type PydojoMeta } from "../core/exercise.js";
import {
  checkProjectFiles,
  projectMetaSchema,
  projectModules,
  stageExerciseId,
  stageFolder,
  stageRuntimes,
  stageXp,
  type ProjectMeta,
  type ProjectStage,
  type StageTestFile,
} from "../core/project.js";
import type { SourceFile } from "../runners/runner.js";
import { readText, type LoadedExercise } from "./exercise-loader.js";

export interface LoadedStage {
  n: number;
  meta: ProjectStage;
  /** `stages/01-routes`, relative to the project folder. */
  folder: string;
  instructions: string;
  hints: string | null;
  /** This stage's visible tests, as pulled into the learner's folder (`tests/<name>`). */
  tests: StageTestFile[];
  /** This stage's server-only tests (`hidden/<name>`). */
  hidden: StageTestFile[];
  /** The whole folder as it stands after this stage. */
  reference: SourceFile[];
  /** The stage as an exercise: id, prerequisites, XP, hints (tests of stages 1..n). */
  exercise: LoadedExercise;
}

export interface LoadedProject {
  dir: string;
  meta: ProjectMeta;
  starter: SourceFile[];
  stages: LoadedStage[];
  /** Mistake and alternative files by their path in the project folder. */
  variantFiles: Map<string, string>;
}

/** What a stage exercise carries beyond an exercise: where it belongs and all its tests. */
export interface ProjectStageRef {
  projectId: string;
  n: number;
  /** Visible tests of stages 1..n. */
  tests: StageTestFile[];
  /** Hidden tests of stages 1..n (server and `pydojo check` only). */
  hidden: StageTestFile[];
}

export class ProjectFormatError extends Error {
  constructor(
    readonly dir: string,
    readonly issues: FormatIssue[],
  ) {
    super(
      `invalid project ${dir}:\n` +
        issues.map((i) => `  ${i.file}: ${i.field}: ${i.message}`).join("\n"),
    );
    this.name = "ProjectFormatError";
  }
}

/** Every file under `dir` (relative paths, '/' separators), skipping caches and dotfiles. */
async function readTree(dir: string): Promise<SourceFile[] | null> {
  const out: SourceFile[] = [];
  async function walk(rel: string): Promise<boolean> {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return false;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".") || entry.name === "__pycache__") continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child);
      else if (entry.isFile())
        out.push({ path: child, content: await readFile(path.join(dir, child), "utf8") });
    }
    return true;
  }
  return (await walk("")) ? out : null;
}

async function readTests(
  dir: string,
  prefix: "tests" | "hidden",
  stage: number,
): Promise<StageTestFile[]> {
  const files = (await readTree(dir)) ?? [];
  return files.map((f) => ({
    path: `${prefix}/${f.path}`,
    content: f.content,
    stage,
    ...(prefix === "hidden" ? { hidden: true } : {}),
  }));
}

/** Loads and validates a project folder; `expectedId` is checked when the course knows it. */
export async function loadProject(dir: string, expectedId?: string): Promise<LoadedProject> {
  const root = path.resolve(dir);
  const issues: FormatIssue[] = [];
  const fail = (): never => {
    throw new ProjectFormatError(root, issues);
  };
  const text = await readText(path.join(root, "project.json"));
  if (text === null) {
    issues.push({ file: "project.json", field: "(file)", message: "not found: a project folder starts with project.json" });
    fail();
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text!);
  } catch (error) {
    issues.push({ file: "project.json", field: "(root)", message: jsonErrorMessage(text!, error) });
    fail();
  }
  const parsed = projectMetaSchema.safeParse(raw);
  if (!parsed.success) {
    issues.push(...issuesFromZod("project.json", parsed.error));
    fail();
  }
  const meta = parsed.data!;
  if (expectedId && meta.id !== expectedId) {
    issues.push({ file: "project.json", field: "id", message: `must be ${expectedId}` });
  }
  if (meta.id.split("/")[1] !== path.basename(root)) {
    issues.push({ file: "project.json", field: "id", message: `must end with the folder name (${path.basename(root)})` });
  }

  const starter = await readTree(path.join(root, "starter"));
  if (!starter || starter.length === 0) {
    issues.push({ file: "starter/", field: "(folder)", message: "the learner's first files are required (at least one)" });
  } else {
    const problem = checkProjectFiles(starter);
    if (problem) issues.push({ file: "starter/", field: "(files)", message: problem });
  }

  const variantFiles = new Map<string, string>();
  const stages: LoadedStage[] = [];
  const testNames = new Map<string, string>();
  const expectedFolders = new Set<string>();
  for (const [index, stage] of meta.stages.entries()) {
    const n = index + 1;
    const folder = `stages/${stageFolder(n, stage)}`;
    expectedFolders.add(stageFolder(n, stage));
    const at = path.join(root, folder);
    const instructions = await readText(path.join(at, "instructions.md"));
    if (!instructions?.trim())
      issues.push({ file: `${folder}/instructions.md`, field: "(file)", message: "required: the stage's ticket" });
    const tests = await readTests(path.join(at, "tests"), "tests", n);
    const hidden = await readTests(path.join(at, "hidden"), "hidden", n);
    if (!tests.some((t) => /\/test_[^/]*\.py$/.test(t.path)))
      issues.push({ file: `${folder}/tests/`, field: "(folder)", message: "at least one test_*.py file is required" });
    for (const t of [...tests, ...hidden]) {
      const name = path.posix.basename(t.path);
      if (t.path.split("/").length !== 2)
        issues.push({ file: `${folder}/${t.path}`, field: "(file)", message: "test files sit directly in tests/ or hidden/, without subfolders" });
      const other = testNames.get(name);
      if (other)
        issues.push({ file: `${folder}/${t.path}`, field: "(file)", message: `the name ${name} is also used in ${other}: test file names are unique in a project` });
      testNames.set(name, `${folder}/${t.path}`);
    }
    const reference = await readTree(path.join(at, "reference"));
    if (!reference || reference.length === 0) {
      issues.push({ file: `${folder}/reference/`, field: "(folder)", message: "the whole folder as it stands after this stage is required" });
    } else {
      const problem = checkProjectFiles(reference, tests.map((t) => t.path));
      if (problem) issues.push({ file: `${folder}/reference/`, field: "(files)", message: problem });
    }
    for (const r of stage.runtimes ?? []) {
      if (!meta.runtimes.includes(r))
        issues.push({ file: "project.json", field: `stages.${index}.runtimes`, message: `${r} is not one of the project's runtimes` });
    }
    const previous = stages.at(-1);
    if (previous) {
      const earlier = stageRuntimes(meta, n - 1);
      for (const r of stageRuntimes(meta, n)) {
        if (!earlier.includes(r))
          issues.push({ file: "project.json", field: `stages.${index}.runtimes`, message: `stage ${n} runs the tests of stage ${n - 1}, which does not run on ${r}` });
      }
    }
    for (const [kind, entries] of [
      ["mistakes", stage.mistakes],
      ["alternatives", stage.alternatives],
    ] as const) {
      const names = entries.map((e) => e.name);
      for (const dup of new Set(names.filter((v, i) => names.indexOf(v) !== i)))
        issues.push({ file: "project.json", field: `stages.${index}.${kind}`, message: `the name "${dup}" is used twice` });
      for (const [k, entry] of entries.entries()) {
        for (const replacement of Object.values(entry.files)) {
          const content = await readText(path.join(root, replacement));
          if (content === null)
            issues.push({ file: "project.json", field: `stages.${index}.${kind}.${k}.files`, message: `file not found: ${replacement}` });
          else variantFiles.set(replacement, content);
        }
      }
    }
    const hints = await readText(path.join(at, "hints.md"));
    const allTests = [...stages.flatMap((s) => s.tests), ...tests];
    const allHidden = [...stages.flatMap((s) => s.hidden), ...hidden];
    stages.push({
      n,
      meta: stage,
      folder,
      instructions: instructions ?? "",
      hints,
      tests,
      hidden,
      reference: reference ?? [],
      exercise: stageExercise(root, meta, n, {
        instructions: instructions ?? "",
        hints,
        tests: allTests,
        hidden: allHidden,
        reference: reference ?? [],
        starter: starter ?? [],
      }),
    });
  }
  let folders: string[] = [];
  try {
    folders = (await readdir(path.join(root, "stages"))).filter((n) => !n.startsWith("."));
  } catch {
    /* reported per stage above */
  }
  for (const name of folders) {
    if (!expectedFolders.has(name))
      issues.push({ file: `stages/${name}`, field: "(folder)", message: `not a stage of project.json (expected ${[...expectedFolders].join(", ")})` });
  }
  if (issues.length > 0) fail();
  return { dir: root, meta, starter: starter!, stages, variantFiles };
}

function stageExercise(
  root: string,
  meta: ProjectMeta,
  n: number,
  parts: {
    instructions: string;
    hints: string | null;
    tests: StageTestFile[];
    hidden: StageTestFile[];
    reference: SourceFile[];
    starter: SourceFile[];
  },
): LoadedExercise & { project: ProjectStageRef } {
  const stage = meta.stages[n - 1]!;
  const exerciseMeta: PydojoMeta = {
    id: stageExerciseId(meta.id, n),
    title: `${meta.title}, stage ${n}: ${stage.title}`,
    kind: "implement",
    difficulty: meta.difficulty,
    concepts: stage.concepts,
    estimatedMinutes: stage.estimatedMinutes,
    runtimes: stageRuntimes(meta, n),
    ...(meta.runtimeNote ? { runtimeNote: meta.runtimeNote } : {}),
    xp: stageXp(meta, n),
    prerequisites: n === 1 ? meta.prerequisites : [stageExerciseId(meta.id, n - 1)],
    limits: meta.limits,
    tags: ["project"],
    ...(meta.app ? { app: meta.app } : {}),
    variants: [],
    equivalents: [],
    mistakes: [],
    alternatives: [],
  };
  return {
    dir: path.join(root, "stages", stageFolder(n, stage)),
    config: { files: { solution: [], test: parts.tests.map((t) => t.path) } },
    meta: exerciseMeta,
    title: exerciseMeta.title,
    tests: parts.tests,
    stub: parts.starter,
    reference: parts.reference,
    support: [],
    solutionModules: projectModules(parts.reference),
    instructions: parts.instructions,
    hints: parts.hints,
    variantFiles: new Map(),
    warnings: [],
    project: { projectId: meta.id, n, tests: parts.tests, hidden: parts.hidden },
  };
}

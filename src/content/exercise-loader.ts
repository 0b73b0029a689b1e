/**
 * Reads an exercise folder (Exercism layout plus `.meta/pydojo.json`) from disk and
 * validates it. Invalid folders raise an ExerciseFormatError naming file and field.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import {
  exercismConfigSchema,
  issuesFromZod,
  jsonErrorMessage,
  moduleNameFor,
  pydojoMetaSchema,
  type ExercismConfig,
  type FormatIssue,
  type PydojoMeta,
} from "../core/exercise.js";
import type { SourceFile } from "../runners/runner.js";
import type { ProjectStageRef } from "./project-loader.js";

/** An exercise folder, loaded and validated. */
export interface LoadedExercise {
  dir: string;
  config: ExercismConfig;
  /** PyDojo metadata; null for a plain Exercism folder. */
  meta: PydojoMeta | null;
  /** Title from metadata, else derived from the folder name. */
  title: string;
  tests: SourceFile[];
  /** The starter files, as given to a learner. */
  stub: SourceFile[];
  /** The reference solution, under the solution files' names. */
  reference: SourceFile[];
  /** Files the learner's code may import but not edit (Exercism's `editor` files). */
  support: SourceFile[];
  solutionModules: string[];
  instructions: string;
  hints: string | null;
  /** Replacement files by path in the folder: write-tests variants and equivalents, mistakes, alternatives. */
  variantFiles: Map<string, string>;
  /** What `pydojo check` reports but grading ignores (e.g. no `.docs/instructions.md`). */
  warnings: string[];
  /** Set when this is a stage of a project (content/project-loader.ts). */
  project?: ProjectStageRef;
}

export class ExerciseFormatError extends Error {
  constructor(
    readonly dir: string,
    readonly issues: FormatIssue[],
  ) {
    super(
      `invalid exercise ${dir}:\n` +
        issues.map((i) => `  ${i.file}: ${i.field}: ${i.message}`).join("\n"),
    );
    this.name = "ExerciseFormatError";
  }
}

/** A text file's content, or null when it does not exist. */
export async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

function parseJson(text: string, file: string, dir: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ExerciseFormatError(dir, [
      { file, field: "(root)", message: jsonErrorMessage(text, error) },
    ]);
  }
}

/** True when `dir` looks like an exercise folder (has `.meta/config.json`). */
export async function isExerciseDir(dir: string): Promise<boolean> {
  try {
    return (await stat(path.join(dir, ".meta", "config.json"))).isFile();
  } catch {
    return false;
  }
}

async function readFiles(
  dir: string,
  paths: string[],
  field: string,
  issues: FormatIssue[],
): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const [index, rel] of paths.entries()) {
    const content = await readText(path.join(dir, rel));
    if (content === null) {
      issues.push({ file: ".meta/config.json", field: `${field}.${index}`, message: `file not found: ${rel}` });
    } else {
      files.push({ path: rel, content });
    }
  }
  return files;
}

/**
 * The solution files Exercism's Python test runner would use when `.meta/config.json` names
 * none: each `*_test.py` file's name without `_test` (`two_fer_test.py` -> `two_fer.py`), in
 * the test files' order; other test-side files (`test_utils.py`) are helpers. A folder with no
 * `*_test.py` falls back to `test_*.py` files without `test_`. Null when neither is there.
 */
export function inferSolutionFiles(tests: string[]): string[] | null {
  for (const pattern of [/^(.+)_test\.py$/, /^test_(.+)\.py$/]) {
    const solutions: string[] = [];
    for (const test of tests) {
      const dir = path.posix.dirname(test);
      const stem = pattern.exec(path.posix.basename(test))?.[1];
      const solution = stem && (dir === "." ? `${stem}.py` : `${dir}/${stem}.py`);
      if (solution && !solutions.includes(solution)) solutions.push(solution);
    }
    if (solutions.length > 0) return solutions;
  }
  return null;
}

/**
 * At most this many data files, bytes each and bytes in all are taken from a folder without
 * being listed: within what `pydojo pull` accepts for a whole exercise (src/cli/safe-fs.ts),
 * with room left for the tests and the starter; names as it accepts them.
 */
const DATA_FILES_MAX = 32;
const DATA_FILE_BYTES_MAX = 256 * 1024;
const DATA_BYTES_MAX = 1024 * 1024;
const DATA_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;
const NOT_DATA = /^(?:__pycache__|node_modules|venv|env)$/;

/**
 * The exercise's data files its config does not list (`data/orders.csv` beside the tests, as
 * folders from other platforms have them): text files that are not Python, outside `.meta/`,
 * `.docs/` and hidden folders, not the root's README/HELP/HINTS/LICENSE. The grader gives them
 * to the learner's code and the tests at the same paths in their working folder, as pytest run
 * in the folder would. Over the bounds, or not UTF-8, a file is left out with a warning.
 */
async function unlistedDataFiles(
  root: string,
  listed: Set<string>,
  warnings: string[],
): Promise<SourceFile[]> {
  const found: SourceFile[] = [];
  let bytes = 0;
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const walk = async (rel: string, depth: number): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (!DATA_NAME.test(entry.name) || NOT_DATA.test(entry.name)) continue;
      if (entry.isDirectory()) {
        if (depth < 4) await walk(child, depth + 1);
        continue;
      }
      if (!entry.isFile() || /\.pyc?$/.test(entry.name) || listed.has(child)) continue;
      if (!rel && /^(?:README|HELP|HINTS|LICENSE)|\.md$/i.test(entry.name)) continue;
      const data = await readFile(path.join(root, child));
      let content: string;
      try {
        if (data.includes(0)) throw new Error("a NUL byte: not text");
        content = decoder.decode(data);
      } catch {
        warnings.push(`${child}: not given to the grader: only text (UTF-8) data files are`);
        continue;
      }
      if (
        found.length >= DATA_FILES_MAX ||
        data.length > DATA_FILE_BYTES_MAX ||
        bytes + data.length > DATA_BYTES_MAX
      ) {
        warnings.push(
          `${child}: not given to the grader: a folder's unlisted data files stop at ${DATA_FILES_MAX} files, ${DATA_FILE_BYTES_MAX / 1024} KB each and ${DATA_BYTES_MAX / 1024} KB in all`,
        );
        continue;
      }
      bytes += data.length;
      found.push({ path: child, content });
    }
  };
  await walk("", 0);
  return found;
}

/**
 * The conftest.py files pytest would read for these test files without being told (beside a
 * test file, or in a folder above it up to the exercise's root) that the config does not list:
 * Exercism's configs name only the test files, and a folder that works with plain pytest must
 * grade the same here.
 */
async function unlistedConftests(root: string, testPaths: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const rel of testPaths) {
    for (let dir = path.posix.dirname(rel); ; dir = path.posix.dirname(dir)) {
      const candidate = dir === "." ? "conftest.py" : `${dir}/conftest.py`;
      if (
        !testPaths.includes(candidate) &&
        !found.includes(candidate) &&
        (await readText(path.join(root, candidate))) !== null
      )
        found.push(candidate);
      if (dir === "." || dir === "/" || dir === "") break;
    }
  }
  return found;
}

/** The config with `files.solution` inferred from `files.test` when it is absent. */
function withInferredSolution(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return raw;
  const files = (raw as { files?: unknown }).files;
  if (typeof files !== "object" || files === null || Array.isArray(files)) return raw;
  const { solution, test } = files as { solution?: unknown; test?: unknown };
  if (solution !== undefined || !Array.isArray(test) || !test.every((t) => typeof t === "string"))
    return raw;
  const inferred = inferSolutionFiles(test);
  return inferred ? { ...raw, files: { ...files, solution: inferred } } : raw;
}

/** Loads and validates the exercise in `dir`. */
export async function loadExercise(dir: string): Promise<LoadedExercise> {
  const root = path.resolve(dir);
  const configText = await readText(path.join(root, ".meta", "config.json"));
  if (configText === null) {
    throw new ExerciseFormatError(root, [
      { file: ".meta/config.json", field: "(file)", message: "missing: an exercise folder needs .meta/config.json" },
    ]);
  }
  const configResult = exercismConfigSchema.safeParse(
    withInferredSolution(parseJson(configText, ".meta/config.json", root)),
  );
  if (!configResult.success) {
    throw new ExerciseFormatError(root, issuesFromZod(".meta/config.json", configResult.error));
  }
  const config = configResult.data;
  const issues: FormatIssue[] = [];

  let meta: PydojoMeta | null = null;
  const metaText = await readText(path.join(root, ".meta", "pydojo.json"));
  if (metaText !== null) {
    const metaResult = pydojoMetaSchema.safeParse(parseJson(metaText, ".meta/pydojo.json", root));
    if (metaResult.success) meta = metaResult.data;
    else issues.push(...issuesFromZod(".meta/pydojo.json", metaResult.error));
  }

  const solutionPaths = config.files.solution;
  const referencePaths = config.files.example ?? config.files.exemplar;
  if (!referencePaths) {
    issues.push({
      file: ".meta/config.json",
      field: "files.example",
      message: "a reference solution is required: set files.example or files.exemplar",
    });
  } else if (referencePaths.length !== solutionPaths.length) {
    issues.push({
      file: ".meta/config.json",
      field: config.files.example ? "files.example" : "files.exemplar",
      message: `must list one file per solution file (${solutionPaths.length})`,
    });
  }
  const solutionModules: string[] = [];
  for (const [index, rel] of solutionPaths.entries()) {
    const name = moduleNameFor(rel);
    if (name === null) {
      issues.push({
        file: ".meta/config.json",
        field: `files.solution.${index}`,
        message: `${rel} is not an importable Python file name`,
      });
    } else solutionModules.push(name);
  }
  const editorPaths = config.files.editor ?? [];
  for (const rel of editorPaths) {
    const name = moduleNameFor(rel);
    if (name) solutionModules.push(name);
  }

  // A test file under `.meta/` is never served (content-routes.ts): it is a hidden test.
  const testPaths = [...config.files.test, ...(await unlistedConftests(root, config.files.test))];
  const tests = (await readFiles(root, testPaths, "files.test", issues)).map((f) =>
    /^\.meta\//.test(f.path) ? { ...f, hidden: true } : f,
  );
  const stub = await readFiles(root, solutionPaths, "files.solution", issues);
  const support = await readFiles(root, editorPaths, "files.editor", issues);
  const listed = new Set([
    ...testPaths,
    ...solutionPaths,
    ...editorPaths,
    ...(referencePaths ?? []),
    ...(config.files.invalidator ?? []),
  ]);
  const warningsFromData: string[] = [];
  support.push(...(await unlistedDataFiles(root, listed, warningsFromData)));
  const referenceFiles = await readFiles(
    root,
    referencePaths ?? [],
    config.files.example ? "files.example" : "files.exemplar",
    issues,
  );
  const instructions = withIntroduction(
    await readText(path.join(root, ".docs", "instructions.md")),
    await readText(path.join(root, ".docs", "introduction.md")),
  );
  const warnings: string[] = [...warningsFromData];
  if (instructions === null) {
    // Grading needs no instructions (an Exercism folder may come without .docs); a course does.
    warnings.push(".docs/instructions.md: (file): missing: every exercise needs instructions");
  }
  const variantFiles = new Map<string, string>();
  if (meta?.kind === "write-tests") {
    if (meta.variants.length === 0) {
      issues.push({ file: ".meta/pydojo.json", field: "variants", message: "a write-tests exercise needs at least one buggy variant" });
    }
    if (editorPaths.length === 0) {
      issues.push({ file: ".meta/config.json", field: "files.editor", message: "a write-tests exercise gives the code under test as files.editor" });
    }
    const replacements = [
      ...meta.variants.map((v, index) => ({ field: `variants.${index}`, files: v.files })),
      ...meta.equivalents.map((e, index) => ({ field: `equivalents.${index}`, files: e.files })),
    ];
    const names = [...meta.variants, ...meta.equivalents].map((r) => r.name);
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
      issues.push({
        file: ".meta/pydojo.json",
        field: "variants",
        message: `the name "${name}" is used twice: each variant and equivalent needs its own name`,
      });
    }
    for (const { field, files } of replacements) {
      if (Object.keys(files).length === 0) {
        issues.push({ file: ".meta/pydojo.json", field: `${field}.files`, message: "must replace at least one files.editor file" });
      }
      for (const [subject, replacement] of Object.entries(files)) {
        if (!editorPaths.includes(subject)) {
          issues.push({ file: ".meta/pydojo.json", field: `${field}.files`, message: `${subject} is not one of files.editor` });
        }
        const content = await readText(path.join(root, replacement));
        if (content === null) {
          issues.push({ file: ".meta/pydojo.json", field: `${field}.files`, message: `file not found: ${replacement}` });
        } else variantFiles.set(replacement, content);
      }
    }
  } else if (meta && (meta.variants.length > 0 || meta.equivalents.length > 0)) {
    issues.push({ file: ".meta/pydojo.json", field: meta.variants.length > 0 ? "variants" : "equivalents", message: `only a write-tests exercise has variants and equivalents (kind is "${meta.kind}")` });
  }
  for (const [kind, entries] of [
    ["mistakes", meta?.mistakes ?? []],
    ["alternatives", meta?.alternatives ?? []],
  ] as const) {
    const names = entries.map((e) => e.name);
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
      issues.push({ file: ".meta/pydojo.json", field: kind, message: `the name "${name}" is used twice: give each its own name` });
    }
    for (const [index, entry] of entries.entries()) {
      const field = `${kind}.${index}.files`;
      if (Object.keys(entry.files).length === 0) {
        issues.push({ file: ".meta/pydojo.json", field, message: "must replace at least one files.solution file" });
      }
      for (const [target, replacement] of Object.entries(entry.files)) {
        if (!solutionPaths.includes(target)) {
          issues.push({ file: ".meta/pydojo.json", field, message: `${target} is not one of files.solution` });
        }
        const content = await readText(path.join(root, replacement));
        if (content === null) {
          issues.push({ file: ".meta/pydojo.json", field, message: `file not found: ${replacement}` });
        } else variantFiles.set(replacement, content);
      }
    }
  }
  if (meta && meta.id.split("/").length < 2) {
    issues.push({ file: ".meta/pydojo.json", field: "id", message: "must include a set or course prefix" });
  }
  if (issues.length > 0) throw new ExerciseFormatError(root, issues);

  const reference = referenceFiles.map((file, index) => ({
    path: solutionPaths[index] ?? file.path,
    content: file.content,
  }));
  return {
    dir: root,
    config,
    meta,
    title: meta?.title ?? titleFromSlug(path.basename(root)),
    tests,
    stub,
    reference,
    support,
    solutionModules,
    instructions: instructions ?? "",
    hints: await readText(path.join(root, ".docs", "hints.md")),
    variantFiles,
    warnings,
  };
}

function titleFromSlug(slug: string): string {
  return slug
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join(" ");
}

/**
 * The instructions, followed by `.docs/introduction.md` (Exercism's background for a concept
 * exercise) as a "Background" section, its own top heading dropped: the instructions' heading
 * stays the exercise's title wherever it is shown.
 */
export function withIntroduction(instructions: string | null, introduction: string | null): string | null {
  const background = introduction?.replace(/^\s*#\s[^\n]*\n/, "").trim();
  if (!background || instructions === null) return instructions;
  return `${instructions.trimEnd()}\n\n## Background\n\n${background}\n`;
}

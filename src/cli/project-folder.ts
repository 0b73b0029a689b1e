/**
 * A pulled project on disk. The learner's files are whatever is in the folder (walked, with the
 * project's file rules); PyDojo's own files are the stages' tests in `tests/`, INSTRUCTIONS.md,
 * the folder's README (or PYDOJO.md), a `conftest.py` for plain pytest, the earlier stages'
 * instructions in `.pydojo/stages/`, and `.pydojo/project.json`: the project id, the stage the
 * folder is at, and each managed file with the sha256 it had when written. That state file is
 * validated on every read, like `.pydojo/exercise.json`.
 */
import { existsSync } from "node:fs";
import { lstat, readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { APP_SPEC } from "../core/exercise.js";
import { checkProjectFiles, projectFileRules } from "../core/project.js";
import type { SourceFile } from "../runners/runner.js";
import { sha256, STATE_FILE as EXERCISE_STATE_FILE } from "./exercise-folder.js";
import { CliError } from "./remote.js";
import {
  checkExerciseId,
  checkFileName,
  readInside,
  RefusedError,
  writeInside,
} from "./safe-fs.js";

export const PROJECT_STATE = ".pydojo/project.json";
/** A stage's test file as it lives in the folder: `tests/<name>.py`. */
export const TEST_PATH = /^tests\/[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}\.py$/;
const STAGE_SLUG = /^[a-z0-9][a-z0-9-]{0,59}$/;
/** Files PyDojo may write at the folder's top (the state says which it did write). */
export const MANAGED_NAMES = ["INSTRUCTIONS.md", "README.md", "PYDOJO.md", "conftest.py"] as const;
export const MAX_STAGES = 20;

const hash = z.string().regex(/^[0-9a-f]{64}$/);
/** A project's limits as a server states them, bounded: a server cannot ask for hours or GBs. */
export const projectLimitsSchema = z.strictObject({
  timeoutSeconds: z.number().min(1).max(600),
  testTimeoutSeconds: z.number().min(1).max(120),
  memoryMb: z.number().min(16).max(4096),
  outputKb: z.number().min(1).max(16384),
  processes: z.number().int().min(1).max(256),
  fileSizeMb: z.number().min(1).max(1024),
  openFiles: z.number().int().min(8).max(4096),
});

const stateSchema = z.strictObject({
  kind: z.literal("project"),
  id: z.string(),
  server: z
    .string()
    .max(2000)
    .refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), "must be an http(s) URL"),
  title: z.string().max(500),
  app: z.string().regex(APP_SPEC).nullable(),
  /** The stage this folder is at: its tests and those of every earlier stage are in tests/. */
  stage: z.number().int().min(1).max(MAX_STAGES),
  /** The project's limits from the server (folders pulled before they were sent: defaults). */
  limits: projectLimitsSchema.optional(),
  stages: z
    .array(
      z.strictObject({
        n: z.number().int().min(1).max(MAX_STAGES),
        slug: z.string().regex(STAGE_SLUG),
        title: z.string().max(500),
      }),
    )
    .min(1)
    .max(MAX_STAGES),
  tests: z
    .array(
      z.strictObject({
        path: z.string().regex(TEST_PATH),
        stage: z.number().int().min(1).max(MAX_STAGES),
        sha256: hash,
      }),
    )
    .max(200),
  managed: z.partialRecord(z.enum(MANAGED_NAMES), hash),
  draftVersion: z.number().int().min(0),
});
export type ProjectState = z.infer<typeof stateSchema>;

/** Validates a parsed state (from disk, or built at pull time). */
export function validateProjectState(data: unknown, source: string): ProjectState {
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RefusedError(
      `${source} is not valid (${issue.path.join(".") || "top level"}: ${issue.message}): delete the .pydojo folder and run 'pydojo pull <project>' again`,
    );
  }
  const state = parsed.data;
  checkExerciseId(state.id, source);
  state.stages.forEach((s, i) => {
    if (s.n !== i + 1) throw new RefusedError(`${source} lists its stages out of order`);
  });
  if (state.stage > state.stages.length)
    throw new RefusedError(`${source} is at stage ${state.stage} of ${state.stages.length}`);
  const paths = state.tests.map((t) => t.path);
  for (const p of paths) checkFileName(p, source);
  if (new Set(paths).size !== paths.length)
    throw new RefusedError(
      `${source} names the same test file twice: delete .pydojo and pull again`,
    );
  if (state.tests.some((t) => t.stage > state.stage))
    throw new RefusedError(`${source} lists tests of a stage after its own`);
  return state;
}

export async function readProjectState(root: string): Promise<ProjectState> {
  const source = path.join(root, PROJECT_STATE);
  const text = await readInside(root, PROJECT_STATE, 1024 * 1024);
  if (text === null) throw new CliError(`${source} is missing: run 'pydojo pull <project>'`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RefusedError(`${source} is not valid JSON: delete the .pydojo folder and pull again`);
  }
  return validateProjectState(data, source);
}

export async function writeProjectState(root: string, state: ProjectState): Promise<void> {
  await writeInside(root, PROJECT_STATE, JSON.stringify(state, null, 2) + "\n");
}

/**
 * The project folder containing `start` (walking up), or null when the nearest pulled folder
 * above it is an exercise (or there is none).
 */
export function findProjectRoot(start: string): string | null {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, PROJECT_STATE))) return dir;
    if (existsSync(path.join(dir, EXERCISE_STATE_FILE))) return null;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `.pydojo/stages/01-routes.md`: where an earlier stage's instructions are kept. */
export const stageNotesPath = (n: number, slug: string) =>
  `.pydojo/stages/${String(n).padStart(2, "0")}-${slug}.md`;

/** Folders that are never part of the learner's project. */
const SKIPPED_FOLDERS = new Set(["__pycache__", "venv", "node_modules", "site-packages"]);
const WALK_LIMIT = 5000;
/** Files skipped without a word (generated by Python or the tools). */
const QUIET_EXTENSIONS = [".pyc", ".pyo"];

export interface LearnerFiles {
  files: SourceFile[];
  /** Files left out because of their kind (not one the rules allow), for a note. */
  ignored: string[];
}

/**
 * The learner's files: every file below the folder except hidden ones (.git, .pydojo, .venv...),
 * virtual environments (a folder with pyvenv.cfg), caches, node_modules, the files PyDojo manages,
 * and files whose kind the rules do not allow (listed in `ignored`). Links are refused. Then the
 * project's file rules (count, sizes, names) are checked: a broken rule is an error naming the
 * file and the rule.
 */
export async function collectLearnerFiles(
  root: string,
  state: ProjectState,
): Promise<LearnerFiles> {
  const managed = new Set<string>([
    ...state.tests.map((t) => t.path),
    ...Object.keys(state.managed),
  ]);
  const names: string[] = [];
  const ignored: string[] = [];
  let seen = 0;
  async function walk(relative: string, depth: number): Promise<void> {
    const dir = relative ? path.join(root, relative) : root;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (++seen > WALK_LIMIT)
        throw new CliError(
          `more than ${WALK_LIMIT} entries in ${root}: a project folder holds at most ${projectFileRules.maxFiles} files of yours (move data or dependencies elsewhere)`,
        );
      if (entry.name.startsWith(".")) continue;
      const rel = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isSymbolicLink())
        throw new RefusedError(
          `${path.join(root, rel)} is a symbolic link: pydojo never follows links inside a project folder. Replace it with a regular file or folder`,
        );
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name) || entry.name.endsWith(".egg-info")) continue;
        if (existsSync(path.join(root, rel, "pyvenv.cfg"))) continue;
        if (depth >= 8)
          throw new CliError(`${rel} is nested too deeply: a project path has at most 5 folders`);
        await walk(rel, depth + 1);
        continue;
      }
      if (!entry.isFile() || managed.has(rel)) continue;
      const ext = path.extname(entry.name).toLowerCase();
      if (!(projectFileRules.extensions as readonly string[]).includes(ext)) {
        if (!QUIET_EXTENSIONS.includes(ext)) ignored.push(rel);
        continue;
      }
      names.push(rel);
    }
  }
  await walk("", 0);
  if (names.length > projectFileRules.maxFiles)
    throw new CliError(
      `${names.length} files in ${root}: a project holds at most ${projectFileRules.maxFiles} of your files (${projectFileRules.extensions.join(" ")}; hidden folders, venvs and __pycache__ are skipped)`,
    );
  const files: SourceFile[] = [];
  for (const name of names) {
    // Reads through safe-fs (no links on the way); the size rule is reported by the check below.
    const stat = await lstat(path.join(root, name));
    if (stat.size > projectFileRules.maxFileBytes)
      throw new CliError(
        `${name} is ${Math.ceil(stat.size / 1024)} KB: a project file may have at most ${projectFileRules.maxFileBytes / 1024} KB`,
      );
    const content = await readInside(root, name, projectFileRules.maxFileBytes);
    if (content !== null) files.push({ path: name, content });
  }
  const problem = checkProjectFiles(
    files,
    state.tests.map((t) => t.path),
  );
  if (problem) throw new CliError(`your project breaks a rule: ${problem}`);
  return { files, ignored };
}

/** The stage tests on disk for stages 1..upTo, with a note for each one changed since pull. */
export async function readStageTests(
  root: string,
  state: ProjectState,
  upTo: number,
): Promise<{ tests: (SourceFile & { stage: number })[]; changed: string[]; missing: string[] }> {
  const tests: (SourceFile & { stage: number })[] = [];
  const changed: string[] = [];
  const missing: string[] = [];
  for (const t of state.tests.filter((x) => x.stage <= upTo)) {
    const content = await readInside(root, t.path);
    if (content === null) {
      missing.push(t.path);
      continue;
    }
    if (sha256(content) !== t.sha256) changed.push(t.path);
    tests.push({ path: t.path, content, stage: t.stage });
  }
  return { tests, changed, missing };
}

/** The conftest.py written on pull (when the folder has none) so that plain pytest works. */
/** The conftest.py pull writes: CONFTEST with the harness's folder (a Python string literal). */
export function conftestFor(harness: string): string {
  return CONFTEST.replace("__PYDOJO_HARNESS__", JSON.stringify(harness));
}

export const CONFTEST = `"""Written by \`pydojo pull\` so that plain \`python -m pytest\` works in this folder.

It puts this folder on sys.path (so \`tests/\` can import your modules), and when PYDOJO_SEED is
set it seeds \`random\` before each test the way \`pydojo test --seed N\` does (from the seed and
the test's name), so \`PYDOJO_SEED=N python -m pytest\` draws the same random inputs.
It also puts PyDojo's harness on the path where this CLI keeps it, so tests that import
\`pydojo_harness.http_client\` (\`client_for\`) work, and offers the harness's \`db\`,
\`db_path\` and \`concurrency\` fixtures to pytest (your code runs in pytest's own process
here, not in a separate one as with \`pydojo test\`). \`client\` and \`live_server\` need
\`pydojo test\` (they find your app from the exercise's files).
PyDojo never sends this file when you submit; delete it if you do not use pytest.
"""
import os
import random
import sys
import unittest

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
_HARNESS = __PYDOJO_HARNESS__
if os.path.isdir(os.path.join(_HARNESS, "pydojo_harness")) and _HARNESS not in sys.path:
    sys.path.append(_HARNESS)


def _strip(name, prefix="", suffix=""):
    if prefix and name.startswith(prefix) and len(name) > len(prefix):
        name = name[len(prefix):]
    if suffix and name.endswith(suffix) and len(name) > len(suffix):
        name = name[: -len(suffix)]
    return name


def _graded_name(item):
    """The name PyDojo gives a test: \`test_add\` is \`add\`, \`TestCart.test_add\` is \`Cart > add\`."""
    base, bracket, rest = item.name.partition("[")
    name = _strip(base, prefix="test_")
    cls = getattr(item, "cls", None)
    if cls is not None:
        if issubclass(cls, unittest.TestCase):
            display = _strip(cls.__name__, suffix="Test")
        else:
            display = _strip(_strip(cls.__name__, prefix="Test"), suffix="Test")
        name = f"{display} > {name}"
    return name + (bracket + rest if bracket else "")


try:
    from pydojo_harness.fixtures import BUILTIN_FIXTURES as _HARNESS_FIXTURES
except ImportError:  # no harness where the CLI was: only the seed and the path
    _HARNESS_FIXTURES = {}


class _HarnessRequest:
    """What a harness fixture reads from its request, taken from pytest's."""

    def __init__(self, request, folder):
        self.module = request.module
        self.test_name = _graded_name(request.node)
        self.work_dir = str(folder)


def _harness_fixture(name):
    @pytest.fixture(name=name)
    def fixture(request, tmp_path_factory):
        steps = _HARNESS_FIXTURES[name](_HarnessRequest(request, tmp_path_factory.mktemp("pydojo")))
        yield next(steps)
        steps.close()

    return fixture


for _name in ("db", "db_path", "concurrency"):
    if _name in _HARNESS_FIXTURES:
        globals()["_pydojo_fixture_" + _name] = _harness_fixture(_name)


@pytest.fixture(autouse=True)
def _pydojo_seed(request):
    seed = os.environ.get("PYDOJO_SEED", "")
    if seed.isdigit():
        random.seed(f"{int(seed)}:{_graded_name(request.node)}")
    yield
`;

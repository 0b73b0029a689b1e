/**
 * A pulled exercise on disk: the learner's files, the tests, README.md, and `.pydojo/exercise.json`
 * with what the CLI needs offline and for sync (the server's draft version and the hash of each
 * file as last synced). The state file is validated on every read: it names the only files the
 * CLI will ever read from or send for this folder.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { APP_SPEC } from "../core/exercise.js";
import type { SourceFile } from "../runners/runner.js";
import {
  checkExerciseId,
  checkFileName,
  EXERCISE_LIMITS,
  readInside,
  RefusedError,
  writeInside,
} from "./safe-fs.js";

export interface ExerciseState {
  id: string;
  server: string;
  title: string;
  kind: "implement" | "debug" | "write-tests";
  solutionFiles: string[];
  testFiles: string[];
  supportFiles: string[];
  solutionModules: string[];
  /** The exercise's web app ("module:app" or "module:make_app()") for `pydojo run`; absent: none named. */
  app?: string | null;
  /** Draft version on the server at the last pull or sync (0: none). */
  draftVersion: number;
  /** sha256 of each solution file as written or uploaded at the last pull or sync. */
  baseHashes: Record<string, string>;
}

export const STATE_FILE = path.join(".pydojo", "exercise.json");
const STATE_NAME = ".pydojo/exercise.json";

const fileList = z.array(z.string()).max(EXERCISE_LIMITS.files);
const stateSchema = z.object({
  id: z.string(),
  server: z
    .string()
    .max(2000)
    .refine((s) => /^https?:\/\//.test(s) && URL.canParse(s), "must be an http(s) URL"),
  title: z.string().max(500),
  kind: z.enum(["implement", "debug", "write-tests"]),
  solutionFiles: fileList.min(1),
  testFiles: fileList,
  supportFiles: fileList,
  solutionModules: z.array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/)),
  app: z.string().regex(APP_SPEC).nullish(),
  draftVersion: z.number().int().min(0),
  baseHashes: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)),
});

export const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

export class NotAnExerciseError extends Error {
  constructor(start: string) {
    super(
      `${start} is not inside a pulled exercise folder (no .pydojo/exercise.json above it): cd into one, or run 'pydojo pull <exercise>' first`,
    );
    this.name = "NotAnExerciseError";
  }
}

/** The exercise folder containing `start` (walking up). */
export function findExerciseRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, STATE_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new NotAnExerciseError(start);
    dir = parent;
  }
}

/** Validates a parsed state (from disk, or built at pull time). */
export function validateState(data: unknown, source: string): ExerciseState {
  const parsed = stateSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new RefusedError(
      `${source} is not valid (${issue.path.join(".") || "top level"}: ${issue.message}): delete the .pydojo folder and run 'pydojo pull <exercise>' again`,
    );
  }
  const state = parsed.data;
  checkExerciseId(state.id, source);
  const names = [...state.solutionFiles, ...state.testFiles, ...state.supportFiles];
  for (const name of names) checkFileName(name, source);
  if (new Set(names).size !== names.length)
    throw new RefusedError(`${source} names the same file twice: delete .pydojo and pull again`);
  return state;
}

export async function readState(root: string): Promise<ExerciseState> {
  const source = path.join(root, STATE_FILE);
  const text = await readInside(root, STATE_NAME, 1024 * 1024);
  if (text === null) throw new NotAnExerciseError(root);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new RefusedError(`${source} is not valid JSON: delete the .pydojo folder and pull again`);
  }
  return validateState(data, source);
}

export async function writeState(root: string, state: ExerciseState): Promise<void> {
  await writeInside(root, STATE_NAME, JSON.stringify(state, null, 2) + "\n");
}

/** Reads files relative to root (never through links); missing files are skipped. */
export async function readFiles(root: string, names: string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const name of names) {
    checkFileName(name, path.join(root, STATE_FILE));
    const content = await readInside(root, name);
    if (content !== null) files.push({ path: name, content });
  }
  return files;
}

/** Writes a (checked) file name inside the exercise folder, never through links. */
export async function writeFileIn(root: string, name: string, content: string): Promise<void> {
  await writeInside(root, name, content);
}

/** Where a conflicting server version is written beside the learner's file: a.py -> a.server.py */
export function besideName(name: string): string {
  const ext = path.extname(name);
  return ext ? `${name.slice(0, -ext.length)}.server${ext}` : `${name}.server`;
}

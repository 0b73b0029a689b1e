/**
 * A pulled exercise on disk: the learner's files, the tests, README.md, and `.pydojo/exercise.json`
 * with what the CLI needs offline and for sync (the server's draft version and the hash of each
 * file as last synced).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { SourceFile } from "../runners/runner.js";

export interface ExerciseState {
  id: string;
  server: string;
  title: string;
  kind: "implement" | "debug" | "write-tests";
  solutionFiles: string[];
  testFiles: string[];
  supportFiles: string[];
  solutionModules: string[];
  /** Draft version on the server at the last pull or sync (0: none). */
  draftVersion: number;
  /** sha256 of each solution file as written or uploaded at the last pull or sync. */
  baseHashes: Record<string, string>;
}

export const STATE_FILE = path.join(".pydojo", "exercise.json");

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

export async function readState(root: string): Promise<ExerciseState> {
  return JSON.parse(await readFile(path.join(root, STATE_FILE), "utf8")) as ExerciseState;
}

export async function writeState(root: string, state: ExerciseState): Promise<void> {
  await mkdir(path.join(root, ".pydojo"), { recursive: true });
  await writeFile(path.join(root, STATE_FILE), JSON.stringify(state, null, 2) + "\n");
}

/** Reads files relative to root; missing files are skipped. */
export async function readFiles(root: string, names: string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  for (const name of names) {
    try {
      files.push({ path: name, content: await readFile(path.join(root, name), "utf8") });
    } catch {
      /* missing: reported by the caller when it matters */
    }
  }
  return files;
}

export async function writeFileIn(root: string, name: string, content: string): Promise<void> {
  const target = path.resolve(root, name);
  if (!target.startsWith(path.resolve(root) + path.sep))
    throw new Error(`refusing to write outside the exercise: ${name}`);
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, content);
}

/** Where a conflicting server version is written beside the learner's file: a.py -> a.server.py */
export function besideName(name: string): string {
  const ext = path.extname(name);
  return ext ? `${name.slice(0, -ext.length)}.server${ext}` : `${name}.server`;
}

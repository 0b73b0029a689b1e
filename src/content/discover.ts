/** Finds exercise folders (ours or Exercism's) below a directory, in a stable order. */
import { readdir } from "node:fs/promises";
import path from "node:path";
import { isExerciseDir } from "./exercise-loader.js";

const SKIP = new Set(["node_modules", ".git", "dist", "__pycache__"]);

export async function findExerciseDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string): Promise<void> {
    if (await isExerciseDir(dir)) {
      found.push(dir);
      return;
    }
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith(".")) {
        await walk(path.join(dir, entry.name));
      }
    }
  }
  await walk(path.resolve(root));
  return found;
}

/** Finds folders holding `marker` below a directory (not below such a folder), in a stable order. */
async function findDirsHolding(root: string, marker: string, maxDepth: number): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === marker)) {
      found.push(dir);
      return;
    }
    if (depth > maxDepth) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith(".")) {
        await walk(path.join(dir, entry.name), depth + 1);
      }
    }
  }
  await walk(path.resolve(root), 0);
  return found;
}

/** Finds project folders (holding project.json) below a directory. */
export function findProjectDirs(root: string): Promise<string[]> {
  return findDirsHolding(root, "project.json", 6);
}

/** Finds course folders (holding course.json) below a directory. */
export function findCourseDirs(root: string): Promise<string[]> {
  return findDirsHolding(root, "course.json", 4);
}

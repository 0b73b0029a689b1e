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

/** Finds project folders (holding project.json) below a directory, in a stable order. */
export async function findProjectDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === "project.json")) {
      found.push(dir);
      return;
    }
    if (depth > 6) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith(".")) {
        await walk(path.join(dir, entry.name), depth + 1);
      }
    }
  }
  await walk(path.resolve(root), 0);
  return found;
}

/** Finds course folders (holding course.json) below a directory. */
export async function findCourseDirs(root: string): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === "course.json")) {
      found.push(dir);
      return;
    }
    if (depth > 4) return;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory() && !SKIP.has(entry.name) && !entry.name.startsWith(".")) {
        await walk(path.join(dir, entry.name), depth + 1);
      }
    }
  }
  await walk(path.resolve(root), 0);
  return found;
}

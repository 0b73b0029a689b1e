/**
 * The Python harness as files to write into a Pyodide file system, and what to import ahead of
 * time. Shared by the Node `pyodide` runner, the browser's memory snapshot and the route that
 * serves the harness to the browser, so all three see the same files.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { RunnerUnavailableError } from "../runner.js";
import type { WorkerFile } from "./protocol.js";

/** Where the harness lives inside Pyodide's file system (`/harness/pydojo_harness/...`). */
export const HARNESS_ROOT = "/harness";
export const HARNESS_PACKAGE = "pydojo_harness";

/** Imported before a snapshot: what the harness uses from the standard library, and a few
 * modules exercises commonly import. `sqlite3` is part of this Pyodide's interpreter (no
 * separate package to load); importing `pydojo_harness.concurrency` (a harness module, so
 * imported too) makes `asyncio.run` work without the browser's stack switching. */
export const PRE_IMPORTS = [
  "ast",
  "asyncio",
  "collections",
  "contextlib",
  "copy",
  "dataclasses",
  "difflib",
  "functools",
  "importlib",
  "importlib.abc",
  "importlib.util",
  "inspect",
  "io",
  "itertools",
  "json",
  "linecache",
  "math",
  "pathlib",
  "platform",
  "pprint",
  "random",
  "re",
  "shutil",
  "sqlite3",
  "string",
  "tempfile",
  "textwrap",
  "traceback",
  "typing",
  "unittest",
];

/** The harness package's *.py files, with paths relative to `harnessDir`, in a stable order. */
export function readHarness(harnessDir: string): WorkerFile[] {
  const packageDir = join(harnessDir, HARNESS_PACKAGE);
  if (!existsSync(join(packageDir, "judge.py"))) {
    throw new RunnerUnavailableError(
      "pyodide",
      `the Python harness is missing: ${join(packageDir, "judge.py")} not found`,
    );
  }
  const files: WorkerFile[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "__pycache__") walk(full);
      } else if (entry.isFile() && entry.name.endsWith(".py")) {
        files.push({
          path: relative(harnessDir, full).split(sep).join("/"),
          content: readFileSync(full, "utf8"),
        });
      }
    }
  };
  walk(packageDir);
  return files;
}

/**
 * The harness's top-level modules, judge first: imported before the snapshot so a grade does not
 * compile them. Subpackages (isolation/ is CPython-only, shim/ is imported under its own name)
 * are left to the harness.
 */
export function harnessModules(files: readonly WorkerFile[]): string[] {
  const names = files
    .map((f) => f.path.split("/"))
    .filter((parts) => parts.length === 2 && parts[1] !== "__init__.py")
    .map((parts) => `${parts[0]}.${(parts[1] ?? "").slice(0, -3)}`);
  return names.sort(
    (a, b) => Number(b.endsWith(".judge")) - Number(a.endsWith(".judge")) || a.localeCompare(b),
  );
}

/** A short content hash of the harness: a snapshot is only good for the harness it was made of. */
export function harnessHash(files: readonly WorkerFile[]): string {
  const hash = createHash("sha256");
  for (const file of files) hash.update(`${file.path}\0${file.content}\0`);
  return hash.digest("hex").slice(0, 16);
}

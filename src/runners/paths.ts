/** Where PyDojo's own files are, from compiled `dist/` or from `src/` under the test runner. */
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cachedRoot: string | null = null;

/** The directory holding PyDojo's package.json. */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error("cannot find PyDojo's package.json above " + import.meta.url);
    dir = parent;
  }
  cachedRoot = dir;
  return dir;
}

/** The folder that contains the `pydojo_harness` Python package. */
export function harnessDir(): string {
  return path.join(packageRoot(), "harness");
}

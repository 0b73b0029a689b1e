/**
 * The browser's Python, made ahead of time: a Pyodide memory snapshot taken in Node right after
 * the standard-library modules and the harness were imported. A browser restores it in ~0.3 s
 * instead of starting Python and importing everything (~3 s cold). The snapshot holds wasm memory
 * only (no files, no host environment: `env` is Pyodide's default), so the browser still writes
 * the harness files after restoring it. `npm run build` writes it to web/dist; the server
 * serves it only while its harness hash matches the harness it serves.
 */
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";
import { activeDataSegments, encodeSnapshotDelta } from "../../core/snapshot-delta.js";
import {
  HARNESS_ROOT,
  harnessHash,
  harnessModules,
  PRE_IMPORTS,
  readHarness,
} from "./harness-files.js";

export interface BrowserSnapshot {
  /**
   * The memory snapshot (about 31 MB), stored as a delta against the wasm's data segments
   * (core/snapshot-delta.ts) where the wasm allows it: brotli makes it about 3.4 MB, against
   * 4.3 MB for the snapshot itself.
   */
  bytes: Uint8Array;
  /** What it was made from (the browser checks both before restoring it), and its size. */
  manifest: { harnessHash: string; pyodideVersion: string; bytes: number; delta: boolean };
}

/**
 * Cold-starts Pyodide, imports the stdlib modules and the harness, and snapshots the memory.
 * `stdlibZip`: the standard-library zip the browser will be given (web/stdlib_zip.py repacks
 * Pyodide's). It must be that very file: the snapshot holds zipimport's table of where each
 * module sits in it.
 */
export async function makeBrowserSnapshot(
  harnessDir: string,
  stdlibZip?: string,
): Promise<BrowserSnapshot> {
  const files = readHarness(harnessDir);
  const indexURL = dirname(createRequire(import.meta.url).resolve("pyodide/package.json")) + "/";
  const py = await loadPyodide({
    indexURL,
    ...(stdlibZip ? { stdLibURL: stdlibZip } : {}),
    _makeSnapshot: true,
    stdout: () => {},
    stderr: () => {},
  });
  for (const file of files) {
    const target = `${HARNESS_ROOT}/${file.path}`;
    py.FS.mkdirTree(target.slice(0, target.lastIndexOf("/")));
    py.FS.writeFile(target, file.content);
  }
  const imports = [...PRE_IMPORTS, ...harnessModules(files)];
  py.runPython(
    `import sys\nsys.path.insert(0, ${JSON.stringify(HARNESS_ROOT)})\n` +
      imports.map((name) => `import ${name}`).join("\n") +
      // The harness's own small pytest, imported under its name from the shim folder.
      "\nfrom pydojo_harness.judge import SHIM_DIR\nsys.path.insert(0, SHIM_DIR)\nimport pytest",
  );
  // Import-time garbage out, and the rest frozen (kept out of the cycle collector's walks):
  // the browser's Runs then don't scan the snapshot's objects (see warmUp in the worker).
  py.runPython("import gc\ngc.collect()\ngc.freeze()");
  const snapshot = py.makeMemorySnapshot();
  const segments = activeDataSegments(readFileSync(indexURL + "pyodide.asm.wasm"));
  const bytes = segments ? encodeSnapshotDelta(snapshot, segments) : snapshot;
  return {
    bytes,
    manifest: {
      harnessHash: harnessHash(files),
      pyodideVersion: py.version,
      bytes: bytes.length,
      delta: segments !== null,
    },
  };
}

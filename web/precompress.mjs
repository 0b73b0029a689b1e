// Precompresses what the server sends to browsers, once at build time (never per request):
// brotli (.br) and gzip (.gz) copies beside the app's own files in web/dist, and of Pyodide's
// compressible files in web/dist/pyodide/. The server picks the copy the browser accepts
// (src/server/routes/static-routes.ts). Remade only when a source changed.
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gunzipSync, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * Pyodide's files worth compressing. The stdlib zip is not among them: Pyodide's copy is deflated
 * file by file (brotli saves 2 %); the build repacks it stored in web/dist/pyodide/ (see
 * web/stdlib_zip.py), and that copy is compressed with the rest of web/dist/pyodide.
 */
export const PYODIDE_COMPRESSED = [
  "pyodide.asm.wasm",
  "pyodide.asm.mjs",
  "pyodide.mjs",
  "pyodide-lock.json",
];
const APP_FILE = /\.(js|css|html|json|svg)$/;

function fresh(target, source) {
  return existsSync(target) && statSync(target).mtimeMs >= statSync(source).mtimeMs;
}

/**
 * Brotli at its best (quality 11, a 16 MB window: the wasm 3.10 -> 2.77 MB, the snapshot 5.40 ->
 * 4.57 MB against quality 9 with the default window), run on libuv's threads so the big files
 * compress side by side. It costs about a minute on the big files, once per change of Pyodide
 * or the harness.
 */
async function brotliBest(body) {
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_LGWIN]: 24,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
}

async function compressTo(source, targetBase) {
  const body = readFileSync(source);
  const [br, gz] = await Promise.all([brotliBest(body), gzipAsync(body, { level: 9 })]);
  await Promise.all([writeFile(`${targetBase}.br`, br), writeFile(`${targetBase}.gz`, gz)]);
  return { bytes: body.length, br: br.length, gz: gz.length };
}

/**
 * Compresses the app's files in `out` and Pyodide's from `pyodideDir`; returns byte totals.
 * `onLarge(n)` is called before the slow part, with how many large files it compresses.
 */
export async function precompress(out, pyodideDir, { onLarge } = {}) {
  const totals = { bytes: 0, br: 0, gz: 0, files: 0 };
  const add = (r) => {
    totals.bytes += r.bytes;
    totals.br += r.br;
    totals.gz += r.gz;
    totals.files += 1;
  };
  const jobs = [];
  let bigJobs = 0; // Pyodide's files and the snapshot: the ones that take time
  const names = await readdir(out);
  for (const name of names) {
    const source = path.join(out, name);
    // A copy whose source is gone (an old hashed chunk) goes too.
    if (/\.(br|gz)$/.test(name) && !name.startsWith("python.snapshot.")) {
      if (!existsSync(source.slice(0, -3))) await rm(source);
      continue;
    }
    if (!APP_FILE.test(name) || name === "python.snapshot.json") continue;
    if (fresh(`${source}.br`, source) && fresh(`${source}.gz`, source)) continue;
    jobs.push(compressTo(source, source).then(add));
  }
  const pyOut = path.join(out, "pyodide");
  await mkdir(pyOut, { recursive: true });
  for (const [source, target] of [
    ...PYODIDE_COMPRESSED.map((name) => [path.join(pyodideDir, name), path.join(pyOut, name)]),
    [path.join(pyOut, "python_stdlib.zip"), path.join(pyOut, "python_stdlib.zip")],
  ]) {
    if (!existsSync(source) || (fresh(`${target}.br`, source) && fresh(`${target}.gz`, source)))
      continue;
    jobs.push(compressTo(source, target).then(add));
    bigJobs += 1;
  }
  // The memory snapshot is made gzipped (web/build.mjs); brotli saves a third more of it.
  const snapshot = path.join(out, "python.snapshot.gz");
  if (existsSync(snapshot) && !fresh(path.join(out, "python.snapshot.br"), snapshot)) {
    const raw = gunzipSync(readFileSync(snapshot));
    bigJobs += 1;
    jobs.push(
      brotliBest(raw).then(async (br) => {
        await writeFile(path.join(out, "python.snapshot.br"), br);
        totals.bytes += raw.length;
        totals.br += br.length;
        totals.files += 1;
      }),
    );
  }
  if (bigJobs > 0) onLarge?.(bigJobs);
  await Promise.all(jobs);
  return totals;
}

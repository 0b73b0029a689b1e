// Precompresses what the server sends to browsers, once at build time (never per request):
// brotli (.br) and gzip (.gz) copies beside the app's own files in web/dist, and of Pyodide's
// compressible files in web/dist/pyodide/. The server picks the copy the browser accepts
// (src/server/routes/static-routes.ts). Remade only when a source changed.
import { existsSync, readFileSync, statSync } from "node:fs";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { brotliCompressSync, constants, gunzipSync, gzipSync } from "node:zlib";

/** Pyodide's files worth compressing (the stdlib zip is compressed already: 2 % smaller). */
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

function compressTo(source, targetBase) {
  const body = readFileSync(source);
  // Quality 11 is slow on megabytes (40 s for the wasm); 9 keeps 95 % of its gain in 4 s.
  const quality = body.length > 1_000_000 ? 9 : 11;
  const br = brotliCompressSync(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: quality,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
    },
  });
  const gz = gzipSync(body, { level: 9 });
  return Promise.all([writeFile(`${targetBase}.br`, br), writeFile(`${targetBase}.gz`, gz)]).then(
    () => ({ bytes: body.length, br: br.length, gz: gz.length }),
  );
}

/** Compresses the app's files in `out` and Pyodide's from `pyodideDir`; returns byte totals. */
export async function precompress(out, pyodideDir) {
  const totals = { bytes: 0, br: 0, gz: 0, files: 0 };
  const add = (r) => {
    totals.bytes += r.bytes;
    totals.br += r.br;
    totals.gz += r.gz;
    totals.files += 1;
  };
  const names = await readdir(out);
  for (const name of names) {
    const source = path.join(out, name);
    // A copy whose source is gone (an old hashed chunk) goes too.
    if (/\.(br|gz)$/.test(name) && name !== "python.snapshot.gz") {
      if (!existsSync(source.slice(0, -3))) await rm(source);
      continue;
    }
    if (!APP_FILE.test(name) || name === "python.snapshot.json") continue;
    if (fresh(`${source}.br`, source) && fresh(`${source}.gz`, source)) continue;
    add(await compressTo(source, source));
  }
  const pyOut = path.join(out, "pyodide");
  await mkdir(pyOut, { recursive: true });
  for (const name of PYODIDE_COMPRESSED) {
    const source = path.join(pyodideDir, name);
    const target = path.join(pyOut, name);
    if (!existsSync(source) || (fresh(`${target}.br`, source) && fresh(`${target}.gz`, source)))
      continue;
    add(await compressTo(source, target));
  }
  // The memory snapshot is made gzipped (web/build.mjs); brotli saves a fifth more of it.
  const snapshot = path.join(out, "python.snapshot.gz");
  if (existsSync(snapshot) && !fresh(path.join(out, "python.snapshot.br"), snapshot)) {
    const raw = gunzipSync(readFileSync(snapshot));
    const br = brotliCompressSync(raw, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 8,
        [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    await writeFile(path.join(out, "python.snapshot.br"), br);
    totals.bytes += raw.length;
    totals.br += br.length;
    totals.files += 1;
  }
  return totals;
}

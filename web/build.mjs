// Builds the web app into web/dist: esbuild bundles the app and the Pyodide worker; the
// HTML and CSS are copied; and the browser's Python is prepared as a memory snapshot
// (python.snapshot.gz + python.snapshot.json), remade only when the harness, Pyodide or the
// code that makes it changed.
// Run by `npm run build`, after tsc (it uses dist/).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const out = path.join(here, "dist");
await mkdir(out, { recursive: true });
// Chunks have content-hashed names: drop the last build's before writing new ones.
for (const name of await readdir(out))
  if (/-[A-Z0-9]{8}\.js(\.map|\.br|\.gz)?$/.test(name)) await rm(path.join(out, name));
await build({
  entryPoints: {
    app: path.join(here, "src/main.ts"),
    "pyodide-worker": path.join(here, "src/pyodide-worker.ts"),
  },
  outdir: out,
  bundle: true,
  splitting: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  logLevel: "warning",
  external: ["/pyodide/*"],
});
await cp(path.join(here, "public"), out, { recursive: true });

const manifestFile = path.join(out, "python.snapshot.json");
const snapshotFile = path.join(out, "python.snapshot.gz");
const { harnessHash, readHarness } = await import(
  path.join(root, "dist/runners/pyodide/harness-files.js")
);
const maker = createHash("sha256");
for (const file of ["browser-snapshot.js", "harness-files.js"])
  maker.update(readFileSync(path.join(root, "dist/runners/pyodide", file)));
const wanted = {
  harnessHash: harnessHash(readHarness(path.join(root, "harness"))),
  pyodideVersion: createRequire(import.meta.url)("pyodide/package.json").version,
  maker: maker.digest("hex").slice(0, 16),
};
const current = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, "utf8")) : {};
if (
  !existsSync(snapshotFile) ||
  current.harnessHash !== wanted.harnessHash ||
  current.pyodideVersion !== wanted.pyodideVersion ||
  current.maker !== wanted.maker
) {
  try {
    const { makeBrowserSnapshot } = await import(
      path.join(root, "dist/runners/pyodide/browser-snapshot.js")
    );
    const started = performance.now();
    const snapshot = await makeBrowserSnapshot(path.join(root, "harness"));
    const gz = gzipSync(snapshot.bytes, { level: 6 });
    await writeFile(snapshotFile, gz);
    await writeFile(
      manifestFile,
      JSON.stringify({ ...snapshot.manifest, maker: wanted.maker, gzipBytes: gz.length }),
    );
    console.log(
      `web: Python snapshot ${(snapshot.bytes.length / 1e6).toFixed(1)} MB (${(gz.length / 1e6).toFixed(1)} MB gzipped) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  } catch (error) {
    // The browser cold-starts Python without it: slower, still correct.
    await rm(snapshotFile, { force: true });
    await rm(manifestFile, { force: true });
    console.warn(`web: no Python snapshot (the browser will start Python cold): ${error}`);
  }
}

// Compressed copies for browsers that accept brotli or gzip (web/precompress.mjs).
{
  const { precompress } = await import("./precompress.mjs");
  const started = performance.now();
  const t = await precompress(out, path.dirname(createRequire(import.meta.url).resolve("pyodide")));
  if (t.files > 0)
    console.log(
      `web: compressed ${t.files} files, ${(t.bytes / 1e6).toFixed(2)} MB -> ${(t.br / 1e6).toFixed(2)} MB brotli, ` +
        `${(t.gz / 1e6).toFixed(2)} MB gzip, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
}

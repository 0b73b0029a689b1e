// Builds the web app into web/dist: esbuild bundles the app and the Pyodide worker; the
// HTML and CSS are copied; and the browser's Python is prepared as a memory snapshot
// (python.snapshot.gz + python.snapshot.json), remade only when the harness, Pyodide or the
// code that makes it changed; then the service worker (web/src/sw.ts -> sw.js) with the list of
// those files and a version naming its cache.
// Run by `npm run build`, after tsc (it uses dist/).
import { build } from "esbuild";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
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
// Pyodide's wasm call trampoline (see fastTrampoline in web/src/pyodide-worker.ts): the worker
// makes it again after a snapshot restore, from the bytes of this very Pyodide.
const pyodideDir = path.dirname(createRequire(import.meta.url).resolve("pyodide/package.json"));
const trampoline =
  /getWasmTrampolineModule\(\)\{return new WebAssembly\.Module\(hexStringToUTF8Array\("([0-9a-f]+)"\)/.exec(
    readFileSync(path.join(pyodideDir, "pyodide.asm.mjs"), "utf8"),
  );
if (!trampoline)
  throw new Error(
    "web/build.mjs: this Pyodide has no getWasmTrampolineModule(); see fastTrampoline in web/src/pyodide-worker.ts",
  );
const app = await build({
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
  metafile: true,
  define: { PYODIDE_TRAMPOLINE: JSON.stringify(trampoline[1]) },
});
await cp(path.join(here, "public"), out, { recursive: true });
// The chunks app.js imports are announced in index.html (modulepreload): the browser fetches them
// beside app.js instead of after it.
{
  const entry = Object.entries(app.metafile.outputs).find(([, o]) =>
    o.entryPoint?.endsWith("src/main.ts"),
  );
  const chunks = (entry?.[1].imports ?? [])
    .filter((i) => i.kind === "import-statement")
    .map((i) => `/${path.basename(i.path)}`);
  // The pages loaded on demand, with the chunks each imports that app.js does not: the router
  // announces them (modulepreload) when it starts loading the page, so the browser fetches them
  // beside the page's own chunk instead of after it (main.ts, preloadPage). Measured on a 2-core
  // VM, a warm direct visit to an exercise asked for them ~100 ms after the page's chunk.
  const outputs = app.metafile.outputs;
  const closure = (file, seen = new Set()) => {
    for (const i of outputs[file]?.imports ?? [])
      if (i.kind === "import-statement" && !seen.has(i.path)) {
        seen.add(i.path);
        closure(i.path, seen);
      }
    return seen;
  };
  const ofApp = entry ? closure(entry[0]) : new Set();
  const pages = {};
  for (const [file, output] of Object.entries(outputs)) {
    // Each page, and the editor the exercise page loads once it is shown (code-editor.ts).
    const match = /src\/pages\/([\w-]+)\.ts$|src\/(code-editor)\.ts$/.exec(output.entryPoint ?? "");
    const page = match?.[1] ?? match?.[2];
    if (!page) continue;
    pages[page] = [file, ...closure(file)]
      .filter((f) => !ofApp.has(f))
      .map((f) => `/${path.basename(f)}`);
  }
  // The exercise page runs CodeMirror's code a part at a time (exercise-page.ts, codeEditor), each
  // part a dynamic import of its own small entry chunk: those come with the editor's chunks.
  const exercisePage = Object.values(outputs).find((o) =>
    o.entryPoint?.endsWith("src/pages/exercise-page.ts"),
  );
  const editorParts = (exercisePage?.imports ?? [])
    .filter(
      (i) => i.kind === "dynamic-import" && outputs[i.path]?.entryPoint?.includes("node_modules/"),
    )
    .map((i) => `/${path.basename(i.path)}`);
  if (pages["code-editor"]) pages["code-editor"].unshift(...editorParts);
  const html = path.join(out, "index.html");
  const script = `<script type="module" src="/app.js"></script>`;
  const styles = `<link rel="stylesheet" href="/styles.css" />`;
  const page = readFileSync(html, "utf8");
  if (!page.includes(script)) throw new Error(`web/public/index.html no longer loads ${script}`);
  if (!page.includes(styles)) throw new Error(`web/public/index.html no longer loads ${styles}`);
  // The API requests the first page needs, and its own chunks, asked for as the HTML is parsed
  // (web/src/early.ts, which reads the list of each page's chunks just above it): inline, before
  // the stylesheet (an inline script after it would wait for it). The server allows this
  // one inline script by its hash (securityHeaders in src/server/app.ts).
  const early = await build({
    entryPoints: [path.join(here, "src/early.ts")],
    bundle: true,
    format: "iife",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "warning",
  });
  const earlyJs = early.outputFiles[0].text.trim();
  if (earlyJs.includes("</")) throw new Error("web/src/early.ts: its code can't be inlined as is");
  await writeFile(
    html,
    page
      .replace(
        styles,
        `<script type="application/json" id="page-chunks">${JSON.stringify(pages)}</script>\n    ` +
          `<script>${earlyJs}</script>\n    ${styles}`,
      )
      .replace(
        script,
        chunks.map((c) => `<link rel="modulepreload" href="${c}" />\n    `).join("") + script,
      ),
  );
}

// The standard-library zip the browser gets: Pyodide's, repacked stored so that brotli compresses
// it whole (web/stdlib_zip.py; 2.5 MB -> about 1.6 MB on the wire). Made before the snapshot,
// which must be made from this very file.
const stdlibZip = path.join(out, "pyodide", "python_stdlib.zip");
{
  const source = path.join(pyodideDir, "python_stdlib.zip");
  if (!existsSync(stdlibZip) || statSync(stdlibZip).mtimeMs < statSync(source).mtimeMs) {
    await mkdir(path.dirname(stdlibZip), { recursive: true });
    execFileSync("python3", [path.join(here, "stdlib_zip.py"), source, stdlibZip], {
      stdio: "inherit",
    });
  }
}

const manifestFile = path.join(out, "python.snapshot.json");
const snapshotFile = path.join(out, "python.snapshot.gz");
const { harnessHash, readHarness } = await import(
  path.join(root, "dist/runners/pyodide/harness-files.js")
);
const maker = createHash("sha256");
// What makes the snapshot: a change to any of these makes it again.
for (const file of [
  "runners/pyodide/browser-snapshot.js",
  "runners/pyodide/harness-files.js",
  "core/snapshot-delta.js",
])
  maker.update(readFileSync(path.join(root, "dist", file)));
const wanted = {
  harnessHash: harnessHash(readHarness(path.join(root, "harness"))),
  pyodideVersion: createRequire(import.meta.url)("pyodide/package.json").version,
  maker: maker.digest("hex").slice(0, 16),
  stdlibHash: createHash("sha256").update(readFileSync(stdlibZip)).digest("hex").slice(0, 16),
};
const current = existsSync(manifestFile) ? JSON.parse(readFileSync(manifestFile, "utf8")) : {};
if (
  !existsSync(snapshotFile) ||
  current.harnessHash !== wanted.harnessHash ||
  current.pyodideVersion !== wanted.pyodideVersion ||
  current.maker !== wanted.maker ||
  current.stdlibHash !== wanted.stdlibHash
) {
  try {
    const { makeBrowserSnapshot } = await import(
      path.join(root, "dist/runners/pyodide/browser-snapshot.js")
    );
    const started = performance.now();
    const snapshot = await makeBrowserSnapshot(path.join(root, "harness"), stdlibZip);
    const gz = gzipSync(snapshot.bytes, { level: 6 });
    await writeFile(snapshotFile, gz);
    await writeFile(
      manifestFile,
      JSON.stringify({
        ...snapshot.manifest,
        maker: wanted.maker,
        stdlibHash: wanted.stdlibHash,
        gzipBytes: gz.length,
      }),
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

// The service worker (web/src/sw.ts): the build's files it keeps for warm and offline visits,
// and a version naming its cache, a hash of them all (a new build is a new sw.js, so browsers
// install it and drop the old cache).
{
  const files = ["/"];
  const version = createHash("sha256");
  for (const name of (await readdir(out)).sort()) {
    if (!/\.(js|css|html)$/.test(name) || name === "sw.js") continue;
    version.update(name).update(readFileSync(path.join(out, name)));
    if (name !== "index.html") files.push(`/${name}`);
  }
  for (const name of [
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
  ])
    files.push(`/pyodide/${name}`);
  files.push("/harness/bundle.json");
  if (existsSync(snapshotFile)) {
    files.push("/python/snapshot");
    version.update(readFileSync(manifestFile));
  }
  version.update(JSON.stringify(wanted));
  await build({
    entryPoints: [path.join(here, "src/sw.ts")],
    outfile: path.join(out, "sw.js"),
    bundle: true,
    format: "iife",
    target: "es2022",
    minify: true,
    logLevel: "warning",
    define: { BUILD: JSON.stringify({ version: version.digest("hex").slice(0, 16), files }) },
  });
}

// Compressed copies for browsers that accept brotli or gzip (web/precompress.mjs).
{
  const { precompress } = await import("./precompress.mjs");
  const started = performance.now();
  const t = await precompress(out, pyodideDir, {
    onLarge: (n) =>
      console.log(
        `web: compressing ${n} large file(s) for browsers (brotli at its best: about a minute, again only when Pyodide or the harness changes)…`,
      ),
  });
  if (t.files > 0)
    console.log(
      `web: compressed ${t.files} files, ${(t.bytes / 1e6).toFixed(2)} MB -> ${(t.br / 1e6).toFixed(2)} MB brotli, ` +
        `${(t.gz / 1e6).toFixed(2)} MB gzip, in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
}

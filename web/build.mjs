// Builds the web app into web/dist: esbuild bundles the app and the Pyodide worker; the
// HTML and CSS are copied. Run by `npm run build`.
import { build } from "esbuild";
import { cp, mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");
await mkdir(out, { recursive: true });
await build({
  entryPoints: {
    app: path.join(here, "src/main.ts"),
    "pyodide-worker": path.join(here, "src/pyodide-worker.ts"),
  },
  outdir: out,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: true,
  logLevel: "warning",
  external: ["/pyodide/*"],
});
await cp(path.join(here, "public"), out, { recursive: true });

/**
 * The web app and what it needs in the browser, served by the same server (no CDN): the built
 * app (web/dist), Pyodide's files from the npm package, and the Python harness. Every response is
 * cross-origin isolated (COOP/COEP), so the Stop button's SharedArrayBuffer works; Pyodide and
 * the harness are cached by the browser, so a second visit downloads nothing.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { FastifyInstance, FastifyReply } from "fastify";
import { harnessDir, packageRoot } from "../../runners/paths.js";
import { notFound } from "../errors.js";

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
  ".py": "text/x-python; charset=utf-8",
};
const PYODIDE_FILES = new Set([
  "pyodide.mjs",
  "pyodide.asm.mjs",
  "pyodide.asm.wasm",
  "python_stdlib.zip",
  "pyodide-lock.json",
  "pyodide.js",
]);

async function listPython(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== "__pycache__")
      out.push(...(await listPython(path.join(dir, entry.name), `${prefix}${entry.name}/`)));
    else if (entry.isFile() && entry.name.endsWith(".py")) out.push(`${prefix}${entry.name}`);
  }
  return out.sort();
}

export function registerStaticRoutes(app: FastifyInstance): void {
  const webDir = path.join(packageRoot(), "web", "dist");
  const pyodideDir = path.join(packageRoot(), "node_modules", "pyodide");
  const harness = path.join(harnessDir(), "pydojo_harness");
  const cache = new Map<string, Buffer>();

  app.addHook("onSend", async (_request, reply) => {
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("cross-origin-embedder-policy", "require-corp");
    reply.header("cross-origin-resource-policy", "same-origin");
    reply.header("x-content-type-options", "nosniff");
  });

  async function send(reply: FastifyReply, file: string, maxAge: number) {
    let body = cache.get(file);
    if (!body) {
      if (!existsSync(file)) throw notFound(path.basename(file));
      body = await readFile(file);
      cache.set(file, body);
    }
    return reply
      .type(MIME[path.extname(file)] ?? "application/octet-stream")
      .header("cache-control", maxAge > 0 ? `public, max-age=${maxAge}, immutable` : "no-cache")
      .send(body);
  }

  app.get("/", async (_request, reply) => send(reply, path.join(webDir, "index.html"), 0));
  app.get<{ Params: { file: string } }>("/:file", async (request, reply) => {
    const name = request.params.file;
    if (!/^[\w.-]+\.(js|css|map)$/.test(name)) throw notFound(name);
    return send(reply, path.join(webDir, name), 0);
  });
  app.get<{ Params: { file: string } }>("/pyodide/:file", async (request, reply) => {
    if (!PYODIDE_FILES.has(request.params.file)) throw notFound(request.params.file);
    return send(reply, path.join(pyodideDir, request.params.file), 31_536_000);
  });
  app.get("/harness/manifest.json", async () => listPython(harness));
  app.get<{ Params: { "*": string } }>("/harness/*", async (request, reply) => {
    const rel = request.params["*"];
    if (!/^[\w/]+\.py$/.test(rel) || rel.includes("..")) throw notFound(rel);
    return send(reply, path.join(harness, rel), 3600);
  });
}

/**
 * The web app and what it needs in the browser, served by the same server (no CDN): the built
 * app (web/dist), Pyodide's files from the npm package, the Python harness as one bundle, and the
 * browser's Python as a memory snapshot made at build time. Every response is cross-origin
 * isolated (COOP/COEP), so the Stop button's SharedArrayBuffer works. Pyodide's files are
 * immutable for a year; the harness bundle and the snapshot are revalidated by ETag (a warm
 * visit costs a 304 each, and a rebuilt server is never served a stale harness).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gunzipSync, gzip } from "node:zlib";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { harnessHash, readHarness } from "../../runners/pyodide/harness-files.js";
import type { WorkerFile } from "../../runners/pyodide/protocol.js";
import { harnessDir, packageRoot } from "../../runners/paths.js";
import { HttpError, notFound } from "../errors.js";

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

const MIME: Record<string, string> = {
  ".tgz": "application/gzip",
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".zip": "application/zip",
};
const PYODIDE_FILES = new Set([
  "pyodide.mjs",
  "pyodide.asm.mjs",
  "pyodide.asm.wasm",
  "python_stdlib.zip",
  "pyodide-lock.json",
  "pyodide.js",
]);

export interface StaticOptions {
  /** The built web app (default web/dist of the package). */
  webDir?: string;
  /** The folder holding `pydojo_harness` (default the package's harness/). */
  harnessDir?: string;
  /** Serve the web app's source maps (default yes; buildApp turns them off in production). */
  sourceMaps?: boolean;
}

/** The snapshot on disk, if it was made from the harness this server serves. */
interface Snapshot {
  gzip: Buffer;
  /** The brotli copy (python.snapshot.br), read when first asked for. */
  br?: Buffer;
  bytes: number;
  etag: string;
}

/**
 * The snapshot on disk, if it was made from the harness this server serves, the same Pyodide,
 * and the very stdlib zip served at /pyodide/python_stdlib.zip (the snapshot holds zipimport's
 * table of offsets into that file).
 */
function loadSnapshot(
  webDir: string,
  hash: string,
  pyodideVersion: string,
  stdlibZip: string,
): Snapshot | null {
  const manifestFile = path.join(webDir, "python.snapshot.json");
  const file = path.join(webDir, "python.snapshot.gz");
  if (!existsSync(manifestFile) || !existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as {
    harnessHash?: string;
    pyodideVersion?: string;
    stdlibHash?: string;
    bytes?: number;
  };
  if (manifest.harnessHash !== hash || manifest.pyodideVersion !== pyodideVersion) return null;
  const stdlibHash = createHash("sha256").update(readFileSync(stdlibZip)).digest("hex");
  if (manifest.stdlibHash !== stdlibHash.slice(0, 16)) return null;
  return { gzip: readFileSync(file), bytes: manifest.bytes ?? 0, etag: `"${hash}"` };
}

function notModified(request: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  reply.header("etag", etag).header("cache-control", "no-cache");
  if (request.headers["if-none-match"] !== etag) return false;
  void reply.code(304).send();
  return true;
}

/** The best encoding the browser accepts that has a precompressed copy: brotli, else gzip. */
function acceptedEncoding(
  request: FastifyRequest,
  base: string,
  exists: (file: string) => boolean,
): "br" | "gzip" | null {
  const accepted = String(request.headers["accept-encoding"] ?? "")
    .split(",")
    .map((part) => part.trim().split(";"))
    .filter(([, q]) => !/^\s*q=0(\.0*)?\s*$/.test(q ?? ""))
    .map(([name]) => name!.trim().toLowerCase());
  if (accepted.includes("br") && exists(`${base}.br`)) return "br";
  if (accepted.includes("gzip") && exists(`${base}.gz`)) return "gzip";
  return null;
}

export function registerStaticRoutes(app: FastifyInstance, options: StaticOptions = {}): void {
  const webDir = options.webDir ?? path.join(packageRoot(), "web", "dist");
  const pyodideDir = path.join(packageRoot(), "node_modules", "pyodide");
  const harness: WorkerFile[] = readHarness(options.harnessDir ?? harnessDir());
  const hash = harnessHash(harness);
  const bundle = JSON.stringify({ hash, files: harness });
  const pyodideVersion = (
    JSON.parse(readFileSync(path.join(pyodideDir, "package.json"), "utf8")) as { version: string }
  ).version;
  // Read on the first request, not at start-up: most server starts (tests, API-only processes)
  // never serve it.
  let snapshot: Snapshot | null | undefined;
  const cache = new Map<string, { body: Buffer; etag: string }>();
  // The build's files don't change while the server runs (the bodies are cached too): look each
  // compressed copy up once, not on every request.
  const found = new Map<string, boolean>();
  const exists = (file: string) => {
    let there = found.get(file);
    if (there === undefined) found.set(file, (there = existsSync(file)));
    return there;
  };
  // A file of Pyodide's as the build prepared it for browsers (the stdlib zip is repacked there:
  // web/stdlib_zip.py), else the npm package's own.
  const pyodideFile = (name: string) => {
    const built = path.join(webDir, "pyodide", name);
    return exists(built) ? built : path.join(pyodideDir, name);
  };

  app.addHook("onSend", async (_request, reply) => {
    reply.header("cross-origin-opener-policy", "same-origin");
    reply.header("cross-origin-embedder-policy", "require-corp");
    reply.header("cross-origin-resource-policy", "same-origin");
    reply.header("x-content-type-options", "nosniff");
  });

  /**
   * Pyodide's files are immutable (maxAge); the app's are revalidated by their ETag. A
   * compressed copy made at build time (web/precompress.mjs) is sent to a browser that accepts
   * it: `compressed` is its path without the .br/.gz ending.
   */
  async function send(
    request: FastifyRequest,
    reply: FastifyReply,
    file: string,
    maxAge = 0,
    compressed: string | null = file,
  ) {
    const encoding = compressed ? acceptedEncoding(request, compressed, exists) : null;
    const source = encoding ? `${compressed}.${encoding === "br" ? "br" : "gz"}` : file;
    let entry = cache.get(source);
    if (!entry) {
      if (!existsSync(source)) throw notFound(path.basename(file));
      const body = await readFile(source);
      const etag = `"${createHash("sha256").update(body).digest("hex").slice(0, 16)}"`;
      entry = { body, etag };
      cache.set(source, entry);
    }
    if (compressed && exists(`${compressed}.br`)) reply.header("vary", "accept-encoding");
    if (encoding) reply.header("content-encoding", encoding);
    if (maxAge > 0) reply.header("cache-control", `public, max-age=${maxAge}, immutable`);
    else if (notModified(request, reply, entry.etag)) return reply;
    return reply.type(MIME[path.extname(file)] ?? "application/octet-stream").send(entry.body);
  }

  app.get("/", async (request, reply) => send(request, reply, path.join(webDir, "index.html")));
  app.get<{ Params: { file: string } }>("/:file", async (request, reply) => {
    const name = request.params.file;
    if (!/^[\w.-]+\.(js|css|map)$/.test(name)) throw notFound(name);
    // Source maps show the app's source as written: for development, not for production.
    if (name.endsWith(".map") && options.sourceMaps === false) throw notFound(name);
    // Code-split chunks are named by their content hash: they never change.
    const hashed = /-[A-Z0-9]{8}\.js(\.map)?$/.test(name);
    return send(request, reply, path.join(webDir, name), hashed ? 31_536_000 : 0);
  });
  app.get<{ Params: { file: string } }>("/pyodide/:file", async (request, reply) => {
    if (!PYODIDE_FILES.has(request.params.file)) throw notFound(request.params.file);
    const name = request.params.file;
    return send(request, reply, pyodideFile(name), 31_536_000, path.join(webDir, "pyodide", name));
  });
  // The learner's CLI on its own (packages/pydojo-cli, packed by the build), so a learner can
  // install it from the site they use: npm install -g <origin>/cli/pydojo-cli.tgz
  app.get("/cli/pydojo-cli.tgz", async (request, reply) => {
    const file = path.join(packageRoot(), "dist", "cli-standalone", "pydojo-cli.tgz");
    if (!existsSync(file))
      throw new HttpError(
        404,
        "not_found",
        "this server has no packed CLI: run `npm run build` on the server (it makes dist/cli-standalone/pydojo-cli.tgz)",
      );
    return send(request, reply, file, 0, null);
  });
  // The bundle compressed once, on its first request (400 KB of Python source -> about 106 KB as
  // brotli), on libuv's threads rather than the event loop. At brotli's quality 5: about 15 ms
  // here. Quality 11 saved 13 KB more but took 0.6-1.2 s, which the first visitor after a start
  // waited for before Python could start.
  const packed = new Map<"br" | "gzip", Promise<Buffer>>();
  app.get("/harness/bundle.json", async (request, reply) => {
    if (notModified(request, reply, `"${hash}"`)) return reply;
    reply.type("application/json").header("vary", "accept-encoding");
    const encoding = acceptedEncoding(request, "", () => true);
    if (!encoding) return reply.send(bundle);
    let body = packed.get(encoding);
    if (!body) {
      body =
        encoding === "br"
          ? brotli(bundle, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
          : gzipAsync(bundle, { level: 6 });
      packed.set(encoding, body);
    }
    return reply.header("content-encoding", encoding).send(await body);
  });
  app.get("/python/snapshot", async (request, reply) => {
    if (snapshot === undefined)
      snapshot = loadSnapshot(webDir, hash, pyodideVersion, pyodideFile("python_stdlib.zip"));
    if (!snapshot)
      throw new HttpError(
        404,
        "not_found",
        "no Python snapshot for this harness: run `npm run build` (without it the browser starts Python more slowly)",
      );
    if (notModified(request, reply, snapshot.etag)) return reply;
    reply
      .type("application/octet-stream")
      .header("x-harness-hash", hash)
      .header("x-snapshot-bytes", String(snapshot.bytes));
    reply.header("vary", "accept-encoding");
    const encoding = acceptedEncoding(request, path.join(webDir, "python.snapshot"), exists);
    if (encoding === "br") {
      snapshot.br ??= readFileSync(path.join(webDir, "python.snapshot.br"));
      return reply.header("content-encoding", "br").send(snapshot.br);
    }
    if (encoding === null) return reply.send(gunzipSync(snapshot.gzip));
    return reply.header("content-encoding", "gzip").send(snapshot.gzip);
  });
}

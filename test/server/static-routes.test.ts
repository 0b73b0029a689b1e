/**
 * What the browser downloads: the app, Pyodide, the harness bundle and the Python snapshot, all
 * cross-origin isolated; the snapshot only while it matches the harness, revalidated by ETag.
 * Runs against the real build output (`npm run build` comes before the tests).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { harnessHash, readHarness } from "../../src/runners/pyodide/harness-files.js";
import { startTestServer, type TestServer } from "./harness.js";

const root = path.resolve(import.meta.dirname, "../..");
const webDist = path.join(root, "web", "dist");
let server: TestServer;
let stale: TestServer;
let otherZip: TestServer;

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  // A copy of the build whose snapshot was made from another harness.
  const other = mkdtempSync(path.join(os.tmpdir(), "pydojo-web-"));
  cpSync(webDist, other, { recursive: true });
  const manifest = JSON.parse(readFileSync(path.join(other, "python.snapshot.json"), "utf8"));
  writeFileSync(
    path.join(other, "python.snapshot.json"),
    JSON.stringify({ ...manifest, harnessHash: "0000000000000000" }),
  );
  stale = await startTestServer({}, { worker: false, web: { webDir: other } });
  // A copy whose stdlib zip is not the one the snapshot was made from (Pyodide's own instead of
  // the repacked one): the snapshot's table of offsets into the zip would be wrong.
  const third = mkdtempSync(path.join(os.tmpdir(), "pydojo-web-"));
  cpSync(webDist, third, { recursive: true });
  cpSync(
    path.join(root, "node_modules/pyodide/python_stdlib.zip"),
    path.join(third, "pyodide/python_stdlib.zip"),
  );
  otherZip = await startTestServer({}, { worker: false, web: { webDir: third } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await stale?.close();
  await otherZip?.close();
});

describe("static files for the browser", () => {
  it("sends brotli or gzip copies made at build time to browsers that accept them", async () => {
    for (const url of [
      "/pyodide/pyodide.asm.wasm",
      "/app.js",
      "/",
      "/python/snapshot",
      "/pyodide/python_stdlib.zip",
      "/harness/bundle.json",
    ]) {
      const plain = await server.app.inject({ url });
      const br = await server.app.inject({
        url,
        headers: { "accept-encoding": "gzip, deflate, br" },
      });
      const gz = await server.app.inject({
        url,
        headers: { "accept-encoding": "gzip;q=1, br;q=0" },
      });
      expect([
        url,
        plain.headers["content-encoding"],
        br.headers["content-encoding"],
        gz.headers["content-encoding"],
      ]).toEqual([url, undefined, "br", "gzip"]);
      expect(br.headers.vary).toBe("accept-encoding");
      // Each decodes to exactly the plain bytes, and is smaller.
      expect(Buffer.compare(brotliDecompressSync(br.rawPayload), plain.rawPayload)).toBe(0);
      expect(Buffer.compare(gunzipSync(gz.rawPayload), plain.rawPayload)).toBe(0);
      expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    }
    // The stdlib zip is Pyodide's repacked stored (web/stdlib_zip.py): brotli on the wire makes
    // it much smaller than Pyodide's own, deflated file by file.
    const pyodides = readFileSync(path.join(root, "node_modules/pyodide/python_stdlib.zip"));
    const zip = await server.app.inject({
      url: "/pyodide/python_stdlib.zip",
      headers: { "accept-encoding": "br" },
    });
    expect(zip.rawPayload.length).toBeLessThan(pyodides.length * 0.75);
  }, 60_000);

  it("serves the app and Pyodide cross-origin isolated, Pyodide immutable", async () => {
    const page = await server.app.inject({ url: "/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(page.headers["cross-origin-embedder-policy"]).toBe("require-corp");
    const wasm = await server.app.inject({ url: "/pyodide/pyodide.asm.wasm" });
    expect([wasm.statusCode, wasm.headers["content-type"], wasm.headers["cache-control"]]).toEqual([
      200,
      "application/wasm",
      "public, max-age=31536000, immutable",
    ]);
    expect((await server.app.inject({ url: "/pyodide/../package.json" })).statusCode).toBe(404);
    // The app's own files are revalidated: a second visit gets a 304, not the bundle again.
    const app = await server.app.inject({ url: "/app.js" });
    expect([app.statusCode, app.headers["cache-control"]]).toEqual([200, "no-cache"]);
    const again = await server.app.inject({
      url: "/app.js",
      headers: { "if-none-match": app.headers.etag as string },
    });
    expect([again.statusCode, again.body]).toEqual([304, ""]);
    // Code-split chunks are named by content hash, so they are immutable.
    const chunk = readdirSync(webDist).find((f) => /^chunk-[A-Z0-9]{8}\.js$/.test(f))!;
    const res = await server.app.inject({ url: `/${chunk}` });
    expect([res.statusCode, res.headers["cache-control"]]).toEqual([
      200,
      "public, max-age=31536000, immutable",
    ]);
  });

  it("serves the harness as one bundle, revalidated by its hash", async () => {
    const files = readHarness(path.join(root, "harness"));
    const res = await server.app.inject({ url: "/harness/bundle.json" });
    expect(res.statusCode).toBe(200);
    const bundle = res.json() as { hash: string; files: { path: string; content: string }[] };
    expect(bundle.hash).toBe(harnessHash(files));
    expect(bundle.files.map((f) => f.path)).toEqual(files.map((f) => f.path));
    expect(bundle.files.map((f) => f.path)).toContain("pydojo_harness/judge.py");
    expect(res.headers.etag).toBe(`"${bundle.hash}"`);
    const again = await server.app.inject({
      url: "/harness/bundle.json",
      headers: { "if-none-match": res.headers.etag as string },
    });
    expect([again.statusCode, again.body]).toEqual([304, ""]);
  });

  it("serves the snapshot gzipped, with the harness it was made from", async () => {
    const res = await server.app.inject({
      url: "/python/snapshot",
      headers: { "accept-encoding": "gzip" },
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.headers["x-harness-hash"]).toBe(
      harnessHash(readHarness(path.join(root, "harness"))),
    );
    const bytes = gunzipSync(res.rawPayload);
    expect(bytes.length).toBe(Number(res.headers["x-snapshot-bytes"]));
    expect(bytes.length).toBeGreaterThan(10_000_000);
    const again = await server.app.inject({
      url: "/python/snapshot",
      headers: { "if-none-match": res.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    // A client that can't take gzip gets the plain bytes.
    const plain = await server.app.inject({
      url: "/python/snapshot",
      headers: { "accept-encoding": "identity" },
    });
    expect([plain.headers["content-encoding"], plain.rawPayload.length]).toEqual([
      undefined,
      bytes.length,
    ]);
  });

  it("refuses a snapshot made from another harness, so the browser starts Python cold", async () => {
    const res = await stale.app.inject({ url: "/python/snapshot" });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      error: {
        code: "not_found",
        message:
          "no Python snapshot for this harness: run `npm run build` (without it the browser starts Python more slowly)",
      },
    });
    expect((await stale.app.inject({ url: "/harness/bundle.json" })).statusCode).toBe(200);
  });

  it("refuses a snapshot made from another stdlib zip than the one it serves", async () => {
    expect((await otherZip.app.inject({ url: "/python/snapshot" })).statusCode).toBe(404);
    expect((await server.app.inject({ url: "/python/snapshot" })).statusCode).toBe(200);
  });
});

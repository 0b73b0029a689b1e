/**
 * The browser keeps its Python for the next visit (web/src/pyodide-worker.ts): a first visit
 * stores the unpacked memory snapshot in the origin private file system, named by the harness
 * hash; a second visit restores Python from it without downloading it, and grades the same. A
 * snapshot kept for another harness, one written only in part, and one that no longer restores
 * are never used: the server's is downloaded (or Python starts cold) and replaces them.
 * In Debian's Chromium against a real server.
 */
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "./chromium.js";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let browser: Browser;
let context: BrowserContext;
let hash: string;
let size: number;

beforeAll(async () => {
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  QUIET = url + QUIET_PATH;
  browser = await launchChromium();
  context = await browser.newContext();
  const res = await context.request.post(`${url}/api/auth/signup`, {
    data: { email: "cache@example.com", password: "correct horse battery", displayName: "Cache" },
  });
  expect(res.ok()).toBe(true);
  hash = (
    (await (await context.request.get(`${url}/harness/bundle.json`)).json()) as {
      hash: string;
    }
  ).hash;
  const snapshot = await context.request.get(`${url}/python/snapshot`);
  expect(snapshot.ok()).toBe(true); // the build made one (npm run build)
  size = Number(snapshot.headers()["x-snapshot-bytes"]);
  expect(size).toBeGreaterThan(1_000_000);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The snapshot files this origin keeps: name -> size in bytes. (Page code: no DOM types here.) */
function keptFiles(page: Page): Promise<Record<string, number>> {
  return page.evaluate(`(async () => {
    const dir = await navigator.storage.getDirectory();
    const found = {};
    for await (const [name, handle] of dir.entries()) found[name] = (await handle.getFile()).size;
    return found;
  })()`);
}

/** Replaces what the origin keeps with one file of `bytes` bytes, each `fill`. */
async function keepOnly(page: Page, name: string, bytes: number, fill: number): Promise<void> {
  await page.evaluate(`(async () => {
    const dir = await navigator.storage.getDirectory();
    for await (const old of dir.keys()) await dir.removeEntry(old);
    const file = await dir.getFileHandle(${JSON.stringify(name)}, { create: true });
    const writable = await file.createWritable();
    await writable.write(new Uint8Array(${bytes}).fill(${fill}));
    await writable.close();
  })()`);
}

interface Graded {
  ready: { fromSnapshot: boolean; cache: { used: boolean; stored: boolean } };
  statuses: Record<string, string>;
  stored: boolean;
}

/**
 * Grades a small job with the web app's own worker in the page (as a Run does) and waits until
 * the worker has kept the snapshot, when it downloaded one: how Python started, what the cache
 * did, and each test's status.
 */
function gradeInWorker(page: Page): Promise<Graded> {
  const job = {
    tests: [
      {
        path: "adder_test.py",
        content:
          "from adder import add\n\ndef test_small():\n    assert add(1, 2) == 3\n\ndef test_wrong():\n    assert add(2, 2) == 5\n",
      },
    ],
    solution: [{ path: "adder.py", content: "def add(a, b):\n    return a + b\n" }],
    solutionModules: ["adder"],
  };
  return page.evaluate(`(async () => {
    const worker = new Worker("/pyodide-worker.js", { type: "module" });
    try {
      return await new Promise((resolve, reject) => {
        let ready = null;
        let statuses = null;
        const done = (stored) => {
          if (ready && statuses) resolve({ ready, statuses, stored });
        };
        worker.onmessage = (event) => {
          const m = event.data;
          if (m.type === "ready") ready = { fromSnapshot: m.fromSnapshot === true, cache: m.cache };
          if (m.type === "result") {
            statuses = Object.fromEntries(m.result.tests.map((t) => [t.name, t.status]));
            // A downloaded snapshot is stored after "ready": then wait for the "cache" message.
            if (ready.cache.used) done(false);
          }
          if (m.type === "cache") {
            const wait = setInterval(() => {
              if (!statuses) return;
              clearInterval(wait);
              done(m.cache.stored);
            }, 10);
          }
          if (m.type === "error") reject(new Error(m.message));
        };
        worker.postMessage({ type: "init", interrupt: null, origin: performance.timeOrigin });
        worker.postMessage({ type: "run", id: "1", job: ${JSON.stringify(job)} });
      });
    } finally {
      worker.terminate();
    }
  })()`);
}

/** A page of the same origin that starts no Python of its own (the app preloads it when idle). */
const QUIET_PATH = "/harness/bundle.json";
let QUIET = "";

const GRADED = { small: "pass", wrong: "fail" };

describe("the browser keeps its Python for the next visit", () => {
  it("a first visit stores the snapshot; a second restores from it, without downloading it", async () => {
    const page = await context.newPage();
    let snapshotRequests = 0;
    page.on("request", (r) => {
      if (r.url().endsWith("/python/snapshot")) snapshotRequests += 1;
    });
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#run");
    await page.click("#run");
    await page.waitForSelector("#results [data-testid=summary]", { timeout: 60_000 });
    expect(await page.getAttribute("html", "data-python")).toBe("snapshot");
    await page.waitForSelector("html[data-python-cache=stored]", { timeout: 30_000 });
    expect(snapshotRequests).toBe(1);
    expect(await keptFiles(page)).toEqual({ [`snapshot-${hash}-${size}.bin`]: size });
    await page.close();

    // The next visit: a new page and worker, the same browser storage.
    const again = await context.newPage();
    let downloads = 0;
    again.on("request", (r) => {
      if (r.url().endsWith("/python/snapshot")) downloads += 1;
    });
    await again.goto(`${url}/#/exercise/mini/add`);
    await again.waitForSelector("#run");
    await again.click("#run");
    await again.waitForSelector("#results [data-testid=summary]", { timeout: 60_000 });
    expect(await again.getAttribute("html", "data-python")).toBe("snapshot");
    expect(await again.getAttribute("html", "data-python-cache")).toBe("used");
    expect(downloads).toBe(0);
    expect(await again.textContent("#results")).toContain("in your browser");
    // And it grades as the server's snapshot does.
    const graded = await gradeInWorker(again);
    expect(graded.ready).toEqual({
      fromSnapshot: true,
      cache: expect.objectContaining({ used: true }),
    });
    expect(graded.statuses).toEqual(GRADED);
    await again.close();
  }, 120_000);

  it("never uses a snapshot kept for another harness: downloads the server's and replaces it", async () => {
    const page = await context.newPage();
    await page.goto(QUIET);
    await keepOnly(page, `snapshot-0123456789abcdef-${size}.bin`, size, 7);
    const graded = await gradeInWorker(page);
    expect(graded.ready.fromSnapshot).toBe(true);
    expect(graded.ready.cache.used).toBe(false);
    expect(graded.stored).toBe(true);
    expect(graded.statuses).toEqual(GRADED);
    expect(await keptFiles(page)).toEqual({ [`snapshot-${hash}-${size}.bin`]: size });
    await page.close();
  }, 120_000);

  it("never uses a snapshot written only in part", async () => {
    const page = await context.newPage();
    await page.goto(QUIET);
    await keepOnly(page, `snapshot-${hash}-${size}.bin`, 4096, 0);
    const graded = await gradeInWorker(page);
    expect(graded.ready.cache.used).toBe(false);
    expect(graded.ready.fromSnapshot).toBe(true);
    expect(graded.statuses).toEqual(GRADED);
    expect(await keptFiles(page)).toEqual({ [`snapshot-${hash}-${size}.bin`]: size });
    await page.close();
  }, 120_000);

  it("a kept snapshot that doesn't restore is dropped: Python starts cold and grades the same", async () => {
    const page = await context.newPage();
    await page.goto(QUIET);
    await keepOnly(page, `snapshot-${hash}-${size}.bin`, size, 0);
    const graded = await gradeInWorker(page);
    expect(graded.ready.fromSnapshot).toBe(false);
    expect(graded.statuses).toEqual(GRADED);
    expect(await keptFiles(page)).toEqual({});
    await page.close();
  }, 180_000);
});

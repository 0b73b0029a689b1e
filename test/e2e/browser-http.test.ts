/**
 * HTTP apps in the browser's Pyodide (restored from the build's memory snapshot): the `client`
 * fixture on the WSGI and ASGI samples, their references pass and their starters fail with a
 * transcript, and `live_server` is skipped with its reason. Drives the web app's worker directly.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";

const CHROMIUM = process.env.PYDOJO_CHROMIUM ?? "/usr/bin/chromium";
const SAMPLES = path.resolve(import.meta.dirname, "../../content/sample");

let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;

interface Result {
  status: string;
  tests: {
    name: string;
    status: string;
    message: string | null;
    http?: { request: { method: string; target: string }; response: { status: number } | null }[];
  }[];
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is required for the web tests: install it or set PYDOJO_CHROMIUM`);
  server = await startTestServer({}, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage();
  await page.goto(`${url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Grades `solution` (a file of the sample) against the sample's tests in the page's worker. */
async function runInBrowser(sample: string, module: string, solution: string) {
  const read = (file: string) => readFileSync(path.join(SAMPLES, sample, file), "utf8");
  return runJob(module, read(`${module}_test.py`), read(solution));
}

async function runJob(module: string, tests: string, solution: string) {
  const job = {
    tests: [{ path: `${module}_test.py`, content: tests }],
    solution: [{ path: `${module}.py`, content: solution }],
    solutionModules: [module],
  };
  return page.evaluate(async (job) => {
    // In the page (no DOM types in the tests' tsconfig): the web app's own worker.
    interface PageWorker {
      onmessage: (event: { data: unknown }) => void;
      postMessage(message: unknown): void;
      terminate(): void;
    }
    const WorkerClass = (
      globalThis as unknown as { Worker: new (url: string, options: object) => PageWorker }
    ).Worker;
    const worker = new WorkerClass("/pyodide-worker.js", { type: "module" });
    try {
      return await new Promise<{ result: unknown; fromSnapshot: boolean }>((resolve, reject) => {
        let fromSnapshot = false;
        worker.onmessage = (event) => {
          const m = event.data as {
            type: string;
            result?: unknown;
            fromSnapshot?: boolean;
            message?: string;
          };
          if (m.type === "ready") fromSnapshot = m.fromSnapshot === true;
          if (m.type === "result") resolve({ result: m.result, fromSnapshot });
          if (m.type === "error") reject(new Error(m.message));
        };
        worker.postMessage({ type: "init", interrupt: null });
        worker.postMessage({ type: "run", id: "1", job });
      });
    } finally {
      worker.terminate();
    }
  }, job) as Promise<{ result: Result; fromSnapshot: boolean }>;
}

describe("HTTP apps in the browser", () => {
  for (const [sample, module] of [
    ["wsgi-hello", "hello_app"],
    ["json-api", "items_api"],
    ["asgi-endpoint", "word_stats"],
  ] as const) {
    it(`${sample}: the reference passes, the starter fails with its HTTP exchange`, async () => {
      const reference = await runInBrowser(sample, module, ".meta/example.py");
      expect(reference.fromSnapshot).toBe(true);
      expect(reference.result.tests.filter((t) => t.status !== "pass")).toEqual([]);
      const starter = await runInBrowser(sample, module, `${module}.py`);
      const failing = starter.result.tests.find((t) => t.status === "fail");
      expect(failing?.http?.[0]?.request.method).toMatch(/^[A-Z]+$/);
      expect(failing?.http?.[0]?.response?.status).toBeGreaterThanOrEqual(200);
    }, 120_000);
  }

  it("live_server is skipped in the browser, saying why", async () => {
    const { result } = await runInBrowser("live-counter", "hit_counter", ".meta/example.py");
    expect(result.tests.map((t) => t.status)).toEqual(result.tests.map(() => "skip"));
    expect(result.tests[0]?.message).toContain("live_server needs CPython");
  }, 120_000);
});

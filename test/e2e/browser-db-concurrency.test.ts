/**
 * sqlite3 and asyncio in the browser's Pyodide (restored from the build's memory snapshot), with
 * the `db` and `concurrency` fixtures: the samples' references pass there and their starters
 * fail with the same teaching messages as on the sandbox. Drives the web app's worker directly.
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
  tests: { name: string; status: string; message: string | null }[];
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

describe("databases and concurrency in the browser", () => {
  it("sqlite3 and the query log: the N+1 starter is caught, the JOIN passes", async () => {
    const starter = await runInBrowser("book-repository", "book_repository", "book_repository.py");
    expect(starter.fromSnapshot).toBe(true);
    const failing = starter.result.tests.find((t) => t.status === "fail");
    expect(failing?.message).toContain("11 SELECTs for 10 authors (at most 2 expected)");
    const reference = await runInBrowser("book-repository", "book_repository", ".meta/example.py");
    expect(reference.result.status).toBe("pass");
  }, 120_000);

  it("asyncio: overlap on the virtual clock, sequential awaits caught", async () => {
    const starter = await runInBrowser("async-fan-out", "fan_out", "fan_out.py");
    const failing = starter.result.tests.find((t) => t.status === "fail");
    expect(failing?.message).toContain(
      "at most 1 of 10 calls to the slow service were in flight at once",
    );
    const reference = await runInBrowser("async-fan-out", "fan_out", ".meta/example.py");
    expect(reference.result.tests.map((t) => t.status)).toEqual(
      reference.result.tests.map(() => "pass"),
    );
  }, 120_000);

  it("the learner's own asyncio.run works (Pyodide's needs stack switching)", async () => {
    const { result } = await runJob(
      "aio",
      "from aio import total\n\ndef test_total():\n    assert total() == 6\n",
      "import asyncio\n\nasync def main():\n    await asyncio.sleep(0.01)\n    return sum(await asyncio.gather(*(asyncio.sleep(0.01, result=i) for i in range(4))))\n\ndef total():\n    return asyncio.run(main())\n",
    );
    expect(result.tests.map((t) => [t.status, t.message])).toEqual([["pass", null]]);
  }, 120_000);
});

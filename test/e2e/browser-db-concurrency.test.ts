/**
 * sqlite3 and asyncio in the browser's Pyodide (restored from the build's memory snapshot), with
 * the `db` and `concurrency` fixtures: the samples' references pass there and their starters
 * fail with the same teaching messages as on the sandbox. Drives the web app's worker directly.
 */
import { type Browser, type Page } from "playwright-core";
import { launchChromium, runInPageWorker, runSampleInPage } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;

interface Result {
  status: string;
  tests: { name: string; status: string; message: string | null }[];
}

beforeAll(async () => {
  server = await startTestServer({}, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(`${url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const runInBrowser = (sample: string, module: string, solution: string) =>
  runSampleInPage<Result>(page, sample, module, solution);
const runJob = (module: string, tests: string, solution: string) =>
  runInPageWorker<Result>(page, module, tests, solution);

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

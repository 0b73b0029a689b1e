/**
 * HTTP apps in the browser's Pyodide (restored from the build's memory snapshot): the `client`
 * fixture on the WSGI and ASGI samples, their references pass and their starters fail with a
 * transcript, and `live_server` is skipped with its reason. Drives the web app's worker directly.
 */
import { type Browser, type Page } from "playwright-core";
import { launchChromium, runSampleInPage } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";

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

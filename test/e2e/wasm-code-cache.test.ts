/**
 * V8's compiled code for Pyodide's wasm is reused under the service worker (decision 0011), in
 * Debian's Chromium with a learner's kind of profile (on disk, service worker allowed): the
 * second visit compiles the wasm from the copy the service worker kept, Chromium keeps the
 * machine code beside it, and the third visit deserializes it (a `wasm.Deserialize` trace
 * event) instead of compiling its functions again. Compiling a copy read straight from Cache
 * Storage, as the worker once did, never gets there.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CHROMIUM } from "./chromium.js";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let profile: string;
let context: BrowserContext;

beforeAll(async () => {
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  profile = mkdtempSync(path.join(os.tmpdir(), "pydojo-profile-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    serviceWorkers: "allow",
  });
  const signup = await context.request.post(`${url}/api/auth/signup`, {
    data: { email: "cache@example.com", password: "correct horse battery", displayName: "Cache" },
  });
  expect(signup.status()).toBe(201);
}, 60_000);

afterAll(async () => {
  await context?.close();
  await server?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens the exercise in a new page and Runs it `runs` times; the page stays open. */
async function visit(runs: number, before?: (page: Page) => Promise<void>): Promise<Page> {
  const page = await context.newPage();
  await before?.(page);
  await page.goto(`${url}/#/exercise/mini/add`);
  await page.waitForSelector("#editor .cm-editor");
  for (let i = 0; i < runs; i++) {
    await page.click("#run");
    await page.waitForSelector("#run:not([disabled]) >> nth=0", { timeout: 60_000 });
    await page.waitForSelector("#results [data-testid^=test-]", {
      timeout: 60_000,
      state: "attached",
    });
  }
  return page;
}

describe("Pyodide's compiled wasm across visits", () => {
  it("is deserialized on the third visit, not compiled again", async () => {
    // 1. The first visit downloads everything; the service worker then keeps the build's files.
    const first = await visit(1);
    await first.waitForSelector("html[data-offline]", { timeout: 60_000 });
    await first.close();
    // 2. The second compiles the kept wasm (through the service worker) and runs it enough for
    //    V8 to optimise it and hand Chromium the code to keep.
    const second = await visit(12);
    await second.waitForTimeout(3000);
    await second.close();
    // 3. The third, traced.
    let cdp: Awaited<ReturnType<BrowserContext["newCDPSession"]>> | null = null;
    const third = await visit(1, async (page) => {
      cdp = await context.newCDPSession(page);
      await cdp.send("Tracing.start", {
        traceConfig: { includedCategories: ["v8.wasm"] },
        transferMode: "ReturnAsStream",
      });
    });
    const session = cdp!;
    const complete = new Promise<{ stream?: string }>((resolve) =>
      session.once("Tracing.tracingComplete", resolve),
    );
    await session.send("Tracing.end");
    const { stream } = await complete;
    let text = "";
    for (;;) {
      const chunk = await session.send("IO.read", { handle: stream! });
      text += chunk.data;
      if (chunk.eof) break;
    }
    const names = (JSON.parse(text) as { traceEvents: { name: string }[] }).traceEvents.map(
      (e) => e.name,
    );
    const count = (name: string) => names.filter((n) => n === name).length;
    expect({
      deserialized: count("wasm.Deserialize"),
      lazy: count("wasm.CompileLazy") > 1000,
    }).toEqual({ deserialized: 1, lazy: false });
    await third.close();
  }, 180_000);
});

/**
 * Quick runs in Debian's Chromium (decision 0016): a Run clicked while the page's Python is still
 * starting is graded by the server's sandbox and says so; once Python is ready, Runs are the
 * browser's again; Stop ends a quick run; nothing of it is stored. The page's Python is held back
 * (its wasm answered 4 s late) so that the first Run surely comes before it.
 */
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, learnerWithDraft } from "./chromium.js";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer({}, { quickRuns: true });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Holds Python's wasm back for `ms`, for every page and worker of the context. */
async function slowPython(context: BrowserContext, ms = 4000): Promise<void> {
  await context.route("**/*.wasm", async (route) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    await route.continue();
  });
}

const lastRun = async (page: Page) =>
  JSON.parse(
    (await page.evaluate('document.documentElement.dataset.lastRun || "null"')) as string,
  ) as { where: string } | null;

async function openExercise(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/#/exercise/mini/add`);
  await page.waitForSelector("#editor .cm-editor");
  return page;
}

describe("a Run before the page's Python is ready", () => {
  it("is graded on the server, says so, and stores nothing; later Runs are the browser's", async () => {
    const context = await learnerWithDraft(
      browser,
      url,
      "quick",
      "def add(a, b):\n    return a - b\n",
    );
    await slowPython(context);
    const page = await openExercise(context);
    expect(await page.evaluate("document.documentElement.dataset.python ?? null")).toBeNull();
    await page.click("#run");
    await page.waitForSelector("#results [data-testid=test-fail]", { timeout: 30_000 });
    const results = (await page.textContent("#results")) ?? "";
    expect(results).toContain("on the server (Python was still starting in your browser)");
    expect(results).toMatch(/2 of 2 tests fail/);
    expect(await lastRun(page)).toMatchObject({ where: "server" });
    // The page's Python was still starting when the result came.
    expect(await page.evaluate("document.documentElement.dataset.python ?? null")).toBeNull();
    const subs = await context.request.get(`${url}/api/submissions`);
    expect(((await subs.json()) as { submissions: unknown[] }).submissions).toEqual([]);

    await page.waitForSelector("html[data-python]", { timeout: 60_000 });
    // The worker warms up as after a first Run of its own: the first warm-up grade (no Run of
    // its own before it), then the background tier-up that only a first Run starts.
    await page.waitForSelector("html[data-warmed]", { timeout: 30_000, state: "attached" });
    expect(
      JSON.parse((await page.evaluate("document.documentElement.dataset.warmedUp")) as string),
    ).toMatchObject({ afterRuns: 0 });
    await page.click("#run");
    await expect
      .poll(async () => (await lastRun(page))?.where, { timeout: 30_000 })
      .toBe("browser");
    await page.waitForSelector("#run:not([disabled])");
    expect(await page.textContent("#results")).toContain("in your browser");
    await context.close();
  }, 120_000);

  it("can be stopped, and Python goes on loading", async () => {
    const context = await learnerWithDraft(browser, url, "quick-stop", "while True:\n    pass\n");
    await slowPython(context);
    const page = await openExercise(context);
    await page.click("#run");
    await page.waitForSelector("#stop:not([disabled])");
    await page.waitForTimeout(300);
    await page.click("#stop");
    await page.waitForSelector("#results [data-testid=run-stopped]", { timeout: 10_000 });
    expect(await page.textContent("#results")).toContain("You stopped the run.");
    expect(await page.isEnabled("#run")).toBe(true);
    // The browser's Python was not restarted by it: it becomes ready as it would have.
    await page.waitForSelector("html[data-python]", { timeout: 60_000 });
    await context.close();
  }, 120_000);
});

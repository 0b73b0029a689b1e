/**
 * The background warm-up after a start from the snapshot (web/src/pyodide-worker.ts, `tierUp`),
 * in Debian's Chromium: after the first Run the worker repeats its warm-up grade in small tasks
 * until it has run them all, a Run that comes in meanwhile is graded on the learner's own code,
 * and nothing of the warm-up's, nor of earlier Runs, is left where the learner's code could see it.
 */
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, learnerWithDraft } from "./chromium.js";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Opens mini/add in a new page and Runs it once (clicked before Python is ready). */
async function openAndRun(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${url}/#/exercise/mini/add`);
  await page.waitForSelector("#editor .cm-editor");
  await page.click("#run");
  await page.waitForSelector("#results [data-testid^=test-]", {
    timeout: 60_000,
    state: "attached",
  });
  return page;
}

async function runAgain(page: Page): Promise<void> {
  await page.click("#run");
  await page.waitForSelector("#run:not([disabled]) >> nth=0", { timeout: 60_000 });
}

const warmed = 'document.documentElement.dataset.warmed ?? ""';
const warmedUp = 'document.documentElement.dataset.warmedUp ?? ""';

/** Waits until the worker reported `what` (a `data-` attribute holding JSON), and reads it. */
async function reported<T>(page: Page, what: string, timeout = 30_000): Promise<T> {
  await expect.poll(() => page.evaluate(what), { timeout, interval: 100 }).not.toBe("");
  return JSON.parse((await page.evaluate(what)) as string) as T;
}
const counts = `({
  pass: document.querySelectorAll("#results [data-testid=test-pass]").length,
  fail: document.querySelectorAll("#results [data-testid=test-fail]").length,
})`;

describe("the first warm-up grade", () => {
  it("waits for an idle moment: a Run clicked before Python is ready is graded first", async () => {
    const context = await learnerWithDraft(
      browser,
      url,
      "first-run",
      "def add(a, b):\n    return a + b\n",
    );
    const page = await openAndRun(context);
    expect(await page.locator("#results [data-testid=test-pass]").count()).toBeGreaterThan(0);
    // The learner's Run did not wait for the warm-up's job: the warm-up came after it.
    expect(await reported(page, warmedUp)).toMatchObject({ afterRuns: 1 });
    await context.close();
  }, 120_000);

  it("runs while the learner reads, before their first Run", async () => {
    const context = await learnerWithDraft(
      browser,
      url,
      "reads",
      "def add(a, b):\n    return a + b\n",
    );
    const page = await context.newPage();
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("html[data-python]", { timeout: 60_000, state: "attached" });
    const done = await reported<{ ms: number; afterRuns: number }>(page, warmedUp);
    expect(done.afterRuns).toBe(0);
    expect(done.ms).toBeGreaterThan(0);
    // The Run after it grades the learner's code, not the warm-up's.
    await runAgain(page);
    const names = await page
      .locator("#results [data-testid^=test-]")
      .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(names.length).toBeGreaterThan(0);
    expect(names.join(" ")).not.toContain("double");
    expect(await page.locator("#results [data-testid=test-fail]").count()).toBe(0);
    await context.close();
  }, 120_000);
});

describe("the exercise's tests made ready while the learner reads", () => {
  it("compiles them in the worker before the first Run, which then grades the learner's code", async () => {
    const context = await learnerWithDraft(
      browser,
      url,
      "prepared",
      "def add(a, b):\n    return a - b\n",
    );
    const page = await context.newPage();
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("html[data-python]", { timeout: 60_000, state: "attached" });
    // Sent a second after the page is shown, done in the worker's next idle moment.
    await expect
      .poll(() => page.evaluate('document.documentElement.dataset.prepared ?? ""'), {
        timeout: 30_000,
        interval: 100,
      })
      .not.toBe("");
    await runAgain(page);
    const result = (await page.evaluate(counts)) as { pass: number; fail: number };
    expect(result.fail).toBeGreaterThan(0); // a - b is wrong: the learner's code was graded
    const names = await page
      .locator("#results [data-testid^=test-]")
      .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(names.join(" ")).not.toContain("double"); // mini/add's tests, not the warm-up's
    await context.close();
  }, 120_000);
});

describe("Next up's tests made ready on the dashboard", () => {
  it("prepares them while the learner reads, before the exercise is opened", async () => {
    const context = await learnerWithDraft(
      browser,
      url,
      "next-up",
      "def add(a, b):\n    return a\n",
    );
    const page = await context.newPage();
    await page.goto(`${url}/#/`);
    await page.waitForSelector("[data-testid=xp]");
    const done = await reported<{ ms: number; files: string[] }>(
      page,
      'document.documentElement.dataset.prepared ?? ""',
      60_000,
    );
    expect(done.files).toEqual(["add_test.py"]); // mini/add, the course's first exercise
    expect(page.url()).toMatch(/#\/$/); // still on the dashboard
    await context.close();
  }, 120_000);
});

describe("the background warm-up after a snapshot start", () => {
  it("runs its grades after the first Run, and Runs meanwhile grade the learner's code", async () => {
    // Wrong on purpose: the warm-up's own job has failing tests too, so a Run's result
    // must be the learner's (mini/add's tests), not one of the warm-up's.
    const context = await learnerWithDraft(
      browser,
      url,
      "tierup",
      "def add(a, b):\n    return a - b\n",
    );
    const page = await openAndRun(context);
    expect(await page.evaluate("document.documentElement.dataset.python")).toBe("snapshot");
    const first = (await page.evaluate(counts)) as { pass: number; fail: number };
    expect(first.fail).toBeGreaterThan(0);
    // Runs while the warm-up may still be going: each shows mini/add's tests.
    const names = await page
      .locator("#results [data-testid^=test-]")
      .evaluateAll((els) => els.map((e) => e.textContent ?? ""));
    expect(names.join(" ")).not.toContain("test_double");
    for (let i = 0; i < 3; i++) {
      await runAgain(page);
      expect(await page.evaluate(counts)).toEqual(first);
    }
    const done = await reported<{ grades: number; ms: number }>(page, warmed, 60_000);
    expect(done.grades).toBeGreaterThan(0);
    expect(done.grades).toBeLessThanOrEqual(200);
    expect(done.ms).toBeGreaterThan(0);
    await context.close();
  }, 120_000);

  it("leaves none of its modules, paths or folders, nor earlier Runs', to the learner's code", async () => {
    const context = await learnerWithDraft(
      browser,
      url,
      "tierup-clean",
      [
        "import os, sys",
        "",
        "LEFT = [m for m in sys.modules if 'warmup' in m]",
        "LEFT += [p for p in sys.path if '/run/warmup' in p]",
        "# Earlier Runs' folders (and the warm-up's) are gone, and forgotten by the importer.",
        "HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))",
        "LEFT += [d for d in os.listdir('/run') if '/run/' + d != HERE]",
        "LEFT += [p for p in sys.path_importer_cache if p.startswith('/run/') and not p.startswith(HERE)]",
        "",
        "def add(a, b):",
        "    return a + b if not LEFT and 'warmup' not in os.getcwd() else LEFT or os.getcwd()",
        "",
      ].join("\n"),
    );
    const page = await openAndRun(context);
    await reported(page, warmed, 60_000);
    await runAgain(page);
    await runAgain(page);
    const after = (await page.evaluate(counts)) as { pass: number; fail: number };
    expect(after).toEqual({ pass: expect.any(Number), fail: 0 });
    expect(after.pass).toBeGreaterThan(0);
    await context.close();
  }, 120_000);
});

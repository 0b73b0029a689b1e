/**
 * The standard library on demand (web/src/pyodide-worker.ts), in Debian's Chromium: a start from
 * the snapshot does not wait for the stdlib zip. A first Run of code that imports a module that
 * is not in the snapshot fetches the zip right there and passes; a first Run that needs nothing
 * more shows its result without the zip, which then arrives in the background, and Runs after it
 * import anything. The wasm is requested once, and calls go through the wasm trampoline.
 */
import { type Browser, type BrowserContext } from "playwright-core";
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

const learner = (name: string, code: string): Promise<BrowserContext> =>
  learnerWithDraft(browser, url, name, code);

const stdlibState = 'document.documentElement.dataset.stdlib ?? "deferred"';

describe("the stdlib zip, on demand", () => {
  it("fetches it during a first Run that imports a module the snapshot lacks", async () => {
    const context = await learner(
      "frac",
      "import fractions\n\ndef add(a, b):\n    return int(fractions.Fraction(a) + fractions.Fraction(b))\n",
    );
    const page = await context.newPage();
    const zips: string[] = [];
    page.on("request", (r) => r.url().includes("python_stdlib.zip") && zips.push(r.url()));
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await page.click("#run"); // before Python is ready: no background load has started yet
    await page.waitForSelector("[data-testid=test-pass]", { timeout: 60_000, state: "attached" });
    expect(await page.locator("[data-testid=test-fail]").count()).toBe(0);
    expect(await page.evaluate(stdlibState)).toMatch(/^on demand: .*fractions\.py$/);
    expect(zips.length).toBeGreaterThan(0);
    await context.close();
  }, 90_000);

  it("shows a first Run's result without it, then loads it in the background", async () => {
    const context = await learner("plain", "def add(a, b):\n    return a + b\n");
    const page = await context.newPage();
    const wasm: string[] = [];
    page.on("request", (r) => r.url().includes("pyodide.asm.wasm") && wasm.push(r.url()));
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await page.click("#run");
    await page.waitForSelector("[data-testid=test-pass]", { timeout: 60_000, state: "attached" });
    // The first Run needed nothing outside the snapshot: the zip was not read for it.
    expect(await page.evaluate(stdlibState)).not.toMatch(/^on demand/);
    // The worker compiled the wasm from its one request; Pyodide's own fetch of it (for the
    // instantiate call the worker answers) was answered in the worker, not read a second time.
    expect(wasm).toHaveLength(1);
    // The snapshot, made in Node without wasm GC, holds the JavaScript call trampoline; the
    // worker puts the wasm one back after the restore, as Pyodide does on a start without one.
    const start = JSON.parse(
      await page.evaluate("document.documentElement.dataset.pythonStart"),
    ) as { fromSnapshot: boolean; trampoline: string; snapshot: string };
    // It came as a delta against the wasm's data segments (core/snapshot-delta.ts), completed
    // from the fresh instance's memory: a restore from a delta left incomplete would not run.
    expect(start).toMatchObject({ fromSnapshot: true, trampoline: "wasm", snapshot: "delta" });
    await expect
      .poll(() => page.evaluate(stdlibState), { timeout: 30_000, interval: 100 })
      .toBe("background");
    await context.close();
  }, 90_000);

  it("runs learner code with the start-up's objects frozen out of the cycle collector", async () => {
    // A Run's collections walk only what the Run made, not the ~30,000 objects of the snapshot
    // and the harness (gc.freeze() at build time and after the warm-up).
    const context = await learner(
      "frozen",
      "import gc\n\ndef add(a, b):\n    return a + b if gc.get_freeze_count() > 10_000 else -1\n",
    );
    const page = await context.newPage();
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await page.click("#run");
    await page.waitForSelector("[data-testid^=test-]", { timeout: 60_000, state: "attached" });
    expect(await page.locator("[data-testid=test-fail]").count()).toBe(0);
    expect(await page.locator("[data-testid=test-pass]").count()).toBeGreaterThan(0);
    await context.close();
  }, 90_000);
});

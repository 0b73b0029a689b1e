/**
 * The web app in a real browser (Debian's Chromium through playwright-core) against a real
 * server: sign up, open an exercise, Run a wrong solution in the browser and see the failing test
 * with expected and actual, fix it, Run green, Submit to the sandbox and see XP, Stop an infinite
 * loop, reload and find the draft. Screenshots of the main screens go to test-results/screens.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { launchChromium, typeCode } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";

const SHOTS = path.resolve(import.meta.dirname, "../../test-results/screens");
let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("web app", () => {
  it("signs up and lands on the dashboard", async () => {
    await page.goto(`${url}/#/signup`);
    await page.fill("input[name=displayName]", "Ada");
    await page.fill("input[name=email]", "ada.web@example.com");
    await page.fill("input[name=password]", "correct horse battery");
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=xp]");
    expect(await page.textContent("[data-testid=xp]")).toBe("0");
    await page.screenshot({ path: path.join(SHOTS, "dashboard.png") });
    await page.goto(`${url}/#/course/mini`);
    await page.waitForSelector("ul.items");
    expect(await page.getAttribute("li:has-text('Greet')", "data-state")).toBe("locked");
    // The map says how big the course is, counted from what it holds.
    expect(await page.textContent("[data-testid=course-size]")).toBe(
      "1 module · 2 exercises · 1 lesson",
    );
    await page.screenshot({ path: path.join(SHOTS, "course.png") });
  });

  it("loads the exercise page's code while the learner reads the course map", async () => {
    await page.goto(`${url}/#/course/mini`);
    await page.waitForSelector("ul.items");
    // In an idle moment a second after the map is shown (main.ts, preloadExercisePage): the
    // exercise page's chunks announced and its own module fetched, before any exercise is opened.
    const loaded = `(() => {
      const wanted = JSON.parse(document.getElementById("page-chunks").textContent)["exercise-page"];
      const links = [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => new URL(l.href).pathname);
      const fetched = performance.getEntriesByType("resource").map((e) => new URL(e.name).pathname);
      return wanted.length > 1 && wanted.every((c) => links.includes(c)) && fetched.includes(wanted[0]);
    })()`;
    await expect.poll(() => page.evaluate(loaded), { timeout: 15_000, interval: 100 }).toBe(true);
    expect(page.url()).toContain("#/course/mini");
  });

  it("runs a wrong solution in the browser and shows expected and actual", async () => {
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await typeCode(page, "def add(a, b):\n    return a - b");
    await page.click("#run");
    await page.waitForSelector("[data-testid=test-fail]", { timeout: 60_000 });
    const failing = await page.textContent("[data-testid=test-fail]");
    expect(failing).toContain("small");
    expect(failing).toContain("expected");
    expect(failing).toContain("actual");
    // The first place they differ is highlighted.
    expect(await page.innerHTML("[data-testid=test-fail] [data-testid=expected]")).toBe(
      "<mark>3</mark>",
    );
    expect(await page.innerHTML("[data-testid=test-fail] [data-testid=actual]")).toBe(
      "<mark>-1</mark>",
    );
    expect(await page.textContent("#results")).toContain("in your browser");
    // Python came from the memory snapshot made at build time, not a cold start.
    expect(await page.getAttribute("html", "data-python")).toBe("snapshot");
    await page.screenshot({ path: path.join(SHOTS, "exercise-failing.png"), fullPage: true });
  }, 90_000);

  it("runs green after the fix, submits, and shows the XP", async () => {
    await typeCode(page, "def add(a, b):\n    return a + b");
    await page.click("#run");
    await page.waitForSelector("text=All tests pass", { timeout: 30_000 });
    await page.click("#submit");
    await page.waitForSelector("[data-testid=xp-gained]", { timeout: 30_000 });
    expect(await page.textContent("[data-testid=xp-gained]")).toContain("+20 XP");
    expect(await page.textContent("#results")).toContain("on the server");
    // Passing unlocked the next exercise, and says so with a link.
    expect(await page.textContent("[data-testid=unlocked]")).toBe("Unlocked: Greet");
    await page.waitForSelector("#solutions h2:has-text('Solutions')");
    // The learner's code beside the reference.
    const columns = await page.$$eval("#solutions .side-by-side > div", (divs) =>
      divs.map((d) => d.textContent ?? ""),
    );
    expect(columns).toHaveLength(2);
    expect(columns[0]).toContain("yours");
    expect(columns[0]).toContain("return a + b");
    expect(columns[1]).toContain("reference");
    await page.screenshot({ path: path.join(SHOTS, "exercise-submitted.png"), fullPage: true });
  }, 60_000);

  it("offers Submit and the CLI where the browser can't run an exercise", async () => {
    await page.click("[data-testid=unlocked] a");
    await page.waitForSelector("[data-testid=no-browser-run]");
    expect(await page.$("#run")).toBeNull();
    expect(await page.textContent("[data-testid=no-browser-run]")).toContain(
      "pydojo pull mini/greet",
    );
    expect(await page.isEnabled("#submit")).toBe(true);
  });

  it("works from the keyboard: hints, Run with Ctrl+Enter, Tab out of the editor", async () => {
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await page.focus("#hint");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#hints .hint");
    expect(await page.textContent("#hint")).toMatch(/Show a hint \(1 of \d\)/);
    await page.click(".cm-content");
    await page.keyboard.press("Control+Enter");
    await page.waitForSelector("#results [data-testid=summary]", { timeout: 30_000 });
    // Tab indents inside the editor; Escape, then Tab, moves on to the Run button.
    await page.keyboard.press("Escape");
    await page.keyboard.press("Tab");
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("run");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#run:not([disabled])");
    expect(await page.textContent("#results")).toContain("in your browser");
  }, 60_000);

  it("switches the page and its editors to the dark theme, and remembers it", async () => {
    const background = () =>
      page.evaluate('getComputedStyle(document.querySelector(".cm-editor")).backgroundColor');
    const light = await background();
    await page.click("#theme");
    expect(await page.getAttribute("html", "class")).toBe("dark");
    expect(await page.getAttribute("#theme", "aria-pressed")).toBe("true");
    await expect.poll(background).not.toBe(light);
    const dark = await background();
    await page.screenshot({ path: path.join(SHOTS, "exercise-dark.png"), fullPage: true });
    await page.reload();
    await page.waitForSelector("#editor .cm-editor");
    expect([await page.getAttribute("html", "class"), await background()]).toEqual(["dark", dark]);
    await page.click("#theme");
    await expect.poll(background).toBe(light);
  }, 60_000);

  it("highlights lesson code and runs its snippets in the browser", async () => {
    await page.goto(`${url}/#/lesson/mini/adding`);
    await page.waitForSelector(".snippet .cm-editor");
    expect(await page.$$eval(".snippet .cm-content span", (spans) => spans.length)).toBeGreaterThan(
      0,
    );
    expect(await page.textContent("article")).not.toContain("alert"); // the lesson's <script> is dropped
    await page.click(".snippet button:has-text('Run')");
    await page.waitForSelector(".snippet pre:not([hidden])");
    expect((await page.textContent(".snippet pre:not([hidden])"))?.trim()).toBe("3");
    await page.screenshot({ path: path.join(SHOTS, "lesson.png") });
  }, 60_000);

  it("stops an infinite loop", async () => {
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await typeCode(page, "def add(a, b):\n    while True:\n        pass");
    await page.click("#run");
    await page.waitForTimeout(500);
    // Still running: if the run already ended, say what it showed (the code typed was not the loop).
    if (!(await page.isEnabled("#stop")))
      throw new Error(`the run ended before Stop: ${await page.textContent("#results")}`);
    await page.click("#stop");
    await page.waitForSelector("#results:has-text('stopped'), #results:has-text('interrupted')", {
      timeout: 15_000,
    });
    expect(await page.isEnabled("#run")).toBe(true);
  }, 60_000);

  it("fits a phone screen without sideways scrolling", async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const route of ["#/", "#/course/mini", "#/exercise/mini/add"]) {
        await page.goto(`${url}/${route}`);
        await page.waitForSelector("main .card");
        expect([route, await page.evaluate("document.documentElement.scrollWidth")]).toEqual([
          route,
          390,
        ]);
      }
      await page.screenshot({ path: path.join(SHOTS, "phone-exercise.png") });
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  it("keeps the draft across a reload", async () => {
    const saved = page.waitForResponse(
      (r) =>
        r.url().endsWith("/draft") &&
        r.request().method() === "PUT" &&
        r.request().postData()!.includes("my draft"),
      { timeout: 10_000 },
    );
    await typeCode(page, "def add(a, b):\n    return b + a  # my draft");
    expect((await saved).status()).toBe(200);
    await page.reload();
    await page.waitForSelector("#editor .cm-editor");
    expect(await page.textContent(".cm-content")).toContain("# my draft");
  }, 60_000);

  it("works in a browser without requestIdleCallback (Safari)", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addCookies(await page.context().cookies());
    await context.addInitScript(() => {
      const w = globalThis as unknown as Record<string, unknown>;
      delete w.requestIdleCallback;
      delete w.cancelIdleCallback;
      w.hadIdleCallback = typeof w.requestIdleCallback === "function";
    });
    const safari = await context.newPage();
    const errors: string[] = [];
    safari.on("pageerror", (e) => errors.push(e.message));
    await safari.goto(`${url}/#/`);
    await safari.waitForSelector("[data-testid=xp]");
    expect(await safari.evaluate("window.hadIdleCallback")).toBe(false);
    // What waits for an idle moment still happens: Python preloads, the exercise page's code too.
    await safari.waitForSelector("html[data-python]", { timeout: 60_000, state: "attached" });
    await safari.goto(`${url}/#/exercise/mini/add`);
    await safari.waitForSelector("#editor .cm-editor");
    await safari.click("#run");
    await safari.waitForSelector("#results [data-testid^=test-]", {
      timeout: 60_000,
      state: "attached",
    });
    expect(await safari.locator("[role=alert]").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 90_000);

  it("shows the code and runs it before the editor has loaded, which then takes its place", async () => {
    // The same learner in a fresh page (no service worker: every request goes through the route).
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      serviceWorkers: "block",
    });
    await context.addCookies(await page.context().cookies());
    const early = await context.newPage();
    // The editor's module is held back: the page must not wait for it.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await early.route(/\/code-editor-[\w-]+\.js$/, async (route) => {
      await held;
      await route.continue();
    });
    await early.goto(`${url}/#/exercise/mini/add`);
    const text = early.locator("#editor .code-text");
    await text.waitFor();
    expect(await text.textContent()).toContain("# my draft"); // the saved draft, as text
    expect(await early.locator("#editor .cm-editor").count()).toBe(0);
    const before = await early.locator("#run").boundingBox();
    await early.click("#run");
    await early.waitForSelector("#results [data-testid^=test-]", {
      timeout: 60_000,
      state: "attached",
    });
    expect(await early.locator("#results [data-testid=test-fail]").count()).toBe(0); // b + a
    release();
    await early.waitForSelector("#editor .cm-editor");
    expect(await early.locator("#editor .code-text").count()).toBe(0);
    expect(await early.textContent("#editor .cm-content")).toContain("# my draft");
    // The editor takes the text's place: nothing below it moves.
    expect(await early.locator("#run").boundingBox()).toEqual(before);
    await context.close();
  }, 90_000);
});

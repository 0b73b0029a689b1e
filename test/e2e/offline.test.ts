/**
 * The app offline after the first visit (web/src/sw.ts), in Debian's Chromium with its service
 * worker allowed: sign up, open an exercise and Run it (the service worker then keeps the build's
 * files); offline, the exercise reloads from the service worker's caches and Runs in the browser,
 * a change typed offline is kept in this browser across a reload, and it is saved to the server
 * once the network is back. No Content-Security-Policy violation on the way (the worker included).
 */
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, typeCode } from "./chromium.js";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    serviceWorkers: "allow",
  });
  page = await context.newPage();
  const watch = (text: string) => {
    if (/Content Security Policy|Refused to/i.test(text)) violations.push(text);
  };
  page.on("console", (m) => watch(m.text()));
  page.on("pageerror", (e) => watch(String(e)));
  page.on("worker", (w) => w.on("console", (m) => watch(`worker: ${m.text()}`)));
}, 60_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const EXERCISE = "mini/add";

describe("offline after the first visit", () => {
  it("opens and Runs an exercise offline, and keeps the draft until the server is back", async () => {
    await page.goto(`${url}/#/signup`);
    await page.fill("input[name=displayName]", "Ada");
    await page.fill("input[name=email]", "ada.offline@example.com");
    await page.fill("input[name=password]", "correct horse battery");
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=xp]");
    await page.goto(`${url}/#/exercise/${EXERCISE}`);
    await page.waitForSelector("#editor .cm-editor");
    await typeCode(page, "def add(a, b):\n    return a - b");
    await page.click("#run");
    await page.waitForSelector("[data-testid=test-fail]", { timeout: 60_000 });
    await page.waitForSelector("#saved:has-text('draft saved')", { timeout: 30_000 });
    // The service worker says when it has everything a visit needs (after Python was ready).
    await page.waitForSelector("html[data-offline]", { timeout: 60_000 });
    expect(await page.evaluate("navigator.serviceWorker.controller !== null")).toBe(true);

    await context.setOffline(true);
    expect(await page.evaluate("fetch('/api/nope').then(() => 'online', () => 'offline')")).toBe(
      "offline",
    );
    await page.reload();
    await page.waitForSelector(".cm-editor", { timeout: 30_000 });
    expect(await page.textContent(".cm-content")).toContain("return a - b");
    await page.click("#run");
    await page.waitForSelector("[data-testid=test-fail]", { timeout: 60_000 });
    expect(await page.textContent("#results")).toContain("in your browser");

    // A change typed offline can't reach the server: it is kept in this browser, across a reload.
    // It imports a module the Python snapshot lacks: the stdlib zip comes from the service
    // worker's cache (web/src/pyodide-worker.ts loads it on demand).
    await typeCode(
      page,
      "import fractions\n\ndef add(a, b):\n    return a + b if fractions.Fraction(1) else None",
    );
    await page.waitForSelector("#saved.error", { timeout: 30_000 });
    await page.reload();
    await page.waitForSelector(".cm-editor", { timeout: 30_000 });
    expect(await page.textContent(".cm-content")).toContain("return a + b");
    await page.click("#run");
    await page.waitForSelector("text=All tests pass", { timeout: 60_000 });
    expect(await page.evaluate("document.documentElement.dataset.stdlib")).toMatch(
      /^on demand: .*fractions\.py$/,
    );
    // Submit can't reach the server: it says so, and the Run's results stay under the error.
    await page.click("#submit");
    await page.waitForSelector("#results [role=alert]", { timeout: 30_000 });
    expect(await page.textContent("#results [role=alert]")).toContain("can't be reached");
    expect(await page.textContent("[data-testid=kept-results]")).toContain("All tests pass");

    // Back online: the kept change is saved to the server without another keystroke.
    await context.setOffline(false);
    await page.waitForSelector("#saved:has-text('draft saved')", { timeout: 30_000 });
    const draft = (await page.evaluate(
      `fetch("/api/exercises/${EXERCISE}/draft").then((r) => r.json())`,
    )) as {
      files: { content: string }[];
    };
    expect(draft.files[0]!.content).toContain("return a + b");

    // A later visit reads the app's files from the service worker's cache through its
    // static routes, without waking it; API reads and writes other than a draft's save go
    // straight to the network (web/src/sw.ts), and the page keeps the reads for offline use
    // itself (web/src/kept-api.ts).
    await page.reload();
    await page.waitForSelector(".cm-editor", { timeout: 30_000 });
    await page.evaluate(
      `fetch("/api/exercises/${EXERCISE}/runs", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }).then((r) => r.text())`,
    );
    const routed = (await page.evaluate(`(() => {
      const source = (path) => performance.getEntriesByType("resource")
        .filter((e) => new URL(e.name).pathname === path)
        .map((e) => e.workerFinalSourceType)[0] ?? "none";
      return {
        supported: "workerFinalSourceType" in PerformanceResourceTiming.prototype,
        app: source("/app.js"),
        me: source("/api/me"),
        write: source("/api/exercises/${EXERCISE}/runs"),
      };
    })()`)) as { supported: boolean; app: string; me: string; write: string };
    if (routed.supported)
      expect(routed).toEqual({
        supported: true,
        app: "cache",
        me: "network",
        write: "network",
      });
    const kept = await page.evaluate(
      `caches.open("pydojo-api").then((c) => c.keys()).then((keys) => keys.map((k) => new URL(k.url).pathname))`,
    );
    expect(kept).toEqual(expect.arrayContaining(["/api/me", `/api/exercises/${EXERCISE}`]));
    // The exercise page's own chunks were announced as soon as the router knew the page (main.ts).
    const announced = (await page.evaluate(`(() => {
      const wanted = JSON.parse(document.getElementById("page-chunks").textContent)["exercise-page"];
      const links = [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => new URL(l.href).pathname);
      return { wanted, missing: wanted.filter((c) => !links.includes(c)) };
    })()`)) as { wanted: string[]; missing: string[] };
    expect(announced.wanted.length).toBeGreaterThan(1);
    expect(announced.missing).toEqual([]);
    expect(violations).toEqual([]);
  }, 180_000);

  it("serves the service worker as a script from this origin, revalidated on every update check", async () => {
    const res = await fetch(`${url}/sw.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/javascript");
    expect(res.headers.get("cache-control")).toBe("no-cache");
    expect(res.headers.get("content-security-policy")).toContain("worker-src 'self'");
  });
});

/**
 * The request panel of an HTTP-app exercise, in Debian's Chromium against a real server: the
 * code in the editor answers from the page's Python (WSGI factory app and ASGI app), its data
 * lasts between requests until the code changes or the app is reset, JSON is pretty-printed,
 * an exception shows its traceback, history re-sends, the keyboard works, the page fits at
 * 1280 and 375 px in light and dark, and axe-core finds no WCAG 2 A/AA violation.
 * Screenshots go to test-results/screens.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";
import { waitForSubmissions, launchChromium } from "./chromium.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const SAMPLES = path.join(ROOT, "content/sample");
const SHOTS = path.join(ROOT, "test-results/screens");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const EXAMPLE = readFileSync(path.join(SAMPLES, "json-api/.meta/example.py"), "utf8");

let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;

/** A course holding two samples as they are (ids renamed) and one exercise without an app. */
function makeContent(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "pydojo-panel-content-"));
  const course = path.join(dir, "courses/web");
  const exercises = path.join(course, "01-apps/exercises");
  mkdirSync(exercises, { recursive: true });
  writeFileSync(
    path.join(course, "course.json"),
    JSON.stringify({ id: "web", title: "Web", description: "Apps.", modules: ["01-apps"] }),
  );
  writeFileSync(
    path.join(course, "01-apps/module.json"),
    JSON.stringify({
      id: "apps",
      title: "Apps",
      summary: "HTTP apps.",
      items: [
        { exercise: "json-api" },
        { exercise: "asgi-endpoint" },
        { exercise: "add", capstone: true },
      ],
    }),
  );
  for (const [name, from] of [
    ["json-api", path.join(SAMPLES, "json-api")],
    ["asgi-endpoint", path.join(SAMPLES, "asgi-endpoint")],
    ["add", path.join(ROOT, "test/fixtures/server-content/courses/mini/01-basics/exercises/add")],
  ] as const) {
    cpSync(from, path.join(exercises, name), { recursive: true });
    const meta = path.join(exercises, name, ".meta/pydojo.json");
    const data = JSON.parse(readFileSync(meta, "utf8")) as Record<string, unknown>;
    writeFileSync(meta, JSON.stringify({ ...data, id: `web/${name}`, prerequisites: [] }));
  }
  return dir;
}

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({ contentDir: makeContent() }, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${url}/`);
  const status = await page.evaluate(`fetch("/api/auth/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada.panel@example.com", password: "correct horse battery", displayName: "Ada" }),
    }).then((r) => r.status)`);
  expect(status).toBe(201);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const TITLES: Record<string, string> = {
  "web/json-api": "JSON API",
  "web/asgi-endpoint": "ASGI Endpoint",
  "web/add": "Add",
};

async function openExercise(id: string) {
  const target = `${url}/#/exercise/${id}`;
  if (page.url() === target) await page.reload();
  else await page.goto(target);
  // The hash router swaps the page in place: wait for this exercise's page, not the last one's.
  await page.waitForSelector(`#app h1:text-is("${TITLES[id]}")`);
  await page.waitForSelector("#editor .cm-editor");
  await waitForSubmissions(page);
}

/** Replaces the editor's code at once, by pasting it. */
async function setCode(code: string) {
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.evaluate(`(() => {
    const data = new DataTransfer();
    data.setData("text/plain", ${JSON.stringify(code)});
    document.querySelector("#editor .cm-content").dispatchEvent(
      new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }),
    );
  })()`);
}

/** Fills the form, sends, and waits for the answer (a status or an error). */
async function send(method: string, target: string, body = "", headers = "") {
  await page.selectOption("#rp-method", method);
  await page.fill("#rp-path", target);
  await page.fill("#rp-headers", headers);
  await page.fill("#rp-body", body);
  await page.click("#rp-send");
  await waitAnswer();
}

/** The answer box once an answer (a status or an error) is in it and nothing is pending. */
async function waitAnswer() {
  await page.waitForSelector(
    `#rp-answer[aria-busy="false"] :is([data-testid=rp-status], [data-testid=rp-error])`,
    { timeout: 60_000 },
  );
}

const status = () => page.textContent("[data-testid=rp-status]");
const bodyText = () => page.textContent("[data-testid=rp-body]");

async function audit(what: string): Promise<void> {
  if (!(await page.evaluate("typeof window.axe !== 'undefined'"))) await page.evaluate(AXE);
  const violations = (await page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")))`)) as string[];
  expect([what, violations]).toEqual([what, []]);
}

describe("the request panel", () => {
  it("answers from the code in the editor; the app's data lasts until the code changes", async () => {
    await openExercise("web/json-api");
    await page.waitForSelector("[data-testid=request-panel]");
    expect(await page.textContent("[data-testid=request-panel]")).toContain("items_api:make_app()");

    // The starter: always an empty list, whatever is posted.
    await send("GET", "/items");
    expect(await status()).toBe("200 OK");
    expect(await bodyText()).toBe("[]");

    await setCode(EXAMPLE);
    await send("POST", "/items", '{"title": "Buy milk"}');
    expect(await status()).toBe("201 Created");
    expect(await page.textContent("#rp-answer")).toContain("your code was loaded anew");
    const headers = await page.$$eval(".rp-headers tr", (rows) =>
      rows.map(
        (r) => `${r.querySelector("th")!.textContent}: ${r.querySelector("td")!.textContent}`,
      ),
    );
    expect(headers).toContain("Location: /items/1");
    expect(await bodyText()).toBe('{\n  "id": 1,\n  "title": "Buy milk",\n  "done": false\n}');

    // Same code: the same app, which remembers the item.
    await send("GET", "/items");
    expect(await page.textContent("#rp-answer")).not.toContain("loaded anew");
    expect(JSON.parse((await bodyText())!)).toEqual([{ id: 1, title: "Buy milk", done: false }]);

    // A body that isn't JSON is sent as it is, and said so.
    await send("POST", "/items", "{title: milk}");
    expect(await status()).toBe("400 Bad Request");
    expect(await page.textContent("#rp-note")).toContain("not valid JSON");

    // Headers from the form reach the app; a bad line is refused before sending.
    await page.fill("#rp-headers", "no colon here");
    await page.click("#rp-send");
    expect(await page.textContent("#rp-note")).toContain('Header line 1 is not "Name: value"');

    // A fresh app: its data is empty again.
    await page.fill("#rp-headers", "");
    await page.fill("#rp-body", "");
    await page.selectOption("#rp-method", "GET");
    await page.fill("#rp-path", "/items");
    await page.click("#rp-reset");
    await waitAnswer();
    expect(await bodyText()).toBe("[]");
  }, 120_000);

  it("re-sends from the history (kept in this browser), by click and by keyboard", async () => {
    const items = await page.$$eval("#rp-history button", (b) => b.map((x) => x.textContent));
    expect(items[0]).toMatch(/GET \/items last answer 200/);
    expect(items.some((t) => /POST \/items last answer 201/.test(t ?? ""))).toBe(true);
    // Clicking the POST puts it back in the form and sends it: the fresh app makes item 1.
    await page
      .locator("#rp-history button", { hasText: /POST \/items last answer 201/ })
      .first()
      .click();
    await waitAnswer();
    expect(await status()).toBe("201 Created");
    expect(await page.inputValue("#rp-body")).toBe('{"title": "Buy milk"}');

    // Keyboard: Enter in the path sends; Ctrl+Enter in the body sends.
    await page.fill("#rp-path", "/items/1");
    await page.selectOption("#rp-method", "GET");
    await page.fill("#rp-body", "");
    await page.focus("#rp-path");
    await page.keyboard.press("Enter");
    await waitAnswer();
    expect(await status()).toBe("200 OK");
    await page.selectOption("#rp-method", "DELETE");
    await page.focus("#rp-headers");
    await page.keyboard.type("Accept: application/json");
    await page.keyboard.press("Control+Enter");
    await waitAnswer();
    expect(await status()).toBe("204 No Content");
    // A history entry is a button, pressed with Enter: the same DELETE again finds nothing.
    expect(await page.textContent("#rp-history button")).toMatch(
      /DELETE \/items\/1 last answer 204/,
    );
    await page.focus("#rp-history button");
    await page.keyboard.press("Enter");
    await waitAnswer();
    expect(await status()).toBe("404 Not Found");

    // After a reload the history is still there.
    await openExercise("web/json-api");
    await page.waitForSelector("#rp-history button");
    expect(await page.$$eval("#rp-history button", (b) => b.length)).toBeGreaterThanOrEqual(4);
  }, 120_000);

  it("shows the app's exception with its traceback, and a SyntaxError when the code can't load", async () => {
    await setCode(
      "import json\n\n\ndef make_app():\n    def app(environ, start_response):\n        return [total(environ)]\n    return app\n\n\ndef total(environ):\n    print('adding up', environ['PATH_INFO'])\n    return 1 / 0\n",
    );
    await send("GET", "/items");
    const error = (await page.textContent("[data-testid=rp-error]"))!;
    expect(error).toContain("Your app raised ZeroDivisionError");
    expect(error).toContain("500 Internal Server Error");
    expect(error).toContain('File "items_api.py", line 12, in total');
    expect(error).toContain("ZeroDivisionError: division by zero");
    expect(error).not.toContain("pydojo_harness");
    expect(await page.textContent(".rp-printed")).toContain("adding up /items");
    await page
      .locator("[data-testid=request-panel]")
      .screenshot({ path: path.join(SHOTS, "request-panel-traceback.png") });
    await audit("request panel with a traceback");

    // An app that never answers is stopped at the time limit, and the panel goes on.
    await setCode(
      "def make_app():\n    def app(environ, start_response):\n        while True:\n            pass\n    return app\n",
    );
    await send("GET", "/items");
    expect(await page.textContent("[data-testid=rp-error]")).toMatch(
      /took too long to answer|did not answer within 5 s/,
    );

    await setCode("def make_app(:\n    pass\n");
    await send("GET", "/items");
    expect(await page.textContent("[data-testid=rp-error]")).toMatch(
      /Your code could not be loaded: SyntaxError[\s\S]*line 1/,
    );
  }, 120_000);

  it("fits and passes the audit at 1280 and 375 px, light and dark", async () => {
    await setCode(EXAMPLE);
    await send("POST", "/items", '{"title": "A title long enough to wrap somewhere on a phone"}');
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      for (const dark of [false, true]) {
        const isDark = (await page.getAttribute("html", "class"))?.includes("dark") ?? false;
        if (isDark !== dark) await page.click("#theme");
        await page.locator("[data-testid=request-panel]").scrollIntoViewIfNeeded();
        expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(
          width,
        );
        const right = await page.$eval(
          "[data-testid=request-panel]",
          (p) => p.getBoundingClientRect().right,
        );
        expect(right).toBeLessThanOrEqual(width);
        await page.locator("[data-testid=request-panel]").screenshot({
          path: path.join(SHOTS, `request-panel-${width}-${dark ? "dark" : "light"}.png`),
        });
        await audit(`request panel at ${width} px, ${dark ? "dark" : "light"}`);
      }
    }
    if ((await page.getAttribute("html", "class"))?.includes("dark")) await page.click("#theme");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.screenshot({
      path: path.join(SHOTS, "exercise-with-request-panel.png"),
      fullPage: true,
    });
  }, 120_000);

  it("talks to an ASGI app too, and is not shown for an exercise without an app", async () => {
    await openExercise("web/asgi-endpoint");
    await page.waitForSelector("[data-testid=request-panel]");
    await setCode(readFileSync(path.join(SAMPLES, "asgi-endpoint/.meta/example.py"), "utf8"));
    // Offline: the answer comes from this page's Python, not from a server.
    await page.context().setOffline(true);
    try {
      await send("POST", "/stats", "one two\nthree", "Content-Type: text/plain");
    } finally {
      await page.context().setOffline(false);
    }
    expect(await status()).toBe("200 OK");
    expect(await page.textContent("#rp-answer")).toContain("ASGI");
    expect(JSON.parse((await bodyText())!)).toMatchObject({ words: 3, lines: 2 });

    await openExercise("web/add");
    expect(await page.$("[data-testid=request-panel]")).toBeNull();
  }, 120_000);
});

/**
 * The Content-Security-Policy and the other security headers, in Debian's Chromium: sign up,
 * open an exercise, Run it in the browser (Pyodide in a Web Worker, WebAssembly, the memory
 * snapshot) and get a result, Submit it, with no CSP violation reported anywhere (page or
 * worker) and the headers on every kind of response.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type Page } from "playwright-core";
import { launchChromium, typeCode } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";

let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;
const violations: string[] = [];

beforeAll(async () => {
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Chromium reports every blocked script, style, worker, fetch or wasm compile on the console.
  const watch = (text: string) => {
    if (/Content Security Policy|Refused to/i.test(text)) violations.push(text);
  };
  page.on("console", (m) => watch(m.text()));
  page.on("pageerror", (e) => watch(String(e)));
  page.on("worker", (w) => w.on("console", (m) => watch(`worker: ${m.text()}`)));
  // And the DOM event, for violations that don't reach the console.
  await page.addInitScript({
    content: `document.addEventListener("securitypolicyviolation", (e) => {
      console.error("Content Security Policy: " + e.violatedDirective + " blocked " + e.blockedURI);
    });`,
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** The hash of the one inline script of the built index.html (web/build.mjs). */
const inlineScripts = [
  ...readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist/index.html"),
    "utf8",
  ).matchAll(/<script>([\s\S]*?)<\/script>/g),
];
const earlyScriptHash = `'sha256-${createHash("sha256")
  .update(inlineScripts[0]?.[1] ?? "")
  .digest("base64")}'`;

describe("content security policy", () => {
  it("index.html has one inline script, the early API requests", () => {
    expect(inlineScripts).toHaveLength(1);
    expect(inlineScripts[0]![1]).toContain("pydojoEarly");
  });

  it("sends the security headers on pages, scripts, the API and errors", async () => {
    for (const p of ["/", "/app.js", "/pyodide-worker.js", "/api/courses", "/api/nope"]) {
      const res = await fetch(`${url}${p}`);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect([p, csp]).toEqual([p, expect.stringContaining("default-src 'self'")]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain("'unsafe-eval'");
      // The only inline script allowed is index.html's own (web/src/early.ts), by its hash.
      expect(csp).toContain(`script-src 'self' 'wasm-unsafe-eval' ${earlyScriptHash};`);
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(res.headers.get("cross-origin-embedder-policy")).toBe("require-corp");
    }
  });

  it("signs up, runs Python in the browser and submits with no CSP violation", async () => {
    await page.goto(`${url}/#/signup`);
    await page.fill("input[name=displayName]", "Ada");
    await page.fill("input[name=email]", "ada.csp@example.com");
    await page.fill("input[name=password]", "correct horse battery");
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=xp]");
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    await typeCode(page, "def add(a, b):\n    return a - b");
    await page.click("#run");
    await page.waitForSelector("[data-testid=test-fail]", { timeout: 60_000 });
    expect(await page.textContent("#results")).toContain("in your browser");
    // Python came from the memory snapshot whenever the server has one for its harness (a
    // harness changed since the last build has none, and Python starts cold).
    const snapshot = await fetch(`${url}/python/snapshot`);
    expect(await page.getAttribute("html", "data-python")).toBe(
      snapshot.status === 200 ? "snapshot" : "cold",
    );
    await typeCode(page, "def add(a, b):\n    return a + b");
    await page.click("#run");
    await page.waitForSelector("text=All tests pass", { timeout: 30_000 });
    await page.click("#submit");
    await page.waitForSelector("[data-testid=xp-gained]", { timeout: 30_000 });
    // Stop starts a fresh worker after terminating the busy one: still within the policy.
    await typeCode(page, "def add(a, b):\n    while True:\n        pass");
    await page.click("#run");
    await page.waitForSelector("#stop:not([disabled])", { timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.click("#stop");
    await page.waitForSelector("[data-testid=run-stopped]", { timeout: 30_000 });
    // The skip link's inline handler is allowed by its hash ('unsafe-hashes'), nothing else.
    await page.focus("a.skip");
    await page.keyboard.press("Enter");
    expect(await page.evaluate("document.activeElement && document.activeElement.id")).toBe("app");
    // The other pages and the dark theme (CodeMirror restyles itself), still within the policy.
    for (const hash of ["#/", "#/course/mini", "#/lesson/mini/adding", "#/account"]) {
      await page.goto(`${url}/${hash}`);
      await page.waitForSelector("#app h1", { timeout: 30_000 });
      // Then whatever the page loads after it shows. Python, restarted by the Stop above, may
      // still be downloading on a loaded machine: network idle is waited for, not required.
      await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => {});
    }
    await page.click("#theme");
    await page.goto(`${url}/#/exercise/mini/add`);
    await page.waitForSelector("#editor .cm-editor");
    expect(violations).toEqual([]);
  }, 120_000);

  it("really enforces the policy: an inline script is refused and reported", async () => {
    const before = violations.length;
    await page.evaluate(`{
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
    }`);
    await page.waitForTimeout(200);
    expect(await page.evaluate("typeof window.__injected")).toBe("undefined");
    expect(violations.length).toBeGreaterThan(before);
    violations.length = before;
  });
});

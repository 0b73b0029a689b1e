/** Debian's Chromium for the end-to-end tests, started the same way by every suite. */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { expect } from "vitest";

export const CHROMIUM = process.env.PYDOJO_CHROMIUM ?? "/usr/bin/chromium";

/**
 * Headless Chromium with no background traffic (this machine has no network beyond loopback).
 * Its contexts and pages block the app's service worker unless asked (`serviceWorkers: "allow"`,
 * as test/e2e/offline.test.ts does): `page.route` does not see what a service worker serves, and
 * every fresh context would otherwise keep the whole app (~45 MB) in its Cache Storage once its
 * Python is ready.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium is required for the web tests: install it (apt-get install chromium) or set PYDOJO_CHROMIUM`,
    );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const newContext = browser.newContext.bind(browser);
  const newPage = browser.newPage.bind(browser);
  browser.newContext = (options = {}) => newContext({ serviceWorkers: "block", ...options });
  browser.newPage = (options = {}) => newPage({ serviceWorkers: "block", ...options });
  return browser;
}

/**
 * A learner signed up in a fresh context of `browser` (empty cache), whose draft of the test
 * server's mini/add exercise is `code`.
 */
export async function learnerWithDraft(
  browser: Browser,
  url: string,
  name: string,
  code: string,
): Promise<BrowserContext> {
  const context = await browser.newContext();
  const signup = await context.request.post(`${url}/api/auth/signup`, {
    data: { email: `${name}@example.com`, password: "correct horse battery", displayName: name },
  });
  expect(signup.status()).toBe(201);
  const me = (await (await context.request.get(`${url}/api/me`)).json()) as { csrfToken: string };
  const draft = await context.request.put(`${url}/api/exercises/mini/add/draft`, {
    data: { files: [{ path: "add.py", content: code }] },
    headers: { "x-csrf-token": me.csrfToken },
  });
  expect([draft.status(), await draft.text()]).toEqual([200, expect.any(String)]);
  return context;
}

const SAMPLES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "content",
  "sample",
);

/**
 * Grades one job in the page with the web app's own Pyodide worker (`/pyodide-worker.js`), as a
 * Run does; says whether Python came from the snapshot.
 */
export async function runInPageWorker<R>(
  page: Page,
  module: string,
  tests: string,
  solution: string,
): Promise<{ result: R; fromSnapshot: boolean }> {
  const job = {
    tests: [{ path: `${module}_test.py`, content: tests }],
    solution: [{ path: `${module}.py`, content: solution }],
    solutionModules: [module],
  };
  return page.evaluate(async (job) => {
    // In the page (no DOM types in the tests' tsconfig): the web app's own worker.
    interface PageWorker {
      onmessage: (event: { data: unknown }) => void;
      postMessage(message: unknown): void;
      terminate(): void;
    }
    const WorkerClass = (
      globalThis as unknown as { Worker: new (url: string, options: object) => PageWorker }
    ).Worker;
    const worker = new WorkerClass("/pyodide-worker.js", { type: "module" });
    try {
      return await new Promise<{ result: unknown; fromSnapshot: boolean }>((resolve, reject) => {
        let fromSnapshot = false;
        worker.onmessage = (event) => {
          const m = event.data as {
            type: string;
            result?: unknown;
            fromSnapshot?: boolean;
            message?: string;
          };
          if (m.type === "ready") fromSnapshot = m.fromSnapshot === true;
          if (m.type === "result") resolve({ result: m.result, fromSnapshot });
          if (m.type === "error") reject(new Error(m.message));
        };
        worker.postMessage({ type: "init", interrupt: null });
        worker.postMessage({ type: "run", id: "1", job });
      });
    } finally {
      worker.terminate();
    }
  }, job) as Promise<{ result: R; fromSnapshot: boolean }>;
}

/** Grades a file of a bundled sample (`content/sample/<sample>`) against its tests in the page. */
export function runSampleInPage<R>(page: Page, sample: string, module: string, solution: string) {
  const read = (file: string) => readFileSync(path.join(SAMPLES, sample, file), "utf8");
  return runInPageWorker<R>(page, module, read(`${module}_test.py`), read(solution));
}

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's WCAG 2.1 A/AA rules on the page as it is: the violations (rule: first targets). */
export async function wcagViolations(on: Page): Promise<string[]> {
  if (!(await on.evaluate("typeof window.axe !== 'undefined'"))) await on.evaluate(AXE);
  return (await on.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")))`)) as string[];
}

/** Replaces the editor's code by typing it, as a learner would (CodeMirror auto-indents). */
export async function typeCode(page: Page, code: string): Promise<void> {
  // The page's own editor, not an example's in the instructions, nor one of the page shown before
  // it (a hash change keeps the document: a lesson's editors stay until the next page replaces
  // them, and typing into one of those left the exercise's saved draft to be Run).
  await page.click("#editor .cm-content");
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  for (const [i, line] of code.split("\n").entries()) {
    if (i > 0) {
      // Close a completion list first: under load it can open just as Enter comes, and Enter
      // would then accept a completion instead of starting the next line.
      await page.keyboard.press("Escape");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Home");
      await page.keyboard.press("Shift+End");
      await page.keyboard.press("Delete");
    }
    await page.keyboard.type(line);
  }
  await page.keyboard.press("Escape");
}

/**
 * Waits for an exercise or project page's past submissions: the list (or "None yet"), past its
 * "Loading…" line (a loaded CI machine read that line when any paragraph was waited for).
 */
export async function waitForSubmissions(page: Page): Promise<void> {
  await page.waitForSelector("#submissions :is(ul, p)");
  await page.waitForFunction(
    '!document.querySelector("#submissions")?.textContent?.includes("Loading")',
  );
}

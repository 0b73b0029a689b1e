/**
 * Skills in the web app (issue #16) in Debian's Chromium against a real server with a real
 * grading worker: a posting in, its skills and a path out; passing the exercises verifies the
 * skill (dashboard chips, the page's evidence); the public profile is visible when on and a 404
 * when off, never shows the email, and prints. axe-core's WCAG A/AA rules on each page.
 * Screenshots at 1280 and 390 px go to docs/screenshots (and test-results/screens).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";
import { launchChromium, wcagViolations } from "./chromium.js";

const SHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");
const SCREENS = path.resolve(import.meta.dirname, "../../test-results/screens");
const EMAIL = "katherine.j@example.com";
const POSTING = `Junior Python backend developer

Requirements:
- Python 3 and its standard library
- Kubernetes in production

Nice to have:
- Redis`;

let server: TestServer;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let csrf: string;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(SCREENS, { recursive: true });
  server = await startTestServer();
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  // Signed up through the API with the browser's cookie jar: the pages below are signed in.
  const res = await page.request.post(`${url}/api/auth/signup`, {
    data: { email: EMAIL, password: "correct horse battery", displayName: "Katherine J." },
  });
  expect(res.status()).toBe(201);
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shoot(name: string) {
  await page.evaluate("window.scrollTo(0, 0)");
  for (const [width, suffix] of [
    [1280, ""],
    [390, "-phone"],
  ] as const) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const file = `${name}${suffix}.png`;
    await page.screenshot({ path: path.join(SCREENS, file), fullPage: true });
    await page.screenshot({ path: path.join(SHOTS, file), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

async function pass(slug: string, file: string, content: string) {
  const res = await page.request.post(`${url}/api/exercises/mini/${slug}/submissions`, {
    headers: { "x-csrf-token": csrf },
    data: { files: [{ path: file, content }] },
  });
  expect([200, 202]).toContain(res.status());
  const { id } = (await res.json()) as { id: string };
  const done = await page.request.get(`${url}/api/submissions/${id}?wait=25`);
  expect(((await done.json()) as { result: { status: string } }).result.status).toBe("pass");
}

async function gapFor(text: string) {
  await page.fill("#posting", text);
  await page.click("#gap-form button[type=submit]");
  await page.waitForSelector("[data-testid=gap-report]");
}

const statusOf = (skill: string) =>
  page.getAttribute(`[data-testid=gap-report] li[data-skill=${skill}]`, "data-status");

describe("the Skills page", () => {
  it("a posting in: its skills by status, required or nice to have, and a path out", async () => {
    await page.goto(`${url}/#/skills`);
    await page.waitForSelector("h1:has-text('Skills')");
    expect(await page.getAttribute("#nav a:has-text('Skills')", "aria-current")).toBe("page");
    await gapFor(POSTING);
    expect(await statusOf("python")).toBe("missing");
    expect(await statusOf("kubernetes")).toBe("not-taught");
    expect(await statusOf("redis")).toBe("not-taught");
    expect(await page.textContent("li[data-skill=redis] .badge")).toBe("Nice to have");
    expect(await page.textContent("li[data-skill=kubernetes] .badge")).toBe("Required");
    expect(await page.textContent("[data-group=not-taught] h3")).toContain("Not taught by PyDojo");
    // The path: greet proves Python, add is its prerequisite and comes first; 2 + 2 minutes.
    const steps = page.locator("[data-testid=path] li");
    expect(await steps.evaluateAll((li) => li.map((l) => l.getAttribute("data-exercise")))).toEqual(
      ["mini/add", "mini/greet"],
    );
    expect(await page.getAttribute("[data-testid=path] li >> nth=1 >> a", "href")).toBe(
      "#/exercise/mini/greet",
    );
    expect(await page.textContent("[data-testid=path-count]")).toBe("2 exercises");
    expect(await page.textContent("[data-testid=path-hours]")).toBe("0.1 h");
    expect(await wcagViolations(page)).toEqual([]);
    await shoot("skills-gap");
  });

  it("a posting in German gets a note to check the list; ruled-out skills are named", async () => {
    await page.goto(`${url}/#/skills`);
    await page.waitForSelector("h1:has-text('Skills')");
    await gapFor(
      [
        "Backend-Entwickler (m/w/d) für unser Team in Berlin",
        "Wir suchen eine Person mit Erfahrung in Python und Docker, die mit uns die Plattform weiterentwickelt.",
        "Du arbeitest mit der Datenbank und schreibst Tests für die API.",
        "Kenntnisse in Redis sind von Vorteil. Java-Kenntnisse werden nicht benötigt.",
      ].join("\n"),
    );
    expect(await page.textContent("[data-testid=gap-language]")).toContain(
      "This text looks German",
    );
    expect(await page.textContent("[data-testid=excluded]")).toBe("Ruled out by the text: Java.");
    expect(await page.textContent("li[data-skill=redis] .badge")).toBe("Nice to have");
    expect(await wcagViolations(page)).toEqual([]);
  });

  it("passing on the server verifies the skill: dashboard chips and evidence with its date", async () => {
    await page.goto(`${url}/#/`);
    await page.waitForSelector("[data-testid=skills-card]");
    expect(await page.textContent("[data-testid=skills-count]")).toBe("0");
    await pass("add", "add.py", "def add(a, b):\n    return a + b\n");
    await pass("greet", "greet.py", 'def greet(name):\n    return f"Hello, {name}!"\n');
    await page.reload();
    await page.waitForSelector("[data-testid=skills-card] .chip");
    expect(await page.textContent("[data-testid=skills-count]")).toBe("1");
    expect(await page.locator("[data-testid=skills-card] .chip").allTextContents()).toEqual([
      "Python",
    ]);
    expect(await wcagViolations(page)).toEqual([]);
    await shoot("dashboard-skills");
    await page.click("[data-testid=skills-card] a:has-text('Compare with a job posting')");
    await page.waitForSelector("#gap-form");
    await gapFor(POSTING);
    expect(await statusOf("python")).toBe("verified");
    const today = new Date().toISOString().slice(0, 10);
    const evidence = await page.textContent("[data-testid=gap-report] li[data-skill=python]");
    expect(evidence).toContain(`Greet (passed ${today})`);
    // Python needs nothing more; the standard library has no exercise in this fixture course.
    expect(await page.locator("[data-testid=path] li").count()).toBe(0);
    expect(await page.textContent("[data-testid=path]")).toContain("No exercise on this server");
    expect(await page.textContent("#my-skills")).toContain("Python");
    expect(await wcagViolations(page)).toEqual([]);
    await shoot("skills-verified");
    // The dark theme's colours pass too.
    await page.evaluate("document.documentElement.classList.add('dark')");
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.documentElement.classList.remove('dark')");
  });
});

describe("a posting from a file", () => {
  it("a .md file is read and reported; a binary file is refused", async () => {
    await page.goto(`${url}/#/skills`);
    await page.waitForSelector("#gap-form");
    await page.setInputFiles("#posting-file", {
      name: "posting.md",
      mimeType: "text/markdown",
      buffer: Buffer.from("# Backend role\n\n## Requirements\n\n- Docker\n- Python\n"),
    });
    await page.waitForSelector("[data-testid=gap-report] li[data-skill=docker]");
    expect(await page.inputValue("#posting")).toContain("- Docker");
    expect(await statusOf("docker")).toBe("not-taught");
    await page.setInputFiles("#posting-file", {
      name: "posting.pdf.txt",
      mimeType: "text/plain",
      buffer: Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01]),
    });
    await page.waitForSelector("#gap-status.error");
    expect(await page.textContent("#gap-status")).toContain("is not text");
  });
});

describe("the public profile", () => {
  it("is a 404 until turned on, then shows name, stats and evidence, never the email", async () => {
    await page.goto(`${url}/#/account`);
    await page.waitForSelector("#public-profile");
    await page.fill("#public-profile input[name=handle]", "Katherine-J");
    await page.click("#public-profile button[type=submit]");
    await page.waitForSelector("#public-status.ok");
    expect(await page.textContent("#public-status")).toBe("Saved. Your profile is not public.");
    expect((await page.request.get(`${url}/u/katherine-j`)).status()).toBe(404);

    await page.check("#public-profile input[name=public]");
    await page.click("#public-profile button[type=submit]");
    await page.waitForSelector("#public-status a");
    expect(await page.textContent("#public-status")).toContain(`${url}/u/katherine-j`);
    expect(await wcagViolations(page)).toEqual([]);
    // The card alone, scrolled clear of the sticky header (which would cover its top).
    await page.evaluate(
      "window.scrollTo(0, document.querySelector('section.profile-settings').getBoundingClientRect().top + window.scrollY - 80)",
    );
    const box = (await page.locator("section.profile-settings").boundingBox())!;
    await page.screenshot({
      path: path.join(SHOTS, "account-public-profile.png"),
      clip: { x: box.x - 8, y: box.y - 8, width: box.width + 16, height: box.height + 16 },
    });

    // A visitor without a session.
    const visitor = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const view = await visitor.newPage();
    const res = await view.goto(`${url}/u/katherine-j`);
    expect(res!.status()).toBe(200);
    expect(await view.textContent("h1")).toBe("Katherine J.");
    expect(await view.textContent("li[data-skill=python]")).toContain("Greet");
    expect(await view.textContent("[data-testid=verified-count]")).toBe("1");
    expect(await view.content()).not.toContain("example.com");
    expect(await wcagViolations(view)).toEqual([]);
    for (const [width, suffix] of [
      [1280, ""],
      [390, "-phone"],
    ] as const) {
      await view.setViewportSize({ width, height: 844 });
      await view.screenshot({ path: path.join(SHOTS, `profile${suffix}.png`), fullPage: true });
    }
    await view.emulateMedia({ media: "print" });
    await view.setViewportSize({ width: 800, height: 1100 });
    await view.screenshot({ path: path.join(SHOTS, "profile-print.png"), fullPage: true });
    // Print: black on white, no card frame.
    expect(await view.evaluate("getComputedStyle(document.body).backgroundColor")).toBe(
      "rgb(255, 255, 255)",
    );
    await visitor.close();

    await page.uncheck("#public-profile input[name=public]");
    await page.click("#public-profile button[type=submit]");
    await page.waitForSelector("#public-status:has-text('not public')");
    const off = await page.request.get(`${url}/u/katherine-j`);
    expect(off.status()).toBe(404);
    expect(await off.text()).not.toContain("Katherine");
    expect((await page.request.get(`${url}/api/profiles/katherine-j`)).status()).toBe(404);
  });
});

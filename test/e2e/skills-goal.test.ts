/**
 * Skills in the web app, continued (issue #16), in Debian's Chromium against a real server with
 * a real grading worker (fixture course mini/add → mini/greet): a posting and a résumé in, the
 * résumé's claims out; the path pinned as a goal that the dashboard shows with its progress and
 * then unpins; a skill's page with its levels, exercises and the learner's evidence; hiding a
 * skill and an exercise from the public profile (gone from the visitor's page, back when shown).
 * axe-core's WCAG A/AA rules on each page. Screenshots at 1280 and 390 px go to docs/screenshots.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";
import { launchChromium, wcagViolations } from "./chromium.js";

const SHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");
const SCREENS = path.resolve(import.meta.dirname, "../../test-results/screens");
const POSTING = `Junior Python developer at Acme

Requirements:
- Python 3
- Git
- Kubernetes

Nice to have:
- Docker`;
const RESUME = `Grace H.
Skills: Python, Kubernetes, Rust`;

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
  const res = await page.request.post(`${url}/api/auth/signup`, {
    data: {
      email: "grace.h@example.com",
      password: "correct horse battery",
      displayName: "Grace H.",
    },
  });
  expect(res.status()).toBe(201);
  csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function shoot(name: string, on: Page = page) {
  await on.evaluate("window.scrollTo(0, 0)");
  for (const [width, suffix] of [
    [1280, ""],
    [390, "-phone"],
  ] as const) {
    await on.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const file = `${name}${suffix}.png`;
    await on.screenshot({ path: path.join(SCREENS, file), fullPage: true });
    await on.screenshot({ path: path.join(SHOTS, file), fullPage: true });
  }
  await on.setViewportSize({ width: 1280, height: 900 });
}

async function pass(slug: string, content: string) {
  const res = await page.request.post(`${url}/api/exercises/mini/${slug}/submissions`, {
    headers: { "x-csrf-token": csrf },
    data: { files: [{ path: `${slug}.py`, content }] },
  });
  expect([200, 202]).toContain(res.status());
  const { id } = (await res.json()) as { id: string };
  const done = await page.request.get(`${url}/api/submissions/${id}?wait=25`);
  expect(((await done.json()) as { result: { status: string } }).result.status).toBe("pass");
}

const ids = (selector: string) =>
  page.locator(selector).evaluateAll((li) => li.map((l) => l.getAttribute("data-skill")));

describe("a résumé against a posting, and pinning the path", () => {
  it("shows the résumé's claims and what it leaves out; pins the path; the dashboard shows it", async () => {
    await page.goto(`${url}/#/skills`);
    await page.waitForSelector("#gap-form");
    expect(await page.locator("[data-testid=goal-card]").count()).toBe(0);
    await page.fill("#posting", POSTING);
    await page.fill("#resume", RESUME);
    await page.click("#gap-form button[type=submit]");
    await page.waitForSelector("[data-testid=resume-report]");
    expect(await ids("[data-claims=unverified] li")).toEqual(["python"]);
    expect(await ids("[data-claims=not-taught] li")).toEqual(["kubernetes", "rust"]);
    expect(await page.textContent("[data-claims=not-taught] li[data-skill=rust]")).toContain(
      "Not in the posting",
    );
    expect(await ids("[data-claims=unmentioned] li")).toEqual(["git", "docker"]);
    // Git has no exercise in the fixture course: the path is Python's (add, then greet).
    expect(await page.inputValue("#pin-title")).toBe("Junior Python developer at Acme");
    expect(await wcagViolations(page)).toEqual([]);
    await page.locator("[data-testid=resume-report]").scrollIntoViewIfNeeded();
    await shoot("skills-resume");

    await page.fill("#pin-title", "Acme junior");
    await page.click("#pin-form button[type=submit]");
    await page.waitForSelector("#pin-status.ok");
    expect(await page.textContent("#pin-status")).toContain("Pinned: 2 steps");
    await page.click("#pin-status a");
    await page.waitForSelector("[data-testid=goal-card]");
    expect(await page.textContent("[data-testid=goal-card] h2")).toBe("Acme junior");
    expect(await page.textContent("[data-testid=goal-progress]")).toBe("0 / 2");
    expect(await page.getAttribute("[data-testid=goal-next] a", "href")).toBe(
      "#/exercise/mini/add",
    );

    await pass("add", "def add(a, b):\n    return a + b\n");
    await page.reload();
    await page.waitForSelector("[data-testid=goal-card]");
    expect(await page.textContent("[data-testid=goal-progress]")).toBe("1 / 2");
    expect(await page.textContent("[data-testid=goal-card]")).toContain("about 2 min left");
    expect(await page.textContent("[data-testid=goal-next]")).toBe("Next: Greet");
    expect(
      await page.getAttribute("[data-testid=goal-card] [role=progressbar]", "aria-valuenow"),
    ).toBe("1");
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.documentElement.classList.add('dark')");
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.documentElement.classList.remove('dark')");
    await shoot("dashboard-goal");
  });

  it("another learner sees no goal", async () => {
    const other = await browser.newContext();
    const otherPage = await other.newPage();
    const res = await otherPage.request.post(`${url}/api/auth/signup`, {
      data: { email: "other.l@example.com", password: "correct horse battery", displayName: "O" },
    });
    expect(res.status()).toBe(201);
    await otherPage.goto(`${url}/#/`);
    await otherPage.waitForSelector("[data-testid=skills-card]");
    expect(await otherPage.locator("[data-testid=goal-card]").count()).toBe(0);
    expect(await (await otherPage.request.get(`${url}/api/me/goal`)).json()).toEqual({
      goal: null,
    });
    await other.close();
  });
});

describe("a skill's page and hiding items from the public profile", () => {
  it("levels, exercises and evidence; hiding the skill or its exercise takes it off the profile", async () => {
    await pass("greet", 'def greet(name):\n    return f"Hello, {name}!"\n');
    const put = await page.request.put(`${url}/api/me/profile`, {
      headers: { "x-csrf-token": csrf },
      data: { handle: "grace-h", public: true },
    });
    expect(put.status()).toBe(200);
    const visitor = await browser.newContext();
    const view = await visitor.newPage();
    const profileSkills = async () => {
      const res = await view.goto(`${url}/u/grace-h`);
      expect(res!.status()).toBe(200);
      return view.locator("li[data-skill]").evaluateAll((li) => li.map((l) => l.textContent));
    };
    expect((await profileSkills()).join(" ")).toContain("Greet");

    // From the Skills page's list of verified skills to the skill's page.
    await page.goto(`${url}/#/skills`);
    await page.waitForSelector("#my-skills li[data-skill=python]");
    await page.click("#my-skills li[data-skill=python] a[href='#/skills/python']");
    await page.waitForSelector("[data-testid=skill-mine]");
    expect(await page.textContent("h1")).toBe("Python");
    expect(await page.getAttribute("[data-testid=skill-mine]", "data-status")).toBe("verified");
    expect(await page.locator(".skill-levels dt").allTextContents()).toEqual([
      "Junior",
      "Mid-level",
      "Senior",
    ]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await page.textContent("[data-testid=skill-exercises] li")).toContain(`passed ${today}`);
    expect(await page.title()).toBe("Python · PyDojo");
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.documentElement.classList.add('dark')");
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.documentElement.classList.remove('dark')");
    await shoot("skill-page");

    // Hide the skill: gone from the visitor's page; shown again: back.
    const skillButton = "[data-testid=skill-mine] button[data-hide-kind=skill]";
    await page.click(skillButton);
    await page.waitForSelector(`${skillButton}[data-hidden=true]`);
    expect(await page.textContent("#hide-status")).toBe(
      "Python is hidden from your public profile.",
    );
    expect(await profileSkills()).toEqual([]);
    expect(await view.content()).not.toContain("Greet");
    await page.click(skillButton);
    await page.waitForSelector(`${skillButton}[data-hidden=false]`);
    expect((await profileSkills()).join(" ")).toContain("Greet");

    // Hide the one exercise that proves it: the skill has nothing left to show.
    const exerciseButton = "[data-testid=skill-exercises] button[data-hide-id='mini/greet']";
    await page.click(exerciseButton);
    await page.waitForSelector(`${exerciseButton}[data-hidden=true]`);
    expect(await profileSkills()).toEqual([]);
    expect(await view.content()).not.toContain("Greet");
    const api = await (await view.request.get(`${url}/api/profiles/grace-h`)).text();
    expect(api).not.toContain("mini/greet");
    expect(await wcagViolations(page)).toEqual([]);
    await visitor.close();
  });

  it("a skill PyDojo doesn't teach says so; an unknown one says it isn't there", async () => {
    // Every skill of the map is listed by area on the Skills page, each linking to its page.
    await page.goto(`${url}/#/skills`);
    await page.click("#all-skills summary");
    const listed = await page.locator("#all-skills li[data-skill]").count();
    expect(listed).toBe(
      ((await (await page.request.get(`${url}/api/skills`)).json()) as { skills: unknown[] }).skills
        .length,
    );
    expect(await page.textContent("#all-skills li[data-skill=kubernetes]")).toContain(
      "not taught here",
    );
    expect(await page.textContent("#all-skills li[data-skill=python]")).toContain("verified");
    expect(await wcagViolations(page)).toEqual([]);
    await page.click("#all-skills li[data-skill=kubernetes] a");
    await page.waitForSelector("[data-testid=not-taught]");
    expect(await page.textContent("h1")).toBe("Kubernetes");
    expect(await page.textContent("[data-testid=not-taught]")).toContain("Not taught by PyDojo");
    expect(await page.locator("[data-testid=skill-exercises]").count()).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.goto(`${url}/#/skills/no-such-skill`);
    await page.waitForSelector("h1:has-text('Skill not found')");
  });

  it("the dashboard's goal card unpins", async () => {
    await page.goto(`${url}/#/`);
    await page.waitForSelector("[data-testid=goal-card]");
    expect(await page.textContent("[data-testid=goal-progress]")).toBe("2 / 2");
    await page.click("[data-testid=goal-card] button[data-unpin]");
    await page.waitForSelector("[data-testid=goal-card]", { state: "detached" });
    expect(await (await page.request.get(`${url}/api/me/goal`)).json()).toEqual({ goal: null });
  });
});

/**
 * Cohorts in Debian's Chromium against a real server (issue #18): a mentor creates a class on
 * the Teaching page; a learner opens the invite link and joins with one click (the Account page
 * lists the class); the mentor's class page shows the grid (sticky first column, scrolling
 * sideways on a phone), the stuck lists and the CSV link; the mentor opens a learner's
 * submission and comments on a line; the learner sees the comment under that submission on the
 * exercise page, and it is marked seen. axe-core on the class page; screenshots at 1280 and
 * 390 px go to docs/screenshots.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, wcagViolations } from "./chromium.js";
import { signup, startTestServer, type Learner, type TestServer } from "../server/harness.js";
import { progress, result, submission } from "../storage/store-fixtures.js";

const SHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");
const PASSWORD = "correct horse battery";
let server: TestServer;
let url: string;
let browser: Browser;
let mentorContext: BrowserContext;
let learnerContext: BrowserContext;
let mentorPage: Page;
let learnerPage: Page;
let lena: Learner;
let cohortId = "";
let joinUrl = "";

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startTestServer({}, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  const mia = await signup(server.app, "mia@example.com");
  await server.store.users.updateRole(mia.id, "mentor");
  const root = await signup(server.app, "root@example.com");
  await server.store.users.updateRole(root.id, "admin");
  lena = await signup(server.app, "lena@example.com");
  await server.store.users.updateProfile(lena.id, { displayName: "Lena Park", timeZone: "UTC" });
  browser = await launchChromium();
  mentorContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await mentorContext.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  learnerContext = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  mentorPage = await mentorContext.newPage();
  learnerPage = await learnerContext.newPage();
}, 60_000);

afterAll(async () => {
  await mentorContext?.close();
  await learnerContext?.close();
  await browser?.close();
  await server?.close();
});

async function logIn(on: Page, email: string) {
  await on.goto(`${url}/#/login`);
  await on.fill("input[name=email]", email);
  await on.fill("input[name=password]", PASSWORD);
  await on.click("button[type=submit]");
  await on.waitForSelector("[data-testid=xp]");
}

/** Five more learners with some work, so the grid and the stuck lists have something to show. */
async function classmates() {
  const names = ["Ada Osei", "Bruno Diaz", "Chen Wei", "Dara Nolan", "Eli Haddad"];
  const people: Learner[] = [];
  for (const [i, name] of names.entries()) {
    const who = await signup(server.app, `mate${i}@example.com`);
    await server.store.users.updateProfile(who.id, { displayName: name, timeZone: "UTC" });
    await server.store.cohorts.addMember(cohortId, who.id, new Date().toISOString());
    people.push(who);
  }
  const [ada, bruno, chen, dara] = people as [Learner, Learner, Learner, Learner];
  await server.store.progress.put(progress(ada.id, "mini/add", { state: "passed", attempts: 1 }));
  await server.store.progress.put(progress(ada.id, "mini/greet", { state: "passed" }));
  await server.store.progress.put(progress(bruno.id, "mini/add", { state: "passed" }));
  await server.store.progress.put(progress(bruno.id, "mini/greet", { attempts: 3 }));
  await server.store.progress.put(progress(chen.id, "mini/add", { attempts: 2 }));
  await server.store.progress.put(progress(dara.id, "mini/greet", { attempts: 1 }));
  let n = 0;
  for (const who of [bruno, bruno, bruno, chen, dara]) {
    const id = `mate-fail-${++n}`;
    await server.store.submissions.create(submission(id, who.id, { exerciseId: "mini/greet" }));
    await server.store.submissions.saveResult(id, result("fail"), new Date().toISOString());
  }
}

describe("teaching a class", () => {
  it("a mentor creates a class; Teaching is in the header for mentors only", async () => {
    await logIn(learnerPage, "lena@example.com");
    expect(await learnerPage.locator("#nav a").allTextContents()).not.toContain("Teaching");
    await learnerPage.goto(`${url}/#/cohorts`);
    await learnerPage.waitForSelector("text=This page is for instructors.");

    await logIn(mentorPage, "mia@example.com");
    await mentorPage.click("#nav a:has-text('Teaching')");
    await mentorPage.waitForSelector("h1:has-text('Teaching')");
    await mentorPage.fill("#new-cohort input[name=name]", "Backend evening class");
    await mentorPage.fill("#new-cohort input[name=startDate]", "2026-03-02");
    await mentorPage.click("#new-cohort button[type=submit]");
    await mentorPage.waitForSelector("h1:has-text('Backend evening class')");
    cohortId = decodeURIComponent(mentorPage.url().split("#/cohort/")[1]!.split("?")[0]!);
    const code = (await mentorPage.textContent("[data-testid=invite-code]"))!.trim();
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    joinUrl = (await mentorPage.textContent("#join-url"))!.trim();
    expect(joinUrl).toBe(`${url}/#/join/${code}`);
    await mentorPage.click("#copy-join");
    await mentorPage.waitForSelector("#settings-status:has-text('Link copied.')");
    expect(await mentorPage.evaluate("navigator.clipboard.readText()")).toBe(joinUrl);
    expect(await mentorPage.textContent("[data-testid=no-learners]")).toMatch(/Nobody has joined/);
  });

  it("a learner opens the invite link and joins with one click", async () => {
    await learnerPage.goto(joinUrl);
    await learnerPage.waitForSelector("h1:has-text('Join a class')");
    // Opening the link alone joins nobody.
    expect(await server.store.cohorts.members(cohortId)).toEqual([]);
    await learnerPage.click("#join");
    await learnerPage.waitForSelector("#join-status:has-text('You joined Backend evening class')");
    expect((await server.store.cohorts.members(cohortId)).map((m) => m.userId)).toEqual([lena.id]);
    await learnerPage.goto(`${url}/#/account`);
    await learnerPage.waitForSelector(
      "[data-testid=my-cohorts] li:has-text('Backend evening class')",
    );
    expect(await wcagViolations(learnerPage)).toEqual([]);
    // A wrong code says what to do.
    await learnerPage.fill("#join-cohort input[name=code]", "nope-nope");
    await learnerPage.click("#join-cohort button[type=submit]");
    await learnerPage.waitForSelector("#cohort-status:has-text('check it with your instructor')");
  });

  it("the class page: grid, stuck lists, CSV; a comment on a line of a submission", async () => {
    await classmates();
    await server.store.submissions.create(
      submission("lena-1", lena.id, {
        exerciseId: "mini/add",
        files: [{ path: "add.py", content: "def add(a, b):\n    return a - b\n" }],
      }),
    );
    await server.store.submissions.saveResult("lena-1", result("fail"), new Date().toISOString());
    await server.store.progress.put(progress(lena.id, "mini/add", { attempts: 1 }));

    // The page is at this address already: load it again to see the new members.
    await mentorPage.reload();
    await mentorPage.waitForSelector("[data-testid=progress-grid]");
    const rows = mentorPage.locator("[data-testid=progress-grid] tbody tr");
    expect(await rows.count()).toBe(6);
    const row = (name: string) => rows.filter({ hasText: name });
    expect(await row("Ada Osei").locator("td.passed").count()).toBe(2);
    expect(await row("Lena Park").locator("td.attempted").count()).toBe(1);
    expect(await row("Eli Haddad").locator("td.not-started").count()).toBe(2);
    expect(await mentorPage.textContent("[data-testid=stuck-exercises]")).toMatch(
      /Greet.*5.*failed submissions by 3 learners|5.*failed submissions by 3 learners/,
    );
    expect(await mentorPage.getAttribute("[data-testid=csv]", "href")).toBe(
      `/api/cohorts/${cohortId}/progress.csv`,
    );
    const csv = await mentorPage.evaluate(
      async (href) => (await fetch(href)).text(),
      `/api/cohorts/${cohortId}/progress.csv`,
    );
    expect(csv.split("\r\n")[0]).toBe(
      "learner,email,joined,last active,passed,attempted,mini/add,mini/greet",
    );
    expect(await wcagViolations(mentorPage)).toEqual([]);
    await mentorPage.screenshot({ path: path.join(SHOTS, "cohort.png"), fullPage: true });
    // The dark theme passes too (the grid's tints are mixed from the theme's colours).
    await mentorPage.evaluate("document.getElementById('theme').click()");
    expect(await wcagViolations(mentorPage)).toEqual([]);
    await mentorPage.evaluate("document.getElementById('theme').click()");

    await row("Lena Park").locator("a").click();
    await mentorPage.waitForSelector("[data-testid=learner-name]:has-text('Lena Park')");
    await mentorPage.click("button[aria-label='Comment on line 2 of add.py']");
    await mentorPage.fill("#comment-form textarea", "This subtracts: which operator adds?");
    await mentorPage.click("#comment-form button[type=submit]");
    await mentorPage.waitForSelector(
      "[data-testid=line-note]:has-text('This subtracts: which operator adds?')",
    );
    const stored = await server.store.comments.forSubmission("lena-1");
    expect(stored).toEqual([
      expect.objectContaining({ file: "add.py", line: 2, seenAt: null, authorName: "mia" }),
    ]);
    expect(await wcagViolations(mentorPage)).toEqual([]);
    await mentorPage.locator("#learner-card").screenshot({
      path: path.join(SHOTS, "cohort-comment.png"),
    });
  });

  it("on a phone the grid scrolls sideways with the learner column in place", async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
      hasTouch: true,
    });
    const on = await phone.newPage();
    await logIn(on, "mia@example.com");
    await on.goto(`${url}/#/cohort/${cohortId}`);
    await on.waitForSelector("[data-testid=progress-grid]");
    // The page itself does not scroll sideways; the grid's box does.
    expect(await on.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(390);
    const scroller = on.locator(".grid-scroll");
    const sizes = await scroller.evaluate((el) => [el.scrollWidth, el.clientWidth]);
    expect(sizes[0]).toBeGreaterThan(sizes[1]!);
    const nameBefore = await on.locator("tbody th[scope=row]").first().boundingBox();
    await scroller.evaluate((el) => el.scrollBy(400, 0));
    await expect.poll(() => scroller.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    const nameAfter = await on.locator("tbody th[scope=row]").first().boundingBox();
    expect(nameAfter!.x).toBe(nameBefore!.x);
    await scroller.evaluate((el) => el.scrollTo(0, 0));
    await on.locator("#grid-h").scrollIntoViewIfNeeded();
    await on.screenshot({ path: path.join(SHOTS, "cohort-phone.png") });
    await phone.close();
  });

  it("the learner sees the comment under that submission, and it is marked seen", async () => {
    await learnerPage.goto(`${url}/#/exercise/mini/add`);
    const note = learnerPage.locator("[data-testid=line-comments] li");
    await note.first().waitFor();
    expect(await note.count()).toBe(1);
    expect(await note.textContent()).toMatch(
      /add\.py, line 2\s*new\s*This subtracts: which operator adds\?/,
    );
    await expect
      .poll(async () => (await server.store.comments.forSubmission("lena-1"))[0]?.seenAt ?? null)
      .not.toBeNull();
    expect(await server.store.comments.unseenCount(lena.id)).toBe(0);
    await learnerPage.locator("#submissions").screenshot({
      path: path.join(SHOTS, "cohort-learner-comment.png"),
    });
  });

  it("an instructor removes a learner from the class", async () => {
    await mentorPage.goto(`${url}/#/cohort/${cohortId}`);
    await mentorPage.reload();
    await mentorPage.locator("[data-testid=progress-grid] a", { hasText: "Eli Haddad" }).click();
    await mentorPage.waitForSelector("[data-testid=learner-name]:has-text('Eli Haddad')");
    mentorPage.once("dialog", (dialog) => void dialog.accept());
    await mentorPage.click("#remove-learner");
    await mentorPage.waitForURL(new RegExp(`#/cohort/${cohortId}$`));
    await expect
      .poll(() => mentorPage.locator("[data-testid=progress-grid] tbody tr").count())
      .toBe(5);
    const names = (await server.store.cohorts.members(cohortId)).map((m) => m.displayName);
    expect(names).not.toContain("Eli Haddad");
    expect(names).toContain("Lena Park");
  });

  it("the admin's audit log says who commented where and who made the class", async () => {
    const admin = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const on = await admin.newPage();
    await logIn(on, "root@example.com");
    await on.goto(`${url}/#/admin`);
    const audit = on.locator("[data-testid=audit] tbody tr");
    await audit.first().waitFor();
    const comment = audit.filter({ hasText: "commented on a submission of" });
    expect(await comment.count()).toBe(1);
    expect(await comment.textContent()).toMatch(
      /mia@example\.com.*lena@example\.com.*add\.py, line 2/s,
    );
    expect(await audit.filter({ hasText: "created a class" }).textContent()).toMatch(
      /Backend evening class/,
    );
    expect(await audit.filter({ hasText: "removed from a class:" }).textContent()).toMatch(
      /mate4@example\.com/,
    );
    await admin.close();
  });

  it("closing a module: the learner's course map says so and Submit is refused", async () => {
    await mentorPage.goto(`${url}/#/cohort/${cohortId}`);
    await mentorPage.reload();
    await mentorPage.uncheck("#modules-form input[value=basics]");
    await mentorPage.click("#modules-form button[type=submit]");
    await mentorPage.waitForSelector("#settings-status:has-text('0 of 1 modules open.')");
    expect((await server.store.cohorts.byId(cohortId))?.openModules).toEqual([]);

    await learnerPage.goto(`${url}/#/course/mini`);
    await learnerPage.reload();
    await learnerPage.waitForSelector("[data-testid=module-closed]");
    expect(await learnerPage.textContent("[data-testid=module-closed]")).toMatch(
      /hasn't opened this module yet/,
    );
    expect(await wcagViolations(learnerPage)).toEqual([]);
    await learnerPage
      .locator("section.card", { has: learnerPage.locator("[data-testid=module-closed]") })
      .screenshot({ path: path.join(SHOTS, "cohort-module-closed.png") });
    const refused = await learnerPage.evaluate(async () => {
      const me = (await (await fetch("/api/me")).json()) as { csrfToken: string };
      const res = await fetch("/api/exercises/mini/add/submissions", {
        method: "POST",
        headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
        body: JSON.stringify({ files: [{ path: "add.py", content: "x = 1\n" }] }),
      });
      const body = (await res.json()) as { error: { message: string } };
      return [res.status, body.error.message];
    });
    expect(refused).toEqual([
      403,
      "your cohort (Backend evening class) has not opened this module yet: ask your instructor",
    ]);

    await mentorPage.check("#modules-form input[value=basics]");
    await mentorPage.click("#modules-form button[type=submit]");
    await mentorPage.waitForSelector("#settings-status:has-text('Every module is open.')");
    expect((await server.store.cohorts.byId(cohortId))?.openModules).toBeNull();
  });
});

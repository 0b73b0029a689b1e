/**
 * The Admin page and the password-reset page in Debian's Chromium against a real server: an
 * admin logs in, sees the Admin link (a learner doesn't), retries an infra-error from the queue
 * panel, searches users, changes a role, disables and enables a learner, makes a reset link and
 * copies it; the learner opens the link signed out and sets a new password. axe-core on every
 * state (light and dark); screenshots at 1280 and 390 px go to docs/screenshots.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, wcagViolations } from "./chromium.js";
import { signup, startTestServer, type Learner, type TestServer } from "../server/harness.js";
import { submission } from "../storage/store-fixtures.js";

const SHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");
const SCREENS = path.resolve(import.meta.dirname, "../../test-results/screens");
const PASSWORD = "correct horse battery";
let server: TestServer;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let lena: Learner;
let resetUrl = "";

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(SCREENS, { recursive: true });
  server = await startTestServer({}, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  const root = await signup(server.app, "root@example.com");
  await server.store.users.updateRole(root.id, "admin");
  lena = await signup(server.app, "lena@example.com");
  await signup(server.app, "omar@example.com");
  await server.store.submissions.create(
    submission("e2e-infra", lena.id, { createdAt: new Date(Date.now() - 60_000).toISOString() }),
  );
  await server.store.submissions.markInfraError(
    "e2e-infra",
    "the sandbox crashed",
    new Date().toISOString(),
  );
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(on: Page, email: string, password = PASSWORD) {
  await on.goto(`${url}/#/login`);
  await on.fill("input[name=email]", email);
  await on.fill("input[name=password]", password);
  await on.click("button[type=submit]");
  await on.waitForSelector("[data-testid=xp]");
}

describe("admin page", () => {
  it("is linked in the header for admins only", async () => {
    const other = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const learnerPage = await other.newPage();
    await logIn(learnerPage, "omar@example.com");
    expect(await learnerPage.locator("#nav a").allTextContents()).not.toContain("Admin");
    await learnerPage.goto(`${url}/#/admin`);
    await learnerPage.waitForSelector("text=This page is for admins only.");
    await other.close();

    await logIn(page, "root@example.com");
    await page.click("#nav a:has-text('Admin')");
    await page.waitForSelector("h1:has-text('Admin')");
    expect(await page.getAttribute("#nav a:has-text('Admin')", "aria-current")).toBe("page");
    expect(await page.title()).toBe("Admin · PyDojo");
  });

  it("shows the queue and retries its infra-errors", async () => {
    await expect.poll(() => page.textContent("[data-testid=queue-infra]")).toBe("1");
    expect(await page.textContent("[data-testid=queue-runner]")).toBe(server.config.runner);
    await page.click("#retry-infra");
    await page.waitForSelector("#queue-status:has-text('1 submission back in the queue')");
    // The counts are fetched again after the message: wait for them (slow under load).
    await expect.poll(() => page.textContent("[data-testid=queue-infra]")).toBe("0");
    await expect.poll(() => page.textContent("[data-testid=queue-depth]")).toBe("1");
    expect((await server.store.submissions.byId("e2e-infra"))?.status).toBe("queued");
  });

  it("searches users, changes a role, disables and makes a reset link to copy", async () => {
    const rows = page.locator("[data-testid=users] tbody tr");
    expect(await rows.count()).toBe(3);
    await page.fill("input[name=q]", "LENA");
    await page.click("#user-search button[type=submit]");
    await expect.poll(() => rows.count()).toBe(1);
    const row = page.locator(`tr[data-user="${lena.id}"]`);
    await row.locator("select").selectOption("mentor");
    await page.waitForSelector("#users-status:has-text('lena@example.com is now mentor')");
    expect((await server.store.users.byId(lena.id))?.role).toBe("mentor");

    await row.locator("button[data-toggle]").click();
    await page.waitForSelector("#users-status:has-text('is disabled')");
    expect(await server.store.admin.disabledAt(lena.id)).not.toBeNull();
    await page.waitForSelector(`tr[data-user="${lena.id}"] .badge:has-text('Disabled')`);

    await page.click(`tr[data-user="${lena.id}"] button[data-reset]`);
    await page.waitForSelector("[data-testid=reset-link]");
    resetUrl = (await page.textContent("#reset-url"))!.trim();
    expect(resetUrl).toMatch(new RegExp(`^${url}/#/reset\\?token=[\\w-]{43}$`));
    await page.click("#copy-reset");
    await page.waitForSelector("#reset-status:has-text('Copied')");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(resetUrl);
    await page.waitForSelector("[data-testid=audit] td:has-text('made a password-reset link for')");
    expect(await page.locator("[data-testid=audit] tbody tr").count()).toBe(4);

    await page.fill("input[name=q]", "");
    await page.click("#user-search button[type=submit]");
    await expect.poll(() => rows.count()).toBe(3);
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.getElementById('theme').click()");
    expect(await wcagViolations(page)).toEqual([]); // the dark theme too
    await page.screenshot({ path: path.join(SCREENS, "admin-dark.png"), fullPage: true });
    await page.evaluate("document.getElementById('theme').click()");
    await page.evaluate("scrollTo(0, 0)");
    await page.screenshot({ path: path.join(SHOTS, "admin.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate("scrollTo(0, 0)");
    const overflow = await page.evaluate(
      "document.documentElement.scrollWidth - document.documentElement.clientWidth",
    );
    expect(overflow).toBe(0);
    expect(await wcagViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, "admin-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.locator(`tr[data-user="${lena.id}"] button[data-toggle]`).click();
    await page.waitForSelector("#users-status:has-text('is enabled again')");
    expect(await server.store.admin.disabledAt(lena.id)).toBeNull();
  });

  it("lets the learner set a new password from the link, signed out, once", async () => {
    const other = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone = await other.newPage();
    await phone.goto(resetUrl);
    await phone.waitForSelector("h1:has-text('Choose a new password')");
    expect(await wcagViolations(phone)).toEqual([]);
    await phone.fill("input[name=newPassword]", "a brand new password");
    await phone.fill("input[name=confirmPassword]", "a brand new password");
    await phone.screenshot({ path: path.join(SCREENS, "reset-phone.png") });
    await phone.click("#reset button[type=submit]");
    await phone.waitForSelector("[data-testid=reset-done]");
    await logIn(phone, "lena@example.com", "a brand new password");

    await phone.goto(resetUrl);
    await phone.fill("input[name=newPassword]", "yet another password");
    await phone.fill("input[name=confirmPassword]", "yet another password");
    await phone.click("#reset button[type=submit]");
    await phone.waitForSelector("#reset-error:has-text('already used')");
    await phone.screenshot({ path: path.join(SCREENS, "reset-used-phone.png") });
    await other.close();
  });
});

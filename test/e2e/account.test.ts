/**
 * The Account page and the CLI's sign-in page in Debian's Chromium against a real server: sign up,
 * open Account from the header, save the profile, create a token (shown once, copied), revoke it,
 * change the password; approve a CLI login on #/device after signing in from its link.
 * Screenshots of the Account page (1280 and 390 px) go to docs/screenshots.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type BrowserContext, type Page } from "playwright-core";
import { launchChromium, wcagViolations } from "./chromium.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";

const SHOTS = path.resolve(import.meta.dirname, "../../docs/screenshots");
const SCREENS = path.resolve(import.meta.dirname, "../../test-results/screens");
const PASSWORD = "correct horse battery";
let server: TestServer;
let url: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  mkdirSync(SCREENS, { recursive: true });
  server = await startTestServer({}, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: "Europe/Berlin",
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  page = await context.newPage();
}, 60_000);

afterAll(async () => {
  // Contexts first: on a loaded machine closing the whole browser with pages open has taken
  // most of a minute.
  for (const open of browser?.contexts() ?? []) await open.close().catch(() => {});
  await browser?.close();
  await server?.close();
}, 180_000);

async function api(pathname: string, init: RequestInit = {}) {
  const res = await fetch(`${url}${pathname}`, {
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  });
  return {
    status: res.status,
    body: (await res.json().catch(() => null)) as Record<string, string>,
  };
}

describe("account page", () => {
  it("is linked from the header after signing up and saves the profile", async () => {
    await page.goto(`${url}/#/signup`);
    await page.fill("input[name=displayName]", "Grace");
    await page.fill("input[name=email]", "grace@example.com");
    await page.fill("input[name=password]", PASSWORD);
    await page.click("button[type=submit]");
    await page.waitForSelector("[data-testid=xp]");
    await page.click("#nav a:has-text('Account')");
    await page.waitForSelector("h1:has-text('Account')");
    expect(await page.getAttribute("#nav a:has-text('Account')", "aria-current")).toBe("page");
    expect(await page.title()).toBe("Account · PyDojo");
    // Signed up from a browser in Berlin: that is the saved zone, and the select shows it.
    expect(await page.inputValue("select[name=timeZone]")).toBe("Europe/Berlin");
    expect(await page.locator("select[name=timeZone] option").count()).toBeGreaterThan(300);

    await page.fill("input[name=displayName]", "Grace H.");
    await page.selectOption("select[name=timeZone]", "America/New_York");
    await page.click("#profile button[type=submit]");
    await page.waitForSelector("#profile-status.ok");
    expect(await page.textContent("#profile-status")).toBe("Saved: Grace H., America/New York.");
    const user = await server.store.users.byEmail("grace@example.com");
    expect(user).toMatchObject({ displayName: "Grace H.", timeZone: "America/New_York" });

    await page.fill("input[name=displayName]", " ");
    await page.click("#profile button[type=submit]");
    await page.waitForSelector("#profile-status.error");
    expect(await page.textContent("#profile-status")).toMatch(/^displayName: /);
    // How to get the CLI: from this very site, and the package really is there.
    expect(await page.textContent("#cli-h + p + pre")).toContain(
      `npm install -g ${url}/cli/pydojo-cli.tgz`,
    );
    const tgz = await fetch(`${url}/cli/pydojo-cli.tgz`);
    expect(tgz.status).toBe(200);
    expect(tgz.headers.get("content-type")).toBe("application/gzip");
  });

  it("creates a token shown once with Copy buttons and the login command, then revokes it", async () => {
    await page.fill("input[name=name]", "work laptop");
    await page.click("#new-token button[type=submit]");
    await page.waitForSelector("[data-testid=created-token]");
    const token = (await page.textContent("#token-value"))!;
    expect(token).toMatch(/^pdj_[\w-]{40,}$/);
    expect(await page.textContent("#token-command")).toBe(
      `pydojo login --server ${url} --token ${token}`,
    );
    expect(await page.locator("[data-testid=created-token] button[data-copy]").count()).toBe(2);
    await page.click("button[data-copy=token-command]");
    await page.waitForSelector("#copy-status:has-text('Copied.')");
    expect(await page.evaluate("navigator.clipboard.readText()")).toBe(
      `pydojo login --server ${url} --token ${token}`,
    );
    expect(await page.textContent("[data-testid=tokens]")).toContain("work laptop");
    // A second token, used once, so the list shows a last use.
    await page.fill("input[name=name]", "ci runner");
    await page.click("#new-token button[type=submit]");
    await page.waitForSelector("[data-testid=created-token]:has-text('ci runner')");
    const ci = (await page.textContent("#token-value"))!;
    await api("/api/me", { headers: { authorization: `Bearer ${ci}` } });
    await page.reload();
    await page.waitForSelector("[data-testid=tokens]");
    // Shown once: after a reload the secret is nowhere on the page.
    expect(await page.content()).not.toContain(token);
    const rows = page.locator("[data-testid=tokens] tbody tr");
    expect(await rows.count()).toBe(2);
    expect(await rows.filter({ hasText: "work laptop" }).textContent()).toContain("never");
    expect(await rows.filter({ hasText: "ci runner" }).textContent()).not.toContain("never");
    expect((await api("/api/me", { headers: { authorization: `Bearer ${token}` } })).status).toBe(
      200,
    );

    await page.fill("input[name=name]", "old desktop");
    await page.click("#new-token button[type=submit]");
    await page.waitForSelector("[data-testid=created-token]:has-text('old desktop')");
    expect(await wcagViolations(page)).toEqual([]);
    await page.evaluate("document.getElementById('theme').click()");
    expect(await wcagViolations(page)).toEqual([]); // the dark theme too
    await page.evaluate("document.getElementById('theme').click()");
    // The header is sticky: shoot from the top so it sits where it belongs.
    await page.evaluate("scrollTo(0, 0)");
    await page.screenshot({ path: path.join(SHOTS, "account.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.evaluate("scrollTo(0, 0)");
    await page.screenshot({ path: path.join(SHOTS, "account-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });

    const row = rows.filter({ hasText: "work laptop" });
    await row.locator("button[data-revoke]").click();
    expect(await row.textContent()).toContain("Revoke “work laptop”?");
    await row.locator("button[data-cancel]").click(); // changing one's mind keeps it
    await page.waitForSelector("[data-testid=tokens] button[data-revoke][data-name='work laptop']");
    await rows.filter({ hasText: "work laptop" }).locator("button[data-revoke]").click();
    await rows.filter({ hasText: "work laptop" }).locator("button[data-confirm]").click();
    // (No waitForFunction: the page's CSP forbids evaluating strings, as it should.)
    await rows.filter({ hasText: "work laptop" }).waitFor({ state: "detached" });
    const after = await api("/api/me", { headers: { authorization: `Bearer ${token}` } });
    expect(after.status).toBe(401);
  });

  it("changes the password after checking the confirmation; API tokens stop working", async () => {
    const ci = await server.store.tokens.listForUser(
      (await server.store.users.byEmail("grace@example.com"))!.id,
    );
    expect(ci.filter((t) => !t.revokedAt).length).toBe(2);
    await page.fill("input[name=currentPassword]", PASSWORD);
    await page.fill("input[name=newPassword]", "a much newer password");
    await page.fill("input[name=confirmPassword]", "a much newer passwork");
    await page.click("#password button[type=submit]");
    expect(await page.textContent("#password-status")).toContain("differ");
    await page.fill("input[name=confirmPassword]", "a much newer password");
    await page.click("#password button[type=submit]");
    await page.waitForSelector("#password-status.ok");
    expect(await page.textContent("#password-status")).toContain("run pydojo login again");
    expect(await page.locator("#no-tokens").count()).toBe(1);
    // This browser stays signed in and can still write (its new CSRF token was read).
    await page.fill("input[name=name]", "after change");
    await page.click("#new-token button[type=submit]");
    await page.waitForSelector("[data-testid=created-token]:has-text('after change')");
  });
});

describe("CLI sign-in page", () => {
  it("asks to sign in first, comes back to the code, and approves the CLI", async () => {
    const started = await api("/api/cli/device", {
      method: "POST",
      body: JSON.stringify({ hostname: "build-box", client: "pydojo 0.1.0 (linux)" }),
    });
    expect(started.status).toBe(200);
    const { device_code, user_code } = started.body;
    const verification_uri_complete = started.body.verification_uri_complete!;
    expect(verification_uri_complete).toBe(`${url}/#/device?code=${user_code}`);

    const fresh = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const phone: Page = await fresh.newPage();
    await phone.goto(verification_uri_complete);
    await phone.waitForSelector("form#auth");
    await phone.fill("input[name=email]", "grace@example.com");
    await phone.fill("input[name=password]", "a much newer password");
    await phone.click("button[type=submit]");
    await phone.waitForSelector("[data-testid=user-code]");
    await phone.screenshot({ path: path.join(SCREENS, "device-phone.png") });
    expect(await wcagViolations(phone)).toEqual([]);
    expect(phone.url()).toBe(verification_uri_complete);
    expect(await phone.textContent("[data-testid=user-code]")).toBe(user_code);
    expect(await phone.textContent("[data-testid=device-host]")).toBe("build-box");
    expect(await phone.textContent(".device")).toContain("grace@example.com");
    const pending = await api("/api/cli/token", {
      method: "POST",
      body: JSON.stringify({ device_code }),
    });
    expect(pending.body.error).toBe("authorization_pending");
    await phone.click("#approve");
    await phone.waitForSelector("[data-testid=device-done]");
    expect(await phone.textContent("h1")).toContain("Command line signed in");
    await phone.screenshot({ path: path.join(SCREENS, "device-approved-phone.png") });
    await new Promise((r) => setTimeout(r, 5000)); // the interval the server asked for
    const got = await api("/api/cli/token", {
      method: "POST",
      body: JSON.stringify({ device_code }),
    });
    expect(got.status).toBe(200);
    expect(got.body.access_token).toMatch(/^pdj_/);
    expect(got.body.name).toBe("CLI on build-box");
    // Opening the link again says it was used; a mistyped code is explained.
    // Only the address's hash changes: the approved card is still on screen until the page
    // shows the new one, so wait for the new card's own words, not for any card.
    await phone.goto(`${url}/#/device?code=${user_code}&again=1`);
    await phone.waitForSelector("[data-testid=device-done]:has-text('Already approved')");
    expect(await phone.textContent(".device")).toContain("already approved and used");
    await phone.goto(`${url}/#/device?code=ZZZZ-ZZZZ`);
    await phone.waitForSelector("form#device-code");
    expect(await phone.textContent(".device .error")).toMatch(/no pending login with this code/);
    await fresh.close();
  }, 30_000);
});

describe("your data on the account page", () => {
  it("downloads everything as JSON, and deletes the account only when confirmed", async () => {
    const own = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const signup = await own.request.post(`${url}/api/auth/signup`, {
      data: { email: "leaving@example.com", password: PASSWORD, displayName: "Leaving" },
    });
    expect(signup.status()).toBe(201);
    const tab = await own.newPage();
    await tab.goto(`${url}/#/account`);
    await tab.waitForSelector("[data-testid=export]");
    const download = await tab.request.get(
      `${url}${await tab.getAttribute("[data-testid=export]", "href")}`,
    );
    expect(download.status()).toBe(200);
    expect((await download.json()).user.email).toBe("leaving@example.com");
    await tab.click(".danger-zone summary");
    await tab.fill("#delete-account input[name=password]", PASSWORD);
    await tab.fill("#delete-account input[name=confirm]", "delete my acount");
    await tab.click("#delete-account button[type=submit]");
    expect(await tab.textContent("#delete-status")).toContain("nothing was deleted");
    await tab.fill("#delete-account input[name=password]", "not my password");
    await tab.fill("#delete-account input[name=confirm]", "delete my account");
    await tab.click("#delete-account button[type=submit]");
    await tab.waitForSelector("#delete-status.error:has-text('password is wrong')");
    expect(await server.store.users.byEmail("leaving@example.com")).not.toBeNull();
    expect(await wcagViolations(tab)).toEqual([]);
    await tab.screenshot({ path: path.join(SCREENS, "account-delete-phone.png"), fullPage: true });
    await tab.fill("#delete-account input[name=password]", PASSWORD);
    await tab.click("#delete-account button[type=submit]");
    await tab.waitForSelector("h1:has-text('Account deleted')");
    expect(await server.store.users.byEmail("leaving@example.com")).toBeNull();
    expect((await tab.request.get(`${url}/api/me`)).status()).toBe(401);
    await own.close();
  }, 30_000);
});

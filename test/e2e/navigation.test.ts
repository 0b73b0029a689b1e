/**
 * Moving around the bundled course's long map in a real browser: a page opened from deep in the
 * map starts at its top, Back returns to where the map was left, and the map's module list jumps
 * to a module. Debian's Chromium through playwright-core, against a real server.
 */
import path from "node:path";
import { type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../server/harness.js";
import { launchChromium } from "./chromium.js";

const CONTENT = path.resolve(import.meta.dirname, "../../content");
let server: TestServer;
let url: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startTestServer({ contentDir: CONTENT }, { worker: false });
  url = await server.app.listen({ port: 0, host: "127.0.0.1" });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(`${url}/#/signup`);
  await page.fill("input[name=displayName]", "Ada");
  await page.fill("input[name=email]", "ada.nav@example.com");
  await page.fill("input[name=password]", "correct horse battery");
  await page.click("button[type=submit]");
  await page.waitForSelector("[data-testid=xp]");
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const scrollY = () => page.evaluate<number>("window.scrollY");

describe("the course map and the pages it opens", () => {
  it("jumps to a module, opens a page at its top, and Back returns to the same place", async () => {
    await page.goto(`${url}/#/course/python-backend`);
    const jump = page.locator("[data-testid=module-jump] button");
    await jump.first().waitFor();
    expect(await jump.count()).toBeGreaterThanOrEqual(9);
    await jump.nth(5).click();
    await expect.poll(scrollY).toBeGreaterThan(1000);
    const section = page.locator("#module-5");
    expect((await section.boundingBox())!.y).toBeLessThan(100);
    const left = await scrollY();

    const link = section.locator('a[href^="#/lesson/"], a[href^="#/exercise/"]').first();
    await link.click();
    await page.waitForSelector("h1");
    await page.waitForSelector(".crumb");
    await expect.poll(scrollY).toBe(0);

    await page.goBack();
    await page.waitForSelector("[data-testid=module-jump]");
    await expect.poll(scrollY).toBe(left);

    // The way back without the browser's button.
    await page.goForward();
    await page.click(".crumb a");
    await page.waitForSelector("[data-testid=module-jump]");
    await expect.poll(scrollY).toBe(0);
  }, 60_000);
});
